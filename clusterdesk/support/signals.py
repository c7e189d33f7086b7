"""Keep the search index right when other apps change what support entries show.

The support services index their own writes. The changes that come from elsewhere:
- a record deleted by a cascade (an organisation deleted with its cases; there is no delete
  service for referrals, roadmaps or actions): its entry goes in the same transaction, and
  a deleted action leaves its roadmap's entry;
- an organisation renamed (or merged into): its cases' titles, its needs', referrals' and
  roadmaps' entries, and the referrals sent to it, hold its name;
- an agency team renamed: the referrals sent to it hold its name.
"""

from __future__ import annotations

from typing import Any

from django.db.models.signals import post_delete, post_save

from clusterdesk.catalogue.models import AgencyTeam
from clusterdesk.core import search
from clusterdesk.organisations.models import Organisation
from clusterdesk.support.models import Action, Need, Referral, Roadmap, SupportCase


def _remove_entry(sender: Any, instance: Any, **kwargs: Any) -> None:
    search.remove(instance)


def _reindex_roadmap_of(sender: Any, instance: Action, **kwargs: Any) -> None:
    """An action deleted: its roadmap's entry loses its description (and goes, when the
    roadmap is deleted too: `index` removes a record that no longer exists)."""
    search.index(Roadmap(pk=instance.roadmap_id))


def _reindex_for_organisation(sender: Any, instance: Organisation, **kwargs: Any) -> None:
    if kwargs.get("raw") or kwargs.get("created"):
        return
    cases = SupportCase.objects.filter(organisation=instance)
    if cases.exists():
        search.index_many(cases)
        search.index_many(Need.objects.filter(case__organisation=instance))
        search.index_many(Referral.objects.filter(case__organisation=instance))
        search.index_many(Roadmap.objects.filter(case__organisation=instance))
    search.index_many(Referral.objects.filter(target_organisation=instance))


def _reindex_for_team(sender: Any, instance: AgencyTeam, **kwargs: Any) -> None:
    if kwargs.get("raw") or kwargs.get("created"):
        return
    search.index_many(Referral.objects.filter(target_team=instance))


def connect() -> None:
    for model in (SupportCase, Need, Referral, Roadmap):
        post_delete.connect(
            _remove_entry, sender=model, dispatch_uid=f"support.{model._meta.model_name}-unindex"
        )
    post_delete.connect(_reindex_roadmap_of, sender=Action, dispatch_uid="support.action-unindex")
    post_save.connect(
        _reindex_for_organisation, sender=Organisation, dispatch_uid="support.organisation-renamed"
    )
    post_save.connect(_reindex_for_team, sender=AgencyTeam, dispatch_uid="support.team-renamed")

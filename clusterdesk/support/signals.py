"""Keep the search index right when other apps change what support entries show.

The support services index their own writes. Two changes come from elsewhere:
- an organisation deleted with its cases (the foreign key cascades): their entries and
  their needs' entries go with them, in the same transaction;
- an organisation renamed: its cases' titles (and needs' bodies) hold its name.
"""

from __future__ import annotations

from typing import Any

from django.db.models.signals import post_delete, post_save

from clusterdesk.core import search
from clusterdesk.organisations.models import Organisation
from clusterdesk.support.models import Need, SupportCase


def _remove_entry(sender: Any, instance: Any, **kwargs: Any) -> None:
    search.remove(instance)


def _reindex_cases_of(sender: Any, instance: Organisation, **kwargs: Any) -> None:
    if kwargs.get("raw") or kwargs.get("created"):
        return
    cases = SupportCase.objects.filter(organisation=instance)
    if cases.exists():
        search.index_many(cases)
        search.index_many(Need.objects.filter(case__organisation=instance))


def connect() -> None:
    post_delete.connect(_remove_entry, sender=SupportCase, dispatch_uid="support.case-unindex")
    post_delete.connect(_remove_entry, sender=Need, dispatch_uid="support.need-unindex")
    post_save.connect(
        _reindex_cases_of, sender=Organisation, dispatch_uid="support.organisation-renamed"
    )

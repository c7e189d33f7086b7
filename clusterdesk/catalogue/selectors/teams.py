"""Reads of agency teams, scoped by the permission policy."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.db.models import Count, Prefetch, QuerySet
from django.http import Http404

from clusterdesk.catalogue import permissions as team_permissions
from clusterdesk.catalogue.models import AgencyTeam
from clusterdesk.core import permissions


def _members() -> Prefetch:
    users = get_user_model().objects.order_by("first_name", "last_name", "username")
    return Prefetch("members", queryset=users)


def team_list(*, user: Any) -> QuerySet[AgencyTeam]:
    """Every team with its members (403 for a role that sees none)."""
    permissions.ensure_allowed(team_permissions.can_list_teams(user))
    queryset = team_permissions.visible_teams(user, AgencyTeam.objects.all())
    return (
        queryset.annotate(member_count=Count("members", distinct=True))
        .prefetch_related(_members())
        .order_by("name")
    )


def _get(user: Any, **lookup: Any) -> AgencyTeam:
    team = AgencyTeam.objects.prefetch_related(_members()).filter(**lookup).first()
    if team is None:
        raise Http404
    permissions.ensure(user, permissions.Action.VIEW, team)
    return team


def team_get(*, user: Any, slug: str) -> AgencyTeam:
    return _get(user, slug=slug)


def team_get_by_id(*, user: Any, uuid: Any) -> AgencyTeam:
    return _get(user, uuid=uuid)


def teams_of(user: Any) -> QuerySet[AgencyTeam]:
    """The teams `user` is a member of."""
    return AgencyTeam.objects.filter(pk__in=team_permissions.team_ids_of(user)).order_by("name")

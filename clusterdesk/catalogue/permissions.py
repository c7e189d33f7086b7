"""Who sees and manages agency teams (registered with the one permission policy).

- admins, cluster managers and agency experts see the teams and their members;
- only admins create teams and change them (names, mailbox, members);
- ministry analysts see no team (403 on the list, 404 on a team's page).
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from clusterdesk.core import permissions
from clusterdesk.core.permissions import Action


def can_list_teams(user: Any) -> bool:
    return permissions.reads_directory(user)


def can_view_team(user: Any, team: Any) -> bool:
    return permissions.reads_directory(user)


def can_manage_teams(user: Any) -> bool:
    return permissions.is_admin(user)


def visible_teams(user: Any, queryset: QuerySet[Any]) -> QuerySet[Any]:
    return queryset if can_list_teams(user) else queryset.none()


def team_ids_of(user: Any) -> frozenset[int]:
    """Ids of the teams `user` is a member of, cached on the user object for the request."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return frozenset()
    cached = getattr(user, "_agency_team_ids", None)
    if cached is None:
        cached = frozenset(user.agency_teams.values_list("id", flat=True))
        user._agency_team_ids = cached
    return cached


def register_rules() -> None:
    permissions.register("catalogue.AgencyTeam", Action.VIEW, can_view_team)
    permissions.register("catalogue.AgencyTeam", Action.CHANGE, lambda u, _t: can_manage_teams(u))
    permissions.register("catalogue.AgencyTeam", Action.DELETE, lambda u, _t: can_manage_teams(u))

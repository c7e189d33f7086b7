"""Who sees and changes the catalogue (registered with the one permission policy).

Agency teams:
- admins, cluster managers and agency experts see the teams and their members;
- only admins create teams and change them (names, mailbox, services, members);
- ministry analysts see no team (403 on the list, 404 on a team's page).

Support instruments, training programmes and calls for projects:
- everyone on the staff (admins, managers, experts, analysts) reads all of them;
- admins and agency experts create, change and delete them;
- the public (not signed in) reads the active instruments and trainings and every call,
  on the public pages; an inactive one is a 404 for them. The API and the exports are for
  the staff only, and the global search for admins, managers and experts (analysts have
  no search).

Service provider profiles describe organisations of the directory and the outcomes of the
referrals sent to them, so they follow the directory: admins, managers and experts read
them, admins and experts change them, analysts and the public see none.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from clusterdesk.accounts.models import Role
from clusterdesk.core import permissions
from clusterdesk.core.permissions import Action

OFFER_MODELS = ("catalogue.SupportInstrument", "catalogue.TrainingProgramme", "catalogue.Call")


# --- agency teams -----------------------------------------------------------------------------


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


# --- instruments, trainings, calls --------------------------------------------------------------


def is_staff_member(user: Any) -> bool:
    """Signed in, active, with a role: admins, managers, experts and analysts."""
    return permissions.is_admin(user) or (
        bool(getattr(user, "is_authenticated", False))
        and user.is_active
        and user.role in Role.values
    )


def is_expert(user: Any) -> bool:
    return (
        bool(getattr(user, "is_authenticated", False))
        and user.is_active
        and not user.is_superuser
        and user.role == Role.EXPERT
    )


def reads_catalogue(user: Any) -> bool:
    """The whole catalogue, inactive offers included, its exports and its API."""
    return is_staff_member(user)


def edits_catalogue(user: Any) -> bool:
    """Creating, changing and deleting instruments, trainings, calls and provider profiles."""
    return permissions.is_admin(user) or is_expert(user)


def can_view_offer(user: Any, offer: Any) -> bool:
    """Staff see every offer; the public the active ones (calls have no `active`)."""
    return reads_catalogue(user) or bool(getattr(offer, "active", True))


def visible_offers(user: Any, queryset: QuerySet[Any]) -> QuerySet[Any]:
    """What a list of instruments, trainings or calls shows `user`."""
    if reads_catalogue(user):
        return queryset
    if any(field.name == "active" for field in queryset.model._meta.fields):
        return queryset.filter(active=True)
    return queryset


def searchable_offers(user: Any, queryset: QuerySet[Any]) -> QuerySet[Any]:
    """The global search is for those who work with records (admins, managers, experts):
    analysts, who have no search, and the public browse the catalogue's own pages."""
    return queryset if permissions.reads_directory(user) else queryset.none()


# --- service provider profiles ------------------------------------------------------------------


def reads_providers(user: Any) -> bool:
    return permissions.reads_directory(user)


def can_view_provider(user: Any, profile: Any) -> bool:
    return reads_providers(user)


def visible_providers(user: Any, queryset: QuerySet[Any]) -> QuerySet[Any]:
    return queryset if reads_providers(user) else queryset.none()


def _edits(user: Any, _record: Any) -> bool:
    return edits_catalogue(user)


def register_rules() -> None:
    permissions.register("catalogue.AgencyTeam", Action.VIEW, can_view_team)
    permissions.register("catalogue.AgencyTeam", Action.CHANGE, lambda u, _t: can_manage_teams(u))
    permissions.register("catalogue.AgencyTeam", Action.DELETE, lambda u, _t: can_manage_teams(u))
    for label in OFFER_MODELS:
        permissions.register(label, Action.VIEW, can_view_offer)
        permissions.register(label, Action.CHANGE, _edits)
        permissions.register(label, Action.DELETE, _edits)
    permissions.register("catalogue.ServiceProviderProfile", Action.VIEW, can_view_provider)
    permissions.register("catalogue.ServiceProviderProfile", Action.CHANGE, _edits)
    permissions.register("catalogue.ServiceProviderProfile", Action.DELETE, _edits)

"""The permission policy: the one place that answers "may this user …?".

Roles (accounts.Role):
- agency admin: everything;
- cluster manager: reads the whole directory (every cluster's organisations and contacts),
  writes what belongs to their clusters (organisations with a membership in one of them,
  or that they own), and alone with admins sees their clusters' confidential records;
- agency expert: reads the directory, writes nothing in it;
- ministry analyst: aggregates only (cluster names and counts), no records, no personal data.

Views and the API call `ensure(user, action, obj)`: an object the user may not see is a 404
(its existence is not revealed), one they see but may not change is a 403. Lists call
`ensure_allowed(...)` (403) and scope their queryset with the `visible_*` functions.
"""

from __future__ import annotations

from collections.abc import Callable
from enum import StrEnum
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied
from django.db.models import Model, QuerySet
from django.http import Http404

if TYPE_CHECKING:
    from clusterdesk.organisations.models import Cluster, Contact, Membership, Organisation


class Action(StrEnum):
    VIEW = "view"
    CHANGE = "change"
    DELETE = "delete"


# --- who is who ---------------------------------------------------------------------------


def _role(user: Any) -> str:
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return ""
    if user.is_superuser:
        return "admin"
    return str(user.role)


def is_admin(user: Any) -> bool:
    return _role(user) == "admin"


def is_manager(user: Any) -> bool:
    return _role(user) == "manager"


def reads_directory(user: Any) -> bool:
    """Admins, managers and experts read organisations and contacts; analysts do not."""
    return _role(user) in {"admin", "manager", "expert"}


def managed_cluster_ids(user: Any) -> frozenset[int]:
    """Ids of the clusters `user` manages, cached on the user object for the request."""
    if not is_manager(user):
        return frozenset()
    cached = getattr(user, "_managed_cluster_ids", None)
    if cached is None:
        cached = frozenset(user.managed_clusters.values_list("id", flat=True))
        user._managed_cluster_ids = cached
    return cached


# --- clusters -----------------------------------------------------------------------------


def can_list_clusters(user: Any) -> bool:
    return _role(user) != ""


def can_view_cluster(user: Any, cluster: Cluster) -> bool:
    return reads_directory(user)


def can_manage_clusters(user: Any) -> bool:
    return is_admin(user)


def can_view_confidential(user: Any, cluster: Cluster | int | None) -> bool:
    """Confidential records of a cluster: its managers and admins only."""
    if is_admin(user):
        return True
    if cluster is None:
        return False
    cluster_id = cluster if isinstance(cluster, int) else cluster.pk
    return cluster_id in managed_cluster_ids(user)


def can_manage_memberships(user: Any, cluster: Cluster) -> bool:
    return is_admin(user) or cluster.pk in managed_cluster_ids(user)


# --- organisations ------------------------------------------------------------------------


def can_create_organisation(user: Any) -> bool:
    return is_admin(user) or is_manager(user)


def can_view_organisation(user: Any, organisation: Organisation) -> bool:
    return reads_directory(user)


def _organisation_cluster_ids(organisation: Organisation) -> set[int]:
    return {membership.cluster_id for membership in organisation.memberships.all()}


def can_change_organisation(user: Any, organisation: Organisation) -> bool:
    if is_admin(user):
        return True
    if not is_manager(user):
        return False
    if organisation.owner_id == user.pk:
        return True
    return bool(_organisation_cluster_ids(organisation) & managed_cluster_ids(user))


def can_delete_organisation(user: Any, organisation: Organisation) -> bool:
    """Managers may delete only what no other cluster holds a membership of."""
    if is_admin(user):
        return True
    if not can_change_organisation(user, organisation):
        return False
    return _organisation_cluster_ids(organisation) <= managed_cluster_ids(user)


# --- contacts -----------------------------------------------------------------------------


def can_create_contact(user: Any) -> bool:
    return is_admin(user) or is_manager(user)


def can_view_contact(user: Any, contact: Contact) -> bool:
    return reads_directory(user)


def can_change_contact(user: Any, contact: Contact) -> bool:
    """A contact is writable by whoever may change one of their organisations."""
    if is_admin(user):
        return True
    if not is_manager(user):
        return False
    organisations = [affiliation.organisation for affiliation in contact.affiliations.all()]
    if not organisations:
        return True
    return any(can_change_organisation(user, organisation) for organisation in organisations)


# --- memberships --------------------------------------------------------------------------


def can_view_membership(user: Any, membership: Membership) -> bool:
    return reads_directory(user)


def can_change_membership(user: Any, membership: Membership) -> bool:
    return can_manage_memberships(user, membership.cluster)


# --- scopes: which records a user may see ----------------------------------------------------


def visible_organisations(user: Any, queryset: QuerySet[Any]) -> QuerySet[Any]:
    return queryset if reads_directory(user) else queryset.none()


def visible_contacts(user: Any, queryset: QuerySet[Any]) -> QuerySet[Any]:
    return queryset if reads_directory(user) else queryset.none()


def visible_clusters(user: Any, queryset: QuerySet[Any]) -> QuerySet[Any]:
    return queryset if can_list_clusters(user) else queryset.none()


# --- one entry point for views and the API -------------------------------------------------

Rule = Callable[[Any, Any], bool]

RULES: dict[tuple[str, Action], Rule] = {
    ("organisations.Cluster", Action.VIEW): can_view_cluster,
    ("organisations.Cluster", Action.CHANGE): lambda user, _obj: can_manage_clusters(user),
    ("organisations.Cluster", Action.DELETE): lambda user, _obj: can_manage_clusters(user),
    ("organisations.Organisation", Action.VIEW): can_view_organisation,
    ("organisations.Organisation", Action.CHANGE): can_change_organisation,
    ("organisations.Organisation", Action.DELETE): can_delete_organisation,
    ("organisations.Contact", Action.VIEW): can_view_contact,
    ("organisations.Contact", Action.CHANGE): can_change_contact,
    ("organisations.Contact", Action.DELETE): can_change_contact,
    ("organisations.Membership", Action.VIEW): can_view_membership,
    ("organisations.Membership", Action.CHANGE): can_change_membership,
    ("organisations.Membership", Action.DELETE): can_change_membership,
}


def register(label: str, action: Action, rule: Rule) -> None:
    """Later apps add the rules of their own models here, at import of their `permissions`."""
    RULES[(label, action)] = rule


def can(user: Any, action: Action, obj: Model) -> bool:
    rule = RULES.get((obj._meta.label, action))
    if rule is None:
        raise LookupError(f"No permission rule for {action} on {obj._meta.label}")
    return rule(user, obj)


def ensure(user: Any, action: Action, obj: Model) -> None:
    """404 when `user` may not see `obj`, 403 when they see it but may not do `action`."""
    if not can(user, Action.VIEW, obj):
        raise Http404
    if action != Action.VIEW and not can(user, action, obj):
        raise PermissionDenied


def ensure_allowed(allowed: bool) -> None:
    """403 for a page or action the user's role does not give them (lists, create forms)."""
    if not allowed:
        raise PermissionDenied


# --- merging duplicates ---------------------------------------------------------------------


def ensure_can_merge(user: Any, survivor: Model, loser: Model) -> None:
    """Merging changes the survivor and deletes the loser: the user must be allowed to change
    both. 404 for a record they may not see, 403 for one they may not change (so a manager
    merges only records of their clusters or that they own; admins merge anything)."""
    ensure(user, Action.CHANGE, survivor)
    ensure(user, Action.CHANGE, loser)

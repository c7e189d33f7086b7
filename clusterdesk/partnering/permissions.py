"""Who sees and changes partner listings (registered with the one permission policy).

Matchmaking is across clusters, so listings are not confidential:
- agency admins see and change every listing;
- cluster managers see every listing; they record listings of any organisation under a
  cluster they manage (like interactions), and change those of their clusters or that they
  recorded;
- agency experts see every listing and change none;
- ministry analysts see none (404 on a listing, 403 on lists and forms).

On the matchmaking page managers see the pairs of which at least one side concerns their
clusters (its organisation is a current member of one, or it was recorded under one);
admins and experts see every pair.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from clusterdesk.core import permissions
from clusterdesk.core.permissions import Action, is_admin, is_manager, managed_cluster_ids


def reads_listings(user: Any) -> bool:
    """Admins, managers and experts read listings and pairs; analysts do not."""
    return permissions.reads_directory(user)


def can_create_listing(user: Any) -> bool:
    """Admins, and managers of at least one cluster (the cluster scopes the listing)."""
    return is_admin(user) or bool(managed_cluster_ids(user))


def can_use_cluster(user: Any, cluster_id: int | None) -> bool:
    """Whether `user` may record a listing under this cluster."""
    if cluster_id is None:
        return False
    return is_admin(user) or cluster_id in managed_cluster_ids(user)


def can_view_listing(user: Any, listing: Any) -> bool:
    return reads_listings(user)


def can_change_listing(user: Any, listing: Any) -> bool:
    if is_admin(user):
        return True
    if not is_manager(user):
        return False
    if listing.created_by_id is not None and listing.created_by_id == user.pk:
        return True
    return listing.cluster_id in managed_cluster_ids(user)


def visible_listings(user: Any, queryset: QuerySet[Any]) -> QuerySet[Any]:
    return queryset if reads_listings(user) else queryset.none()


def sees_every_pair(user: Any) -> bool:
    """Admins and experts see every pair; managers those of their clusters."""
    return reads_listings(user) and not is_manager(user)


def register_rules() -> None:
    permissions.register("partnering.PartnerListing", Action.VIEW, can_view_listing)
    permissions.register("partnering.PartnerListing", Action.CHANGE, can_change_listing)
    permissions.register("partnering.PartnerListing", Action.DELETE, can_change_listing)

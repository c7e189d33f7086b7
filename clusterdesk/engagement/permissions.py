"""Who may see and change interactions, follow-ups and cadence rules (registered with the
one permission policy, `core.permissions`).

- agency admins: everything;
- cluster managers read every interaction and follow-up of the directory except the
  confidential ones of clusters they do not manage; they log interactions and follow-ups
  in the clusters they manage, and change those of their clusters or that they created
  (follow-ups: also those they own);
- agency experts read the non-confidential ones and change nothing;
- ministry analysts see none (404 on a record, 403 on lists and forms).

A follow-up that came from a confidential interaction is as confidential as it.
Cadence rules are managed by admins; the attention list is for admins and managers.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from clusterdesk.core import permissions
from clusterdesk.core.permissions import Action, is_admin, is_manager, managed_cluster_ids

# --- interactions ----------------------------------------------------------------------------


def can_list_interactions(user: Any) -> bool:
    return permissions.reads_directory(user)


def can_log_interaction(user: Any) -> bool:
    """Admins, and managers of at least one cluster (the cluster scopes the record)."""
    return is_admin(user) or bool(managed_cluster_ids(user))


def can_use_cluster(user: Any, cluster_id: int | None) -> bool:
    """Whether `user` may file a record under this cluster."""
    if cluster_id is None:
        return False
    return is_admin(user) or cluster_id in managed_cluster_ids(user)


def can_view_interaction(user: Any, interaction: Any) -> bool:
    if not permissions.reads_directory(user):
        return False
    if interaction.confidential:
        return permissions.can_view_confidential(user, interaction.cluster_id)
    return True


def can_change_interaction(user: Any, interaction: Any) -> bool:
    if is_admin(user):
        return True
    if not is_manager(user):
        return False
    if interaction.created_by_id is not None and interaction.created_by_id == user.pk:
        return True
    return interaction.cluster_id in managed_cluster_ids(user)


def visible_interactions(user: Any, queryset: QuerySet[Any]) -> QuerySet[Any]:
    """The interactions `user` may see: all for admins, none for analysts, the others
    without the confidential ones of clusters they do not manage."""
    if not permissions.reads_directory(user):
        return queryset.none()
    if is_admin(user):
        return queryset
    return queryset.filter(Q(confidential=False) | Q(cluster_id__in=managed_cluster_ids(user)))


# --- follow-ups ------------------------------------------------------------------------------


def can_create_follow_up(user: Any) -> bool:
    return can_log_interaction(user)


def can_view_follow_up(user: Any, follow_up: Any) -> bool:
    if not permissions.reads_directory(user):
        return False
    interaction = follow_up.interaction if follow_up.interaction_id else None
    return interaction is None or can_view_interaction(user, interaction)


def can_change_follow_up(user: Any, follow_up: Any) -> bool:
    if is_admin(user):
        return True
    if not is_manager(user):
        return False
    if user.pk in (follow_up.owner_id, follow_up.created_by_id):
        return True
    return follow_up.cluster_id in managed_cluster_ids(user)


def visible_follow_ups(user: Any, queryset: QuerySet[Any]) -> QuerySet[Any]:
    if not permissions.reads_directory(user):
        return queryset.none()
    if is_admin(user):
        return queryset
    return queryset.filter(
        Q(interaction__isnull=True)
        | Q(interaction__confidential=False)
        | Q(interaction__cluster_id__in=managed_cluster_ids(user))
    )


# --- cadence rules, the attention list, my week ----------------------------------------------


def can_manage_cadence_rules(user: Any) -> bool:
    return is_admin(user)


def can_see_attention(user: Any) -> bool:
    return is_admin(user) or is_manager(user)


def can_see_agenda(user: Any) -> bool:
    """ "My week", the calendar feed: every role but the ministry analyst."""
    return permissions.reads_directory(user)


def _own_feed(user: Any, feed: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False)) and feed.user_id == user.pk


def register_rules() -> None:
    for label, view, change in (
        ("engagement.Interaction", can_view_interaction, can_change_interaction),
        ("engagement.FollowUp", can_view_follow_up, can_change_follow_up),
    ):
        permissions.register(label, Action.VIEW, view)
        permissions.register(label, Action.CHANGE, change)
        permissions.register(label, Action.DELETE, change)
    for action in (Action.VIEW, Action.CHANGE, Action.DELETE):
        permissions.register(
            "engagement.CadenceRule", action, lambda user, _rule: can_manage_cadence_rules(user)
        )
        permissions.register("engagement.CalendarFeed", action, _own_feed)

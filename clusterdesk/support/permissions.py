"""Who sees and changes support journeys (registered with the one permission policy).

Support cases are not confidential:
- admins see and change everything;
- cluster managers see every case, and change those of the clusters they manage or that
  they own, with their needs, referrals, roadmap and actions;
- agency experts see every case and change nothing, except the referrals sent to a team
  they are a member of: those they answer (accept, decline, progress, outcome);
- ministry analysts see no case (404 on a record's page, 403 on lists and forms).

A referral is *answered* by the members of its target team, and recorded by whoever may
change the case (an external provider does not sign in).
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404

from clusterdesk.catalogue.permissions import team_ids_of
from clusterdesk.core import permissions
from clusterdesk.core.permissions import Action
from clusterdesk.organisations.models import Cluster


def reads_journeys(user: Any) -> bool:
    """Admins, managers and experts read support journeys; analysts do not."""
    return permissions.reads_directory(user)


def can_create_case(user: Any) -> bool:
    return permissions.is_admin(user) or permissions.is_manager(user)


def case_clusters(user: Any, keep: int | None = None) -> QuerySet[Cluster]:
    """The clusters in which `user` may open a case or move one to: all for admins, the
    ones they manage for managers, none for others; plus `keep` (a case's own cluster,
    which the owner of a case in another cluster may keep)."""
    clusters = Cluster.objects.order_by("name")
    if permissions.is_admin(user):
        return clusters
    allowed = set(permissions.managed_cluster_ids(user))
    if keep is not None:
        allowed.add(keep)
    return clusters.filter(pk__in=allowed)


def can_view_case(user: Any, case: Any) -> bool:
    return reads_journeys(user)


def can_change_case(user: Any, case: Any) -> bool:
    if permissions.is_admin(user):
        return True
    if not permissions.is_manager(user):
        return False
    return case.owner_id == user.pk or case.cluster_id in permissions.managed_cluster_ids(user)


def _case_rule(check: Any) -> Any:
    """A rule for a record of a case (need, referral, roadmap, action): the case's rule."""
    return lambda user, record: check(user, case_of(record))


def case_of(record: Any) -> Any:
    if hasattr(record, "roadmap_id") and not hasattr(record, "case_id"):
        return record.roadmap.case
    return record.case


def is_team_member_for(user: Any, referral: Any) -> bool:
    """Whether `user` is a member of the agency team `referral` is sent to."""
    return bool(referral.target_team_id) and referral.target_team_id in team_ids_of(user)


def can_answer_referral(user: Any, referral: Any) -> bool:
    """Accept, decline, report progress and outcome: the target team's members (any role
    that reads journeys), and whoever may change the case."""
    if can_change_case(user, referral.case):
        return True
    return reads_journeys(user) and is_team_member_for(user, referral)


def ensure_can_answer(user: Any, referral: Any) -> None:
    """404 for a referral `user` may not see, 403 for one they see but may not answer."""
    if not can_view_case(user, referral.case):
        raise Http404
    if not can_answer_referral(user, referral):
        raise PermissionDenied


def visible_cases(user: Any, queryset: QuerySet[Any]) -> QuerySet[Any]:
    return queryset if reads_journeys(user) else queryset.none()


# Needs, referrals, roadmaps and actions are seen by whoever sees their case.
visible_case_records = visible_cases


def register_rules() -> None:
    for label in ("support.Need", "support.Referral", "support.Roadmap", "support.Action"):
        permissions.register(label, Action.VIEW, _case_rule(can_view_case))
        permissions.register(label, Action.CHANGE, _case_rule(can_change_case))
        permissions.register(label, Action.DELETE, _case_rule(can_change_case))
    permissions.register("support.SupportCase", Action.VIEW, can_view_case)
    permissions.register("support.SupportCase", Action.CHANGE, can_change_case)
    permissions.register("support.SupportCase", Action.DELETE, can_change_case)

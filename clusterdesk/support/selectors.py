"""Reads of the support journey, scoped by the permission policy.

Each list selector owns its `select_related` and counts (subqueries), so a list page runs
the same number of queries whatever its size.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.db.models import (
    Case,
    Count,
    IntegerField,
    Model,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce, Lower
from django.http import Http404
from django.utils import timezone

from clusterdesk.catalogue.permissions import team_ids_of
from clusterdesk.core import permissions
from clusterdesk.support import states
from clusterdesk.support.models import (
    OPEN_ACTION_STATUSES,
    Action,
    ActionStatus,
    Need,
    NeedStatus,
    Referral,
    Roadmap,
    StateChange,
    SupportCase,
)
from clusterdesk.support.permissions import reads_journeys, visible_case_records, visible_cases


def count_of(model: type[Model], link: str, **lookups: Any) -> Coalesce:
    """The number of `model` rows whose `link` is the outer row, as a subquery (no GROUP BY
    over the outer query's joins)."""
    rows = (
        model._default_manager.filter(**{link: OuterRef("pk")}, **lookups)
        .order_by()
        .values(link)
        .annotate(total=Count("pk"))
        .values("total")
    )
    return Coalesce(Subquery(rows, output_field=IntegerField()), 0)


def _words(queryset: QuerySet[Any], q: str, *fields: str) -> QuerySet[Any]:
    for word in q.split()[:10]:
        match = Q()
        for field in fields:
            match |= Q(**{f"{field}__icontains": word})
        queryset = queryset.filter(match)
    return queryset


# --- cases ------------------------------------------------------------------------------------

CASE_SORTS: dict[str, list[Any]] = {
    "opened": ["opened_on", "id"],
    "-opened": ["-opened_on", "-id"],
    "organisation": [Lower("organisation__legal_name"), "-opened_on", "-id"],
    "-organisation": [Lower("organisation__legal_name").desc(), "-opened_on", "-id"],
    "updated": ["updated_at", "id"],
    "-updated": ["-updated_at", "-id"],
}
STATE_GROUPS = {"open": states.OPEN_STATES, "closed": states.CLOSED_STATES}


@dataclass(frozen=True)
class CaseFilters:
    """The filters of the case list; every one is a URL parameter."""

    q: str = ""
    state: str = ""  # a state, or "open" / "closed"
    cluster: str = ""  # cluster slug
    owner: str = ""  # "me"
    organisation: str = ""  # organisation uuid
    sort: str = "-opened"


def _filter_cases(queryset: QuerySet[SupportCase], filters: CaseFilters, user: Any) -> Any:
    queryset = _words(
        queryset,
        filters.q,
        "problem_statement",
        "organisation__legal_name",
        "organisation__trade_name",
    )
    if filters.state in STATE_GROUPS:
        queryset = queryset.filter(state__in=STATE_GROUPS[filters.state])
    elif filters.state:
        queryset = queryset.filter(state=filters.state)
    if filters.cluster:
        queryset = queryset.filter(cluster__slug=filters.cluster)
    if filters.owner == "me":
        queryset = queryset.filter(owner=user)
    if filters.organisation:
        queryset = queryset.filter(organisation__uuid=filters.organisation)
    return queryset


def case_list(*, user: Any, filters: CaseFilters) -> QuerySet[SupportCase]:
    """Cases the user may see, filtered, sorted, with their counts of needs."""
    permissions.ensure_allowed(reads_journeys(user))
    queryset = _filter_cases(visible_cases(user, SupportCase.objects.all()), filters, user)
    order = CASE_SORTS.get(filters.sort, CASE_SORTS["-opened"])
    return (
        queryset.order_by(*order)
        .select_related("organisation", "cluster", "owner")
        .annotate(
            need_count=count_of(Need, "case"),
            open_need_count=count_of(Need, "case", status=NeedStatus.OPEN),
            referral_count=count_of(Referral, "case"),
        )
    )


def case_get(*, user: Any, uuid: Any) -> SupportCase:
    """One case the user may see (404 otherwise)."""
    case = (
        SupportCase.objects.select_related("organisation", "cluster", "owner")
        .filter(uuid=uuid)
        .first()
    )
    if case is None:
        raise Http404
    permissions.ensure(user, permissions.Action.VIEW, case)
    return case


def case_needs(case: SupportCase) -> QuerySet[Need]:
    """The case's needs, open first, with their referrals and targets."""
    referrals = Referral.objects.select_related(
        "target_team", "target_organisation", "target_call", "target_training", "receiving_contact"
    ).order_by("created_at", "id")
    status_order = {NeedStatus.OPEN: 0, NeedStatus.ADDRESSED: 1, NeedStatus.CLOSED: 2}
    return (
        case.needs.annotate(
            status_rank=Case(
                *[When(status=key, then=Value(rank)) for key, rank in status_order.items()],
                default=Value(3),
                output_field=IntegerField(),
            )
        )
        .order_by("status_rank", "id")
        .prefetch_related(Prefetch("referrals", queryset=referrals))
    )


def case_history(case: SupportCase) -> QuerySet[StateChange]:
    return case.state_changes.select_related("by").order_by("at", "id")


def case_roadmap(case: SupportCase) -> Roadmap | None:
    """The case's roadmap with its actions (owners, linked needs and referrals), or None."""
    targets = Referral.objects.select_related(
        "target_team", "target_organisation", "target_call", "target_training"
    )
    actions = Action.objects.select_related("owner").prefetch_related(
        "needs", Prefetch("referrals", queryset=targets)
    )
    return (
        Roadmap.objects.filter(case=case)
        .prefetch_related(Prefetch("actions", queryset=actions.order_by("due_on", "id")))
        .first()
    )


# --- progress ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Progress:
    """Done actions of a roadmap out of those that count (dropped ones do not)."""

    done: int
    total: int
    overdue: int = 0

    @property
    def percent(self) -> int:
        return round(100 * self.done / self.total) if self.total else 0

    @property
    def step(self) -> int:
        """The percentage rounded to 5, for the progress bar's width class."""
        return 5 * round(self.percent / 5)


def progress_of(actions: list[Action], today: datetime.date | None = None) -> Progress:
    today = today or timezone.localdate()
    counted = [action for action in actions if action.status != ActionStatus.DROPPED]
    return Progress(
        done=sum(1 for action in counted if action.status == ActionStatus.DONE),
        total=len(counted),
        overdue=sum(1 for action in counted if action.is_overdue(today)),
    )


# --- needs ------------------------------------------------------------------------------------

NEED_SORTS: dict[str, list[Any]] = {
    "created": ["created_at", "id"],
    "-created": ["-created_at", "-id"],
    "organisation": [Lower("case__organisation__legal_name"), "id"],
    "-organisation": [Lower("case__organisation__legal_name").desc(), "-id"],
}


@dataclass(frozen=True)
class NeedFilters:
    q: str = ""
    status: str = ""
    theme: str = ""
    category: str = ""
    priority: str = ""
    cluster: str = ""  # the case's cluster slug
    case: str = ""  # case uuid
    owner: str = ""  # "me": needs of the cases I own
    sort: str = "-created"


def need_list(*, user: Any, filters: NeedFilters) -> QuerySet[Need]:
    permissions.ensure_allowed(reads_journeys(user))
    queryset = visible_case_records(user, Need.objects.all())
    queryset = _words(queryset, filters.q, "text", "case__organisation__legal_name")
    for name in ("status", "theme", "category", "priority"):
        value = getattr(filters, name)
        if value:
            queryset = queryset.filter(**{name: value})
    if filters.cluster:
        queryset = queryset.filter(case__cluster__slug=filters.cluster)
    if filters.case:
        queryset = queryset.filter(case__uuid=filters.case)
    if filters.owner == "me":
        queryset = queryset.filter(case__owner=user)
    order = NEED_SORTS.get(filters.sort, NEED_SORTS["-created"])
    return (
        queryset.order_by(*order)
        .select_related("case__organisation", "case__cluster", "case__owner")
        .annotate(referral_count=count_of(Referral, "need"))
    )


def _get(model: type[Model], user: Any, uuid: Any, related: tuple[str, ...]) -> Any:
    record = model._default_manager.select_related(*related).filter(uuid=uuid).first()
    if record is None:
        raise Http404
    permissions.ensure(user, permissions.Action.VIEW, record)
    return record


def need_get(*, user: Any, uuid: Any) -> Need:
    return _get(Need, user, uuid, ("case__organisation", "case__cluster", "case__owner"))


# --- referrals --------------------------------------------------------------------------------

REFERRAL_SORTS: dict[str, list[Any]] = {
    "created": ["created_at", "id"],
    "-created": ["-created_at", "-id"],
    "sent": ["sent_on", "id"],
    "-sent": ["-sent_on", "-id"],
    "organisation": [Lower("case__organisation__legal_name"), "-id"],
    "-organisation": [Lower("case__organisation__legal_name").desc(), "-id"],
}
REFERRAL_RELATED = (
    "case__organisation",
    "case__cluster",
    "case__owner",
    "need",
    "target_team",
    "target_organisation",
    "target_call",
    "target_training",
    "receiving_contact",
)


@dataclass(frozen=True)
class ReferralFilters:
    q: str = ""
    status: str = ""  # a status, or "waiting" (proposed or sent) / "open" (not final)
    kind: str = ""  # target kind
    team: str = ""  # team slug
    cluster: str = ""  # the case's cluster slug
    case: str = ""  # case uuid
    need: str = ""  # need uuid
    scope: str = ""  # "my-teams": sent to my teams; "my-cases": of cases I own
    sort: str = "-created"


REFERRAL_STATUS_GROUPS = {
    "waiting": states.WAITING_STATUSES,
    "open": frozenset(states.ReferralStatus) - states.FINAL_STATUSES,
}


def referral_list(*, user: Any, filters: ReferralFilters) -> QuerySet[Referral]:
    permissions.ensure_allowed(reads_journeys(user))
    queryset = visible_case_records(user, Referral.objects.all())
    queryset = _words(
        queryset,
        filters.q,
        "need__text",
        "case__organisation__legal_name",
        "target_organisation__legal_name",
        "target_team__name",
        "instrument_name",
        "target_call__external_id",
        "target_call__title",
        "target_training__title",
    )
    if filters.status in REFERRAL_STATUS_GROUPS:
        queryset = queryset.filter(status__in=REFERRAL_STATUS_GROUPS[filters.status])
    elif filters.status:
        queryset = queryset.filter(status=filters.status)
    if filters.kind:
        queryset = queryset.filter(target_kind=filters.kind)
    if filters.team:
        queryset = queryset.filter(target_team__slug=filters.team)
    if filters.cluster:
        queryset = queryset.filter(case__cluster__slug=filters.cluster)
    if filters.case:
        queryset = queryset.filter(case__uuid=filters.case)
    if filters.need:
        queryset = queryset.filter(need__uuid=filters.need)
    if filters.scope == "my-teams":
        # Only what was sent: a proposal is still the case holder's draft.
        queryset = queryset.filter(target_team__in=team_ids_of(user)).exclude(
            status=states.ReferralStatus.PROPOSED
        )
    elif filters.scope == "my-cases":
        queryset = queryset.filter(case__owner=user)
    order = REFERRAL_SORTS.get(filters.sort, REFERRAL_SORTS["-created"])
    return queryset.order_by(*order).select_related(*REFERRAL_RELATED)


def referral_get(*, user: Any, uuid: Any) -> Referral:
    return _get(Referral, user, uuid, REFERRAL_RELATED)


# --- roadmaps and actions ---------------------------------------------------------------------


def roadmap_get(*, user: Any, uuid: Any) -> Roadmap:
    return _get(Roadmap, user, uuid, ("case__organisation", "case__cluster", "case__owner"))


def roadmap_list(*, user: Any, case: str = "") -> QuerySet[Roadmap]:
    permissions.ensure_allowed(reads_journeys(user))
    queryset = visible_case_records(user, Roadmap.objects.all())
    if case:
        queryset = queryset.filter(case__uuid=case)
    return queryset.select_related("case__organisation").order_by("-created_at", "-id")


ACTION_RELATED = ("owner", "roadmap__case__organisation", "roadmap__case__cluster")


@dataclass(frozen=True)
class ActionFilters:
    roadmap: str = ""  # roadmap uuid
    case: str = ""  # case uuid
    owner: str = ""  # "me"
    status: str = ""  # a status, or "open" (planned or in progress)
    overdue: bool | None = None


def action_list(*, user: Any, filters: ActionFilters) -> QuerySet[Action]:
    permissions.ensure_allowed(reads_journeys(user))
    queryset = visible_case_records(user, Action.objects.all())
    if filters.roadmap:
        queryset = queryset.filter(roadmap__uuid=filters.roadmap)
    if filters.case:
        queryset = queryset.filter(roadmap__case__uuid=filters.case)
    if filters.owner == "me":
        queryset = queryset.filter(owner=user)
    if filters.status == "open":
        queryset = queryset.filter(status__in=OPEN_ACTION_STATUSES)
    elif filters.status:
        queryset = queryset.filter(status=filters.status)
    if filters.overdue is not None:
        overdue = Q(status__in=OPEN_ACTION_STATUSES, due_on__lt=timezone.localdate())
        queryset = queryset.filter(overdue) if filters.overdue else queryset.exclude(overdue)
    return (
        queryset.order_by("due_on", "id")
        .select_related(*ACTION_RELATED)
        .prefetch_related("needs", "referrals")
    )


def action_get(*, user: Any, uuid: Any) -> Action:
    return _get(Action, user, uuid, ACTION_RELATED)


def open_cases_of(organisation: Any) -> list[SupportCase]:
    """The organisation's cases that are not closed, newest first (callers check who may
    change each)."""
    return list(
        SupportCase.objects.filter(organisation=organisation)
        .exclude(state__in=states.CLOSED_STATES)
        .select_related("organisation", "cluster")
        .order_by("-opened_on", "-id")
    )

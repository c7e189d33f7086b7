"""Reads of interactions, follow-ups and the attention list, scoped by the permission
policy. Each selector owns its `select_related`/`prefetch_related`, so a list runs the same
number of queries whatever its length."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.db import connection
from django.db.models import Count, F, OuterRef, Prefetch, Q, QuerySet, Subquery, Window
from django.db.models.functions import Lower
from django.http import Http404
from django.utils import timezone

from clusterdesk.core import permissions
from clusterdesk.engagement import permissions as rules
from clusterdesk.engagement.models import CadenceRule, FollowUp, Interaction
from clusterdesk.organisations.models import Cluster, Contact, Membership, Organisation
from clusterdesk.organisations.selectors import current_membership_q

# --- interactions ----------------------------------------------------------------------------

INTERACTION_SORTS: dict[str, list[Any]] = {
    "-date": ["-occurred_on", "-id"],
    "date": ["occurred_on", "id"],
    "organisation": [Lower("organisation__legal_name"), "-occurred_on", "-id"],
    "-organisation": [Lower("organisation__legal_name").desc(), "-occurred_on", "-id"],
}


@dataclass(frozen=True)
class InteractionFilters:
    """The filters of the interaction list; every one is a URL parameter."""

    organisation: str = ""  # organisation uuid
    cluster: str = ""  # cluster slug
    kind: str = ""
    theme: str = ""
    date_from: datetime.date | None = None
    date_to: datetime.date | None = None
    mine: bool = False  # logged by me or with me taking part
    sort: str = "-date"


def with_theme(queryset: QuerySet[Interaction], theme: str) -> QuerySet[Interaction]:
    """Interactions tagged with `theme` (a JSON list): a containment test on PostgreSQL,
    the quoted value in the JSON text elsewhere."""
    if connection.vendor == "postgresql":
        return queryset.filter(themes__contains=[theme])
    return queryset.filter(themes__icontains=f'"{theme}"')


def _filter_interactions(
    queryset: QuerySet[Interaction], filters: InteractionFilters, user: Any
) -> QuerySet[Interaction]:
    if filters.organisation:
        queryset = queryset.filter(organisation__uuid=filters.organisation)
    if filters.cluster:
        queryset = queryset.filter(cluster__slug=filters.cluster)
    if filters.kind:
        queryset = queryset.filter(kind=filters.kind)
    if filters.theme:
        queryset = with_theme(queryset, filters.theme)
    if filters.date_from:
        queryset = queryset.filter(occurred_on__gte=filters.date_from)
    if filters.date_to:
        queryset = queryset.filter(occurred_on__lte=filters.date_to)
    if filters.mine:
        taking_part = Interaction.participants.through.objects.filter(user_id=user.pk)
        queryset = queryset.filter(
            Q(created_by_id=user.pk) | Q(pk__in=taking_part.values("interaction_id"))
        )
    return queryset


def _people() -> list[Prefetch]:
    return [
        Prefetch("contacts", queryset=Contact.objects.order_by("last_name", "first_name")),
        Prefetch("participants"),
    ]


def interaction_list(*, user: Any, filters: InteractionFilters) -> QuerySet[Interaction]:
    """Interactions the user may see, filtered and sorted, ready to paginate."""
    permissions.ensure_allowed(rules.can_list_interactions(user))
    queryset = rules.visible_interactions(user, Interaction.objects.all())
    queryset = _filter_interactions(queryset, filters, user)
    order = INTERACTION_SORTS.get(filters.sort, INTERACTION_SORTS["-date"])
    # Organisations and clusters come by prefetch, not by (inner) join: a join would let
    # SQLite start from the small cluster table and sort every interaction for one page.
    return (
        queryset.order_by(*order)
        .select_related("created_by")
        .prefetch_related("organisation", "cluster", *_people())
    )


def interaction_get(*, user: Any, uuid: Any) -> Interaction:
    """One interaction the user may see (404 otherwise), with what its page shows."""
    interaction = (
        Interaction.objects.select_related("organisation", "cluster", "created_by")
        .prefetch_related(*_people())
        .filter(uuid=uuid)
        .first()
    )
    if interaction is None:
        raise Http404
    permissions.ensure(user, permissions.Action.VIEW, interaction)
    return interaction


def recent_interactions(
    *, user: Any, organisation: Organisation, limit: int = 5
) -> list[Interaction]:
    """The latest interactions with `organisation` the user may see (company-file panel)."""
    queryset = rules.visible_interactions(
        user, Interaction.objects.filter(organisation=organisation)
    )
    return list(
        queryset.order_by("-occurred_on", "-id")
        .select_related("cluster", "created_by")
        .prefetch_related(*_people())[:limit]
    )


def loggable_clusters(user: Any) -> QuerySet[Cluster]:
    """The clusters `user` may file interactions and follow-ups under."""
    clusters = Cluster.objects.order_by("name")
    if permissions.is_admin(user):
        return clusters
    return clusters.filter(pk__in=permissions.managed_cluster_ids(user))


def default_cluster(user: Any, organisation: Organisation | None) -> Cluster | None:
    """The cluster a new record of `organisation` most likely belongs to: one of its
    current clusters that the user may file under, else the user's first one."""
    clusters = loggable_clusters(user)
    if organisation is not None:
        members = Membership.objects.filter(
            current_membership_q(), organisation=organisation
        ).values("cluster_id")
        shared = clusters.filter(pk__in=members).first()
        if shared is not None:
            return shared
    return clusters.first()


def organisation_contacts(organisation: Organisation | None) -> QuerySet[Contact]:
    """The contacts of `organisation`, the ones an interaction may name."""
    if organisation is None:
        return Contact.objects.none()
    return Contact.objects.filter(pk__in=organisation.affiliations.values("contact_id")).order_by(
        Lower("last_name"), Lower("first_name")
    )


# --- follow-ups ------------------------------------------------------------------------------

FOLLOW_UP_STATUSES = ("open", "overdue", "done", "all")
FOLLOW_UP_SORTS: dict[str, list[Any]] = {
    "due": [F("due_on").asc(nulls_last=True), "id"],
    "-due": [F("due_on").desc(nulls_last=True), "-id"],
    "organisation": [Lower("organisation__legal_name"), F("due_on").asc(nulls_last=True)],
}


@dataclass(frozen=True)
class FollowUpFilters:
    owner: str = "me"  # "me", or "" for anyone
    status: str = "open"  # open | overdue | done | all
    cluster: str = ""  # cluster slug
    organisation: str = ""  # organisation uuid
    sort: str = "due"


def follow_up_list(*, user: Any, filters: FollowUpFilters) -> QuerySet[FollowUp]:
    permissions.ensure_allowed(rules.can_list_interactions(user))
    queryset = rules.visible_follow_ups(user, FollowUp.objects.all())
    today = timezone.localdate()
    if filters.owner == "me":
        queryset = queryset.filter(owner_id=user.pk)
    if filters.status == "open":
        queryset = queryset.filter(done_on__isnull=True)
    elif filters.status == "overdue":
        queryset = queryset.filter(done_on__isnull=True, due_on__lt=today)
    elif filters.status == "done":
        queryset = queryset.filter(done_on__isnull=False)
    if filters.cluster:
        queryset = queryset.filter(cluster__slug=filters.cluster)
    if filters.organisation:
        queryset = queryset.filter(organisation__uuid=filters.organisation)
    order = FOLLOW_UP_SORTS.get(filters.sort, FOLLOW_UP_SORTS["due"])
    return (
        queryset.order_by(*order)
        .select_related("interaction")
        .prefetch_related("organisation", "cluster", "owner")
    )


def follow_up_get(*, user: Any, uuid: Any) -> FollowUp:
    follow_up = (
        FollowUp.objects.select_related("organisation", "cluster", "owner", "interaction")
        .filter(uuid=uuid)
        .first()
    )
    if follow_up is None:
        raise Http404
    permissions.ensure(user, permissions.Action.VIEW, follow_up)
    return follow_up


def open_follow_ups(*, user: Any, organisation: Organisation, limit: int = 5) -> list[FollowUp]:
    """The open follow-ups of `organisation` the user may see, soonest first (panel)."""
    queryset = rules.visible_follow_ups(
        user, FollowUp.objects.filter(organisation=organisation, done_on__isnull=True)
    )
    return list(
        queryset.order_by(F("due_on").asc(nulls_last=True), "id").select_related(
            "owner", "interaction"
        )[:limit]
    )


# --- cadence rules and the attention list ----------------------------------------------------


def cadence_rule_list(*, user: Any, active_only: bool = False) -> QuerySet[CadenceRule]:
    queryset = CadenceRule.objects.select_related("tag").order_by("name", "id")
    return queryset.filter(active=True) if active_only else queryset


def cadence_rule_get(*, user: Any, uuid: Any) -> CadenceRule:
    rule = CadenceRule.objects.select_related("tag").filter(uuid=uuid).first()
    if rule is None:
        raise Http404
    permissions.ensure(user, permissions.Action.VIEW, rule)
    return rule


def _attention_base(user: Any) -> QuerySet[Organisation]:
    """Organisations of the user's clusters and those they own (admins: all), each with
    `last_contact`: the date of the latest interaction with it that the user may see."""
    organisations = Organisation.objects.all()
    if not permissions.is_admin(user):
        members = Membership.objects.filter(
            current_membership_q(), cluster_id__in=permissions.managed_cluster_ids(user)
        )
        organisations = organisations.filter(
            Q(pk__in=members.values("organisation_id")) | Q(owner_id=user.pk)
        )
    latest = rules.visible_interactions(
        user, Interaction.objects.filter(organisation=OuterRef("pk"))
    ).order_by("-occurred_on")
    return organisations.annotate(last_contact=Subquery(latest.values("occurred_on")[:1]))


def _rule_q(rule: CadenceRule, today: datetime.date) -> Q:
    """Organisations the rule covers (its status and/or tag) not contacted for too long."""
    cutoff = today - datetime.timedelta(days=rule.max_days)
    condition = Q(last_contact__isnull=True) | Q(last_contact__lt=cutoff)
    if rule.status:
        condition &= Q(status=rule.status)
    if rule.tag_id is not None:
        tagged = Organisation.tags.through.objects.filter(tag_id=rule.tag_id)
        condition &= Q(pk__in=tagged.values("organisation_id"))
    return condition


@dataclass(frozen=True)
class AttentionRow:
    organisation: Organisation
    last_contact: datetime.date | None
    days: int | None  # days since the last contact; None when there was none


@dataclass(frozen=True)
class AttentionSection:
    rule: CadenceRule
    rows: list[AttentionRow]
    total: int


def attention_for_rule(
    *, user: Any, rule: CadenceRule, today: datetime.date | None = None
) -> QuerySet[Organisation]:
    """Organisations needing contact under `rule`, longest silence first (never first)."""
    permissions.ensure_allowed(rules.can_see_attention(user))
    day = today or timezone.localdate()
    return (
        _attention_base(user)
        .filter(_rule_q(rule, day))
        .order_by(F("last_contact").asc(nulls_first=True), Lower("legal_name"), "id")
    )


def attention_rows(organisations: Any, today: datetime.date | None = None) -> list[AttentionRow]:
    day = today or timezone.localdate()
    return [
        AttentionRow(
            organisation,
            organisation.last_contact,
            (day - organisation.last_contact).days if organisation.last_contact else None,
        )
        for organisation in organisations
    ]


def attention_sections(
    *, user: Any, limit: int = 20, today: datetime.date | None = None
) -> list[AttentionSection]:
    """Per active rule: the first `limit` organisations needing contact and how many there
    are in all, in one query per rule (the total is a window count over the same rows)."""
    permissions.ensure_allowed(rules.can_see_attention(user))
    day = today or timezone.localdate()
    sections = []
    for rule in cadence_rule_list(user=user, active_only=True):
        found = list(
            attention_for_rule(user=user, rule=rule, today=day).annotate(total=Window(Count("pk")))[
                :limit
            ]
        )
        total = found[0].total if found else 0
        sections.append(AttentionSection(rule, attention_rows(found, day), total))
    return sections


def attention_count(*, user: Any, today: datetime.date | None = None) -> int:
    """How many organisations need contact under any active rule (each counted once), in
    one query."""
    if not rules.can_see_attention(user):
        return 0
    day = today or timezone.localdate()
    active = list(cadence_rule_list(user=user, active_only=True))
    if not active:
        return 0
    condition = Q()
    for rule in active:
        condition |= _rule_q(rule, day)
    return _attention_base(user).filter(condition).count()

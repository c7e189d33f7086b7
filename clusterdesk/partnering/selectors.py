"""Reads of partner listings and of the pairs proposed among them, scoped by the
permission policy.

A list selector owns its `select_related`, so a list page runs the same number of queries
whatever its size. Pairs are computed (`pairing`) from the active listings at the time of
reading, two queries whatever their number: listings change rarely and there are hundreds,
not millions, of them (`matchmaking` turns records into the pairing's plain data).
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db import connection
from django.db.models import Q, QuerySet
from django.db.models.functions import Lower
from django.http import Http404
from django.utils import timezone

from clusterdesk.core import permissions
from clusterdesk.organisations.models import Cluster, Membership, Organisation
from clusterdesk.organisations.selectors import current_membership_q
from clusterdesk.partnering import matchmaking, pairing
from clusterdesk.partnering import permissions as rules
from clusterdesk.partnering.models import ListingStatus, PartnerListing

LISTING_SORTS: dict[str, list[Any]] = {
    "-created": ["-created_at", "-id"],
    "created": ["created_at", "id"],
    "title": [Lower("title"), "id"],
    "-title": [Lower("title").desc(), "-id"],
    "organisation": [Lower("organisation__legal_name"), "-created_at", "-id"],
    "-organisation": [Lower("organisation__legal_name").desc(), "-created_at", "-id"],
    "valid_until": ["valid_until", "-created_at", "-id"],
    "-valid_until": ["-valid_until", "-created_at", "-id"],
}
# "active": open and not past its end date, i.e. proposed to others.
STATUS_FILTERS = ("active", "expired", *ListingStatus.values)


@dataclass(frozen=True)
class ListingFilters:
    """The filters of the listing list; every one is a URL parameter."""

    q: str = ""
    direction: str = ""
    category: str = ""
    theme: str = ""
    status: str = ""  # a status, or "active" / "expired"
    cluster: str = ""  # cluster slug
    organisation: str = ""  # organisation uuid
    sort: str = "-created"


def _words(queryset: QuerySet[PartnerListing], q: str) -> QuerySet[PartnerListing]:
    for word in q.split()[:10]:
        queryset = queryset.filter(
            Q(title__icontains=word)
            | Q(description__icontains=word)
            | Q(keywords__icontains=word)
            | Q(organisation__legal_name__icontains=word)
            | Q(organisation__trade_name__icontains=word)
        )
    return queryset


def with_theme(queryset: QuerySet[PartnerListing], theme: str) -> QuerySet[PartnerListing]:
    """Listings tagged with `theme` (a JSON list): a containment test on PostgreSQL, the
    quoted value in the JSON text elsewhere."""
    if connection.vendor == "postgresql":
        return queryset.filter(themes__contains=[theme])
    return queryset.filter(themes__icontains=f'"{theme}"')


def active_q(today: datetime.date | None = None, prefix: str = "") -> Q:
    today = today or timezone.localdate()
    return Q(**{f"{prefix}status": ListingStatus.OPEN}) & (
        Q(**{f"{prefix}valid_until__isnull": True}) | Q(**{f"{prefix}valid_until__gte": today})
    )


def _status(queryset: QuerySet[PartnerListing], status: str) -> QuerySet[PartnerListing]:
    if status == "active":
        return queryset.filter(active_q())
    if status == "expired":
        return queryset.filter(status=ListingStatus.OPEN, valid_until__lt=timezone.localdate())
    return queryset.filter(status=status) if status else queryset


def _filter(queryset: QuerySet[PartnerListing], filters: ListingFilters) -> Any:
    queryset = _words(queryset, filters.q)
    if filters.direction:
        queryset = queryset.filter(direction=filters.direction)
    if filters.category:
        queryset = queryset.filter(category=filters.category)
    if filters.theme:
        queryset = with_theme(queryset, filters.theme)
    if filters.cluster:
        queryset = queryset.filter(cluster__slug=filters.cluster)
    if filters.organisation:
        queryset = queryset.filter(organisation__uuid=filters.organisation)
    return _status(queryset, filters.status)


def listing_list(*, user: Any, filters: ListingFilters) -> QuerySet[PartnerListing]:
    """Listings the user may see, filtered and sorted, ready to paginate."""
    permissions.ensure_allowed(rules.reads_listings(user))
    queryset = _filter(rules.visible_listings(user, PartnerListing.objects.all()), filters)
    order = LISTING_SORTS.get(filters.sort, LISTING_SORTS["-created"])
    return queryset.order_by(*order).select_related(
        "organisation", "cluster", "contact", "created_by"
    )


def listing_get(*, user: Any, uuid: Any) -> PartnerListing:
    """One listing the user may see (404 otherwise), with what its page shows."""
    listing = (
        PartnerListing.objects.select_related("organisation", "cluster", "contact", "created_by")
        .filter(uuid=uuid)
        .first()
    )
    if listing is None:
        raise Http404
    permissions.ensure(user, permissions.Action.VIEW, listing)
    return listing


def organisation_listings(
    *, user: Any, organisation: Organisation, limit: int
) -> list[PartnerListing]:
    """The organisation's listings, active ones first then the newest, at most `limit`
    (one query; the company-file panel)."""
    queryset = rules.visible_listings(
        user, PartnerListing.objects.filter(organisation=organisation)
    )
    listings = list(queryset.select_related("cluster").order_by("-created_at", "-id")[:limit])
    return sorted(listings, key=lambda listing: not listing.is_active())


def listing_clusters(user: Any, keep: int | None = None) -> QuerySet[Cluster]:
    """The clusters `user` may record a listing under (plus `keep`, a listing's own)."""
    clusters = Cluster.objects.order_by("name")
    if permissions.is_admin(user):
        return clusters
    allowed = set(permissions.managed_cluster_ids(user))
    if keep is not None:
        allowed.add(keep)
    return clusters.filter(pk__in=allowed)


def default_cluster(user: Any, organisation: Organisation | None) -> Cluster | None:
    """One of the organisation's current clusters that the user may use, else their first."""
    clusters = listing_clusters(user)
    if organisation is not None:
        members = Membership.objects.filter(
            current_membership_q(), organisation=organisation
        ).values("cluster_id")
        shared = clusters.filter(pk__in=members).first()
        if shared is not None:
            return shared
    return clusters.first()


# --- pairs ------------------------------------------------------------------------------------


def active_listings(today: datetime.date | None = None) -> list[PartnerListing]:
    """Every listing proposed to others now, with what a pair shows (one query)."""
    return list(
        PartnerListing.objects.filter(active_q(today))
        .select_related("organisation", "cluster")
        .order_by("id")
    )


def listing_pairs(
    *, user: Any, listing: PartnerListing, limit: int = pairing.DEFAULT_LIMIT
) -> list[matchmaking.PairRow]:
    """The counterparts proposed for `listing` (a listing the user may see), best first."""
    permissions.ensure(user, permissions.Action.VIEW, listing)
    if not listing.is_active():
        return []
    records = {record.pk: record for record in active_listings()}
    records.setdefault(listing.pk, listing)
    pairs = pairing.propose_for(
        matchmaking.as_listing(listing),
        [matchmaking.as_listing(record) for record in records.values()],
        limit=limit,
        similarity=matchmaking.similarity(),
        today=timezone.localdate(),
    )
    return [matchmaking.PairRow.of(pair, records, seen_from=listing.pk) for pair in pairs]


@dataclass(frozen=True)
class PairFilters:
    """The filters of the matchmaking page; every one is a URL parameter."""

    q: str = ""
    category: str = ""
    theme: str = ""
    cluster: str = ""  # cluster slug: either side recorded under it
    sort: str = "-score"


PAIR_SORTS = ("-score", "score", "request", "-request")


def _concerns_user(user: Any, records: Iterable[PartnerListing]) -> set[int]:
    """Ids of the listings that concern the user's clusters: recorded under one of them,
    or of an organisation that is a current member of one."""
    managed = permissions.managed_cluster_ids(user)
    records = list(records)
    members = set(
        Membership.objects.filter(
            current_membership_q(),
            cluster_id__in=managed,
            organisation_id__in={record.organisation_id for record in records},
        ).values_list("organisation_id", flat=True)
    )
    return {
        record.pk
        for record in records
        if record.cluster_id in managed or record.organisation_id in members
    }


def pair_list(*, user: Any, filters: PairFilters) -> list[matchmaking.PairRow]:
    """The pairs proposed across the member base that the user may see, filtered and
    sorted (three queries at most, whatever the number of pairs)."""
    permissions.ensure_allowed(rules.reads_listings(user))
    records = {record.pk: record for record in active_listings()}
    pairs = pairing.propose_pairs(
        [matchmaking.as_listing(record) for record in records.values()],
        similarity=matchmaking.similarity(),
        today=timezone.localdate(),
    )
    rows = [matchmaking.PairRow.of(pair, records) for pair in pairs]
    if not rules.sees_every_pair(user):
        concerned = _concerns_user(user, records.values())
        rows = [row for row in rows if {row.request.pk, row.counterpart.pk} & concerned]
    return matchmaking.sorted_rows(matchmaking.filtered(rows, filters), filters.sort)

"""Reads of organisations, contacts and clusters, scoped by the permission policy.

Each selector owns its `select_related`/`prefetch_related`, so a list page runs the same
number of queries whatever its size.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db.models import (
    Case,
    Count,
    IntegerField,
    Prefetch,
    Q,
    QuerySet,
    When,
)
from django.db.models import Value as V
from django.db.models.functions import Lower
from django.http import Http404
from django.utils import timezone

from clusterdesk.core import permissions
from clusterdesk.core.audit import attach_links
from clusterdesk.core.models import AuditEvent
from clusterdesk.organisations.models import (
    Affiliation,
    Cluster,
    Contact,
    Membership,
    NaceActivity,
    Organisation,
)


def current_membership_q(prefix: str = "") -> Q:
    today = timezone.localdate()
    return Q(**{f"{prefix}since__lte": today}) & (
        Q(**{f"{prefix}until__isnull": True}) | Q(**{f"{prefix}until__gte": today})
    )


# --- organisations ------------------------------------------------------------------------

ORGANISATION_SORTS: dict[str, list[Any]] = {
    "name": [Lower("legal_name"), "id"],
    "-name": [Lower("legal_name").desc(), "-id"],
    "commune": [Lower("commune"), Lower("legal_name"), "id"],
    "-commune": [Lower("commune").desc(), Lower("legal_name"), "id"],
    "size": ["size_rank", Lower("legal_name"), "id"],
    "-size": ["-size_rank", Lower("legal_name"), "id"],
    "updated": ["updated_at", "id"],
    "-updated": ["-updated_at", "-id"],
}


@dataclass(frozen=True)
class OrganisationFilters:
    """The filters of the organisation list; every one is a URL parameter."""

    q: str = ""
    cluster: str = ""  # cluster slug; current members only
    size: str = ""  # micro | small | medium | large | unknown
    section: str = ""  # NACE section letter
    status: str = ""
    tag: str = ""  # tag slug
    owner: str = ""  # "me" for the signed-in user's organisations
    sort: str = "name"


def _size_rank() -> Case:
    ranks = {"micro": 1, "small": 2, "medium": 3, "large": 4}
    return Case(
        *[When(size_class=key, then=V(rank)) for key, rank in ranks.items()],
        default=V(5),
        output_field=IntegerField(),
    )


def _filter_organisations(
    queryset: QuerySet[Organisation], filters: OrganisationFilters, user: Any
) -> QuerySet[Organisation]:
    if filters.q:
        for word in filters.q.split():
            queryset = queryset.filter(
                Q(legal_name__icontains=word)
                | Q(trade_name__icontains=word)
                | Q(register_number__icontains=word)
                | Q(vat_number__icontains=word)
                | Q(commune__icontains=word)
            )
    # Filters on related rows are semi-joins (`pk IN (SELECT …)`), which SQLite and
    # PostgreSQL run once; a correlated EXISTS can make SQLite scan a cluster's memberships
    # for every organisation (minutes at 100,000 organisations).
    if filters.cluster:
        members = Membership.objects.filter(current_membership_q(), cluster__slug=filters.cluster)
        queryset = queryset.filter(pk__in=members.values("organisation_id"))
    if filters.size == "unknown":
        queryset = queryset.filter(size_class="")
    elif filters.size:
        queryset = queryset.filter(size_class=filters.size)
    if filters.section:
        in_section = Organisation.nace_activities.through.objects.filter(
            naceactivity__section=filters.section
        )
        queryset = queryset.filter(pk__in=in_section.values("organisation_id"))
    if filters.status:
        queryset = queryset.filter(status=filters.status)
    if filters.tag:
        tagged = Organisation.tags.through.objects.filter(tag__slug=filters.tag)
        queryset = queryset.filter(pk__in=tagged.values("organisation_id"))
    if filters.owner == "me":
        queryset = queryset.filter(owner=user)
    return queryset


def organisation_list(*, user: Any, filters: OrganisationFilters) -> QuerySet[Organisation]:
    """Organisations the user may see, filtered and sorted, ready to paginate."""
    permissions.ensure_allowed(permissions.reads_directory(user))
    queryset = permissions.visible_organisations(user, Organisation.objects.all())
    queryset = _filter_organisations(queryset, filters, user)
    order = ORGANISATION_SORTS.get(filters.sort, ORGANISATION_SORTS["name"])
    if filters.sort in {"size", "-size"}:
        queryset = queryset.annotate(size_rank=_size_rank())
    current_memberships = Membership.objects.filter(current_membership_q()).select_related(
        "cluster"
    )
    return (
        queryset.order_by(*order)
        .select_related("owner")
        .prefetch_related(
            Prefetch("memberships", queryset=current_memberships, to_attr="current_memberships"),
            Prefetch("nace_activities", queryset=NaceActivity.objects.order_by("code")),
            "tags",
        )
    )


def organisation_get(*, user: Any, uuid: Any) -> Organisation:
    """One organisation the user may see (404 otherwise), with what its page shows."""
    organisation = (
        Organisation.objects.select_related("owner")
        .prefetch_related(
            Prefetch("nace_activities", queryset=NaceActivity.objects.order_by("code")),
            "tags",
            Prefetch(
                "memberships",
                queryset=Membership.objects.select_related("cluster").order_by(
                    "cluster__name", "-since"
                ),
            ),
        )
        .filter(uuid=uuid)
        .first()
    )
    if organisation is None:
        raise Http404
    permissions.ensure(user, permissions.Action.VIEW, organisation)
    return organisation


def organisation_affiliations(organisation: Organisation) -> QuerySet[Affiliation]:
    return organisation.affiliations.select_related("contact").order_by(
        "-is_primary", Lower("contact__last_name"), Lower("contact__first_name")
    )


# --- contacts -----------------------------------------------------------------------------

CONTACT_SORTS: dict[str, list[Any]] = {
    "name": [Lower("last_name"), Lower("first_name"), "id"],
    "-name": [Lower("last_name").desc(), Lower("first_name").desc(), "-id"],
    "updated": ["updated_at", "id"],
    "-updated": ["-updated_at", "-id"],
}


@dataclass(frozen=True)
class ContactFilters:
    q: str = ""
    cluster: str = ""  # contacts of the cluster's current members
    language: str = ""
    organisation: str = ""  # organisation uuid
    sort: str = "name"


def contact_list(*, user: Any, filters: ContactFilters) -> QuerySet[Contact]:
    permissions.ensure_allowed(permissions.reads_directory(user))
    queryset = permissions.visible_contacts(user, Contact.objects.all())
    for word in filters.q.split():
        queryset = queryset.filter(
            Q(first_name__icontains=word)
            | Q(last_name__icontains=word)
            | Q(email__icontains=word)
            | Q(job_title__icontains=word)
        )
    if filters.language:
        queryset = queryset.filter(preferred_language=filters.language)
    if filters.organisation:
        affiliated = Affiliation.objects.filter(organisation__uuid=filters.organisation)
        queryset = queryset.filter(pk__in=affiliated.values("contact_id"))
    if filters.cluster:
        members = Membership.objects.filter(
            current_membership_q(), cluster__slug=filters.cluster
        ).values("organisation_id")
        affiliated = Affiliation.objects.filter(organisation_id__in=members)
        queryset = queryset.filter(pk__in=affiliated.values("contact_id"))
    order = CONTACT_SORTS.get(filters.sort, CONTACT_SORTS["name"])
    return queryset.order_by(*order).prefetch_related(
        Prefetch(
            "affiliations",
            queryset=Affiliation.objects.select_related("organisation").order_by(
                "-is_primary", "organisation__legal_name"
            ),
        )
    )


def contact_get(*, user: Any, uuid: Any) -> Contact:
    contact = (
        Contact.objects.prefetch_related(
            Prefetch(
                "affiliations",
                queryset=Affiliation.objects.select_related("organisation").order_by(
                    "-is_primary", "organisation__legal_name"
                ),
            )
        )
        .filter(uuid=uuid)
        .first()
    )
    if contact is None:
        raise Http404
    permissions.ensure(user, permissions.Action.VIEW, contact)
    return contact


# --- clusters -----------------------------------------------------------------------------


def cluster_list(*, user: Any, only_managed: bool = False) -> QuerySet[Cluster]:
    """Clusters with their count of current members; managers can narrow to their own."""
    permissions.ensure_allowed(permissions.can_list_clusters(user))
    queryset = permissions.visible_clusters(user, Cluster.objects.all())
    if only_managed:
        queryset = queryset.filter(pk__in=permissions.managed_cluster_ids(user))
    return (
        queryset.annotate(
            member_count=Count(
                "memberships", filter=current_membership_q("memberships__"), distinct=True
            )
        )
        .order_by("name")
        .prefetch_related("managers")
    )


def cluster_get(*, user: Any, slug: str) -> Cluster:
    cluster = Cluster.objects.prefetch_related("managers").filter(slug=slug).first()
    if cluster is None:
        raise Http404
    permissions.ensure(user, permissions.Action.VIEW, cluster)
    return cluster


def cluster_get_by_id(*, user: Any, uuid: Any) -> Cluster:
    """A cluster by its public id (the API's); 404 when missing or not visible."""
    cluster = Cluster.objects.prefetch_related("managers").filter(uuid=uuid).first()
    if cluster is None:
        raise Http404
    permissions.ensure(user, permissions.Action.VIEW, cluster)
    return cluster


def cluster_members(cluster: Cluster) -> QuerySet[Membership]:
    return (
        cluster.memberships.filter(current_membership_q())
        .select_related("organisation")
        .order_by(Lower("organisation__legal_name"))
    )


# --- memberships --------------------------------------------------------------------------


@dataclass(frozen=True)
class MembershipFilters:
    organisation: str = ""  # organisation uuid
    cluster: str = ""  # cluster slug
    current: bool | None = None  # True: current only; False: past or future only


def membership_list(*, user: Any, filters: MembershipFilters) -> QuerySet[Membership]:
    """Memberships the user may see, by cluster, organisation and newest first."""
    permissions.ensure_allowed(permissions.reads_directory(user))
    queryset = Membership.objects.all()
    if filters.organisation:
        queryset = queryset.filter(organisation__uuid=filters.organisation)
    if filters.cluster:
        queryset = queryset.filter(cluster__slug=filters.cluster)
    if filters.current is True:
        queryset = queryset.filter(current_membership_q())
    elif filters.current is False:
        queryset = queryset.exclude(current_membership_q())
    return queryset.select_related("organisation", "cluster").order_by(
        "cluster__name", Lower("organisation__legal_name"), "-since", "id"
    )


def membership_get(*, user: Any, uuid: Any) -> Membership:
    membership = (
        Membership.objects.select_related("organisation", "cluster").filter(uuid=uuid).first()
    )
    if membership is None:
        raise Http404
    permissions.ensure(user, permissions.Action.VIEW, membership)
    return membership


# --- home ---------------------------------------------------------------------------------


def recent_changes(*, user: Any, limit: int = 12) -> list[AuditEvent]:
    """The latest changes to directory records, for readers of the directory."""
    if not permissions.reads_directory(user):
        return []
    types = ContentType.objects.get_for_models(
        Organisation, Contact, Membership, Affiliation, Cluster
    )
    events = (
        AuditEvent.objects.filter(object_type__in=types.values())
        .select_related("object_type")
        .order_by("-created_at", "-id")[:limit]
    )
    return attach_links(events)

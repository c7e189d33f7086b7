"""Partner listings in the JSON API (added in clusterdesk/api.py): list, record, read,
change, close, delete, and the counterparts proposed to a listing. The same selectors,
services and permission policy as the pages."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Query, Router, Status

from clusterdesk.core import permissions
from clusterdesk.core.api_schemas import READ_ERRORS, WRITE_ERRORS, PageQuery
from clusterdesk.core.permissions import Action
from clusterdesk.organisations.api.common import VERSION, caller, page_of, referenced
from clusterdesk.organisations.models import Cluster, Contact, Organisation
from clusterdesk.partnering import pairing, selectors, services
from clusterdesk.partnering import permissions as rules
from clusterdesk.partnering.models import PartnerListing
from clusterdesk.partnering.schemas import (
    ListingClose,
    ListingCreate,
    ListingPage,
    ListingQuery,
    ListingRead,
    ListingUpdate,
    PairRead,
)

router = Router(tags=["partner listings"])


def _organisation(user: Any, uuid: UUID) -> Organisation:
    organisation: Organisation = referenced(Organisation, uuid, "organisation")
    if not permissions.can_view_organisation(user, organisation):
        raise ValidationError({"organisation": [_("Nothing has this id: %(id)s.") % {"id": uuid}]})
    return organisation


def _cluster(user: Any, uuid: UUID, current: int | None = None) -> Cluster:
    """A cluster the caller may record under (or the listing's own one, unchanged)."""
    cluster: Cluster = referenced(Cluster, uuid, "cluster")
    if cluster.pk != current and not rules.can_use_cluster(user, cluster.pk):
        raise ValidationError({"cluster": [_("Choose a cluster you manage.")]})
    return cluster


def _contact(uuid: UUID | None) -> Contact | None:
    return referenced(Contact, uuid, "contact") if uuid is not None else None


def _data(user: Any, payload: Any, listing: PartnerListing | None) -> dict[str, Any]:
    sent = payload.model_fields_set
    fields = {
        "direction",
        "category",
        "title",
        "description",
        "themes",
        "keywords",
        "status",
        "valid_until",
    }
    data = payload.model_dump(exclude_unset=listing is not None, include=fields)
    data = {
        name: value for name, value in data.items() if value is not None or name == "valid_until"
    }
    if "cluster" in sent or listing is None:
        data["cluster"] = _cluster(user, payload.cluster, listing.cluster_id if listing else None)
    if "contact" in sent or listing is None:
        data["contact"] = _contact(payload.contact)
    return data


def _get(user: Any, listing_id: UUID) -> PartnerListing:
    return selectors.listing_get(user=user, uuid=listing_id)


def _to_change(user: Any, listing_id: UUID) -> PartnerListing:
    listing = _get(user, listing_id)
    permissions.ensure(user, Action.CHANGE, listing)
    return listing


@router.get("/partner-listings", response={200: ListingPage, **READ_ERRORS})
def list_listings(
    request: HttpRequest, filters: Query[ListingQuery], page: Query[PageQuery]
) -> Any:
    """The listings you may see, with the filters of their list page."""
    found = selectors.listing_list(
        user=caller(request),
        filters=selectors.ListingFilters(
            q=filters.q,
            direction=filters.direction or "",
            category=filters.category or "",
            theme=filters.theme or "",
            status=filters.status or "",
            cluster=filters.cluster,
            organisation=str(filters.organisation or ""),
            sort=filters.ordering,
        ),
    )
    return page_of(found, page)


@router.post("/partner-listings", response={201: ListingRead, **WRITE_ERRORS})
def create_listing(request: HttpRequest, payload: ListingCreate) -> Any:
    """Record an offer or a request of an organisation, under a cluster you manage."""
    user = caller(request)
    permissions.ensure_allowed(rules.can_create_listing(user))
    data = _data(user, payload, None)
    data["organisation"] = _organisation(user, payload.organisation)
    listing = services.listing_create(actor=user, data=data)
    return Status(201, _get(user, listing.uuid))


@router.get("/partner-listings/{listing_id}", response={200: ListingRead, **READ_ERRORS})
def get_listing(request: HttpRequest, listing_id: UUID) -> Any:
    return _get(caller(request), listing_id)


@router.patch("/partner-listings/{listing_id}", response={200: ListingRead, **WRITE_ERRORS})
def update_listing(request: HttpRequest, listing_id: UUID, payload: ListingUpdate) -> Any:
    """Change the fields sent; 409 when the listing changed since `version`."""
    user = caller(request)
    listing = _to_change(user, listing_id)
    data = _data(user, payload, listing)
    services.listing_update(
        actor=user, listing=listing, data=data, expected_version=payload.version
    )
    return _get(user, listing_id)


@router.post("/partner-listings/{listing_id}/close", response={200: ListingRead, **WRITE_ERRORS})
def close_listing(request: HttpRequest, listing_id: UUID, payload: ListingClose) -> Any:
    """Close the listing: kept on record, no longer proposed."""
    user = caller(request)
    listing = _to_change(user, listing_id)
    services.listing_close(actor=user, listing=listing, expected_version=payload.version)
    return _get(user, listing_id)


@router.delete("/partner-listings/{listing_id}", response={204: None, **WRITE_ERRORS})
def delete_listing(request: HttpRequest, listing_id: UUID, version: int = VERSION) -> Any:
    """Delete a listing recorded by mistake (close it to keep it on record)."""
    user = caller(request)
    listing = _get(user, listing_id)
    permissions.ensure(user, Action.DELETE, listing)
    services.listing_delete(actor=user, listing=listing, expected_version=version)
    return Status(204, None)


@router.get("/partner-listings/{listing_id}/pairs", response={200: list[PairRead], **READ_ERRORS})
def listing_pairs(
    request: HttpRequest,
    listing_id: UUID,
    limit: int = Query(pairing.DEFAULT_LIMIT, ge=1, le=50),
) -> Any:
    """The listings proposed to this one, best first: for a request, the offers (and for
    partnerships the other requests) that fit it; for an offer, the requests it fits. An
    inactive listing (paused, closed, expired) has none."""
    user = caller(request)
    return selectors.listing_pairs(user=user, listing=_get(user, listing_id), limit=limit)

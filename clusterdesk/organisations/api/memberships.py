"""Memberships of organisations in clusters: managers add and end those of their clusters."""

import datetime
from typing import Any
from uuid import UUID

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Query, Router, Status

from clusterdesk.core import permissions
from clusterdesk.core.permissions import Action
from clusterdesk.organisations import selectors, services
from clusterdesk.organisations.api.common import VERSION, caller, page_of, referenced
from clusterdesk.organisations.models import Cluster, Organisation
from clusterdesk.organisations.schemas import (
    READ_ERRORS,
    WRITE_ERRORS,
    MembershipCreate,
    MembershipPage,
    MembershipQuery,
    MembershipRead,
    MembershipUpdate,
    PageQuery,
)

router = Router(tags=["memberships"])


def check_period(since: datetime.date, until: datetime.date | None) -> None:
    if until is not None and until < since:
        raise ValidationError({"until": [_("The end date cannot be before the start date.")]})


@router.get("/memberships", response={200: MembershipPage, **READ_ERRORS})
def list_memberships(
    request: HttpRequest, filters: Query[MembershipQuery], page: Query[PageQuery]
) -> Any:
    found = selectors.membership_list(
        user=caller(request),
        filters=selectors.MembershipFilters(
            organisation=str(filters.organisation or ""),
            cluster=filters.cluster,
            current=filters.current,
        ),
    )
    return page_of(found, page)


@router.post("/memberships", response={201: MembershipRead, **WRITE_ERRORS})
def create_membership(request: HttpRequest, payload: MembershipCreate) -> Any:
    """Add an organisation to a cluster you manage (admins: any cluster)."""
    user = caller(request)
    permissions.ensure_allowed(
        permissions.is_admin(user) or bool(permissions.managed_cluster_ids(user))
    )
    cluster: Cluster = referenced(Cluster, payload.cluster, "cluster")
    permissions.ensure_allowed(permissions.can_manage_memberships(user, cluster))
    organisation: Organisation = referenced(Organisation, payload.organisation, "organisation")
    since = payload.since or timezone.localdate()
    check_period(since, payload.until)
    data = {"cluster": cluster, "type": payload.type, "since": since, "until": payload.until}
    membership = services.membership_create(actor=user, organisation=organisation, data=data)
    return Status(201, selectors.membership_get(user=user, uuid=membership.uuid))


@router.get("/memberships/{membership_id}", response={200: MembershipRead, **READ_ERRORS})
def get_membership(request: HttpRequest, membership_id: UUID) -> Any:
    return selectors.membership_get(user=caller(request), uuid=membership_id)


@router.patch("/memberships/{membership_id}", response={200: MembershipRead, **WRITE_ERRORS})
def update_membership(request: HttpRequest, membership_id: UUID, payload: MembershipUpdate) -> Any:
    """Change the type or dates; end a membership by sending `until`."""
    user = caller(request)
    membership = selectors.membership_get(user=user, uuid=membership_id)
    permissions.ensure(user, Action.CHANGE, membership)
    data = payload.model_dump(exclude_unset=True, exclude={"version"})
    check_period(data.get("since", membership.since), data.get("until", membership.until))
    services.membership_update(
        actor=user, membership=membership, data=data, expected_version=payload.version
    )
    return selectors.membership_get(user=user, uuid=membership_id)


@router.delete("/memberships/{membership_id}", response={204: None, **WRITE_ERRORS})
def delete_membership(request: HttpRequest, membership_id: UUID, version: int = VERSION) -> Any:
    """Remove a membership entered by mistake (end a real one with `until` instead)."""
    user = caller(request)
    membership = selectors.membership_get(user=user, uuid=membership_id)
    permissions.ensure(user, Action.DELETE, membership)
    services.membership_delete(actor=user, membership=membership, expected_version=version)
    return Status(204, None)

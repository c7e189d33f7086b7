"""Contacts and their links to organisations (affiliations)."""

from typing import Any
from uuid import UUID

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Query, Router, Status

from clusterdesk.core import permissions
from clusterdesk.core.permissions import Action
from clusterdesk.organisations import selectors, services
from clusterdesk.organisations.api.common import VERSION, caller, page_of, referenced
from clusterdesk.organisations.models import Affiliation, Organisation
from clusterdesk.organisations.schemas import (
    READ_ERRORS,
    WRITE_ERRORS,
    AffiliationCreate,
    ContactCreate,
    ContactPage,
    ContactQuery,
    ContactRead,
    ContactUpdate,
    PageQuery,
)

router = Router(tags=["contacts"])


def _organisation(user: Any, uuid: UUID) -> Organisation:
    organisation = referenced(Organisation, uuid, "organisation")
    if not permissions.can_view_organisation(user, organisation):
        raise ValidationError({"organisation": [_("Choose an organisation from the list.")]})
    return organisation


@router.get("/contacts", response={200: ContactPage, **READ_ERRORS})
def list_contacts(
    request: HttpRequest, filters: Query[ContactQuery], page: Query[PageQuery]
) -> Any:
    """The contacts, with the filters and sort keys of their list page."""
    found = selectors.contact_list(
        user=caller(request),
        filters=selectors.ContactFilters(
            q=filters.q,
            cluster=filters.cluster,
            language=filters.language or "",
            organisation=str(filters.organisation or ""),
            sort=filters.ordering,
        ),
    )
    return page_of(found, page)


@router.post("/contacts", response={201: ContactRead, **WRITE_ERRORS})
def create_contact(request: HttpRequest, payload: ContactCreate) -> Any:
    """A person at an organisation (their main one), with their role there."""
    user = caller(request)
    permissions.ensure_allowed(permissions.can_create_contact(user))
    contact = services.contact_create(
        actor=user,
        data=payload.model_dump(exclude={"organisation", "role"}),
        organisation=_organisation(user, payload.organisation),
        role=payload.role,
    )
    return Status(201, selectors.contact_get(user=user, uuid=contact.uuid))


@router.get("/contacts/{contact_id}", response={200: ContactRead, **READ_ERRORS})
def get_contact(request: HttpRequest, contact_id: UUID) -> Any:
    return selectors.contact_get(user=caller(request), uuid=contact_id)


@router.patch("/contacts/{contact_id}", response={200: ContactRead, **WRITE_ERRORS})
def update_contact(request: HttpRequest, contact_id: UUID, payload: ContactUpdate) -> Any:
    """Change the fields sent; 409 when the contact changed since `version`."""
    user = caller(request)
    contact = selectors.contact_get(user=user, uuid=contact_id)
    permissions.ensure(user, Action.CHANGE, contact)
    services.contact_update(
        actor=user,
        contact=contact,
        data=payload.model_dump(exclude_unset=True, exclude={"version"}),
        expected_version=payload.version,
    )
    return selectors.contact_get(user=user, uuid=contact_id)


@router.delete("/contacts/{contact_id}", response={204: None, **WRITE_ERRORS})
def delete_contact(request: HttpRequest, contact_id: UUID, version: int = VERSION) -> Any:
    user = caller(request)
    contact = selectors.contact_get(user=user, uuid=contact_id)
    permissions.ensure(user, Action.DELETE, contact)
    services.contact_delete(actor=user, contact=contact, expected_version=version)
    return Status(204, None)


@router.post("/contacts/{contact_id}/affiliations", response={201: ContactRead, **WRITE_ERRORS})
def create_affiliation(request: HttpRequest, contact_id: UUID, payload: AffiliationCreate) -> Any:
    """Link the contact with another organisation."""
    user = caller(request)
    contact = selectors.contact_get(user=user, uuid=contact_id)
    permissions.ensure(user, Action.CHANGE, contact)
    services.affiliation_create(
        actor=user,
        contact=contact,
        organisation=_organisation(user, payload.organisation),
        role=payload.role,
        is_primary=payload.is_primary,
    )
    return Status(201, selectors.contact_get(user=user, uuid=contact_id))


@router.delete(
    "/contacts/{contact_id}/affiliations/{organisation_id}", response={204: None, **WRITE_ERRORS}
)
def delete_affiliation(request: HttpRequest, contact_id: UUID, organisation_id: UUID) -> Any:
    """Remove the link between the contact and an organisation (both stay)."""
    user = caller(request)
    contact = selectors.contact_get(user=user, uuid=contact_id)
    permissions.ensure(user, Action.CHANGE, contact)
    affiliation = get_object_or_404(
        Affiliation.objects.select_related("organisation", "contact"),
        contact=contact,
        organisation__uuid=organisation_id,
    )
    services.affiliation_delete(actor=user, affiliation=affiliation)
    return Status(204, None)

"""Organisations: list with the list page's filters, create, read, change, delete."""

from typing import Any
from uuid import UUID

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils.translation import ngettext
from ninja import Query, Router, Status

from clusterdesk.core import permissions
from clusterdesk.core.permissions import Action
from clusterdesk.organisations import normalise, selectors, services
from clusterdesk.organisations.api.common import VERSION, caller, page_of, users_by_username
from clusterdesk.organisations.forms import staff_owner_queryset
from clusterdesk.organisations.models import NaceActivity
from clusterdesk.organisations.schemas import (
    READ_ERRORS,
    WRITE_ERRORS,
    OrganisationCreate,
    OrganisationPage,
    OrganisationQuery,
    OrganisationRead,
    OrganisationUpdate,
    OrganisationValidationErrorOut,
    PageQuery,
)

router = Router(tags=["organisations"])

# A likely duplicate is a 422 that also lists the organisations holding the numbers.
WRITE_RESPONSES: dict[int, Any] = {**WRITE_ERRORS, 422: OrganisationValidationErrorOut}


def nace_activities(codes: list[str]) -> list[NaceActivity]:
    """The NACE division, group or class of each code; a 422 naming unknown codes."""
    found = {a.code: a for a in NaceActivity.objects.filter(code__in=codes, level__gte=2)}
    unknown = [code for code in codes if code not in found]
    if unknown:
        message = ngettext(
            "Unknown NACE Rev. 2 code: %(codes)s. Use division, group or class codes.",
            "Unknown NACE Rev. 2 codes: %(codes)s. Use division, group or class codes.",
            len(unknown),
        ) % {"codes": ", ".join(unknown)}
        raise ValidationError({"nace_codes": [message]})
    return list(dict.fromkeys(found[code] for code in codes))


def service_data(
    payload: OrganisationCreate | OrganisationUpdate, *, partial: bool
) -> dict[str, Any]:
    """What the services take: every field on create, the fields sent on update."""
    values = payload.model_dump(
        exclude_unset=partial,
        exclude={"version", "confirm_distinct", "owner", "nace_codes", "tags"},
    )
    sent = payload.model_fields_set
    if "owner" in sent:
        owner = payload.owner
        values["owner"] = (
            users_by_username([owner], "owner", staff_owner_queryset())[0] if owner else None
        )
    if not partial or "nace_codes" in sent:
        values["nace_activities"] = nace_activities(payload.nace_codes or [])
    if not partial or "tags" in sent:
        values["tags"] = normalise.tag_names(payload.tags or [])
    return values


def duplicate_error(error: services.DuplicateOrganisationError) -> dict[str, Any]:
    from clusterdesk.api import validation_errors

    return {"detail": validation_errors(error), "duplicates": error.duplicates}


@router.get("/organisations", response={200: OrganisationPage, **READ_ERRORS})
def list_organisations(
    request: HttpRequest, filters: Query[OrganisationQuery], page: Query[PageQuery]
) -> Any:
    """The organisation directory, with the filters and sort keys of its page."""
    found = selectors.organisation_list(
        user=caller(request),
        filters=selectors.OrganisationFilters(
            q=filters.q,
            cluster=filters.cluster,
            size=filters.size or "",
            section=filters.section,
            status=filters.status or "",
            tag=filters.tag,
            owner=filters.owner or "",
            sort=filters.ordering,
        ),
    )
    return page_of(found, page)


@router.post("/organisations", response={201: OrganisationRead, **WRITE_RESPONSES})
def create_organisation(request: HttpRequest, payload: OrganisationCreate) -> Any:
    """A register or VAT number already used is refused (422, with the organisations that
    hold it) unless `confirm_distinct` is true. You become the owner unless `owner` says."""
    user = caller(request)
    permissions.ensure_allowed(permissions.can_create_organisation(user))
    try:
        organisation = services.organisation_create(
            actor=user,
            data=service_data(payload, partial=False),
            confirm_distinct=payload.confirm_distinct,
        )
    except services.DuplicateOrganisationError as error:
        return Status(422, duplicate_error(error))
    return Status(201, selectors.organisation_get(user=user, uuid=organisation.uuid))


@router.get("/organisations/{organisation_id}", response={200: OrganisationRead, **READ_ERRORS})
def get_organisation(request: HttpRequest, organisation_id: UUID) -> Any:
    return selectors.organisation_get(user=caller(request), uuid=organisation_id)


@router.patch(
    "/organisations/{organisation_id}", response={200: OrganisationRead, **WRITE_RESPONSES}
)
def update_organisation(
    request: HttpRequest, organisation_id: UUID, payload: OrganisationUpdate
) -> Any:
    """Change the fields sent; 409 when the organisation changed since `version`."""
    user = caller(request)
    organisation = selectors.organisation_get(user=user, uuid=organisation_id)
    permissions.ensure(user, Action.CHANGE, organisation)
    try:
        services.organisation_update(
            actor=user,
            organisation=organisation,
            data=service_data(payload, partial=True),
            expected_version=payload.version,
            confirm_distinct=payload.confirm_distinct,
        )
    except services.DuplicateOrganisationError as error:
        return Status(422, duplicate_error(error))
    return selectors.organisation_get(user=user, uuid=organisation_id)


@router.delete("/organisations/{organisation_id}", response={204: None, **WRITE_ERRORS})
def delete_organisation(request: HttpRequest, organisation_id: UUID, version: int = VERSION) -> Any:
    """Delete with its memberships and contact links (the contacts stay)."""
    user = caller(request)
    organisation = selectors.organisation_get(user=user, uuid=organisation_id)
    permissions.ensure(user, Action.DELETE, organisation)
    services.organisation_delete(actor=user, organisation=organisation, expected_version=version)
    return Status(204, None)

"""Merging duplicates through the API: `POST /organisations/{id}/merge` and
`POST /contacts/{id}/merge`, with the same service and permission rule as the merge page.

The record in the path survives; `loser` is merged into it and deleted. Afterwards a GET of
the loser's old URL (`/api/v1/organisations/{loser}`) answers 301 with the survivor's URL in
`Location` (and its id in the body), so clients holding old ids find the record.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Literal
from uuid import UUID

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from ninja import Field, Router, Schema, Status

from clusterdesk.core import permissions
from clusterdesk.core.concurrency import StaleVersionError
from clusterdesk.organisations import merge, selectors
from clusterdesk.organisations.api.common import caller
from clusterdesk.organisations.schemas import (
    WRITE_ERRORS,
    ConflictOut,
    ContactRead,
    OrganisationRead,
)

router = Router(tags=["merge"])


class MergeIn(Schema):
    loser: UUID = Field(description="The record merged into this one, then deleted.")
    version: int = Field(ge=1, description="This record's version, as you read it.")
    loser_version: int = Field(ge=1, description="The loser's version, as you read it.")
    choices: dict[str, Literal["survivor", "loser"]] = Field(
        default_factory=dict,
        description=(
            'For each field whose value is taken from the loser, `"loser"`; a field not '
            "named keeps this record's value."
        ),
    )


class MovedOut(Schema):
    moved: int = Field(description="Rows re-pointed from the loser to this record.")
    combined: int = Field(description="Loser rows combined with one this record had.")


class MergeConflictOut(ConflictOut):
    id: UUID = Field(description="The record that changed since you read it.")


class MergeOut(Schema):
    merged: UUID = Field(description="The loser's id; it now redirects to this record.")
    moved: dict[str, MovedOut] = Field(description="What moved, per kind of linked record.")
    timeline_events: int = Field(description="Events of the loser's timeline now shown here.")


class OrganisationMergeOut(MergeOut):
    survivor: OrganisationRead


class ContactMergeOut(MergeOut):
    survivor: ContactRead


MERGE_ERRORS = {**WRITE_ERRORS, 409: MergeConflictOut}


def _merge(
    request: HttpRequest,
    survivor_id: UUID,
    payload: MergeIn,
    get: Callable[..., Any],
    service: Callable[..., merge.MergeResult],
) -> Any:
    user = caller(request)
    survivor = get(user=user, uuid=survivor_id)
    loser = get(user=user, uuid=payload.loser)
    permissions.ensure_can_merge(user, survivor, loser)
    try:
        result = service(
            actor=user,
            survivor=survivor,
            loser=loser,
            choices=payload.choices,
            survivor_version=payload.version,
            loser_version=payload.loser_version,
        )
    except ValidationError as error:
        return Status(422, {"detail": _located(error)})
    except StaleVersionError as error:
        stale = error.instance
        current = type(stale)._default_manager.filter(pk=stale.pk).values("version").first()
        return Status(
            409,
            {
                "detail": str(error.message),
                "current_version": current["version"] if current else None,
                "id": stale.uuid,
            },
        )
    return Status(
        200,
        {
            "survivor": get(user=user, uuid=survivor_id),
            "merged": payload.loser,
            "moved": {name: vars(moved) for name, moved in result.report.moved.items()},
            "timeline_events": result.report.timeline_events,
        },
    )


def _located(error: ValidationError) -> list[dict[str, Any]]:
    """The service's errors, a field's under `["body", "choices", field]`."""
    from clusterdesk.api import validation_errors

    details = validation_errors(error)
    for detail in details:
        field = detail["loc"][-1] if len(detail["loc"]) > 1 else None
        if field not in {None, "loser", "__all__"}:
            detail["loc"] = ["body", "choices", field]
        elif field == "__all__":
            detail["loc"] = ["body"]
    return details


@router.post(
    "/organisations/{organisation_id}/merge",
    response={200: OrganisationMergeOut, **MERGE_ERRORS},
)
def merge_organisations(request: HttpRequest, organisation_id: UUID, payload: MergeIn) -> Any:
    """Merge the organisation `loser` into this one: its contacts, memberships, external
    references, tags, NACE codes and timeline move here, then it is deleted. You must be
    allowed to change both (403), and both versions must be current (409)."""
    return _merge(
        request, organisation_id, payload, selectors.organisation_get, merge.organisation_merge
    )


@router.post("/contacts/{contact_id}/merge", response={200: ContactMergeOut, **MERGE_ERRORS})
def merge_contacts(request: HttpRequest, contact_id: UUID, payload: MergeIn) -> Any:
    """Merge the contact `loser` into this one: its organisations and timeline move here,
    then it is deleted. You must be allowed to change both (403), and both versions must be
    current (409)."""
    return _merge(request, contact_id, payload, selectors.contact_get, merge.contact_merge)

"""Roadmaps (one per case) and their actions."""

from typing import Any
from uuid import UUID

from django.http import HttpRequest
from ninja import Query, Router, Status

from clusterdesk.catalogue.forms import team_member_queryset
from clusterdesk.core import permissions
from clusterdesk.core.api_schemas import READ_ERRORS, WRITE_ERRORS, PageQuery
from clusterdesk.core.permissions import Action as Do
from clusterdesk.support import selectors, services
from clusterdesk.support.api.common import caller, page_of, referenced_many, user_named, visible
from clusterdesk.support.models import Need, Referral, Roadmap, SupportCase
from clusterdesk.support.permissions import reads_journeys
from clusterdesk.support.schemas import (
    ActionCreate,
    ActionPage,
    ActionQuery,
    ActionRead,
    ActionUpdate,
    RoadmapCreate,
    RoadmapPage,
    RoadmapRead,
    RoadmapUpdate,
)

router = Router(tags=["roadmaps"])


@router.get("/roadmaps", response={200: RoadmapPage, **READ_ERRORS})
def list_roadmaps(request: HttpRequest, page: Query[PageQuery], case: UUID | None = None) -> Any:
    found = selectors.roadmap_list(user=caller(request), case=str(case or ""))
    return page_of(found.prefetch_related("actions"), page)


@router.post("/roadmaps", response={201: RoadmapRead, **WRITE_ERRORS})
def create_roadmap(request: HttpRequest, payload: RoadmapCreate) -> Any:
    """The roadmap of a case you may change (one per case)."""
    user = caller(request)
    permissions.ensure_allowed(reads_journeys(user))
    case = visible(user, SupportCase, payload.case, "case")
    permissions.ensure(user, Do.CHANGE, case)
    roadmap = services.roadmap_create(
        actor=user, case=case, data=payload.model_dump(exclude={"case"})
    )
    return Status(201, selectors.roadmap_get(user=user, uuid=roadmap.uuid))


@router.get("/roadmaps/{roadmap_id}", response={200: RoadmapRead, **READ_ERRORS})
def get_roadmap(request: HttpRequest, roadmap_id: UUID) -> Any:
    return selectors.roadmap_get(user=caller(request), uuid=roadmap_id)


@router.patch("/roadmaps/{roadmap_id}", response={200: RoadmapRead, **WRITE_ERRORS})
def update_roadmap(request: HttpRequest, roadmap_id: UUID, payload: RoadmapUpdate) -> Any:
    user = caller(request)
    roadmap = selectors.roadmap_get(user=user, uuid=roadmap_id)
    permissions.ensure(user, Do.CHANGE, roadmap)
    data = payload.model_dump(exclude_unset=True, exclude={"version"})
    services.roadmap_update(
        actor=user, roadmap=roadmap, data=data, expected_version=payload.version
    )
    return selectors.roadmap_get(user=user, uuid=roadmap_id)


@router.get("/actions", response={200: ActionPage, **READ_ERRORS})
def list_actions(request: HttpRequest, filters: Query[ActionQuery], page: Query[PageQuery]) -> Any:
    """Roadmap actions; `owner=me&status=open` is your to-do list, `overdue=true` what is
    late."""
    found = selectors.action_list(
        user=caller(request),
        filters=selectors.ActionFilters(
            roadmap=str(filters.roadmap or ""),
            case=str(filters.case or ""),
            owner=filters.owner or "",
            status=filters.status or "",
            overdue=filters.overdue,
        ),
    )
    return page_of(found, page)


def _action_data(payload: ActionCreate | ActionUpdate, *, partial: bool) -> dict[str, Any]:
    data = payload.model_dump(
        exclude_unset=partial, exclude={"version", "roadmap", "owner", "needs", "referrals"}
    )
    if "ease_class" in data and data["ease_class"] is None:
        data["ease_class"] = ""
    sent = payload.model_fields_set
    if not partial or "owner" in sent:
        data["owner"] = user_named(payload.owner, "owner", team_member_queryset())
    if not partial or "needs" in sent:
        data["needs"] = referenced_many(Need, payload.needs or [], "needs")
    if not partial or "referrals" in sent:
        data["referrals"] = referenced_many(Referral, payload.referrals or [], "referrals")
    return data


@router.post("/actions", response={201: ActionRead, **WRITE_ERRORS})
def create_action(request: HttpRequest, payload: ActionCreate) -> Any:
    """Add an action to a roadmap you may change; `needs` and `referrals` are of its case."""
    user = caller(request)
    permissions.ensure_allowed(reads_journeys(user))
    roadmap = visible(user, Roadmap, payload.roadmap, "roadmap")
    permissions.ensure(user, Do.CHANGE, roadmap)
    action = services.action_create(
        actor=user, roadmap=roadmap, data=_action_data(payload, partial=False)
    )
    return Status(201, selectors.action_get(user=user, uuid=action.uuid))


@router.get("/actions/{action_id}", response={200: ActionRead, **READ_ERRORS})
def get_action(request: HttpRequest, action_id: UUID) -> Any:
    return selectors.action_get(user=caller(request), uuid=action_id)


@router.patch("/actions/{action_id}", response={200: ActionRead, **WRITE_ERRORS})
def update_action(request: HttpRequest, action_id: UUID, payload: ActionUpdate) -> Any:
    user = caller(request)
    action = selectors.action_get(user=user, uuid=action_id)
    permissions.ensure(user, Do.CHANGE, action)
    services.action_update(
        actor=user,
        action=action,
        data=_action_data(payload, partial=True),
        expected_version=payload.version,
    )
    return selectors.action_get(user=user, uuid=action_id)

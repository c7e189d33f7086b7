"""Needs of support cases: list, add, read, change (close one with `status`)."""

from typing import Any
from uuid import UUID

from django.http import HttpRequest
from ninja import Query, Router, Status

from clusterdesk.core import permissions
from clusterdesk.core.api_schemas import READ_ERRORS, WRITE_ERRORS, PageQuery
from clusterdesk.core.permissions import Action
from clusterdesk.support import selectors, services
from clusterdesk.support.api.common import caller, page_of, visible
from clusterdesk.support.models import SupportCase
from clusterdesk.support.permissions import reads_journeys
from clusterdesk.support.schemas import NeedCreate, NeedPage, NeedQuery, NeedRead, NeedUpdate

router = Router(tags=["needs"])


@router.get("/needs", response={200: NeedPage, **READ_ERRORS})
def list_needs(request: HttpRequest, filters: Query[NeedQuery], page: Query[PageQuery]) -> Any:
    found = selectors.need_list(
        user=caller(request),
        filters=selectors.NeedFilters(
            q=filters.q,
            status=filters.status or "",
            theme=filters.theme or "",
            category=filters.category or "",
            priority=filters.priority or "",
            cluster=filters.cluster,
            case=str(filters.case or ""),
            owner=filters.owner or "",
            sort=filters.ordering,
        ),
    )
    return page_of(found, page)


@router.post("/needs", response={201: NeedRead, **WRITE_ERRORS})
def create_need(request: HttpRequest, payload: NeedCreate) -> Any:
    """Add a need to a case you may change."""
    user = caller(request)
    permissions.ensure_allowed(reads_journeys(user))
    case = visible(user, SupportCase, payload.case, "case")
    permissions.ensure(user, Action.CHANGE, case)
    data = payload.model_dump(exclude={"case"})
    data["theme"] = data["theme"] or ""
    data["category"] = data["category"] or ""
    need = services.need_create(actor=user, case=case, data=data)
    return Status(201, selectors.need_get(user=user, uuid=need.uuid))


@router.get("/needs/{need_id}", response={200: NeedRead, **READ_ERRORS})
def get_need(request: HttpRequest, need_id: UUID) -> Any:
    return selectors.need_get(user=caller(request), uuid=need_id)


@router.patch("/needs/{need_id}", response={200: NeedRead, **WRITE_ERRORS})
def update_need(request: HttpRequest, need_id: UUID, payload: NeedUpdate) -> Any:
    """Change the fields sent (`status: closed` closes it); `theme` or `category` null
    clears them."""
    user = caller(request)
    need = selectors.need_get(user=user, uuid=need_id)
    permissions.ensure(user, Action.CHANGE, need)
    data = payload.model_dump(exclude_unset=True, exclude={"version"})
    for name in ("theme", "category"):
        if name in data and data[name] is None:
            data[name] = ""
    services.need_update(actor=user, need=need, data=data, expected_version=payload.version)
    return selectors.need_get(user=user, uuid=need_id)

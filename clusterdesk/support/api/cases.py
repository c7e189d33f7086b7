"""Support cases: list with the list page's filters, open, read, change, and move through
the journey (`POST /cases/{id}/transitions`: a 422 lists the allowed next states)."""

from typing import Any
from uuid import UUID

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Query, Router, Status

from clusterdesk.core import permissions
from clusterdesk.core.api_schemas import READ_ERRORS, WRITE_ERRORS, PageQuery
from clusterdesk.core.permissions import Action
from clusterdesk.organisations.forms import staff_owner_queryset
from clusterdesk.organisations.models import Cluster, Organisation
from clusterdesk.support import permissions as support_permissions
from clusterdesk.support import selectors, services, workflows
from clusterdesk.support.api.common import caller, page_of, user_named, visible
from clusterdesk.support.schemas import (
    CaseCreate,
    CasePage,
    CaseQuery,
    CaseRead,
    CaseTransition,
    CaseUpdate,
    StateChangeRead,
)

router = Router(tags=["support cases"])


def allowed_cluster(user: Any, cluster_id: UUID, keep: int | None = None) -> Cluster:
    """A cluster the caller may put a case in (the ones they manage; admins: any)."""
    cluster = support_permissions.case_clusters(user, keep=keep).filter(uuid=cluster_id).first()
    if cluster is None:
        raise ValidationError(
            {"cluster": [_("Choose a cluster you manage: %(id)s is not one.") % {"id": cluster_id}]}
        )
    return cluster


@router.get("/cases", response={200: CasePage, **READ_ERRORS})
def list_cases(request: HttpRequest, filters: Query[CaseQuery], page: Query[PageQuery]) -> Any:
    """Support cases, with the filters and sort keys of the case list page."""
    found = selectors.case_list(
        user=caller(request),
        filters=selectors.CaseFilters(
            q=filters.q,
            state=filters.state or "",
            cluster=filters.cluster,
            owner=filters.owner or "",
            organisation=str(filters.organisation or ""),
            sort=filters.ordering,
        ),
    )
    return page_of(found, page)


@router.post("/cases", response={201: CaseRead, **WRITE_ERRORS})
def create_case(request: HttpRequest, payload: CaseCreate) -> Any:
    """Open a case at the first contact, in a cluster you manage; you own it unless
    `owner` says."""
    user = caller(request)
    permissions.ensure_allowed(support_permissions.can_create_case(user))
    organisation = visible(user, Organisation, payload.organisation, "organisation")
    cluster = allowed_cluster(user, payload.cluster)
    owner = user_named(payload.owner, "owner", staff_owner_queryset()) or user
    case = workflows.open_case(
        actor=user,
        organisation=organisation,
        cluster=cluster,
        owner=owner,
        origin=payload.origin,
        problem_statement=payload.problem_statement,
        opened_on=payload.opened_on,
    )
    return Status(201, selectors.case_get(user=user, uuid=case.uuid))


@router.get("/cases/{case_id}", response={200: CaseRead, **READ_ERRORS})
def get_case(request: HttpRequest, case_id: UUID) -> Any:
    return selectors.case_get(user=caller(request), uuid=case_id)


@router.patch("/cases/{case_id}", response={200: CaseRead, **WRITE_ERRORS})
def update_case(request: HttpRequest, case_id: UUID, payload: CaseUpdate) -> Any:
    """Change the fields sent; 409 when the case changed since `version`."""
    user = caller(request)
    case = selectors.case_get(user=user, uuid=case_id)
    permissions.ensure(user, Action.CHANGE, case)
    data = payload.model_dump(exclude_unset=True, exclude={"version", "cluster", "owner"})
    sent = payload.model_fields_set
    if "cluster" in sent:
        data["cluster"] = allowed_cluster(user, payload.cluster, keep=case.cluster_id)
    if "owner" in sent:
        data["owner"] = user_named(payload.owner, "owner", staff_owner_queryset())
    if "closure_reason" in sent and not case.is_closed:
        raise ValidationError({"closure_reason": [_("Only a closed case has a closure reason.")]})
    services.case_update(actor=user, case=case, data=data, expected_version=payload.version)
    return selectors.case_get(user=user, uuid=case_id)


@router.post("/cases/{case_id}/transitions", response={200: CaseRead, **WRITE_ERRORS})
def transition_case(request: HttpRequest, case_id: UUID, payload: CaseTransition) -> Any:
    """Move the case to `to_state`. A move the journey does not allow is a 422 on
    `to_state` listing the allowed next states; a missing reason is a 422 on `reason`."""
    user = caller(request)
    case = selectors.case_get(user=user, uuid=case_id)
    permissions.ensure(user, Action.CHANGE, case)
    services.case_transition(
        actor=user,
        case=case,
        to_state=payload.to_state,
        reason=payload.reason,
        expected_version=payload.version,
        outcome_summary=payload.outcome_summary,
    )
    return selectors.case_get(user=user, uuid=case_id)


@router.get("/cases/{case_id}/history", response={200: list[StateChangeRead], **READ_ERRORS})
def case_history(request: HttpRequest, case_id: UUID) -> Any:
    """Every move of the case's state, oldest first (the first one opened it)."""
    case = selectors.case_get(user=caller(request), uuid=case_id)
    return list(selectors.case_history(case))

"""Clusters: everyone signed in lists them; admins create, change and delete them."""

from typing import Any
from uuid import UUID

from django.contrib.auth import get_user_model
from django.http import HttpRequest
from ninja import Query, Router, Status

from clusterdesk.accounts.models import Role
from clusterdesk.core import permissions
from clusterdesk.core.permissions import Action
from clusterdesk.organisations import selectors, services
from clusterdesk.organisations.api.common import VERSION, caller, page_of, users_by_username
from clusterdesk.organisations.models import Cluster
from clusterdesk.organisations.schemas import (
    READ_ERRORS,
    WRITE_ERRORS,
    ClusterCreate,
    ClusterPage,
    ClusterQuery,
    ClusterRead,
    ClusterUpdate,
    PageQuery,
)

router = Router(tags=["clusters"])


def service_data(payload: ClusterCreate | ClusterUpdate, *, partial: bool) -> dict[str, Any]:
    values = payload.model_dump(exclude_unset=partial, exclude={"version", "managers"})
    if not partial or "managers" in payload.model_fields_set:
        managers = get_user_model().objects.filter(is_active=True, role=Role.MANAGER)
        values["managers"] = users_by_username(payload.managers or [], "managers", managers)
    return values


def cluster_read(user: Any, uuid: UUID) -> Cluster:
    cluster = selectors.cluster_get_by_id(user=user, uuid=uuid)
    cluster.member_count = selectors.cluster_members(cluster).count()  # type: ignore[attr-defined]
    return cluster


@router.get("/clusters", response={200: ClusterPage, **READ_ERRORS})
def list_clusters(
    request: HttpRequest, filters: Query[ClusterQuery], page: Query[PageQuery]
) -> Any:
    """The clusters with their count of current members (analysts: without managers)."""
    found = selectors.cluster_list(user=caller(request), only_managed=filters.managed)
    return page_of(found, page)


@router.post("/clusters", response={201: ClusterRead, **WRITE_ERRORS})
def create_cluster(request: HttpRequest, payload: ClusterCreate) -> Any:
    user = caller(request)
    permissions.ensure_allowed(permissions.can_manage_clusters(user))
    cluster = services.cluster_create(actor=user, data=service_data(payload, partial=False))
    return Status(201, cluster_read(user, cluster.uuid))


@router.get("/clusters/{cluster_id}", response={200: ClusterRead, **READ_ERRORS})
def get_cluster(request: HttpRequest, cluster_id: UUID) -> Any:
    return cluster_read(caller(request), cluster_id)


@router.patch("/clusters/{cluster_id}", response={200: ClusterRead, **WRITE_ERRORS})
def update_cluster(request: HttpRequest, cluster_id: UUID, payload: ClusterUpdate) -> Any:
    user = caller(request)
    cluster = selectors.cluster_get_by_id(user=user, uuid=cluster_id)
    permissions.ensure(user, Action.CHANGE, cluster)
    services.cluster_update(
        actor=user,
        cluster=cluster,
        data=service_data(payload, partial=True),
        expected_version=payload.version,
    )
    return cluster_read(user, cluster_id)


@router.delete("/clusters/{cluster_id}", response={204: None, **WRITE_ERRORS})
def delete_cluster(request: HttpRequest, cluster_id: UUID, version: int = VERSION) -> Any:
    """Only a cluster that never had members (422 otherwise: its history stays)."""
    user = caller(request)
    cluster = selectors.cluster_get_by_id(user=user, uuid=cluster_id)
    permissions.ensure(user, Action.DELETE, cluster)
    services.cluster_delete(actor=user, cluster=cluster, expected_version=version)
    return Status(204, None)

"""The engagement part of the JSON API (added in clusterdesk/api.py): interactions and
follow-ups, through the same selectors, services and permission policy as the pages."""

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
from clusterdesk.engagement import permissions as rules
from clusterdesk.engagement import selectors, services
from clusterdesk.engagement.models import Interaction
from clusterdesk.engagement.schemas import (
    FollowUpCreate,
    FollowUpDone,
    FollowUpPage,
    FollowUpQuery,
    FollowUpRead,
    FollowUpUpdate,
    InteractionCreate,
    InteractionPage,
    InteractionQuery,
    InteractionRead,
    InteractionUpdate,
)
from clusterdesk.organisations.api.common import (
    VERSION,
    caller,
    page_of,
    referenced,
    users_by_username,
)
from clusterdesk.organisations.models import Cluster, Contact, Organisation

router = Router(tags=["engagement"])


# --- references in bodies --------------------------------------------------------------------


def _organisation(user: Any, uuid: UUID) -> Organisation:
    organisation: Organisation = referenced(Organisation, uuid, "organisation")
    if not permissions.can_view_organisation(user, organisation):
        raise ValidationError({"organisation": [_("Choose an organisation from the list.")]})
    return organisation


def _cluster(user: Any, uuid: UUID, current: int | None = None) -> Cluster:
    """A cluster the caller may file under (or the record's own one, unchanged)."""
    cluster: Cluster = referenced(Cluster, uuid, "cluster")
    if cluster.pk != current and not rules.can_use_cluster(user, cluster.pk):
        raise ValidationError({"cluster": [_("Choose a cluster you manage.")]})
    return cluster


def _contacts(uuids: list[UUID]) -> list[Contact]:
    wanted = list(dict.fromkeys(uuids))
    found = {contact.uuid: contact for contact in Contact.objects.filter(uuid__in=wanted)}
    missing = [str(uuid) for uuid in wanted if uuid not in found]
    if missing:
        raise ValidationError(
            {"contacts": [_("Nothing has this id: %(id)s.") % {"id": ", ".join(missing)}]}
        )
    return [found[uuid] for uuid in wanted]


def _interaction_data(user: Any, payload: Any, interaction: Interaction | None) -> dict:
    sent = payload.model_fields_set
    data = payload.model_dump(
        exclude_unset=interaction is not None,
        include={"kind", "occurred_on", "themes", "summary", "confidential"},
    )
    data = {key: value for key, value in data.items() if value is not None}
    if "cluster" in sent or interaction is None:
        current = interaction.cluster_id if interaction else None
        data["cluster"] = _cluster(user, payload.cluster, current)
    if "contacts" in sent or interaction is None:
        data["contacts"] = _contacts(payload.contacts or [])
    if "participants" in sent and payload.participants is not None:
        data["participants"] = users_by_username(
            payload.participants, "participants", services.staff_queryset()
        )
    return data


# --- interactions ----------------------------------------------------------------------------


@router.get("/interactions", response={200: InteractionPage, **READ_ERRORS})
def list_interactions(
    request: HttpRequest, filters: Query[InteractionQuery], page: Query[PageQuery]
) -> Any:
    """The interactions you may see, with the filters of their list page."""
    found = selectors.interaction_list(
        user=caller(request),
        filters=selectors.InteractionFilters(
            organisation=str(filters.organisation or ""),
            cluster=filters.cluster,
            kind=filters.kind or "",
            theme=filters.theme or "",
            date_from=filters.date_from,
            date_to=filters.date_to,
            mine=filters.mine,
            sort=filters.ordering,
        ),
    )
    return page_of(found, page)


@router.post("/interactions", response={201: InteractionRead, **WRITE_ERRORS})
def create_interaction(request: HttpRequest, payload: InteractionCreate) -> Any:
    """Log an interaction with an organisation, in a cluster you manage."""
    user = caller(request)
    permissions.ensure_allowed(rules.can_log_interaction(user))
    data = _interaction_data(user, payload, None)
    data["organisation"] = _organisation(user, payload.organisation)
    interaction = services.interaction_create(
        actor=user, data=data, follow_up_on=payload.follow_up_on
    )
    return Status(201, selectors.interaction_get(user=user, uuid=interaction.uuid))


@router.get("/interactions/{interaction_id}", response={200: InteractionRead, **READ_ERRORS})
def get_interaction(request: HttpRequest, interaction_id: UUID) -> Any:
    return selectors.interaction_get(user=caller(request), uuid=interaction_id)


@router.patch("/interactions/{interaction_id}", response={200: InteractionRead, **WRITE_ERRORS})
def update_interaction(
    request: HttpRequest, interaction_id: UUID, payload: InteractionUpdate
) -> Any:
    """Change the fields sent; 409 when the interaction changed since `version`."""
    user = caller(request)
    interaction = selectors.interaction_get(user=user, uuid=interaction_id)
    permissions.ensure(user, Action.CHANGE, interaction)
    services.interaction_update(
        actor=user,
        interaction=interaction,
        data=_interaction_data(user, payload, interaction),
        expected_version=payload.version,
    )
    return selectors.interaction_get(user=user, uuid=interaction_id)


@router.delete("/interactions/{interaction_id}", response={204: None, **WRITE_ERRORS})
def delete_interaction(request: HttpRequest, interaction_id: UUID, version: int = VERSION) -> Any:
    user = caller(request)
    interaction = selectors.interaction_get(user=user, uuid=interaction_id)
    permissions.ensure(user, Action.DELETE, interaction)
    services.interaction_delete(actor=user, interaction=interaction, expected_version=version)
    return Status(204, None)


# --- follow-ups ------------------------------------------------------------------------------


@router.get("/follow-ups", response={200: FollowUpPage, **READ_ERRORS})
def list_follow_ups(
    request: HttpRequest, filters: Query[FollowUpQuery], page: Query[PageQuery]
) -> Any:
    """Your follow-ups (or, with `mine=false`, every one you may see)."""
    found = selectors.follow_up_list(
        user=caller(request),
        filters=selectors.FollowUpFilters(
            owner="me" if filters.mine else "",
            status=filters.status,
            cluster=filters.cluster,
            organisation=str(filters.organisation or ""),
            sort=filters.ordering,
        ),
    )
    return page_of(found, page)


def _owner(username: str | None, user: Any) -> Any:
    if username is None:
        return user
    return users_by_username([username], "owner", services.owner_queryset())[0]


@router.post("/follow-ups", response={201: FollowUpRead, **WRITE_ERRORS})
def create_follow_up(request: HttpRequest, payload: FollowUpCreate) -> Any:
    """Plan a follow-up with an organisation."""
    user = caller(request)
    permissions.ensure_allowed(rules.can_create_follow_up(user))
    organisation = _organisation(user, payload.organisation)
    if payload.cluster is not None:
        cluster: Cluster | None = _cluster(user, payload.cluster)
    else:
        cluster = selectors.default_cluster(user, organisation)
    interaction = None
    if payload.interaction is not None:
        interaction = referenced(Interaction, payload.interaction, "interaction")
        if not rules.can_view_interaction(user, interaction):
            raise ValidationError(
                {"interaction": [_("Nothing has this id: %(id)s.") % {"id": payload.interaction}]}
            )
    follow_up = services.follow_up_create(
        actor=user,
        data={
            "organisation": organisation,
            "cluster": cluster,
            "owner": _owner(payload.owner, user),
            "due_on": payload.due_on,
            "note": payload.note,
            "interaction": interaction,
        },
    )
    return Status(201, selectors.follow_up_get(user=user, uuid=follow_up.uuid))


@router.get("/follow-ups/{follow_up_id}", response={200: FollowUpRead, **READ_ERRORS})
def get_follow_up(request: HttpRequest, follow_up_id: UUID) -> Any:
    return selectors.follow_up_get(user=caller(request), uuid=follow_up_id)


@router.patch("/follow-ups/{follow_up_id}", response={200: FollowUpRead, **WRITE_ERRORS})
def update_follow_up(request: HttpRequest, follow_up_id: UUID, payload: FollowUpUpdate) -> Any:
    """Change the fields sent (`done_on: null` opens it again); 409 when stale."""
    user = caller(request)
    follow_up = selectors.follow_up_get(user=user, uuid=follow_up_id)
    permissions.ensure(user, Action.CHANGE, follow_up)
    data = payload.model_dump(exclude_unset=True, exclude={"version", "owner"})
    if "owner" in payload.model_fields_set:
        data["owner"] = _owner(payload.owner, user)
    services.follow_up_update(
        actor=user, follow_up=follow_up, data=data, expected_version=payload.version
    )
    return selectors.follow_up_get(user=user, uuid=follow_up_id)


@router.post("/follow-ups/{follow_up_id}/done", response={200: FollowUpRead, **WRITE_ERRORS})
def mark_follow_up_done(request: HttpRequest, follow_up_id: UUID, payload: FollowUpDone) -> Any:
    """Mark the follow-up done today (done already: unchanged)."""
    user = caller(request)
    follow_up = selectors.follow_up_get(user=user, uuid=follow_up_id)
    permissions.ensure(user, Action.CHANGE, follow_up)
    services.follow_up_mark_done(actor=user, follow_up=follow_up, expected_version=payload.version)
    return selectors.follow_up_get(user=user, uuid=follow_up_id)


@router.delete("/follow-ups/{follow_up_id}", response={204: None, **WRITE_ERRORS})
def delete_follow_up(request: HttpRequest, follow_up_id: UUID, version: int = VERSION) -> Any:
    user = caller(request)
    follow_up = selectors.follow_up_get(user=user, uuid=follow_up_id)
    permissions.ensure(user, Action.DELETE, follow_up)
    services.follow_up_delete(actor=user, follow_up=follow_up, expected_version=version)
    return Status(204, None)

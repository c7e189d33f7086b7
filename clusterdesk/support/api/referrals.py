"""Referrals: refer a need, change its target or details, send it, and record the answer.

The members of the target agency team answer the referrals sent to their team
(`POST /referrals/{id}/answer`), even experts, who change nothing else; whoever may
change the case records the answers of external targets.
"""

from typing import Any
from uuid import UUID

from django.http import HttpRequest
from ninja import Query, Router, Status

from clusterdesk.catalogue.models import AgencyTeam, Call, SupportInstrument, TrainingProgramme
from clusterdesk.core import permissions
from clusterdesk.core.api_schemas import READ_ERRORS, WRITE_ERRORS, PageQuery
from clusterdesk.core.permissions import Action
from clusterdesk.organisations.models import Contact, Organisation
from clusterdesk.support import permissions as support_permissions
from clusterdesk.support import selectors, services, workflows
from clusterdesk.support.api.common import caller, page_of, referenced, visible
from clusterdesk.support.models import Need
from clusterdesk.support.schemas import (
    ReferralAnswer,
    ReferralCreate,
    ReferralPage,
    ReferralQuery,
    ReferralRead,
    ReferralSend,
    ReferralUpdate,
)
from clusterdesk.support.services.referrals import TARGET_FIELDS

router = Router(tags=["referrals"])


@router.get("/referrals", response={200: ReferralPage, **READ_ERRORS})
def list_referrals(
    request: HttpRequest, filters: Query[ReferralQuery], page: Query[PageQuery]
) -> Any:
    """Referrals; `scope=my-teams` lists the ones sent to your teams."""
    found = selectors.referral_list(
        user=caller(request),
        filters=selectors.ReferralFilters(
            q=filters.q,
            status=filters.status or "",
            kind=filters.kind or "",
            team=filters.team,
            cluster=filters.cluster,
            case=str(filters.case or ""),
            need=str(filters.need or ""),
            scope=filters.scope or "",
            sort=filters.ordering,
        ),
    )
    return page_of(found, page)


def _references(user: Any, payload: ReferralCreate | ReferralUpdate) -> dict[str, Any]:
    """The records the body names, for the fields it sent."""
    sent = payload.model_fields_set
    data: dict[str, Any] = {}
    if "target_team" in sent:
        team_id = payload.target_team
        data["target_team"] = referenced(AgencyTeam, team_id, "target_team") if team_id else None
    if "target_organisation" in sent:
        organisation_id = payload.target_organisation
        data["target_organisation"] = (
            visible(user, Organisation, organisation_id, "target_organisation")
            if organisation_id
            else None
        )
    catalogue = (
        ("target_instrument", SupportInstrument),
        ("target_call", Call),
        ("target_training", TrainingProgramme),
    )
    for name, model in catalogue:
        if name in sent:
            record_id = getattr(payload, name)
            data[name] = referenced(model, record_id, name) if record_id else None
    if "receiving_contact" in sent:
        contact_id = payload.receiving_contact
        data["receiving_contact"] = (
            visible(user, Contact, contact_id, "receiving_contact") if contact_id else None
        )
    return data


@router.post("/referrals", response={201: ReferralRead, **WRITE_ERRORS})
def create_referral(request: HttpRequest, payload: ReferralCreate) -> Any:
    """Refer a need of a case you may change: proposed, or sent at once with `send`.
    Sending moves the case to "referred" when its state allows that step."""
    user = caller(request)
    permissions.ensure_allowed(support_permissions.reads_journeys(user))
    need = visible(user, Need, payload.need, "need")
    permissions.ensure(user, Action.CHANGE, need)
    data = payload.model_dump(
        include={"target_kind", "instrument_name", "receiving_person", "note"}
    )
    data.update(_references(user, payload))
    referral = workflows.refer_need(actor=user, need=need, data=data, send=payload.send)
    return Status(201, selectors.referral_get(user=user, uuid=referral.uuid))


@router.get("/referrals/{referral_id}", response={200: ReferralRead, **READ_ERRORS})
def get_referral(request: HttpRequest, referral_id: UUID) -> Any:
    return selectors.referral_get(user=caller(request), uuid=referral_id)


@router.patch("/referrals/{referral_id}", response={200: ReferralRead, **WRITE_ERRORS})
def update_referral(request: HttpRequest, referral_id: UUID, payload: ReferralUpdate) -> Any:
    """Change the target (while proposed) or who receives it."""
    user = caller(request)
    referral = selectors.referral_get(user=user, uuid=referral_id)
    permissions.ensure(user, Action.CHANGE, referral)
    data = payload.model_dump(
        exclude_unset=True,
        include={"target_kind", "instrument_name", "receiving_person", "note"},
    )
    data.update(_references(user, payload))
    if any(name in data for name in TARGET_FIELDS):
        # The target is checked as a whole: complete it with what the referral holds.
        for name in TARGET_FIELDS:
            data.setdefault(name, getattr(referral, name))
    services.referral_update(
        actor=user, referral=referral, data=data, expected_version=payload.version
    )
    return selectors.referral_get(user=user, uuid=referral_id)


@router.post("/referrals/{referral_id}/send", response={200: ReferralRead, **WRITE_ERRORS})
def send_referral(request: HttpRequest, referral_id: UUID, payload: ReferralSend) -> Any:
    """A proposed referral goes out to its target; the case moves to "referred" when its
    state allows that step."""
    user = caller(request)
    referral = selectors.referral_get(user=user, uuid=referral_id)
    permissions.ensure(user, Action.CHANGE, referral)
    workflows.send_referral(
        actor=user, referral=referral, expected_version=payload.version, sent_on=payload.sent_on
    )
    return selectors.referral_get(user=user, uuid=referral_id)


@router.post("/referrals/{referral_id}/answer", response={200: ReferralRead, **WRITE_ERRORS})
def answer_referral(request: HttpRequest, referral_id: UUID, payload: ReferralAnswer) -> Any:
    """Accept or decline a referral sent to your team, report progress and the outcome.
    403 for an expert of another team; a move its status does not allow is a 422."""
    user = caller(request)
    referral = selectors.referral_get(user=user, uuid=referral_id)
    support_permissions.ensure_can_answer(user, referral)
    data = payload.model_dump(exclude_unset=True, exclude={"version"})
    if "outcome_kind" in data and data["outcome_kind"] is None:
        data["outcome_kind"] = ""
    services.referral_answer(
        actor=user,
        referral=referral,
        data=data,
        expected_version=payload.version,
        as_target=not permissions.can(user, Action.CHANGE, referral.case),
    )
    return selectors.referral_get(user=user, uuid=referral_id)

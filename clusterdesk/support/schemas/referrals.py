# The update schemas default every field to None so that a field not sent stays unset
# (PATCH), while null itself is refused where the record cannot hold it; mypy reads
# `Field(None)` as a None value for a non-optional type.
# mypy: disable-error-code="assignment,arg-type"
"""Referrals, and the answers of their targets."""

import datetime
from typing import Any, Literal
from uuid import UUID

from ninja import Field, Schema

from clusterdesk.catalogue.schemas import TeamRef
from clusterdesk.core.api_schemas import PageOut, Text
from clusterdesk.organisations.schemas.common import ContactRef, OrganisationRef, public_id
from clusterdesk.support import states
from clusterdesk.support.models import (
    OutcomeKind,
    TargetKind,
)
from clusterdesk.support.schemas.common import Amount, CaseRef, NeedRef
from clusterdesk.support.states import ReferralStatus


class CatalogueRef(Schema):
    """An instrument, call or training of the catalogue: its id and its name."""

    id: UUID
    label: str
    resolve_id = staticmethod(public_id)

    @staticmethod
    def resolve_label(obj: Any) -> str:
        return str(obj)


class ReferralCreate(Schema):
    need: UUID
    target_kind: TargetKind
    target_team: UUID | None = Field(None, description="For `agency_team`.")
    target_organisation: UUID | None = Field(
        None, description="For `service_provider` and `partner`: an organisation you may see."
    )
    target_instrument: UUID | None = Field(
        None, description="For `instrument`: from the catalogue."
    )
    instrument_name: Text = Field(
        "", max_length=200, description="For `instrument`: one that is not in the catalogue."
    )
    target_call: UUID | None = Field(None, description="For `call`.")
    target_training: UUID | None = Field(None, description="For `training`.")
    receiving_person: Text = Field("", max_length=200)
    receiving_contact: UUID | None = Field(
        None, description="A contact of the target organisation."
    )
    note: Text = Field("", max_length=5000)
    send: bool = Field(False, description="Send it at once (otherwise it is proposed).")


class ReferralUpdate(Schema):
    """The target changes only while the referral is proposed."""

    version: int = Field(ge=1)
    target_kind: TargetKind = Field(None)
    target_team: UUID | None = None
    target_organisation: UUID | None = None
    target_instrument: UUID | None = None
    instrument_name: Text = Field(None, max_length=200)
    target_call: UUID | None = None
    target_training: UUID | None = None
    receiving_person: Text = Field(None, max_length=200)
    receiving_contact: UUID | None = None
    note: Text = Field(None, max_length=5000)


class ReferralSend(Schema):
    version: int = Field(ge=1)
    sent_on: datetime.date | None = Field(None, description="Today when not given.")


class ReferralAnswer(Schema):
    """The target's answer, by a member of the target team (or the case's holder)."""

    version: int = Field(ge=1)
    status: ReferralStatus | None = Field(
        None, description="accepted, declined, in_progress or done, as the status allows."
    )
    answered_on: datetime.date | None = Field(None, description="Today when not given.")
    receiving_person: Text = Field(None, max_length=200)
    outcome_kind: OutcomeKind | None = None
    outcome_amount: Amount | None = Field(None, description="In EUR.")
    outcome_note: Text = Field(None, max_length=5000)


class ReferralRead(Schema):
    id: UUID
    version: int
    case: CaseRef
    need: NeedRef
    target_kind: TargetKind
    target_team: TeamRef | None
    target_organisation: OrganisationRef | None
    target_instrument: CatalogueRef | None
    instrument_name: str
    target_call: CatalogueRef | None
    target_training: CatalogueRef | None
    target_label: str
    status: ReferralStatus
    next_statuses: list[ReferralStatus]
    sent_on: datetime.date | None
    answered_on: datetime.date | None
    receiving_person: str
    receiving_contact: ContactRef | None
    note: str
    outcome_kind: OutcomeKind | None
    outcome_amount: int | None
    outcome_note: str
    created_at: datetime.datetime
    updated_at: datetime.datetime
    resolve_id = staticmethod(public_id)

    @staticmethod
    def resolve_next_statuses(obj: Any) -> list[str]:
        return list(states.referral_next_statuses(obj.status))

    @staticmethod
    def resolve_outcome_kind(obj: Any) -> str | None:
        return obj.outcome_kind or None


ReferralStatusFilter = Literal[
    "proposed", "sent", "accepted", "in_progress", "done", "declined", "waiting", "open"
]
ReferralOrdering = Literal["created", "-created", "sent", "-sent", "organisation", "-organisation"]


class ReferralQuery(Schema):
    q: Text = Field("", max_length=200)
    status: ReferralStatusFilter | None = Field(
        None, description="A status, or `waiting` (proposed or sent) / `open` (not finished)."
    )
    kind: TargetKind | None = None
    team: Text = Field("", max_length=60, description="Agency team slug")
    cluster: Text = Field("", max_length=50, description="Cluster slug of the case")
    case: UUID | None = None
    need: UUID | None = None
    scope: Literal["my-teams", "my-cases"] | None = Field(
        None, description="`my-teams`: sent to your teams; `my-cases`: of the cases you own."
    )
    ordering: ReferralOrdering = "-created"


class ReferralPage(PageOut):
    results: list[ReferralRead]

# The update schemas default every field to None so that a field not sent stays unset
# (PATCH), while null itself is refused where the record cannot hold it; mypy reads
# `Field(None)` as a None value for a non-optional type.
# mypy: disable-error-code="assignment,arg-type"
"""Support cases: `CaseCreate`, `CaseUpdate`, `CaseTransition` in, `CaseRead` out."""

import datetime
from typing import Any, Literal
from uuid import UUID

from ninja import Field, Schema

from clusterdesk.core.api_schemas import PageOut, Text
from clusterdesk.organisations.schemas.common import ClusterRef, OrganisationRef, UserRef, public_id
from clusterdesk.support import states
from clusterdesk.support.models import (
    Origin,
)
from clusterdesk.support.schemas.common import (
    LongText,
    Username,
)
from clusterdesk.support.states import State


class CaseCreate(Schema):
    organisation: UUID
    cluster: UUID = Field(description="A cluster you manage (admins: any).")
    owner: Username | None = Field(
        None, description="Username of a manager or an admin; you when not given."
    )
    origin: Origin = Origin.INBOUND
    problem_statement: Text = Field(min_length=1, max_length=10_000)
    opened_on: datetime.date | None = Field(None, description="Today when not given.")


class CaseUpdate(Schema):
    """Send only what changes, with the `version` you read. The state moves through
    `POST /cases/{id}/transitions`."""

    version: int = Field(ge=1)
    cluster: UUID = Field(None)
    owner: Username = Field(None)
    origin: Origin = Field(None)
    problem_statement: Text = Field(None, min_length=1, max_length=10_000)
    opened_on: datetime.date = Field(None)
    outcome_summary: LongText = Field(None)
    closure_reason: Text = Field(
        None, min_length=1, max_length=2000, description="Of a closed case only."
    )


class CaseTransition(Schema):
    version: int = Field(ge=1)
    to_state: State
    reason: Text = Field(
        "",
        max_length=2000,
        description="Required to skip the diagnosis, to close (the closure reason) and to reopen.",
    )
    outcome_summary: LongText | None = Field(None, description="When closing.")


class CaseRead(Schema):
    id: UUID
    version: int
    organisation: OrganisationRef
    cluster: ClusterRef
    owner: UserRef
    state: State
    next_states: list[State] = Field(description="The states the case may move to now.")
    origin: Origin
    problem_statement: str
    opened_on: datetime.date
    closed_on: datetime.date | None
    closure_reason: str
    outcome_summary: str
    created_at: datetime.datetime
    updated_at: datetime.datetime
    resolve_id = staticmethod(public_id)

    @staticmethod
    def resolve_next_states(obj: Any) -> list[str]:
        return list(states.next_states(obj.state))


class StateChangeRead(Schema):
    from_state: State | None
    to_state: State
    reason: str
    by: UserRef | None
    at: datetime.datetime

    @staticmethod
    def resolve_from_state(obj: Any) -> str | None:
        return obj.from_state or None


CaseStateFilter = Literal[
    "first_contact",
    "diagnosis",
    "solutions_proposed",
    "referred",
    "roadmap_agreed",
    "follow_up",
    "closed_done",
    "closed_no_need",
    "closed_dormant",
    "open",
    "closed",
]
CaseOrdering = Literal["opened", "-opened", "organisation", "-organisation", "updated", "-updated"]


class CaseQuery(Schema):
    q: Text = Field("", max_length=200, description="Words of the company or the problem.")
    state: CaseStateFilter | None = Field(None, description="A state, or `open` / `closed`.")
    cluster: Text = Field("", max_length=50, description="Cluster slug")
    owner: Literal["me"] | None = Field(None, description="`me`: the cases you own.")
    organisation: UUID | None = None
    ordering: CaseOrdering = "-opened"


class CasePage(PageOut):
    results: list[CaseRead]

# The update schemas default every field to None so that a field not sent stays unset
# (PATCH), while null itself is refused where the record cannot hold it; mypy reads
# `Field(None)` as a None value for a non-optional type.
# mypy: disable-error-code="assignment,arg-type"
"""Roadmaps and their actions."""

import datetime
from typing import Annotated, Any, Literal
from uuid import UUID

from ninja import Field, Schema

from clusterdesk.core.api_schemas import PageOut, Text
from clusterdesk.organisations.schemas.common import UserRef, public_id
from clusterdesk.support import selectors
from clusterdesk.support.models import (
    ActionStatus,
    EaseClass,
    Horizon,
    Priority,
)
from clusterdesk.support.schemas.common import (
    Amount,
    CaseRef,
    LongText,
    NeedRef,
    Username,
)

ReviewDates = Annotated[list[datetime.date], Field(max_length=50)]


class RoadmapCreate(Schema):
    case: UUID
    horizon: Horizon = Horizon.SHORT
    agreed_on: datetime.date | None = None
    review_dates: ReviewDates = []
    summary: LongText = ""


class RoadmapUpdate(Schema):
    version: int = Field(ge=1)
    horizon: Horizon = Field(None)
    agreed_on: datetime.date | None = None
    review_dates: ReviewDates = Field(None)
    summary: LongText = Field(None)


class ProgressRead(Schema):
    done: int
    total: int = Field(description="Actions that count: all but the dropped ones.")
    overdue: int


class RoadmapRead(Schema):
    id: UUID
    version: int
    case: CaseRef
    horizon: Horizon
    agreed_on: datetime.date | None
    review_dates: list[datetime.date]
    summary: str
    progress: ProgressRead
    created_at: datetime.datetime
    updated_at: datetime.datetime
    resolve_id = staticmethod(public_id)

    @staticmethod
    def resolve_progress(obj: Any) -> Any:
        return selectors.progress_of(list(obj.actions.all()))


class RoadmapPage(PageOut):
    results: list[RoadmapRead]


class ActionCreate(Schema):
    roadmap: UUID
    description: Text = Field(min_length=1, max_length=5000)
    owner: Username | None = Field(None, description="Username; none when the company does it.")
    due_on: datetime.date | None = None
    status: ActionStatus = ActionStatus.PLANNED
    estimated_cost: Amount | None = Field(None, description="In EUR.")
    priority: Priority = Priority.MEDIUM
    ease_class: EaseClass | None = None
    needs: list[UUID] = Field([], max_length=100, description="Needs of the same case.")
    referrals: list[UUID] = Field([], max_length=100, description="Referrals of the same case.")


class ActionUpdate(Schema):
    version: int = Field(ge=1)
    description: Text = Field(None, min_length=1, max_length=5000)
    owner: Username | None = None
    due_on: datetime.date | None = None
    status: ActionStatus = Field(None)
    estimated_cost: Amount | None = None
    priority: Priority = Field(None)
    ease_class: EaseClass | None = None
    needs: list[UUID] = Field(None, max_length=100)
    referrals: list[UUID] = Field(None, max_length=100)


class ActionRead(Schema):
    id: UUID
    version: int
    roadmap_id: UUID
    case: CaseRef
    description: str
    owner: UserRef | None
    due_on: datetime.date | None
    status: ActionStatus
    is_overdue: bool
    estimated_cost: int | None
    priority: Priority
    ease_class: EaseClass | None
    needs: list[NeedRef]
    referrals: list[UUID]
    created_at: datetime.datetime
    updated_at: datetime.datetime
    resolve_id = staticmethod(public_id)

    @staticmethod
    def resolve_roadmap_id(obj: Any) -> UUID:
        return obj.roadmap.uuid

    @staticmethod
    def resolve_case(obj: Any) -> Any:
        return obj.roadmap.case

    @staticmethod
    def resolve_is_overdue(obj: Any) -> bool:
        return bool(obj.is_overdue())

    @staticmethod
    def resolve_ease_class(obj: Any) -> str | None:
        return obj.ease_class or None

    @staticmethod
    def resolve_referrals(obj: Any) -> list[UUID]:
        return [referral.uuid for referral in obj.referrals.all()]


class ActionQuery(Schema):
    roadmap: UUID | None = None
    case: UUID | None = None
    owner: Literal["me"] | None = Field(None, description="`me`: the actions you own.")
    status: Literal["planned", "in_progress", "done", "dropped", "open"] | None = Field(
        None, description="A status, or `open` (planned or in progress)."
    )
    overdue: bool | None = None


class ActionPage(PageOut):
    results: list[ActionRead]

# The update schemas default every field to None so that a field not sent stays unset
# (PATCH), while null itself is refused where the record cannot hold it; mypy reads
# `Field(None)` as a None value for a non-optional type.
# mypy: disable-error-code="assignment,arg-type"
"""Support instruments, training programmes and calls for projects in the JSON API.

The JSON values an instrument holds (rates by size class, bonuses, eligibility rules) are
checked by the services, so a wrong one is a 422 on its field with the same words as the
pages (`matching.rules` for the rules).
"""

import datetime
from decimal import Decimal
from typing import Annotated, Any, Literal
from uuid import UUID

from ninja import Field, Schema

from clusterdesk.catalogue.models import (
    CallSource,
    CallStatus,
    InstrumentKind,
    Language,
    TrainingFormat,
)
from clusterdesk.catalogue.themes import Theme
from clusterdesk.core.api_schemas import PageOut, Text
from clusterdesk.organisations.schemas.common import OrganisationRef, public_id

AmountIn = Annotated[Decimal, Field(ge=0, le=10**12, max_digits=15, decimal_places=2)]
Slug = Annotated[Text, Field(max_length=80, pattern=r"^[-a-z0-9_]*$")]
Name = Annotated[Text, Field(min_length=1, max_length=200)]
Short = Annotated[Text, Field(max_length=200)]
Url = Annotated[Text, Field(max_length=500)]
LongText = Annotated[Text, Field(max_length=50_000)]

RATES = 'Aid rates in % by size class: `{"micro": 70, "small": 70, "medium": 60, "large": null}`.'
BONUSES = 'Bonus points: `[{"label": "Circular-economy project", "points": 20}]`.'
RULES = (
    'Eligibility rules: `[{"predicate": "is_sme"}, {"predicate": "cooldown", '
    '"instrument": "fit-4-digital", "years": 2}]` (predicates: `matching.rules.PREDICATES`).'
)


def _amount(value: Decimal | None) -> float | None:
    return None if value is None else float(value)


# --- support instruments ------------------------------------------------------------------------


class InstrumentCreate(Schema):
    slug: Slug = Field("", description="Short name used in links; made from the name if empty.")
    name: Name
    provider: Short = ""
    provider_organisation: UUID | None = Field(None, description="An organisation's id.")
    kind: InstrumentKind = InstrumentKind.GRANT
    summary: Annotated[Text, Field(max_length=500)] = ""
    description: LongText = ""
    themes: list[Theme] = []
    rates_by_size: dict[str, Any] = Field({}, description=RATES)
    bonuses: list[Any] = Field([], description=BONUSES)
    cap_eur: AmountIn | None = None
    flat_amount_eur: AmountIn | None = None
    valid_from: datetime.date | None = None
    valid_until: datetime.date | None = None
    legal_basis: Annotated[Text, Field(max_length=300)] = ""
    url: Url = ""
    eligibility_rules: list[Any] = Field([], description=RULES)
    active: bool = True


class InstrumentUpdate(Schema):
    version: int = Field(ge=1)
    slug: Slug = Field(None)
    name: Name = Field(None)
    provider: Short = Field(None)
    provider_organisation: UUID | None = None
    kind: InstrumentKind = Field(None)
    summary: Annotated[Text, Field(max_length=500)] = Field(None)
    description: LongText = Field(None)
    themes: list[Theme] = Field(None)
    rates_by_size: dict[str, Any] = Field(None, description=RATES)
    bonuses: list[Any] = Field(None, description=BONUSES)
    cap_eur: AmountIn | None = None
    flat_amount_eur: AmountIn | None = None
    valid_from: datetime.date | None = None
    valid_until: datetime.date | None = None
    legal_basis: Annotated[Text, Field(max_length=300)] = Field(None)
    url: Url = Field(None)
    eligibility_rules: list[Any] = Field(None, description=RULES)
    active: bool = Field(None)


class InstrumentRead(Schema):
    id: UUID
    version: int
    slug: str
    name: str
    provider: str
    provider_organisation: OrganisationRef | None
    kind: InstrumentKind
    summary: str
    description: str
    themes: list[str]
    rates_by_size: dict[str, Any]
    bonuses: list[Any]
    cap_eur: float | None
    flat_amount_eur: float | None
    valid_from: datetime.date | None
    valid_until: datetime.date | None
    legal_basis: str
    url: str
    eligibility_rules: list[Any]
    active: bool
    created_at: datetime.datetime
    updated_at: datetime.datetime
    resolve_id = staticmethod(public_id)

    @staticmethod
    def resolve_cap_eur(obj: Any) -> float | None:
        return _amount(obj.cap_eur)

    @staticmethod
    def resolve_flat_amount_eur(obj: Any) -> float | None:
        return _amount(obj.flat_amount_eur)


InstrumentOrdering = Literal["name", "-name", "valid_until", "-valid_until", "updated", "-updated"]


class InstrumentQuery(Schema):
    q: Text = Field("", max_length=200)
    kind: InstrumentKind | None = None
    theme: Theme | None = None
    active: bool | None = None
    ordering: InstrumentOrdering = "name"


class InstrumentPage(PageOut):
    results: list[InstrumentRead]


# --- training programmes ------------------------------------------------------------------------

Hours = Annotated[Decimal, Field(ge=0, le=10_000, max_digits=6, decimal_places=1)]
Topics = list[Annotated[Text, Field(min_length=1, max_length=200)]]


class TrainingCreate(Schema):
    slug: Slug = Field("", description="Short name used in links; made from the title if empty.")
    title: Name
    provider: Short = ""
    topics: Topics = []
    themes: list[Theme] = []
    format: TrainingFormat = TrainingFormat.CLASSROOM
    duration_hours: Hours | None = None
    language: Language = Language.EN
    dates: list[datetime.date] = Field([], description="Session start dates.")
    description: LongText = ""
    url: Url = ""
    active: bool = True


class TrainingUpdate(Schema):
    version: int = Field(ge=1)
    slug: Slug = Field(None)
    title: Name = Field(None)
    provider: Short = Field(None)
    topics: Topics = Field(None)
    themes: list[Theme] = Field(None)
    format: TrainingFormat = Field(None)
    duration_hours: Hours | None = None
    language: Language = Field(None)
    dates: list[datetime.date] = Field(None)
    description: LongText = Field(None)
    url: Url = Field(None)
    active: bool = Field(None)


class TrainingRead(Schema):
    id: UUID
    version: int
    slug: str
    title: str
    provider: str
    topics: list[str]
    themes: list[str]
    format: TrainingFormat
    duration_hours: float | None
    language: Language
    dates: list[datetime.date]
    description: str
    url: str
    active: bool
    created_at: datetime.datetime
    updated_at: datetime.datetime
    resolve_id = staticmethod(public_id)

    @staticmethod
    def resolve_duration_hours(obj: Any) -> float | None:
        return _amount(obj.duration_hours)


TrainingOrdering = Literal["title", "-title", "duration", "-duration", "updated", "-updated"]


class TrainingQuery(Schema):
    q: Text = Field("", max_length=200)
    format: TrainingFormat | None = None
    language: Language | None = None
    theme: Theme | None = None
    active: bool | None = None
    ordering: TrainingOrdering = "title"


class TrainingPage(PageOut):
    results: list[TrainingRead]


# --- calls for projects -------------------------------------------------------------------------


class CallCreate(Schema):
    external_id: Annotated[Text, Field(max_length=100)] = Field(
        "", description="The portal's topic id; empty for a call entered by hand."
    )
    source: CallSource = CallSource.MANUAL
    programme: Short = ""
    title: Annotated[Text, Field(min_length=1, max_length=500)]
    call_identifier: Short = ""
    call_title: Annotated[Text, Field(max_length=500)] = ""
    cluster: Annotated[Text, Field(max_length=100)] = ""
    action_type: Annotated[Text, Field(max_length=100)] = ""
    deadline: datetime.date | None = None
    deadline_model: Annotated[Text, Field(max_length=50)] = ""
    status: CallStatus = CallStatus.OPEN
    budget_min: AmountIn | None = None
    budget_max: AmountIn | None = None
    expected_grants: Annotated[int, Field(ge=0, le=1_000_000)] | None = None
    keywords: LongText = ""
    description: LongText = ""
    conditions: LongText = ""
    url: Url = ""


class CallUpdate(Schema):
    version: int = Field(ge=1)
    external_id: Annotated[Text, Field(max_length=100)] = Field(None)
    source: CallSource = Field(None)
    programme: Short = Field(None)
    title: Annotated[Text, Field(min_length=1, max_length=500)] = Field(None)
    call_identifier: Short = Field(None)
    call_title: Annotated[Text, Field(max_length=500)] = Field(None)
    cluster: Annotated[Text, Field(max_length=100)] = Field(None)
    action_type: Annotated[Text, Field(max_length=100)] = Field(None)
    deadline: datetime.date | None = None
    deadline_model: Annotated[Text, Field(max_length=50)] = Field(None)
    status: CallStatus = Field(None)
    budget_min: AmountIn | None = None
    budget_max: AmountIn | None = None
    expected_grants: Annotated[int, Field(ge=0, le=1_000_000)] | None = None
    keywords: LongText = Field(None)
    description: LongText = Field(None)
    conditions: LongText = Field(None)
    url: Url = Field(None)


class CallRead(Schema):
    id: UUID
    version: int
    external_id: str
    source: CallSource
    programme: str
    title: str
    call_identifier: str
    call_title: str
    cluster: str
    action_type: str
    deadline: datetime.date | None
    deadline_model: str
    status: CallStatus
    budget_min: float | None
    budget_max: float | None
    expected_grants: int | None
    keywords: str
    description: str
    conditions: str
    url: str
    created_at: datetime.datetime
    updated_at: datetime.datetime
    resolve_id = staticmethod(public_id)

    @staticmethod
    def resolve_budget_min(obj: Any) -> float | None:
        return _amount(obj.budget_min)

    @staticmethod
    def resolve_budget_max(obj: Any) -> float | None:
        return _amount(obj.budget_max)


CallOrdering = Literal["deadline", "-deadline", "title", "-title", "budget", "-budget"]


class CallQuery(Schema):
    q: Text = Field("", max_length=200)
    status: CallStatus | None = None
    programme: Text = Field("", max_length=200)
    source: CallSource | None = None
    deadline_from: datetime.date | None = None
    deadline_to: datetime.date | None = None
    ordering: CallOrdering = "deadline"


class CallPage(PageOut):
    results: list[CallRead]

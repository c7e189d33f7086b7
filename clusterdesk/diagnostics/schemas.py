"""Schemas of the diagnostics API: questionnaires (read) and diagnoses."""

import datetime
from typing import Any
from uuid import UUID

from ninja import Field, Schema

from clusterdesk.core.api_schemas import PageOut, Text
from clusterdesk.diagnostics.models import DiagnosisStatus, Stage, TemplateStatus
from clusterdesk.organisations.schemas.common import (
    ClusterRef,
    ContactRef,
    OrganisationRef,
    UserRef,
    public_id,
)

# --- questionnaires ----------------------------------------------------------------------------


class AnswerOptionRead(Schema):
    id: UUID
    label: str
    score: float
    order: int
    resolve_id = staticmethod(public_id)


class QuestionRead(Schema):
    id: UUID
    text: str
    help_text: str
    weight: float
    order: int
    options: list[AnswerOptionRead]
    resolve_id = staticmethod(public_id)

    @staticmethod
    def resolve_options(obj: Any) -> list[Any]:
        return list(obj.options.all())


class DimensionRead(Schema):
    id: UUID
    key: str
    name: str
    description: str
    weight: float
    order: int
    threshold: float = Field(description="A score below this (%) proposes the need.")
    need_theme: str
    need_category: str
    need_text: str
    questions: list[QuestionRead]
    resolve_id = staticmethod(public_id)

    @staticmethod
    def resolve_questions(obj: Any) -> list[Any]:
        return list(obj.questions.all())


class BandRead(Schema):
    key: str
    label: str
    up_to: float = Field(description="Highest overall score (%) of the band, inclusive.")


class TemplateRef(Schema):
    id: UUID
    key: str
    version: int
    name: str
    resolve_id = staticmethod(public_id)


class TemplateSummary(TemplateRef):
    status: TemplateStatus
    published_at: datetime.datetime | None


class TemplateRead(TemplateSummary):
    description: str
    bands: list[BandRead]
    dimensions: list[DimensionRead]

    @staticmethod
    def resolve_dimensions(obj: Any) -> list[Any]:
        return list(obj.dimensions.all())


class TemplatePage(PageOut):
    results: list[TemplateSummary]


class TemplateQuery(Schema):
    key: Text = Field("", max_length=40, description="Questionnaire key, e.g. dma")
    status: TemplateStatus | None = None


# --- diagnoses -----------------------------------------------------------------------------------


class DimensionScore(Schema):
    key: str
    name: str
    score: float | None = Field(description="0-100; null when no question was answered.")
    answered: int
    questions: int


class DiagnosisRead(Schema):
    id: UUID
    version: int
    organisation: OrganisationRef
    cluster: ClusterRef
    template: TemplateRef
    stage: Stage
    status: DiagnosisStatus
    performed_by: UserRef | None
    respondent: ContactRef | None
    sent_at: datetime.datetime | None
    submitted_at: datetime.datetime | None
    completed_on: datetime.date | None
    overall_score: float | None = Field(description="0-100, stored at completion.")
    band: str = Field(description="Key of the maturity band, stored at completion.")
    band_label: str
    dimension_scores: list[DimensionScore]
    created_at: datetime.datetime
    updated_at: datetime.datetime
    resolve_id = staticmethod(public_id)


class AnswerRead(Schema):
    question: UUID
    option: UUID


class DiagnosisDetail(DiagnosisRead):
    answers: list[AnswerRead]

    @staticmethod
    def resolve_answers(obj: Any) -> list[dict[str, UUID]]:
        return [
            {"question": answer.question.uuid, "option": answer.option.uuid}
            for answer in obj.answers.select_related("question", "option").order_by("id")
        ]


class DiagnosisPage(PageOut):
    results: list[DiagnosisRead]


class DiagnosisQuery(Schema):
    q: Text = Field("", max_length=100, description="Words of the organisation's name")
    organisation: UUID | None = None
    cluster: Text = Field("", max_length=50, description="Cluster slug")
    template: Text = Field("", max_length=40, description="Questionnaire key, e.g. dma")
    stage: Stage | None = None
    status: DiagnosisStatus | None = None
    band: Text = Field("", max_length=40, description="Band key, e.g. basic")
    ordering: Text = Field(
        "-updated",
        max_length=20,
        description="organisation, completed, score, updated; a leading - reverses",
    )


class DiagnosisCreate(Schema):
    organisation: UUID
    template: UUID = Field(description="A published questionnaire version.")
    cluster: UUID = Field(description="A cluster you manage.")
    stage: Stage | None = Field(None, description="T0 for the first, then T1, T2 when absent.")


class AnswerIn(Schema):
    question: UUID
    option: UUID | None = Field(description="null clears the answer.")


class AnswersIn(Schema):
    version: int = Field(ge=1, description="The version you read (409 when it changed).")
    answers: list[AnswerIn] = Field(max_length=500)


class CompleteIn(Schema):
    version: int = Field(ge=1, description="The version you read (409 when it changed).")


class ProposedNeedRead(Schema):
    theme: str
    category: str
    text: str
    priority: str = Field(description="high, medium or low")
    dimension: str
    score: float


class DimensionResult(DimensionScore):
    threshold: float
    previous: float | None = Field(description="Score in the previous diagnosis, if any.")
    delta: float | None


class DiagnosisRef(Schema):
    id: UUID
    stage: Stage
    completed_on: datetime.date | None
    overall_score: float | None
    resolve_id = staticmethod(public_id)


class ResultsRead(Schema):
    completed: bool = Field(description="false: provisional, from the answers so far.")
    overall_score: float | None
    band: str
    band_label: str
    answered: int
    questions: int
    dimensions: list[DimensionResult]
    previous: DiagnosisRef | None = Field(
        description="The organisation's previous completed diagnosis of this questionnaire."
    )
    proposed_needs: list[ProposedNeedRead]

"""The diagnostics part of the JSON API (added in clusterdesk/api.py): questionnaires to read,
and diagnoses to list, read, start, answer, complete, with their results. Same selectors,
services and permission policy as the pages."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any
from uuid import UUID

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Query, Router, Status

from clusterdesk.core import permissions as policy
from clusterdesk.core.api_schemas import READ_ERRORS, WRITE_ERRORS, PageQuery
from clusterdesk.core.permissions import Action
from clusterdesk.diagnostics import permissions, presentation, proposals, selectors, services, specs
from clusterdesk.diagnostics.models import AnswerOption, Diagnosis, Question, QuestionnaireTemplate
from clusterdesk.diagnostics.schemas import (
    AnswersIn,
    CompleteIn,
    DiagnosisCreate,
    DiagnosisDetail,
    DiagnosisPage,
    DiagnosisQuery,
    ResultsRead,
    TemplatePage,
    TemplateQuery,
    TemplateRead,
)
from clusterdesk.organisations.api.common import caller, page_of, referenced
from clusterdesk.organisations.models import Cluster, Organisation

router = Router(tags=["diagnostics"])


# --- questionnaires ----------------------------------------------------------------------------


@router.get("/questionnaires", response={200: TemplatePage, **READ_ERRORS})
def list_questionnaires(
    request: HttpRequest, filters: Query[TemplateQuery], page: Query[PageQuery]
) -> Any:
    """Every version of every questionnaire (key, then newest version first)."""
    found = selectors.template_list(
        user=caller(request), key=filters.key, status=filters.status or ""
    )
    return page_of(found, page)


@router.get("/questionnaires/{template_id}", response={200: TemplateRead, **READ_ERRORS})
def get_questionnaire(request: HttpRequest, template_id: UUID) -> Any:
    """One version with its dimensions, questions and answer options (with scores)."""
    return selectors.template_get(user=caller(request), uuid=template_id)


# --- diagnoses -----------------------------------------------------------------------------------


@router.get("/diagnoses", response={200: DiagnosisPage, **READ_ERRORS})
def list_diagnoses(
    request: HttpRequest, filters: Query[DiagnosisQuery], page: Query[PageQuery]
) -> Any:
    found = selectors.diagnosis_list(
        user=caller(request),
        filters=selectors.DiagnosisFilters(
            q=filters.q,
            organisation=str(filters.organisation or ""),
            cluster=filters.cluster,
            template=filters.template,
            stage=filters.stage or "",
            status=filters.status or "",
            band=filters.band,
            sort=filters.ordering,
        ),
    )
    return page_of(found, page)


@router.post("/diagnoses", response={201: DiagnosisDetail, **WRITE_ERRORS})
def create_diagnosis(request: HttpRequest, payload: DiagnosisCreate) -> Any:
    """Start a diagnosis (in progress) of a published questionnaire, in a cluster you manage."""
    user = caller(request)
    policy.ensure_allowed(permissions.can_start_diagnosis(user))
    cluster: Cluster = referenced(Cluster, payload.cluster, "cluster")
    policy.ensure_allowed(policy.is_admin(user) or cluster.pk in policy.managed_cluster_ids(user))
    organisation: Organisation = referenced(Organisation, payload.organisation, "organisation")
    template: QuestionnaireTemplate = referenced(
        QuestionnaireTemplate, payload.template, "template"
    )
    diagnosis = services.diagnosis_start(
        actor=user,
        organisation=organisation,
        template=template,
        cluster=cluster,
        stage=payload.stage,
    )
    return Status(201, selectors.diagnosis_get(user=user, uuid=diagnosis.uuid))


@router.get("/diagnoses/{diagnosis_id}", response={200: DiagnosisDetail, **READ_ERRORS})
def get_diagnosis(request: HttpRequest, diagnosis_id: UUID) -> Any:
    """A diagnosis with its answers (question and option ids of the questionnaire)."""
    return selectors.diagnosis_get(user=caller(request), uuid=diagnosis_id)


def _answers(diagnosis: Diagnosis, payload: AnswersIn) -> dict[Question, AnswerOption | None]:
    """The questions and options the body names, each of this diagnosis's questionnaire."""
    question_ids = [item.question for item in payload.answers]
    questions = {
        question.uuid: question
        for question in Question.objects.select_related("dimension").filter(
            uuid__in=question_ids, dimension__template=diagnosis.template_id
        )
    }
    option_ids = [item.option for item in payload.answers if item.option is not None]
    options = {
        option.uuid: option
        for option in AnswerOption.objects.filter(
            uuid__in=option_ids, question__in=questions.values()
        )
    }
    answers: dict[Question, AnswerOption | None] = {}
    for item in payload.answers:
        question = questions.get(item.question)
        if question is None:
            raise ValidationError(
                {
                    "answers": [
                        _("Not a question of this questionnaire: %(id)s.") % {"id": item.question}
                    ]
                }
            )
        option = options.get(item.option) if item.option is not None else None
        if item.option is not None and (option is None or option.question_id != question.pk):
            raise ValidationError(
                {
                    "answers": [
                        _("Not an answer to question %(question)s: %(id)s.")
                        % {"question": item.question, "id": item.option}
                    ]
                }
            )
        answers[question] = option
    return answers


@router.post("/diagnoses/{diagnosis_id}/answers", response={200: DiagnosisDetail, **WRITE_ERRORS})
def answer_diagnosis(request: HttpRequest, diagnosis_id: UUID, payload: AnswersIn) -> Any:
    """Save answers (progress): each names a question and the option chosen, or null to
    clear it. Other questions keep their answers."""
    user = caller(request)
    diagnosis = selectors.diagnosis_get(user=user, uuid=diagnosis_id)
    policy.ensure(user, Action.CHANGE, diagnosis)
    services.diagnosis_answer(
        actor=user,
        diagnosis=diagnosis,
        answers=_answers(diagnosis, payload),
        expected_version=payload.version,
    )
    return selectors.diagnosis_get(user=user, uuid=diagnosis_id)


@router.post("/diagnoses/{diagnosis_id}/complete", response={200: DiagnosisDetail, **WRITE_ERRORS})
def complete_diagnosis(request: HttpRequest, diagnosis_id: UUID, payload: CompleteIn) -> Any:
    """Compute and store the results; the diagnosis no longer changes."""
    user = caller(request)
    diagnosis = selectors.diagnosis_get(user=user, uuid=diagnosis_id)
    policy.ensure(user, Action.CHANGE, diagnosis)
    services.diagnosis_complete(actor=user, diagnosis=diagnosis, expected_version=payload.version)
    return selectors.diagnosis_get(user=user, uuid=diagnosis_id)


@router.get("/diagnoses/{diagnosis_id}/results", response={200: ResultsRead, **READ_ERRORS})
def diagnosis_results(request: HttpRequest, diagnosis_id: UUID) -> Any:
    """Scores per dimension, overall score and band, the change since the organisation's
    previous diagnosis of this questionnaire, and the needs the low scores propose. Before
    completion the results are provisional, from the answers so far."""
    diagnosis = selectors.diagnosis_get(user=caller(request), uuid=diagnosis_id)
    if diagnosis.is_completed:
        context = presentation.results_context(diagnosis)
        results = context["results"]
        return {
            "completed": True,
            "overall_score": results.overall,
            "band": diagnosis.band,
            "band_label": diagnosis.band_label,
            "answered": results.answered,
            "questions": results.questions,
            "dimensions": [asdict(row) for row in context["rows"]],
            "previous": context["previous"],
            "proposed_needs": context["proposals"],
        }
    spec = specs.template_spec(specs.with_structure(diagnosis.template))
    results = services.diagnosis_results(diagnosis)
    thresholds = {dimension.key: dimension.threshold for dimension in spec.dimensions}
    return {
        "completed": False,
        "overall_score": results.overall,
        "band": results.band.key if results.band else "",
        "band_label": results.band.label if results.band else "",
        "answered": results.answered,
        "questions": results.questions,
        "dimensions": [
            {**d.to_json(), "threshold": thresholds[d.key], "previous": None, "delta": None}
            for d in results.dimensions
        ],
        "previous": None,
        "proposed_needs": proposals.proposed_needs(results, spec),
    }

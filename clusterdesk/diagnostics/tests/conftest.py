"""Diagnoses of the cast: the seeded questionnaires (loaded by the data migration) and
helpers that answer them through the services."""

from __future__ import annotations

import datetime
from typing import Any

import pytest

from clusterdesk.diagnostics import services, specs
from clusterdesk.diagnostics.models import (
    AnswerOption,
    Diagnosis,
    Question,
    QuestionnaireTemplate,
)


def questions_of(template: QuestionnaireTemplate) -> list[Question]:
    structured = specs.with_structure(template)
    return [q for dimension in structured.dimensions.all() for q in dimension.questions.all()]


def answers_at(
    template: QuestionnaireTemplate, level: float, only: set[str] | None = None
) -> dict[Question, AnswerOption]:
    """Every question (or those of the dimensions `only`) answered with the option nearest
    to `level` (0 = weakest answer, 1 = best)."""
    answers = {}
    for question in questions_of(template):
        if only is not None and question.dimension.key not in only:
            continue
        options = sorted(question.options.all(), key=lambda option: option.score)
        answers[question] = options[round(level * (len(options) - 1))]
    return answers


def fill(diagnosis: Diagnosis, level: float, actor: Any = None, **kwargs: Any) -> Diagnosis:
    return services.diagnosis_answer(
        actor=actor,
        diagnosis=diagnosis,
        answers=answers_at(diagnosis.template, level, **kwargs),
        expected_version=None,
    )


def complete(
    diagnosis: Diagnosis, level: float, actor: Any = None, on: datetime.date | None = None
) -> Diagnosis:
    fill(diagnosis, level, actor)
    return services.diagnosis_complete(
        actor=actor, diagnosis=diagnosis, expected_version=None, completed_on=on
    )


@pytest.fixture
def dma(db: Any) -> QuestionnaireTemplate:
    return QuestionnaireTemplate.objects.get(key="dma", status="published")


@pytest.fixture
def resilience(db: Any) -> QuestionnaireTemplate:
    return QuestionnaireTemplate.objects.get(key="resilience", status="published")


@pytest.fixture
def diagnosis_a(manager_a: Any, organisation_a: Any, cluster_a: Any, dma: Any) -> Diagnosis:
    """A DMA of organisation_a in cluster_a, started by manager_a (in progress)."""
    return services.diagnosis_start(
        actor=manager_a, organisation=organisation_a, template=dma, cluster=cluster_a
    )


@pytest.fixture
def diagnosis_b(manager_b: Any, organisation_b: Any, cluster_b: Any, dma: Any) -> Diagnosis:
    """A DMA of organisation_b in cluster_b, started by manager_b (in progress)."""
    return services.diagnosis_start(
        actor=manager_b, organisation=organisation_b, template=dma, cluster=cluster_b
    )


@pytest.fixture
def completed_a(diagnosis_a: Diagnosis, manager_a: Any) -> Diagnosis:
    """diagnosis_a answered at the middle of every scale and completed."""
    return complete(diagnosis_a, 0.5, manager_a)

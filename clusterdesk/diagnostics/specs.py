"""From the database to the plain dataclasses of `scoring` and `proposals`, and back."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db.models import Prefetch

from clusterdesk.diagnostics import scoring
from clusterdesk.diagnostics.models import (
    Answer,
    AnswerOption,
    Diagnosis,
    Dimension,
    Question,
    QuestionnaireTemplate,
)


def structure_prefetch() -> list[Any]:
    """Prefetch a template's dimensions, questions and options in three queries."""
    return [
        Prefetch(
            "dimensions",
            queryset=Dimension.objects.order_by("order", "id").prefetch_related(
                Prefetch(
                    "questions",
                    queryset=Question.objects.order_by("order", "id").prefetch_related(
                        Prefetch("options", queryset=AnswerOption.objects.order_by("order", "id"))
                    ),
                )
            ),
        )
    ]


def with_structure(template: QuestionnaireTemplate) -> QuestionnaireTemplate:
    """`template` reloaded with its dimensions, questions and options prefetched."""
    return QuestionnaireTemplate.objects.prefetch_related(*structure_prefetch()).get(pk=template.pk)


def bands(template: QuestionnaireTemplate) -> tuple[scoring.Band, ...]:
    return tuple(
        scoring.Band(key=str(band["key"]), label=str(band["label"]), up_to=float(band["up_to"]))
        for band in template.bands or []
    )


def _max_score(question: Question) -> float:
    return max((float(option.score) for option in question.options.all()), default=0.0)


def template_spec(template: QuestionnaireTemplate) -> scoring.TemplateSpec:
    """The template as `scoring` sees it; prefetch its structure first (`with_structure`)."""
    dimensions = tuple(
        scoring.DimensionSpec(
            key=dimension.key,
            name=dimension.name,
            weight=float(dimension.weight),
            threshold=float(dimension.threshold),
            need_theme=dimension.need_theme,
            need_category=dimension.need_category,
            need_text=dimension.need_text,
            questions=tuple(
                scoring.QuestionSpec(
                    id=question.pk, max_score=_max_score(question), weight=float(question.weight)
                )
                for question in dimension.questions.all()
            ),
        )
        for dimension in template.dimensions.all()
    )
    return scoring.TemplateSpec(
        key=template.key,
        name=template.name,
        version=template.version,
        dimensions=dimensions,
        bands=bands(template),
    )


def answer_scores(answers: Iterable[Answer]) -> dict[int, float]:
    """Question id → score of the chosen option (answers with `option` selected)."""
    return {answer.question_id: float(answer.option.score) for answer in answers}


def stored_results(diagnosis: Diagnosis) -> scoring.Results | None:
    """The results stored when `diagnosis` was completed; None before."""
    if not diagnosis.is_completed:
        return None
    overall = None if diagnosis.overall_score is None else float(diagnosis.overall_score)
    band = next((b for b in bands(diagnosis.template) if b.key == diagnosis.band), None)
    return scoring.results_from_json(diagnosis.dimension_scores or [], overall, band)

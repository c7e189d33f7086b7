"""Versioning rules of questionnaires: a published version never changes; a new version
is a draft copy; publishing it retires the one it replaces; diagnoses keep theirs."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import ValidationError

from clusterdesk.core.audit import timeline
from clusterdesk.core.concurrency import StaleVersionError
from clusterdesk.diagnostics import services
from clusterdesk.diagnostics.models import (
    AnswerOption,
    Dimension,
    Question,
    QuestionnaireTemplate,
    TemplateStatus,
)
from clusterdesk.diagnostics.tests.conftest import complete

pytestmark = pytest.mark.django_db

OPTIONS = [
    {"label": "No", "score": 0},
    {"label": "Partly", "score": 1},
    {"label": "Yes", "score": 2},
]


def structure(template: QuestionnaireTemplate) -> list[tuple[Any, ...]]:
    """Everything a diagnosis depends on, without ids."""
    return [
        (
            d.key,
            d.name,
            d.weight,
            d.order,
            d.threshold,
            d.need_theme,
            d.need_text,
            [
                (q.text, q.weight, q.order, [(o.label, o.score, o.order) for o in q.options.all()])
                for q in d.questions.all()
            ],
        )
        for d in template.dimensions.prefetch_related("questions__options")
    ]


@pytest.fixture
def draft(dma: QuestionnaireTemplate, admin: Any) -> QuestionnaireTemplate:
    return services.template_new_version(actor=admin, template=dma)


def test_a_new_version_is_a_draft_copy_with_the_next_number(
    dma: QuestionnaireTemplate, draft: QuestionnaireTemplate
) -> None:
    assert (draft.key, draft.version, draft.status) == ("dma", 2, TemplateStatus.DRAFT)
    assert draft.name == dma.name
    assert draft.bands == dma.bands
    assert structure(draft) == structure(dma)
    assert not set(
        Question.objects.filter(dimension__template=draft).values_list("pk", flat=True)
    ) & set(Question.objects.filter(dimension__template=dma).values_list("pk", flat=True))
    event = timeline(draft).first()
    assert event is not None
    assert event.changes["source"] == [None, str(dma)]


def test_only_one_draft_per_questionnaire(
    dma: QuestionnaireTemplate, draft: QuestionnaireTemplate, admin: Any
) -> None:
    with pytest.raises(ValidationError, match="already a draft"):
        services.template_new_version(actor=admin, template=dma)


@pytest.mark.parametrize(
    "edit",
    [
        lambda t, a: services.template_update(
            actor=a, template=t, data={"name": "X"}, expected_revision=None
        ),
        lambda t, a: services.dimension_create(actor=a, template=t, data={"key": "x", "name": "X"}),
        lambda t, a: services.dimension_update(
            actor=a, dimension=t.dimensions.first(), data={"name": "X"}, expected_version=None
        ),
        lambda t, a: services.dimension_delete(
            actor=a, dimension=t.dimensions.first(), expected_version=None
        ),
        lambda t, a: services.question_create(
            actor=a, dimension=t.dimensions.first(), data={"text": "New?"}, options=OPTIONS
        ),
        lambda t, a: services.question_update(
            actor=a,
            question=Question.objects.filter(dimension__template=t).first(),
            data={"text": "Changed?"},
            options=None,
            expected_version=None,
        ),
        lambda t, a: services.question_delete(
            actor=a,
            question=Question.objects.filter(dimension__template=t).first(),
            expected_version=None,
        ),
        lambda t, a: services.template_delete(actor=a, template=t, expected_revision=None),
    ],
    ids=[
        "template",
        "add dimension",
        "change dimension",
        "delete dimension",
        "add question",
        "change question",
        "delete question",
        "delete version",
    ],
)
def test_a_published_version_is_never_edited(
    dma: QuestionnaireTemplate, admin: Any, edit: Any
) -> None:
    before = structure(dma)
    with pytest.raises(ValidationError, match="is published: it cannot be edited"):
        edit(dma, admin)
    assert structure(dma) == before


def test_a_retired_version_is_never_edited_either(dma: QuestionnaireTemplate, admin: Any) -> None:
    services.template_retire(actor=admin, template=dma, expected_revision=None)
    with pytest.raises(ValidationError, match="is retired: it cannot be edited"):
        services.template_update(
            actor=admin, template=dma, data={"name": "X"}, expected_revision=None
        )


def test_a_draft_is_edited_dimension_question_and_answers(
    draft: QuestionnaireTemplate, admin: Any
) -> None:
    dimension = services.dimension_create(
        actor=admin,
        template=draft,
        data={
            "key": "cyber",
            "name": "Cybersecurity",
            "need_theme": "digitalisation",
            "threshold": Decimal(40),
        },
    )
    assert dimension.order == 7
    question = services.question_create(
        actor=admin, dimension=dimension, data={"text": "Are backups tested?"}, options=OPTIONS
    )
    assert [(o.label, o.score) for o in question.options.all()] == [
        ("No", 0),
        ("Partly", 1),
        ("Yes", 2),
    ]
    services.question_update(
        actor=admin,
        question=question,
        data={"weight": Decimal(2)},
        options=[{"label": "No", "score": 0}, {"label": "Yes, monthly", "score": 4}],
        expected_version=question.version,
    )
    question.refresh_from_db()
    assert question.weight == 2
    assert list(question.options.values_list("label", "score")) == [("No", 0), ("Yes, monthly", 4)]
    event = timeline(draft).filter(object_id=question.pk).first()
    assert event is not None
    assert event.changes["answer options"] == [
        ["No (0)", "Partly (1)", "Yes (2)"],
        ["No (0)", "Yes, monthly (4)"],
    ]


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ([{"label": "Only one", "score": 1}], "at least two answers"),
        ([{"label": "A", "score": 0}, {"label": "B", "score": 0}], "one of them scoring above 0"),
        ([{"label": "A", "score": 0}, {"label": "a", "score": 1}], "same text"),
        ([{"label": "A", "score": -1}, {"label": "B", "score": 1}], "greater than or equal to 0"),
        ([{"label": "", "score": 0}, {"label": "B", "score": 1}], "cannot be blank"),
    ],
)
def test_bad_answer_options_are_refused_naming_the_field(
    draft: QuestionnaireTemplate, admin: Any, options: list[dict[str, Any]], message: str
) -> None:
    with pytest.raises(ValidationError, match=message) as refused:
        services.question_create(
            actor=admin, dimension=draft.dimensions.first(), data={"text": "Q?"}, options=options
        )
    assert "options" in refused.value.message_dict


def test_a_dimension_key_is_unique_within_a_version(
    draft: QuestionnaireTemplate, admin: Any
) -> None:
    with pytest.raises(ValidationError) as refused:
        services.dimension_create(
            actor=admin, template=draft, data={"key": "digital_readiness", "name": "Again"}
        )
    assert refused.value.message_dict


@pytest.mark.parametrize(
    ("bands", "message"),
    [
        ([{"label": "Low", "up_to": 60}, {"label": "High", "up_to": 50}], "ascending"),
        ([{"label": "Low", "up_to": 50}], "up to 100"),
        ([{"label": "", "up_to": 100}], "needs a label"),
        ([{"label": "Low", "up_to": 150}], "needs a label and a score up to 100"),
        ([{"label": "Low", "up_to": 50}, {"label": "low", "up_to": 100}], "same name"),
        ("not a list", "must be a list"),
    ],
)
def test_bad_bands_are_refused(
    draft: QuestionnaireTemplate, admin: Any, bands: Any, message: str
) -> None:
    with pytest.raises(ValidationError, match=message):
        services.template_update(
            actor=admin, template=draft, data={"bands": bands}, expected_revision=None
        )


def test_publishing_retires_the_previous_version_and_diagnoses_keep_theirs(
    dma: QuestionnaireTemplate,
    draft: QuestionnaireTemplate,
    admin: Any,
    diagnosis_a: Any,
    manager_a: Any,
) -> None:
    complete(diagnosis_a, 0.5, manager_a)
    services.question_update(
        actor=admin,
        question=Question.objects.filter(dimension__template=draft).first(),
        data={"text": "Reworded in version 2?"},
        options=None,
        expected_version=None,
    )
    draft.refresh_from_db()  # the page the admin publishes from shows the latest revision
    services.template_publish(actor=admin, template=draft, expected_revision=draft.revision)

    dma.refresh_from_db()
    draft.refresh_from_db()
    assert (dma.status, draft.status) == (TemplateStatus.RETIRED, TemplateStatus.PUBLISHED)
    assert draft.published_at is not None
    diagnosis_a.refresh_from_db()
    assert diagnosis_a.template == dma  # the version it was answered with
    assert {a.question.dimension.template_id for a in diagnosis_a.answers.all()} == {dma.pk}
    assert dma.dimensions.first().questions.first().text != "Reworded in version 2?"


def test_a_version_with_gaps_cannot_be_published(draft: QuestionnaireTemplate, admin: Any) -> None:
    services.dimension_create(actor=admin, template=draft, data={"key": "empty", "name": "Empty"})
    with pytest.raises(ValidationError, match="Dimension “Empty” has no question"):
        services.template_publish(actor=admin, template=draft, expected_revision=None)
    draft.refresh_from_db()
    assert draft.status == TemplateStatus.DRAFT


def test_publishing_a_draft_changed_since_it_was_opened_is_refused(
    draft: QuestionnaireTemplate, admin: Any
) -> None:
    opened = draft.revision
    services.dimension_update(
        actor=admin,
        dimension=draft.dimensions.first(),
        data={"name": "Renamed"},
        expected_version=None,
    )
    with pytest.raises(StaleVersionError):
        services.template_publish(actor=admin, template=draft, expected_revision=opened)


def test_only_a_published_version_is_retired(draft: QuestionnaireTemplate, admin: Any) -> None:
    with pytest.raises(ValidationError, match="Only a published version"):
        services.template_retire(actor=admin, template=draft, expected_revision=None)


def test_a_new_questionnaire_starts_as_version_one_draft(admin: Any) -> None:
    template = services.template_create(
        actor=admin,
        data={
            "key": "fit4ai",
            "name": "Fit 4 AI",
            "bands": [{"label": "Low", "up_to": 40}, {"label": "High", "up_to": 100}],
        },
    )
    assert (template.version, template.status) == (1, TemplateStatus.DRAFT)
    assert template.bands == [
        {"key": "low", "label": "Low", "up_to": 40.0},
        {"key": "high", "label": "High", "up_to": 100.0},
    ]
    with pytest.raises(ValidationError, match="exists"):
        services.template_create(actor=admin, data={"key": "dma", "name": "Again"})


def test_a_draft_can_be_discarded(draft: QuestionnaireTemplate, admin: Any) -> None:
    services.template_delete(actor=admin, template=draft, expected_revision=draft.revision)
    assert not QuestionnaireTemplate.objects.filter(pk=draft.pk).exists()
    assert not Dimension.objects.filter(template_id=draft.pk).exists()
    assert AnswerOption.objects.filter(question__dimension__template__key="dma").exists()

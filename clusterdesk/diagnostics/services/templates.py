"""Writes to questionnaire templates: versions, drafts and their dimensions and questions.

A published (or retired) version is never edited: every function that changes a template's
content calls `ensure_draft` first and refuses with a clear error. `template_new_version`
copies a version into the next version number as a draft; `template_publish` freezes a
draft and retires the version it replaces, so new diagnoses use it while older diagnoses
keep theirs.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from clusterdesk.core.audit import diff, record, snapshot
from clusterdesk.core.concurrency import claim_version
from clusterdesk.core.models import AuditAction
from clusterdesk.diagnostics.models import (
    AnswerOption,
    Dimension,
    Question,
    QuestionnaireTemplate,
    TemplateStatus,
)
from clusterdesk.diagnostics.services.common import claim_revision, ensure_draft, validate

TEMPLATE_FIELDS = ("key", "name", "description", "bands")
TEMPLATE_AUDIT_FIELDS = ("key", "version", "name", "description", "status", "bands")
DIMENSION_FIELDS = (
    "key",
    "name",
    "description",
    "weight",
    "order",
    "need_theme",
    "need_category",
    "need_text",
    "threshold",
)
QUESTION_FIELDS = ("text", "help_text", "weight", "order")
MIN_OPTIONS = 2
# The audit entry of a question's options; not "options", which core.audit.describe would
# take for the reverse relation of that name.
OPTIONS_CHANGE = "answer options"


# --- bands -------------------------------------------------------------------------------


def clean_bands(bands: Any) -> list[dict[str, Any]]:
    """Bands as stored: `[{"key", "label", "up_to"}]`, ascending, the last up to 100."""
    if bands in (None, ""):
        return []
    if not isinstance(bands, list):
        raise ValidationError({"bands": [_("Bands must be a list.")]})
    cleaned: list[dict[str, Any]] = []
    for index, band in enumerate(bands, start=1):
        label = str(band.get("label", "")).strip() if isinstance(band, dict) else ""
        key = slugify(str(band.get("key") or label)).replace("-", "_") if label else ""
        try:
            up_to = float(Decimal(str(band.get("up_to")))) if isinstance(band, dict) else None
        except (InvalidOperation, ValueError):
            up_to = None
        if not label or not key or up_to is None or not 0 <= up_to <= 100:
            raise ValidationError(
                {
                    "bands": [
                        _("Band %(number)s needs a label and a score up to 100.")
                        % {"number": index}
                    ]
                }
            )
        if cleaned and up_to <= cleaned[-1]["up_to"]:
            raise ValidationError(
                {"bands": [_("Bands must be in ascending order of their upper score.")]}
            )
        cleaned.append({"key": key, "label": label, "up_to": up_to})
    if cleaned and cleaned[-1]["up_to"] != 100:
        raise ValidationError({"bands": [_("The last band must go up to 100 %.")]})
    if len({band["key"] for band in cleaned}) != len(cleaned):
        raise ValidationError({"bands": [_("Two bands have the same name.")]})
    return cleaned


# --- templates ----------------------------------------------------------------------------


def _audit_template(
    actor: Any, action: AuditAction, template: QuestionnaireTemplate, before: dict[str, Any]
) -> None:
    after = snapshot(template, TEMPLATE_AUDIT_FIELDS) if action != AuditAction.DELETE else {}
    changes = diff(before, after)
    if changes or action != AuditAction.UPDATE:
        record(actor=actor, action=action, instance=template, changes=changes)


@transaction.atomic
def template_create(*, actor: Any, data: Mapping[str, Any]) -> QuestionnaireTemplate:
    """A new questionnaire: version 1, a draft."""
    key = str(data.get("key", ""))
    if QuestionnaireTemplate.objects.filter(key=key).exists():
        raise ValidationError(
            {"key": [_("A questionnaire with this key exists: create a new version of it.")]}
        )
    template = QuestionnaireTemplate(
        key=key,
        version=1,
        name=data.get("name", ""),
        description=data.get("description", ""),
        bands=clean_bands(data.get("bands")),
        status=TemplateStatus.DRAFT,
    )
    validate(template)
    template.save()
    _audit_template(actor, AuditAction.CREATE, template, {})
    return template


@transaction.atomic
def template_update(
    *,
    actor: Any,
    template: QuestionnaireTemplate,
    data: Mapping[str, Any],
    expected_revision: int | None,
) -> QuestionnaireTemplate:
    """Name, description and bands of a draft."""
    ensure_draft(template)
    current = QuestionnaireTemplate.objects.get(pk=template.pk)
    before = snapshot(current, TEMPLATE_AUDIT_FIELDS)
    for name in ("name", "description"):
        if name in data:
            setattr(current, name, data[name])
    if "bands" in data:
        current.bands = clean_bands(data["bands"])
    validate(current)
    claim_revision(current, expected_revision)
    current.save()
    _audit_template(actor, AuditAction.UPDATE, current, before)
    return current


@transaction.atomic
def template_new_version(*, actor: Any, template: QuestionnaireTemplate) -> QuestionnaireTemplate:
    """A draft copy of `template` (dimensions, questions, options) as the next version."""
    # Lock the questionnaire's versions: two admins cannot both create the next one.
    versions = list(QuestionnaireTemplate.objects.select_for_update().filter(key=template.key))
    draft = next((v for v in versions if v.status == TemplateStatus.DRAFT), None)
    if draft is not None:
        raise ValidationError(
            _("Version %(version)s of “%(name)s” is already a draft: edit it, or publish it first.")
            % {"version": draft.version, "name": draft.name}
        )
    number = max((v.version for v in versions), default=0) + 1
    copy = QuestionnaireTemplate.objects.create(
        key=template.key,
        version=number,
        name=template.name,
        description=template.description,
        bands=template.bands,
        status=TemplateStatus.DRAFT,
    )
    _copy_structure(template, copy)
    record(
        actor=actor,
        action=AuditAction.CREATE,
        instance=copy,
        changes={
            **diff({}, snapshot(copy, TEMPLATE_AUDIT_FIELDS)),
            "source": [None, str(template)],
        },
    )
    return copy


def _copy_structure(source: QuestionnaireTemplate, target: QuestionnaireTemplate) -> None:
    for dimension in source.dimensions.order_by("order", "id"):
        new_dimension = Dimension.objects.create(
            template=target, **{name: getattr(dimension, name) for name in DIMENSION_FIELDS}
        )
        for question in dimension.questions.order_by("order", "id"):
            new_question = Question.objects.create(
                dimension=new_dimension,
                **{name: getattr(question, name) for name in QUESTION_FIELDS},
            )
            AnswerOption.objects.bulk_create(
                AnswerOption(
                    question=new_question,
                    label=option.label,
                    score=option.score,
                    order=option.order,
                )
                for option in question.options.order_by("order", "id")
            )


def template_problems(template: QuestionnaireTemplate) -> list[str]:
    """Why a draft cannot be published yet (empty when it can)."""
    problems = []
    dimensions = list(template.dimensions.prefetch_related("questions__options"))
    if not dimensions:
        problems.append(_("The questionnaire has no dimension."))
    for dimension in dimensions:
        questions = list(dimension.questions.all())
        if not questions:
            problems.append(_("Dimension “%(name)s” has no question.") % {"name": dimension.name})
        for question in questions:
            options = list(question.options.all())
            if len(options) < MIN_OPTIONS or max(o.score for o in options) <= 0:
                problems.append(
                    _("Question “%(text)s” needs at least two answers, one scoring above 0.")
                    % {"text": question.text}
                )
    return problems


@transaction.atomic
def template_publish(
    *, actor: Any, template: QuestionnaireTemplate, expected_revision: int | None
) -> QuestionnaireTemplate:
    """Freeze a draft and make it the version new diagnoses use; the version it replaces is
    retired (its diagnoses keep it)."""
    ensure_draft(template)
    problems = template_problems(template)
    if problems:
        raise ValidationError(problems)
    claim_revision(template, expected_revision)
    for previous in QuestionnaireTemplate.objects.filter(
        key=template.key, status=TemplateStatus.PUBLISHED
    ):
        before = snapshot(previous, TEMPLATE_AUDIT_FIELDS)
        previous.status = TemplateStatus.RETIRED
        previous.save(update_fields=["status", "updated_at"])
        _audit_template(actor, AuditAction.UPDATE, previous, before)
    before = snapshot(template, TEMPLATE_AUDIT_FIELDS)
    template.status = TemplateStatus.PUBLISHED
    template.published_at = timezone.now()
    template.save(update_fields=["status", "published_at", "updated_at"])
    _audit_template(actor, AuditAction.UPDATE, template, before)
    return template


@transaction.atomic
def template_retire(
    *, actor: Any, template: QuestionnaireTemplate, expected_revision: int | None
) -> QuestionnaireTemplate:
    """No new diagnosis uses a retired version; existing ones keep it."""
    if template.status != TemplateStatus.PUBLISHED:
        raise ValidationError(_("Only a published version can be retired."))
    claim_revision(template, expected_revision)
    before = snapshot(template, TEMPLATE_AUDIT_FIELDS)
    template.status = TemplateStatus.RETIRED
    template.save(update_fields=["status", "updated_at"])
    _audit_template(actor, AuditAction.UPDATE, template, before)
    return template


@transaction.atomic
def template_delete(
    *, actor: Any, template: QuestionnaireTemplate, expected_revision: int | None
) -> None:
    """Discard a draft (a published version is never deleted)."""
    ensure_draft(template)
    claim_revision(template, expected_revision)
    record(
        actor=actor,
        action=AuditAction.DELETE,
        instance=template,
        changes=diff(snapshot(template, TEMPLATE_AUDIT_FIELDS), {}),
    )
    template.delete()


# --- dimensions ---------------------------------------------------------------------------


def _set_fields(instance: Any, fields: Sequence[str], data: Mapping[str, Any]) -> None:
    for name in fields:
        if name in data and data[name] is not None:
            setattr(instance, name, data[name])


@transaction.atomic
def dimension_create(
    *, actor: Any, template: QuestionnaireTemplate, data: Mapping[str, Any]
) -> Dimension:
    ensure_draft(template)
    dimension = Dimension(template=template)
    _set_fields(dimension, DIMENSION_FIELDS, data)
    if "order" not in data or data["order"] is None:
        dimension.order = (template.dimensions.aggregate(last=Max("order"))["last"] or 0) + 1
    validate(dimension)
    dimension.save()
    claim_revision(template, None)
    changes = diff({}, snapshot(dimension, DIMENSION_FIELDS))
    record(
        actor=actor,
        action=AuditAction.CREATE,
        instance=dimension,
        changes=changes,
        timelines=[template],
    )
    return dimension


@transaction.atomic
def dimension_update(
    *, actor: Any, dimension: Dimension, data: Mapping[str, Any], expected_version: int | None
) -> Dimension:
    current = Dimension.objects.select_related("template").get(pk=dimension.pk)
    ensure_draft(current.template)
    before = snapshot(current, DIMENSION_FIELDS)
    _set_fields(current, DIMENSION_FIELDS, data)
    validate(current)
    claim_version(current, expected_version)
    current.save()
    claim_revision(current.template, None)
    changes = diff(before, snapshot(current, DIMENSION_FIELDS))
    if changes:
        record(
            actor=actor,
            action=AuditAction.UPDATE,
            instance=current,
            changes=changes,
            timelines=[current.template],
        )
    return current


@transaction.atomic
def dimension_delete(*, actor: Any, dimension: Dimension, expected_version: int | None) -> None:
    ensure_draft(dimension.template)
    claim_version(dimension, expected_version)
    claim_revision(dimension.template, None)
    record(
        actor=actor,
        action=AuditAction.DELETE,
        instance=dimension,
        changes=diff(snapshot(dimension, DIMENSION_FIELDS), {}),
        timelines=[dimension.template],
    )
    dimension.delete()


# --- questions and their answer options ----------------------------------------------------


def clean_options(options: Sequence[Mapping[str, Any]]) -> list[AnswerOption]:
    """Answer options from `{"label", "score", "order"}`, at least two, one above 0."""
    cleaned = []
    for index, data in enumerate(options, start=1):
        option = AnswerOption(
            label=str(data.get("label") or "").strip(),
            score=data.get("score"),  # type: ignore[misc]
            order=data.get("order") if data.get("order") is not None else index,
        )
        try:
            option.full_clean(exclude=["question"])
        except ValidationError as error:
            messages = [f"{index}: {m}" for m in error.messages]
            raise ValidationError({"options": messages}) from error
        cleaned.append(option)
    if len(cleaned) < MIN_OPTIONS or max(option.score for option in cleaned) <= 0:
        raise ValidationError(
            {"options": [_("Give at least two answers, one of them scoring above 0.")]}
        )
    if len({option.label.lower() for option in cleaned}) != len(cleaned):
        raise ValidationError({"options": [_("Two answers have the same text.")]})
    return cleaned


def _options_text(question: Question) -> list[str]:
    return [f"{option.label} ({float(option.score):g})" for option in question.options.all()]


def _replace_options(question: Question, options: list[AnswerOption]) -> None:
    question.options.all().delete()
    for option in options:
        option.question = question
    AnswerOption.objects.bulk_create(options)


@transaction.atomic
def question_create(
    *,
    actor: Any,
    dimension: Dimension,
    data: Mapping[str, Any],
    options: Sequence[Mapping[str, Any]],
) -> Question:
    ensure_draft(dimension.template)
    question = Question(dimension=dimension)
    _set_fields(question, QUESTION_FIELDS, data)
    if data.get("order") is None:
        question.order = (dimension.questions.aggregate(last=Max("order"))["last"] or 0) + 1
    validate(question)
    cleaned = clean_options(options)
    question.save()
    _replace_options(question, cleaned)
    claim_revision(dimension.template, None)
    changes = {
        **diff({}, snapshot(question, QUESTION_FIELDS)),
        OPTIONS_CHANGE: [[], _options_text(question)],
    }
    record(
        actor=actor,
        action=AuditAction.CREATE,
        instance=question,
        changes=changes,
        timelines=[dimension.template],
    )
    return question


@transaction.atomic
def question_update(
    *,
    actor: Any,
    question: Question,
    data: Mapping[str, Any],
    options: Sequence[Mapping[str, Any]] | None,
    expected_version: int | None,
) -> Question:
    """Change the question; `options`, when given, replace its answer options."""
    current = Question.objects.select_related("dimension__template").get(pk=question.pk)
    template = current.dimension.template
    ensure_draft(template)
    before = {**snapshot(current, QUESTION_FIELDS), OPTIONS_CHANGE: _options_text(current)}
    _set_fields(current, QUESTION_FIELDS, data)
    validate(current)
    cleaned = clean_options(options) if options is not None else None
    claim_version(current, expected_version)
    current.save()
    if cleaned is not None:
        _replace_options(current, cleaned)
    claim_revision(template, None)
    changes = diff(
        before, {**snapshot(current, QUESTION_FIELDS), OPTIONS_CHANGE: _options_text(current)}
    )
    if changes:
        record(
            actor=actor,
            action=AuditAction.UPDATE,
            instance=current,
            changes=changes,
            timelines=[template],
        )
    return current


@transaction.atomic
def question_delete(*, actor: Any, question: Question, expected_version: int | None) -> None:
    template = question.dimension.template
    ensure_draft(template)
    claim_version(question, expected_version)
    claim_revision(template, None)
    record(
        actor=actor,
        action=AuditAction.DELETE,
        instance=question,
        changes=diff(snapshot(question, QUESTION_FIELDS), {}),
        timelines=[template],
    )
    question.delete()

"""Writes to diagnoses: start, answer, send a self-assessment link, submit, complete.

Every change is audited on the diagnosis and on its organisation's timeline (the company
file). The life of a diagnosis:

    draft ──send──▶ sent ──the contact submits──▶ submitted ──(review)──▶ completed
      ▲  ◀─withdraw─┘                                                        ▲
      └────────────────────────── complete ──────────────────────────────────┘

Staff answer a draft or a submitted self-assessment (to adjust it in review); a sent one
waits for the contact; a completed one is final (a re-assessment is a new diagnosis).

Each change of what a diagnosis's search entry shows (`diagnostics/search.py`: its status,
date and band) indexes it again; answers are not indexed, so answering does not.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from clusterdesk.core import search
from clusterdesk.core.audit import diff, record, snapshot
from clusterdesk.core.concurrency import claim_version
from clusterdesk.core.models import AuditAction
from clusterdesk.diagnostics import links, scoring, specs
from clusterdesk.diagnostics.models import (
    Answer,
    AnswerOption,
    Diagnosis,
    DiagnosisStatus,
    Question,
    QuestionnaireTemplate,
    Stage,
    TemplateStatus,
)
from clusterdesk.diagnostics.services.common import validate
from clusterdesk.organisations.models import Cluster, Contact, Organisation

DIAGNOSIS_FIELDS = (
    "organisation",
    "cluster",
    "template",
    "stage",
    "status",
    "performed_by",
    "respondent",
)
RESULT_FIELDS = ("status", "completed_on", "overall_score", "band")
ANSWER_LABEL_LENGTH = 80
MAX_ANSWER_LINES = 5  # more answers changed at once are summed up in the audit log

Answers = Mapping[Question, AnswerOption | None]


def _audit(actor: Any, action: AuditAction, diagnosis: Diagnosis, changes: dict[str, Any]) -> None:
    record(
        actor=actor,
        action=action,
        instance=diagnosis,
        changes=changes,
        timelines=[diagnosis.organisation],
    )


def next_stage(organisation: Organisation, template: QuestionnaireTemplate) -> str:
    """T0 for an organisation's first diagnosis of this questionnaire, then T1, then T2."""
    earlier = Diagnosis.objects.filter(organisation=organisation, template__key=template.key)
    count = earlier.count()
    return [Stage.T0, Stage.T1, Stage.T2][min(count, 2)]


# --- start -----------------------------------------------------------------------------------


@transaction.atomic
def diagnosis_start(
    *,
    actor: Any,
    organisation: Organisation,
    template: QuestionnaireTemplate,
    cluster: Cluster,
    stage: str | None = None,
    performed_by: Any = None,
) -> Diagnosis:
    """A new diagnosis (draft) of the published `template` for `organisation`."""
    if template.status != TemplateStatus.PUBLISHED:
        raise ValidationError(
            {"template": [_("Only a published questionnaire version can be used.")]}
        )
    diagnosis = Diagnosis(
        organisation=organisation,
        cluster=cluster,
        template=template,
        stage=stage or next_stage(organisation, template),
        status=DiagnosisStatus.DRAFT,
        performed_by=performed_by if performed_by is not None else _user_or_none(actor),
    )
    validate(diagnosis)
    diagnosis.save()
    _audit(actor, AuditAction.CREATE, diagnosis, diff({}, snapshot(diagnosis, DIAGNOSIS_FIELDS)))
    search.index(diagnosis)
    return diagnosis


def _user_or_none(actor: Any) -> Any:
    return actor if getattr(actor, "pk", None) else None


# --- answers ---------------------------------------------------------------------------------


def _label(text: str) -> str:
    return text if len(text) <= ANSWER_LABEL_LENGTH else text[: ANSWER_LABEL_LENGTH - 1] + "…"


def _check_answers(diagnosis: Diagnosis, answers: Answers) -> None:
    for question, option in answers.items():
        if question.dimension.template_id != diagnosis.template_id:
            raise ValidationError(
                {
                    "answers": [
                        _("“%(text)s” is not a question of this questionnaire.")
                        % {"text": _label(question.text)}
                    ]
                }
            )
        if option is not None and option.question_id != question.pk:
            raise ValidationError(
                {
                    "answers": [
                        _("“%(answer)s” is not an answer to “%(text)s”.")
                        % {"answer": option.label, "text": _label(question.text)}
                    ]
                }
            )


def _question_numbers(diagnosis: Diagnosis) -> dict[int, str]:
    """Question id → "2.3" (its dimension's place, then its own), as the pages number them."""
    rows = Question.objects.filter(dimension__template=diagnosis.template_id).order_by(
        "dimension__order", "dimension_id", "order", "id"
    )
    numbers: dict[int, str] = {}
    dimensions: dict[int, int] = {}
    counts: dict[int, int] = {}
    for question_id, dimension_id in rows.values_list("pk", "dimension_id"):
        dimensions.setdefault(dimension_id, len(dimensions) + 1)
        counts[dimension_id] = counts.get(dimension_id, 0) + 1
        numbers[question_id] = f"{dimensions[dimension_id]}.{counts[dimension_id]}"
    return numbers


def _write_answers(diagnosis: Diagnosis, answers: Answers) -> dict[str, list[Any]]:
    """Store `answers` (None clears one). The changes for the audit log: one line per
    question ("question 2.3": old answer → new one), or a count when many changed at once."""
    existing = {
        answer.question_id: answer
        for answer in diagnosis.answers.select_related("option").filter(
            question__in=[question.pk for question in answers]
        )
    }
    answered_before = diagnosis.answers.count()
    changes: dict[str, list[Any]] = {}
    numbers = _question_numbers(diagnosis)
    for question, option in answers.items():
        answer = existing.get(question.pk)
        old = answer.option if answer else None
        if (old.pk if old else None) == (option.pk if option else None):
            continue
        if option is None and answer is not None:
            answer.delete()
        elif answer is not None and option is not None:
            answer.option = option
            answer.save(update_fields=["option", "updated_at"])
        elif option is not None:
            Answer.objects.create(diagnosis=diagnosis, question=question, option=option)
        label = _("question %(number)s") % {"number": numbers.get(question.pk, "?")}
        changes[label] = [
            _label(old.label) if old else None,
            _label(option.label) if option else None,
        ]
    if len(changes) > MAX_ANSWER_LINES:
        answered = diagnosis.answers.count()
        # Not "answers": core.audit.describe would take it for the reverse relation.
        return {
            "answered": [
                _("%(count)s answered") % {"count": answered_before},
                _("%(count)s answered, %(changed)s changed")
                % {"count": answered, "changed": len(changes)},
            ]
        }
    return changes


@transaction.atomic
def diagnosis_answer(
    *, actor: Any, diagnosis: Diagnosis, answers: Answers, expected_version: int | None
) -> Diagnosis:
    """Save answers as they come (progress); `None` clears a question's answer."""
    current = Diagnosis.objects.select_related("organisation", "template").get(pk=diagnosis.pk)
    if not current.accepts_answers:
        raise ValidationError(_status_refusal(current))
    _check_answers(current, answers)
    claim_version(current, expected_version)
    changes = _write_answers(current, answers)
    # A draft is saved at every click: its answers reach the timeline once, with the
    # results, when it is completed. Changes to submitted answers (the review of a
    # self-assessment) are recorded one by one.
    if changes and current.status != DiagnosisStatus.DRAFT:
        _audit(actor, AuditAction.UPDATE, current, changes)
    return current


def _status_refusal(diagnosis: Diagnosis) -> str:
    if diagnosis.status == DiagnosisStatus.SENT:
        return _(
            "The self-assessment link is out: wait for the company's answers, or withdraw the "
            "link to fill in the questionnaire yourself."
        )
    if diagnosis.status == DiagnosisStatus.COMPLETED:
        return _(
            "This diagnosis is completed and no longer changes. Start a re-assessment to "
            "measure progress."
        )
    return _("This diagnosis cannot be changed now.")


# --- self-assessment ---------------------------------------------------------------------------


@transaction.atomic
def diagnosis_send(
    *, actor: Any, diagnosis: Diagnosis, respondent: Contact, expected_version: int | None
) -> Diagnosis:
    """Issue a self-assessment link for `respondent`, a contact of the organisation. A link
    sent before stops working. Answers already given stay (the contact sees them)."""
    current = Diagnosis.objects.select_related("organisation", "template").get(pk=diagnosis.pk)
    if current.status not in {DiagnosisStatus.DRAFT, DiagnosisStatus.SENT}:
        raise ValidationError(_status_refusal(current))
    if not respondent.affiliations.filter(organisation=current.organisation).exists():
        raise ValidationError(
            {"respondent": [_("Choose a contact of %(name)s.") % {"name": current.organisation}]}
        )
    before = snapshot(current, ("status", "respondent", "sent_at"))
    claim_version(current, expected_version)
    current.respondent = respondent
    current.status = DiagnosisStatus.SENT
    current.link_nonce = links.new_nonce()
    current.sent_at = timezone.now()
    current.save()
    _audit(
        actor,
        AuditAction.UPDATE,
        current,
        diff(before, snapshot(current, ("status", "respondent", "sent_at"))),
    )
    search.index(current)
    return current


@transaction.atomic
def diagnosis_withdraw_link(
    *, actor: Any, diagnosis: Diagnosis, expected_version: int | None
) -> Diagnosis:
    """The link stops working and the diagnosis is a draft again."""
    current = Diagnosis.objects.select_related("organisation", "template").get(pk=diagnosis.pk)
    if current.status != DiagnosisStatus.SENT:
        raise ValidationError(_("No self-assessment link is out for this diagnosis."))
    claim_version(current, expected_version)
    current.status = DiagnosisStatus.DRAFT
    current.link_nonce = ""
    current.save()
    _audit(
        actor,
        AuditAction.UPDATE,
        current,
        {"status": [DiagnosisStatus.SENT, DiagnosisStatus.DRAFT]},
    )
    search.index(current)
    return current


def missing_questions(diagnosis: Diagnosis, answers: Answers) -> list[Question]:
    answered = {question.pk for question, option in answers.items() if option is not None}
    questions = Question.objects.filter(dimension__template=diagnosis.template_id)
    return [
        question
        for question in questions.order_by("dimension__order", "order", "id")
        if question.pk not in answered
    ]


@transaction.atomic
def diagnosis_submit_self_assessment(
    *, diagnosis: Diagnosis, nonce: str, answers: Answers
) -> Diagnosis:
    """The contact's answers, through a valid link (`nonce`): every question answered. The
    link is used up; the diagnosis waits for the manager's review."""
    current = (
        Diagnosis.objects.select_for_update(of=("self",))
        .select_related("organisation", "template", "respondent")
        .get(pk=diagnosis.pk)
    )
    if not links.nonce_matches(current, nonce):
        raise links.LinkUsed
    _check_answers(current, answers)
    missing = missing_questions(current, answers)
    if missing:
        raise ValidationError(
            {
                "answers": [
                    _("Please answer every question (%(count)s left).") % {"count": len(missing)}
                ]
            }
        )
    claim_version(current, None)
    changes = _write_answers(current, answers)
    current.status = DiagnosisStatus.SUBMITTED
    current.link_nonce = ""
    current.submitted_at = timezone.now()
    current.save()
    changes["status"] = [DiagnosisStatus.SENT, DiagnosisStatus.SUBMITTED]
    if current.respondent:
        changes["respondent"] = [None, str(current.respondent)]
    _audit(None, AuditAction.UPDATE, current, changes)
    search.index(current)
    return current


# --- results ---------------------------------------------------------------------------------


def diagnosis_results(diagnosis: Diagnosis) -> scoring.Results:
    """The results of the answers given so far (computed, not stored)."""
    template = specs.with_structure(diagnosis.template)
    answers = diagnosis.answers.select_related("option")
    return scoring.score(specs.template_spec(template), specs.answer_scores(answers))


@transaction.atomic
def diagnosis_complete(
    *,
    actor: Any,
    diagnosis: Diagnosis,
    expected_version: int | None,
    completed_on: datetime.date | None = None,
) -> Diagnosis:
    """Compute the results (scoring.py) and store them; the diagnosis is final. A dimension
    without answers has no score; at least one dimension must have one."""
    current = Diagnosis.objects.select_related("organisation", "template").get(pk=diagnosis.pk)
    if not current.accepts_answers:
        raise ValidationError(_status_refusal(current))
    day = completed_on or timezone.localdate()
    if day > timezone.localdate():
        raise ValidationError({"completed_on": [_("The completion date cannot be in the future.")]})
    results = diagnosis_results(current)
    if results.overall is None:
        raise ValidationError(_("Answer at least one question before completing the diagnosis."))
    before = snapshot(current, RESULT_FIELDS)
    claim_version(current, expected_version)
    current.status = DiagnosisStatus.COMPLETED
    current.completed_on = day
    current.dimension_scores = [dimension.to_json() for dimension in results.dimensions]
    current.overall_score = Decimal(f"{results.overall:.1f}")
    current.band = results.band.key if results.band else ""
    current.link_nonce = ""
    validate(current)
    current.save()
    changes = diff(before, snapshot(current, RESULT_FIELDS))
    if "band" in changes:  # the band's name, as people read it
        changes["band"] = [changes["band"][0], current.band_label]
    _audit(actor, AuditAction.UPDATE, current, changes)
    search.index(current)
    return current


@transaction.atomic
def diagnosis_delete(*, actor: Any, diagnosis: Diagnosis, expected_version: int | None) -> None:
    claim_version(diagnosis, expected_version)
    _audit(actor, AuditAction.DELETE, diagnosis, diff(snapshot(diagnosis, DIAGNOSIS_FIELDS), {}))
    search.remove(diagnosis)
    diagnosis.delete()


@transaction.atomic
def diagnosis_attach_case(*, actor: Any, diagnosis: Diagnosis, case: Any) -> Diagnosis:
    """Record that `diagnosis` is the diagnosis step of support `case` (same organisation);
    its version moves on."""
    if case.organisation_id != diagnosis.organisation_id:
        raise ValidationError(
            {"support_case": [_("The case is another organisation's.")]}, code="organisation"
        )
    if diagnosis.support_case_id == case.pk:
        return diagnosis
    before = str(diagnosis.support_case or "")
    # A system write: the version moves on, so a form opened before the link was made is
    # refused as stale rather than saved over it.
    claim_version(diagnosis, None)
    Diagnosis.objects.filter(pk=diagnosis.pk).update(support_case=case)
    diagnosis.support_case = case
    _audit(actor, AuditAction.UPDATE, diagnosis, {"support_case": [before or None, str(case)]})
    return diagnosis

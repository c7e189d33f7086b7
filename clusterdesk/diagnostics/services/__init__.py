"""Writes to questionnaire templates and diagnoses.

Every function is keyword-only, runs in one transaction, validates the record, refuses
stale versions and writes the audit record: `from clusterdesk.diagnostics import services`
then `services.diagnosis_start(actor=…, …)`.

- `templates`: questionnaire versions, drafts, their dimensions, questions and options;
- `diagnoses`: start, answer, self-assessment links, completion with the results.
"""

from clusterdesk.diagnostics.services.diagnoses import (
    diagnosis_answer,
    diagnosis_attach_case,
    diagnosis_complete,
    diagnosis_delete,
    diagnosis_results,
    diagnosis_send,
    diagnosis_start,
    diagnosis_submit_self_assessment,
    diagnosis_withdraw_link,
    missing_questions,
    next_stage,
)
from clusterdesk.diagnostics.services.templates import (
    clean_bands,
    dimension_create,
    dimension_delete,
    dimension_update,
    question_create,
    question_delete,
    question_update,
    template_create,
    template_delete,
    template_new_version,
    template_problems,
    template_publish,
    template_retire,
    template_update,
)

__all__ = [
    "clean_bands",
    "diagnosis_answer",
    "diagnosis_attach_case",
    "diagnosis_complete",
    "diagnosis_delete",
    "diagnosis_results",
    "diagnosis_send",
    "diagnosis_start",
    "diagnosis_submit_self_assessment",
    "diagnosis_withdraw_link",
    "dimension_create",
    "dimension_delete",
    "dimension_update",
    "missing_questions",
    "next_stage",
    "question_create",
    "question_delete",
    "question_update",
    "template_create",
    "template_delete",
    "template_new_version",
    "template_problems",
    "template_publish",
    "template_retire",
    "template_update",
]

"""Reads of diagnoses and questionnaires, scoped by the permission policy.

Each selector owns its `select_related`/`prefetch_related`: a list runs a fixed number of
queries whatever its length.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Count, F, Q, QuerySet
from django.db.models.functions import Lower
from django.http import Http404

from clusterdesk.core import permissions as policy
from clusterdesk.diagnostics import permissions, proposals, specs
from clusterdesk.diagnostics.models import (
    Diagnosis,
    DiagnosisStatus,
    QuestionnaireTemplate,
    TemplateStatus,
)
from clusterdesk.organisations.models import Organisation

DIAGNOSIS_SORTS: dict[str, list[Any]] = {
    "organisation": [Lower("organisation__legal_name"), "id"],
    "-organisation": [Lower("organisation__legal_name").desc(), "-id"],
    "completed": [F("completed_on").asc(nulls_last=True), "id"],
    "-completed": [F("completed_on").desc(nulls_last=True), "-id"],
    "score": [F("overall_score").asc(nulls_last=True), "id"],
    "-score": [F("overall_score").desc(nulls_last=True), "-id"],
    "updated": ["updated_at", "id"],
    "-updated": ["-updated_at", "-id"],
}


@dataclass(frozen=True)
class DiagnosisFilters:
    """The filters of the diagnosis list; every one is a URL parameter."""

    q: str = ""  # words of the organisation's name
    organisation: str = ""  # organisation uuid
    cluster: str = ""  # cluster slug
    template: str = ""  # questionnaire key, e.g. "dma"
    stage: str = ""
    status: str = ""
    band: str = ""
    mine: bool = False  # performed by the signed-in user
    sort: str = "-updated"


def _diagnoses() -> QuerySet[Diagnosis]:
    return Diagnosis.objects.select_related(
        "organisation", "cluster", "template", "performed_by", "respondent"
    )


def _filtered(queryset: QuerySet[Diagnosis], filters: DiagnosisFilters, user: Any) -> Any:
    for word in filters.q.split():
        queryset = queryset.filter(
            Q(organisation__legal_name__icontains=word)
            | Q(organisation__trade_name__icontains=word)
        )
    if filters.organisation:
        queryset = queryset.filter(organisation__uuid=filters.organisation)
    if filters.cluster:
        queryset = queryset.filter(cluster__slug=filters.cluster)
    if filters.template:
        queryset = queryset.filter(template__key=filters.template)
    if filters.stage:
        queryset = queryset.filter(stage=filters.stage)
    if filters.status:
        queryset = queryset.filter(status=filters.status)
    if filters.band:
        queryset = queryset.filter(band=filters.band)
    if filters.mine:
        queryset = queryset.filter(performed_by=user)
    return queryset


def diagnosis_list(*, user: Any, filters: DiagnosisFilters) -> QuerySet[Diagnosis]:
    """Diagnoses the user may see, filtered and sorted, ready to paginate."""
    policy.ensure_allowed(permissions.can_list_diagnoses(user))
    queryset = _filtered(_diagnoses(), filters, user)
    order = DIAGNOSIS_SORTS.get(filters.sort, DIAGNOSIS_SORTS["-updated"])
    return queryset.order_by(*order)


def diagnosis_get(*, user: Any, uuid: Any) -> Diagnosis:
    """One diagnosis the user may see (404 otherwise)."""
    diagnosis = _diagnoses().filter(uuid=uuid).first()
    if diagnosis is None:
        raise Http404
    policy.ensure(user, policy.Action.VIEW, diagnosis)
    return diagnosis


def organisation_diagnoses(*, user: Any, organisation: Organisation) -> QuerySet[Diagnosis]:
    """An organisation's diagnoses for its company file, latest first."""
    if not permissions.can_list_diagnoses(user):
        return Diagnosis.objects.none()
    return (
        Diagnosis.objects.filter(organisation=organisation)
        .select_related("template")
        .order_by(F("completed_on").desc(nulls_first=True), "-created_at", "-id")
    )


def previous_diagnosis(diagnosis: Diagnosis) -> Diagnosis | None:
    """The same organisation's latest completed diagnosis of the same questionnaire (any
    version) before this one."""
    earlier = (
        Diagnosis.objects.filter(
            organisation_id=diagnosis.organisation_id,
            template__key=diagnosis.template.key,
            status=DiagnosisStatus.COMPLETED,
        )
        .exclude(pk=diagnosis.pk)
        .select_related("template")
    )
    if diagnosis.is_completed and diagnosis.completed_on:
        earlier = earlier.filter(
            Q(completed_on__lt=diagnosis.completed_on)
            | Q(completed_on=diagnosis.completed_on, created_at__lt=diagnosis.created_at)
        )
    return earlier.order_by("-completed_on", "-created_at", "-id").first()


def chosen_options(diagnosis: Diagnosis) -> dict[int, int]:
    """Question id → id of the option chosen."""
    return dict(diagnosis.answers.values_list("question_id", "option_id"))


# --- questionnaire templates ------------------------------------------------------------------


def template_list(*, user: Any, key: str = "", status: str = "") -> QuerySet[QuestionnaireTemplate]:
    """Every version of every questionnaire, by key then newest version first, with the
    number of diagnoses and dimensions of each."""
    policy.ensure_allowed(permissions.can_view_templates(user))
    queryset = QuestionnaireTemplate.objects.annotate(
        diagnosis_count=Count("diagnoses", distinct=True),
        dimension_count=Count("dimensions", distinct=True),
    )
    if key:
        queryset = queryset.filter(key=key)
    if status:
        queryset = queryset.filter(status=status)
    return queryset.order_by("key", "-version")


def template_get(*, user: Any, uuid: Any) -> QuestionnaireTemplate:
    """One version with its dimensions, questions and options (404 if not visible)."""
    template = (
        QuestionnaireTemplate.objects.prefetch_related(*specs.structure_prefetch())
        .filter(uuid=uuid)
        .first()
    )
    if template is None:
        raise Http404
    policy.ensure(user, policy.Action.VIEW, template)
    return template


def published_templates() -> QuerySet[QuestionnaireTemplate]:
    return QuestionnaireTemplate.objects.filter(status=TemplateStatus.PUBLISHED).order_by("name")


def template_keys() -> list[tuple[str, str]]:
    """(key, name of its latest version) of every questionnaire, for filters."""
    names: dict[str, str] = {}
    for key, name in QuestionnaireTemplate.objects.order_by("key", "-version").values_list(
        "key", "name"
    ):
        names.setdefault(key, name)
    return sorted(names.items(), key=lambda item: item[1])


def bands_of(key: str) -> list[tuple[str, str]]:
    """(band key, label) of the latest version of questionnaire `key`."""
    template = QuestionnaireTemplate.objects.filter(key=key).order_by("-version").first()
    return [(band["key"], band["label"]) for band in (template.bands if template else [])]


def diagnosis_proposed_needs(diagnosis: Diagnosis) -> list[proposals.ProposedNeed]:
    """The needs a completed diagnosis proposes (none before completion), lowest score
    first: what the support journey turns into Needs."""
    results = specs.stored_results(diagnosis)
    if results is None:
        return []
    spec = specs.template_spec(specs.with_structure(diagnosis.template))
    return proposals.proposed_needs(results, spec)

"""What the diagnosis list exports (see `core.exports`): the list's own selector, filters
and permission scope, one row per diagnosis with its scores per dimension."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from clusterdesk.core import exports
from clusterdesk.core.exports import Column, ExportDefinition
from clusterdesk.diagnostics import selectors
from clusterdesk.diagnostics.forms import DiagnosisFilterForm
from clusterdesk.diagnostics.models import Diagnosis


def _rows(request: HttpRequest) -> Any:
    filters = DiagnosisFilterForm(request.GET).filters()
    return selectors.diagnosis_list(user=request.user, filters=filters)


def _dimension_scores(diagnosis: Diagnosis) -> str:
    return "; ".join(
        f"{item.get('name', item.get('key'))}: "
        + ("—" if item.get("score") is None else f"{float(item['score']):.1f}")
        for item in diagnosis.dimension_scores or []
    )


def _columns() -> tuple[Column, ...]:
    def label(name: str) -> Any:
        return exports.ChoiceLabel(Diagnosis, name)

    return (
        Column(_("Organisation"), lambda d: d.organisation.legal_name, 36),
        Column(_("Cluster"), lambda d: d.cluster.name, 18),
        Column(_("Questionnaire"), lambda d: d.template.name, 36),
        Column(_("Version"), lambda d: d.template.version, 9),
        Column(_("Stage"), label("stage"), 18),
        Column(_("Status"), label("status"), 22),
        Column(_("Performed by"), lambda d: str(d.performed_by) if d.performed_by else None),
        Column(_("Respondent"), lambda d: str(d.respondent) if d.respondent else None),
        Column(_("Started"), lambda d: d.created_at),
        Column(_("Completed on"), lambda d: d.completed_on, 14),
        Column(_("Overall score (%)"), lambda d: d.overall_score, 14),
        Column(_("Band"), lambda d: d.band_label or None, 20),
        Column(_("Scores per dimension (%)"), _dimension_scores, 60),
        Column(_("Public id"), lambda d: str(d.uuid), 38),
    )


DIAGNOSES = exports.register(ExportDefinition(name="diagnoses", rows=_rows, columns=_columns()))

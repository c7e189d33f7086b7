"""What the case, need and referral lists export (see `core.exports`).

Each export reads the list's own selector with the page's filters: same permission scope,
same sort, and the related records come with the selector's `select_related`.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from clusterdesk.core import exports
from clusterdesk.core.exports import Column, ExportDefinition
from clusterdesk.organisations.exports import field_column
from clusterdesk.support import selectors
from clusterdesk.support.forms import CaseFilterForm, NeedFilterForm, ReferralFilterForm
from clusterdesk.support.models import Need, Referral, SupportCase


def _name(user: Any) -> str | None:
    return str(user) if user else None


# --- cases ------------------------------------------------------------------------------------


def _case_rows(request: HttpRequest) -> Any:
    return selectors.case_list(user=request.user, filters=CaseFilterForm(request.GET).filters())


def _case_columns() -> tuple[Column, ...]:
    case = SupportCase

    def label(name: str) -> Any:
        return exports.ChoiceLabel(SupportCase, name)

    return (
        Column(_("Organisation"), lambda c: c.organisation.legal_name, 36),
        field_column(case, "problem_statement", width=48),
        field_column(case, "state", label("state"), 18),
        field_column(case, "cluster", lambda c: c.cluster.name, 18),
        field_column(case, "owner", lambda c: _name(c.owner)),
        field_column(case, "origin", label("origin"), 18),
        field_column(case, "opened_on", width=12),
        field_column(case, "closed_on", width=12),
        field_column(case, "closure_reason", width=30),
        field_column(case, "outcome_summary", width=40),
        Column(_("Needs"), lambda c: c.need_count, 8),
        Column(_("Open needs"), lambda c: c.open_need_count, 10),
        Column(_("Referrals"), lambda c: c.referral_count, 10),
        field_column(case, "updated_at"),
        Column(_("Public id"), lambda c: str(c.uuid), 38),
    )


CASES = exports.register(
    ExportDefinition(name="support-cases", rows=_case_rows, columns=_case_columns())
)


# --- needs ------------------------------------------------------------------------------------


def _need_rows(request: HttpRequest) -> Any:
    return selectors.need_list(user=request.user, filters=NeedFilterForm(request.GET).filters())


def _need_columns() -> tuple[Column, ...]:
    def label(name: str) -> Any:
        return exports.ChoiceLabel(Need, name)

    return (
        Column(_("Organisation"), lambda n: n.case.organisation.legal_name, 36),
        field_column(Need, "text", width=48),
        field_column(Need, "theme", label("theme"), 24),
        field_column(Need, "category", label("category"), 24),
        field_column(Need, "priority", label("priority"), 10),
        field_column(Need, "status", label("status"), 10),
        field_column(Need, "source", label("source"), 14),
        Column(_("Referrals"), lambda n: n.referral_count, 10),
        Column(_("Cluster"), lambda n: n.case.cluster.name, 18),
        Column(
            _("Case state"),
            exports.ChoiceLabel(SupportCase, "state", of=lambda n: n.case),
            18,
        ),
        field_column(Need, "created_at"),
        Column(_("Case public id"), lambda n: str(n.case.uuid), 38),
        Column(_("Public id"), lambda n: str(n.uuid), 38),
    )


NEEDS = exports.register(
    ExportDefinition(name="support-needs", rows=_need_rows, columns=_need_columns())
)


# --- referrals --------------------------------------------------------------------------------


def _referral_rows(request: HttpRequest, **fixed: str) -> Any:
    filters = ReferralFilterForm(request.GET).filters(**fixed)
    return selectors.referral_list(user=request.user, filters=filters)


def _referral_columns() -> tuple[Column, ...]:
    def label(name: str) -> Any:
        return exports.ChoiceLabel(Referral, name)

    return (
        Column(_("Organisation"), lambda r: r.case.organisation.legal_name, 36),
        field_column(Referral, "need", lambda r: r.need.text, 40),
        field_column(Referral, "target_kind", label("target_kind"), 18),
        Column(_("Target"), lambda r: r.target_label, 30),
        field_column(Referral, "status", label("status"), 12),
        field_column(Referral, "sent_on", width=12),
        field_column(Referral, "answered_on", width=12),
        field_column(
            Referral,
            "receiving_person",
            lambda r: r.receiving_person or _name(r.receiving_contact),
            24,
        ),
        field_column(Referral, "outcome_kind", label("outcome_kind"), 18),
        field_column(Referral, "outcome_amount", width=14),
        field_column(Referral, "outcome_note", width=30),
        Column(_("Cluster"), lambda r: r.case.cluster.name, 18),
        Column(_("Case owner"), lambda r: _name(r.case.owner), 18),
        field_column(Referral, "created_at"),
        Column(_("Case public id"), lambda r: str(r.case.uuid), 38),
        Column(_("Public id"), lambda r: str(r.uuid), 38),
    )


REFERRALS = exports.register(
    ExportDefinition(name="referrals", rows=_referral_rows, columns=_referral_columns())
)
TEAM_REFERRALS = exports.register(
    ExportDefinition(
        name="team-referrals",
        rows=lambda request: _referral_rows(request, scope="my-teams"),
        columns=_referral_columns(),
    )
)

"""What the catalogue's lists export (see `core.exports`), for the staff only: the public
browses the pages, and the provider directory follows the directory's rules.

Each export reads the list's own selector with the page's filters: the same scope and
sort as the page.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from clusterdesk.catalogue import selectors
from clusterdesk.catalogue.forms import (
    CallFilterForm,
    InstrumentFilterForm,
    ProviderFilterForm,
    TrainingFilterForm,
)
from clusterdesk.catalogue.models import (
    Call,
    ServiceProviderProfile,
    SupportInstrument,
    TrainingProgramme,
)
from clusterdesk.catalogue.permissions import reads_catalogue
from clusterdesk.core import exports, permissions
from clusterdesk.core.exports import Column, ExportDefinition
from clusterdesk.organisations.exports import field_column


def _staff_only(request: HttpRequest) -> None:
    permissions.ensure_allowed(reads_catalogue(request.user))


def _listed(values: Any) -> str:
    return ", ".join(str(value) for value in values or [])


def _yes_no(value: bool) -> str:
    return str(_("yes")) if value else str(_("no"))


# --- instruments ----------------------------------------------------------------------------------


def _instrument_rows(request: HttpRequest) -> Any:
    _staff_only(request)
    filters = InstrumentFilterForm(request.GET).filters()
    return selectors.instrument_list(user=request.user, filters=filters)


def _rate(size: str) -> Any:
    def rate(instrument: SupportInstrument) -> Any:
        rates = instrument.rates_by_size if isinstance(instrument.rates_by_size, dict) else {}
        return rates.get(size)

    return rate


def _instrument_columns() -> tuple[Column, ...]:
    model = SupportInstrument
    return (
        field_column(model, "name", width=30),
        field_column(model, "slug", width=24),
        field_column(model, "kind", exports.ChoiceLabel(model, "kind"), 18),
        field_column(model, "provider", width=30),
        field_column(
            model,
            "provider_organisation",
            lambda i: i.provider_organisation.legal_name if i.provider_organisation else None,
            30,
        ),
        field_column(model, "summary", width=48),
        field_column(model, "themes", lambda i: _listed(i.get_themes_display()), 30),
        Column(_("Rate micro (%)"), _rate("micro"), 10),
        Column(_("Rate small (%)"), _rate("small"), 10),
        Column(_("Rate medium (%)"), _rate("medium"), 10),
        Column(_("Rate large (%)"), _rate("large"), 10),
        field_column(model, "cap_eur", width=14),
        field_column(model, "flat_amount_eur", width=14),
        field_column(model, "valid_from", width=12),
        field_column(model, "valid_until", width=12),
        field_column(model, "legal_basis", width=30),
        field_column(model, "url", width=40),
        field_column(model, "active", lambda i: _yes_no(i.active), 8),
        Column(_("Eligibility rules"), lambda i: len(i.eligibility_rules or []), 10),
        field_column(model, "updated_at"),
        Column(_("Public id"), lambda i: str(i.uuid), 38),
    )


INSTRUMENTS = exports.register(
    ExportDefinition(
        name="catalogue-instruments", rows=_instrument_rows, columns=_instrument_columns()
    )
)


# --- trainings ------------------------------------------------------------------------------------


def _training_rows(request: HttpRequest) -> Any:
    _staff_only(request)
    filters = TrainingFilterForm(request.GET).filters()
    return selectors.training_list(user=request.user, filters=filters)


def _training_columns() -> tuple[Column, ...]:
    model = TrainingProgramme
    return (
        field_column(model, "title", width=40),
        field_column(model, "slug", width=24),
        field_column(model, "provider", width=30),
        field_column(model, "format", exports.ChoiceLabel(model, "format"), 12),
        field_column(model, "language", exports.ChoiceLabel(model, "language"), 12),
        field_column(model, "duration_hours", width=10),
        field_column(model, "dates", lambda t: _listed(t.dates), 30),
        field_column(model, "topics", lambda t: _listed(t.topics), 30),
        field_column(model, "themes", lambda t: _listed(t.get_themes_display()), 30),
        field_column(model, "url", width=40),
        field_column(model, "active", lambda t: _yes_no(t.active), 8),
        field_column(model, "updated_at"),
        Column(_("Public id"), lambda t: str(t.uuid), 38),
    )


TRAININGS = exports.register(
    ExportDefinition(name="catalogue-trainings", rows=_training_rows, columns=_training_columns())
)


# --- calls ----------------------------------------------------------------------------------------


def _call_rows(request: HttpRequest) -> Any:
    _staff_only(request)
    filters = CallFilterForm(request.GET).filters()
    return selectors.call_list(user=request.user, filters=filters)


def _call_columns() -> tuple[Column, ...]:
    model = Call
    return (
        field_column(model, "external_id", width=36),
        field_column(model, "title", width=48),
        field_column(model, "programme", width=24),
        field_column(model, "status", exports.ChoiceLabel(model, "status"), 12),
        field_column(model, "deadline", width=12),
        field_column(model, "deadline_model", width=14),
        field_column(model, "call_identifier", width=30),
        field_column(model, "action_type", width=12),
        field_column(model, "budget_min", width=14),
        field_column(model, "budget_max", width=14),
        field_column(model, "expected_grants", width=10),
        field_column(model, "keywords", width=40),
        field_column(model, "url", width=40),
        field_column(model, "source", exports.ChoiceLabel(model, "source"), 18),
        Column(_("Public id"), lambda c: str(c.uuid), 38),
    )


CALLS = exports.register(
    ExportDefinition(name="catalogue-calls", rows=_call_rows, columns=_call_columns())
)


# --- providers ------------------------------------------------------------------------------------


def _provider_rows(request: HttpRequest) -> Any:
    filters = ProviderFilterForm(request.GET).filters()
    return selectors.provider_list(user=request.user, filters=filters)


def _provider_columns() -> tuple[Column, ...]:
    model = ServiceProviderProfile
    return (
        Column(_("Organisation"), lambda p: p.organisation.legal_name, 36),
        field_column(model, "competences", lambda p: _listed(p.competences), 40),
        field_column(model, "languages", lambda p: _listed(p.get_languages_display()), 20),
        field_column(
            model,
            "accreditations",
            lambda p: _listed(p.accreditation_set.all()),
            40,
        ),
        Column(_("Referrals received"), lambda p: p.referral_count, 10),
        Column(_("Successful referrals"), lambda p: p.success_count, 10),
        field_column(model, "notes", width=40),
        Column(_("Organisation public id"), lambda p: str(p.organisation.uuid), 38),
        Column(_("Public id"), lambda p: str(p.uuid), 38),
    )


PROVIDERS = exports.register(
    ExportDefinition(name="catalogue-providers", rows=_provider_rows, columns=_provider_columns())
)

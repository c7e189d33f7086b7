"""Forms of support instruments, training programmes and calls; writes happen in
`services`, which validate again (the eligibility rules with `matching.rules`)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from clusterdesk.catalogue.forms.common import (
    DATE_WIDGET,
    DateListField,
    JSONTextField,
    OptionalOrganisationSelect,
    TextListField,
    VersionedForm,
    url_field,
)
from clusterdesk.catalogue.models import Call, SupportInstrument, TrainingProgramme
from clusterdesk.catalogue.themes import Theme
from clusterdesk.matching.rules import PREDICATES, SIZE_CLASSES, validate_rules
from clusterdesk.organisations.forms import OrganisationChoiceField

RATE_LABELS = {
    "micro": _("Rate for micro companies (%)"),
    "small": _("Rate for small companies (%)"),
    "medium": _("Rate for medium companies (%)"),
    "large": _("Rate for large companies (%)"),
}


def themes_field() -> forms.MultipleChoiceField:
    return forms.MultipleChoiceField(
        label=_("Themes"),
        required=False,
        choices=Theme.choices,
        widget=forms.CheckboxSelectMultiple(attrs={"class": "form-check-input"}),
    )


def rules_help() -> str:
    """The predicates an editor may use, with their parameters."""
    lines = []
    for predicate in PREDICATES.values():
        parameters = ", ".join(parameter.name for parameter in predicate.parameters)
        lines.append(f"{predicate.name}({parameters})" if parameters else predicate.name)
    return str(_("A JSON list of rules, e.g. %(example)s. Predicates: %(predicates)s.")) % {
        "example": '[{"predicate": "is_sme"}, {"predicate": "cooldown", '
        '"instrument": "fit-4-digital", "years": 2}]',
        "predicates": "; ".join(lines),
    }


class InstrumentForm(VersionedForm):
    """An instrument, with its rates as four numbers and its bonuses and eligibility rules
    as JSON."""

    provider_organisation = OrganisationChoiceField(
        label=_("Provider organisation"), widget=OptionalOrganisationSelect, required=False
    )
    themes = themes_field()
    bonuses = JSONTextField(
        label=_("Bonuses"),
        rows=3,
        help_text=_('A JSON list, e.g. [{"label": "Circular-economy project", "points": 20}].'),
    )
    eligibility_rules = JSONTextField(label=_("Eligibility rules"), rows=10)
    url = url_field(label=_("Web page"))

    class Meta:
        model = SupportInstrument
        fields = [
            "name",
            "slug",
            "kind",
            "provider",
            "provider_organisation",
            "summary",
            "description",
            "themes",
            "cap_eur",
            "flat_amount_eur",
            "bonuses",
            "valid_from",
            "valid_until",
            "legal_basis",
            "url",
            "eligibility_rules",
            "active",
        ]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 5}),
            "summary": forms.Textarea(attrs={"rows": 2}),
            "valid_from": DATE_WIDGET,
            "valid_until": DATE_WIDGET,
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["slug"].required = False
        self.fields["slug"].help_text = _("Used in links; made from the name when empty.")
        self.fields["eligibility_rules"].help_text = rules_help()
        if self.instance.provider_organisation_id and not self.is_bound:
            # The picker shows an organisation by its public id, not its primary key.
            organisation = self.instance.provider_organisation
            self.initial["provider_organisation"] = str(organisation.uuid)
        rates = self.instance.rates_by_size if isinstance(self.instance.rates_by_size, dict) else {}
        for size in SIZE_CLASSES:
            self.fields[f"rate_{size}"] = forms.DecimalField(
                label=RATE_LABELS[size],
                required=False,
                min_value=0,
                max_value=100,
                decimal_places=2,
                initial=rates.get(size),
            )

    def clean_eligibility_rules(self) -> Any:
        rules = self.cleaned_data.get("eligibility_rules")
        problems = validate_rules(rules)
        if problems:
            raise forms.ValidationError(problems)
        return rules

    def rates_by_size(self) -> dict[str, float | int | None]:
        rates: dict[str, float | int | None] = {}
        for size in SIZE_CLASSES:
            value: Decimal | None = self.cleaned_data.get(f"rate_{size}")
            rates[size] = None if value is None else _number(value)
        return rates

    def service_data(self) -> dict[str, Any]:
        return {**super().service_data(), "rates_by_size": self.rates_by_size()}


def _number(value: Decimal) -> float | int:
    return int(value) if value == value.to_integral_value() else float(value)


class TrainingForm(VersionedForm):
    themes = themes_field()
    topics = TextListField(label=_("Topics"))
    dates = DateListField(label=_("Dates"))
    url = url_field(label=_("Web page"))

    class Meta:
        model = TrainingProgramme
        fields = [
            "title",
            "slug",
            "provider",
            "format",
            "language",
            "duration_hours",
            "dates",
            "topics",
            "themes",
            "description",
            "url",
            "active",
        ]
        widgets = {"description": forms.Textarea(attrs={"rows": 5})}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["slug"].required = False
        self.fields["slug"].help_text = _("Used in links; made from the title when empty.")


class CallForm(VersionedForm):
    url = url_field(label=_("Web page"))

    class Meta:
        model = Call
        fields = [
            "title",
            "external_id",
            "programme",
            "status",
            "deadline",
            "deadline_model",
            "call_identifier",
            "call_title",
            "cluster",
            "action_type",
            "budget_min",
            "budget_max",
            "expected_grants",
            "keywords",
            "description",
            "conditions",
            "url",
        ]
        widgets = {
            "deadline": DATE_WIDGET,
            "title": forms.TextInput(),
            "call_title": forms.TextInput(),
            "keywords": forms.Textarea(attrs={"rows": 2}),
            "description": forms.Textarea(attrs={"rows": 6}),
            "conditions": forms.Textarea(attrs={"rows": 4}),
        }

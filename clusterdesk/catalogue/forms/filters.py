"""The URL parameters of the catalogue's lists; invalid values are dropped, not fatal."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from clusterdesk.catalogue import selectors
from clusterdesk.catalogue.forms.common import DATE_WIDGET, valid_values
from clusterdesk.catalogue.models import (
    CallSource,
    CallStatus,
    InstrumentKind,
    Language,
    TrainingFormat,
)
from clusterdesk.catalogue.themes import Theme


def _sorts(sorts: dict[str, Any]) -> list[tuple[str, str]]:
    return [(key, key) for key in sorts]


ACTIVE_CHOICES = [("", _("Active and inactive")), ("yes", _("Active")), ("no", _("Inactive"))]
THEME_CHOICES = [("", _("Any theme")), *Theme.choices]


class InstrumentFilterForm(forms.Form):
    q = forms.CharField(required=False, label=_("Search"))
    kind = forms.ChoiceField(
        required=False, label=_("Kind"), choices=[("", _("Any kind")), *InstrumentKind.choices]
    )
    theme = forms.ChoiceField(required=False, label=_("Theme"), choices=THEME_CHOICES)
    active = forms.ChoiceField(required=False, label=_("Status"), choices=ACTIVE_CHOICES)
    sort = forms.ChoiceField(required=False, choices=_sorts(selectors.INSTRUMENT_SORTS))

    def filters(self) -> selectors.InstrumentFilters:
        values = valid_values(self)
        return selectors.InstrumentFilters(**{**values, "sort": values["sort"] or "name"})


class TrainingFilterForm(forms.Form):
    q = forms.CharField(required=False, label=_("Search"))
    format = forms.ChoiceField(
        required=False, label=_("Format"), choices=[("", _("Any format")), *TrainingFormat.choices]
    )
    language = forms.ChoiceField(
        required=False, label=_("Language"), choices=[("", _("Any language")), *Language.choices]
    )
    theme = forms.ChoiceField(required=False, label=_("Theme"), choices=THEME_CHOICES)
    active = forms.ChoiceField(required=False, label=_("Status"), choices=ACTIVE_CHOICES)
    sort = forms.ChoiceField(required=False, choices=_sorts(selectors.TRAINING_SORTS))

    def filters(self) -> selectors.TrainingFilters:
        values = valid_values(self)
        return selectors.TrainingFilters(**{**values, "sort": values["sort"] or "title"})


class CallFilterForm(forms.Form):
    q = forms.CharField(required=False, label=_("Search"))
    status = forms.ChoiceField(
        required=False, label=_("Status"), choices=[("", _("Any status")), *CallStatus.choices]
    )
    programme = forms.ChoiceField(required=False, label=_("Programme"))
    source = forms.ChoiceField(
        required=False, label=_("Source"), choices=[("", _("Any source")), *CallSource.choices]
    )
    deadline_from = forms.DateField(required=False, label=_("Deadline from"), widget=DATE_WIDGET)
    deadline_to = forms.DateField(required=False, label=_("Deadline until"), widget=DATE_WIDGET)
    sort = forms.ChoiceField(required=False, choices=_sorts(selectors.CALL_SORTS))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        programmes = [(name, name) for name in selectors.call_programmes()]
        cast(forms.ChoiceField, self.fields["programme"]).choices = [
            ("", _("Any programme")),
            *programmes,
        ]

    def filters(self) -> selectors.CallFilters:
        values = valid_values(self)
        return selectors.CallFilters(
            **{
                **values,
                "deadline_from": values["deadline_from"] or None,
                "deadline_to": values["deadline_to"] or None,
                "sort": values["sort"] or "deadline",
            }
        )


class ProviderFilterForm(forms.Form):
    q = forms.CharField(required=False, label=_("Search"))
    instrument = forms.ChoiceField(required=False, label=_("Accredited for"))
    language = forms.ChoiceField(
        required=False, label=_("Language"), choices=[("", _("Any language")), *Language.choices]
    )
    sort = forms.ChoiceField(required=False, choices=_sorts(selectors.PROVIDER_SORTS))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        instruments = selectors.accreditation_instruments().values_list("slug", "name")
        cast(forms.ChoiceField, self.fields["instrument"]).choices = [
            ("", _("Any instrument")),
            *instruments,
        ]

    def filters(self) -> selectors.ProviderFilters:
        values = valid_values(self)
        return selectors.ProviderFilters(**{**values, "sort": values["sort"] or "name"})

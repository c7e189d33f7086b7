"""Forms of service provider profiles: the profile, and its accreditations as a formset
(one row per instrument, with an optional end of validity)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from clusterdesk.catalogue.forms.common import DATE_WIDGET, TextListField, VersionedForm
from clusterdesk.catalogue.models import Language, ServiceProviderProfile
from clusterdesk.catalogue.selectors import accreditation_instruments
from clusterdesk.organisations.forms import OrganisationChoiceField, OrganisationSelect

ACCREDITATION_ROWS = 2


class ProviderProfileForm(VersionedForm):
    """The organisation is chosen when the profile is created, and stays."""

    organisation = OrganisationChoiceField(label=_("Organisation"), widget=OrganisationSelect)
    competences = TextListField(label=_("Competences"))
    languages = forms.MultipleChoiceField(
        label=_("Languages"),
        required=False,
        choices=Language.choices,
        widget=forms.CheckboxSelectMultiple(attrs={"class": "form-check-input"}),
    )

    class Meta:
        model = ServiceProviderProfile
        fields = ["organisation", "competences", "languages", "notes"]
        widgets = {"notes": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            del self.fields["organisation"]


class AccreditationForm(forms.Form):
    instrument = forms.ModelChoiceField(
        label=_("Support instrument"),
        queryset=accreditation_instruments(),
        to_field_name="slug",
        required=False,
        empty_label="—",
    )
    valid_until = forms.DateField(label=_("Valid until"), required=False, widget=DATE_WIDGET)


AccreditationFormSet = forms.formset_factory(AccreditationForm, extra=ACCREDITATION_ROWS)


def accreditation_formset(data: Any = None, profile: ServiceProviderProfile | None = None) -> Any:
    """The formset of a profile's accreditations, filled from the profile on GET."""
    initial = []
    if profile is not None and profile.pk:
        initial = [
            {"instrument": row.instrument, "valid_until": row.valid_until}
            for row in profile.accreditation_set.all()
        ]
    return AccreditationFormSet(data, initial=initial, prefix="accreditations")


def accreditations_of(formset: Any) -> list[dict[str, Any]]:
    """The rows with an instrument, for the services."""
    return [
        {"instrument": row["instrument"], "valid_until": row.get("valid_until")}
        for row in formset.cleaned_data
        if row and row.get("instrument")
    ]

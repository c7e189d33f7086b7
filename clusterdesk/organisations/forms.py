"""Forms: validate input and keep it on error; writes happen in `services`."""

from __future__ import annotations

import re
import uuid
from typing import Any, cast

from django import forms
from django.contrib.auth import get_user_model
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from clusterdesk.accounts.models import Role
from clusterdesk.organisations import normalise
from clusterdesk.organisations.models import (
    Cluster,
    Contact,
    Membership,
    NaceActivity,
    Organisation,
    RelationshipStatus,
    SizeClassChoice,
)
from clusterdesk.organisations.selectors import (
    CONTACT_SORTS,
    ORGANISATION_SORTS,
    ContactFilters,
    OrganisationFilters,
)

_CODE_SEPARATORS = re.compile(r"[\s,;]+")


def staff_owner_queryset() -> Any:
    return (
        get_user_model()
        .objects.filter(is_active=True)
        .filter(Q(role__in=[Role.MANAGER, Role.ADMIN]) | Q(is_superuser=True))
        .order_by("first_name", "last_name", "username")
    )


class OrganisationForm(forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=1)
    nace_codes = forms.CharField(
        label=_("NACE codes"),
        required=False,
        help_text=_("NACE Rev. 2 codes separated by commas, e.g. 29.32, 25.62"),
    )
    tag_names = forms.CharField(label=_("Tags"), required=False, help_text=_("Separated by commas"))
    confirm_distinct = forms.BooleanField(
        label=_("I checked: this is a different organisation"), required=False
    )
    website = forms.URLField(
        label=_("Website"), required=False, max_length=200, assume_scheme="https"
    )

    class Meta:
        model = Organisation
        fields = [
            "legal_name",
            "trade_name",
            "kind",
            "status",
            "owner",
            "register_number",
            "vat_number",
            "headcount",
            "turnover",
            "balance_sheet_total",
            "founding_year",
            "street",
            "postcode",
            "commune",
            "country",
            "website",
            "description",
        ]
        widgets = {"description": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["owner"]).queryset = staff_owner_queryset()
        self.fields["commune"].widget.attrs["list"] = "lu-communes"
        if self.instance.pk and not self.is_bound:
            self.initial["version"] = self.instance.version
            self.initial["nace_codes"] = ", ".join(
                activity.code for activity in self.instance.nace_activities.all()
            )
            self.initial["tag_names"] = ", ".join(tag.name for tag in self.instance.tags.all())

    def clean_nace_codes(self) -> list[NaceActivity]:
        codes = [code for code in _CODE_SEPARATORS.split(self.cleaned_data["nace_codes"]) if code]
        found = {a.code: a for a in NaceActivity.objects.filter(code__in=codes, level__gte=2)}
        unknown = [code for code in codes if code not in found]
        if unknown:
            raise forms.ValidationError(
                ngettext(
                    "Unknown NACE Rev. 2 code: %(codes)s. Use division, group or class codes.",
                    "Unknown NACE Rev. 2 codes: %(codes)s. Use division, group or class codes.",
                    len(unknown),
                )
                % {"codes": ", ".join(unknown)}
            )
        return list(dict.fromkeys(found[code] for code in codes))

    def clean_founding_year(self) -> int | None:
        year = self.cleaned_data.get("founding_year")
        if year is not None and year > timezone.localdate().year:
            raise forms.ValidationError(_("The founding year cannot be in the future."))
        return year

    def service_data(self) -> dict[str, Any]:
        data = {field: self.cleaned_data[field] for field in self.Meta.fields}
        data["nace_activities"] = self.cleaned_data["nace_codes"]
        data["tags"] = normalise.tag_names(self.cleaned_data["tag_names"])
        return data


class OrganisationFilterForm(forms.Form):
    """The organisation list's URL parameters; invalid values are dropped, not fatal."""

    q = forms.CharField(required=False, label=_("Search"))
    cluster = forms.ChoiceField(required=False, label=_("Cluster"))
    size = forms.ChoiceField(
        required=False,
        label=_("Size class"),
        choices=[("", _("Any size")), *SizeClassChoice.choices, ("unknown", _("Unknown"))],
    )
    section = forms.ChoiceField(required=False, label=_("NACE section"))
    status = forms.ChoiceField(
        required=False,
        label=_("Status"),
        choices=[("", _("Any status")), *RelationshipStatus.choices],
    )
    tag = forms.CharField(required=False, label=_("Tag"))
    owner = forms.ChoiceField(
        required=False, label=_("Owner"), choices=[("", _("Anyone")), ("me", _("Me"))]
    )
    sort = forms.ChoiceField(
        required=False, choices=[(key, key) for key in ORGANISATION_SORTS], label=_("Sort")
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["cluster"]).choices = [
            ("", _("All clusters")),
            *Cluster.objects.values_list("slug", "name"),
        ]
        cast(forms.ChoiceField, self.fields["section"]).choices = [
            ("", _("Any section")),
            *[
                (activity.code, f"{activity.code} — {activity.label}")
                for activity in NaceActivity.objects.filter(level=1)
            ],
        ]

    def filters(self) -> OrganisationFilters:
        self.is_valid()
        values = {
            name: self.cleaned_data.get(name) or ""
            for name in self.fields
            if name not in self.errors
        }
        values["q"] = values["q"][:200]
        return OrganisationFilters(**{**values, "sort": values.get("sort") or "name"})


class ContactForm(forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=1)

    class Meta:
        model = Contact
        fields = ["first_name", "last_name", "job_title", "email", "phone", "preferred_language"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk and not self.is_bound:
            self.initial["version"] = self.instance.version

    def service_data(self) -> dict[str, Any]:
        return {field: self.cleaned_data[field] for field in self.Meta.fields}


class OrganisationChoiceField(forms.ModelChoiceField):
    """An organisation chosen by its public id; the page offers a search box to find it."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(
            queryset=Organisation.objects.all(),
            to_field_name="uuid",
            empty_label=None,
            **kwargs,
        )

    def label_from_instance(self, obj: Organisation) -> str:
        return f"{obj.legal_name} — {obj.commune}" if obj.commune else obj.legal_name


def _is_uuid(value: Any) -> bool:
    """Whether `value` is a well-formed UUID (a tampered or garbled value is not)."""
    try:
        uuid.UUID(str(value))
    except ValueError:
        return False
    return True


class OrganisationSelect(forms.Select):
    """Renders only the chosen organisation: the list can hold 100,000 of them."""

    def optgroups(self, name: str, value: list[Any], attrs: Any = None) -> Any:
        chosen = [v for v in value if _is_uuid(v)]
        queryset = Organisation.objects.filter(uuid__in=chosen) if chosen else []
        self.choices = [(str(o.uuid), o.legal_name) for o in queryset]
        return super().optgroups(name, value, attrs)


class NewContactForm(ContactForm):
    organisation = OrganisationChoiceField(label=_("Organisation"), widget=OrganisationSelect)
    role = forms.CharField(label=_("Role at the organisation"), required=False, max_length=150)

    class Meta(ContactForm.Meta):
        pass


class AffiliationForm(forms.Form):
    organisation = OrganisationChoiceField(label=_("Organisation"), widget=OrganisationSelect)
    role = forms.CharField(label=_("Role"), required=False, max_length=150)
    is_primary = forms.BooleanField(label=_("Main organisation"), required=False)


class MembershipForm(forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=1)

    class Meta:
        model = Membership
        fields = ["cluster", "type", "since", "until"]
        widgets = {
            "since": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "until": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }

    def __init__(self, *args: Any, clusters: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if clusters is not None:
            cast(forms.ModelChoiceField, self.fields["cluster"]).queryset = clusters
        if self.instance.pk:
            self.fields["cluster"].disabled = True
            if not self.is_bound:
                self.initial["version"] = self.instance.version

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        since, until = cleaned.get("since"), cleaned.get("until")
        if since and until and until < since:
            self.add_error("until", _("The end date cannot be before the start date."))
        return cleaned

    def validate_unique(self) -> None:
        """Uniqueness is the service's job (it reports it on the cluster field)."""

    def service_data(self) -> dict[str, Any]:
        return {field: self.cleaned_data.get(field) for field in self.Meta.fields}


class ClusterForm(forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=1)

    class Meta:
        model = Cluster
        fields = ["name", "slug", "colour", "description", "managers"]
        widgets = {
            "managers": forms.CheckboxSelectMultiple(attrs={"class": "form-check-input"}),
            "description": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelMultipleChoiceField, self.fields["managers"]).queryset = (
            get_user_model()
            .objects.filter(is_active=True, role=Role.MANAGER)
            .order_by("first_name", "last_name", "username")
        )
        if self.instance.pk and not self.is_bound:
            self.initial["version"] = self.instance.version

    def service_data(self) -> dict[str, Any]:
        return {field: self.cleaned_data[field] for field in self.Meta.fields}


class ContactFilterForm(forms.Form):
    q = forms.CharField(required=False, label=_("Search"))
    cluster = forms.ChoiceField(required=False, label=_("Cluster"))
    language = forms.ChoiceField(
        required=False,
        label=_("Language"),
        choices=[("", _("Any language")), *Contact.Language.choices],
    )
    organisation = forms.UUIDField(required=False, widget=forms.HiddenInput)
    sort = forms.ChoiceField(
        required=False, choices=[(key, key) for key in CONTACT_SORTS], label=_("Sort")
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["cluster"]).choices = [
            ("", _("All clusters")),
            *Cluster.objects.values_list("slug", "name"),
        ]

    def filters(self) -> ContactFilters:
        self.is_valid()
        values = {
            name: self.cleaned_data.get(name) or ""
            for name in self.fields
            if name not in self.errors
        }
        values["organisation"] = str(values.get("organisation") or "")
        values["q"] = str(values["q"])[:200]
        return ContactFilters(**{**values, "sort": values.get("sort") or "name"})

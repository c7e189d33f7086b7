"""Forms of partner listings and the matchmaking page: validate input and keep it on
error; writes happen in `services`."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _

from clusterdesk.catalogue.themes import Theme
from clusterdesk.organisations.forms import OrganisationChoiceField, OrganisationSelect
from clusterdesk.organisations.models import Cluster, Contact, Organisation
from clusterdesk.partnering import selectors
from clusterdesk.partnering.models import (
    Direction,
    ListingCategory,
    ListingStatus,
    PartnerListing,
)
from clusterdesk.partnering.services import MAX_DESCRIPTION

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
CHECKBOXES = forms.CheckboxSelectMultiple(attrs={"class": "form-check-input"})


class ContactField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj} — {obj.job_title}" if obj.job_title else str(obj)


def contacts_of(organisation: Organisation | None) -> Any:
    if organisation is None:
        return Contact.objects.none()
    return Contact.objects.filter(pk__in=organisation.affiliations.values("contact_id")).order_by(
        Lower("last_name"), Lower("first_name")
    )


def _chosen_organisation(form: forms.Form, fixed: Organisation | None) -> Organisation | None:
    """The organisation the form is about: fixed, chosen in the submitted data, or given
    as the initial value."""
    if fixed is not None:
        return fixed
    chosen = form.data.get("organisation") if form.is_bound else form.initial.get("organisation")
    if isinstance(chosen, Organisation):
        return chosen
    try:
        return Organisation.objects.filter(uuid=chosen).first() if chosen else None
    except (ValueError, TypeError, forms.ValidationError):
        return None


class ListingForm(forms.Form):
    """Record or edit a listing. The organisation is chosen when recording, fixed when
    editing; the clusters offered are those the user records under (and the listing's own);
    the contacts those of the organisation."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=1)
    organisation = OrganisationChoiceField(label=_("Organisation"), widget=OrganisationSelect)
    direction = forms.ChoiceField(
        label=_("Offer or request"),
        choices=Direction.choices,
        widget=forms.RadioSelect(attrs={"class": "form-check-input"}),
    )
    category = forms.ChoiceField(label=_("Category"), choices=ListingCategory.choices)
    title = forms.CharField(label=_("Title"), max_length=200)
    description = forms.CharField(
        label=_("Description"),
        required=False,
        max_length=MAX_DESCRIPTION,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("What is offered or looked for, in any language: the pairing reads it."),
    )
    themes = forms.MultipleChoiceField(
        label=_("Themes"), required=False, choices=Theme.choices, widget=CHECKBOXES
    )
    keywords = forms.CharField(
        label=_("Keywords"),
        required=False,
        max_length=2000,
        help_text=_("Separated by commas, e.g. titanium, additive manufacturing, prototypes"),
    )
    contact = ContactField(label=_("Contact"), required=False, queryset=Contact.objects.none())
    cluster = forms.ModelChoiceField(label=_("Cluster"), queryset=Cluster.objects.none())
    status = forms.ChoiceField(label=_("Status"), choices=ListingStatus.choices)
    valid_until = forms.DateField(label=_("Valid until"), required=False, widget=DATE_WIDGET)

    def __init__(
        self,
        *args: Any,
        user: Any,
        listing: PartnerListing | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.listing = listing
        fixed = listing.organisation if listing is not None else None
        self.chosen_organisation = _chosen_organisation(self, fixed)
        if listing is not None:
            del self.fields["organisation"]
            if not self.is_bound:
                self.initial.update(self._initial_from(listing))
        else:
            del self.fields["status"]
            self.initial.setdefault("direction", Direction.OFFER)
            if "cluster" not in self.initial:
                cluster = selectors.default_cluster(user, self.chosen_organisation)
                self.initial["cluster"] = cluster.pk if cluster else None
        keep = listing.cluster_id if listing is not None else None
        clusters = selectors.listing_clusters(user, keep=keep)
        cast(forms.ModelChoiceField, self.fields["cluster"]).queryset = clusters
        cast(forms.ModelChoiceField, self.fields["contact"]).queryset = contacts_of(
            self.chosen_organisation
        )

    @staticmethod
    def _initial_from(listing: PartnerListing) -> dict[str, Any]:
        return {
            "version": listing.version,
            "direction": listing.direction,
            "category": listing.category,
            "title": listing.title,
            "description": listing.description,
            "themes": list(listing.themes or []),
            "keywords": ", ".join(listing.keywords or []),
            "contact": listing.contact_id,
            "cluster": listing.cluster_id,
            "status": listing.status,
            "valid_until": listing.valid_until,
        }

    def service_data(self) -> dict[str, Any]:
        names = [name for name in self.fields if name not in {"version", "organisation"}]
        data = {name: self.cleaned_data.get(name) for name in names}
        if self.listing is None:
            data["organisation"] = self.cleaned_data.get("organisation")
        return data


_SORT_CHOICES = [(key, key) for key in selectors.LISTING_SORTS]


def _valid_values(form: forms.Form) -> dict[str, Any]:
    """The valid URL parameters (invalid ones are dropped, not fatal)."""
    form.is_valid()
    values = {
        name: form.cleaned_data.get(name) or "" for name in form.fields if name not in form.errors
    }
    for name in form.fields:
        values.setdefault(name, "")
    values["q"] = str(values.get("q", ""))[:200]
    return values


def _cluster_choices() -> list[tuple[str, Any]]:
    return [("", _("All clusters")), *Cluster.objects.order_by("name").values_list("slug", "name")]


class ListingFilterForm(forms.Form):
    q = forms.CharField(required=False, label=_("Search"))
    direction = forms.ChoiceField(
        required=False,
        label=_("Offer or request"),
        choices=[("", _("Offers and requests")), *Direction.choices],
    )
    category = forms.ChoiceField(
        required=False,
        label=_("Category"),
        choices=[("", _("Any category")), *ListingCategory.choices],
    )
    theme = forms.ChoiceField(
        required=False, label=_("Theme"), choices=[("", _("Any theme")), *Theme.choices]
    )
    status = forms.ChoiceField(
        required=False,
        label=_("Status"),
        choices=[
            ("", _("Any status")),
            ("active", _("Proposed now (open, not expired)")),
            ("expired", _("Open but expired")),
            *ListingStatus.choices,
        ],
    )
    cluster = forms.ChoiceField(required=False, label=_("Cluster"))
    organisation = forms.UUIDField(required=False, widget=forms.HiddenInput)
    sort = forms.ChoiceField(required=False, choices=_SORT_CHOICES)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["cluster"]).choices = _cluster_choices()

    def filters(self) -> selectors.ListingFilters:
        values = _valid_values(self)
        values["organisation"] = str(values["organisation"] or "")
        return selectors.ListingFilters(**{**values, "sort": values["sort"] or "-created"})


class PairFilterForm(forms.Form):
    q = forms.CharField(required=False, label=_("Search"))
    category = forms.ChoiceField(
        required=False,
        label=_("Category"),
        choices=[("", _("Any category")), *ListingCategory.choices],
    )
    theme = forms.ChoiceField(
        required=False, label=_("Theme"), choices=[("", _("Any theme")), *Theme.choices]
    )
    cluster = forms.ChoiceField(required=False, label=_("Cluster"))
    sort = forms.ChoiceField(required=False, choices=[(key, key) for key in selectors.PAIR_SORTS])

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["cluster"]).choices = _cluster_choices()

    def filters(self) -> selectors.PairFilters:
        values = _valid_values(self)
        return selectors.PairFilters(**{**values, "sort": values["sort"] or "-score"})

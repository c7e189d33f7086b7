"""Forms of the support journey: validate input and keep it on error; writes happen in
`services` and `workflows`."""

from __future__ import annotations

import datetime
import re
from typing import Any, cast

from django import forms
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from clusterdesk.catalogue.forms import team_member_queryset
from clusterdesk.catalogue.models import (
    AgencyTeam,
    Call,
    CallStatus,
    SupportInstrument,
    TrainingProgramme,
)
from clusterdesk.catalogue.themes import Theme
from clusterdesk.organisations.forms import (
    OrganisationChoiceField,
    OrganisationSelect,
    staff_owner_queryset,
)
from clusterdesk.organisations.models import Cluster, Contact
from clusterdesk.support import selectors, states
from clusterdesk.support.models import (
    Action,
    ActionStatus,
    Need,
    NeedCategory,
    NeedStatus,
    Priority,
    Referral,
    Roadmap,
    SupportCase,
    TargetKind,
)

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
_DATE_SEPARATORS = re.compile(r"[\s,;]+")


class VersionedForm(forms.ModelForm):
    """A model form that carries the version it was opened with."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=1)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk and not self.is_bound:
            self.initial["version"] = self.instance.version

    def validate_unique(self) -> None:
        """Uniqueness and the rules across records are the services' job."""

    def service_data(self) -> dict[str, Any]:
        """The cleaned values of the model's fields this form shows (and may change)."""
        return {
            name: self.cleaned_data.get(name)
            for name in self.Meta.fields  # type: ignore[attr-defined]
            if name in self.fields and not self.fields[name].disabled
        }


def _not_in_future(value: datetime.date | None, message: Any) -> datetime.date | None:
    if value is not None and value > timezone.localdate():
        raise forms.ValidationError(message)
    return value


# --- cases ------------------------------------------------------------------------------------


class CaseForm(VersionedForm):
    """Open or edit a case. The organisation is chosen on creation only."""

    organisation = OrganisationChoiceField(label=_("Organisation"), widget=OrganisationSelect)

    class Meta:
        model = SupportCase
        fields = ["organisation", "cluster", "owner", "origin", "problem_statement", "opened_on"]
        widgets = {
            "problem_statement": forms.Textarea(attrs={"rows": 4}),
            "opened_on": DATE_WIDGET,
        }

    def __init__(self, *args: Any, clusters: QuerySet[Cluster], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["cluster"]).queryset = clusters
        cast(forms.ModelChoiceField, self.fields["owner"]).queryset = staff_owner_queryset()
        if self.instance.pk:
            del self.fields["organisation"]
            if self.instance.is_closed:
                self.fields["closure_reason"] = forms.CharField(
                    label=_("Closure reason"),
                    widget=forms.Textarea(attrs={"rows": 2}),
                    initial=self.instance.closure_reason,
                )
            self.fields["outcome_summary"] = forms.CharField(
                label=_("Outcome summary"),
                required=False,
                widget=forms.Textarea(attrs={"rows": 3}),
                initial=self.instance.outcome_summary,
            )

    def clean_opened_on(self) -> datetime.date | None:
        return _not_in_future(
            self.cleaned_data.get("opened_on"), _("A case cannot be opened in the future.")
        )

    def service_data(self) -> dict[str, Any]:
        names = [name for name in self.fields if name != "version"]
        return {name: self.cleaned_data.get(name) for name in names}


class TransitionForm(forms.Form):
    """A move of the case's state; the reason is required where the journey says so."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    to_state = forms.ChoiceField(label=_("Next state"), choices=states.State.choices)
    reason = forms.CharField(
        label=_("Reason"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )
    outcome_summary = forms.CharField(
        label=_("Outcome summary"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("What came of the journey: funding, projects, partnerships…"),
    )


_CASE_SORT_CHOICES = [(key, key) for key in selectors.CASE_SORTS]


class CaseFilterForm(forms.Form):
    """The case list's URL parameters; invalid values are dropped, not fatal."""

    q = forms.CharField(required=False, label=_("Search"))
    state = forms.ChoiceField(
        required=False,
        label=_("State"),
        choices=[
            ("", _("Any state")),
            ("open", _("Open cases")),
            ("closed", _("Closed cases")),
            *states.State.choices,
        ],
    )
    cluster = forms.ChoiceField(required=False, label=_("Cluster"))
    owner = forms.ChoiceField(
        required=False, label=_("Owner"), choices=[("", _("Anyone")), ("me", _("Me"))]
    )
    organisation = forms.UUIDField(required=False, widget=forms.HiddenInput)
    sort = forms.ChoiceField(required=False, choices=_CASE_SORT_CHOICES)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["cluster"]).choices = [
            ("", _("All clusters")),
            *Cluster.objects.order_by("name").values_list("slug", "name"),
        ]

    def filters(self) -> selectors.CaseFilters:
        values = _valid_values(self)
        values["organisation"] = str(values["organisation"] or "")
        return selectors.CaseFilters(**{**values, "sort": values.get("sort") or "-opened"})


def _valid_values(form: forms.Form) -> dict[str, Any]:
    form.is_valid()
    values = {
        name: form.cleaned_data.get(name) or "" for name in form.fields if name not in form.errors
    }
    for name in form.fields:
        values.setdefault(name, "")
    values["q"] = str(values.get("q", ""))[:200]
    return values


# --- needs ------------------------------------------------------------------------------------


class NeedForm(VersionedForm):
    class Meta:
        model = Need
        fields = ["text", "theme", "category", "priority", "status"]
        widgets = {"text": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not self.instance.pk:
            del self.fields["status"]


class NeedFilterForm(forms.Form):
    q = forms.CharField(required=False, label=_("Search"))
    status = forms.ChoiceField(
        required=False, label=_("Status"), choices=[("", _("Any status")), *NeedStatus.choices]
    )
    theme = forms.ChoiceField(
        required=False, label=_("Theme"), choices=[("", _("Any theme")), *Theme.choices]
    )
    category = forms.ChoiceField(
        required=False,
        label=_("Category"),
        choices=[("", _("Any category")), *NeedCategory.choices],
    )
    priority = forms.ChoiceField(
        required=False,
        label=_("Priority"),
        choices=[("", _("Any priority")), *Priority.choices],
    )
    cluster = forms.ChoiceField(required=False, label=_("Cluster"))
    owner = forms.ChoiceField(
        required=False, label=_("Case owner"), choices=[("", _("Anyone")), ("me", _("Me"))]
    )
    case = forms.UUIDField(required=False, widget=forms.HiddenInput)
    sort = forms.ChoiceField(required=False, choices=[(key, key) for key in selectors.NEED_SORTS])

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["cluster"]).choices = [
            ("", _("All clusters")),
            *Cluster.objects.order_by("name").values_list("slug", "name"),
        ]

    def filters(self) -> selectors.NeedFilters:
        values = _valid_values(self)
        values["case"] = str(values["case"] or "")
        return selectors.NeedFilters(**{**values, "sort": values.get("sort") or "-created"})


# --- referrals --------------------------------------------------------------------------------


class ReferralForm(VersionedForm):
    """Refer a need: the target of its kind, and who receives it."""

    target_organisation = OrganisationChoiceField(
        label=_("Organisation"), widget=OrganisationSelect, required=False
    )
    send = forms.BooleanField(
        label=_("Send it now"),
        required=False,
        help_text=_("Otherwise it stays a proposal until you send it."),
    )

    class Meta:
        model = Referral
        fields = [
            "target_kind",
            "target_team",
            "target_organisation",
            "target_instrument",
            "instrument_name",
            "target_call",
            "target_training",
            "receiving_person",
            "receiving_contact",
            "note",
        ]
        widgets = {"note": forms.Textarea(attrs={"rows": 2})}
        help_texts = {"instrument_name": _("Only for an instrument that is not in the catalogue.")}
        labels = {"instrument_name": _("Other instrument")}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(
            forms.ModelChoiceField, self.fields["target_team"]
        ).queryset = AgencyTeam.objects.order_by("name")
        self.fields["target_organisation"].empty_label = "—"  # type: ignore[attr-defined]
        catalogue = {
            "target_instrument": SupportInstrument.objects.filter(active=True).order_by("name"),
            "target_call": Call.objects.exclude(status=CallStatus.CLOSED).order_by(
                "deadline", "external_id"
            ),
            "target_training": TrainingProgramme.objects.filter(active=True).order_by("title"),
        }
        for name, queryset in catalogue.items():
            field = cast(forms.ModelChoiceField, self.fields[name])
            current = getattr(self.instance, f"{name}_id")
            # What the referral already names stays choosable (a closed call, say).
            field.queryset = queryset | queryset.model.objects.filter(pk=current)  # type: ignore[attr-defined]
            field.empty_label = "—"
        organisation_id = self.instance.target_organisation_id
        if organisation_id and not self.is_bound:
            # The picker's values are public ids; a model form's initial value is the pk.
            self.initial["target_organisation"] = self.instance.target_organisation.uuid
        if organisation_id:
            cast(forms.ModelChoiceField, self.fields["receiving_contact"]).queryset = (
                Contact.objects.filter(affiliations__organisation_id=organisation_id)
                .distinct()
                .order_by("last_name", "first_name")
            )
        else:
            del self.fields["receiving_contact"]
        if self.instance.pk:
            del self.fields["send"]
            if self.instance.status != states.ReferralStatus.PROPOSED:
                for name in (
                    "target_kind",
                    "target_team",
                    "target_organisation",
                    "target_instrument",
                    "instrument_name",
                    "target_call",
                    "target_training",
                ):
                    self.fields[name].disabled = True


class ReferralAnswerForm(VersionedForm):
    """The target's answer: the next status, who handles it, and what came of it."""

    status = forms.ChoiceField(label=_("Status"))
    answered_on = forms.DateField(
        label=_("Date"),
        required=False,
        widget=DATE_WIDGET,
        help_text=_("Of the answer; today when empty."),
    )

    class Meta:
        model = Referral
        fields = [
            "status",
            "receiving_person",
            "outcome_kind",
            "outcome_amount",
            "outcome_note",
        ]
        widgets = {"outcome_note": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args: Any, as_target: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        current = self.instance.status
        moves = states.referral_next_statuses(current, answering_only=True)
        if not as_target:
            moves = tuple(
                move
                for move in states.referral_next_statuses(current)
                if move != states.ReferralStatus.SENT
            )
        labels = dict(states.ReferralStatus.choices)
        choices = [(current, _("Keep: %(status)s") % {"status": labels[current]})]
        cast(forms.ChoiceField, self.fields["status"]).choices = [
            *choices,
            *[(move, labels[move]) for move in moves],
        ]
        self.initial.setdefault("status", current)

    def clean_answered_on(self) -> datetime.date | None:
        return _not_in_future(
            self.cleaned_data.get("answered_on"), _("The date cannot be in the future.")
        )

    def service_data(self) -> dict[str, Any]:
        return {**super().service_data(), "answered_on": self.cleaned_data.get("answered_on")}


class ReferralFilterForm(forms.Form):
    q = forms.CharField(required=False, label=_("Search"))
    status = forms.ChoiceField(
        required=False,
        label=_("Status"),
        choices=[
            ("", _("Any status")),
            ("waiting", _("Waiting for an answer")),
            ("open", _("Not finished")),
            *states.ReferralStatus.choices,
        ],
    )
    kind = forms.ChoiceField(
        required=False,
        label=_("Referred to"),
        choices=[("", _("Any target")), *TargetKind.choices],
    )
    team = forms.ChoiceField(required=False, label=_("Agency team"))
    cluster = forms.ChoiceField(required=False, label=_("Cluster"))
    scope = forms.ChoiceField(
        required=False,
        label=_("Show"),
        choices=[
            ("", _("All referrals")),
            ("my-teams", _("Sent to my teams")),
            ("my-cases", _("Of my cases")),
        ],
    )
    case = forms.UUIDField(required=False, widget=forms.HiddenInput)
    sort = forms.ChoiceField(
        required=False, choices=[(key, key) for key in selectors.REFERRAL_SORTS]
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["team"]).choices = [
            ("", _("Any team")),
            *AgencyTeam.objects.order_by("name").values_list("slug", "name"),
        ]
        cast(forms.ChoiceField, self.fields["cluster"]).choices = [
            ("", _("All clusters")),
            *Cluster.objects.order_by("name").values_list("slug", "name"),
        ]

    def filters(self, **fixed: str) -> selectors.ReferralFilters:
        values = _valid_values(self)
        values["case"] = str(values["case"] or "")
        values.update(fixed)
        return selectors.ReferralFilters(**{**values, "sort": values.get("sort") or "-created"})


# --- roadmaps ---------------------------------------------------------------------------------


class ReviewDatesField(forms.CharField):
    """Review dates typed as YYYY-MM-DD, separated by commas or spaces; cleaned to sorted,
    distinct ISO dates (what the roadmap's JSON field holds)."""

    def to_python(self, value: Any) -> list[str]:  # type: ignore[override]
        text = super().to_python(value) or ""
        days = []
        for part in _DATE_SEPARATORS.split(text):
            if not part:
                continue
            try:
                days.append(datetime.date.fromisoformat(part))
            except ValueError:
                raise forms.ValidationError(
                    _("Not a date (YYYY-MM-DD): %(value)s"), params={"value": part}
                ) from None
        return [day.isoformat() for day in sorted(set(days))]

    def prepare_value(self, value: Any) -> str:
        if isinstance(value, list):
            return ", ".join(str(item) for item in value)
        return str(value or "")


class RoadmapForm(VersionedForm):
    review_dates = ReviewDatesField(
        label=_("Review dates"),
        required=False,
        help_text=_("YYYY-MM-DD, separated by commas, e.g. 2026-03-01, 2026-06-01"),
    )

    class Meta:
        model = Roadmap
        fields = ["horizon", "agreed_on", "review_dates", "summary"]
        widgets = {"agreed_on": DATE_WIDGET, "summary": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk and not self.is_bound:
            self.initial["review_dates"] = ", ".join(self.instance.review_dates)


class ActionForm(VersionedForm):
    class Meta:
        model = Action
        fields = [
            "description",
            "owner",
            "due_on",
            "status",
            "priority",
            "ease_class",
            "estimated_cost",
            "needs",
            "referrals",
        ]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 2}),
            "due_on": DATE_WIDGET,
            "needs": forms.CheckboxSelectMultiple(attrs={"class": "form-check-input"}),
            "referrals": forms.CheckboxSelectMultiple(attrs={"class": "form-check-input"}),
        }

    def __init__(self, *args: Any, case: SupportCase, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["owner"]).queryset = team_member_queryset()
        cast(forms.ModelMultipleChoiceField, self.fields["needs"]).queryset = case.needs.order_by(
            "id"
        )
        cast(forms.ModelMultipleChoiceField, self.fields["referrals"]).queryset = (
            Referral.objects.filter(case=case)
            .select_related("need", "target_team", "target_organisation")
            .order_by("id")
        )
        if not self.instance.pk:
            self.initial.setdefault("status", ActionStatus.PLANNED)

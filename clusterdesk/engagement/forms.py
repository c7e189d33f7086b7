"""Forms of interactions, follow-ups and cadence rules: validate input and keep it on error;
writes happen in `services`."""

from __future__ import annotations

import datetime
from typing import Any, cast

from django import forms
from django.contrib.auth import get_user_model
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from clusterdesk.engagement import selectors
from clusterdesk.engagement.invites import MAX_INVITE_BYTES, Invite, InviteError, read_invite
from clusterdesk.engagement.models import CadenceRule, InteractionKind, Theme
from clusterdesk.engagement.services import owner_queryset, staff_queryset
from clusterdesk.organisations.forms import OrganisationChoiceField, OrganisationSelect
from clusterdesk.organisations.models import Cluster, Contact, Organisation, Tag

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
CHECKBOXES = forms.CheckboxSelectMultiple(attrs={"class": "form-check-input"})


def _date_field(label: Any, required: bool = True, **kwargs: Any) -> forms.DateField:
    return forms.DateField(label=label, required=required, widget=DATE_WIDGET, **kwargs)


class FollowUpFieldsMixin(forms.Form):
    """ "Follow up on" and its note, beside a new interaction: a note needs a date (it would
    otherwise be dropped without a word)."""

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        note = (cleaned.get("follow_up_note") or "").strip()
        if note and not cleaned.get("follow_up_on") and "follow_up_on" not in self.errors:
            self.add_error("follow_up_on", _("Give the follow-up a date, or clear its note."))
        return cleaned


class ContactsField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj} — {obj.job_title}" if obj.job_title else str(obj)


class PersonField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.get_full_name() or obj.username)


class OwnerField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.get_full_name() or obj.username)


def _bound_organisation(form: forms.Form, organisation: Organisation | None) -> Organisation | None:
    """The organisation the form is about: fixed, or the one chosen in the submitted data."""
    if organisation is not None or not form.is_bound:
        return organisation
    chosen = form.data.get(form.add_prefix("organisation"))
    try:
        return Organisation.objects.filter(uuid=chosen).first() if chosen else None
    except (ValueError, TypeError, forms.ValidationError):
        return None


class InteractionForm(FollowUpFieldsMixin):
    """The full form. `organisation` is chosen when logging, fixed when editing; the
    contacts offered are that organisation's and the clusters those the user files under."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=1)
    organisation = OrganisationChoiceField(label=_("Organisation"), widget=OrganisationSelect)
    cluster = forms.ModelChoiceField(label=_("Cluster"), queryset=Cluster.objects.none())
    kind = forms.ChoiceField(label=_("Kind"), choices=InteractionKind.choices)
    occurred_on = _date_field(_("Date"))
    contacts = ContactsField(
        label=_("Contacts met"), required=False, queryset=Contact.objects.none(), widget=CHECKBOXES
    )
    participants = PersonField(
        label=_("Agency participants"),
        required=False,
        queryset=get_user_model().objects.none(),
        widget=CHECKBOXES,
    )
    themes = forms.MultipleChoiceField(
        label=_("Themes"), required=False, choices=Theme.choices, widget=CHECKBOXES
    )
    summary = forms.CharField(
        label=_("Summary"),
        required=False,
        max_length=50_000,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("Markdown: **bold**, _italic_, - lists, [links](https://…)."),
    )
    confidential = forms.BooleanField(
        label=_("Confidential: only the managers of this cluster and admins see it"),
        required=False,
    )
    follow_up_on = _date_field(
        _("Follow up on"), required=False, help_text=_("Plans a follow-up for you on that day.")
    )
    follow_up_note = forms.CharField(label=_("Follow-up note"), required=False, max_length=5000)

    def __init__(
        self,
        *args: Any,
        user: Any,
        organisation: Organisation | None = None,
        interaction: Any = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.interaction = interaction
        self.fixed_organisation = interaction.organisation if interaction else organisation
        if self.fixed_organisation is not None:
            del self.fields["organisation"]
        chosen = _bound_organisation(self, self.fixed_organisation)
        if chosen is None and isinstance(self.initial.get("organisation"), Organisation):
            chosen = self.initial["organisation"]
        clusters = selectors.loggable_clusters(user)
        if interaction is not None:
            clusters = clusters | Cluster.objects.filter(pk=interaction.cluster_id)
            del self.fields["follow_up_on"]
            del self.fields["follow_up_note"]
            if not self.is_bound:
                self.initial.update(self._initial_from(interaction))
        else:
            self.initial.setdefault("occurred_on", timezone.localdate())
            self.initial.setdefault("kind", InteractionKind.VIDEO_CALL)
            self.initial.setdefault("participants", [user.pk])
            if "cluster" not in self.initial:
                cluster = selectors.default_cluster(user, chosen)
                self.initial["cluster"] = cluster.pk if cluster else None
        cast(forms.ModelChoiceField, self.fields["cluster"]).queryset = clusters.distinct()
        cast(
            forms.ModelMultipleChoiceField, self.fields["contacts"]
        ).queryset = selectors.organisation_contacts(chosen)
        cast(
            forms.ModelMultipleChoiceField, self.fields["participants"]
        ).queryset = staff_queryset()
        self.chosen_organisation = chosen

    @staticmethod
    def _initial_from(interaction: Any) -> dict[str, Any]:
        return {
            "version": interaction.version,
            "cluster": interaction.cluster_id,
            "kind": interaction.kind,
            "occurred_on": interaction.occurred_on,
            "contacts": [contact.pk for contact in interaction.contacts.all()],
            "participants": [person.pk for person in interaction.participants.all()],
            "themes": list(interaction.themes or []),
            "summary": interaction.summary,
            "confidential": interaction.confidential,
        }

    def service_data(self) -> dict[str, Any]:
        data = {
            name: self.cleaned_data[name]
            for name in (
                "cluster",
                "kind",
                "occurred_on",
                "summary",
                "confidential",
                "themes",
            )
        }
        data["contacts"] = list(self.cleaned_data["contacts"])
        data["participants"] = list(self.cleaned_data["participants"])
        data["organisation"] = self.fixed_organisation or self.cleaned_data.get("organisation")
        return data


class QuickInteractionForm(FollowUpFieldsMixin):
    """The company file's quick entry: what a person notes right after a call."""

    prefix = "quick"

    cluster = forms.ModelChoiceField(label=_("Cluster"), queryset=Cluster.objects.none())
    kind = forms.ChoiceField(label=_("Kind"), choices=InteractionKind.choices)
    occurred_on = _date_field(_("Date"))
    summary = forms.CharField(
        label=_("Summary"),
        required=False,
        max_length=50_000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    contacts = ContactsField(
        label=_("Contacts met"), required=False, queryset=Contact.objects.none(), widget=CHECKBOXES
    )
    confidential = forms.BooleanField(label=_("Confidential"), required=False)
    follow_up_on = _date_field(_("Follow up on"), required=False)
    follow_up_note = forms.CharField(
        label=_("Follow-up note"),
        required=False,
        max_length=5000,
        widget=forms.TextInput(attrs={"placeholder": _("What to check then")}),
    )

    def __init__(self, *args: Any, user: Any, organisation: Organisation, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.organisation = organisation
        clusters = selectors.loggable_clusters(user)
        cast(forms.ModelChoiceField, self.fields["cluster"]).queryset = clusters
        cast(
            forms.ModelMultipleChoiceField, self.fields["contacts"]
        ).queryset = selectors.organisation_contacts(organisation)
        if not self.is_bound:
            cluster = selectors.default_cluster(user, organisation)
            self.initial.update(
                {
                    "cluster": cluster.pk if cluster else None,
                    "kind": InteractionKind.VIDEO_CALL,
                    "occurred_on": timezone.localdate(),
                }
            )

    def service_data(self, user: Any) -> dict[str, Any]:
        data = {
            name: self.cleaned_data[name]
            for name in ("cluster", "kind", "occurred_on", "summary", "confidential")
        }
        data.update(
            organisation=self.organisation,
            contacts=list(self.cleaned_data["contacts"]),
            participants=[user],
        )
        return data


class InviteForm(forms.Form):
    """A meeting invite (.ics) whose details pre-fill a new interaction."""

    invite = forms.FileField(
        label=_("Meeting invite (.ics)"),
        help_text=_("From Outlook, Google Calendar or any calendar: at most 1 MB."),
        widget=forms.ClearableFileInput(attrs={"accept": ".ics,text/calendar"}),
    )

    def clean_invite(self) -> Invite:
        upload = self.cleaned_data["invite"]
        if upload.size is not None and upload.size > MAX_INVITE_BYTES:
            raise forms.ValidationError(
                _("The file is larger than 1 MB: a meeting invite is much smaller.")
            )
        try:
            return read_invite(upload.read(MAX_INVITE_BYTES + 1))
        except InviteError as error:
            raise forms.ValidationError(str(error)) from error


class FollowUpForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=1)
    interaction = forms.UUIDField(widget=forms.HiddenInput, required=False)
    organisation = OrganisationChoiceField(label=_("Organisation"), widget=OrganisationSelect)
    cluster = forms.ModelChoiceField(label=_("Cluster"), queryset=Cluster.objects.none())
    owner = OwnerField(label=_("Owner"), queryset=get_user_model().objects.none())
    due_on = _date_field(_("Due on"), required=False)
    note = forms.CharField(
        label=_("Note"), required=False, max_length=5000, widget=forms.Textarea(attrs={"rows": 3})
    )
    done_on = _date_field(_("Done on"), required=False)

    def __init__(
        self,
        *args: Any,
        user: Any,
        organisation: Organisation | None = None,
        follow_up: Any = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.follow_up = follow_up
        self.fixed_organisation = follow_up.organisation if follow_up else organisation
        if self.fixed_organisation is not None:
            del self.fields["organisation"]
        clusters = selectors.loggable_clusters(user)
        if follow_up is not None:
            del self.fields["interaction"]
            clusters = clusters | Cluster.objects.filter(pk=follow_up.cluster_id)
            if not self.is_bound:
                self.initial.update(
                    version=follow_up.version,
                    cluster=follow_up.cluster_id,
                    owner=follow_up.owner_id,
                    due_on=follow_up.due_on,
                    note=follow_up.note,
                    done_on=follow_up.done_on,
                )
        else:
            del self.fields["done_on"]
            chosen = _bound_organisation(self, self.fixed_organisation)
            if chosen is None and isinstance(self.initial.get("organisation"), Organisation):
                chosen = self.initial["organisation"]
            cluster = selectors.default_cluster(user, chosen)
            self.initial.setdefault("cluster", cluster.pk if cluster else None)
            self.initial.setdefault("owner", user.pk)
            self.initial.setdefault("due_on", timezone.localdate() + datetime.timedelta(days=14))
        cast(forms.ModelChoiceField, self.fields["cluster"]).queryset = clusters.distinct()
        cast(forms.ModelChoiceField, self.fields["owner"]).queryset = owner_queryset()

    def service_data(self) -> dict[str, Any]:
        data = {
            name: self.cleaned_data.get(name)
            for name in ("cluster", "owner", "due_on", "note", "done_on")
            if name in self.fields
        }
        data["organisation"] = self.fixed_organisation or self.cleaned_data.get("organisation")
        return data


class QuickFollowUpForm(forms.Form):
    """The company file's "add a follow-up": a date and a note, owned by whoever adds it."""

    prefix = "follow"

    due_on = _date_field(_("Due on"))
    note = forms.CharField(label=_("Note"), required=False, max_length=5000)


class CadenceRuleForm(forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=1)

    class Meta:
        model = CadenceRule
        fields = ["name", "status", "tag", "max_days", "active"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["tag"]).queryset = Tag.objects.order_by("name")
        if self.instance.pk and not self.is_bound:
            self.initial["version"] = self.instance.version

    def service_data(self) -> dict[str, Any]:
        return {field: self.cleaned_data[field] for field in self.Meta.fields}


# --- list filters (URL parameters; invalid values are dropped, not fatal) --------------------


def _filter_values(form: forms.Form) -> dict[str, Any]:
    form.is_valid()
    return {
        name: form.cleaned_data.get(name)
        for name in form.fields
        if name not in form.errors and form.cleaned_data.get(name) not in (None, "")
    }


def _cluster_choices(empty: Any) -> list[tuple[str, Any]]:
    return [("", empty), *Cluster.objects.order_by("name").values_list("slug", "name")]


class InteractionFilterForm(forms.Form):
    organisation = forms.UUIDField(required=False, widget=forms.HiddenInput)
    cluster = forms.ChoiceField(required=False, label=_("Cluster"))
    kind = forms.ChoiceField(
        required=False, label=_("Kind"), choices=[("", _("Any kind")), *InteractionKind.choices]
    )
    theme = forms.ChoiceField(
        required=False, label=_("Theme"), choices=[("", _("Any theme")), *Theme.choices]
    )
    date_from = _date_field(_("From"), required=False)
    date_to = _date_field(_("To"), required=False)
    mine = forms.ChoiceField(
        required=False, label=_("Who"), choices=[("", _("Anyone")), ("me", _("With me"))]
    )
    sort = forms.ChoiceField(
        required=False, choices=[(key, key) for key in selectors.INTERACTION_SORTS]
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["cluster"]).choices = _cluster_choices(
            _("All clusters")
        )

    def filters(self) -> selectors.InteractionFilters:
        values = _filter_values(self)
        return selectors.InteractionFilters(
            organisation=str(values.get("organisation") or ""),
            cluster=values.get("cluster", ""),
            kind=values.get("kind", ""),
            theme=values.get("theme", ""),
            date_from=values.get("date_from"),
            date_to=values.get("date_to"),
            mine=values.get("mine") == "me",
            sort=values.get("sort") or "-date",
        )


class FollowUpFilterForm(forms.Form):
    owner = forms.ChoiceField(
        required=False, label=_("Owner"), choices=[("me", _("Me")), ("anyone", _("Anyone"))]
    )
    status = forms.ChoiceField(
        required=False,
        label=_("Status"),
        choices=[
            ("open", _("Open")),
            ("overdue", _("Overdue")),
            ("done", _("Done")),
            ("all", _("All")),
        ],
    )
    cluster = forms.ChoiceField(required=False, label=_("Cluster"))
    organisation = forms.UUIDField(required=False, widget=forms.HiddenInput)
    sort = forms.ChoiceField(
        required=False, choices=[(key, key) for key in selectors.FOLLOW_UP_SORTS]
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["cluster"]).choices = _cluster_choices(
            _("All clusters")
        )

    def filters(self) -> selectors.FollowUpFilters:
        values = _filter_values(self)
        return selectors.FollowUpFilters(
            owner="" if values.get("owner") == "anyone" else "me",
            status=values.get("status") or "open",
            cluster=values.get("cluster", ""),
            organisation=str(values.get("organisation") or ""),
            sort=values.get("sort") or "due",
        )

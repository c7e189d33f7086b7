"""Forms of agency teams; writes happen in `services`."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from clusterdesk.accounts.models import Role
from clusterdesk.catalogue.models import AgencyTeam, TeamService


def team_member_queryset() -> Any:
    """Who can be in a team: active agency staff (experts, managers, admins)."""
    return (
        get_user_model()
        .objects.filter(is_active=True)
        .exclude(role=Role.ANALYST, is_superuser=False)
        .order_by("first_name", "last_name", "username")
    )


class TeamMembersField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj} ({obj.get_role_display()})"


class AgencyTeamForm(forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=1)
    services = forms.MultipleChoiceField(
        label=_("Services"),
        required=False,
        choices=TeamService.choices,
        widget=forms.CheckboxSelectMultiple(attrs={"class": "form-check-input"}),
        help_text=_("What the team offers companies."),
    )

    class Meta:
        model = AgencyTeam
        fields = ["name", "slug", "email", "description", "services", "members"]
        field_classes = {"members": TeamMembersField}
        widgets = {
            "members": forms.CheckboxSelectMultiple(attrs={"class": "form-check-input"}),
            "description": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        members = cast(forms.ModelMultipleChoiceField, self.fields["members"])
        members.queryset = team_member_queryset()
        self.fields["slug"].required = False
        if self.instance.pk and not self.is_bound:
            self.initial["version"] = self.instance.version

    def validate_unique(self) -> None:
        """Uniqueness is checked by the service, on the field it concerns."""

    def service_data(self) -> dict[str, Any]:
        return {field: self.cleaned_data[field] for field in self.Meta.fields}

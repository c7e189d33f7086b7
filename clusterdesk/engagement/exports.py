"""What the interaction and follow-up lists export (see `core.exports`): the list's own
selector with the page's filters, so a file holds exactly what the list shows to that
person (no confidential interaction they may not see)."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from clusterdesk.core import exports
from clusterdesk.core.exports import Column, ExportDefinition
from clusterdesk.engagement import selectors
from clusterdesk.engagement.forms import FollowUpFilterForm, InteractionFilterForm
from clusterdesk.engagement.models import FollowUp, Interaction, Theme
from clusterdesk.organisations.exports import field_column


def _joined(values: Any) -> str:
    return "; ".join(str(value) for value in values)


def _interaction_rows(request: HttpRequest) -> Any:
    filters = InteractionFilterForm(request.GET).filters()
    return selectors.interaction_list(user=request.user, filters=filters)


def _attach_people(interactions: list[Any]) -> None:
    """`export_contacts` and `export_participants` of a chunk, in two queries."""
    ids = [interaction.pk for interaction in interactions]
    contacts: dict[int, list[str]] = defaultdict(list)
    for interaction_id, first, last in (
        Interaction.contacts.through.objects.filter(interaction_id__in=ids)
        .order_by("contact__last_name", "contact__first_name")
        .values_list("interaction_id", "contact__first_name", "contact__last_name")
    ):
        contacts[interaction_id].append(f"{first} {last}")
    people: dict[int, list[str]] = defaultdict(list)
    for interaction_id, first, last, username in (
        Interaction.participants.through.objects.filter(interaction_id__in=ids)
        .order_by("user__last_name", "user__first_name")
        .values_list("interaction_id", "user__first_name", "user__last_name", "user__username")
    ):
        people[interaction_id].append(f"{first} {last}".strip() or username)
    for interaction in interactions:
        interaction.export_contacts = contacts.get(interaction.pk, [])
        interaction.export_participants = people.get(interaction.pk, [])


def _yes_no(interaction: Any) -> str:
    return str(_("yes") if interaction.confidential else _("no"))


class ThemeLabels:
    """The themes' labels, in the language of the file."""

    def bind(self) -> Any:
        labels = {value: str(label) for value, label in Theme.choices}
        return lambda interaction: _joined(labels.get(t, t) for t in interaction.themes or [])


INTERACTIONS = exports.register(
    ExportDefinition(
        name="interactions",
        rows=_interaction_rows,
        columns=(
            field_column(Interaction, "occurred_on", width=12),
            Column(_("Organisation"), lambda i: i.organisation.legal_name, 36),
            field_column(Interaction, "kind", exports.ChoiceLabel(Interaction, "kind"), 14),
            Column(_("Cluster"), lambda i: i.cluster.name, 18),
            field_column(Interaction, "contacts", lambda i: _joined(i.export_contacts), 30),
            field_column(Interaction, "participants", lambda i: _joined(i.export_participants), 24),
            field_column(Interaction, "themes", ThemeLabels(), 30),
            field_column(Interaction, "summary", width=60),
            field_column(Interaction, "confidential", _yes_no, 12),
            field_column(Interaction, "created_by", lambda i: str(i.created_by or ""), 18),
            field_column(Interaction, "updated_at"),
            Column(_("Public id"), lambda i: str(i.uuid), 38),
        ),
        prepare=lambda queryset: queryset.prefetch_related(None).prefetch_related(
            "organisation", "cluster"
        ),
        per_chunk=_attach_people,
    )
)


def _follow_up_rows(request: HttpRequest) -> Any:
    filters = FollowUpFilterForm(request.GET).filters()
    return selectors.follow_up_list(user=request.user, filters=filters)


FOLLOW_UPS = exports.register(
    ExportDefinition(
        name="follow-ups",
        rows=_follow_up_rows,
        columns=(
            field_column(FollowUp, "due_on", width=12),
            Column(_("Organisation"), lambda f: f.organisation.legal_name, 36),
            Column(_("Cluster"), lambda f: f.cluster.name, 18),
            field_column(FollowUp, "owner", lambda f: str(f.owner), 20),
            field_column(FollowUp, "note", width=50),
            field_column(FollowUp, "done_on", width=12),
            Column(
                _("Interaction"),
                lambda f: str(f.interaction) if f.interaction_id else None,
                20,
            ),
            field_column(FollowUp, "updated_at"),
            Column(_("Public id"), lambda f: str(f.uuid), 38),
        ),
    )
)

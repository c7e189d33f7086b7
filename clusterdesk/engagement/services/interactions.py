"""Writes to interactions: log, change, delete. Each one is audited on the organisation's
timeline (the audit log hides the events of a confidential interaction from those who may
not see it) and keeps the search index current."""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from clusterdesk.core import search
from clusterdesk.core.audit import diff, record, snapshot
from clusterdesk.core.concurrency import claim_version
from clusterdesk.core.models import AuditAction
from clusterdesk.engagement.models import Interaction
from clusterdesk.engagement.services.common import (
    check_date,
    check_users,
    clean_themes,
    staff_queryset,
)
from clusterdesk.organisations.models import Affiliation, Contact, Organisation

# Fields set from `data`; `contacts`, `participants` and `themes` are handled apart.
INTERACTION_FIELDS = ("cluster", "kind", "occurred_on", "summary", "confidential")
AUDIT_FIELDS = (
    "cluster",
    "kind",
    "occurred_on",
    "contacts",
    "participants",
    "summary",
    "confidential",
)
MAX_SUMMARY = 50_000


def audit_values(interaction: Interaction) -> dict[str, Any]:
    values = snapshot(interaction, AUDIT_FIELDS)
    values["themes"] = interaction.theme_labels()
    return values


def check_contacts(organisation: Organisation, contacts: list[Contact]) -> None:
    """Only contacts of the interaction's organisation may be chosen."""
    if not contacts:
        return
    affiliated = set(
        Affiliation.objects.filter(
            organisation=organisation, contact__in=[contact.pk for contact in contacts]
        ).values_list("contact_id", flat=True)
    )
    strangers = [str(contact) for contact in contacts if contact.pk not in affiliated]
    if strangers:
        raise ValidationError(
            {
                "contacts": [
                    _("Not a contact of %(organisation)s: %(names)s.")
                    % {"organisation": organisation, "names": ", ".join(strangers)}
                ]
            }
        )


def _apply(interaction: Interaction, data: Mapping[str, Any]) -> None:
    for field in INTERACTION_FIELDS:
        if field in data:
            value = data[field]
            if field == "summary":
                value = (value or "").strip()
            setattr(interaction, field, value)
    if "themes" in data:
        interaction.themes = clean_themes(data["themes"])


def _validate(interaction: Interaction, contacts: list[Contact], participants: list[Any]) -> None:
    if len(interaction.summary) > MAX_SUMMARY:
        raise ValidationError(
            {
                "summary": [
                    _("Keep the summary under %(count)s characters.") % {"count": MAX_SUMMARY}
                ]
            }
        )
    check_date(interaction.occurred_on, "occurred_on")
    interaction.full_clean(exclude=["created_by"])
    check_contacts(interaction.organisation, contacts)
    check_users(participants, "participants", staff_queryset())


def _unique(items: Any) -> list[Any]:
    return list({item.pk: item for item in items or []}.values())


@transaction.atomic
def interaction_create(
    *,
    actor: Any,
    data: Mapping[str, Any],
    follow_up_on: datetime.date | None = None,
    follow_up_note: str = "",
) -> Interaction:
    """Log an interaction; `data` holds the organisation, the cluster, the fields, and the
    `contacts`, `participants` (default: the actor) and `themes`. With `follow_up_on`, a
    follow-up owned by the actor is planned from it too."""
    organisation = data.get("organisation")
    if not isinstance(organisation, Organisation):
        raise ValidationError({"organisation": [_("Choose an organisation.")]})
    interaction = Interaction(
        organisation=organisation, created_by=actor if getattr(actor, "pk", None) else None
    )
    _apply(interaction, data)
    contacts = _unique(data.get("contacts"))
    default_participants = [actor] if getattr(actor, "pk", None) else []
    participants = _unique(data.get("participants", default_participants))
    _validate(interaction, contacts, participants)
    interaction.save()
    interaction.contacts.set(contacts)
    interaction.participants.set(participants)
    record(
        actor=actor,
        action=AuditAction.CREATE,
        instance=interaction,
        changes=diff({}, audit_values(interaction)),
        timelines=[organisation],
    )
    search.index(interaction)
    if follow_up_on is not None:
        from clusterdesk.engagement.services.follow_ups import follow_up_create

        follow_up_create(
            actor=actor,
            data={
                "organisation": organisation,
                "cluster": interaction.cluster,
                "owner": actor,
                "due_on": follow_up_on,
                "note": follow_up_note,
                "interaction": interaction,
            },
        )
    return interaction


@transaction.atomic
def interaction_update(
    *,
    actor: Any,
    interaction: Interaction,
    data: Mapping[str, Any],
    expected_version: int | None,
) -> Interaction:
    """Change the fields in `data` (the organisation stays); 409-style refusal
    (`StaleVersionError`) when the record moved on since `expected_version`."""
    current = Interaction.objects.select_related("organisation", "cluster").get(pk=interaction.pk)
    before = audit_values(current)
    _apply(current, data)
    contacts = _unique(data["contacts"]) if "contacts" in data else list(current.contacts.all())
    participants = (
        _unique(data["participants"])
        if "participants" in data
        else list(current.participants.all())
    )
    _validate(current, contacts, participants)
    claim_version(current, expected_version)
    current.save()
    if "contacts" in data:
        current.contacts.set(contacts)
    if "participants" in data:
        current.participants.set(participants)
    changes = diff(before, audit_values(current))
    if changes:
        record(
            actor=actor,
            action=AuditAction.UPDATE,
            instance=current,
            changes=changes,
            timelines=[current.organisation],
        )
    search.index(current)
    return current


@transaction.atomic
def interaction_delete(
    *, actor: Any, interaction: Interaction, expected_version: int | None
) -> None:
    claim_version(interaction, expected_version)
    record(
        actor=actor,
        action=AuditAction.DELETE,
        instance=interaction,
        changes=diff(audit_values(interaction), {}),
        timelines=[interaction.organisation],
    )
    search.remove(interaction)
    interaction.delete()

"""Writes to contacts and their affiliations with organisations."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from clusterdesk.core import search
from clusterdesk.core.audit import diff, record, snapshot
from clusterdesk.core.concurrency import claim_version
from clusterdesk.core.models import AuditAction
from clusterdesk.organisations.models import Affiliation, Contact, Organisation
from clusterdesk.organisations.services.common import CONTACT_FIELDS, validate


def apply_contact_data(contact: Contact, data: Mapping[str, Any]) -> None:
    for field in CONTACT_FIELDS:
        if field in data:
            value = data[field]
            setattr(contact, field, (value or "").strip() if isinstance(value, str) else value)
    contact.email = contact.email.lower()


@transaction.atomic
def contact_create(
    *,
    actor: Any,
    data: Mapping[str, Any],
    organisation: Organisation | None = None,
    role: str = "",
) -> Contact:
    """Create a contact, affiliated with `organisation` (their main one) when given."""
    contact = Contact()
    apply_contact_data(contact, data)
    validate(contact)
    contact.save()
    changes = diff({}, snapshot(contact, CONTACT_FIELDS))
    record(actor=actor, action=AuditAction.CREATE, instance=contact, changes=changes)
    search.index(contact)
    if organisation is not None:
        affiliation_create(
            actor=actor, contact=contact, organisation=organisation, role=role, is_primary=True
        )
    return contact


@transaction.atomic
def contact_update(
    *, actor: Any, contact: Contact, data: Mapping[str, Any], expected_version: int | None
) -> Contact:
    current = Contact.objects.get(pk=contact.pk)
    before = snapshot(current, CONTACT_FIELDS)
    apply_contact_data(current, data)
    validate(current)
    claim_version(current, expected_version)
    current.save()
    changes = diff(before, snapshot(current, CONTACT_FIELDS))
    if changes:
        record(
            actor=actor,
            action=AuditAction.UPDATE,
            instance=current,
            changes=changes,
            timelines=list(current.organisations.all()),
        )
        search.index(current)
    return current


@transaction.atomic
def contact_delete(*, actor: Any, contact: Contact, expected_version: int | None) -> None:
    claim_version(contact, expected_version)
    for affiliation in contact.affiliations.select_related("organisation"):
        record_affiliation(actor, AuditAction.DELETE, affiliation)
    changes = diff(snapshot(contact, CONTACT_FIELDS), {})
    record(actor=actor, action=AuditAction.DELETE, instance=contact, changes=changes)
    search.remove(contact)
    contact.delete()


def record_affiliation(
    actor: Any, action: AuditAction, affiliation: Affiliation, changes: dict | None = None
) -> None:
    if changes is None:
        values = {"organisation": str(affiliation.organisation), "role": affiliation.role}
        changes = diff({}, values) if action == AuditAction.CREATE else diff(values, {})
    record(
        actor=actor,
        action=action,
        instance=affiliation,
        changes=changes,
        timelines=[affiliation.contact, affiliation.organisation],
    )


@transaction.atomic
def affiliation_create(
    *,
    actor: Any,
    contact: Contact,
    organisation: Organisation,
    role: str = "",
    is_primary: bool = False,
) -> Affiliation:
    if Affiliation.objects.filter(contact=contact, organisation=organisation).exists():
        message = _("%(contact)s is already linked to this organisation.") % {"contact": contact}
        raise ValidationError({"organisation": [message]})
    if is_primary or not contact.affiliations.exists():
        contact.affiliations.update(is_primary=False)
        is_primary = True
    affiliation = Affiliation.objects.create(
        contact=contact, organisation=organisation, role=role.strip(), is_primary=is_primary
    )
    record_affiliation(actor, AuditAction.CREATE, affiliation)
    search.index(contact)
    return affiliation


@transaction.atomic
def affiliation_delete(*, actor: Any, affiliation: Affiliation) -> None:
    contact = affiliation.contact
    record_affiliation(actor, AuditAction.DELETE, affiliation)
    was_primary = affiliation.is_primary
    affiliation.delete()
    if was_primary:
        successor = contact.affiliations.order_by("created_at").first()
        if successor is not None:
            successor.is_primary = True
            successor.save(update_fields=["is_primary", "updated_at"])
    search.index(contact)

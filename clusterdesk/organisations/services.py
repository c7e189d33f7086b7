"""Writes to organisations, contacts, clusters and memberships.

Every function is keyword-only, runs in one transaction, validates the record, refuses
stale versions and writes the audit record. Views, the admin, imports, the demo loader
and tests all write through here.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from clusterdesk.core.audit import diff, record, snapshot
from clusterdesk.core.concurrency import claim_version
from clusterdesk.core.models import AuditAction
from clusterdesk.organisations import normalise
from clusterdesk.organisations.models import (
    Affiliation,
    Cluster,
    Contact,
    Membership,
    Organisation,
    RelationshipStatus,
    Tag,
)
from clusterdesk.organisations.size import size_class

ORGANISATION_FIELDS = (
    "legal_name",
    "trade_name",
    "kind",
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
    "status",
    "owner",
)
ORGANISATION_AUDIT_FIELDS = (*ORGANISATION_FIELDS, "size_class", "nace_activities", "tags")
CONTACT_FIELDS = ("first_name", "last_name", "job_title", "email", "phone", "preferred_language")
MEMBERSHIP_FIELDS = ("cluster", "type", "since", "until")
CLUSTER_FIELDS = ("name", "slug", "colour", "description")
CLUSTER_AUDIT_FIELDS = (*CLUSTER_FIELDS, "managers")
_TEXT_FIELDS = {
    "trade_name",
    "register_number",
    "vat_number",
    "street",
    "postcode",
    "commune",
    "website",
    "description",
}


class DuplicateOrganisationError(ValidationError):
    """Another organisation already holds this register or VAT number."""

    def __init__(self, duplicates: list[Organisation], errors: dict[str, list[str]]) -> None:
        super().__init__(errors)
        self.duplicates = duplicates


# --- organisations ------------------------------------------------------------------------


def organisation_find_duplicates(
    *, register_number: str, vat_number: str, exclude_pk: int | None = None
) -> list[Organisation]:
    """Organisations that share a register or VAT number with the given ones."""
    query = Q()
    if register_number:
        query |= Q(register_number=normalise.register_number(register_number))
    if vat_number:
        query |= Q(vat_number=normalise.vat_number(vat_number))
    if not query:
        return []
    matches = Organisation.objects.filter(query)
    if exclude_pk is not None:
        matches = matches.exclude(pk=exclude_pk)
    return list(matches.order_by("pk")[:5])


def _check_duplicates(organisation: Organisation, confirm_distinct: bool) -> None:
    if confirm_distinct:
        return
    duplicates = organisation_find_duplicates(
        register_number=organisation.register_number,
        vat_number=organisation.vat_number,
        exclude_pk=organisation.pk,
    )
    if not duplicates:
        return
    errors: dict[str, list[str]] = {}
    for field in ("register_number", "vat_number"):
        value = getattr(organisation, field)
        holder = next((o for o in duplicates if value and getattr(o, field) == value), None)
        if holder is not None:
            errors[field] = [
                _("Already used by %(name)s: likely the same organisation.")
                % {"name": holder.legal_name}
            ]
    raise DuplicateOrganisationError(duplicates, errors)


def _apply_organisation_data(organisation: Organisation, data: Mapping[str, Any]) -> None:
    for field in ORGANISATION_FIELDS:
        if field in data:
            value = data[field]
            setattr(organisation, field, "" if value is None and field in _TEXT_FIELDS else value)
    organisation.register_number = normalise.register_number(organisation.register_number)
    organisation.vat_number = normalise.vat_number(organisation.vat_number)
    organisation.postcode = normalise.postcode(organisation.postcode, str(organisation.country))
    organisation.legal_name = organisation.legal_name.strip()
    organisation.trade_name = organisation.trade_name.strip()
    organisation.commune = organisation.commune.strip()


def _validate_organisation(organisation: Organisation) -> None:
    """Validate the fields, then derive the size class from the validated figures."""
    _validate(organisation)
    computed = size_class(
        organisation.headcount, organisation.turnover, organisation.balance_sheet_total
    )
    organisation.size_class = computed.value if computed else ""


def _validate(instance: Any, exclude: Iterable[str] = ()) -> None:
    instance.full_clean(exclude=list(exclude), validate_unique=True, validate_constraints=True)


def _tags_from_names(names: Iterable[str]) -> list[Tag]:
    tags = []
    for name in normalise.tag_names(list(names)):
        tag, _created = Tag.objects.get_or_create(
            slug=slugify(name, allow_unicode=True), defaults={"name": name}
        )
        tags.append(tag)
    return tags


def _apply_relations(organisation: Organisation, data: Mapping[str, Any]) -> None:
    if "nace_activities" in data:
        organisation.nace_activities.set(data["nace_activities"])
    if "tags" in data:
        organisation.tags.set(_tags_from_names(data["tags"]))


@transaction.atomic
def organisation_create(
    *, actor: Any, data: Mapping[str, Any], confirm_distinct: bool = False
) -> Organisation:
    organisation = Organisation()
    _apply_organisation_data(organisation, data)
    if organisation.owner is None and "owner" not in data and getattr(actor, "pk", None):
        organisation.owner = actor
    _validate_organisation(organisation)
    _check_duplicates(organisation, confirm_distinct)
    organisation.save()
    _apply_relations(organisation, data)
    changes = diff({}, snapshot(organisation, ORGANISATION_AUDIT_FIELDS))
    record(actor=actor, action=AuditAction.CREATE, instance=organisation, changes=changes)
    return organisation


@transaction.atomic
def organisation_update(
    *,
    actor: Any,
    organisation: Organisation,
    data: Mapping[str, Any],
    expected_version: int | None,
    confirm_distinct: bool = False,
) -> Organisation:
    """Apply `data` if the record is still at `expected_version`; raise otherwise."""
    current = Organisation.objects.get(pk=organisation.pk)
    before = snapshot(current, ORGANISATION_AUDIT_FIELDS)
    _apply_organisation_data(current, data)
    _validate_organisation(current)
    _check_duplicates(current, confirm_distinct)
    claim_version(current, expected_version)
    current.save()
    _apply_relations(current, data)
    changes = diff(before, snapshot(current, ORGANISATION_AUDIT_FIELDS))
    if changes:
        record(actor=actor, action=AuditAction.UPDATE, instance=current, changes=changes)
    return current


@transaction.atomic
def organisation_delete(
    *, actor: Any, organisation: Organisation, expected_version: int | None
) -> None:
    """Delete an organisation with its memberships and affiliations (contacts stay)."""
    claim_version(organisation, expected_version)
    for membership in organisation.memberships.select_related("cluster"):
        record(
            actor=actor,
            action=AuditAction.DELETE,
            instance=membership,
            changes=diff(snapshot(membership, MEMBERSHIP_FIELDS), {}),
        )
    for affiliation in organisation.affiliations.select_related("contact"):
        _record_affiliation(actor, AuditAction.DELETE, affiliation)
    changes = diff(snapshot(organisation, ORGANISATION_AUDIT_FIELDS), {})
    record(actor=actor, action=AuditAction.DELETE, instance=organisation, changes=changes)
    organisation.delete()


def _sync_status_with_memberships(actor: Any, organisation: Organisation) -> None:
    """A prospect with a current membership becomes a member; a member with none left
    becomes a former member. Partners keep their status."""
    today = timezone.localdate()
    has_current = organisation.memberships.filter(
        Q(since__lte=today), Q(until__isnull=True) | Q(until__gte=today)
    ).exists()
    status = organisation.status
    if has_current and status in {RelationshipStatus.PROSPECT, RelationshipStatus.FORMER_MEMBER}:
        new_status = RelationshipStatus.MEMBER
    elif not has_current and status == RelationshipStatus.MEMBER:
        new_status = RelationshipStatus.FORMER_MEMBER
    else:
        return
    organisation_update(
        actor=actor,
        organisation=organisation,
        data={"status": new_status},
        expected_version=None,
        confirm_distinct=True,
    )


# --- memberships --------------------------------------------------------------------------


@transaction.atomic
def membership_create(
    *, actor: Any, organisation: Organisation, data: Mapping[str, Any]
) -> Membership:
    membership = Membership(organisation=organisation)
    for field in MEMBERSHIP_FIELDS:
        if field in data and data[field] is not None:
            setattr(membership, field, data[field])
    if data.get("until") is None:
        membership.until = None
    open_memberships = Membership.objects.filter(
        organisation=organisation, cluster=membership.cluster_id, until__isnull=True
    )
    if membership.until is None and open_memberships.exists():
        raise ValidationError(
            {
                "cluster": [
                    _("%(organisation)s is already a member of %(cluster)s.")
                    % {"organisation": organisation, "cluster": membership.cluster}
                ]
            }
        )
    _validate(membership)
    membership.save()
    changes = diff({}, snapshot(membership, MEMBERSHIP_FIELDS))
    record(
        actor=actor,
        action=AuditAction.CREATE,
        instance=membership,
        changes=changes,
        timelines=[organisation, membership.cluster],
    )
    _sync_status_with_memberships(actor, organisation)
    return membership


@transaction.atomic
def membership_update(
    *, actor: Any, membership: Membership, data: Mapping[str, Any], expected_version: int | None
) -> Membership:
    current = Membership.objects.select_related("cluster", "organisation").get(pk=membership.pk)
    before = snapshot(current, MEMBERSHIP_FIELDS)
    for field in ("type", "since", "until"):
        if field in data:
            setattr(current, field, data[field])
    _validate(current)
    claim_version(current, expected_version)
    current.save()
    changes = diff(before, snapshot(current, MEMBERSHIP_FIELDS))
    if changes:
        record(
            actor=actor,
            action=AuditAction.UPDATE,
            instance=current,
            changes=changes,
            timelines=[current.organisation, current.cluster],
        )
    _sync_status_with_memberships(actor, current.organisation)
    return current


@transaction.atomic
def membership_delete(*, actor: Any, membership: Membership, expected_version: int | None) -> None:
    """Remove a membership entered by mistake (ending one is an update with `until`)."""
    claim_version(membership, expected_version)
    record(
        actor=actor,
        action=AuditAction.DELETE,
        instance=membership,
        changes=diff(snapshot(membership, MEMBERSHIP_FIELDS), {}),
        timelines=[membership.organisation, membership.cluster],
    )
    organisation = membership.organisation
    membership.delete()
    _sync_status_with_memberships(actor, organisation)


# --- contacts -----------------------------------------------------------------------------


def _apply_contact_data(contact: Contact, data: Mapping[str, Any]) -> None:
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
    _apply_contact_data(contact, data)
    _validate(contact)
    contact.save()
    changes = diff({}, snapshot(contact, CONTACT_FIELDS))
    record(actor=actor, action=AuditAction.CREATE, instance=contact, changes=changes)
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
    _apply_contact_data(current, data)
    _validate(current)
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
    return current


@transaction.atomic
def contact_delete(*, actor: Any, contact: Contact, expected_version: int | None) -> None:
    claim_version(contact, expected_version)
    for affiliation in contact.affiliations.select_related("organisation"):
        _record_affiliation(actor, AuditAction.DELETE, affiliation)
    changes = diff(snapshot(contact, CONTACT_FIELDS), {})
    record(actor=actor, action=AuditAction.DELETE, instance=contact, changes=changes)
    contact.delete()


def _record_affiliation(
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
    _record_affiliation(actor, AuditAction.CREATE, affiliation)
    return affiliation


@transaction.atomic
def affiliation_delete(*, actor: Any, affiliation: Affiliation) -> None:
    contact = affiliation.contact
    _record_affiliation(actor, AuditAction.DELETE, affiliation)
    was_primary = affiliation.is_primary
    affiliation.delete()
    if was_primary:
        successor = contact.affiliations.order_by("created_at").first()
        if successor is not None:
            successor.is_primary = True
            successor.save(update_fields=["is_primary", "updated_at"])


# --- clusters -----------------------------------------------------------------------------


def _apply_cluster_data(cluster: Cluster, data: Mapping[str, Any]) -> None:
    for field in CLUSTER_FIELDS:
        if field in data:
            setattr(cluster, field, data[field])
    if not cluster.slug:
        cluster.slug = slugify(cluster.name)


@transaction.atomic
def cluster_create(*, actor: Any, data: Mapping[str, Any]) -> Cluster:
    cluster = Cluster()
    _apply_cluster_data(cluster, data)
    _validate(cluster)
    cluster.save()
    if "managers" in data:
        cluster.managers.set(data["managers"])
    changes = diff({}, snapshot(cluster, CLUSTER_AUDIT_FIELDS))
    record(actor=actor, action=AuditAction.CREATE, instance=cluster, changes=changes)
    return cluster


@transaction.atomic
def cluster_update(
    *, actor: Any, cluster: Cluster, data: Mapping[str, Any], expected_version: int | None
) -> Cluster:
    current = Cluster.objects.get(pk=cluster.pk)
    before = snapshot(current, CLUSTER_AUDIT_FIELDS)
    _apply_cluster_data(current, data)
    _validate(current)
    claim_version(current, expected_version)
    current.save()
    if "managers" in data:
        current.managers.set(data["managers"])
    changes = diff(before, snapshot(current, CLUSTER_AUDIT_FIELDS))
    if changes:
        record(actor=actor, action=AuditAction.UPDATE, instance=current, changes=changes)
    return current

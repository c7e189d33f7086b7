"""Writes to organisations: create, update, delete, duplicate checks, and the relationship
status that follows the memberships."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import ProtectedError, Q
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from clusterdesk.core import search
from clusterdesk.core.audit import diff, record, snapshot
from clusterdesk.core.concurrency import claim_version
from clusterdesk.core.models import AuditAction
from clusterdesk.organisations import normalise
from clusterdesk.organisations.models import (
    Contact,
    Organisation,
    RelationshipStatus,
    Tag,
)
from clusterdesk.organisations.services.common import (
    MEMBERSHIP_FIELDS,
    ORGANISATION_AUDIT_FIELDS,
    ORGANISATION_FIELDS,
    TEXT_FIELDS,
    validate,
)
from clusterdesk.organisations.services.contacts import record_affiliation
from clusterdesk.organisations.size import size_class


class DuplicateOrganisationError(ValidationError):
    """Another organisation already holds this register or VAT number."""

    def __init__(self, duplicates: list[Organisation], errors: dict[str, list[str]]) -> None:
        super().__init__(errors)
        self.duplicates = duplicates


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


def apply_organisation_data(organisation: Organisation, data: Mapping[str, Any]) -> None:
    for field in ORGANISATION_FIELDS:
        if field in data:
            value = data[field]
            setattr(organisation, field, "" if value is None and field in TEXT_FIELDS else value)
    organisation.register_number = normalise.register_number(organisation.register_number)
    organisation.vat_number = normalise.vat_number(organisation.vat_number)
    organisation.postcode = normalise.postcode(organisation.postcode, str(organisation.country))
    organisation.legal_name = organisation.legal_name.strip()
    organisation.trade_name = organisation.trade_name.strip()
    organisation.commune = organisation.commune.strip()


def _validate_organisation(organisation: Organisation) -> None:
    """Validate the fields, then derive the size class from the validated figures."""
    validate(organisation)
    computed = size_class(
        organisation.headcount, organisation.turnover, organisation.balance_sheet_total
    )
    organisation.size_class = computed.value if computed else ""


def tags_from_names(names: Iterable[str]) -> list[Tag]:
    tags = []
    for name in normalise.tag_names(list(names)):
        # Normalising can lengthen a name (a ligature becomes two letters): cut the slug to
        # the column's length, or PostgreSQL refuses it.
        slug = slugify(name, allow_unicode=True)[: Tag._meta.get_field("slug").max_length]
        tag, _created = Tag.objects.get_or_create(slug=slug, defaults={"name": name})
        tags.append(tag)
    return tags


def _apply_relations(organisation: Organisation, data: Mapping[str, Any]) -> None:
    if "nace_activities" in data:
        organisation.nace_activities.set(data["nace_activities"])
    if "tags" in data:
        organisation.tags.set(tags_from_names(data["tags"]))


@transaction.atomic
def organisation_create(
    *, actor: Any, data: Mapping[str, Any], confirm_distinct: bool = False
) -> Organisation:
    organisation = Organisation()
    apply_organisation_data(organisation, data)
    if organisation.owner is None and "owner" not in data and getattr(actor, "pk", None):
        organisation.owner = actor
    _validate_organisation(organisation)
    _check_duplicates(organisation, confirm_distinct)
    organisation.save()
    _apply_relations(organisation, data)
    changes = diff({}, snapshot(organisation, ORGANISATION_AUDIT_FIELDS))
    record(actor=actor, action=AuditAction.CREATE, instance=organisation, changes=changes)
    search.index(organisation)
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
    apply_organisation_data(current, data)
    _validate_organisation(current)
    _check_duplicates(current, confirm_distinct)
    claim_version(current, expected_version)
    current.save()
    _apply_relations(current, data)
    changes = diff(before, snapshot(current, ORGANISATION_AUDIT_FIELDS))
    if changes:
        record(actor=actor, action=AuditAction.UPDATE, instance=current, changes=changes)
        _index_organisation(current, changes)
    return current


def _index_organisation(organisation: Organisation, changes: Mapping[str, Any]) -> None:
    """Search: the organisation, and its contacts when its names changed (their entries
    hold them)."""
    search.index(organisation)
    if "legal_name" in changes or "trade_name" in changes:
        search.index_many(Contact.objects.filter(affiliations__organisation=organisation))


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
        record_affiliation(actor, AuditAction.DELETE, affiliation)
    changes = diff(snapshot(organisation, ORGANISATION_AUDIT_FIELDS), {})
    record(actor=actor, action=AuditAction.DELETE, instance=organisation, changes=changes)
    contact_ids = list(organisation.affiliations.values_list("contact_id", flat=True))
    search.remove(organisation)
    try:
        organisation.delete()
    except ProtectedError as error:  # its journey: cases, diagnoses, interactions…
        kinds = sorted({str(obj._meta.verbose_name_plural) for obj in error.protected_objects})
        raise ValidationError(
            _(
                "%(organisation)s has %(records)s: they are its history, so it cannot be "
                "deleted. If it is a duplicate, merge it into the record that stays."
            )
            % {"organisation": organisation, "records": ", ".join(kinds)}
        ) from error
    search.index_many(Contact.objects.filter(pk__in=contact_ids))


def sync_status_with_memberships(actor: Any, organisation: Organisation) -> None:
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

"""The directory as the import sees it: indexes of the organisations and contacts we
already have, the matches of planned records, and what the importing user may do with them.
Queries run in batches, so the cost grows with the number of records, never per record."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

from django.db.models import Model, QuerySet
from django.utils.translation import gettext as _

from clusterdesk.core import permissions
from clusterdesk.imports.matching import Candidate, ContactIndex, MatchIndex, normalise_person
from clusterdesk.imports.planning import Existing, PlannedRecord, decide
from clusterdesk.organisations.models import (
    Affiliation,
    Contact,
    ExternalReference,
    Organisation,
)

BATCH = 2000


def in_batches(ids: Sequence[int]) -> Iterator[list[int]]:
    unique = sorted(set(ids))
    for start in range(0, len(unique), BATCH):
        yield unique[start : start + BATCH]


def organisation_index() -> MatchIndex:
    references: dict[int, list[tuple[str, str]]] = {}
    for organisation_id, source, value in ExternalReference.objects.values_list(
        "organisation_id", "source", "value"
    ).iterator(chunk_size=BATCH):
        references.setdefault(organisation_id, []).append((source, value))
    index = MatchIndex()
    rows = Organisation.objects.order_by("pk").values_list(
        "id", "legal_name", "commune", "register_number", "vat_number"
    )
    for pk, name, city, register_number, vat_number in rows.iterator(chunk_size=BATCH):
        external_ids = tuple(references.get(pk, ()))
        index.add(Candidate(pk, name, city, register_number, vat_number, external_ids))
    return index


def contact_index() -> ContactIndex:
    index = ContactIndex()
    people: dict[int, str] = {}
    rows = Contact.objects.order_by("pk").values_list("id", "first_name", "last_name", "email")
    for pk, first_name, last_name, email in rows.iterator(chunk_size=BATCH):
        index.add(pk, first_name, last_name, email)
        people[pk] = normalise_person(first_name, last_name)
    affiliations = Affiliation.objects.values_list("contact_id", "organisation_id")
    for contact_id, organisation_id in affiliations.iterator(chunk_size=BATCH):
        index.add_affiliation(contact_id, people[contact_id], organisation_id)
    return index


def _changeable(user: Any, queryset: QuerySet[Any], rule: Any, ids: Sequence[int]) -> set[int]:
    """Which of `ids` the user may change, by the permission policy's own rule."""
    if permissions.is_admin(user) or not getattr(user, "is_authenticated", False):
        return set(ids)  # admins, and the command line (no user: the system)
    allowed: set[int] = set()
    for batch in in_batches(ids):
        allowed.update(obj.pk for obj in queryset.filter(pk__in=batch) if rule(user, obj))
    return allowed


def _existing(
    model: type[Model], name_fields: Sequence[str], ids: Sequence[int]
) -> dict[int, dict[str, Any]]:
    found: dict[int, dict[str, Any]] = {}
    for batch in in_batches(ids):
        rows = model._default_manager.filter(pk__in=batch).values_list(
            "pk", "uuid", "version", *name_fields
        )
        for pk, public_id, version, *names in rows:
            found[pk] = {"uuid": public_id, "name": " ".join(names), "version": version}
    return found


def match_organisations(records: Sequence[PlannedRecord], *, user: Any, fuzzy: bool = True) -> None:
    """Find each valid record in the directory and set its decisions."""
    index = organisation_index()
    found = {}
    for record in records:
        if record.is_valid:
            values = record.values
            row = Candidate(
                0,
                values.get("legal_name", ""),
                values.get("commune", ""),
                values.get("register_number", ""),
                values.get("vat_number", ""),
                tuple(record.external_ids),
            )
            found[id(record)] = index.find(row, fuzzy=fuzzy)
    ids = [match.id for match in found.values() if match]
    existing = _existing(Organisation, ["legal_name"], ids)
    queryset = Organisation.objects.prefetch_related("memberships")
    changeable = _changeable(user, queryset, permissions.can_change_organisation, ids)
    _apply_matches(records, found, existing, changeable)


def _apply_matches(
    records: Sequence[PlannedRecord],
    found: dict[int, Any],
    existing: dict[int, dict[str, Any]],
    changeable: set[int],
) -> None:
    for record in records:
        match = found.get(id(record))
        if not record.is_valid:
            continue
        if match is None or match.id not in existing:
            decide(record, None, False)
            continue
        details = existing[match.id]
        decide(
            record,
            Existing(
                match.id,
                details["uuid"],
                details["name"],
                details["version"],
                match.reason,
                match.score,
            ),
            match.id in changeable,
        )


def match_contacts(
    records: Sequence[PlannedRecord], *, user: Any, organisation_column: str = ""
) -> None:
    """Resolve each contact's organisation (a row naming one we do not have is an error),
    then find the contact in the directory and set its decisions."""
    organisations = organisation_index()
    contacts = contact_index()
    found = {}
    for record in records:
        if record.is_valid and record.organisation:
            record.organisation_id = organisations.find_reference(record.organisation)
            if record.organisation_id is None:
                record.errors.append(_unknown_organisation(record, organisation_column))
                record.allowed, record.decision = (), "skip"
        if record.is_valid:
            values = record.values
            found[id(record)] = contacts.find(
                values.get("first_name", ""),
                values.get("last_name", ""),
                values.get("email", ""),
                record.organisation_id,
            )
    ids = [match.id for match in found.values() if match]
    existing = _existing(Contact, ["first_name", "last_name"], ids)
    queryset = Contact.objects.prefetch_related("affiliations__organisation__memberships")
    changeable = _changeable(user, queryset, permissions.can_change_contact, ids)
    _apply_matches(records, found, existing, changeable)


def _unknown_organisation(record: PlannedRecord, column: str) -> dict[str, Any]:
    message = _(
        "No organisation “%(name)s” in the directory: import or create it first, or leave "
        "the cell empty."
    ) % {"name": record.organisation}
    return {"row": record.row_number, "column": column, "message": message}

"""Writing the planned records of an import, through the organisation services.

`write_plan` must run inside one transaction (the caller's): any refusal — a record deleted
or changed since the preview, a constraint of the database — raises, the transaction rolls
back and nothing of the import remains.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from clusterdesk.core import search
from clusterdesk.imports.directory import in_batches
from clusterdesk.imports.models import Decision, Outcome
from clusterdesk.imports.planning import PlannedRecord
from clusterdesk.imports.targets import ORGANISATIONS
from clusterdesk.organisations import services
from clusterdesk.organisations.models import (
    Affiliation,
    Contact,
    ExternalReference,
    Organisation,
)

OUTCOMES = {
    Decision.CREATE: Outcome.CREATED,
    Decision.LINK: Outcome.LINKED,
    Decision.UPDATE: Outcome.UPDATED,
    Decision.SKIP: Outcome.SKIPPED,
}


class ImportConflict(ValidationError):
    """The directory changed since the preview in a way the import cannot apply."""


def index_for_search(created: Sequence[Any]) -> None:
    """Index the records an import created, once its transaction has committed: a large
    import then holds the database's write lock for less time. (`clusterdesk reindex`
    repairs the index should this step be interrupted.)"""
    if created:
        search.index_many(created)


def outcome_of(record: PlannedRecord) -> str:
    return OUTCOMES[Decision(record.decision)] if record.is_valid else Outcome.INVALID


def write_plan(
    *,
    kind: str,
    records: Sequence[PlannedRecord],
    actor: Any,
    source: str,
    update_fields: Sequence[str] = (),
    overwrite: bool = False,
) -> list[Any]:
    """Create, link and update as each valid record's decision says; set the outcomes.
    Returns the records created, for the caller to index for search once committed."""
    valid = [record for record in records if record.is_valid]
    created: list[Any]
    if kind == ORGANISATIONS:
        created = _write_organisations(valid, actor, source, update_fields, overwrite)
    else:
        created = _write_contacts(valid, actor, source, update_fields, overwrite)
    for record in records:
        record.outcome = outcome_of(record)
    return created


def _load(model: type[Any], records: Sequence[PlannedRecord]) -> dict[int, Any]:
    ids = [record.match.id for record in records if record.match]
    found: dict[int, Any] = {}
    for batch in in_batches(ids):
        found.update(model._default_manager.in_bulk(batch))
    for record in records:
        if record.match and record.match.id not in found:
            raise ImportConflict(
                _("Row %(row)d: %(name)s was deleted since the preview.")
                % {"row": record.row_number, "name": record.match.name}
            )
    return found


def update_data(
    record: PlannedRecord, current: Any, fields: Sequence[str], overwrite: bool
) -> dict[str, Any]:
    """The chosen fields with a value in the file: all of them when overwriting, else only
    those still empty on the record."""
    return {
        name: record.values[name]
        for name in fields
        if record.values.get(name) not in (None, "")
        and (overwrite or getattr(current, name) in (None, ""))
    }


def _write_organisations(
    records: Sequence[PlannedRecord],
    actor: Any,
    source: str,
    update_fields: Sequence[str],
    overwrite: bool,
) -> list[Organisation]:
    created = [record for record in records if record.decision == Decision.CREATE]
    new_organisations = services.organisation_bulk_create(
        actor=actor,
        rows=[
            {**record.values, "uuid": record.uuid, "external_references": record.external_ids}
            for record in created
        ],
        source=source,
        search_index=False,
    )
    matched = [r for r in records if r.decision in {Decision.LINK, Decision.UPDATE}]
    organisations = _load(Organisation, matched)
    _link_organisations(matched, organisations, actor, source)
    versions: dict[int, int] = {}
    for record in matched:
        if record.decision == Decision.UPDATE and record.match:
            organisation = organisations[record.match.id]
            data = update_data(record, organisation, update_fields, overwrite)
            if data:
                updated = services.organisation_update(
                    actor=actor,
                    organisation=organisation,
                    data=data,
                    expected_version=versions.get(organisation.pk, record.match.version),
                    confirm_distinct=True,
                )
                versions[organisation.pk] = updated.version
    return new_organisations


def _link_organisations(
    records: Sequence[PlannedRecord],
    organisations: dict[int, Organisation],
    actor: Any,
    source: str,
) -> None:
    """Attach the records' external ids their organisation does not have yet."""
    known: set[tuple[int, str, str]] = set()
    for batch in in_batches(list(organisations)):
        known.update(
            ExternalReference.objects.filter(organisation_id__in=batch).values_list(
                "organisation_id", "source", "value"
            )
        )
    references = []
    for record in records:
        if record.match:
            for reference_source, value in record.external_ids:
                key = (record.match.id, reference_source, value)
                if key not in known:
                    known.add(key)
                    references.append((organisations[record.match.id], reference_source, value))
    if references:
        services.external_reference_bulk_create(actor=actor, references=references, source=source)


def _write_contacts(
    records: Sequence[PlannedRecord],
    actor: Any,
    source: str,
    update_fields: Sequence[str],
    overwrite: bool,
) -> list[Contact]:
    organisation_ids = [r.organisation_id for r in records if r.organisation_id]
    organisations: dict[int, Organisation] = {}
    for batch in in_batches(organisation_ids):
        organisations.update(Organisation.objects.in_bulk(batch))
    created = [record for record in records if record.decision == Decision.CREATE]
    new_contacts = services.contact_bulk_create(
        actor=actor,
        rows=[
            {
                **record.values,
                "uuid": record.uuid,
                "organisation": organisations.get(record.organisation_id or 0),
                "role": record.role,
            }
            for record in created
        ],
        source=source,
        search_index=False,
    )
    matched = [r for r in records if r.decision in {Decision.LINK, Decision.UPDATE}]
    contacts = _load(Contact, matched)
    versions: dict[int, int] = {}
    for record in matched:
        if record.match is None:
            continue
        contact = contacts[record.match.id]
        if record.decision == Decision.UPDATE:
            data = update_data(record, contact, update_fields, overwrite)
            if data:
                contact = services.contact_update(
                    actor=actor,
                    contact=contact,
                    data=data,
                    expected_version=versions.get(contact.pk, record.match.version),
                )
                versions[contact.pk] = contact.version
        organisation = organisations.get(record.organisation_id or 0)
        if (
            organisation
            and not Affiliation.objects.filter(contact=contact, organisation=organisation).exists()
        ):
            services.affiliation_create(
                actor=actor, contact=contact, organisation=organisation, role=record.role
            )
    return new_contacts

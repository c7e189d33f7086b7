"""Bulk writes (imports, seeding): many records in one transaction, normalised and validated
like the single-record services (same `apply_*_data`, same field rules through
`bulk.FieldRules`), written with bulk inserts, audited and indexed for search in bulk.
Finding duplicates is the caller's job: imports match their rows against the directory
before they write."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from types import SimpleNamespace
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from clusterdesk.core import search
from clusterdesk.core.audit import SOURCE, diff, snapshot
from clusterdesk.core.models import AuditAction
from clusterdesk.organisations import bulk, normalise
from clusterdesk.organisations.models import (
    Affiliation,
    Contact,
    ExternalReference,
    Membership,
    Organisation,
)
from clusterdesk.organisations.services.common import (
    CONTACT_FIELDS,
    MEMBERSHIP_FIELDS,
    ORGANISATION_FIELDS,
)
from clusterdesk.organisations.services.contacts import apply_contact_data
from clusterdesk.organisations.services.organisations import (
    apply_organisation_data,
    tags_from_names,
)
from clusterdesk.organisations.size import size_class

ORGANISATION_RULE_FIELDS = tuple(field for field in ORGANISATION_FIELDS if field != "owner")
ORGANISATION_CREATED_FIELDS = (*ORGANISATION_FIELDS, "size_class")


def organisation_prepare(
    data: Mapping[str, Any], *, owner: Any = None, rules: bulk.FieldRules | None = None
) -> Organisation:
    """An unsaved organisation from `data`, normalised and validated as `organisation_create`
    does it (without its duplicate check); raises ValidationError naming the fields."""
    organisation = Organisation(owner=owner)
    apply_organisation_data(organisation, data)
    (rules or bulk.FieldRules.of(Organisation, ORGANISATION_RULE_FIELDS)).apply(organisation)
    computed = size_class(
        organisation.headcount, organisation.turnover, organisation.balance_sheet_total
    )
    organisation.size_class = computed.value if computed else ""
    if data.get("uuid"):
        organisation.uuid = data["uuid"]
    return organisation


def organisation_check(data: Mapping[str, Any], *, rules: bulk.FieldRules) -> dict[str, list[str]]:
    """The field errors `organisation_prepare` would raise for `data`, by the same
    normalisation and rules but without building a record (imports check each row)."""
    scratch = SimpleNamespace(**_defaults(Organisation, ORGANISATION_FIELDS))
    apply_organisation_data(scratch, data)  # type: ignore[arg-type]
    return rules.check(vars(scratch))[1]


_DEFAULTS: dict[type[Any], dict[str, Any]] = {}


def _defaults(model: type[Any], fields: Sequence[str]) -> dict[str, Any]:
    if model not in _DEFAULTS:
        _DEFAULTS[model] = {name: model._meta.get_field(name).get_default() for name in fields}
    return _DEFAULTS[model]


@transaction.atomic
def organisation_bulk_create(
    *, actor: Any, rows: Sequence[Mapping[str, Any]], source: str, search_index: bool = True
) -> list[Organisation]:
    """Create one organisation per row (data as `organisation_create` takes it, plus an
    optional `uuid` and `external_references` as `(source, value)` pairs). The audit events
    say where the records came from (`source`, e.g. "import #12"). A row that does not
    validate raises `bulk.BulkRowError` with its index, and nothing is written. With
    `search_index=False` the caller indexes the new records for search itself (imports do it right
    after their transaction, so a large import holds the write lock for less time)."""
    rules = bulk.FieldRules.of(Organisation, ORGANISATION_RULE_FIELDS)
    owner = actor if getattr(actor, "pk", None) else None
    organisations = []
    for index, data in enumerate(rows):
        try:
            organisations.append(organisation_prepare(data, owner=owner, rules=rules))
        except ValidationError as error:
            raise bulk.BulkRowError(index, error) from error
    bulk.insert_many(organisations)
    many_to_many = _create_organisation_relations(organisations, rows)
    references = [
        (organisation, reference_source, value)
        for organisation, data in zip(organisations, rows, strict=True)
        for reference_source, value in data.get("external_references", ())
    ]
    _create_external_references(references)
    entries = [
        (
            organisation,
            {
                **bulk.creation_changes(organisation, ORGANISATION_CREATED_FIELDS, source),
                **many_to_many.get(organisation.pk, {}),
            },
            (),
        )
        for organisation in organisations
    ]
    bulk.record_many(actor=actor, action=AuditAction.CREATE, entries=entries)
    if search_index:
        search.index_many(organisations)
    return organisations


def _create_organisation_relations(
    organisations: Sequence[Organisation], rows: Sequence[Mapping[str, Any]]
) -> dict[int, dict[str, list[Any]]]:
    """The NACE activities (instances) and tags (names) of new organisations, inserted in
    bulk; returns what the audit records of them, per organisation, as `snapshot` would."""
    activity_links, tag_links = [], []
    changes: dict[int, dict[str, list[Any]]] = {}
    tag_names = {name for data in rows for name in normalise.tag_names(list(data.get("tags", ())))}
    tags = {tag.name: tag for tag in tags_from_names(sorted(tag_names))}
    for organisation, data in zip(organisations, rows, strict=True):
        activities = list(dict.fromkeys(data.get("nace_activities", ())))
        names = normalise.tag_names(list(data.get("tags", ())))
        activity_links += [
            {"organisation_id": organisation.pk, "naceactivity_id": activity.pk}
            for activity in activities
        ]
        tag_links += [{"organisation_id": organisation.pk, "tag_id": tags[n].pk} for n in names]
        entry = changes.setdefault(organisation.pk, {})
        if activities:
            entry["nace_activities"] = [None, sorted(str(activity) for activity in activities)]
        if names:
            entry["tags"] = [None, sorted(names)]
    bulk.insert_rows(Organisation.nace_activities.through, activity_links)
    bulk.insert_rows(Organisation.tags.through, tag_links)
    return changes


def _create_external_references(references: Sequence[tuple[Organisation, str, str]]) -> None:
    rules = bulk.FieldRules.of(ExternalReference, ("source", "value"))
    rows = []
    for index, (organisation, source, value) in enumerate(references):
        cleaned, errors = rules.check({"source": source, "value": value})
        if errors:
            raise bulk.BulkRowError(index, ValidationError(errors))
        rows.append({**cleaned, "organisation_id": organisation.pk})
    bulk.insert_rows(ExternalReference, rows)


@transaction.atomic
def external_reference_bulk_create(
    *, actor: Any, references: Sequence[tuple[Organisation, str, str]], source: str
) -> None:
    """Attach ids from other systems (`(organisation, source, value)`) to existing
    organisations, with one audit event per organisation. An id already attached to an
    organisation is refused by the database and nothing is written."""
    _create_external_references(references)
    by_organisation: dict[Organisation, list[str]] = {}
    for organisation, reference_source, value in references:
        by_organisation.setdefault(organisation, []).append(f"{reference_source}:{value}")
    entries = []
    for organisation, values in by_organisation.items():
        changes: dict[str, list[Any]] = {"external_references": [None, ", ".join(values)]}
        if source:
            changes[SOURCE] = [None, source]
        entries.append((organisation, changes, ()))
    bulk.record_many(actor=actor, action=AuditAction.UPDATE, entries=entries)


@transaction.atomic
def membership_bulk_create(*, actor: Any, memberships: Sequence[Membership]) -> int:
    """Save unsaved memberships (organisation, cluster, type, since, until), validated and
    audited like `membership_create`, on the timelines of the organisation and the cluster.
    The organisations' relationship status is the caller's (imports and the seed set it on
    the rows). A membership that does not validate raises `bulk.BulkRowError` with its
    index, and nothing is written."""
    rules = bulk.FieldRules.of(Membership, ("type", "since", "until"))
    for index, membership in enumerate(memberships):
        try:
            rules.apply(membership)
            if membership.until is not None and membership.until < membership.since:
                raise ValidationError({"until": [_("The end comes before the start.")]})
        except ValidationError as error:
            raise bulk.BulkRowError(index, error) from error
    bulk.insert_many(memberships)
    bulk.record_many(
        actor=actor,
        action=AuditAction.CREATE,
        entries=[
            (
                membership,
                diff({}, snapshot(membership, MEMBERSHIP_FIELDS)),
                (membership.organisation, membership.cluster),
            )
            for membership in memberships
        ],
    )
    return len(memberships)


def contact_prepare(data: Mapping[str, Any], *, rules: bulk.FieldRules | None = None) -> Contact:
    """An unsaved contact from `data`, normalised and validated as `contact_create` does it;
    raises ValidationError naming the fields."""
    contact = Contact()
    apply_contact_data(contact, data)
    (rules or bulk.FieldRules.of(Contact, CONTACT_FIELDS)).apply(contact)
    if data.get("uuid"):
        contact.uuid = data["uuid"]
    return contact


def contact_check(data: Mapping[str, Any], *, rules: bulk.FieldRules) -> dict[str, list[str]]:
    """The field errors `contact_prepare` would raise for `data`, without building one."""
    scratch = SimpleNamespace(**_defaults(Contact, CONTACT_FIELDS))
    apply_contact_data(scratch, data)  # type: ignore[arg-type]
    return rules.check(vars(scratch))[1]


@transaction.atomic
def contact_bulk_create(
    *, actor: Any, rows: Sequence[Mapping[str, Any]], source: str, search_index: bool = True
) -> list[Contact]:
    """Create one contact per row (data as `contact_create` takes it, plus an optional
    `uuid`, and `organisation` with `role` for their main affiliation). Audited like
    `contact_create` and `affiliation_create`, with `source` on the contact's event."""
    rules = bulk.FieldRules.of(Contact, CONTACT_FIELDS)
    role_rules = bulk.FieldRules.of(Affiliation, ("role",))
    contacts, affiliations = [], []
    for index, data in enumerate(rows):
        try:
            contact = contact_prepare(data, rules=rules)
            if data.get("organisation") is not None:
                affiliation = Affiliation(
                    contact=contact,
                    organisation=data["organisation"],
                    role=(data.get("role") or "").strip(),
                    is_primary=True,
                )
                role_rules.apply(affiliation)
                affiliations.append(affiliation)
        except ValidationError as error:
            raise bulk.BulkRowError(index, error) from error
        contacts.append(contact)
    bulk.insert_many(contacts)
    bulk.insert_many(affiliations)
    _record_bulk_contacts(actor, contacts, affiliations, source)
    if search_index:
        search.index_many(contacts)
    return contacts


def _record_bulk_contacts(
    actor: Any, contacts: list[Contact], affiliations: list[Affiliation], source: str
) -> None:
    bulk.record_many(
        actor=actor,
        action=AuditAction.CREATE,
        entries=[
            (contact, bulk.creation_changes(contact, CONTACT_FIELDS, source), ())
            for contact in contacts
        ],
    )
    bulk.record_many(
        actor=actor,
        action=AuditAction.CREATE,
        entries=[
            (
                affiliation,
                diff({}, {"organisation": str(affiliation.organisation), "role": affiliation.role}),
                (affiliation.contact, affiliation.organisation),
            )
            for affiliation in affiliations
        ],
    )

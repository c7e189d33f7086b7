"""Merging duplicate organisations or contacts.

`organisation_merge` and `contact_merge` are services: keyword-only, one transaction, both
versions checked, audited. The user chooses, field by field, whose value the survivor
keeps (`choices`: `{"legal_name": "loser", ...}`; a field not named keeps the survivor's).
Every linked record moves to the survivor (`core.merging`); the handlers below settle the
relations whose unique rules can clash. The loser is deleted and its public id kept in
`core.MergedRecord`, so its old links lead to the survivor.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Any, TypeVar

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Q
from django.utils.translation import gettext as _
from rapidfuzz import fuzz

from clusterdesk.core import merging, permissions, search
from clusterdesk.core.audit import diff, record, snapshot
from clusterdesk.core.concurrency import claim_version
from clusterdesk.core.models import AuditAction, DomainModel
from clusterdesk.imports.matching import FUZZY_THRESHOLD, normalise_name
from clusterdesk.organisations import services
from clusterdesk.organisations.models import Affiliation, Contact, Membership, Organisation
from clusterdesk.organisations.size import size_class

Record = TypeVar("Record", bound=DomainModel)


class Side(StrEnum):
    SURVIVOR = "survivor"
    LOSER = "loser"


def merge_fields(model: type[models.Model]) -> tuple[str, ...]:
    """The fields a user chooses between: every editable column (a field added later is
    offered without changing this module)."""
    return tuple(
        field.name
        for field in model._meta.concrete_fields
        if field.editable and not field.primary_key
    )


@dataclass(frozen=True)
class MergeSpec:
    model: type[DomainModel]
    audit_fields: tuple[str, ...]
    prepare: Callable[[Any], None]  # validate the survivor and derive computed fields
    reindex: Callable[[Any], None]  # the search entries the merge changed
    after: Callable[[Any, Any], None] = lambda actor, survivor: None


@dataclass(frozen=True)
class MergeResult:
    survivor: Any
    report: merging.MergeReport

    @property
    def moved_count(self) -> int:
        return sum(moved.moved for moved in self.report.moved.values())


# --- the services ----------------------------------------------------------------------------


def _prepare_organisation(organisation: Organisation) -> None:
    organisation.full_clean(validate_unique=True, validate_constraints=True)
    computed = size_class(
        organisation.headcount, organisation.turnover, organisation.balance_sheet_total
    )
    organisation.size_class = computed.value if computed else ""


def _prepare_contact(contact: Contact) -> None:
    contact.email = contact.email.lower()
    contact.full_clean(validate_unique=True, validate_constraints=True)


def _reindex_organisation(organisation: Organisation) -> None:
    """The survivor, and every contact now linked to it (their entries hold its name)."""
    search.index(organisation)
    search.index_many(Contact.objects.filter(affiliations__organisation=organisation))


def _sync_organisation_status(actor: Any, organisation: Organisation) -> None:
    """The memberships that moved may make a prospect a member (the services' rule)."""
    services.sync_status_with_memberships(actor, organisation)


ORGANISATION_SPEC = MergeSpec(
    model=Organisation,
    audit_fields=services.ORGANISATION_AUDIT_FIELDS,
    prepare=_prepare_organisation,
    reindex=_reindex_organisation,
    after=_sync_organisation_status,
)
CONTACT_SPEC = MergeSpec(
    model=Contact,
    audit_fields=services.CONTACT_FIELDS,
    prepare=_prepare_contact,
    reindex=search.index,
)


def organisation_merge(
    *,
    actor: Any,
    survivor: Organisation,
    loser: Organisation,
    choices: Mapping[str, str],
    survivor_version: int | None,
    loser_version: int | None,
) -> MergeResult:
    """Merge `loser` into `survivor`: its contacts, memberships, external references, tags,
    NACE codes, timeline and whatever later issues link to organisations move over."""
    return _merge(
        ORGANISATION_SPEC, actor, survivor, loser, choices, survivor_version, loser_version
    )


def contact_merge(
    *,
    actor: Any,
    survivor: Contact,
    loser: Contact,
    choices: Mapping[str, str],
    survivor_version: int | None,
    loser_version: int | None,
) -> MergeResult:
    """Merge `loser` into `survivor`: affiliations, timeline and later links move over."""
    return _merge(CONTACT_SPEC, actor, survivor, loser, choices, survivor_version, loser_version)


def _validated_choices(model: type[models.Model], choices: Mapping[str, str]) -> list[str]:
    """The fields to take from the loser; unknown fields or sides are named in the error."""
    allowed = merge_fields(model)
    errors = {}
    for name, side in choices.items():
        if name not in allowed:
            errors[name] = [_("This field cannot be chosen in a merge.")]
        elif side not in {Side.SURVIVOR, Side.LOSER}:
            errors[name] = [_('Choose "survivor" or "loser".')]
    if errors:
        raise ValidationError(errors)
    return [name for name, side in choices.items() if side == Side.LOSER]


@transaction.atomic
def _merge(
    spec: MergeSpec,
    actor: Any,
    survivor: Any,
    loser: Any,
    choices: Mapping[str, str],
    survivor_version: int | None,
    loser_version: int | None,
) -> MergeResult:
    if survivor.pk == loser.pk:
        raise ValidationError({"loser": [_("A record cannot be merged with itself.")]})
    from_loser = _validated_choices(spec.model, choices)
    merging.check_mergeable(spec.model)
    survivor = spec.model._default_manager.get(pk=survivor.pk)
    loser = spec.model._default_manager.get(pk=loser.pk)
    claim_version(survivor, survivor_version)
    claim_version(loser, loser_version)
    before = snapshot(survivor, spec.audit_fields)
    for name in from_loser:
        setattr(survivor, name, getattr(loser, name))
    spec.prepare(survivor)
    _record_loser(actor, spec, survivor, loser)
    context = merging.MergeContext(actor=actor, survivor=survivor, loser=loser)
    report = merging.move_related(context)
    report.timeline_events = merging.link_timeline(survivor, loser)
    merging.record_merged(actor=actor, survivor=survivor, loser=loser)
    survivor.save()
    changes = diff(before, snapshot(survivor, spec.audit_fields))
    record(
        actor=actor,
        action=AuditAction.MERGE,
        instance=survivor,
        changes={"merged_from": [None, str(loser)], **changes, **_counts(report)},
    )
    search.remove(loser)
    loser.delete()
    spec.after(actor, survivor)
    survivor.refresh_from_db()
    spec.reindex(survivor)
    return MergeResult(survivor=survivor, report=report)


def _record_loser(actor: Any, spec: MergeSpec, survivor: Any, loser: Any) -> None:
    """The loser's last event, on its own timeline (which the survivor's then includes)."""
    values = diff({}, snapshot(loser, spec.audit_fields))
    record(
        actor=actor,
        action=AuditAction.MERGE,
        instance=loser,
        changes={"merged_into": [None, str(survivor)], **values},
    )


def _counts(report: merging.MergeReport) -> dict[str, list[Any]]:
    counts: dict[str, list[Any]] = {}
    for name, moved in report.moved.items():
        if moved.moved:
            counts[f"moved_{name}"] = [None, moved.moved]
        if moved.combined:
            counts[f"combined_{name}"] = [None, moved.combined]
    if report.timeline_events:
        counts["timeline_events"] = [None, report.timeline_events]
    return counts


# --- relations whose unique rules can clash ----------------------------------------------------


@merging.register_handler("organisations.Membership.organisation")
def _move_memberships(context: merging.MergeContext, relation: merging.Relation) -> merging.Moved:
    """Two open memberships of one cluster become one: the one that started first stays."""
    survivor, loser = context.survivor, context.loser
    open_memberships = Membership.objects.filter(until__isnull=True).select_related("cluster")
    kept = {m.cluster_id: m for m in open_memberships.filter(organisation=survivor)}
    combined = 0
    for membership in open_memberships.filter(organisation=loser):
        other = kept.get(membership.cluster_id)
        if other is None:
            continue
        later = other if membership.since < other.since else membership
        _drop_membership(context, later)
        combined += 1
    moved = Membership.objects.filter(organisation=loser).update(organisation=survivor)
    return merging.Moved(moved=moved, combined=combined)


def _drop_membership(context: merging.MergeContext, membership: Membership) -> None:
    record(
        actor=context.actor,
        action=AuditAction.DELETE,
        instance=membership,
        changes=diff(snapshot(membership, services.MEMBERSHIP_FIELDS), {}),
        timelines=[context.survivor, membership.cluster],
    )
    membership.delete()


@merging.register_handler("organisations.Affiliation.organisation")
def _move_organisation_affiliations(
    context: merging.MergeContext, relation: merging.Relation
) -> merging.Moved:
    """A contact affiliated to both organisations keeps one affiliation, with its role."""
    survivor, loser = context.survivor, context.loser
    kept = {a.contact_id: a for a in Affiliation.objects.filter(organisation=survivor)}
    combined = 0
    duplicates = Affiliation.objects.filter(organisation=loser, contact_id__in=list(kept))
    for duplicate in duplicates.select_related("contact", "organisation"):
        _combine_affiliations(context, kept[duplicate.contact_id], duplicate)
        combined += 1
    moved = Affiliation.objects.filter(organisation=loser).update(organisation=survivor)
    return merging.Moved(moved=moved, combined=combined)


@merging.register_handler("organisations.Affiliation.contact")
def _move_contact_affiliations(
    context: merging.MergeContext, relation: merging.Relation
) -> merging.Moved:
    """Affiliations with the same organisation become one; the survivor's main
    organisation stays its main one."""
    survivor, loser = context.survivor, context.loser
    kept = {a.organisation_id: a for a in Affiliation.objects.filter(contact=survivor)}
    if any(affiliation.is_primary for affiliation in kept.values()):
        Affiliation.objects.filter(contact=loser).update(is_primary=False)
    combined = 0
    duplicates = Affiliation.objects.filter(contact=loser, organisation_id__in=list(kept))
    for duplicate in duplicates.select_related("contact", "organisation"):
        _combine_affiliations(context, kept[duplicate.organisation_id], duplicate)
        combined += 1
    moved = Affiliation.objects.filter(contact=loser).update(contact=survivor)
    return merging.Moved(moved=moved, combined=combined)


def _combine_affiliations(
    context: merging.MergeContext, kept: Affiliation, duplicate: Affiliation
) -> None:
    """Keep `kept`, with the duplicate's role when it has none; remove the duplicate."""
    kept.role = kept.role or duplicate.role
    kept.is_primary = kept.is_primary or duplicate.is_primary
    kept.save(update_fields=["role", "is_primary", "updated_at"])
    values = {"organisation": str(duplicate.organisation), "role": duplicate.role}
    record(
        actor=context.actor,
        action=AuditAction.DELETE,
        instance=duplicate,
        changes=diff(values, {}),
        timelines=[context.survivor, kept.contact, kept.organisation],
    )
    duplicate.delete()


# --- reads for the merge page ------------------------------------------------------------------


def organisation_possible_duplicates(
    *, user: Any, organisation: Organisation, limit: int = 10
) -> list[Organisation]:
    """Organisations with the same register or VAT number, or a name that matches once
    case, accents, punctuation and legal forms are set aside (as imports compare them)."""
    visible = permissions.visible_organisations(user, Organisation.objects.all()).exclude(
        pk=organisation.pk
    )
    numbers = Q(pk__in=[])
    if organisation.register_number:
        numbers |= Q(register_number=organisation.register_number)
    if organisation.vat_number:
        numbers |= Q(vat_number=organisation.vat_number)
    found = list(visible.filter(numbers).order_by("legal_name", "pk")[:limit])
    names = {normalise_name(n) for n in (organisation.legal_name, organisation.trade_name) if n}
    words = sorted({word for name in names for word in name.split()}, key=len, reverse=True)
    if words and len(found) < limit:
        word = words[0]
        similar = visible.filter(Q(legal_name__icontains=word) | Q(trade_name__icontains=word))
        for candidate in similar.exclude(pk__in=[o.pk for o in found]).order_by("pk")[:200]:
            if _similar_name(names, candidate) and len(found) < limit:
                found.append(candidate)
    return found


def _similar_name(names: set[str], candidate: Organisation) -> bool:
    theirs = {normalise_name(n) for n in (candidate.legal_name, candidate.trade_name) if n}
    return any(
        fuzz.token_sort_ratio(ours, other) >= FUZZY_THRESHOLD for ours in names for other in theirs
    )


def contact_possible_duplicates(*, user: Any, contact: Contact, limit: int = 10) -> list[Contact]:
    """Contacts with the same email address or the same first and last name."""
    query = Q(first_name__iexact=contact.first_name, last_name__iexact=contact.last_name)
    if contact.email:
        query |= Q(email__iexact=contact.email)
    candidates = Contact.objects.filter(query).exclude(pk=contact.pk)
    visible = permissions.visible_contacts(user, candidates)
    return list(visible.order_by("last_name", "first_name", "pk")[:limit])


def merge_preview(loser: models.Model) -> list[tuple[Any, int]]:
    """What would move from the loser: (what, how many) for each relation with rows, then
    the events of its timeline."""
    relations = [r for r in merging.relations_of(type(loser)) if merging.can_move(r)]
    counts = merging.count_related(relations, loser)
    preview = [(r.label, counts[r.key]) for r in relations if counts[r.key]]
    events = merging.timeline_size(loser)
    if events:
        preview.append((_("timeline events"), events))
    return preview

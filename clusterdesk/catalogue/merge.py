"""Merging two organisations that both have a service provider profile (core.merging).

The survivor's profile stays and takes what the loser's adds: competences and languages
(each once), notes (appended) and accreditations (for an instrument both hold, the later
end of validity; no end beats any date). The loser's profile is then deleted, with an
audit event on the survivor's company file. A profile of the loser alone moves over.
"""

from __future__ import annotations

from clusterdesk.catalogue.models import Accreditation, ServiceProviderProfile
from clusterdesk.catalogue.services.common import plain
from clusterdesk.catalogue.services.providers import PROFILE_AUDIT_FIELDS
from clusterdesk.core import merging
from clusterdesk.core.audit import diff, record
from clusterdesk.core.models import AuditAction


def _later(first: Accreditation, second: Accreditation) -> Accreditation:
    if first.valid_until is None or second.valid_until is None:
        return first if first.valid_until is None else second
    return first if first.valid_until >= second.valid_until else second


def _combine(
    context: merging.MergeContext, kept: ServiceProviderProfile, gone: ServiceProviderProfile
) -> None:
    kept.competences = list(dict.fromkeys([*kept.competences, *gone.competences]))
    kept.languages = list(dict.fromkeys([*kept.languages, *gone.languages]))
    kept.notes = "\n\n".join(note for note in (kept.notes, gone.notes) if note.strip())
    kept.save(update_fields=["competences", "languages", "notes", "updated_at"])
    held = {row.instrument_id: row for row in kept.accreditation_set.all()}
    for row in gone.accreditation_set.all():
        mine = held.get(row.instrument_id)
        if mine is None:
            Accreditation.objects.filter(pk=row.pk).update(profile=kept)
        elif _later(mine, row) is row:
            Accreditation.objects.filter(pk=mine.pk).update(valid_until=row.valid_until)
    record(
        actor=context.actor,
        action=AuditAction.DELETE,
        instance=gone,
        changes=diff(plain(gone, PROFILE_AUDIT_FIELDS), {}),
        timelines=[context.survivor],
    )
    gone.delete()


@merging.register_handler("catalogue.ServiceProviderProfile.organisation")
def move_provider_profile(
    context: merging.MergeContext, relation: merging.Relation
) -> merging.Moved:
    gone = ServiceProviderProfile.objects.filter(organisation=context.loser).first()
    if gone is None:
        return merging.Moved()
    kept = ServiceProviderProfile.objects.filter(organisation=context.survivor).first()
    if kept is None:
        ServiceProviderProfile.objects.filter(pk=gone.pk).update(organisation=context.survivor)
        return merging.Moved(moved=1)
    _combine(context, kept, gone)
    return merging.Moved(combined=1)

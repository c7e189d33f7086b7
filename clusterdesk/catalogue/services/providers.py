"""Writes to service provider profiles: competences, languages, notes and accreditations.

A profile belongs to one organisation of the directory; its events show on the profile
and on the organisation's company file. Accreditations are given as a list of
`{"instrument": SupportInstrument, "valid_until": date or None}`, and replace the
profile's list.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from clusterdesk.catalogue.models import Accreditation, ServiceProviderProfile, SupportInstrument
from clusterdesk.catalogue.services.common import apply, plain, validate
from clusterdesk.core.audit import JSONValue, diff, record
from clusterdesk.core.concurrency import StaleVersionError, claim_version
from clusterdesk.core.models import AuditAction

PROFILE_FIELDS = ("competences", "languages", "notes")
PROFILE_AUDIT_FIELDS = ("organisation", *PROFILE_FIELDS)


def _accreditations(data: Mapping[str, Any]) -> list[tuple[SupportInstrument, Any]] | None:
    """The accreditations sent, as (instrument, valid until); None when none were sent."""
    if "accreditations" not in data:
        return None
    given = data["accreditations"] or []
    pairs: list[tuple[SupportInstrument, Any]] = []
    for item in given:
        instrument = item.get("instrument") if isinstance(item, Mapping) else None
        if not isinstance(instrument, SupportInstrument) or instrument.pk is None:
            raise ValidationError({"accreditations": [_("Choose a support instrument.")]})
        pairs.append((instrument, item.get("valid_until")))
    slugs = [instrument.slug for instrument, _until in pairs]
    if len(set(slugs)) != len(slugs):
        raise ValidationError(
            {"accreditations": [_("An instrument is given twice among the accreditations.")]}
        )
    return pairs


def _snapshot(profile: ServiceProviderProfile) -> dict[str, JSONValue]:
    values = plain(profile, PROFILE_AUDIT_FIELDS)
    if profile.pk is None:
        values["accreditations"] = []
    else:
        rows = profile.accreditation_set.select_related("instrument")
        values["accreditations"] = sorted(str(accreditation) for accreditation in rows)
    return values


def _set_accreditations(
    profile: ServiceProviderProfile, pairs: Sequence[tuple[SupportInstrument, Any]]
) -> None:
    kept = {instrument.pk for instrument, _until in pairs}
    profile.accreditation_set.exclude(instrument_id__in=kept).delete()
    current = {row.instrument_id: row for row in profile.accreditation_set.all()}
    for instrument, valid_until in pairs:
        row = current.get(instrument.pk) or Accreditation(profile=profile, instrument=instrument)
        row.valid_until = valid_until
        row.full_clean(exclude=["profile", "instrument"], validate_unique=False)
        row.save()


def _audit(actor: Any, action: AuditAction, profile: ServiceProviderProfile, changes: Any) -> None:
    record(
        actor=actor,
        action=action,
        instance=profile,
        changes=changes,
        timelines=[profile.organisation],
    )


@transaction.atomic
def provider_profile_create(
    *, actor: Any, organisation: Any, data: Mapping[str, Any]
) -> ServiceProviderProfile:
    """The provider profile of `organisation` (one per organisation)."""
    profile = ServiceProviderProfile(organisation=organisation)
    pairs = _accreditations(data)
    apply(profile, data, PROFILE_FIELDS)
    validate(profile)
    profile.save()
    if pairs:
        _set_accreditations(profile, pairs)
    _audit(actor, AuditAction.CREATE, profile, diff({}, _snapshot(profile)))
    return profile


@transaction.atomic
def provider_profile_update(
    *,
    actor: Any,
    profile: ServiceProviderProfile,
    data: Mapping[str, Any],
    expected_version: int | None,
) -> ServiceProviderProfile:
    current = ServiceProviderProfile.objects.select_related("organisation").get(pk=profile.pk)
    before = _snapshot(current)
    pairs = _accreditations(data)
    apply(current, data, PROFILE_FIELDS)
    validate(current)
    if expected_version is not None and expected_version != current.version:
        raise StaleVersionError(current, expected_version)
    if pairs is not None:
        _set_accreditations(current, pairs)
    changes = diff(before, _snapshot(current))
    if not changes:
        return current
    claim_version(current, expected_version)
    current.save()
    _audit(actor, AuditAction.UPDATE, current, changes)
    return current


@transaction.atomic
def provider_profile_delete(
    *, actor: Any, profile: ServiceProviderProfile, expected_version: int | None
) -> None:
    """The profile and its accreditations go; the organisation stays in the directory."""
    claim_version(profile, expected_version)
    _audit(actor, AuditAction.DELETE, profile, diff(_snapshot(profile), {}))
    profile.delete()

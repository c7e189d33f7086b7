"""Writes to agency teams: their names, mailbox, services and members.

Keyword-only, one transaction, validated, versioned and audited like every service.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from django.db import transaction
from django.utils.text import slugify

from clusterdesk.catalogue.models import AgencyTeam
from clusterdesk.catalogue.services.common import plain
from clusterdesk.core.audit import diff, record
from clusterdesk.core.concurrency import claim_version
from clusterdesk.core.models import AuditAction

TEAM_FIELDS = ("name", "slug", "description", "email", "services")
TEAM_AUDIT_FIELDS = (*TEAM_FIELDS, "members")


def _apply(team: AgencyTeam, data: Mapping[str, Any]) -> None:
    for field in TEAM_FIELDS:
        if field in data:
            value = data[field]
            setattr(team, field, (value or "").strip() if isinstance(value, str | None) else value)
    if not team.slug:
        team.slug = slugify(team.name)[: AgencyTeam._meta.get_field("slug").max_length]


def _validate(team: AgencyTeam) -> None:
    team.full_clean(validate_unique=True, validate_constraints=True)


@transaction.atomic
def team_create(*, actor: Any, data: Mapping[str, Any]) -> AgencyTeam:
    team = AgencyTeam()
    _apply(team, data)
    _validate(team)
    team.save()
    if "members" in data:
        team.members.set(data["members"])
    record(
        actor=actor,
        action=AuditAction.CREATE,
        instance=team,
        changes=diff({}, plain(team, TEAM_AUDIT_FIELDS)),
    )
    return team


@transaction.atomic
def team_update(
    *, actor: Any, team: AgencyTeam, data: Mapping[str, Any], expected_version: int | None
) -> AgencyTeam:
    current = AgencyTeam.objects.get(pk=team.pk)
    before = plain(current, TEAM_AUDIT_FIELDS)
    _apply(current, data)
    _validate(current)
    claim_version(current, expected_version)
    current.save()
    if "members" in data:
        current.members.set(data["members"])
    changes = diff(before, plain(current, TEAM_AUDIT_FIELDS))
    if changes:
        record(actor=actor, action=AuditAction.UPDATE, instance=current, changes=changes)
    return current


@transaction.atomic
def team_add_members(*, actor: Any, team: AgencyTeam, users: Iterable[Any]) -> AgencyTeam:
    """Add people to a team (the ones already in it stay); no version check: adding is
    never a lost update."""
    current = AgencyTeam.objects.get(pk=team.pk)
    missing = [user for user in users if not current.members.filter(pk=user.pk).exists()]
    if not missing:
        return current
    before = plain(current, TEAM_AUDIT_FIELDS)
    current.members.add(*missing)
    claim_version(current, None)
    record(
        actor=actor,
        action=AuditAction.UPDATE,
        instance=current,
        changes=diff(before, plain(current, TEAM_AUDIT_FIELDS)),
    )
    return current

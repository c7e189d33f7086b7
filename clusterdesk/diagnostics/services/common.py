"""What the diagnostics services share: validation and the draft rule of templates."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from clusterdesk.core.concurrency import StaleVersionError
from clusterdesk.diagnostics.models import QuestionnaireTemplate


def validate(instance: Any, exclude: Iterable[str] = ()) -> None:
    instance.full_clean(exclude=list(exclude), validate_unique=True, validate_constraints=True)


def ensure_draft(template: QuestionnaireTemplate) -> None:
    """Only a draft version is edited: a published or retired one is what diagnoses were
    answered with."""
    current = QuestionnaireTemplate.objects.values_list("status", flat=True).get(pk=template.pk)
    if current != "draft":
        raise ValidationError(
            _(
                "Version %(version)s of “%(name)s” is %(status)s: it cannot be edited, so that "
                "the diagnoses answered with it stay comparable. Create a new version to "
                "change the questionnaire."
            )
            % {
                "version": template.version,
                "name": template.name,
                "status": dict(QuestionnaireTemplate._meta.get_field("status").flatchoices)
                .get(current, current)
                .lower(),
            }
        )


def claim_revision(template: QuestionnaireTemplate, expected_revision: int | None) -> None:
    """Optimistic concurrency for templates (their `version` numbers the questionnaire's
    versions, so the edit counter is `revision`). None skips the check."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("claim_revision must run inside transaction.atomic()")
    rows = QuestionnaireTemplate.objects.filter(pk=template.pk)
    if expected_revision is not None:
        rows = rows.filter(revision=expected_revision)
    if rows.update(revision=F("revision") + 1, updated_at=timezone.now()) != 1:
        raise StaleVersionError(template, expected_revision)  # type: ignore[arg-type]
    template.revision = QuestionnaireTemplate.objects.values_list("revision", flat=True).get(
        pk=template.pk
    )

"""What the support services share: validation, audit records on the company file, and
plain values of the fields they write."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext as _

from clusterdesk.core.audit import JSONValue, record, snapshot
from clusterdesk.core.models import AuditAction


def validate(instance: models.Model, exclude: Iterable[str] = ()) -> None:
    instance.full_clean(exclude=list(exclude), validate_unique=True, validate_constraints=True)


def apply(instance: models.Model, data: Mapping[str, Any], fields: Sequence[str]) -> None:
    """Set the `fields` present in `data`; text is stripped and None text becomes ""."""
    for field in fields:
        if field not in data:
            continue
        value = data[field]
        model_field = instance._meta.get_field(field)
        if isinstance(model_field, models.CharField | models.TextField):
            value = "" if value is None else str(value).strip()
        setattr(instance, field, value)


def plain(instance: models.Model, fields: Sequence[str]) -> dict[str, JSONValue]:
    """`snapshot`, with JSON lists of dates as readable text."""
    values = snapshot(instance, fields)
    for name, value in values.items():
        if isinstance(getattr(instance, name, None), list) and not isinstance(value, list):
            values[name] = ", ".join(str(item) for item in getattr(instance, name))
    return values


def audit(
    *,
    actor: Any,
    action: AuditAction,
    instance: models.Model,
    case: Any,
    changes: dict[str, list[JSONValue]],
    also: Iterable[models.Model | None] = (),
) -> None:
    """The event shows on the record, its case and the company file (and on `also`)."""
    timelines = [case.organisation, case, *[item for item in also if item is not None]]
    record(actor=actor, action=action, instance=instance, changes=changes, timelines=timelines)


def refuse_if_closed(case: Any) -> None:
    """New needs, referrals, roadmaps and actions go into open cases only."""
    if case.is_closed:
        raise ValidationError(
            _("This case is closed (%(state)s): reopen it before adding to it.")
            % {"state": case.get_state_display()}
        )

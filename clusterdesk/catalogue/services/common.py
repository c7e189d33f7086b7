"""What the catalogue services share: setting fields, validating, plain audit values, and
the create / update / delete of a record with its audit event and search entry."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Mapping, Sequence
from decimal import Decimal
from typing import Any, TypeVar

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import ProtectedError
from django.utils.text import slugify
from django.utils.translation import gettext as _

from clusterdesk.core import search
from clusterdesk.core.audit import JSONValue, diff, json_value, record, snapshot
from clusterdesk.core.concurrency import StaleVersionError, claim_version
from clusterdesk.core.models import AuditAction, DomainModel

Record = TypeVar("Record", bound=DomainModel)


def apply(instance: models.Model, data: Mapping[str, Any], fields: Sequence[str]) -> None:
    """Set the `fields` present in `data`; text is stripped and None text becomes ""."""
    for field in fields:
        if field not in data:
            continue
        value = data[field]
        model_field = instance._meta.get_field(field)
        if isinstance(model_field, models.CharField | models.TextField):
            value = "" if value is None else str(value).strip()
        elif isinstance(model_field, models.JSONField) and value is None:
            value = model_field.get_default()
        setattr(instance, field, value)


def fill_slug(instance: models.Model, source: str) -> None:
    """An empty short name is made from the name (or title)."""
    if not getattr(instance, "slug", ""):
        max_length = instance._meta.get_field("slug").max_length  # type: ignore[union-attr]
        slug = slugify(getattr(instance, source, ""))[:max_length].strip("-")
        instance.slug = slug  # type: ignore[attr-defined]


def validate(instance: models.Model, exclude: Iterable[str] = ()) -> None:
    instance.full_clean(exclude=list(exclude), validate_unique=True, validate_constraints=True)


def plain(instance: models.Model, fields: Sequence[str]) -> dict[str, JSONValue]:
    """`snapshot`, with JSON values readable in the history: lists of texts joined, other
    JSON (rates, bonuses, rules) as compact JSON text."""
    values = snapshot(instance, fields)
    for name in fields:
        model_field = instance._meta.get_field(name)
        value = getattr(instance, name, None)
        if isinstance(model_field, models.DecimalField) and isinstance(value, Decimal):
            # 0.5 as sent and 0.50 as stored are one value.
            places = Decimal(10) ** -(model_field.decimal_places or 0)
            values[name] = json_value(value.quantize(places))
            continue
        if not isinstance(model_field, models.JSONField):
            continue
        if isinstance(value, list) and all(isinstance(item, str) for item in value):
            values[name] = ", ".join(value)
        else:
            values[name] = json.dumps(value, ensure_ascii=False, sort_keys=True, default=str)
    return values


def create(
    instance: Record,
    *,
    actor: Any,
    data: Mapping[str, Any],
    fields: Sequence[str],
    slug_from: str | None = None,
    timelines: Callable[[Record], Iterable[models.Model]] = lambda _record: (),
) -> Record:
    """Fill a new record from `data`, validate, save, audit and index it."""
    apply(instance, data, fields)
    if slug_from:
        fill_slug(instance, slug_from)
    validate(instance)
    instance.save()
    record(
        actor=actor,
        action=AuditAction.CREATE,
        instance=instance,
        changes=diff({}, plain(instance, fields)),
        timelines=timelines(instance),
    )
    search.index(instance)
    return instance


def update(
    instance: Record,
    *,
    actor: Any,
    data: Mapping[str, Any],
    fields: Sequence[str],
    expected_version: int | None,
    slug_from: str | None = None,
    timelines: Callable[[Record], Iterable[models.Model]] = lambda _record: (),
) -> Record:
    """Change the fields sent, unless the record moved on since `expected_version`; a save
    that changes nothing writes no event and keeps the version."""
    current = type(instance)._default_manager.get(pk=instance.pk)
    before = plain(current, fields)
    apply(current, data, fields)
    if slug_from:
        fill_slug(current, slug_from)
    validate(current)
    changes = diff(before, plain(current, fields))
    if not changes:
        if expected_version is not None and expected_version != current.version:
            raise StaleVersionError(current, expected_version)
        return current
    claim_version(current, expected_version)
    current.save()
    record(
        actor=actor,
        action=AuditAction.UPDATE,
        instance=current,
        changes=changes,
        timelines=timelines(current),
    )
    search.index(current)
    return current


def delete(
    instance: DomainModel,
    *,
    actor: Any,
    fields: Sequence[str],
    expected_version: int | None,
    timelines: Iterable[models.Model] = (),
) -> None:
    """Delete the record (its audit event stays); refused with a ValidationError when other
    records depend on it."""
    claim_version(instance, expected_version)
    record(
        actor=actor,
        action=AuditAction.DELETE,
        instance=instance,
        changes=diff(plain(instance, fields), {}),
        timelines=timelines,
    )
    search.remove(instance)
    try:
        instance.delete()
    except ProtectedError as error:
        kinds = sorted({str(obj._meta.verbose_name_plural) for obj in error.protected_objects})
        raise ValidationError(
            _("%(record)s is still used by %(records)s: it cannot be deleted.")
            % {"record": instance, "records": ", ".join(kinds)}
        ) from error

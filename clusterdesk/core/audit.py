"""Writing and reading the audit log.

Services call `snapshot` before and after a change, then `record` with the `diff`.
Values are stored as JSON-friendly plain data (codes, ids shown by their text) so the
log stays readable after the referenced records change or disappear.
"""

from __future__ import annotations

import datetime
import decimal
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from clusterdesk.core import permissions
from clusterdesk.core.models import AuditAction, AuditEvent, AuditEventLink
from clusterdesk.core.request_id import current_request_id

JSONValue = Any


def json_value(value: Any) -> JSONValue:
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, decimal.Decimal):
        return str(int(value)) if value == value.to_integral_value() else format(value, "f")
    if isinstance(value, datetime.datetime | datetime.date):
        return value.isoformat()
    if isinstance(value, uuid.UUID):
        return str(value)
    if isinstance(value, models.Model):
        return str(value)
    return str(value)


def snapshot(instance: models.Model, fields: Sequence[str]) -> dict[str, JSONValue]:
    """Plain values of `fields`; many-to-many fields become sorted lists of their texts."""
    values: dict[str, JSONValue] = {}
    for name in fields:
        field = instance._meta.get_field(name)
        if field.many_to_many:
            if instance.pk is None:
                values[name] = []
            else:
                values[name] = sorted(str(item) for item in getattr(instance, name).all())
        else:
            values[name] = json_value(getattr(instance, name))
    return values


EMPTY_VALUES: tuple[JSONValue, ...] = (None, "", [])


def diff(before: dict[str, JSONValue], after: dict[str, JSONValue]) -> dict[str, list[JSONValue]]:
    """Fields whose value differs, as `{field: [old, new]}`; empty → empty is no change.

    `diff({}, after)` describes a creation and `diff(before, {})` a deletion.
    """
    changes = {}
    for name in dict.fromkeys([*before, *after]):
        old, new = before.get(name), after.get(name)
        if old != new and not (old in EMPTY_VALUES and new in EMPTY_VALUES):
            changes[name] = [old, new]
    return changes


def record(
    *,
    actor: Any,
    action: AuditAction,
    instance: models.Model,
    changes: dict[str, list[JSONValue]] | None = None,
    timelines: Iterable[models.Model] = (),
) -> AuditEvent:
    """Append one event; it shows on `instance`'s timeline and on each of `timelines`."""
    actor_user = actor if getattr(actor, "pk", None) else None
    event = AuditEvent.objects.create(
        created_at=timezone.now(),
        actor=actor_user,
        actor_name=actor_user.get_username() if actor_user else "",
        action=action,
        object_type=ContentType.objects.get_for_model(instance),
        object_id=instance.pk,
        object_repr=str(instance)[:300],
        changes=changes or {},
        request_id=current_request_id(),
        confidential_cluster_id=confidential_cluster_id(instance),
    )
    subjects = {(type(instance), instance.pk)}
    subjects.update((type(subject), subject.pk) for subject in timelines if subject.pk)
    AuditEventLink.objects.bulk_create(
        link_to(event, ContentType.objects.get_for_model(model).pk, pk) for model, pk in subjects
    )
    return event


def link_to(event: AuditEvent, subject_type_id: int, subject_id: int) -> AuditEventLink:
    """A link that puts `event` on a timeline, with the copies of the event's time, kind and
    confidentiality that the timeline reads."""
    return AuditEventLink(
        event_id=event.pk,
        subject_type_id=subject_type_id,
        subject_id=subject_id,
        created_at=event.created_at,
        object_type_id=event.object_type_id,
        confidential_cluster_id=event.confidential_cluster_id,
    )


def confidential_cluster_id(instance: models.Model) -> int | None:
    """The cluster whose managers alone may read events about `instance`: set for records
    with a true `confidential` field and a `cluster` (e.g. confidential interactions)."""
    if getattr(instance, "confidential", False) is True:
        return getattr(instance, "cluster_id", None)
    return None


def _timeline_links(instance: models.Model, kinds: Sequence[str] = ()) -> dict[str, Any]:
    """The conditions on the links of `instance`'s timeline that `user` may read."""
    conditions: dict[str, Any] = {
        "subject_type": ContentType.objects.get_for_model(instance),
        "subject_id": instance.pk,
    }
    if kinds:
        conditions["object_type__in"] = [
            ContentType.objects.get_by_natural_key(*kind.split(".")) for kind in kinds
        ]
    return conditions


def _readable(user: Any, prefix: str = "") -> Q:
    if user is None or permissions.is_admin(user):
        return Q()
    return Q(**{f"{prefix}confidential_cluster_id__isnull": True}) | Q(
        **{f"{prefix}confidential_cluster_id__in": permissions.managed_cluster_ids(user)}
    )


def timeline(
    instance: models.Model, *, user: Any = None, kinds: Sequence[str] = ()
) -> QuerySet[AuditEvent]:
    """Events on `instance`'s timeline, newest first. With `user`, only the events they may
    read (events of confidential records only for admins and the managers of their cluster);
    with `kinds` (model labels such as "engagement.interaction"), only events of those.

    Filtered and ordered on the link table alone (one filter() call, so one join), whose
    index `audit_link_timeline_idx` yields a page of a long timeline without reading the
    rest of it."""
    conditions = _timeline_links(instance, kinds)
    links = {f"links__{name}": value for name, value in conditions.items()}
    return (
        AuditEvent.objects.filter(_readable(user, "links__"), **links)
        .select_related("object_type")
        .order_by("-links__created_at", "-links__event_id")
    )


def timeline_kinds(instance: models.Model, *, user: Any = None) -> list[tuple[str, str]]:
    """The kinds of record on `instance`'s timeline that `user` may read, as (label, plural
    name) pairs for a filter, sorted by name."""
    type_ids = (
        AuditEventLink.objects.filter(_readable(user), **_timeline_links(instance))
        .order_by()
        .values_list("object_type", flat=True)
        .distinct()
    )
    kinds = []
    for content_type in ContentType.objects.filter(pk__in=type_ids):
        model = content_type.model_class()
        if model is not None:
            label = f"{content_type.app_label}.{content_type.model}"
            kinds.append((label, str(model._meta.verbose_name_plural).capitalize()))
    return sorted(kinds, key=lambda kind: kind[1])


def attach_links(events: Iterable[AuditEvent]) -> list[AuditEvent]:
    """Set `event.target_url` to the page of the record each event is about, when the
    record still exists; one query per kind of record."""
    events = list(events)
    by_type: dict[int, set[int]] = {}
    for event in events:
        by_type.setdefault(event.object_type_id, set()).add(event.object_id)
    urls: dict[tuple[int, int], str] = {}
    for type_id, ids in by_type.items():
        model = ContentType.objects.get_for_id(type_id).model_class()
        if model is None or not hasattr(model, "get_absolute_url"):
            continue
        related = [f.name for f in model._meta.concrete_fields if f.is_relation and f.many_to_one]
        for obj in model._default_manager.select_related(*related).filter(pk__in=ids):
            urls[(type_id, obj.pk)] = obj.get_absolute_url()
    for event in events:
        event.target_url = urls.get((event.object_type_id, event.object_id), "")  # type: ignore[attr-defined]
    return events


@dataclass(frozen=True)
class ChangeLine:
    field: str
    old: str
    new: str


def _display(field: models.Field | None, value: JSONValue) -> str:
    if value is None or value == "" or value == []:
        return "—"
    if isinstance(value, list):
        return ", ".join(str(item) for item in value)
    if field is not None and getattr(field, "choices", None):
        labels = {str(key): label for key, label in field.flatchoices}
        return str(labels.get(str(value), value))
    if isinstance(value, bool):
        return "✓" if value else "✗"
    return str(value)


# Entries of `changes` that are not fields of the record: where it came from.
SOURCE = "source"
EXTRA_LABELS = {SOURCE: _("source")}


def _label(field: Any, name: str) -> str:
    """A change's label: the field's verbose name; for a reverse relation (which has none)
    its model's plural; else the pseudo-field's label (`EXTRA_LABELS`) or its name."""
    if field is not None and getattr(field, "verbose_name", None):
        return str(field.verbose_name)
    related = getattr(field, "related_model", None)
    if related is not None:
        return str(related._meta.verbose_name_plural)
    return str(EXTRA_LABELS.get(name, name.replace("_", " ")))


def describe(event: AuditEvent) -> list[ChangeLine]:
    """Human lines for an event's changes, with field labels in the active language."""
    model = event.object_type.model_class()
    lines = []
    for name, (old, new) in event.changes.items():
        field: models.Field | None
        try:
            field = model._meta.get_field(name) if model else None  # type: ignore[assignment]
        except FieldDoesNotExist:
            field = None
        label = _label(field, name)
        lines.append(ChangeLine(label, _display(field, old), _display(field, new)))
    return lines

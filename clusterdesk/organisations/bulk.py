"""Helpers of the bulk services (imports): the models' field rules applied to many records
at once, and their audit events written in bulk.

`FieldRules` runs exactly what `full_clean()` runs field by field (`Field.clean`: conversion,
required, choices, maximum length, validators), but remembers the answer for each value, so
20,000 organisations from 60 countries check the country list 60 times, not 20,000.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Mapping, Sequence
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import connections, models, router
from django.utils import timezone
from django.utils.translation import get_language

from clusterdesk.core.audit import (
    EMPTY_VALUES,
    SOURCE,
    JSONValue,
    confidential_cluster_id,
    json_value,
)
from clusterdesk.core.models import AuditAction, AuditEvent, AuditEventLink
from clusterdesk.core.request_id import current_request_id

BATCH_SIZE = 2000
_PLAIN_FIELDS = (
    models.AutoField,
    models.BigAutoField,
    models.BooleanField,
    models.CharField,
    models.FloatField,
    models.IntegerField,
    models.TextField,
)


class BulkRowError(ValidationError):
    """Row `index` (0-based) of a bulk write is invalid; `error` says which fields and why."""

    def __init__(self, index: int, error: ValidationError) -> None:
        super().__init__(error.message_dict if hasattr(error, "error_dict") else error.messages)
        self.index = index


class FieldRules:
    """The field validation of `model` for `fields`, memoised per (field, value).

    `FieldRules.of(model, fields)` shares one set of answers per process, so an import's
    preview and its commit check each value once; it forgets them past `MAX_ANSWERS`."""

    MAX_ANSWERS = 500_000
    _shared: dict[tuple[type[models.Model], tuple[str, ...]], FieldRules] = {}

    def __init__(self, model: type[models.Model], fields: Iterable[str]) -> None:
        self.fields: list[Any] = [model._meta.get_field(name) for name in fields]
        self._answers: dict[tuple[str, str, Hashable], tuple[Any, tuple[str, ...]]] = {}

    @classmethod
    def of(cls, model: type[models.Model], fields: Iterable[str]) -> FieldRules:
        key = (model, tuple(fields))
        rules = cls._shared.get(key)
        if rules is None or len(rules._answers) > cls.MAX_ANSWERS:
            rules = cls._shared[key] = cls(model, key[1])
        return rules

    def apply(self, instance: models.Model) -> None:
        """Clean each field of `instance` in place; raise ValidationError naming the fields."""
        # The raw attributes: some descriptors (CountryField) build an object on each read.
        raw = instance.__dict__
        cleaned, errors = self.check(raw, instance)
        if errors:
            raise ValidationError(errors)
        for field in self.fields:
            value = cleaned[field.attname]
            if value is not raw.get(field.attname):
                setattr(instance, field.attname, value)

    def check(
        self, values: Mapping[str, Any], instance: models.Model | None = None
    ) -> tuple[dict[str, Any], dict[str, list[str]]]:
        """`(cleaned values by attribute name, errors by field)` of plain `values`."""
        cleaned: dict[str, Any] = {}
        errors: dict[str, list[str]] = {}
        language = get_language()  # the messages are in the language of the request
        for field in self.fields:
            value = values.get(field.attname)
            key = (language, field.name, value)
            answer = self._answers.get(key)
            if answer is None:
                answer = self._answers[key] = self._clean(field, value, instance)
            cleaned[field.attname], messages = answer
            if messages:
                errors[field.name] = list(messages)
        return cleaned, errors

    @staticmethod
    def _clean(
        field: Any, value: Any, instance: models.Model | None
    ) -> tuple[Any, tuple[str, ...]]:
        try:
            return field.clean(value, instance), ()
        except ValidationError as error:
            return value, tuple(error.messages)


def _actor(actor: Any) -> tuple[Any, str]:
    user = actor if getattr(actor, "pk", None) else None
    return user, (user.get_username() if user else "")


def record_many(
    *,
    actor: Any,
    action: AuditAction,
    entries: Sequence[tuple[models.Model, dict[str, list[JSONValue]], Sequence[models.Model]]],
) -> None:
    """Audit events for many records at once: `entries` are `(record, changes, timelines)`,
    as `core.audit.record` takes them one by one."""
    user, name = _actor(actor)
    request_id = current_request_id()
    types: dict[type[models.Model], ContentType] = {}

    def type_of(model: type[models.Model]) -> ContentType:
        if model not in types:
            types[model] = ContentType.objects.get_for_model(model)
        return types[model]

    now = timezone.now()
    events = [
        {
            "created_at": now,
            "actor_id": user.pk if user else None,
            "actor_name": name,
            "action": str(action),
            "object_type_id": type_of(type(instance)).pk,
            "object_id": instance.pk,
            "object_repr": str(instance)[:300],
            "changes": changes,
            "request_id": request_id,
            "confidential_cluster_id": confidential_cluster_id(instance),
        }
        for instance, changes, _timelines in entries
    ]
    event_ids = insert_rows(AuditEvent, events)
    links = [
        {
            "event_id": event_id,
            "subject_type_id": type_of(type(subject)).pk,
            "subject_id": subject.pk,
            "created_at": now,
            "object_type_id": event["object_type_id"],
            "confidential_cluster_id": event["confidential_cluster_id"],
        }
        for event_id, event, (instance, _changes, timelines) in zip(
            event_ids, events, entries, strict=True
        )
        for subject in dict.fromkeys([instance, *timelines])
    ]
    insert_rows(AuditEventLink, links)


def creation_changes(
    instance: models.Model, fields: Sequence[str], source: str
) -> dict[str, list[JSONValue]]:
    """What `diff({}, snapshot(instance, fields))` records for a new record (without
    many-to-many fields), plus where the record came from (e.g. "import #12")."""
    changes: dict[str, list[JSONValue]] = {}
    values = instance.__dict__
    for name in fields:
        field: Any = instance._meta.get_field(name)
        value = getattr(instance, name) if field.is_relation else values.get(field.attname)
        if value not in EMPTY_VALUES:
            changes[name] = [None, json_value(value)]
    if source:
        changes[SOURCE] = [None, source]
    return changes


# --- inserting many rows ----------------------------------------------------------------------

_MISSING = object()


class _Column:
    """One column of a multi-row INSERT: its default and its conversion to a parameter."""

    def __init__(self, field: Any, database: Any, now: Any) -> None:
        self.attname = field.attname
        self.plain = isinstance(field, _PLAIN_FIELDS) and not field.is_relation
        self.field, self.database = field, database
        self._converted: dict[Any, Any] = {}
        self.timestamp = getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False)
        if self.timestamp:
            self.default: Any = lambda: now
        elif field.has_default():
            self.default = field.get_default
        else:
            self.default = lambda: None

    def parameter(self, value: Any) -> Any:
        try:
            return self._converted[value]
        except KeyError:
            converted = self._converted[value] = self.field.get_db_prep_save(value, self.database)
            return converted
        except TypeError:  # unhashable (JSON): converted every time
            return self.field.get_db_prep_save(value, self.database)


def _rows_per_statement(database: Any, columns: int) -> int:
    limit = 999
    if database.vendor == "sqlite":
        import sqlite3

        database.ensure_connection()
        limit = database.connection.getlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER)
    elif database.vendor == "postgresql":
        limit = 65535
    return max(1, min(BATCH_SIZE, limit // columns))


def insert_rows(model: type[models.Model], rows: Sequence[Mapping[str, Any]]) -> list[Any]:
    """INSERT plain rows (`{attname: value}`, missing fields take their default, timestamps
    now); return their primary keys in order. What `bulk_create` does, without building
    model instances nor its per-value overhead. The values must be validated already."""
    if not rows:
        return []
    database = connections[router.db_for_write(model)]
    fields = [f for f in model._meta.concrete_fields if not f.primary_key]
    quote = database.ops.quote_name
    pk = model._meta.pk
    assert pk is not None
    head = (
        f"INSERT INTO {quote(model._meta.db_table)} "
        f"({', '.join(quote(field.column) for field in fields)}) VALUES "
    )
    row_sql = "(" + ", ".join(["%s"] * len(fields)) + ")"
    returning = f" RETURNING {quote(pk.column)}"
    values = _parameters(rows, [_Column(field, database, timezone.now()) for field in fields])
    with database.cursor() as cursor:
        if database.vendor == "postgresql":
            return _insert_pipelined(database, cursor, head + row_sql + returning, values)
        keys: list[Any] = []
        per_statement = _rows_per_statement(database, len(fields))
        for start in range(0, len(values), per_statement):
            batch = values[start : start + per_statement]
            sql = f"{head}{', '.join([row_sql] * len(batch))}{returning}"
            cursor.execute(sql, [value for row in batch for value in row])
            keys.extend(key for (key,) in cursor.fetchall())
    return keys


def _parameters(rows: Sequence[Mapping[str, Any]], columns: Sequence[_Column]) -> list[list[Any]]:
    parameters = []
    for row in rows:
        get = row.get
        values = []
        for column in columns:
            value = get(column.attname, _MISSING)
            if value is _MISSING or column.timestamp:
                value = column.default()
            values.append(value if column.plain else column.parameter(value))
        parameters.append(values)
    return parameters


def _insert_pipelined(database: Any, cursor: Any, sql: str, values: list[list[Any]]) -> list[Any]:
    """PostgreSQL: one small statement sent for every row in one pipeline (psycopg's
    `executemany`), which parses the statement once; a statement of many rows would be
    parsed placeholder by placeholder on the client."""
    keys: list[Any] = []
    with database.wrap_database_errors:
        raw = cursor.cursor
        raw.executemany(sql, values, returning=True)
        while True:
            keys.append(raw.fetchone()[0])
            if not raw.nextset():
                break
    return keys


def _attributes(obj: models.Model) -> dict[str, Any]:
    """An instance's field values by attname, with the keys of related objects saved since
    they were assigned (as `save()` would read them)."""
    values = dict(obj.__dict__)
    fields: list[Any] = list(obj._meta.concrete_fields)
    for field in fields:
        if field.is_relation and values.get(field.attname) is None and field.is_cached(obj):
            related = field.get_cached_value(obj)
            values[field.attname] = related.pk if related is not None else None
    return values


def insert_many(objects: Sequence[models.Model]) -> None:
    """`insert_rows` for model instances (all of one model); sets their primary keys."""
    if not objects:
        return
    model = type(objects[0])
    keys = insert_rows(model, [_attributes(obj) for obj in objects])
    stamps = [
        f.attname
        for f in model._meta.concrete_fields
        if getattr(f, "auto_now_add", False) or getattr(f, "auto_now", False)
    ]
    now = timezone.now()
    for obj, key in zip(objects, keys, strict=True):
        for attname in stamps:
            setattr(obj, attname, now)
        obj.pk = key
        obj._state.adding = False
        obj._state.db = router.db_for_write(type(obj))

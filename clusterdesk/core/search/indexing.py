"""Writing the index: one record, many records, or everything.

Services call `index(record)` after they create or change a record and `remove(record)`
before they delete it, inside their transaction: the index changes with the record and a
rolled-back transaction leaves it as it was. `index_many` is for bulk writes (imports, the
demo and scale seeds); `rebuild` re-creates the index of whole kinds (`clusterdesk
reindex`).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from functools import cache
from typing import TYPE_CHECKING, Any

from django.db import connection, transaction
from django.db.models import Model, QuerySet

from clusterdesk.core.search.backends import backend_for
from clusterdesk.core.search.backends.base import DOCUMENTS
from clusterdesk.core.search.parsing import index_text, normalise
from clusterdesk.core.search.registry import (
    Provider,
    provider_for_kind,
    provider_for_model,
    providers,
)

if TYPE_CHECKING:
    from clusterdesk.core.search.models import SearchDocument

DEFAULT_BATCH_SIZE = 2000
TITLE_LENGTH = 300


def _document_model() -> type[SearchDocument]:
    # Imported late: this package is imported while Django loads its apps.
    from clusterdesk.core.search.models import SearchDocument

    return SearchDocument


Row = tuple[Any, ...]


def _row(provider: Provider, record: Any) -> Row:
    """The values of one index entry, in the order of `_COLUMNS`."""
    document = provider.document(record)
    title = " ".join(document.title.split())[:TITLE_LENGTH]
    public_id = getattr(record, "uuid", None)
    title_normalised = normalise(title)
    # The title as typed with umlauts spelt out ("mueller") is found through the body.
    spelt = [word for word in index_text(title).split() if word not in title_normalised.split()]
    return (
        provider.kind,
        record.pk,
        _uuid_field().get_db_prep_value(public_id, connection) if public_id else None,
        title,
        document.body,
        title_normalised,
        " ".join([index_text(document.body), *spelt]),
    )


@cache
def _uuid_field() -> Any:
    return _document_model()._meta.get_field("object_uuid")


_COLUMNS = (
    "kind",
    "object_id",
    "object_uuid",
    "title",
    "body",
    "title_normalised",
    "body_normalised",
)


def _write(rows: Sequence[Row]) -> None:
    """Insert or replace (by kind and record) each row: one prepared statement run for the
    whole batch, which is several times faster than building model instances for it."""
    columns = ", ".join(_COLUMNS)
    placeholders = ", ".join(["%s"] * len(_COLUMNS))
    updates = ", ".join(f"{column} = excluded.{column}" for column in _COLUMNS[2:])
    sql = (
        f"INSERT INTO {DOCUMENTS} ({columns}) VALUES ({placeholders})"
        f" ON CONFLICT (kind, object_id) DO UPDATE SET {updates}"
    )
    with connection.cursor() as cursor:
        cursor.executemany(sql, rows)


def _batches(queryset: QuerySet[Any], size: int) -> Iterator[list[Any]]:
    """The records of `queryset` in batches of `size`, by increasing primary key (keyset
    paging: each batch is one query, however far into the table)."""
    queryset = queryset.order_by("pk")
    last_pk = None
    while True:
        page = queryset if last_pk is None else queryset.filter(pk__gt=last_pk)
        batch = list(page[:size])
        if not batch:
            return
        yield batch
        last_pk = batch[-1].pk


def _as_querysets(records: QuerySet[Any] | Iterable[Model], size: int) -> Iterator[QuerySet[Any]]:
    if isinstance(records, QuerySet):
        yield records
        return
    by_model: dict[type[Model], list[Any]] = {}
    for record in records:
        by_model.setdefault(type(record), []).append(record.pk)
    for model, pks in by_model.items():
        for start in range(0, len(pks), size):
            yield model._default_manager.filter(pk__in=pks[start : start + size])


def index_many(
    records: QuerySet[Any] | Iterable[Model], *, batch_size: int = DEFAULT_BATCH_SIZE
) -> int:
    """Index (or re-index) `records`: a queryset of a searchable model (not sliced), or
    model instances. Records are read again from the database in batches of `batch_size`
    with what their provider needs, so a few queries per batch whatever their number.
    Returns how many were indexed."""
    indexed = 0
    for queryset in _as_querysets(records, batch_size):
        provider = provider_for_model(queryset.model)
        for batch in _batches(provider.prepare(queryset), batch_size):
            _write([_row(provider, record) for record in batch])
            indexed += len(batch)
    return indexed


def index(record: Model) -> None:
    """Index one record as it is now in the database (removed if it no longer exists)."""
    if not index_many(type(record)._default_manager.filter(pk=record.pk)):
        remove(record)


def remove(record: Model) -> None:
    """Drop a record from the index; call it before deleting the record."""
    provider = provider_for_model(type(record))
    _document_model().objects.filter(kind=provider.kind, object_id=record.pk).delete()


def rebuild(
    kinds: Iterable[str] | None = None, *, batch_size: int = DEFAULT_BATCH_SIZE
) -> dict[str, int]:
    """Re-create the index of `kinds` (every registered kind by default) from the records,
    one transaction per kind, so searches see the old entries until the new ones are
    complete. Returns the number of records indexed per kind."""
    selected = [provider_for_kind(kind) for kind in kinds] if kinds else providers()
    counts: dict[str, int] = {}
    for provider in selected:
        with transaction.atomic():
            _document_model().objects.filter(kind=provider.kind).delete()
            counts[provider.kind] = index_many(
                provider.model._default_manager.all(), batch_size=batch_size
            )
    _optimise()
    return counts


def _optimise() -> None:
    with connection.cursor() as cursor:
        backend_for(connection).optimise(cursor)

"""The database-specific half of search: how a parsed query becomes a full-text match.

`backend_for(connection)` returns the backend of the connection's database. Each backend
gives the FROM clause, the match condition and the relevance score of one query; the rest
of the SQL (permission scope, grouping, paging) is shared, in `search.query`.
"""

from __future__ import annotations

from typing import Any

from clusterdesk.core.search.backends.base import Match, SearchBackend
from clusterdesk.core.search.backends.postgresql import PostgreSQLBackend
from clusterdesk.core.search.backends.sqlite import SQLiteBackend

__all__ = ["Match", "SearchBackend", "backend_for"]

_BACKENDS: dict[str, SearchBackend] = {
    "sqlite": SQLiteBackend(),
    "postgresql": PostgreSQLBackend(),
}


def backend_for(connection: Any) -> SearchBackend:
    try:
        return _BACKENDS[connection.vendor]
    except KeyError:
        raise NotImplementedError(
            f"Search supports SQLite and PostgreSQL, not {connection.vendor}"
        ) from None

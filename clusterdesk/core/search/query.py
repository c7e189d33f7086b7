"""Running a search for one user: count per kind, then fetch ranked, highlighted hits.

The permission scope of each kind (its provider's `visible`) is part of the SQL, so a
record the user may not see is never counted, ranked or shown. Order: records whose title
is exactly the query, then titles starting with it, then relevance (bm25 on SQLite,
ts_rank_cd on PostgreSQL).

The work per query is bounded whatever the size of the index: counts stop at
`COUNT_LIMIT`, and a kind with more than `RANK_LIMIT` matches (a query of one or two
letters, a word every record holds) ranks only a sample of `RANK_LIMIT` of them, plus any
record whose title is exactly the query.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cached_property
from typing import Any

from django.db import connection
from django.utils.safestring import SafeString

from clusterdesk.core.search.backends import Match, backend_for
from clusterdesk.core.search.backends.base import DOCUMENTS
from clusterdesk.core.search.parsing import ParsedQuery, parse_query
from clusterdesk.core.search.registry import Provider, searchable_providers
from clusterdesk.core.search.snippets import highlight, snippet

COUNT_LIMIT = 10_000
RANK_LIMIT = 2_000

SQL = tuple[str, list[Any]]
Row = tuple[Any, ...]  # kind, object_id, object_uuid, title, body, boost, rank, id


@dataclass(frozen=True)
class SearchHit:
    provider: Provider
    object_id: int
    uuid: uuid.UUID | None
    title: str
    title_html: SafeString
    snippet: SafeString
    url: str
    score: float  # exact title 2 + …, title prefix 1 + …, else relevance in [0, 1)

    @property
    def kind(self) -> str:
        return self.provider.kind


@dataclass(frozen=True)
class SearchGroup:
    provider: Provider
    count: int
    hits: list[SearchHit]
    more: bool = False  # more matches than counted


def _uuid(value: Any) -> uuid.UUID | None:
    if value is None or isinstance(value, uuid.UUID):
        return value
    return uuid.UUID(str(value))


def _scope(provider: Provider, user: Any) -> tuple[str, list[Any]]:
    """SQL keeping the documents of `provider`'s kind that `user` may see, as an extra
    condition on `d` ("" when they may see all of them)."""
    visible = provider.scope(user)
    assert visible is not None  # searchable_providers() left out the kinds they cannot see
    if not visible.query.where:
        return "", []
    sql, params = visible.values("pk").query.sql_with_params()
    return f" AND d.object_id IN ({sql})", list(params)


def _sort_key(row: Row) -> tuple[int, float, int]:
    return (-row[5], -float(row[6]), row[7])


class Search:
    """`Search(user=…, query="esch sur")`: the query parsed once, then counted and paged.

    `kinds` narrows the search (unknown kinds are ignored: validate them before);
    `count_limit` (`COUNT_LIMIT` by default) is where counting stops."""

    def __init__(
        self,
        *,
        user: Any,
        query: str,
        kinds: Iterable[str] | None = None,
        count_limit: int | None = None,
    ) -> None:
        self.user = user
        self.count_limit = count_limit or COUNT_LIMIT
        self.query: ParsedQuery = parse_query(query)
        wanted = set(kinds) if kinds else None
        self.providers = [
            provider
            for provider in searchable_providers(user)
            if wanted is None or provider.kind in wanted
        ]

    def _provider(self, kind: str) -> Provider:
        return next(provider for provider in self.providers if provider.kind == kind)

    def _where(self, kind: str) -> tuple[Match, str, list[Any]]:
        """The match, the WHERE clause, and the parameters of FROM and WHERE, for the
        documents of `kind` the user may see."""
        match = backend_for(connection).match(self.query, kind)
        scope_sql, scope_params = self._scopes[kind]
        where = f"{match.where_sql}{scope_sql}"
        return match, where, [*match.from_params, *match.where_params, *scope_params]

    @cached_property
    def _scopes(self) -> dict[str, tuple[str, list[Any]]]:
        return {provider.kind: _scope(provider, self.user) for provider in self.providers}

    def _index_from(self, kind: str, match: Match) -> str:
        """The cheapest FROM that can evaluate the WHERE clause of `kind`."""
        return match.from_sql if self._scopes[kind][0] else match.index_from_sql

    def _count(self, kind: str) -> int:
        match, where, params = self._where(kind)
        limit = f" LIMIT {self.count_limit + 1}" if match.bounded_count else ""
        sql = (
            f"SELECT COUNT(*) FROM (SELECT 1 FROM {self._index_from(kind, match)}"
            f" WHERE {where}{limit}) AS found"
        )
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            return int(cursor.fetchone()[0])

    @cached_property
    def _raw_counts(self) -> dict[str, int]:
        if not self.query:
            return {}
        found = {provider.kind: self._count(provider.kind) for provider in self.providers}
        return {kind: count for kind, count in found.items() if count}

    @property
    def counts(self) -> dict[str, int]:
        """Visible matches per kind (kinds without any left out), at most `count_limit`."""
        return {kind: min(count, self.count_limit) for kind, count in self._raw_counts.items()}

    def more_than_counted(self, kind: str) -> bool:
        return self._raw_counts.get(kind, 0) > self.count_limit

    @property
    def more_than_counted_any(self) -> bool:
        return any(count > self.count_limit for count in self._raw_counts.values())

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    def is_broad(self, kind: str) -> bool:
        """Too many matches of `kind` to rank them all (see the module's docstring)."""
        return self._raw_counts.get(kind, 0) > RANK_LIMIT

    @property
    def rank_limit(self) -> int:
        return RANK_LIMIT

    def listed(self, kind: str) -> int:
        """How many hits of `kind` can be paged through: all, or the ranked newest."""
        return min(self.counts.get(kind, 0), RANK_LIMIT)

    def _candidates(self, kind: str, match: Match, where: str, params: list[Any]) -> SQL:
        """For a kind with too many matches to rank them all, the ids to rank: a sample of
        `RANK_LIMIT` matches (the newest on SQLite, the first found on PostgreSQL) and the
        records titled exactly as the query (which match it by definition)."""
        sample = (
            f"SELECT {match.id_sql} AS id FROM {self._index_from(kind, match)} WHERE {where}"
            f" {match.sample_order_sql} LIMIT {RANK_LIMIT}"
        )
        exact = f"SELECT id FROM {DOCUMENTS} WHERE kind = %s AND title_normalised = %s"
        sql = f"SELECT * FROM ({sample}) AS sample UNION {exact}"
        return sql, [*params, kind, self.query.text]

    def _ranking_source(self, kind: str) -> tuple[str, str, list[Any], Match]:
        """FROM and WHERE of the rows to rank, with their parameters."""
        match, where, params = self._where(kind)
        if not self.is_broad(kind):
            return match.from_sql, where, params, match
        ids, ids_params = self._candidates(kind, match, where, params)
        if match.candidates_from_sql:  # rank the candidate rows, fetched by id
            scope_sql, scope_params = self._scopes[kind]
            from_sql = match.candidates_from_sql.format(candidates=ids)
            return (
                from_sql,
                f"1 = 1{scope_sql}",
                [*ids_params, *match.from_params, *scope_params],
                match,
            )
        return (
            match.from_sql,
            f"{where} AND {match.id_filter_sql} IN ({ids})",
            [*params, *ids_params],
            match,
        )

    def _ranked(self, kind: str, limit: int, offset: int) -> list[Row]:
        from_sql, where, params, match = self._ranking_source(kind)
        sql = (
            "SELECT d.kind, d.object_id, d.object_uuid, d.title, d.body,"
            " CASE WHEN d.title_normalised = %s THEN 2"
            " WHEN d.title_normalised LIKE %s THEN 1 ELSE 0 END AS boost,"
            f" {match.score_sql} AS score, d.id"
            f" FROM {from_sql} WHERE {where}"
            " ORDER BY boost DESC, score DESC, d.id LIMIT %s OFFSET %s"
        )
        text = self.query.text
        with connection.cursor() as cursor:
            cursor.execute(sql, [text, f"{text}%", *params, limit, offset])
            return cursor.fetchall()

    def hits(
        self, *, kinds: Iterable[str] | None = None, limit: int = 20, offset: int = 0
    ) -> list[SearchHit]:
        """The best `limit` matches after `offset`, across `kinds` (all by default): each
        kind ranked on its own, then merged by score."""
        wanted = list(kinds) if kinds is not None else [p.kind for p in self.providers]
        found = [kind for kind in wanted if self._raw_counts.get(kind)]
        if limit <= 0 or not found:
            return []
        if len(found) == 1:
            rows = self._ranked(found[0], limit, offset)
        else:
            merged = [row for kind in found for row in self._ranked(kind, offset + limit, 0)]
            rows = sorted(merged, key=_sort_key)[offset : offset + limit]
        return [self._hit(row) for row in rows]

    def _hit(self, row: Row) -> SearchHit:
        kind, object_id, object_uuid, title, body, boost, rank, _id = row
        provider = self._provider(kind)
        terms = self.query.terms
        public_id = _uuid(object_uuid)
        rank = max(float(rank), 0.0)
        return SearchHit(
            provider=provider,
            object_id=object_id,
            uuid=public_id,
            title=title,
            title_html=highlight(title, terms),
            snippet=snippet(body, terms),
            url=provider.url(public_id) if public_id else "",
            score=round(boost + rank / (1 + rank), 6),
        )

    def groups(self, *, per_kind: int = 5) -> list[SearchGroup]:
        """The best `per_kind` hits of each kind that has any, in registration order."""
        return [
            SearchGroup(
                provider=p,
                count=self.counts[p.kind],
                hits=self.hits(kinds=[p.kind], limit=per_kind),
                more=self.more_than_counted(p.kind),
            )
            for p in self.providers
            if self.counts.get(p.kind)
        ]

    def pages(self, kind: str) -> KindHits:
        """The hits of one kind as a sequence Django's Paginator can page through."""
        return KindHits(self, kind)


class KindHits:
    """Lazy hits of one kind: `len()` from the counts, slices fetched on demand."""

    def __init__(self, search: Search, kind: str) -> None:
        self.search = search
        self.kind = kind

    def count(self) -> int:
        return self.search.listed(self.kind)

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, index: slice) -> list[SearchHit]:
        start = index.start or 0
        stop = self.count() if index.stop is None else index.stop
        return self.search.hits(kinds=[self.kind], limit=stop - start, offset=start)

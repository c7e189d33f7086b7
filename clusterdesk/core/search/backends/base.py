"""What a search backend provides."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Protocol

from clusterdesk.core.search.parsing import ParsedQuery

# The index table, as SQL aliases it: `d`.
DOCUMENTS = "search_searchdocument"


@dataclass(frozen=True)
class Match:
    """SQL fragments of a full-text match over the documents of one kind.

    - `from_sql` makes the documents' columns available as `d.…`; `index_from_sql` may
      leave them out (cheaper, enough to count or to pick ids when no permission filter on
      `d` applies); both take `from_params`;
    - `where_sql` (with `where_params`) keeps the documents of the kind that match;
    - `score_sql`: relevance, higher is better, never negative, no parameter;
    - `id_sql`: the document id, as the index can filter and order on it cheaply;
    - `id_filter_sql`: the document id as the left side of `IN (a few ids)` — the way the
      database does not start from those ids and re-run the match for each;
    - `sample_order_sql`: how to pick a bounded sample of the matches cheaply ("" for the
      order they are found in);
    - `candidates_from_sql`: a FROM ranking the rows whose ids `{candidates}` selects,
      without matching again ("" when the backend must match again to rank: FTS5's bm25);
    - `bounded_count`: whether counting may stop at a limit (`LIMIT` in the count); when
      the planner could then prefer scanning the whole table, counts are exact instead.

    Parameters are in the order the fragments use them; the shared SQL puts the fragments in
    the order SELECT (score), FROM, WHERE.
    """

    from_sql: str
    index_from_sql: str
    from_params: tuple[Any, ...]
    where_sql: str
    where_params: tuple[Any, ...]
    score_sql: str
    id_sql: str
    id_filter_sql: str
    sample_order_sql: str
    candidates_from_sql: str
    bounded_count: bool


class SearchBackend(Protocol):
    def match(self, query: ParsedQuery, kind: str) -> Match: ...

    def optimise(self, cursor: Any) -> None:
        """Tidy the full-text index after a bulk load."""

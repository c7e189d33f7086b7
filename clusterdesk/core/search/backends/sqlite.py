"""SQLite: an FTS5 table over the kind and the normalised title and body, ranked by bm25.

The kind is a column of the full-text index, so counting the matches of one kind, or
picking its newest, never reads the documents table.
"""

from __future__ import annotations

from typing import Any

from clusterdesk.core.search.backends.base import DOCUMENTS, Match
from clusterdesk.core.search.parsing import ParsedQuery, words

FTS_TABLE = f"{DOCUMENTS}_fts"
# bm25 column weights (kind, title, body): a title word counts as much as five body words.
WEIGHTS = "0.0, 5.0, 1.0"


def match_expression(query: ParsedQuery) -> str:
    """`Esch-sur-Alz société` → `"esch"* + "sur"* + "alz"* AND "societe"*`.

    Every term is a quoted string (terms hold only letters and digits, so FTS5 operators
    such as AND, NEAR, `-` or `:` typed by the user are plain words) followed by `*`, a
    prefix match; the terms of one typed word form a phrase (`+`).
    """
    return " AND ".join(" + ".join(f'"{term}"*' for term in group) for group in query.groups)


def kind_match_expression(query: ParsedQuery, kind: str) -> str:
    """The query over the title and body, of the documents of `kind` only."""
    kind_phrase = " ".join(words(kind))
    return (
        f'{{kind}} : "{kind_phrase}" AND '
        f"{{title_normalised body_normalised}} : ({match_expression(query)})"
    )


class SQLiteBackend:
    def match(self, query: ParsedQuery, kind: str) -> Match:
        # CROSS JOIN: SQLite keeps the full-text index as the outer loop.
        return Match(
            from_sql=f"{FTS_TABLE} CROSS JOIN {DOCUMENTS} d ON d.id = {FTS_TABLE}.rowid",
            index_from_sql=FTS_TABLE,
            from_params=(),
            where_sql=f"{FTS_TABLE} MATCH %s",
            where_params=(kind_match_expression(query, kind),),
            # bm25() is negative, more negative for better matches.
            score_sql=f"-bm25({FTS_TABLE}, {WEIGHTS})",
            id_sql=f"{FTS_TABLE}.rowid",
            # "+": no index use, so FTS5 walks the matches once instead of re-running the
            # query for each id of the list (costly for short prefixes).
            id_filter_sql=f"+{FTS_TABLE}.rowid",
            # The newest: FTS5 walks its rowids backwards without sorting.
            sample_order_sql=f"ORDER BY {FTS_TABLE}.rowid DESC",
            candidates_from_sql="",
            bounded_count=True,
        )

    def optimise(self, cursor: Any) -> None:
        """Merge the FTS5 segments written batch by batch into one."""
        cursor.execute(f"INSERT INTO {FTS_TABLE}({FTS_TABLE}) VALUES ('optimize')")

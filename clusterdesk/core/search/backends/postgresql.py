"""PostgreSQL: a generated tsvector column (config 'simple') with a GIN index, ranked by
ts_rank_cd. No extension is needed: accents are removed in Python before indexing."""

from __future__ import annotations

from typing import Any

from clusterdesk.core.search.backends.base import DOCUMENTS, Match
from clusterdesk.core.search.parsing import ParsedQuery


def tsquery_expression(query: ParsedQuery) -> str:
    """`Esch-sur-Alz société` → `(esch:* <-> sur:* <-> alz:*) & (societe:*)`.

    Terms hold only letters and digits, so nothing the user types can be a tsquery operator.
    """
    return " & ".join(
        "(" + " <-> ".join(f"{term}:*" for term in group) + ")" for group in query.groups
    )


class PostgreSQLBackend:
    def match(self, query: ParsedQuery, kind: str) -> Match:
        from_sql = f"{DOCUMENTS} d, to_tsquery('simple', %s) AS query"
        return Match(
            from_sql=from_sql,
            index_from_sql=from_sql,
            from_params=(tsquery_expression(query),),
            # The kind as a lexeme of the vector: the GIN index selects it with the words.
            where_sql="d.search_vector @@ (query && %s::tsquery)",
            where_params=(f"'={kind}'",),
            # 1: divide by 1 + log(length), so a short record that matches beats a long one.
            score_sql="ts_rank_cd(d.search_vector, query, 1)",
            id_sql="d.id",
            # Plain: PostgreSQL fetches the listed rows by primary key, then checks them.
            id_filter_sql="d.id",
            # As found: an ORDER BY would make PostgreSQL read every match (or every row).
            sample_order_sql="",
            # With a LIMIT, a misestimated match count can make PostgreSQL scan the table.
            bounded_count=False,
            # Fetch the candidates by primary key and rank them: the planner cannot
            # misjudge how many rows the full-text condition keeps.
            candidates_from_sql=(
                f"({{candidates}}) AS candidate JOIN {DOCUMENTS} d ON d.id = candidate.id,"
                " to_tsquery('simple', %s) AS query"
            ),
        )

    def optimise(self, cursor: Any) -> None:
        """Refresh the planner's statistics of the index table."""
        cursor.execute(f"ANALYZE {DOCUMENTS}")

"""Global search: one box over every kind of record an app registers.

The public interface, for apps and commands:

- `register(Provider(...))`: make a model searchable (from the app's `ready()`);
- `index(record)`, `remove(record)`: keep one record's entry current, in the transaction
  that changes the record (services call them);
- `index_many(queryset_or_records, batch_size=2000)`: bulk (re-)indexing, for imports and
  seeds; returns the number indexed;
- `rebuild(kinds=None, batch_size=2000)`: re-create the index of whole kinds
  (`clusterdesk reindex`);
- `Search(user=..., query=..., kinds=...)`: counts per kind and ranked, highlighted hits
  of what that user may see;
- `can_search(user)`: whether the user may see any searchable record.

Layout: `registry` (providers), `parsing` (normalisation and query parsing), `backends`
(SQLite FTS5, PostgreSQL tsvector), `indexing`, `query`, `snippets`; `models` holds the index
table (app label `search`). See docs/decisions/0007-search.md.
"""

from clusterdesk.core.search.indexing import index, index_many, rebuild, remove
from clusterdesk.core.search.query import Search, SearchGroup, SearchHit
from clusterdesk.core.search.registry import (
    Document,
    Provider,
    can_search,
    excerpt,
    in_every_language,
    joined,
    kinds,
    provider_for_kind,
    provider_for_model,
    providers,
    register,
    searchable_providers,
)

__all__ = [
    "Document",
    "Provider",
    "Search",
    "SearchGroup",
    "SearchHit",
    "can_search",
    "excerpt",
    "in_every_language",
    "index",
    "index_many",
    "joined",
    "kinds",
    "provider_for_kind",
    "provider_for_model",
    "providers",
    "rebuild",
    "register",
    "remove",
    "searchable_providers",
]

"""The search index: one row per searchable record.

The full-text part is not declared here because it differs per database and Django has no
field for it; migration `0002_full_text_index` adds it:
- SQLite: the FTS5 table `search_searchdocument_fts` (external content, tokenizer
  `unicode61 remove_diacritics 2`) kept in step with this table by three triggers;
- PostgreSQL: the generated column `search_vector` (tsvector, config 'simple', the title
  weighted A and the body B) with a GIN index.

Careful: on SQLite, Django rebuilds a table for most `AlterField`/`AddField` operations
(create a copy, drop the original), which drops the triggers. A migration that alters this
table must create the triggers again (see `0002_full_text_index`) and be followed by
`clusterdesk reindex`.
"""

from __future__ import annotations

from django.db import models


class SearchDocument(models.Model):
    """The searchable text of one record, written by `search.index()` in the same
    transaction as the record.

    `title` and `body` are the original text (snippets are cut from them); the
    `*_normalised` columns are what the full-text index holds (see `search.parsing`):
    `title_normalised` is exactly `normalise(title)` (compared with the query for exact
    matches); `body_normalised` also holds other spellings of the title's words.
    """

    kind = models.CharField(max_length=40)
    object_id = models.PositiveBigIntegerField()
    object_uuid = models.UUIDField(null=True, blank=True)
    title = models.CharField(max_length=300)
    body = models.TextField(blank=True)
    title_normalised = models.TextField(blank=True)
    body_normalised = models.TextField(blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["kind", "object_id"], name="search_document_unique")
        ]
        indexes = [
            # Records titled exactly as the query are always ranked, however broad it is.
            models.Index(fields=["kind", "title_normalised"], name="search_document_title_idx")
        ]

    def __str__(self) -> str:
        return f"{self.kind}:{self.object_id} {self.title}"

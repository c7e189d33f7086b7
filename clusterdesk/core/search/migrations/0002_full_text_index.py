"""The full-text index of the search documents, different on each database.

SQLite: an FTS5 table over the kind, title and body, with external content (the documents
table holds the text), its tokenizer folding case and accents again (`unicode61
remove_diacritics 2`) and prefix indexes for one- to three-letter prefixes, kept in step by
triggers.
PostgreSQL: a generated tsvector column (config 'simple', no stemming: the text is
normalised in Python) with a GIN index; it also holds the lexeme `=<kind>` (no word can
have it: words hold only letters and digits), so the GIN index alone selects one kind.
Neither needs a superuser or an extension.
"""

from django.db import migrations

SQLITE_CREATE = [
    """
    CREATE VIRTUAL TABLE search_searchdocument_fts USING fts5(
        kind, title_normalised, body_normalised,
        content='search_searchdocument', content_rowid='id',
        tokenize='unicode61 remove_diacritics 2', prefix='1 2 3'
    )
    """,
    """
    CREATE TRIGGER search_searchdocument_fts_insert AFTER INSERT ON search_searchdocument
    BEGIN
        INSERT INTO search_searchdocument_fts(rowid, kind, title_normalised, body_normalised)
        VALUES (new.id, new.kind, new.title_normalised, new.body_normalised);
    END
    """,
    """
    CREATE TRIGGER search_searchdocument_fts_delete AFTER DELETE ON search_searchdocument
    BEGIN
        INSERT INTO search_searchdocument_fts(
            search_searchdocument_fts, rowid, kind, title_normalised, body_normalised
        ) VALUES ('delete', old.id, old.kind, old.title_normalised, old.body_normalised);
    END
    """,
    """
    CREATE TRIGGER search_searchdocument_fts_update AFTER UPDATE ON search_searchdocument
    BEGIN
        INSERT INTO search_searchdocument_fts(
            search_searchdocument_fts, rowid, kind, title_normalised, body_normalised
        ) VALUES ('delete', old.id, old.kind, old.title_normalised, old.body_normalised);
        INSERT INTO search_searchdocument_fts(rowid, kind, title_normalised, body_normalised)
        VALUES (new.id, new.kind, new.title_normalised, new.body_normalised);
    END
    """,
    # Documents written before this migration (none in practice) join the index.
    "INSERT INTO search_searchdocument_fts(search_searchdocument_fts) VALUES ('rebuild')",
]
SQLITE_DROP = [
    "DROP TRIGGER IF EXISTS search_searchdocument_fts_update",
    "DROP TRIGGER IF EXISTS search_searchdocument_fts_delete",
    "DROP TRIGGER IF EXISTS search_searchdocument_fts_insert",
    "DROP TABLE IF EXISTS search_searchdocument_fts",
]
POSTGRESQL_CREATE = [
    """
    ALTER TABLE search_searchdocument ADD COLUMN search_vector tsvector
    GENERATED ALWAYS AS (
        setweight(to_tsvector('simple'::regconfig, title_normalised), 'A')
        || setweight(to_tsvector('simple'::regconfig, body_normalised), 'B')
        || array_to_tsvector(ARRAY['=' || kind::text])
    ) STORED
    """,
    "CREATE INDEX search_document_vector_idx ON search_searchdocument USING GIN (search_vector)",
]
POSTGRESQL_DROP = [
    "DROP INDEX IF EXISTS search_document_vector_idx",
    "ALTER TABLE search_searchdocument DROP COLUMN IF EXISTS search_vector",
]
STATEMENTS = {
    "sqlite": (SQLITE_CREATE, SQLITE_DROP),
    "postgresql": (POSTGRESQL_CREATE, POSTGRESQL_DROP),
}


def _run(schema_editor, create: bool) -> None:
    vendor = schema_editor.connection.vendor
    if vendor not in STATEMENTS:
        raise NotImplementedError(f"Search supports SQLite and PostgreSQL, not {vendor}")
    for statement in STATEMENTS[vendor][0 if create else 1]:
        schema_editor.execute(statement)


def create_index(apps, schema_editor) -> None:
    _run(schema_editor, create=True)


def drop_index(apps, schema_editor) -> None:
    _run(schema_editor, create=False)


class Migration(migrations.Migration):
    dependencies = [("search", "0001_initial")]

    operations = [migrations.RunPython(create_index, drop_index)]

"""The full-text index of SearchDocument, each database its own (see dvcq/reading/search.py):
PostgreSQL gets the unaccent extension and a GIN index on the stored vector, SQLite an FTS5
table. Each operation does nothing on the other database."""

from django.contrib.postgres.operations import UnaccentExtension
from django.db import migrations

FTS_CREATE = (
    "CREATE VIRTUAL TABLE IF NOT EXISTS reading_fts USING fts5("
    "body, tokenize = 'unicode61 remove_diacritics 2')"
)
GIN_CREATE = (
    "CREATE INDEX IF NOT EXISTS reading_searchdocument_vector_gin "
    "ON reading_searchdocument USING gin (vector)"
)


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(GIN_CREATE)
    elif schema_editor.connection.vendor == "sqlite":
        schema_editor.execute(FTS_CREATE)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS reading_searchdocument_vector_gin")
    elif schema_editor.connection.vendor == "sqlite":
        schema_editor.execute("DROP TABLE IF EXISTS reading_fts")


class Migration(migrations.Migration):
    dependencies = [("reading", "0001_initial")]

    operations = [
        # CREATE EXTENSION on PostgreSQL only (unaccent is a trusted extension: the database's
        # owner may create it without being a superuser).
        UnaccentExtension(),
        migrations.RunPython(forwards, backwards),
    ]

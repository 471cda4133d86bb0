"""Full-text index tables: FTS5 on SQLite, a tsvector table with a GIN index on PostgreSQL."""

from django.db import migrations


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            "CREATE TABLE forum_story_search ("
            " story_id bigint PRIMARY KEY REFERENCES forum_story(id) ON DELETE CASCADE,"
            " document tsvector NOT NULL)"
        )
        schema_editor.execute(
            "CREATE INDEX forum_story_search_document ON forum_story_search USING GIN (document)"
        )
    else:
        schema_editor.execute(
            "CREATE VIRTUAL TABLE forum_story_fts USING fts5("
            "title, body, themes, tokenize = 'porter unicode61 remove_diacritics 2')"
        )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP TABLE IF EXISTS forum_story_search")
    else:
        schema_editor.execute("DROP TABLE IF EXISTS forum_story_fts")


class Migration(migrations.Migration):
    dependencies = [("forum", "0001_initial")]
    operations = [migrations.RunPython(create, drop)]

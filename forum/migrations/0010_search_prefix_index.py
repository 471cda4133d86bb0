"""SQLite's search index gains prefix indexes, for the last word of a query (looked for as a
prefix). Without them FTS5 merges the entries of every word the prefix starts: "lonely", stemmed
to "lone", became lone, lonely, loneliness, lonesome and the rest, and cost a search page more
than twice what the same word looked for whole did. An FTS5 table's options cannot be altered,
so the table is made again with the prefixes and its rows copied over. PostgreSQL is unchanged:
its GIN index answers prefix queries as they are.
"""

from django.db import migrations

TOKENIZE = "tokenize = 'porter unicode61 remove_diacritics 2'"
# Stems of three to eight characters: the prefixes a query's last word comes to after stemming
# (shorter words are not looked for as prefixes, forum.search.MIN_PREFIX; longer stems are
# still found, by the slower merge).
PREFIXES = "prefix = '3 4 5 6 7 8'"


def _remake(schema_editor, options: str) -> None:
    if schema_editor.connection.vendor != "sqlite":
        return
    schema_editor.execute(
        f"CREATE VIRTUAL TABLE forum_story_fts_new USING fts5(title, body, themes, {options})"
    )
    schema_editor.execute(
        "INSERT INTO forum_story_fts_new (rowid, title, body, themes) "
        "SELECT rowid, title, body, themes FROM forum_story_fts"
    )
    schema_editor.execute("DROP TABLE forum_story_fts")
    schema_editor.execute("ALTER TABLE forum_story_fts_new RENAME TO forum_story_fts")


def add_prefixes(apps, schema_editor):
    _remake(schema_editor, f"{PREFIXES}, {TOKENIZE}")


def drop_prefixes(apps, schema_editor):
    _remake(schema_editor, TOKENIZE)


class Migration(migrations.Migration):
    dependencies = [("forum", "0009_notification_kinds_of_every_branch")]
    operations = [migrations.RunPython(add_prefixes, drop_prefixes)]

"""`manage.py backup` and `restore`: every table's rows, the search index included, come back
in a fresh database. SQLite here; PostgreSQL when DATABASE_URL points at it (as .ci/run does)."""

import os
import sqlite3
import subprocess
import sys
import urllib.parse
from contextlib import closing
from datetime import UTC, datetime
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from forum import search
from forum.services.notifications import notify
from forum.services.reactions import reaction_set
from forum.services.replies import reply_post

ROOT = Path(__file__).resolve().parents[2]
WORD = "lighthouse"


def _plain(row) -> str:
    """A row as text; time stamps in UTC, so two drivers' time zone objects compare equal."""
    return repr(tuple(v.astimezone(UTC).isoformat() if isinstance(v, datetime) else v for v in row))


def _rows_sqlite(path: str) -> dict[str, list]:
    with closing(sqlite3.connect(path)) as db:
        names = [r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type='table'")]
        return {name: sorted(map(_plain, db.execute(f'SELECT * FROM "{name}"'))) for name in names}


def _rows_postgres(cursor) -> dict[str, list]:
    cursor.execute(
        "SELECT table_name FROM information_schema.tables "
        "WHERE table_schema = 'public' AND table_type = 'BASE TABLE'"
    )
    tables = {}
    for (name,) in cursor.fetchall():
        cursor.execute(f'SELECT * FROM "{name}"')
        tables[name] = sorted(map(_plain, cursor.fetchall()))
    return tables


@pytest.fixture
def fresh_database(tmp_path):
    """The URL of an empty database of the same engine as the test one."""
    if connection.vendor == "sqlite":
        yield f"sqlite:///{tmp_path / 'restored.sqlite3'}"
        return
    import psycopg

    parsed = urllib.parse.urlsplit(os.environ["DATABASE_URL"])
    admin = parsed._replace(path="/postgres").geturl()
    name = "unspoken_restore_test"
    with closing(psycopg.connect(admin, autocommit=True)) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {name}")
        conn.execute(f"CREATE DATABASE {name}")
    yield parsed._replace(path=f"/{name}").geturl()
    with closing(psycopg.connect(admin, autocommit=True)) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


def _manage(database_url: str, *args: str) -> str:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.test",
        "DATABASE_URL": database_url,
    }
    result = subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


_SEARCH = f"""
from forum import search
hits, total, _more = search.search({WORD!r}, limit=10, offset=0)
print(sorted(h.story_id for h in hits), total)
"""


@pytest.mark.django_db(transaction=True)
def test_backup_then_restore_into_a_fresh_database_keeps_every_row(
    tmp_path, fresh_database, story_factory, user_factory, settings, themes
):
    settings.UNSPOKEN_TRUSTED_AFTER = 0
    writer, reader = user_factory(email="w@example.org"), user_factory()
    stories = [
        story_factory(user=writer, body=f"The {WORD} at the end of our street, {i}, and silence.")
        for i in range(3)
    ]
    story_factory(user=None)  # a guest's story, pending
    reply, _ = reply_post(story=stories[0], user=reader, body="I see the light too, truly.")
    reaction_set(user=reader, kind="hear", story=stories[1])
    notify(user=writer, kind="reply", story=stories[0], reply=reply, actor_alias=reply.alias)
    live_hits, live_total, _more = search.search(WORD, limit=10, offset=0)
    assert live_total == 3

    backup_file = tmp_path / f"backup{'.sqlite3' if connection.vendor == 'sqlite' else '.dump'}"
    call_command("backup", output=str(backup_file))
    assert backup_file.stat().st_size > 0
    with pytest.raises(CommandError, match="exists already"):
        call_command("backup", output=str(backup_file))
    # The live database is not empty: restoring over it is refused, and nothing changes.
    with pytest.raises(CommandError, match="not empty"):
        call_command("restore", str(backup_file))

    _manage(fresh_database, "restore", str(backup_file))

    if connection.vendor == "sqlite":
        restored = _rows_sqlite(fresh_database.removeprefix("sqlite:///"))
        live = _rows_sqlite(str(connection.settings_dict["NAME"]))
    else:
        import psycopg

        with closing(psycopg.connect(fresh_database)) as conn, conn.cursor() as cursor:
            restored = _rows_postgres(cursor)
        # The same driver on both sides (Django's cursor reads JSON columns as text).
        db = connection.settings_dict
        live_db = psycopg.connect(
            dbname=db["NAME"],
            host=db["HOST"],
            port=db["PORT"],
            user=db["USER"],
            password=db["PASSWORD"],
        )
        with closing(live_db) as conn, conn.cursor() as cursor:
            live = _rows_postgres(cursor)
    assert set(restored) == set(live)
    index = "forum_story_fts" if connection.vendor == "sqlite" else "forum_story_search"
    assert len(live[index]) == 4  # the index is a table of its own, with every story
    for name in live:
        differ = [(a, b) for a, b in zip(restored[name], live[name], strict=False) if a != b]
        assert restored[name] == live[name], (name, differ[:1])
    assert sum(len(rows) for rows in live.values()) > 50
    # And search answers the same from the restored database.
    expected = f"{sorted(h.story_id for h in live_hits)} {live_total}"
    assert _manage(fresh_database, "shell", "--no-imports", "-c", _SEARCH).strip() == expected

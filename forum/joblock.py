"""One run at a time for periodic jobs, on SQLite and PostgreSQL alike, released on any exit.

PostgreSQL: a session-level advisory lock on the job's own connection (the server drops it
when the process dies). SQLite (one server by design): an exclusive ``flock`` on a file beside
the database (the kernel drops it when the process dies). Neither holds a transaction open, so
the site keeps writing while a job runs.
"""

import fcntl
import hashlib
import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from django.db import connection


def _advisory_key(name: str) -> int:
    return int.from_bytes(
        hashlib.sha256(f"unspoken:{name}".encode()).digest()[:8], "big", signed=True
    )


def _lock_path(name: str) -> Path:
    database = str(connection.settings_dict.get("NAME") or "")
    if database and database != ":memory:" and not database.startswith("file:"):
        return Path(f"{database}.{name}.lock")
    digest = hashlib.sha256(database.encode()).hexdigest()[:16]
    return Path(tempfile.gettempdir()) / f"unspoken-{digest}.{name}.lock"


@contextmanager
def job_lock(name: str) -> Iterator[bool]:
    """``with job_lock("send_notifications") as mine:`` – ``mine`` is False when another run
    holds the lock; the caller then does nothing."""
    if connection.vendor == "postgresql":
        key = _advisory_key(name)
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_try_advisory_lock(%s)", [key])
            mine = bool(cursor.fetchone()[0])
        try:
            yield mine
        finally:
            if mine:
                with connection.cursor() as cursor:
                    cursor.execute("SELECT pg_advisory_unlock(%s)", [key])
        return
    fd = os.open(_lock_path(name), os.O_RDWR | os.O_CREAT, 0o600)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            yield False
            return
        try:
            yield True
        finally:
            fcntl.flock(fd, fcntl.LOCK_UN)
    finally:
        os.close(fd)

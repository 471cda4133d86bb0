"""Online backup and restore of the site's database, for `manage.py backup` and `restore`.

SQLite: the sqlite3 module's online backup (a consistent snapshot page by page while the site
keeps writing; WAL included), and the same API in reverse to restore. PostgreSQL: `pg_dump
-Fc` (a consistent snapshot in one transaction) and `pg_restore` into an empty database. The
search index lives in the database on both engines (FTS5 tables, a tsvector table), so it is
in every backup.
"""

import os
import shutil
import sqlite3
import subprocess
from pathlib import Path

from django.db import connection


class BackupError(Exception):
    """Something an operator must fix; the message says what."""


def engine() -> str:
    return connection.vendor


def default_suffix() -> str:
    return ".sqlite3" if engine() == "sqlite" else ".dump"


def _sqlite_path() -> str:
    name = str(connection.settings_dict["NAME"])
    if name == ":memory:" or name.startswith("file:"):
        raise BackupError("An in-memory SQLite database cannot be backed up.")
    return name


def _pg_tool(name: str) -> str:
    """The newest installed client of that name (pg_dump must not be older than the server)."""
    candidates = sorted(Path("/usr/lib/postgresql").glob(f"*/bin/{name}"), key=_major, reverse=True)
    found = [str(candidates[0])] if candidates else []
    found.append(shutil.which(name) or "")
    for tool in found:
        if tool:
            return tool
    raise BackupError(f"{name} is not installed (Debian: apt-get install postgresql-client).")


def _major(path: Path) -> int:
    try:
        return int(path.parent.parent.name)
    except ValueError:
        return 0


def _pg_env_and_args() -> tuple[dict, list[str]]:
    settings = connection.settings_dict
    env = {**os.environ}
    if settings.get("PASSWORD"):
        env["PGPASSWORD"] = str(settings["PASSWORD"])
    args = []
    for flag, key in (("--host", "HOST"), ("--port", "PORT"), ("--username", "USER")):
        if settings.get(key):
            args += [flag, str(settings[key])]
    return env, args


def _run(command: list[str], env: dict) -> None:
    # The command is ours; only the database settings fill its arguments.
    result = subprocess.run(command, env=env, capture_output=True, text=True, check=False)  # noqa: S603
    if result.returncode != 0:
        raise BackupError(f"{Path(command[0]).name} failed: {result.stderr.strip()[-2000:]}")


def backup(destination: Path) -> Path:
    """Write a consistent copy of the live database to ``destination`` (must not exist)."""
    if destination.exists():
        raise BackupError(f"{destination} exists already; choose a new file name.")
    destination.parent.mkdir(parents=True, exist_ok=True)
    partial = destination.with_name(destination.name + ".partial")
    partial.unlink(missing_ok=True)
    try:
        if engine() == "sqlite":
            _sqlite_backup(_sqlite_path(), partial)
        elif engine() == "postgresql":
            env, args = _pg_env_and_args()
            name = connection.settings_dict["NAME"]
            _run([_pg_tool("pg_dump"), "-Fc", "--no-owner", *args, "-f", str(partial), name], env)
        else:
            raise BackupError(f"No backup for the {engine()} engine.")
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    # Only a finished backup carries the final name: a crash leaves a ".partial", never a
    # truncated file that looks whole.
    partial.rename(destination)
    destination.chmod(0o600)
    return destination


def _sqlite_backup(source_path: str, target: Path) -> None:
    source = sqlite3.connect(source_path, timeout=30)
    copy = sqlite3.connect(target)
    try:
        # In one step: copied in several, every write to the live database in between would
        # restart the copy, and a busy site might never finish. WAL lets writers go on meanwhile.
        source.backup(copy)
        copy.execute("PRAGMA journal_mode=DELETE")  # one self-contained file, no -wal beside it
        problems = copy.execute("PRAGMA integrity_check").fetchone()[0]
        if problems != "ok":
            raise BackupError(f"The copy failed its integrity check: {problems}")
    finally:
        copy.close()
        source.close()


def table_names() -> list[str]:
    """Every table in the live database (Django's and the search index's)."""
    return sorted(connection.introspection.table_names(include_views=False))


def restore(source: Path) -> None:
    """Load ``source`` into the configured database, which must be empty (no tables)."""
    if not source.is_file():
        raise BackupError(f"{source} is not a file.")
    existing = table_names()
    if existing:
        raise BackupError(
            f"The database {connection.settings_dict['NAME']} is not empty ({len(existing)} "
            "tables). Restore into an empty database: see README, Backup and restore."
        )
    if engine() == "sqlite":
        _sqlite_restore(source, _sqlite_path())
    elif engine() == "postgresql":
        env, args = _pg_env_and_args()
        name = connection.settings_dict["NAME"]
        connection.close()  # pg_restore needs no second session of ours
        _run(
            [
                _pg_tool("pg_restore"),
                "--no-owner",
                "--exit-on-error",
                "--single-transaction",
                *args,
                "--dbname",
                name,
                str(source),
            ],
            env,
        )
    else:
        raise BackupError(f"No restore for the {engine()} engine.")


def _sqlite_restore(source: Path, target_path: str) -> None:
    backup_file = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
    try:
        problems = backup_file.execute("PRAGMA integrity_check").fetchone()[0]
        if problems != "ok":
            raise BackupError(f"{source} failed its integrity check: {problems}")
        connection.close()
        target = sqlite3.connect(target_path, timeout=30)
        try:
            backup_file.backup(target)
            target.execute("PRAGMA journal_mode=WAL")
        finally:
            target.close()
    finally:
        backup_file.close()

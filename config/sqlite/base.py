"""SQLite with writers that queue for the write lock instead of sleeping in the busy handler.

Every transaction here starts with BEGIN IMMEDIATE (settings: ``transaction_mode``), which takes
SQLite's one write lock. A writer that finds it taken sleeps in SQLite's busy handler in growing
steps (1, 2, 5, 10 … 100 ms) and does not notice when the lock is freed, so under many writers
the lock sits idle while they sleep: a reply that needs it for a few milliseconds waited tens.
Here each connection first takes its turn on an ``flock`` beside the database file (the kernel
frees it when a process dies), checking again every 50 µs to 1 ms, and only then begins; the
turn is given back after COMMIT or ROLLBACK. Writers of the site then meet SQLite's lock only
through writes outside any transaction and other programs, and the busy timeout stays for those.

Waiting longer than ``SQLITE_BUSY_TIMEOUT`` raises "database is locked", as SQLite would.
"""

import fcntl
import os
import time

from django.db import OperationalError
from django.db.backends.sqlite3 import base

FIRST_WAIT = 0.00005
LONGEST_WAIT = 0.001


def turn_path(name: str) -> str | None:
    """The lock file for a database file, or None for an in-memory database."""
    name = str(name or "")
    if not name or name == ":memory:" or name.startswith("file:") or "mode=memory" in name:
        return None
    return f"{name}.writers.lock"


class DatabaseWrapper(base.DatabaseWrapper):
    _turn_fd = None
    _has_turn = False

    def _turn_file(self):
        if self._turn_fd is None:
            path = turn_path(self.settings_dict["NAME"])
            if path is None or self.is_in_memory_db():
                return None
            self._turn_fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
        return self._turn_fd

    def _take_turn(self) -> None:
        fd = self._turn_file()
        if fd is None or self._has_turn:
            return
        deadline = time.monotonic() + float(self.settings_dict["OPTIONS"].get("timeout", 5))
        wait = FIRST_WAIT
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    raise OperationalError("database is locked") from None
                time.sleep(wait)
                wait = min(wait * 2, LONGEST_WAIT)
            else:
                self._has_turn = True
                return

    def _give_turn_back(self) -> None:
        if self._has_turn:
            self._has_turn = False
            fcntl.flock(self._turn_fd, fcntl.LOCK_UN)

    def _start_transaction_under_autocommit(self):
        self._take_turn()
        try:
            super()._start_transaction_under_autocommit()
        except BaseException:
            self._give_turn_back()
            raise

    def _commit(self):
        try:
            return super()._commit()
        finally:
            self._give_turn_back()

    def _rollback(self):
        try:
            return super()._rollback()
        finally:
            self._give_turn_back()

    def _close(self):
        try:
            super()._close()
        finally:
            self._give_turn_back()
            if self._turn_fd is not None:
                os.close(self._turn_fd)
                self._turn_fd = None

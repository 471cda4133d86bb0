"""SQLite writers queue for the write lock (config/sqlite/base.py): a writer waits its turn
instead of sleeping in the busy handler, gets "database is locked" after the busy timeout as
before, and the turn comes back after a commit, a rollback or a closed connection."""

import threading
import time

import pytest
from django.db import OperationalError, connection, connections, transaction

from forum.models import Theme

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite only"),
]


def in_thread(target):
    """Run ``target`` on its own connection; returns (thread, outcome dict)."""
    outcome = {}

    def run():
        try:
            outcome["value"] = target()
        except Exception as exc:  # noqa: BLE001 - the test looks at it
            outcome["error"] = exc
        finally:
            connection.close()

    thread = threading.Thread(target=run)
    thread.start()
    return thread, outcome


def hold_lock(entered: threading.Event, release: threading.Event, *, fail=False):
    def target():
        with transaction.atomic():
            Theme.objects.create(slug="held", name="Held")
            entered.set()
            release.wait(timeout=10)
            if fail:
                raise RuntimeError("rolled back")
        return time.monotonic()

    return target


def write(slug):
    def target():
        with transaction.atomic():
            Theme.objects.create(slug=slug, name=slug)
        return time.monotonic()

    return target


def test_the_site_runs_on_the_queueing_backend():
    assert type(connections["default"]).__module__ == "config.sqlite.base"


def test_a_second_writer_waits_for_the_first_commit_instead_of_failing():
    entered, release = threading.Event(), threading.Event()
    first, held = in_thread(hold_lock(entered, release))
    assert entered.wait(timeout=10)
    second, waited = in_thread(write("second"))
    time.sleep(0.3)
    assert second.is_alive(), "the second writer did not wait"
    release_at = time.monotonic()
    release.set()
    first.join(10)
    second.join(10)
    assert "error" not in held and "error" not in waited, (held, waited)
    # Its turn came within milliseconds of the commit, not after a sleep of tens.
    assert waited["value"] - release_at < 0.5
    assert set(Theme.objects.values_list("slug", flat=True)) >= {"held", "second"}


def test_waiting_longer_than_the_busy_timeout_says_database_is_locked(monkeypatch):
    entered, release = threading.Event(), threading.Event()
    first, _held = in_thread(hold_lock(entered, release))
    assert entered.wait(timeout=10)
    monkeypatch.setitem(connection.settings_dict["OPTIONS"], "timeout", 0.2)
    with pytest.raises(OperationalError, match="database is locked"):
        write("too-late")()
    release.set()
    first.join(10)
    # The turn was never taken by the refused writer, so it can write now.
    write("after")()
    assert Theme.objects.filter(slug="after").exists()
    assert not Theme.objects.filter(slug="too-late").exists()


def test_a_rolled_back_transaction_gives_the_turn_back():
    entered, release = threading.Event(), threading.Event()
    first, held = in_thread(hold_lock(entered, release, fail=True))
    assert entered.wait(timeout=10)
    release.set()
    first.join(10)
    assert isinstance(held.get("error"), RuntimeError)
    started = time.monotonic()
    write("next")()
    assert time.monotonic() - started < 1
    assert not Theme.objects.filter(slug="held").exists()


def test_a_connection_closed_inside_a_transaction_gives_the_turn_back():
    def close_halfway():
        with transaction.atomic():
            Theme.objects.create(slug="gone", name="Gone")
            connection.close()

    thread, _outcome = in_thread(close_halfway)
    thread.join(10)
    started = time.monotonic()
    write("next")()
    assert time.monotonic() - started < 1

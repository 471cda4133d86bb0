"""gunicorn forks workers from a master that imported the application (preload_app): no
database connection may cross the fork, or every worker would share one."""

import importlib.util
from pathlib import Path

CONFIG = Path(__file__).resolve().parents[2] / "config" / "gunicorn.py"


def _config():
    spec = importlib.util.spec_from_file_location("gunicorn_config", CONFIG)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_application_is_preloaded():
    assert _config().preload_app is True


def test_a_connection_open_in_the_master_is_closed_in_each_worker(monkeypatch):
    # (The test database is SQLite in memory, which Django never closes: a stand-in records.)
    from django.db import connections

    closed = []

    class Open:
        def close(self):
            closed.append(self)

    opened = [Open(), Open()]
    asked = []

    def initialized(initialized_only=False):
        asked.append(initialized_only)
        return opened

    monkeypatch.setattr(connections, "all", initialized)
    _config().post_fork(server=None, worker=None)
    assert closed == opened and asked == [True]

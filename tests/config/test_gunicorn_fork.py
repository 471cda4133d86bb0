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


def test_the_master_warms_up_before_it_forks(monkeypatch):
    import gc

    import config.warmup

    calls = []
    logged = []
    monkeypatch.setattr(config.warmup, "warm", lambda: calls.append("warm") or 7)
    monkeypatch.setattr(gc, "freeze", lambda: calls.append("freeze"))
    monkeypatch.setattr(gc, "get_freeze_count", lambda: 1234)

    class Log:
        def info(self, message, *args):
            logged.append(message % args)

    class Server:
        log = Log()

    _config().when_ready(Server())
    # What warming up loaded is frozen after it, so each worker's collector never walks it.
    assert calls == ["warm", "freeze"]
    assert "7 templates compiled" in logged[0] and "1234 objects" in logged[0]


def test_warming_up_loads_the_word_lists_and_compiles_every_template():
    from django.template import engines

    from config.warmup import warm
    from forum.checks import crisis, lexicons, tone

    cached = [lexicons.first_names, lexicons.regions, lexicons.towns, lexicons.english_words]
    cached += [tone._profanity_regex, tone._compiled_rules, crisis._compiled]
    for function in cached:
        function.cache_clear()
    engine = engines["django"]
    loader = engine.engine.template_loaders[0]
    loader.reset()
    compiled = warm()
    assert all(function.cache_info().currsize == 1 for function in cached)
    assert compiled == len(list((Path(engine.dirs[0])).rglob("*.html"))) + len(
        list(Path(engine.dirs[0]).rglob("*.txt"))
    )
    assert "base.html" in loader.get_template_cache and "forum/story_detail.html" in (
        loader.get_template_cache
    )


def test_warming_up_builds_the_url_tables_and_imports_the_cache_backend(settings, monkeypatch):
    """Without this each new worker spent its first request importing every URLconf and view,
    building the tables ``{% url %}`` reads, and importing the Redis client."""
    from django.urls import URLResolver, clear_url_caches, get_resolver

    import config.warmup

    imported = []
    real_import = config.warmup.import_string
    monkeypatch.setattr(
        config.warmup, "import_string", lambda path: imported.append(path) or real_import(path)
    )
    settings.CACHES = {
        **settings.CACHES,
        "shared": {
            "BACKEND": "config.cache.FailOpenRedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",
        },
    }
    clear_url_caches()
    root = get_resolver()
    included = [p for p in root.url_patterns if isinstance(p, URLResolver)]
    assert included and not root._populated
    config.warmup.warm()
    assert root._populated and all(p._populated for p in included)
    assert "config.cache.FailOpenRedisCache" in imported
    assert {settings.CACHES[a]["BACKEND"] for a in settings.CACHES} <= set(imported)

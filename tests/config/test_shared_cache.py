"""Several processes need one shared cache; a Redis outage must not take pages down."""

import logging
import os
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.core.cache import caches

from config.cache import FailOpenRedisCache

ROOT = Path(__file__).resolve().parents[2]
PRODUCTION = {
    "DJANGO_SETTINGS_MODULE": "config.settings.base",
    "DEBUG": "0",
    "SECRET_KEY": "k" * 20 + "-production-grade-secret-key-value-123456",
    "ALLOWED_HOSTS": "unspoken.example",
}


def _clean_env(**env) -> dict:
    drop = {"REDIS_URL", "UNSPOKEN_SINGLE_PROCESS", "WEB_CONCURRENCY", "DEBUG", "SECRET_KEY"}
    return {**{k: v for k, v in os.environ.items() if k not in drop}, **env}


def _deploy_check(**env) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=_clean_env(**PRODUCTION, **env),
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_deploy_check_fails_on_a_per_process_cache():
    result = _deploy_check()
    assert result.returncode != 0
    assert "unspoken.E001" in result.stderr
    assert "REDIS_URL" in result.stderr and "UNSPOKEN_SINGLE_PROCESS" in result.stderr


def test_deploy_check_accepts_a_declared_single_process():
    result = _deploy_check(UNSPOKEN_SINGLE_PROCESS="1")
    assert result.returncode == 0, result.stdout + result.stderr


def test_plain_check_still_passes_without_redis():
    """Only the deployment check refuses: migrate and the test suite run as before."""
    result = subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=ROOT,
        env=_clean_env(**PRODUCTION),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _gunicorn(port: int, stdout=subprocess.DEVNULL, **env) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "-c", "config/gunicorn.py", "config.wsgi"],
        cwd=ROOT,
        env=_clean_env(
            **{k: v for k, v in PRODUCTION.items() if k != "DJANGO_SETTINGS_MODULE"},
            PORT=str(port),
            GUNICORN_ACCESS_LOG="/dev/null",
            **env,
        ),
        stdout=stdout,
        stderr=subprocess.STDOUT,
        text=True,
    )


def _booted_workers(proc: subprocess.Popen, port: int) -> int:
    """Waits until the server answers, then counts its worker processes and stops it."""
    import urllib.error
    import urllib.request

    try:
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline and proc.poll() is None:
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2)  # noqa: S310
                break
            except urllib.error.HTTPError:
                break  # it answered (400: the test's host is not an allowed one): it is up
            except OSError:
                time.sleep(0.2)
        time.sleep(1)  # every worker is forked before the master serves its main loop
        tasks = Path(f"/proc/{proc.pid}/task/{proc.pid}/children")
        return len(tasks.read_text().split()) if tasks.exists() else 0
    finally:
        proc.terminate()
        proc.wait(timeout=30)


def test_gunicorn_refuses_several_workers_without_a_shared_cache():
    proc = _gunicorn(_free_port(), stdout=subprocess.PIPE, WEB_CONCURRENCY="3")
    out, _ = proc.communicate(timeout=60)
    assert proc.returncode != 0
    assert "Refusing to start 3 workers" in out
    assert "UNSPOKEN_SINGLE_PROCESS" in out
    assert "Booting worker" not in out


def test_gunicorn_runs_one_worker_for_a_declared_single_process():
    port = _free_port()
    proc = _gunicorn(port, WEB_CONCURRENCY="3", UNSPOKEN_SINGLE_PROCESS="1")
    assert _booted_workers(proc, port) == 1


def test_gunicorn_starts_several_workers_with_redis_configured():
    port = _free_port()
    proc = _gunicorn(port, WEB_CONCURRENCY="2", REDIS_URL="redis://127.0.0.1:1/0")
    assert _booted_workers(proc, port) == 2


# --- Redis outage: answer as an empty cache, log once ------------------------------------------


@pytest.fixture
def redis_server(tmp_path):
    server = shutil.which("redis-server")
    if server is None:
        pytest.skip("redis-server is not installed")
    port = _free_port()
    command = [server, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--dir"]
    command += [str(tmp_path), "--appendonly", "no"]

    class Server:
        url = f"redis://127.0.0.1:{port}/0"
        process = None

        def start(self):
            self.process = subprocess.Popen(command, stdout=subprocess.DEVNULL)
            for _ in range(200):
                with socket.socket() as sock:
                    if sock.connect_ex(("127.0.0.1", port)) == 0:
                        return
                time.sleep(0.02)
            raise RuntimeError("redis-server did not start")

        def stop(self):
            self.process.terminate()
            self.process.wait(timeout=10)

    redis = Server()
    redis.start()
    yield redis
    if redis.process.poll() is None:
        redis.stop()


def _cache(url: str) -> FailOpenRedisCache:
    return FailOpenRedisCache(url, {"KEY_PREFIX": "t"})


def test_a_stopped_redis_reads_as_an_empty_cache_and_logs_once(redis_server, caplog, monkeypatch):
    cache = _cache(redis_server.url)
    cache.set("k", "v", 60)
    assert cache.get("k") == "v"
    redis_server.stop()
    with caplog.at_level(logging.WARNING, logger="config.cache"):
        assert cache.get("k", "default") == "default"
        assert cache.add("n", 1, 60) is False
        assert cache.incr("n") is None
        cache.set("k", "w", 60)
        assert cache.get_many(["k"]) == {}
        monkeypatch.setattr("config.cache.RETRY_SECONDS", 0)
        assert cache.get("k") is None
    warnings = [r for r in caplog.records if r.name == "config.cache"]
    assert len(warnings) == 1
    assert "Redis did not answer" in warnings[0].getMessage()


def test_the_cache_comes_back_when_redis_does(redis_server, monkeypatch):
    monkeypatch.setattr("config.cache.RETRY_SECONDS", 0)
    cache = _cache(redis_server.url)
    cache.set("k", "v", 60)
    assert cache.advance("n", 10, ["stamp"]) == 11  # loads the script into this Redis
    redis_server.stop()
    assert cache.get("k") is None
    assert cache.advance("n", 10, ["stamp"]) is None
    redis_server.start()  # restarted empty, as the stack runs it: its scripts are gone too
    cache.set("k", "again", 60)
    assert cache.get("k") == "again"
    assert cache.advance("n", 20, ["stamp"]) == 21
    assert cache.get("stamp") == 21


# --- One client per pool, and a counter with its stamps in one round trip -----------------------


def test_one_redis_client_serves_every_call(redis_server):
    """Django builds a ``redis.Redis`` for each command; building one cost more CPU than the
    round trip. The kept client still reaches Redis after it restarted (the pool reconnects)."""
    cache = _cache(redis_server.url)
    client = cache._cache.get_client()
    assert cache._cache.get_client(write=True) is client
    cache.set("k", "v", 60)
    redis_server.stop()
    redis_server.start()
    cache.set("k", "after", 60)
    assert cache.get("k") == "after"
    assert cache._cache.get_client() is client


def test_advance_starts_a_missing_counter_and_stamps_each_key_forever(redis_server):
    cache = _cache(redis_server.url)
    assert cache.advance("seq", 1000, ["a", "b"]) == 1001
    assert cache.advance("seq", 5, ["b"]) == 1002  # the start only counts when it is missing
    assert cache.get_many(["seq", "a", "b"]) == {"seq": 1002, "a": 1001, "b": 1002}
    client = cache._cache.get_client()
    assert client.ttl(cache.make_key("a")) == -1  # no expiry, as set_many(..., None)
    assert cache.incr("seq") == 1003  # still the plain integer incr() and get() read
    cache.delete("seq")  # evicted: starts again from the value given
    assert cache.advance("seq", 2000, []) == 2001


def test_advance_keeps_keys_inside_the_cache_prefix(redis_server):
    """Keys go through the same prefix and version as every other call: another site (or
    another version) sharing the Redis sees none of them."""
    ours = _cache(redis_server.url)
    theirs = FailOpenRedisCache(redis_server.url, {"KEY_PREFIX": "x"})
    ours.advance("seq", 1, ["tag"])
    assert theirs.get_many(["seq", "tag"]) == {}
    assert ours.get("tag", version=2) is None


def test_advance_on_a_redis_that_runs_no_scripts_still_stamps_and_says_so_once(
    redis_server, caplog
):
    """Some hosted servers or accounts may not run scripts: pages must still be retired, not
    silently left stale while every retirement fails."""
    cache = _cache(redis_server.url)
    cache._cache.get_client().execute_command("ACL", "SETUSER", "default", "-@scripting")
    with caplog.at_level(logging.WARNING, logger="config.cache"):
        assert cache.advance("seq", 100, ["a"]) == 101
        assert cache.advance("seq", 100, ["a", "b"]) == 102
        assert cache.advance("seq", 100, []) == 103
    assert cache.get_many(["seq", "a", "b"]) == {"seq": 103, "a": 102, "b": 102}
    warnings = [r.getMessage() for r in caplog.records if r.name == "config.cache"]
    assert len(warnings) == 1 and "refused a script" in warnings[0]


def test_an_error_inside_the_script_fails_open_and_keeps_using_scripts(redis_server, monkeypatch):
    monkeypatch.setattr("config.cache.RETRY_SECONDS", 0)
    cache = _cache(redis_server.url)
    cache.set("seq", "not a number", None)
    assert cache.advance("seq", 1, ["a"]) is None  # as incr() on such a value: nothing stamped
    assert cache._cache._scripts_refused is False
    assert cache.get("seq") == "not a number" and cache.get("a") is None


def test_retiring_a_page_on_redis_makes_pages_shown_before_it_stale(settings, redis_server):
    from forum import pagecache

    settings.CACHES = {
        "default": {"BACKEND": "config.cache.FailOpenRedisCache", "LOCATION": redis_server.url}
    }
    settings.UNSPOKEN_PAGE_CACHE_SECONDS = 60
    assert type(caches["default"]) is FailOpenRedisCache
    before = (pagecache.render_mark(), ("all", "story:7"), 200, [], b"")
    other = (pagecache.render_mark(), ("all", "story:8"), 200, [], b"")
    pagecache.retire("story:7")
    assert not pagecache._fresh(before)
    assert pagecache._fresh(other)
    after = (pagecache.render_mark(), ("all", "story:7"), 200, [], b"")
    assert pagecache._fresh(after)
    caches["default"].delete(pagecache._SEQUENCE)  # lost its counter: the clock starts it again
    pagecache.retire("story:7")
    assert not pagecache._fresh(after)
    pagecache.retire(pagecache.ALL)
    assert not pagecache._fresh(other)


def test_pages_and_limited_writes_serve_while_redis_is_down(
    client, settings, redis_server, story_factory, db
):
    """The page cache, the rate limits and the watched words all use the cache: none may 500."""
    settings.CACHES = {
        "default": {"BACKEND": "config.cache.FailOpenRedisCache", "LOCATION": redis_server.url}
    }
    settings.UNSPOKEN_PAGE_CACHE_SECONDS = 60
    settings.UNSPOKEN_RATELIMITS = True
    story = story_factory()
    assert type(caches["default"]) is FailOpenRedisCache
    assert client.get(story.get_absolute_url()).status_code == 200
    redis_server.stop()
    assert client.get("/").status_code == 200
    assert client.get(story.get_absolute_url()).status_code == 200
    assert client.get("/search/?q=silence").status_code == 200

"""gunicorn settings for production: `gunicorn -c config/gunicorn.py config.wsgi`."""

import gc
import multiprocessing
import os

import environ

from config.checks import PER_PROCESS_CACHE_HINT as HINT
from config.checks import PER_PROCESS_CACHE_MESSAGE as MESSAGE
from config.checks import per_process_cache_refused

_env = environ.Env()

bind = f"{os.environ.get('GUNICORN_BIND', '127.0.0.1')}:{os.environ.get('PORT', '8000')}"
workers = int(os.environ.get("WEB_CONCURRENCY", multiprocessing.cpu_count() + 1))
threads = int(os.environ.get("GUNICORN_THREADS", "1"))
# Several workers need a shared cache (config/checks.py says why): refuse to start without one,
# unless the operator chose a single process, which then gets one worker.
if _env.bool("UNSPOKEN_SINGLE_PROCESS", default=False):
    workers = 1
timeout = 30
graceful_timeout = 20
keepalive = 5
max_requests = 5000
max_requests_jitter = 500
# The application is imported once, in the master, and each worker is forked from it: a worker
# that replaces one (after max_requests, a crash or a timeout) serves at once instead of
# importing Django and compiling templates while requests queue behind it (at benchmark rates
# that happened every few seconds and made the visitors' p99 a second and more). Nothing opens a
# database or cache connection at import; post_fork makes sure none is inherited.
preload_app = True
# Heartbeat files in memory, not on a possibly slow disk.
worker_tmp_dir = "/dev/shm" if os.path.isdir("/dev/shm") else None  # noqa: S108
accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "-")
# No client address (%(h)s) and no query string or referrer: an access log line says what was
# served and how fast, never who asked for it.
access_log_format = '%(t)s "%(m)s %(U)s %(H)s" %(s)s %(B)s %(M)sms'
errorlog = "-"
# Redacts tokens in paths and drops client addresses from both logs (config/redact.py).
logger_class = "config.gunicorn_logger.RedactingLogger"
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")


# The refusal itself runs when the master starts (not when this file is read).
def on_starting(server):
    refused = per_process_cache_refused(
        debug=_env.bool("DEBUG", default=False),
        shared_cache=bool(_env.str("REDIS_URL", default="")),
        single_process=False,
    )
    if server.cfg.workers > 1 and refused:
        raise SystemExit(f"Refusing to start {server.cfg.workers} workers: {MESSAGE} {HINT}")


def when_ready(server):
    from django.conf import settings

    if not settings.configured:
        return  # started with --no-preload: each worker warms up on its own first requests
    from config.warmup import warm_and_freeze

    compiled = warm_and_freeze()
    server.log.info(
        "Warmed up before forking: word lists loaded, %s templates compiled, %s objects "
        "kept out of garbage collection.",
        compiled,
        gc.get_freeze_count(),
    )


def post_fork(server, worker):
    from django.conf import settings
    from django.db import connections

    if not settings.configured:
        return  # started with --no-preload: the worker imports the application itself
    # A connection opened in the master would be shared by every worker: close any.
    for connection in connections.all(initialized_only=True):
        connection.close()

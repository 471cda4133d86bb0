"""Deployment rules the site checks itself (``manage.py check --deploy``) and gunicorn at start.

A per-process cache (Django's local-memory or dummy cache, what the site uses without
REDIS_URL) is only right when one process serves the site: with several worker processes or
app servers, every process counts rate limits on its own (4 guest stories an hour become 4 per
process) and a change to the watched words reaches the process that made it only. Nothing
would fail loudly, so the site refuses instead, unless the operator says it runs one process.
"""

from django.conf import settings
from django.core import checks

PER_PROCESS_BACKENDS = frozenset(
    {
        "django.core.cache.backends.locmem.LocMemCache",
        "django.core.cache.backends.dummy.DummyCache",
    }
)

PER_PROCESS_CACHE_MESSAGE = (
    "The cache is per process (REDIS_URL is not set) while DEBUG is off: with several worker "
    "processes or app servers, each one counts rate limits on its own and watched-word changes "
    "reach one process only."
)
PER_PROCESS_CACHE_HINT = (
    "Set REDIS_URL to a Redis every app server shares, or set UNSPOKEN_SINGLE_PROCESS=1 if the "
    "site really runs as one process (config/gunicorn.py then starts a single worker)."
)


def per_process_cache_refused(*, debug: bool, shared_cache: bool, single_process: bool) -> bool:
    """The one rule, for settings and for gunicorn's environment alike."""
    return not debug and not shared_cache and not single_process


@checks.register(checks.Tags.caches, deploy=True)
def check_shared_cache(app_configs=None, **kwargs):
    backend = settings.CACHES.get("default", {}).get("BACKEND", "")
    if per_process_cache_refused(
        debug=settings.DEBUG,
        shared_cache=backend not in PER_PROCESS_BACKENDS,
        single_process=getattr(settings, "UNSPOKEN_SINGLE_PROCESS", False),
    ):
        return [
            checks.Error(PER_PROCESS_CACHE_MESSAGE, hint=PER_PROCESS_CACHE_HINT, id="unspoken.E001")
        ]
    return []

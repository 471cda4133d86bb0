"""Work a process would otherwise do in its first requests, done once before gunicorn forks.

Each worker then starts with the word lists, the compiled templates, the URL tables and the
cache client's modules it inherits from the master, instead of spending its first requests
(and each replacement worker after ``max_requests``, its first requests again) on them while
other requests wait: about half a second on a slow host, URLs and the Redis client alone.
No database or cache connection is opened here.
"""

import gc
from pathlib import Path

from django.conf import settings
from django.template import engines
from django.urls import URLResolver, get_resolver
from django.utils.module_loading import import_string


def _template_names(directory: Path) -> list[str]:
    return sorted(
        str(path.relative_to(directory))
        for path in directory.rglob("*")
        if path.suffix in {".html", ".txt", ".xml"}
    )


def _build_url_tables(resolver: URLResolver) -> None:
    """Import every URLconf and build the tables ``reverse`` and ``{% url %}`` read, for the
    root and each included URLconf (each builds its own on first use)."""
    resolver.reverse_dict  # noqa: B018 (a lazy property: reading it builds the tables)
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            _build_url_tables(pattern)


def warm() -> int:
    """Load the checks' word lists, import the cache backends, build the URL tables and
    compile every template of the project's template directories; returns the number of
    templates compiled."""
    from forum.checks import warm as warm_checks

    warm_checks()
    for alias in settings.CACHES:  # the backend's module (config/cache.py imports redis)
        import_string(settings.CACHES[alias]["BACKEND"])
    _build_url_tables(get_resolver())
    compiled = 0
    for engine in engines.all():
        for directory in getattr(engine, "dirs", []):
            for name in _template_names(Path(directory)):
                engine.get_template(name)
                compiled += 1
    return compiled


def warm_and_freeze(*, freeze: bool = True) -> int:
    """``warm()``, then everything loaded so far, which lives as long as the server, moved out
    of the garbage collector's reach: each full collection in a worker walked all of it (about
    0.1-0.2 s on a slow host, a request stalled behind every one), and walking it wrote to each
    object, copying the pages the workers share with the master. Returns ``warm()``'s count."""
    compiled = warm()
    gc.collect()
    if freeze:
        gc.freeze()
    return compiled

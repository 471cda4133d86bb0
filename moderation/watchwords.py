"""Watched words, matched through moderation.wordmatch and cached until the list changes."""

from django.core.cache import cache

from .wordmatch import WordMatcher

_CACHE_KEY = "watchwords:version"
_local: dict[str, object] = {"version": None, "matcher": None}


def _version() -> int:
    version = cache.get(_CACHE_KEY)
    if version is None:
        version = 1
        cache.add(_CACHE_KEY, version, None)
    return version


def invalidate() -> None:
    """Call after any change to the list: every process rebuilds its matcher on next use."""
    try:
        cache.incr(_CACHE_KEY)
    except ValueError:
        cache.set(_CACHE_KEY, 2, None)


def _matcher() -> WordMatcher:
    from .models import WatchedWord

    version = _version()
    if _local["version"] != version or _local["matcher"] is None:
        phrases = list(WatchedWord.objects.values_list("phrase", "action"))
        _local["matcher"] = WordMatcher(phrases)
        _local["version"] = version
    return _local["matcher"]


def find_watched(text: str) -> list[tuple[str, str]]:
    """(phrase, action) for every watched phrase in ``text``."""
    return _matcher().find(text)

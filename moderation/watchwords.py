"""Watched words, matched through moderation.wordmatch and cached until the list changes."""

import secrets

from django.core.cache import cache

from .wordmatch import WordMatcher

_CACHE_KEY = "watchwords:version"
_local: dict[str, object] = {"version": None, "matcher": None}


def _version() -> str:
    """A random token per version of the list. Random, not a counter: after the cache lost
    the key (a restart, a flush) a counter would start again at a number some process already
    holds a stale matcher for."""
    version = cache.get(_CACHE_KEY)
    if version is None:
        cache.add(_CACHE_KEY, secrets.token_hex(8), None)
        version = cache.get(_CACHE_KEY)
    return version or secrets.token_hex(8)  # no shared cache: rebuild each time


def invalidate() -> None:
    """Call after any change to the list: every process rebuilds its matcher on next use."""
    cache.set(_CACHE_KEY, secrets.token_hex(8), None)


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

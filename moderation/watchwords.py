"""Watched words, matched through moderation.wordmatch and cached until the list changes."""

import secrets

from django.core.cache import cache
from django.db import transaction

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


# Changes to the list: services, so the moderation page and the admin both leave an audit row.


def _describe(word) -> str:
    return f"{word.phrase} ({word.get_action_display()})"[:160]


def _log(*, moderator, action: str, target: str, reason: str = "") -> None:
    from .services import log_action

    log_action(moderator=moderator, action=action, target=target, reason=reason)


def _invalidate_now_and_on_commit() -> None:
    # Now, so this process sees the change at once; again on commit, so no other process keeps
    # a matcher it rebuilt from the old rows in between.
    invalidate()
    transaction.on_commit(invalidate)


def word_add(*, moderator, phrase: str, action: str, note: str = ""):
    """Add a watched word or phrase; the matcher follows in every process once committed."""
    from .models import ActionKind, WatchedWord

    with transaction.atomic():
        word = WatchedWord.objects.create(
            phrase=phrase, action=action, note=note, created_by=moderator
        )
        _log(moderator=moderator, action=ActionKind.WORD_ADD, target=_describe(word), reason=note)
        _invalidate_now_and_on_commit()
    return word


def word_change(*, word, moderator, phrase: str, action: str, note: str = "") -> bool:
    """Change a watched word; returns whether anything changed (the log says from what)."""
    from .models import ActionKind, WatchedWord

    with transaction.atomic():
        current = WatchedWord.objects.select_for_update().filter(pk=word.pk).first()
        if current is None:
            return False
        before = _describe(current)
        if (current.phrase, current.action, current.note) == (phrase, action, note):
            return False
        current.phrase, current.action, current.note = phrase, action, note
        current.save(update_fields=["phrase", "action", "note"])
        _log(
            moderator=moderator,
            action=ActionKind.WORD_CHANGE,
            target=_describe(current),
            reason=f"Was: {before}"[:1000],
        )
        _invalidate_now_and_on_commit()
    word.phrase, word.action, word.note = phrase, action, note
    return True


def word_delete(*, word, moderator) -> bool:
    """Delete a watched word; False when it was already gone."""
    from .models import ActionKind, WatchedWord

    with transaction.atomic():
        deleted, _ = WatchedWord.objects.filter(pk=word.pk).delete()
        if not deleted:
            return False
        _log(moderator=moderator, action=ActionKind.WORD_DELETE, target=_describe(word))
        _invalidate_now_and_on_commit()
    return True

"""Moderation's part of an account's data (see accounts.data): today the watched words a
moderator added. Flags made by the account are added here with the Flag model."""

from .models import WatchedWord


def export_account(user) -> dict:
    words = WatchedWord.objects.filter(created_by=user).order_by("created_at")
    return {
        "watched_words_added": [
            {"phrase": w.phrase, "action": w.action, "note": w.note, "created_at": w.created_at}
            for w in words
        ]
    }


def erase_account(user, *, keep_posts: bool) -> None:
    """Watched words stay (the site still needs them); they simply no longer name who added
    them."""
    WatchedWord.objects.filter(created_by=user).update(created_by=None)

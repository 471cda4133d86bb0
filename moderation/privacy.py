"""Moderation's part of an account's data (see accounts.data): the flags the account made
and, for moderators, the watched words they added."""

from .items import key_of_row
from .models import Flag, WatchedWord


def export_account(user) -> dict:
    words = WatchedWord.objects.filter(created_by=user).order_by("created_at")
    flags = Flag.objects.filter(reporter=user).order_by("created_at")
    return {
        "flags_made": [
            {
                "item": key_of_row(f)[0],
                "story_id": f.story_id,
                "reply_id": f.reply_id,
                "reason": f.reason,
                "note": f.note,
                "created_at": f.created_at,
                "resolved_at": f.resolved_at,
            }
            for f in flags
        ],
        "watched_words_added": [
            {"phrase": w.phrase, "action": w.action, "note": w.note, "created_at": w.created_at}
            for w in words
        ],
    }


def erase_account(user, *, keep_posts: bool) -> None:
    """Flags stay for the moderators' record and watched words stay (the site still needs
    them); neither names the person any more."""
    Flag.objects.filter(reporter=user).update(reporter=None, reporter_hash="")
    WatchedWord.objects.filter(created_by=user).update(created_by=None)

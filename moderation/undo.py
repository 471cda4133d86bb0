"""The "undo" a moderator is offered for a few minutes after a decision (session-held)."""

from .models import ModerationAction
from .services import undo_window_open

SESSION_KEY = "moderation_undo"


def offer_undo(request, decided) -> None:
    """Remember the log rows of the decisions just taken on ``decided`` by this moderator."""
    from . import items

    ids = []
    for item in decided:
        entry = (
            ModerationAction.objects.filter(**items.lookup(item), moderator=request.user)
            .only("pk")
            .first()
        )
        if entry is not None:
            ids.append(entry.pk)
    request.session[SESSION_KEY] = ids


def undo_entries(request) -> list[ModerationAction]:
    """The decisions this moderator may still undo (empty when the window closed)."""
    ids = request.session.get(SESSION_KEY) or []
    if not ids or not isinstance(ids, list):
        return []
    entries = list(ModerationAction.objects.filter(pk__in=[i for i in ids if isinstance(i, int)]))
    return [e for e in entries if undo_window_open(e, request.user)]


def forget(request) -> None:
    request.session.pop(SESSION_KEY, None)

"""Moderator decisions: one function per transition, keyword-only.

Each is a conditional UPDATE (``filter(pk=…, state__in=allowed_from(action))``) that returns
whether it changed anything, and writes its audit row in the same transaction. A caller may pass
``seen``, the ``updated_at`` the moderator saw: when the item changed since (another moderator,
the author editing), nothing happens and the function returns False, so two moderators acting
on one item never produce a double action.
"""

from datetime import UTC, datetime, timedelta

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import DateTimeField, Q, Value
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _

from forum.models import Notification, NotificationKind
from forum.rendering import excerpt, render_markdown
from forum.services.notifications import notify
from forum.services.replies import refresh_reply_stats, reply_published
from forum.services.stories import after_visibility_change
from moderation.states import State, allowed_from, target_of

from . import items
from .authorkey import Author, author_key
from .models import ActionKind, Flag, ModerationAction, Revision, moderator_label

# Stored for permanent suspensions; templates treat a year >= 9000 as "no end date".
PERMANENT = datetime(9999, 12, 31, tzinfo=UTC)


def log_action(
    *,
    moderator,
    action: str,
    item=None,
    reason: str = "",
    from_state: str = "",
    to_state: str = "",
    key: str = "",
    target: str = "",
    previous: dict | None = None,
    undoes=None,
    created_at=None,
) -> ModerationAction:
    return ModerationAction.objects.create(
        moderator=moderator,
        moderator_name=moderator_label(moderator),
        action=action,
        **(items.lookup(item) if item is not None else {}),
        target=target or (items.describe(item) if item is not None else ""),
        author_key=key or (author_key(item) if item is not None else ""),
        from_state=from_state,
        to_state=to_state,
        reason=reason,
        previous=previous or {},
        undoes=undoes,
        created_at=created_at or timezone.now(),
    )


def _after_state_change(item, before: str) -> None:
    if items.is_story(item):
        after_visibility_change(item)
    elif before == State.PENDING and item.state == State.PUBLISHED:
        # A reply seen by the public for the first time: counters and the story author's
        # notification, exactly as when a trusted reader's reply publishes at once.
        reply_published(item)
    else:
        refresh_reply_stats(item.story_id)


def _open_flags(item):
    return Flag.objects.filter(**items.lookup(item), resolved_at__isnull=True)


def _resolve_flags(item, resolution: str, now) -> list[int]:
    """Close the open flags on ``item``; returns the reporters' account ids (for a notice)."""
    flags = _open_flags(item)
    reporters = [pk for pk in flags.values_list("reporter_id", flat=True) if pk]
    flags.update(resolved_at=now, resolution=resolution)
    return reporters


def _locked(item, seen):
    """The current row, locked for this transaction, or None when it changed since ``seen``."""
    current = type(item).objects.select_for_update().filter(pk=item.pk).first()
    if current is None or (seen is not None and current.updated_at != seen):
        return None
    return current


# What a decision may change besides the state, kept in its log row so "undo" can put it back.
UNDO_FIELDS = ("attention", "review_reason", "published_at")


def _snapshot(row) -> dict:
    values = {name: getattr(row, name) for name in UNDO_FIELDS}
    values["published_at"] = values["published_at"].isoformat() if values["published_at"] else ""
    return values


def _from_snapshot(values: dict) -> dict:
    restored = {name: values[name] for name in UNDO_FIELDS if name in values}
    if "published_at" in restored:
        stamp = restored["published_at"]
        restored["published_at"] = datetime.fromisoformat(stamp) if stamp else None
    return restored


def _transition(
    *,
    item,
    action: str,
    moderator,
    reason: str = "",
    seen=None,
    resolution: str = "",
    extra: dict | None = None,
) -> bool:
    """Move ``item`` along ``action`` of the state table, with the audit row and notices."""
    model = type(item)
    now = timezone.now()
    with transaction.atomic():
        current = _locked(item, seen)
        if current is None or current.state not in allowed_from(action):
            return False
        updates = {"state": target_of(action, current.state), "updated_at": now, **(extra or {})}
        changed = model.objects.filter(
            pk=item.pk, state=current.state, updated_at=current.updated_at
        ).update(**updates)
        if not changed:
            return False
        before, previous = current.state, _snapshot(current)
        current.refresh_from_db()
        if current.state != before:
            _after_state_change(current, before)
        reporters = _resolve_flags(current, resolution, now) if resolution else []
        log_action(
            moderator=moderator,
            action=action,
            item=current,
            reason=reason,
            from_state=before,
            to_state=current.state,
            previous=previous,
            created_at=now,
        )
        if moderator is not None:
            _notify_author(current, action, before, reason)
            _notify_reporters(current, reporters)
    return True


def _notify_author(item, action: str, before: str, reason: str) -> None:
    """Tell the author (accounts only) about approval or removal. Never names the moderator."""
    if item.author_id is None:
        return
    where = items.about(item)
    if action == ActionKind.APPROVE and before == State.PENDING:
        notify(user=item.author, kind=NotificationKind.APPROVED, **where)
    elif action == ActionKind.REMOVE:
        notify(user=item.author, kind=NotificationKind.REMOVED, message=reason, **where)


def _notify_reporters(item, reporter_ids: list[int]) -> None:
    """Readers who flagged hear that a moderator looked at it: never who, never the author."""
    if not reporter_ids:
        return
    where = items.about(item)
    for user in get_user_model().objects.filter(pk__in=set(reporter_ids)):
        notify(user=user, kind=NotificationKind.FLAG_ACTED, **where)


def _publish_fields(now) -> dict:
    return {
        "published_at": Coalesce("published_at", Value(now, output_field=DateTimeField())),
        "review_reason": "",
        "attention": "",
    }


def item_approve(*, item, moderator, reason="", seen=None) -> bool:
    """Publish a pending item; clears the review reason and any attention mark."""
    return _transition(
        item=item,
        action="approve",
        moderator=moderator,
        reason=reason,
        seen=seen,
        resolution="kept",
        extra=_publish_fields(timezone.now()),
    )


def item_hide(*, item, moderator, reason="", seen=None) -> bool:
    """Take an item off public pages, reversibly."""
    return _transition(
        item=item,
        action="hide",
        moderator=moderator,
        reason=reason,
        seen=seen,
        resolution="upheld",
        extra={"attention": ""},
    )


def item_remove(*, item, moderator, reason, seen=None) -> bool:
    """Remove for good (the row stays for the log); the author is told the reason."""
    if not reason.strip():
        raise ValueError("A reason is required to remove a post.")
    return _transition(
        item=item,
        action="remove",
        moderator=moderator,
        reason=reason,
        seen=seen,
        resolution="upheld",
        extra={"attention": ""},
    )


def item_restore(*, item, moderator, reason="", seen=None) -> bool:
    """Bring a hidden or removed item back to public pages."""
    return _transition(
        item=item,
        action="restore",
        moderator=moderator,
        reason=reason,
        seen=seen,
        resolution="kept",
        extra=_publish_fields(timezone.now()),
    )


def item_mark_reviewed(*, item, moderator, reason="", seen=None) -> bool:
    """A published item marked for a second look (tone, crisis, watched word) was looked at."""
    if not item.attention:
        return False
    return _transition(
        item=item,
        action="review",
        moderator=moderator,
        reason=reason,
        seen=seen,
        extra={"attention": ""},
    )


def item_dismiss_flags(*, item, moderator, reason="", seen=None) -> bool:
    """Close the open flags on an item as unfounded. An item they had hidden comes back
    (an item with open flags can only be hidden by auto-hide: moderator decisions close them)."""
    if not _open_flags(item).exists():
        return False
    extra = {}
    if item.state == State.HIDDEN:
        extra = {"state": target_of("restore")}
    return _transition(
        item=item,
        action="dismiss",
        moderator=moderator,
        reason=reason,
        seen=seen,
        resolution="dismissed",
        extra=extra,
    )


def autohide(*, item) -> bool:
    """Hide a published item after enough trusted flags, until a moderator reviews it."""
    return _transition(
        item=item,
        action="autohide",
        moderator=None,
        reason=_("Enough flags from established accounts."),
    )


def _set_lock(story, *, locked: bool, moderator, reason, seen) -> bool:
    if story.replies_locked == locked:
        return False
    return _transition(
        item=story,
        action="lock" if locked else "unlock",
        moderator=moderator,
        reason=reason,
        seen=seen,
        extra={"replies_locked": locked},
    )


def item_lock_replies(*, item, moderator, reason="", seen=None) -> bool:
    """Stop new replies to a story (a moderator's lock; the author's own close is separate)."""
    return _set_lock(item, locked=True, moderator=moderator, reason=reason, seen=seen)


def item_unlock_replies(*, item, moderator, reason="", seen=None) -> bool:
    return _set_lock(item, locked=False, moderator=moderator, reason=reason, seen=seen)


def item_edit_by_moderator(*, item, moderator, note: str, seen=None, **fields) -> bool:
    """Edit a story's or reply's text (``items.edit_fields``), keeping the original in its
    history (moderators only)."""
    if not note.strip():
        raise ValueError("A note is required for a moderator's edit.")
    unknown = set(fields) - set(items.edit_fields(item))
    if unknown or "body" not in fields:
        raise TypeError(f"Cannot edit {sorted(unknown)} on this item.")
    now = timezone.now()
    with transaction.atomic():
        current = _locked(item, seen)
        if current is None:
            return False
        Revision.objects.create(
            **items.lookup(current),
            original_title=getattr(current, "title", ""),
            original_body=current.body,
            original_content_note=getattr(current, "content_note", ""),
            note=note,
            moderator_name=moderator_label(moderator),
        )
        body_html = render_markdown(fields["body"])
        updates = {**fields, "body_html": body_html, "edited_at": now, "updated_at": now}
        if items.is_story(current):
            updates["excerpt"] = excerpt(body_html)
        changed = (
            type(item).objects.filter(pk=item.pk, updated_at=current.updated_at).update(**updates)
        )
        if not changed:
            transaction.set_rollback(True)
            return False
        current.refresh_from_db()
        if items.is_story(current):
            after_visibility_change(current)
        log_action(moderator=moderator, action=ActionKind.EDIT, item=current, reason=note)
    return True


def suspension_end(days: int | None):
    return PERMANENT if days is None else timezone.now() + timedelta(days=days)


class SuspensionRefused(Exception):
    """The account behind the key has staff rights: moderators never suspend staff."""


def author_suspend(*, author: Author, moderator, days: int | None, reason: str, seen=None) -> bool:
    """Suspend the account behind an author key for ``days`` (None: permanently).

    ``seen`` is the suspension end the moderator saw (None when there was none); a different
    value now means someone else acted first. Raises SuspensionRefused for a moderator or
    superuser account, whoever asks: a superuser takes the staff rights away first.
    """
    if author.user_id is None:
        return False
    if not reason.strip():
        raise ValueError("A reason is required to suspend an account.")
    User = get_user_model()
    if (
        User.objects.filter(pk=author.user_id)
        .filter(Q(is_staff=True) | Q(is_superuser=True))
        .exists()
    ):
        raise SuspensionRefused(_("Staff accounts cannot be suspended from the moderation area."))
    until = suspension_end(days)
    with transaction.atomic():
        users = User.objects.filter(pk=author.user_id)
        users = (
            users.filter(suspended_until__isnull=True)
            if seen is None
            else users.filter(suspended_until=seen)
        )
        if not users.update(suspended_until=until, suspension_reason=reason):
            return False
        log_action(
            moderator=moderator,
            action=ActionKind.SUSPEND,
            key=author.key,
            target=_("Account %(key)s") % {"key": author.key},
            reason=reason,
            to_state=_("permanent") if days is None else _("%(days)d days") % {"days": days},
        )
        notify(
            user=User.objects.get(pk=author.user_id),
            kind=NotificationKind.SUSPENDED,
            message=reason,
        )
    return True


def suspension_lift(*, author: Author, moderator, reason: str = "") -> bool:
    if author.user_id is None:
        return False
    User = get_user_model()
    with transaction.atomic():
        changed = User.objects.filter(pk=author.user_id, suspended_until__gt=timezone.now()).update(
            suspended_until=None, suspension_reason=""
        )
        if changed:
            log_action(
                moderator=moderator,
                action=ActionKind.LIFT,
                key=author.key,
                target=_("Account %(key)s") % {"key": author.key},
                reason=reason,
            )
    return bool(changed)


UNDO_MINUTES = 10
UNDOABLE = frozenset(
    {
        ActionKind.APPROVE,
        ActionKind.HIDE,
        ActionKind.REMOVE,
        ActionKind.RESTORE,
        ActionKind.REVIEW,
        ActionKind.DISMISS,
        ActionKind.LOCK,
        ActionKind.UNLOCK,
    }
)


def undo_window_open(entry: ModerationAction, moderator, *, now=None) -> bool:
    """Only the moderator who decided, only for a few minutes, only once."""
    now = now or timezone.now()
    return (
        entry.action in UNDOABLE
        and entry.moderator_id is not None
        and entry.moderator_id == getattr(moderator, "pk", None)
        and entry.created_at >= now - timedelta(minutes=UNDO_MINUTES)
        and not ModerationAction.objects.filter(undoes=entry).exists()
    )


def decision_undo(*, entry: ModerationAction, moderator) -> bool:
    """Reverse a decision just taken: the item goes back to the state and marks it had, its
    flags open again and the author's notice about it goes, if not read or mailed yet.

    A logged reverse transition, refused when the item changed since (another moderator, the
    author), after ``UNDO_MINUTES`` or for anyone but the moderator who decided.
    """
    if not undo_window_open(entry, moderator):
        return False
    key = items.key_of_row(entry)
    if key[1] is None:
        return False
    with transaction.atomic():
        item = items.KINDS[key[0]].objects.select_for_update().filter(pk=key[1]).first()
        if item is None or item.state != entry.to_state or item.updated_at != entry.created_at:
            return False
        updates = {"state": entry.from_state or item.state, "updated_at": timezone.now()}
        updates.update(_from_snapshot(entry.previous or {}))
        if entry.action in (ActionKind.LOCK, ActionKind.UNLOCK):
            updates["replies_locked"] = entry.action == ActionKind.UNLOCK
        type(item).objects.filter(pk=item.pk).update(**updates)
        before = item.state
        item.refresh_from_db()
        if item.state != before:
            _after_state_change(item, before)
        Flag.objects.filter(**items.lookup(item), resolved_at=entry.created_at).update(
            resolved_at=None, resolution=""
        )
        Notification.objects.filter(
            **items.about(item),
            kind__in=[
                NotificationKind.APPROVED,
                NotificationKind.REMOVED,
                NotificationKind.FLAG_ACTED,
            ],
            created_at__gte=entry.created_at,
            read_at__isnull=True,
        ).delete()
        log_action(
            moderator=moderator,
            action=ActionKind.UNDO,
            item=item,
            reason=_("Undid “%(action)s”.") % {"action": entry.get_action_display()},
            from_state=entry.to_state,
            to_state=item.state,
            undoes=entry,
        )
    return True

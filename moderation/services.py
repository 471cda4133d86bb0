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

from forum.models import NotificationKind, Reply, Story
from forum.rendering import excerpt, render_markdown
from forum.services.notifications import notify
from forum.services.replies import refresh_reply_stats, reply_published
from forum.services.stories import after_visibility_change
from moderation.states import State, allowed_from, target_of

from .authorkey import Author, author_key
from .models import ActionKind, Flag, ModerationAction, Revision, moderator_label

# Stored for permanent suspensions; templates treat a year >= 9000 as "no end date".
PERMANENT = datetime(9999, 12, 31, tzinfo=UTC)


def describe(item) -> str:
    """A short description kept in the log, so it still reads after the item is deleted."""
    if isinstance(item, Story):
        return f"Story {item.pk}: {item.title}"[:160]
    return f"Reply {item.pk} to story {item.story_id}"


def _target_field(item) -> str:
    return "story" if isinstance(item, Story) else "reply"


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
) -> ModerationAction:
    return ModerationAction.objects.create(
        moderator=moderator,
        moderator_name=moderator_label(moderator),
        action=action,
        story=item if isinstance(item, Story) else None,
        reply=item if isinstance(item, Reply) else None,
        target=target or (describe(item) if item is not None else ""),
        author_key=key or (author_key(item) if item is not None else ""),
        from_state=from_state,
        to_state=to_state,
        reason=reason,
    )


def _after_state_change(item, before: str) -> None:
    if isinstance(item, Story):
        after_visibility_change(item)
    elif before == State.PENDING and item.state == State.PUBLISHED:
        # A reply seen by the public for the first time: counters and the story author's
        # notification, exactly as when a trusted reader's reply publishes at once.
        reply_published(item)
    else:
        refresh_reply_stats(item.story_id)


def _resolve_flags(item, resolution: str, now) -> int:
    return Flag.objects.filter(**{_target_field(item): item.pk}, resolved_at__isnull=True).update(
        resolved_at=now, resolution=resolution
    )


def _locked(item, seen):
    """The current row, locked for this transaction, or None when it changed since ``seen``."""
    current = type(item).objects.select_for_update().filter(pk=item.pk).first()
    if current is None or (seen is not None and current.updated_at != seen):
        return None
    return current


def _transition(
    *,
    item,
    action: str,
    log_as: str,
    moderator,
    reason: str = "",
    seen=None,
    resolution: str = "",
    extra: dict | None = None,
) -> bool:
    model = type(item)
    now = timezone.now()
    with transaction.atomic():
        current = _locked(item, seen)
        if current is None or current.state not in allowed_from(action):
            return False
        updates = {"state": target_of(action), "updated_at": now, **(extra or {})}
        changed = model.objects.filter(
            pk=item.pk, state=current.state, updated_at=current.updated_at
        ).update(**updates)
        if not changed:
            return False
        before = current.state
        current.refresh_from_db()
        _after_state_change(current, before)
        if resolution:
            _resolve_flags(current, resolution, now)
        log_action(
            moderator=moderator,
            action=log_as,
            item=current,
            reason=reason,
            from_state=before,
            to_state=current.state,
        )
        _notify_author(current, log_as, before, reason)
    return True


def _notify_author(item, action: str, before: str, reason: str) -> None:
    """Tell the author (accounts only) about approval or removal. Never names the moderator."""
    if item.author_id is None:
        return
    story = item if isinstance(item, Story) else item.story
    reply = item if isinstance(item, Reply) else None
    if action == ActionKind.APPROVE and before == State.PENDING:
        notify(user=item.author, kind=NotificationKind.APPROVED, story=story, reply=reply)
    elif action == ActionKind.REMOVE:
        notify(
            user=item.author,
            kind=NotificationKind.REMOVED,
            story=story,
            reply=reply,
            message=reason,
        )


def _publish_fields(now) -> dict:
    return {
        "published_at": Coalesce("published_at", Value(now, output_field=DateTimeField())),
        "review_reason": "",
        "attention": "",
    }


def _approve(item, *, moderator, reason="", seen=None) -> bool:
    """Publish a pending (or hidden) item; clears the review reason and any attention mark."""
    return _transition(
        item=item,
        action="approve",
        log_as=ActionKind.APPROVE,
        moderator=moderator,
        reason=reason,
        seen=seen,
        resolution="kept",
        extra=_publish_fields(timezone.now()),
    )


def _hide(item, *, moderator, reason="", seen=None) -> bool:
    """Take an item off public pages, reversibly."""
    return _transition(
        item=item,
        action="hide",
        log_as=ActionKind.HIDE,
        moderator=moderator,
        reason=reason,
        seen=seen,
        resolution="upheld",
        extra={"attention": ""},
    )


def _remove(item, *, moderator, reason, seen=None) -> bool:
    """Remove for good (the row stays for the log); the author is told the reason."""
    if not reason.strip():
        raise ValueError("A reason is required to remove a post.")
    return _transition(
        item=item,
        action="remove",
        log_as=ActionKind.REMOVE,
        moderator=moderator,
        reason=reason,
        seen=seen,
        resolution="upheld",
        extra={"attention": ""},
    )


def _restore(item, *, moderator, reason="", seen=None) -> bool:
    """Bring a hidden or removed item back to public pages."""
    return _transition(
        item=item,
        action="restore",
        log_as=ActionKind.RESTORE,
        moderator=moderator,
        reason=reason,
        seen=seen,
        resolution="kept",
        extra=_publish_fields(timezone.now()),
    )


def _mark_reviewed(item, *, moderator, reason="", seen=None) -> bool:
    """A published item flagged for a second look (tone, crisis, watched word) was looked at."""
    model = type(item)
    with transaction.atomic():
        current = _locked(item, seen)
        if current is None:
            return False
        changed = (
            model.objects.filter(pk=item.pk, state=State.PUBLISHED)
            .exclude(attention="")
            .update(attention="", updated_at=timezone.now())
        )
        if changed:
            log_action(moderator=moderator, action=ActionKind.REVIEW, item=current, reason=reason)
    return bool(changed)


def story_approve(*, story, moderator, reason="", seen=None) -> bool:
    return _approve(story, moderator=moderator, reason=reason, seen=seen)


def story_hide(*, story, moderator, reason="", seen=None) -> bool:
    return _hide(story, moderator=moderator, reason=reason, seen=seen)


def story_remove(*, story, moderator, reason, seen=None) -> bool:
    return _remove(story, moderator=moderator, reason=reason, seen=seen)


def story_restore(*, story, moderator, reason="", seen=None) -> bool:
    return _restore(story, moderator=moderator, reason=reason, seen=seen)


def story_mark_reviewed(*, story, moderator, reason="", seen=None) -> bool:
    return _mark_reviewed(story, moderator=moderator, reason=reason, seen=seen)


def reply_approve(*, reply, moderator, reason="", seen=None) -> bool:
    return _approve(reply, moderator=moderator, reason=reason, seen=seen)


def reply_hide(*, reply, moderator, reason="", seen=None) -> bool:
    return _hide(reply, moderator=moderator, reason=reason, seen=seen)


def reply_remove(*, reply, moderator, reason, seen=None) -> bool:
    return _remove(reply, moderator=moderator, reason=reason, seen=seen)


def reply_restore(*, reply, moderator, reason="", seen=None) -> bool:
    return _restore(reply, moderator=moderator, reason=reason, seen=seen)


def reply_mark_reviewed(*, reply, moderator, reason="", seen=None) -> bool:
    return _mark_reviewed(reply, moderator=moderator, reason=reason, seen=seen)


def autohide(*, item) -> bool:
    """Hide a published item after enough trusted flags, until a moderator reviews it."""
    return _transition(
        item=item,
        action="autohide",
        log_as=ActionKind.AUTOHIDE,
        moderator=None,
        reason=_("Enough flags from established accounts."),
    )


def flags_dismiss(*, story=None, reply=None, moderator, reason="", seen=None) -> bool:
    """Close the open flags on an item as unfounded. An item they had hidden comes back
    (an item with open flags can only be hidden by auto-hide: moderator decisions close them)."""
    item = story if story is not None else reply
    now = timezone.now()
    with transaction.atomic():
        current = _locked(item, seen)
        if current is None or not _resolve_flags(current, "dismissed", now):
            return False
        before = current.state
        if before == State.HIDDEN:
            type(item).objects.filter(pk=item.pk, state=State.HIDDEN).update(
                state=target_of("restore"), updated_at=now
            )
            current.refresh_from_db()
            _after_state_change(current, before)
        else:
            type(item).objects.filter(pk=item.pk).update(updated_at=now)
        log_action(
            moderator=moderator,
            action=ActionKind.DISMISS,
            item=current,
            reason=reason,
            from_state=before,
            to_state=current.state,
        )
    return True


def _set_lock(story, *, locked: bool, moderator, reason, seen) -> bool:
    with transaction.atomic():
        current = _locked(story, seen)
        if current is None:
            return False
        changed = Story.objects.filter(pk=story.pk, replies_locked=not locked).update(
            replies_locked=locked, updated_at=timezone.now()
        )
        if changed:
            action = ActionKind.LOCK if locked else ActionKind.UNLOCK
            log_action(moderator=moderator, action=action, item=current, reason=reason)
    return bool(changed)


def story_lock_replies(*, story, moderator, reason="", seen=None) -> bool:
    return _set_lock(story, locked=True, moderator=moderator, reason=reason, seen=seen)


def story_unlock_replies(*, story, moderator, reason="", seen=None) -> bool:
    return _set_lock(story, locked=False, moderator=moderator, reason=reason, seen=seen)


def _edit(item, *, moderator, note: str, seen, fields: dict) -> bool:
    if not note.strip():
        raise ValueError("A note is required for a moderator's edit.")
    now = timezone.now()
    with transaction.atomic():
        current = _locked(item, seen)
        if current is None:
            return False
        Revision.objects.create(
            **{_target_field(item): current},
            original_title=getattr(current, "title", ""),
            original_body=current.body,
            original_content_note=getattr(current, "content_note", ""),
            note=note,
            moderator_name=moderator_label(moderator),
        )
        body_html = render_markdown(fields["body"])
        updates = {**fields, "body_html": body_html, "edited_at": now, "updated_at": now}
        if isinstance(current, Story):
            updates["excerpt"] = excerpt(body_html)
        changed = (
            type(item).objects.filter(pk=item.pk, updated_at=current.updated_at).update(**updates)
        )
        if not changed:
            transaction.set_rollback(True)
            return False
        current.refresh_from_db()
        if isinstance(current, Story):
            after_visibility_change(current)
        log_action(moderator=moderator, action=ActionKind.EDIT, item=current, reason=note)
    return True


def story_edit_by_moderator(
    *, story, moderator, title: str, body: str, content_note: str, note: str, seen=None
) -> bool:
    """Edit a story's text, keeping the original in its history (moderators only)."""
    fields = {"title": title, "body": body, "content_note": content_note}
    return _edit(story, moderator=moderator, note=note, seen=seen, fields=fields)


def reply_edit_by_moderator(*, reply, moderator, body: str, note: str, seen=None) -> bool:
    return _edit(reply, moderator=moderator, note=note, seen=seen, fields={"body": body})


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

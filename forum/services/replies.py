"""Posting and managing replies."""

from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Count, Max, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from accounts.aliases import new_alias
from forum.models import Notification, NotificationKind, Reply, Story
from forum.rendering import render_markdown
from moderation.states import State

from .common import apply_edit_intake, create_once, decide_intake, intake_fields
from .notifications import notify
from .sql import count_reply, own_reply_rows, thread_alias_rows, thread_recipients


class RepliesClosed(Exception):
    """The story stopped taking replies (closed, locked, "replies off" or not published)."""


def refresh_reply_stats(story_id: int) -> None:
    """Recount a story's published replies and latest reply time.

    Call in the same transaction as any change to a reply's state (publish, hide, remove,
    restore, delete). A recount rather than +1/-1, so no sequence of state changes can drift.
    """
    published = Reply.objects.filter(story_id=OuterRef("pk"), state=State.PUBLISHED)
    with transaction.atomic():
        # Lock the story first so the recount below takes its snapshot after any other writer
        # of this thread has committed (PostgreSQL would otherwise miss that writer's reply).
        list(Story.objects.filter(pk=story_id).select_for_update().values_list("pk", flat=True))
        _recount(story_id, published)


def _recount(story_id: int, published) -> None:
    Story.objects.filter(pk=story_id).update(
        reply_count=Coalesce(
            Subquery(published.values("story_id").annotate(n=Count("*")).values("n")), 0
        ),
        last_reply_at=Subquery(
            published.values("story_id").annotate(last=Max("created_at")).values("last")
        ),
    )


def reply_published(reply: Reply) -> None:
    """What follows a reply becoming public: the story's counters and a note to its author.

    Called by moderation when it approves a pending reply (``reply_post`` moves the counters
    itself); call it inside the transaction that published the reply.
    """
    refresh_reply_stats(reply.story_id)
    story = Story.objects.only("pk", "author_id").get(pk=reply.story_id)
    _notify_thread(story, reply)


def _notify_thread(story: Story, reply: Reply) -> None:
    """A note to the story's author and one to each follower of the thread, the replier
    aside, in one read and one insert: this runs while the write lock is held."""
    recipients = thread_recipients(
        story_id=story.pk, author_id=story.author_id, replier_id=reply.author_id
    )
    if not recipients:
        return
    now = timezone.now()
    Notification.objects.bulk_create(
        Notification(
            user_id=user_id,
            kind=NotificationKind.REPLY
            if user_id == story.author_id
            else NotificationKind.FOLLOWED_REPLY,
            story_id=story.pk,
            reply=reply,
            actor_alias=reply.alias,
            # As ``notifications.wants_email``, from the two columns read above.
            emailed_at=None if email and wants else now,
        )
        for user_id, email, wants in recipients
    )


@dataclass(frozen=True)
class ThreadAlias:
    alias: str
    is_story_author: bool


def own_replies(*, story: Story, user) -> list[tuple[str, str]]:
    """(alias, state) of the viewer's replies in this thread, oldest first; empty for guests."""
    if user is None or not user.is_authenticated:
        return []
    return own_reply_rows(story.pk, user.pk)


def thread_alias(*, story: Story, user, own=None) -> ThreadAlias | None:
    """The alias ``user`` has (or would have) in this story's thread, or None for a guest.

    The story's author answers under the story's alias; anyone else keeps the alias of their
    first reply here, so one person is one name within a thread and a stranger in the next.
    ``own`` is ``own_replies()`` when the caller already has it.
    """
    if user is None or not user.is_authenticated:
        return None
    if story.author_id == user.pk:
        return ThreadAlias(alias=story.alias, is_story_author=True)
    own = own_replies(story=story, user=user) if own is None else own
    return ThreadAlias(alias=own[0][0], is_story_author=False) if own else None


def _new_thread_alias(story: Story, user) -> ThreadAlias:
    """The alias for ``user``'s reply, from one read of the thread's aliases (inside the write
    transaction, after the story row is locked, so a first reply sees every earlier one)."""
    known = thread_alias(story=story, user=user, own=[])
    if known is not None:
        return known
    taken = {story.alias}
    for alias, author_id in thread_alias_rows(story.pk):
        if user is not None and author_id == user.pk:
            return ThreadAlias(alias=alias, is_story_author=False)
        taken.add(alias)
    return ThreadAlias(alias=new_alias(taken=taken), is_story_author=False)


def reply_post(
    *,
    story: Story,
    user,
    body: str,
    content_note: str = "",
    submit_token: str = "",
    client_hash: str = "",
    hold: str = "",
    attention: str = "",
) -> tuple[Reply, bool]:
    """Save a reply, published or pending as the intake rules decide. Returns (reply, created).

    Raises ``RepliesClosed`` when the story no longer takes replies. Screening, rendering and
    the replier's known alias are worked out before the write transaction; inside it, one
    conditional UPDATE checks the story still takes replies, moves its counters with F() (so
    concurrent replies never lose a count) and locks the row, so two first replies by one
    person cannot get two aliases; then the alias of a first reply, the row and the notes.
    """
    account = user if user is not None and user.is_authenticated else None
    intake = decide_intake(user=account, text=body, hold=hold, attention=attention)
    body_html = render_markdown(body)
    public = intake.state == State.PUBLISHED
    # An alias once given in a thread never changes, so it can be read before the lock.
    known = thread_alias(story=story, user=account)

    def create() -> Reply:
        now = timezone.now()
        with transaction.atomic():
            if not count_reply(story_id=story.pk, public=public, now=now):
                raise RepliesClosed
            alias = known or _new_thread_alias(story, account)
            reply = Reply.objects.create(
                story=story,
                author=account,
                alias=alias.alias,
                is_story_author=alias.is_story_author,
                body=body,
                body_html=body_html,
                content_note=content_note,
                submit_token=submit_token or None,
                client_hash=client_hash,
                created_at=now,
                **intake_fields(intake, now=now),
            )
            if public:
                _notify_thread(story, reply)
        return reply

    # create() does nothing before its transaction: the unique token finds a double submit.
    return create_once(Reply, submit_token=submit_token, create=create, look_first=False)


def edit_deadline(reply: Reply):
    return reply.created_at + timedelta(minutes=settings.UNSPOKEN_REPLY_EDIT_MINUTES)


def can_still_edit(reply: Reply, *, now=None) -> bool:
    return (now or timezone.now()) <= edit_deadline(reply)


def reply_edit(
    *,
    reply: Reply,
    user,
    body: str,
    content_note: str | None = None,
    hold: str = "",
    attention: str = "",
) -> Reply:
    """Apply the replier's edit. A published reply edited by a not yet trusted account goes
    back to review (and out of the counters) like a story does."""
    intake = decide_intake(user=user, text=body, hold=hold, attention=attention)
    with transaction.atomic():
        reply = Reply.objects.select_for_update().get(pk=reply.pk)
        reply.body = body
        reply.body_html = render_markdown(body)
        if content_note is not None:
            reply.content_note = content_note
        left = apply_edit_intake(reply, intake, now=timezone.now())
        reply.save()
        if left:
            refresh_reply_stats(reply.story_id)
    return reply


def reply_delete(*, reply: Reply) -> None:
    """Delete for real: the text, its reactions and notifications about it are gone."""
    with transaction.atomic():
        story_id = reply.story_id
        Reply.objects.filter(pk=reply.pk).delete()
        refresh_reply_stats(story_id)


def reply_mark_helpful(*, reply: Reply, helpful: bool) -> bool:
    """The story's author marks (or unmarks) a published reply as "this helped me".

    Returns whether anything changed; the replier hears about it the first time it is marked.
    """
    with transaction.atomic():
        changed = bool(
            Reply.objects.published()
            .filter(pk=reply.pk, helpful=not helpful)
            .update(helpful=helpful)
        )
        already_told = Notification.objects.filter(kind=NotificationKind.HELPFUL, reply=reply)
        if changed and helpful and reply.author_id and not already_told.exists():
            notify(
                user=reply.author,
                kind=NotificationKind.HELPFUL,
                story=reply.story,
                reply=reply,
                actor_alias=reply.story.alias,
            )
    return changed

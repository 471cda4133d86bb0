"""The forum's part of an account's data: export it, or erase it when the account is deleted.

Called by ``accounts.data`` through ``settings.UNSPOKEN_ACCOUNT_DATA_HANDLERS``. Secrets (manage
and submit tokens) and client hashes are never exported; the export names other people only by
their aliases.
"""

from django.conf import settings
from django.db import transaction
from django.db.models import Count, OuterRef, Subquery
from django.db.models.functions import Coalesce

from forum import search
from forum.models import Notification, Reaction, ReactionKind, Reply, Story
from forum.services.replies import refresh_reply_stats
from forum.services.stories import refresh_theme_counts
from moderation.states import State


def _public_url(story: Story) -> str:
    return story.get_absolute_url() if story.state == State.PUBLISHED else ""


def _story(story: Story) -> dict:
    return {
        "id": story.pk,
        "title": story.title,
        "body": story.body,
        "alias": story.alias,
        "state": story.state,
        "url": _public_url(story),
        "themes": [t.name for t in story.themes.all()],
        "content_warnings": story.content_warnings,
        "content_note": story.content_note,
        "answer_mode": story.answer_mode,
        "replies_closed": story.replies_closed,
        "reply_count": story.reply_count,
        "crisis_language_noted": story.crisis_detected,
        "created_at": story.created_at,
        "published_at": story.published_at,
        "edited_at": story.edited_at,
    }


def _reply(reply: Reply) -> dict:
    return {
        "id": reply.pk,
        "story_id": reply.story_id,
        "story_title": reply.story.title,
        "body": reply.body,
        "content_note": reply.content_note,
        "alias": reply.alias,
        "state": reply.state,
        "url": reply.get_absolute_url()
        if reply.state == State.PUBLISHED and reply.story.state == State.PUBLISHED
        else "",
        "marked_helpful": reply.helpful,
        "as_story_author": reply.is_story_author,
        "crisis_language_noted": reply.crisis_detected,
        "created_at": reply.created_at,
        "published_at": reply.published_at,
        "edited_at": reply.edited_at,
    }


def export_account(user) -> dict:
    """Stories (any state), replies, reactions and notifications of ``user``."""
    stories = Story.objects.filter(author=user).prefetch_related("themes").order_by("created_at")
    replies = Reply.objects.filter(author=user).select_related("story").order_by("created_at")
    reactions = (
        Reaction.objects.filter(user=user).select_related("story").order_by("created_at", "id")
    )
    notifications = (
        Notification.objects.filter(user=user).select_related("story").order_by("created_at")
    )
    return {
        "stories": [_story(s) for s in stories],
        "replies": [_reply(r) for r in replies],
        "reactions": [
            {
                "kind": r.kind,
                "label": str(ReactionKind(r.kind).label),
                "story_id": r.story_id,
                "story_title": r.story.title,
                "reply_id": r.reply_id,
                "created_at": r.created_at,
            }
            for r in reactions
        ],
        "notifications": [
            {
                "kind": n.kind,
                "story_id": n.story_id,
                "story_title": n.story.title if n.story_id else "",
                "reply_id": n.reply_id,
                "from_alias": n.actor_alias,
                "message": n.message,
                "created_at": n.created_at,
                "read_at": n.read_at,
                "emailed_at": n.emailed_at,
            }
            for n in notifications
        ],
        "notes": [
            "Each post also keeps, for at most "
            f"{settings.UNSPOKEN_HASH_RETENTION_DAYS} days, a keyed hash of the network address "
            "it was sent from (used against abuse). The address itself is never stored, and the "
            "hash cannot be turned back into it, so it is not part of this file.",
        ],
    }


def _reaction_count(kind: str | None, **match):
    rows = Reaction.objects.filter(**match)
    if kind is not None:
        rows = rows.filter(kind=kind)
    group = next(iter(match))
    return Coalesce(
        Subquery(rows.values(group).annotate(n=Count("*")).values("n")[:1]),
        0,
    )


def refresh_reaction_counts(*, story_ids=(), reply_ids=()) -> None:
    """Recount the reaction counters of these stories and replies from the reaction rows."""
    targets = [
        (Story, set(story_ids), {"story": OuterRef("pk"), "reply__isnull": True}),
        (Reply, set(reply_ids), {"reply": OuterRef("pk")}),
    ]
    for model, ids, match in targets:
        if not ids:
            continue
        counters = {f"reaction_{k}": _reaction_count(k, **match) for k in ReactionKind.values}
        counters["support_count"] = _reaction_count(None, **match)
        model.objects.filter(pk__in=ids).update(**counters)


def _delete_posts(user) -> None:
    stories = Story.objects.filter(author=user)
    story_ids = list(stories.values_list("pk", flat=True))
    theme_ids = set(
        Story.themes.through.objects.filter(story_id__in=story_ids).values_list(
            "theme_id", flat=True
        )
    )
    for pk in story_ids:
        search.unindex_story(pk)
    # Other people's replies in those threads go with them, as when a story is deleted alone.
    stories.delete()
    refresh_theme_counts(theme_ids)
    replies = Reply.objects.filter(author=user)
    thread_ids = set(replies.values_list("story_id", flat=True))
    replies.delete()
    for story_id in thread_ids:
        refresh_reply_stats(story_id)


def _unlink_posts(user) -> None:
    unlinked = {"author": None, "submit_token": None, "client_hash": ""}
    Story.objects.filter(author=user).update(**unlinked, guest_token_hash="")
    Reply.objects.filter(author=user).update(**unlinked)


def erase_account(user, *, keep_posts: bool) -> None:
    """Delete the account's stories and replies, or keep them under their aliases with nothing
    left that leads back to the account. Reactions and notifications go in both cases."""
    with transaction.atomic():
        if keep_posts:
            _unlink_posts(user)
        else:
            _delete_posts(user)
        reactions = Reaction.objects.filter(user=user)
        story_ids = set(reactions.filter(reply__isnull=True).values_list("story_id", flat=True))
        reply_ids = set(reactions.exclude(reply__isnull=True).values_list("reply_id", flat=True))
        reactions.delete()
        refresh_reaction_counts(story_ids=story_ids, reply_ids=reply_ids)
        Notification.objects.filter(user=user).delete()

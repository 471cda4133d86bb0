"""Posting and managing replies."""

from django.db.models import Count, Max, OuterRef, Subquery
from django.db.models.functions import Coalesce

from forum.models import Reply, Story
from moderation.states import State


def refresh_reply_stats(story_id: int) -> None:
    """Recount a story's published replies and latest reply time.

    Call in the same transaction as any change to a reply's state (publish, hide, remove,
    restore, delete). A recount rather than +1/-1, so no sequence of state changes can drift.
    """
    published = Reply.objects.filter(story_id=OuterRef("pk"), state=State.PUBLISHED)
    Story.objects.filter(pk=story_id).update(
        reply_count=Coalesce(
            Subquery(published.values("story_id").annotate(n=Count("*")).values("n")), 0
        ),
        last_reply_at=Subquery(
            published.values("story_id").annotate(last=Max("created_at")).values("last")
        ),
    )

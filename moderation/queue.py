"""What waits for moderators."""

from django.db.models import Q

from forum.models import Reply, Story
from moderation.states import State

WAITING = Q(state=State.PENDING) | ~Q(attention="")


def queue_size() -> int:
    """Items waiting for a first look or for a second look (crisis, tone, watched words)."""
    return Story.objects.filter(WAITING).count() + Reply.objects.filter(WAITING).count()

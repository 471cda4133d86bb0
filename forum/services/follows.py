"""Following and saving stories: private marks an account keeps, never shown or counted."""

from django.db import IntegrityError, transaction

from forum.models import ReaderMark, Reply, Story
from moderation.states import State

FOLLOW = ReaderMark.Kind.FOLLOW
SAVE = ReaderMark.Kind.SAVE


def story_mark_set(*, user, story: Story, kind: str, on: bool) -> bool:
    """Follow or save (``on``), or stop. Idempotent: returns whether anything changed.

    A form sends the state it wants rather than "toggle", so a double submit or a stale tab
    never undoes what the reader just did.
    """
    if kind not in ReaderMark.Kind.values:
        raise ValueError(kind)
    marks = ReaderMark.objects.filter(user=user, story=story, kind=kind)
    if not on:
        return marks.delete()[0] > 0
    if marks.exists():
        return False
    try:
        with transaction.atomic():
            ReaderMark.objects.create(user=user, story=story, kind=kind)
    except IntegrityError:  # the same request twice at once: the first one won
        return False
    return True


def marks_of(*, user, story: Story) -> set[str]:
    """The kinds of mark this account has on this story (empty for visitors)."""
    if user is None or not user.is_authenticated:
        return set()
    return set(ReaderMark.objects.filter(user=user, story=story).values_list("kind", flat=True))


def marked_stories(*, user, kind: str):
    """Published stories the account follows or saved, newest stories first."""
    ids = ReaderMark.objects.filter(user=user, kind=kind)
    return (
        Story.objects.published()
        .filter(pk__in=ids.values("story_id"))
        .order_by("-published_at", "-id")
    )


def follower_ids(story_id: int, *, exclude=()) -> list[int]:
    excluded = {pk for pk in exclude if pk}
    return [
        pk
        for pk in ReaderMark.objects.filter(story_id=story_id, kind=FOLLOW).values_list(
            "user_id", flat=True
        )
        if pk not in excluded
    ]


def replier_ids(story_id: int, *, exclude=()) -> list[int]:
    """Accounts with a published reply in the thread."""
    excluded = {pk for pk in exclude if pk}
    ids = (
        Reply.objects.filter(story_id=story_id, state=State.PUBLISHED, author__isnull=False)
        .values_list("author_id", flat=True)
        .distinct()
    )
    return [pk for pk in ids if pk not in excluded]

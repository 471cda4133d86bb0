"""What waits for moderators, in what order, and the figures on the moderation home."""

import statistics
from dataclasses import dataclass, field
from datetime import timedelta

from django.db.models import Count, Exists, IntegerField, Min, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from forum.models import Reply, Story
from moderation.states import Attention, State

TABS = ("waiting", "pending", "flagged", "tone", "hidden", "recent")
RECENT_DAYS = 7


def _open_flags(target: str):
    from .models import Flag

    return Flag.objects.filter(**{target: OuterRef("pk")}, resolved_at__isnull=True)


def _has_open_flags(target: str):
    return Exists(_open_flags(target))


def _waiting(target: str) -> Q:
    """Awaiting a first look, marked for a second look, or flagged and not yet reviewed."""
    return (
        Q(state=State.PENDING)
        | (~Q(attention="") & ~Q(state=State.REMOVED))
        | Q(_has_open_flags(target))
    )


def _tab_filter(tab: str, target: str) -> Q:
    if tab == "pending":
        return Q(state=State.PENDING)
    if tab == "flagged":
        return Q(_has_open_flags(target))
    if tab == "tone":
        return ~Q(attention="") & ~Q(state__in=[State.REMOVED, State.PENDING])
    if tab == "hidden":
        return Q(state=State.HIDDEN)
    if tab == "recent":
        return Q(created_at__gte=timezone.now() - timedelta(days=RECENT_DAYS))
    return _waiting(target)


def queue_size() -> int:
    """What the default tab of the queue lists (the header badge shows it)."""
    return (
        Story.objects.filter(_waiting("story")).count()
        + Reply.objects.filter(_waiting("reply")).count()
    )


def _keys(model, target: str, tab: str) -> list[tuple]:
    flags = _open_flags(target).values(target).annotate(n=Count("*")).values("n")
    danger = _open_flags(target).filter(reason="danger")
    rows = (
        model.objects.filter(_tab_filter(tab, target))
        .annotate(
            n_flags=Coalesce(Subquery(flags, output_field=IntegerField()), Value(0)),
            danger=Exists(danger),
        )
        .values_list("pk", "danger", "crisis_detected", "attention", "n_flags", "created_at")
    )
    return [(target, *row) for row in rows]


def ordered_keys(tab: str) -> list[tuple[str, int]]:
    """(kind, pk) for every item in a tab, most urgent first: "someone may be in danger" flags,
    then crisis language, then the number of open flags, then the oldest. "recent" is newest
    first."""
    rows = _keys(Story, "story", tab) + _keys(Reply, "reply", tab)
    if tab == "recent":
        rows.sort(key=lambda r: r[6], reverse=True)
    else:
        rows.sort(
            key=lambda r: (
                not r[2],
                not (r[3] or r[4] == Attention.CRISIS),
                -r[5],
                r[6],
                r[0],
                r[1],
            )
        )
    return [(r[0], r[1]) for r in rows]


@dataclass
class QueueItem:
    kind: str  # "story" or "reply"
    obj: object
    key: str
    flags: list = field(default_factory=list)

    @property
    def story(self):
        return self.obj if self.kind == "story" else self.obj.story

    @property
    def open_flags(self):
        return [f for f in self.flags if f.resolved_at is None]

    @property
    def has_danger(self) -> bool:
        return any(f.reason == "danger" for f in self.open_flags)

    @property
    def sensitive(self) -> bool:
        """Shown collapsed and blurred until the moderator opens it."""
        obj = self.obj
        story = obj if self.kind == "story" else obj.story
        return bool(
            obj.crisis_detected
            or obj.attention == Attention.CRISIS
            or self.has_danger
            or story.content_note
            or story.content_warnings
        )


def load_items(keys: list[tuple[str, int]]) -> list[QueueItem]:
    """The rows for one page of keys, in that order, with themes and flags in bulk."""
    from .authorkey import author_key
    from .models import Flag

    story_ids = [pk for kind, pk in keys if kind == "story"]
    reply_ids = [pk for kind, pk in keys if kind == "reply"]
    stories = Story.objects.prefetch_related("themes").in_bulk(story_ids) if story_ids else {}
    replies = Reply.objects.select_related("story").in_bulk(reply_ids) if reply_ids else {}
    flags: dict[tuple[str, int], list] = {}
    if keys:
        for flag in Flag.objects.filter(
            Q(story_id__in=story_ids) | Q(reply_id__in=reply_ids)
        ).order_by("resolved_at", "-created_at"):
            kind, pk = ("story", flag.story_id) if flag.story_id else ("reply", flag.reply_id)
            flags.setdefault((kind, pk), []).append(flag)
    items = []
    for kind, pk in keys:
        obj = (stories if kind == "story" else replies).get(pk)
        if obj is not None:
            items.append(QueueItem(kind, obj, author_key(obj), flags.get((kind, pk), [])))
    return items


def median_first_review(days: int = 7) -> timedelta | None:
    """Median time from a post's creation to the first moderator decision on it, over posts
    first reviewed in the last ``days`` days (automatic hides do not count as a review)."""
    from .models import ActionKind, ModerationAction

    since = timezone.now() - timedelta(days=days)
    decisions = ModerationAction.objects.exclude(moderator_name="").exclude(
        action__in=[
            ActionKind.AUTOHIDE,
            ActionKind.SUSPEND,
            ActionKind.LIFT,
            ActionKind.WORD_ADD,
            ActionKind.WORD_DELETE,
        ]
    )
    waits = []
    for target in ("story", "reply"):
        firsts = (
            decisions.filter(**{f"{target}__isnull": False})
            .values(target, f"{target}__created_at")
            .annotate(first=Min("created_at"))
            .filter(first__gte=since)
        )
        waits += [row["first"] - row[f"{target}__created_at"] for row in firsts]
    if not waits:
        return None
    return statistics.median(waits)

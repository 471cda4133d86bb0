"""What waits for moderators, in what order, and the figures on the moderation home."""

import statistics
from dataclasses import dataclass, field
from datetime import timedelta

from django.db.models import Count, Exists, IntegerField, Min, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from moderation import items
from moderation.states import Attention, State

TABS = ("waiting", "pending", "flagged", "tone", "hidden", "recent", "appeals")
ITEM_TABS = TABS[:-1]
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
    return sum(
        model.objects.filter(_waiting(target)).count() for target, model in items.KINDS.items()
    )


def tab_counts() -> dict[str, int]:
    """How many items each tab lists: one conditional count per kind, and one for appeals."""
    from .models import Appeal, AppealStatus

    counts = dict.fromkeys(TABS, 0)
    for target, model in items.KINDS.items():
        row = model.objects.aggregate(
            **{tab: Count("pk", filter=_tab_filter(tab, target)) for tab in ITEM_TABS}
        )
        for tab in ITEM_TABS:
            counts[tab] += row[tab]
    counts["appeals"] = Appeal.objects.filter(status=AppealStatus.OPEN).count()
    return counts


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
    rows = [row for target, model in items.KINDS.items() for row in _keys(model, target, tab)]
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
    obj: object
    key: str
    flags: list = field(default_factory=list)
    actions: list = field(default_factory=list)
    following: str = ""  # the next item's anchor ("reply-7"), where a decision lands

    @property
    def story(self):
        return items.story_of(self.obj)

    @property
    def open_flags(self):
        return [f for f in self.flags if f.resolved_at is None]

    @property
    def has_danger(self) -> bool:
        return any(f.reason == "danger" for f in self.open_flags)

    @property
    def sensitive(self) -> bool:
        """Shown collapsed and blurred until the moderator opens it."""
        return items.is_sensitive(self.obj, danger=self.has_danger)


def load_items(keys: list[tuple[str, int]]) -> list[QueueItem]:
    """The rows for one page of keys, in that order, with themes, flags and buttons in bulk."""
    from .actions import offered
    from .authorkey import author_key
    from .models import Flag

    found = items.load_many(keys)
    flags: dict[tuple[str, int], list] = {}
    if keys:
        for flag in Flag.objects.filter(items.any_of(keys)).order_by("resolved_at", "-created_at"):
            flags.setdefault(items.key_of_row(flag), []).append(flag)
    rows = []
    for key in keys:
        obj = found.get(key)
        if obj is not None:
            rows.append(QueueItem(obj, author_key(obj), flags.get(key, [])))
    for row, after in zip(rows, [*rows[1:], None], strict=False):
        row.actions = offered(row.obj, open_flags=len(row.open_flags))
        row.following = f"{items.kind_of(after.obj)}-{after.obj.pk}" if after else ""
    return rows


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
    for target in items.KINDS:
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

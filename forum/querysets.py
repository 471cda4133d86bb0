"""The read API and the visibility gate.

Every public list, feed, sitemap and search starts from ``published()`` or ``visible_to()``;
views never filter on state themselves, so a pending or removed post can only leak by
bypassing these methods.
"""

from django.db import DEFAULT_DB_ALIAS, models

from moderation.states import State


class StoryQuerySet(models.QuerySet):
    def published(self):
        return self.filter(state=State.PUBLISHED)

    def visible_to(self, user):
        """Published stories, plus the viewer's own stories in any state but removed."""
        if user is not None and user.is_authenticated:
            return self.filter(
                models.Q(state=State.PUBLISHED)
                | models.Q(author=user, state__in=[State.PENDING, State.HIDDEN])
            )
        return self.published()

    def with_reader_marks(self, user):
        """Annotate ``is_followed`` and ``is_saved`` for this account (both False for
        visitors), in the same query as the story."""
        if user is None or not user.is_authenticated:
            return self.annotate(
                is_followed=models.Value(False, models.BooleanField()),
                is_saved=models.Value(False, models.BooleanField()),
            )
        from django.db.models.expressions import RawSQL

        from forum.models import ReaderMark
        from forum.services.sql import reader_mark_sql

        # Plain SQL rather than Exists(OuterRef(...)): building the two correlated subqueries
        # cost more than half of a signed-in story page's queries (bench/cpu.py --profile).
        sql = reader_mark_sql()

        def mark(kind):
            # noqa below: the SQL names only tables and columns; both values are parameters.
            return RawSQL(sql, [user.pk, kind.value], output_field=models.BooleanField())  # noqa: S611

        return self.annotate(
            is_followed=mark(ReaderMark.Kind.FOLLOW), is_saved=mark(ReaderMark.Kind.SAVE)
        )

    def in_theme(self, theme):
        return self.filter(themes=theme)

    def accepting_replies(self):
        from .models import ACCEPTS_REPLIES

        return self.filter(**ACCEPTS_REPLIES)

    def waiting(self):
        """Published stories nobody has answered yet, that still accept replies."""
        return self.accepting_replies().filter(reply_count=0)

    def without_bodies(self):
        """A list row's columns: everything but the long texts and private hashes."""
        return self.defer("body", "body_html", "guest_token_hash", "client_hash")

    def for_cards(self):
        """Only the columns a story card, its fragment key and the reader's filter read.

        Every column Django reads it also converts (SQLite's dates are parsed from text): a
        page of 20 cards spent more on the columns no card shows than on its query. Anything
        that reads another column of these rows costs a query per row, which the query budget
        tests would catch.
        """
        return self.only(*CARD_FIELDS)

    def without_hidden(self, reader_filter):
        """Leave out stories that carry a note or theme the reader chose to hide (feeds)."""
        stories = self
        for note in sorted(reader_filter.notes):
            # The JSON list as text: the quotes keep "loss" from matching inside other values.
            stories = stories.exclude(content_warnings__icontains=f'"{note}"')
        if reader_filter.themes:
            stories = stories.exclude(themes__slug__in=sorted(reader_filter.themes))
        return stories

    def sorted_by(self, sort: str):
        if sort == "supported":
            return self.order_by("-support_count", "-id")
        if sort == "waiting":
            return self.order_by("reply_count", "published_at", "id")
        return self.order_by("-published_at", "-id")


class ReplyQuerySet(models.QuerySet):
    def published(self):
        return self.filter(state=State.PUBLISHED)

    def visible_to(self, user):
        if user is not None and user.is_authenticated:
            return self.filter(
                models.Q(state=State.PUBLISHED) | models.Q(author=user, state=State.PENDING)
            )
        return self.published()

    def with_key(self, story_pk, key: str):
        """The reply of story ``story_pk`` whose per-thread key is ``key`` (at most one row).

        Keys are not stored: the thread's reply ids are read (one index-only query) and the
        key recomputed for each, so a forged key, or one from another story, matches nothing.
        """
        from .models import REPLY_KEY_LENGTH, reply_key

        if not isinstance(key, str) or len(key) != REPLY_KEY_LENGTH:
            return self.none()
        if not 0 < int(story_pk) < 2**63:
            return self.none()  # no such id; a foreign key lookup would overflow in SQLite
        thread = self.model.objects.filter(story_id=story_pk).values_list("pk", flat=True)
        found = [pk for pk in thread if reply_key(story_pk, pk) == key]
        return self.filter(story_id=story_pk, pk__in=found[:1])


# What a card shows (_story_card.html) and keys its fragment on, and what the reader's filter
# and the page cache read: see StoryQuerySet.for_cards.
CARD_FIELDS = (
    "id",
    "state",
    "title",
    "slug",
    "alias",
    "excerpt",
    "content_note",
    "content_warnings",
    "answer_mode",
    "reply_count",
    "support_count",
    "published_at",
)


def attach_theme_tags(stories) -> None:
    """Give each story of a list (``for_cards()`` rows) the theme tags its card shows
    (name and slug, in the themes' order) from one query of plain rows: on a list page Django's
    prefetch spent more time building its query and instances than the page's other queries
    together (bench/cpu.py --profile). ``story.themes.all()`` then asks nothing of the
    database."""
    from .models import Theme

    stories = [
        story
        for story in stories
        if story is not None and "themes" not in story.__dict__.get("_prefetched_objects_cache", {})
    ]  # a story whose tags are attached already is not read again
    tags = {story.pk: [] for story in stories}
    if tags:
        from .services.sql import theme_tag_rows

        fields, rows = theme_tag_rows(list(tags))
        themes = {}  # one instance per theme on the page, however many cards carry it
        at = fields.index("id")
        for story_id, *values in rows:
            theme = themes.get(values[at])
            if theme is None:
                theme = themes[values[at]] = Theme.from_db(DEFAULT_DB_ALIAS, fields, values)
            tags[story_id].append(theme)
    empty = Theme.objects.all()
    for story in stories:
        found = empty._chain()
        found._result_cache, found._prefetch_done = tags[story.pk], True
        cache = story.__dict__.setdefault("_prefetched_objects_cache", {})
        cache["themes"] = found

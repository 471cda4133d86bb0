"""Reader filters: the standard content notes and themes a reader is not ready for.

An account keeps its choice on the user row; a visitor without an account keeps it in one
cookie (no session, no server-side state). Matching stories show in lists as one quiet line,
never open by themselves on the story page, and are left out of feeds. Unknown values, from an
old cookie or a hand-made form, are dropped, never an error.
"""

from dataclasses import dataclass
from urllib.parse import urlencode

from django.utils.translation import gettext as _

from .models import ContentWarning

# A visitor's choice for their browser. Requests carrying it skip the shared page cache.
FILTER_COOKIE = "unspoken_hide"
COOKIE_MAX_AGE = 365 * 24 * 3600
# Bounds on what one cookie or form may hold, far above any real choice.
MAX_VALUES = 64
MAX_COOKIE_LENGTH = 2000


class Reasons(list):
    """The hidden notes and themes a story carries; ``by_note`` when a note is among them."""

    by_note = False


@dataclass(frozen=True)
class ReaderFilter:
    notes: frozenset[str] = frozenset()
    themes: frozenset[str] = frozenset()

    def __bool__(self) -> bool:
        return bool(self.notes or self.themes)

    def reasons(self, story) -> Reasons:
        """The hidden notes and themes this story carries, as words for the reader.

        Reads ``story.themes.all()``, which list views prefetch: no query per story.
        """
        found = Reasons()
        if not self:
            return found
        found += [
            str(ContentWarning(w).label)
            for w in story.content_warnings or ()
            if w in self.notes and w in ContentWarning.values
        ]
        found.by_note = bool(found)
        if self.themes:
            found += [t.name for t in story.themes.all() if t.slug in self.themes]
        return found

    def as_feed_query(self) -> str:
        """``hide=`` parameters for a feed address (see ``from_query``)."""
        values = sorted(self.notes) + [f"theme:{t}" for t in sorted(self.themes)]
        return urlencode([("hide", v) for v in values])

    def as_cookie(self) -> str:
        values = [f"n.{n}" for n in sorted(self.notes)] + [f"t.{t}" for t in sorted(self.themes)]
        return "~".join(values)


def clean_values(notes, themes, *, theme_slugs) -> tuple[ReaderFilter, list[str]]:
    """A filter from submitted values, and the values that were not known (and are dropped)."""
    notes = [str(n) for n in list(notes)[:MAX_VALUES]]
    themes = [str(t) for t in list(themes)[:MAX_VALUES]]
    known_notes = set(ContentWarning.values)
    known_themes = set(theme_slugs)
    unknown = [n for n in notes if n not in known_notes] + [
        t for t in themes if t not in known_themes
    ]
    kept = ReaderFilter(
        notes=frozenset(n for n in notes if n in known_notes),
        themes=frozenset(t for t in themes if t in known_themes),
    )
    return kept, unknown


def from_cookie(raw: str) -> ReaderFilter:
    """A visitor's filter from the cookie; anything malformed or unknown is ignored.

    Theme slugs are kept as they are (a slug that matches no theme matches no story), so
    reading the cookie costs no query.
    """
    if not raw or len(raw) > MAX_COOKIE_LENGTH:
        return ReaderFilter()
    notes, themes = set(), set()
    for value in raw.split("~")[:MAX_VALUES]:
        kind, _sep, name = value.partition(".")
        if kind == "n" and name in ContentWarning.values:
            notes.add(name)
        elif kind == "t" and name and len(name) <= 80:
            themes.add(name)
    return ReaderFilter(notes=frozenset(notes), themes=frozenset(themes))


def reader_filter(request) -> ReaderFilter:
    """The filter of whoever is reading: the account's, else the browser's cookie."""
    cached = getattr(request, "_reader_filter", None)
    if cached is not None:
        return cached
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        found = ReaderFilter(
            notes=frozenset(n for n in user.hidden_notes or () if n in ContentWarning.values),
            themes=frozenset(str(t) for t in user.hidden_themes or ()),
        )
    else:
        found = from_cookie(request.COOKIES.get(FILTER_COOKIE, ""))
    request._reader_filter = found
    return found


# ``?show=1`` on a story page: the reader asked to see a story they chose to hide.
SHOW_PARAM = "show"


def asked_to_show(request) -> bool:
    return request.GET.get(SHOW_PARAM) == "1"


def hidden_for(request, story) -> Reasons:
    """What of ``story`` this reader chose to hide; nothing for the story's own writer."""
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated and story.author_id == user.pk:
        return Reasons()
    return reader_filter(request).reasons(story)


def story_url(request, story, fragment: str = "") -> str:
    """The story's address to send this reader back to after an action on its page: with
    ``?show=1`` when they chose to hide it, as they were reading it when they acted."""
    url = story.get_absolute_url()
    if reader_filter(request) and hidden_for(request, story):
        url = f"{url}?{SHOW_PARAM}=1"
    return url + fragment


def from_query(values) -> ReaderFilter:
    """A filter given in a feed's address (``?hide=self-harm&hide=theme:slug``), for feed
    readers, which carry no cookie."""
    notes, themes = set(), set()
    for value in list(values)[:MAX_VALUES]:
        if value.startswith("theme:"):
            if 0 < len(value) - 6 <= 80:
                themes.add(value[6:])
        elif value in ContentWarning.values:
            notes.add(value)
    return ReaderFilter(notes=frozenset(notes), themes=frozenset(themes))


def filter_choices(current: ReaderFilter) -> dict:
    """The checkboxes of the filter form, ticked as ``current`` says (one query: themes)."""
    from .models import Theme

    return {
        "note_choices": [
            (value, label, value in current.notes) for value, label in ContentWarning.choices
        ],
        "theme_choices": [
            (t.slug, t.name, t.slug in current.themes) for t in Theme.objects.only("slug", "name")
        ],
    }


def unknown_message(unknown: list[str]) -> str:
    shown = ", ".join(v[:40] for v in unknown[:5])
    return _("We ignored what we did not recognise (%(values)s); the rest is saved.") % {
        "values": shown
    }

"""The one module that knows a moderated item is a story or a reply.

Everything else in moderation asks this module: an item's kind, the story it belongs to, how
to load it, the keyword that points a flag, log row or revision at it (``lookup``), its URLs
and whether its text may hurt to read. Templates use the ``moderation_url`` tag, never a
``kind == "story"`` test.
"""

from django.db.models import Q
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from forum.models import Reply, Story, reply_url
from moderation.states import Attention

KINDS = {"story": Story, "reply": Reply}
STORIES_ONLY = frozenset({"story"})
PLURALS = {"story": "stories", "reply": "replies"}
NOUNS = {"story": _("story"), "reply": _("reply")}


def kind_of(obj) -> str:
    return "story" if isinstance(obj, Story) else "reply"


def is_story(obj) -> bool:
    return isinstance(obj, Story)


def story_of(obj) -> Story:
    return obj if isinstance(obj, Story) else obj.story


def story_pk(obj) -> int:
    """The id of the story ``obj`` is or answers, without loading that story."""
    return obj.pk if isinstance(obj, Story) else obj.story_id


def lookup(obj) -> dict:
    """The keyword argument that points a Flag, ModerationAction or Revision at ``obj``."""
    return {kind_of(obj): obj}


def about(obj) -> dict:
    """The story and reply keywords of a notification about ``obj``."""
    if isinstance(obj, Story):
        return {"story": obj, "reply": None}
    return {"story": obj.story, "reply": obj}


def any_of(pairs) -> Q:
    """A Q matching rows about any of these (kind, pk) pairs (flags, log rows)."""
    q = Q(pk__in=[])
    for kind in KINDS:
        ids = [pk for k, pk in pairs if k == kind]
        if ids:
            q |= Q(**{f"{kind}_id__in": ids})
    return q


def key_of_row(row) -> tuple[str, int]:
    """(kind, pk) of what a Flag, ModerationAction or Revision row is about."""
    return ("story", row.story_id) if row.story_id else ("reply", row.reply_id)


def key_of_notice(notification) -> tuple[str, int | None]:
    """(kind, pk) of the post a notification is about (a reply's notice names its story too)."""
    if notification.reply_id:
        return ("reply", notification.reply_id)
    return ("story", notification.story_id)


def queryset(kind: str):
    if kind == "story":
        return Story.objects.prefetch_related("themes")
    return Reply.objects.select_related("story")


def load(kind: str, pk: int):
    """The item for a moderation page or decision, or a 404. Moderators see every state."""
    if kind not in KINDS:
        raise LookupError(kind)
    return get_object_or_404(queryset(kind), pk=pk)


def load_many(keys) -> dict[tuple[str, int], object]:
    """The items for a list of (kind, pk), in two queries at most."""
    found = {}
    for kind in KINDS:
        ids = [pk for k, pk in keys if k == kind]
        if ids:
            found.update({(kind, pk): obj for pk, obj in queryset(kind).in_bulk(ids).items()})
    return found


def url(obj, role: str = "detail") -> str:
    """moderation:story-<role> or moderation:reply-<role> for ``obj``."""
    return reverse(f"moderation:{kind_of(obj)}-{role}", args=[obj.pk])


def url_for(kind: str, pk: int, role: str = "detail") -> str:
    return reverse(f"moderation:{kind}-{role}", args=[pk])


def flag_url(obj) -> str:
    """Where a reader flags ``obj``: a reply by its story and per-thread key, never its id."""
    if isinstance(obj, Story):
        return reverse("moderation:flag-story", args=[obj.pk])
    return reply_url("moderation:flag-reply", obj)


def public_key(obj) -> str:
    """What tells ``obj`` apart on a reader's page (form ids): a reply's per-thread anchor."""
    return f"story-{obj.pk}" if isinstance(obj, Story) else obj.anchor


def describe(obj) -> str:
    """A short description kept in the log, so it still reads after the item is deleted."""
    if isinstance(obj, Story):
        return f"Story {obj.pk}: {obj.title}"[:160]
    return f"Reply {obj.pk} to story {obj.story_id}"


def heading(obj) -> str:
    """The title moderators see: a story's own, or the story a reply answers."""
    return story_of(obj).title


def has_crisis(obj) -> bool:
    return bool(obj.crisis_detected or obj.attention == Attention.CRISIS)


def is_sensitive(obj, *, danger: bool = False) -> bool:
    """Shown collapsed and blurred until the moderator opens it: the item's own crisis
    language, a "someone may be in danger" flag, or a story's content note. A reply does not
    inherit the story's note (the moderator has read the note on the story already)."""
    if has_crisis(obj) or danger:
        return True
    return isinstance(obj, Story) and obj.has_content_note


def edit_fields(obj) -> tuple[str, ...]:
    """What a moderator's edit may change."""
    if isinstance(obj, Story):
        return ("title", "body", "content_note")
    return ("body",)

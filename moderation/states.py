"""Content states and the transitions between them. Pure Python: forum imports this module."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class State(models.TextChoices):
    PENDING = "pending", _("Awaiting review")
    PUBLISHED = "published", _("Published")
    HIDDEN = "hidden", _("Hidden")
    REMOVED = "removed", _("Removed")


# Marks a decision that leaves the state as it is (it changes a mark, a lock or the flags).
KEEP = ""
NOT_REMOVED = frozenset({State.PENDING, State.PUBLISHED, State.HIDDEN})

# Which states each action may start from, and where it leads. Services use these in a
# conditional UPDATE (``filter(pk=…, state__in=…)``), so two moderators acting at once cannot
# both succeed; the moderators' buttons (moderation.actions) are derived from this table too.
TRANSITIONS: dict[str, tuple[frozenset[str], str]] = {
    "approve": (frozenset({State.PENDING}), State.PUBLISHED),
    "hide": (frozenset({State.PENDING, State.PUBLISHED}), State.HIDDEN),
    "remove": (NOT_REMOVED, State.REMOVED),
    "restore": (frozenset({State.HIDDEN, State.REMOVED}), State.PUBLISHED),
    "autohide": (frozenset({State.PUBLISHED}), State.HIDDEN),
    # An author's edit that needs a new look (a not yet trusted author, a guest).
    "resubmit": (frozenset({State.PUBLISHED}), State.PENDING),
    # Looked at a published item marked for a second look: the mark goes, the state stays.
    "review": (frozenset({State.PUBLISHED}), KEEP),
    # Flags closed as unfounded; an item they had hidden comes back (see "restore").
    "dismiss": (NOT_REMOVED, KEEP),
    "lock": (NOT_REMOVED, KEEP),
    "unlock": (NOT_REMOVED, KEEP),
}


def allowed_from(action: str) -> frozenset[str]:
    return TRANSITIONS[action][0]


def target_of(action: str, current: str = "") -> str:
    """Where ``action`` leads from ``current`` (a KEEP action leaves it as it is)."""
    return TRANSITIONS[action][1] or current


class Attention(models.TextChoices):
    """Why a published item still wants a moderator's look (empty when it does not)."""

    NONE = "", _("None")
    CRISIS = "crisis", _("Crisis language")
    TONE = "tone", _("Tone check")
    WATCHED = "watched", _("Watched word")

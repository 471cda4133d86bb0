"""Content states and the transitions between them. Pure Python: forum imports this module."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class State(models.TextChoices):
    PENDING = "pending", _("Awaiting review")
    PUBLISHED = "published", _("Published")
    HIDDEN = "hidden", _("Hidden")
    REMOVED = "removed", _("Removed")


# Which states each action may start from. Services use these in a conditional UPDATE
# (``filter(pk=…, state__in=…)``), so two moderators acting at once cannot both succeed.
TRANSITIONS: dict[str, tuple[frozenset[str], str]] = {
    "approve": (frozenset({State.PENDING, State.HIDDEN}), State.PUBLISHED),
    "hide": (frozenset({State.PENDING, State.PUBLISHED}), State.HIDDEN),
    "remove": (frozenset({State.PENDING, State.PUBLISHED, State.HIDDEN}), State.REMOVED),
    "restore": (frozenset({State.HIDDEN, State.REMOVED}), State.PUBLISHED),
    "autohide": (frozenset({State.PUBLISHED}), State.HIDDEN),
    "resubmit": (frozenset({State.PUBLISHED}), State.PENDING),
}


def allowed_from(action: str) -> frozenset[str]:
    return TRANSITIONS[action][0]


def target_of(action: str) -> str:
    return TRANSITIONS[action][1]


class Attention(models.TextChoices):
    """Why a published item still wants a moderator's look (empty when it does not)."""

    NONE = "", _("None")
    CRISIS = "crisis", _("Crisis language")
    TONE = "tone", _("Tone check")
    WATCHED = "watched", _("Watched word")

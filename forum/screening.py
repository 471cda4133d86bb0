"""Checks run on new text before it is saved, gathered for the compose and reply forms."""

from dataclasses import dataclass, field

from django.conf import settings
from django.utils.module_loading import import_string
from django.utils.translation import gettext_lazy as _

from forum.checks.identifying import Finding, find_identifying_details
from forum.checks.tone import ToneResult, check_tone
from moderation.states import Attention

# How each kind of identifying detail is named to the writer.
FINDING_LABELS = {
    "email": _("E-mail address"),
    "phone": _("Phone number"),
    "street_address": _("Street address"),
    "handle": _("Social media handle"),
    "profile_url": _("Link to a personal profile"),
    "person": _("A person's name"),
    "workplace": _("Workplace or organisation"),
    "school": _("School, college or university"),
    "street": _("Street name"),
    "town": _("Town or city"),
}


class TextBlocked(Exception):
    """The text holds a watched word set to block: nothing is saved."""

    def __init__(self, words: list[str]):
        super().__init__(", ".join(words))
        self.words = words


@dataclass(frozen=True)
class Watched:
    hold: str = ""
    attention: str = ""


def watched_words(text: str) -> list[tuple[str, str]]:
    """(phrase, action) for every watched phrase in ``text``. The finders are listed in
    ``settings.UNSPOKEN_WATCHED_WORD_FINDERS`` (moderation keeps the list), so forum imports
    no moderation code."""
    found = []
    for path in settings.UNSPOKEN_WATCHED_WORD_FINDERS:
        found += import_string(path)(text)
    return found


def apply_watched_words(text: str) -> Watched:
    """What the watched words say about ``text``: raises ``TextBlocked`` for a blocked word;
    a held word keeps the post pending, a flagged one marks it for a moderator's look.

    Called by the write services themselves, so no caller (a view, the admin, a command)
    can skip it."""
    found = watched_words(text)
    blocked = [phrase for phrase, action in found if action == "block"]
    if blocked:
        raise TextBlocked(blocked)
    actions = {action for _phrase, action in found}
    return Watched(
        hold="watched-word" if "hold" in actions else "",
        attention=Attention.WATCHED if "flag" in actions else "",
    )


@dataclass
class Screening:
    """The interactive checks a writer answers before saving (identifying details, tone)."""

    identifying: list[Finding] = field(default_factory=list)
    tone: ToneResult | None = None

    @property
    def attention(self) -> str:
        return Attention.TONE if self.tone else Attention.NONE


def screen(text: str, *, answer_mode: str | None = None) -> Screening:
    """Identifying details; the tone check too when ``answer_mode`` is given (replies only).
    Watched words are the services' business (``apply_watched_words``)."""
    result = Screening(identifying=find_identifying_details(text))
    if answer_mode is not None:
        result.tone = check_tone(text, answer_mode=answer_mode)
    return result

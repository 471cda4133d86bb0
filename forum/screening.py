"""Checks run on new text before it is saved, gathered for the compose and reply forms."""

from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

from forum.checks.identifying import Finding, find_identifying_details
from forum.checks.tone import ToneResult, check_tone
from moderation.states import Attention
from moderation.watchwords import find_watched

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


@dataclass
class Screening:
    identifying: list[Finding] = field(default_factory=list)
    blocked: list[str] = field(default_factory=list)
    hold: list[str] = field(default_factory=list)
    flag: list[str] = field(default_factory=list)
    tone: ToneResult | None = None

    @property
    def hold_reason(self) -> str:
        return "watched-word" if self.hold else ""

    @property
    def attention(self) -> str:
        if self.flag:
            return Attention.WATCHED
        if self.tone:
            return Attention.TONE
        return Attention.NONE


def screen(text: str, *, answer_mode: str | None = None) -> Screening:
    """Identifying details and watched words; the tone check too when ``answer_mode`` is given
    (replies only)."""
    result = Screening(identifying=find_identifying_details(text))
    for phrase, action in find_watched(text):
        {"block": result.blocked, "hold": result.hold, "flag": result.flag}[action].append(phrase)
    if answer_mode is not None:
        result.tone = check_tone(text, answer_mode=answer_mode)
    return result

"""Pieces the moderation views share."""

from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _

from forum.models import Story
from moderation.states import State


def safe_next(request, value: str, default: str) -> str:
    """``value`` when it is a path on this site, else ``default``. Only paths: a bare word
    such as "0" would make redirect() look it up as a view name and fail."""
    if value.startswith("/") and url_has_allowed_host_and_scheme(
        value, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return value
    return default


def detail_url(kind: str, pk: int) -> str:
    return reverse(f"moderation:{kind}-detail", args=[pk])


# name -> (label, style); the order is the order of the buttons.
ACTION_LABELS = {
    "approve": (_("Approve"), "button"),
    "restore": (_("Publish again"), "button"),
    "review": (_("Looked at: keep it"), "button"),
    "dismiss-flags": (_("Dismiss flags"), "button button-quiet"),
    "hide": (_("Hide"), "button button-quiet"),
    "lock": (_("Lock replies"), "button button-quiet"),
    "unlock": (_("Unlock replies"), "button button-quiet"),
    "remove": (_("Remove (reason required)"), "button button-danger"),
}


def available_actions(kind: str, item, open_flags: int) -> list[dict]:
    """The decisions that make sense for an item in its present state."""
    state = item.state
    names = []
    if state == State.PENDING:
        names.append("approve")
    if state in (State.HIDDEN, State.REMOVED):
        names.append("restore")
    if state == State.PUBLISHED and item.attention:
        names.append("review")
    if open_flags:
        names.append("dismiss-flags")
    if state in (State.PENDING, State.PUBLISHED):
        names.append("hide")
    if isinstance(item, Story) and state != State.REMOVED:
        names.append("unlock" if item.replies_locked else "lock")
    if state != State.REMOVED:
        names.append("remove")
    return [
        {
            "name": name,
            "label": ACTION_LABELS[name][0],
            "style": ACTION_LABELS[name][1],
            "url": reverse(f"moderation:{kind}-{name}", args=[item.pk]),
        }
        for name in names
    ]

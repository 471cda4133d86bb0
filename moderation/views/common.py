"""Pieces the moderation views share."""

from django.utils.http import url_has_allowed_host_and_scheme


def safe_next(request, value: str, default: str) -> str:
    """``value`` when it is a path on this site, else ``default``. Only paths: a bare word
    such as "0" would make redirect() look it up as a view name and fail."""
    if value.startswith("/") and url_has_allowed_host_and_scheme(
        value, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return value
    return default


def landing(back: str, following: str) -> str:
    """Where a moderator lands after a decision: back on the page they came from, at the item
    that came after the one they decided (the anchor works without JavaScript)."""
    if not following:
        return back
    return f"{back.split('#')[0]}#item-{following}"

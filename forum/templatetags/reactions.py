from functools import lru_cache

from django import template
from django.urls import get_script_prefix, reverse

from forum.models import ReactionKind

register = template.Library()
_KINDS = [(kind.value, kind.label) for kind in ReactionKind]


_SENTINEL = 987654321


@lru_cache(maxsize=64)
def _parts(name: str, args: tuple, script_prefix: str) -> tuple[str, str]:
    # Reversed once per process: a page of 50 replies must not resolve a URL 50 times.
    head, tail = reverse(name, args=[*args, _SENTINEL]).split(f"/{_SENTINEL}/")
    return f"{head}/", f"/{tail}"


def url_with_pk(name: str, pk, *args) -> str:
    """``reverse(name, args=[*args, pk])`` for a URL with one number part, cheaply."""
    head, tail = _parts(name, args, get_script_prefix())
    return f"{head}{int(pk)}{tail}"


@register.simple_tag
def pk_url(name: str, pk) -> str:
    """``{% url name pk %}`` for loops: the URL is reversed once, the number appended."""
    return url_with_pk(name, pk)


def reaction_url(target: str, pk: int) -> str:
    return url_with_pk("forum:reaction-toggle", pk, target)


@register.inclusion_tag("forum/_reactions.html", takes_context=True)
def reaction_buttons(context, item, target: str):
    """Reaction buttons with counts for a story or a reply; pressed for the viewer's own.

    One form per item, its four buttons each sending "kind:wanted state", and one CSRF input.
    ``my_reactions`` in the context holds (reply id or None, kind) pairs for the whole thread,
    fetched once by the view, so this adds no query per item.
    """
    mine = context.get("my_reactions") or set()
    reply_id = item.pk if target == "reply" else None
    kinds = [
        {
            "kind": kind,
            "label": label,
            "count": getattr(item, f"reaction_{kind}"),
            "pressed": (reply_id, kind) in mine,
        }
        for kind, label in _KINDS
    ]
    user = context.get("user")
    return {
        "kinds": kinds,
        "item": item,
        "target": target,
        "user": user,
        "request": context.get("request"),
        "csrf_token": context.get("csrf_token"),
        "action": reaction_url(target, item.pk) if user and user.is_authenticated else "",
        "signin_url": _signin_url(get_script_prefix()) if target == "story" else "",
    }


@lru_cache(maxsize=4)
def _signin_url(script_prefix: str) -> str:
    return reverse("account_login")

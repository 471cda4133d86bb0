"""Reaction buttons and cheap URLs for the loops of a thread page.

A thread page shows reactions under every reply. Rendered through an inclusion template, four
buttons cost about as much as the rest of a reply together (bench/cpu.py --profile), so the
few lines of markup are built here with escaping, once per item.
"""

from functools import lru_cache

from django import template
from django.middleware.csrf import get_token
from django.urls import get_script_prefix, reverse
from django.utils.html import escape
from django.utils.http import urlencode
from django.utils.safestring import mark_safe
from django.utils.translation import gettext

from forum.models import ReactionKind, reply_key
from forum.models import reply_url as _reply_url

register = template.Library()
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


@register.simple_tag
def reply_url(name: str, reply) -> str:
    """``{% reply_url 'forum:reply-helpful' reply %}``: by story and per-thread key."""
    return _reply_url(name, reply)


@lru_cache(maxsize=4)
def _signin_url(script_prefix: str) -> str:
    return reverse("account_login")


def csrf_input(context) -> str:
    """The CSRF input; a placeholder while a shared fragment renders (see fragments.py)."""
    if context.get("csrf_placeholder"):
        from .fragments import CSRF_PLACEHOLDER

        return CSRF_PLACEHOLDER
    token = context.get("csrf_token")
    request = context.get("request")
    if token is None and request is not None:
        token = get_token(request)
    return f'<input type="hidden" name="csrfmiddlewaretoken" value="{escape(token)}">'


# The id of a thread's one reaction form. Every reply's four buttons name it (form="rr"), so
# it is kept short: 50 replies carry it 200 times.
THREAD_FORM_ID = "rr"


@register.simple_tag(takes_context=True)
def reply_reactions_form(context, story):
    """The thread's one reaction form, for a signed-in reader of a published story: its CSRF
    input and nothing else; each reply's buttons belong to it through ``form="rr"``."""
    user = context.get("user")
    if user is None or not user.is_authenticated or not story.is_published:
        return ""
    action = url_with_pk("forum:replies-react", story.pk)
    return mark_safe(  # noqa: S308 (a URL of numbers and the escaped token)
        f'<form method="post" action="{action}" id="{THREAD_FORM_ID}" data-reaction>'
        f"{csrf_input(context)}</form>"
    )


@register.simple_tag(takes_context=True)
def reaction_buttons(context, item, target: str):
    """Reaction buttons with counts for a story or a reply; pressed for the viewer's own.

    Signed in, on the story: one form, its four buttons each sending "kind:wanted state", and
    one CSRF input. On a reply: the four buttons only, in a named group; they belong to the
    thread's one form (``reply_reactions_form``) and send "reply key:kind:wanted state". A
    count of zero is left out (static/js/site.js adds its span when needed).
    Visitors: the counts someone gave (no row of zeros) and, on the story only, a sign-in link.
    ``my_reactions`` in the context holds (reply id or None, kind) pairs for the whole thread,
    fetched once by the view, so this adds no query per item.
    """
    user = context.get("user")
    counts = [
        (kind.value, str(kind.label), getattr(item, f"reaction_{kind.value}"))
        for kind in ReactionKind
    ]
    label = escape(gettext("Reactions"))
    if user is not None and user.is_authenticated:
        mine = context.get("my_reactions") or set()
        reply_id = item.pk if target == "reply" else None
        # A reply's buttons name the thread's form and the reply (by its per-thread key).
        head = f'form="{THREAD_FORM_ID}" ' if reply_id else ""
        prefix = f"{reply_key(item.story_id, item.pk)}:" if reply_id else ""
        buttons = []
        for kind, name, count in counts:
            pressed = (reply_id, kind) in mine
            # 50 replies carry 200 of these: every byte counts 200 times, so the styles go by
            # position (the group's buttons, their span) and a count of zero has no span.
            shown = f" <span>{int(count)}</span>" if count else ""
            buttons.append(
                f'<button {head}name="reaction" value="{prefix}{kind}:{0 if pressed else 1}" '
                f'aria-pressed="{"true" if pressed else "false"}">{escape(name)}{shown}</button>'
            )
        # The group is a <fieldset> (a <form> may not take role="group"), named by
        # aria-label: a visible legend would repeat "Reactions" under every reply.
        group = f'<fieldset aria-label="{label}">' + "".join(buttons) + "</fieldset>"
        if reply_id:
            return mark_safe(group)  # noqa: S308 (every value above is escaped or a number)
        action = url_with_pk("forum:reaction-toggle", item.pk, target)
        return mark_safe(  # noqa: S308 (as above)
            f'<form method="post" action="{action}" data-reaction>'
            f"{csrf_input(context)}{group}</form>"
        )
    if not (item.support_count or target == "story"):
        return ""
    parts = ['<div class="reactions reactions-readonly">']
    if item.support_count:
        given = "".join(
            f"<li>{escape(name)} <span>{int(count)}</span></li>"
            for _, name, count in counts
            if count
        )
        parts.append(f'\n  <ul class="reaction-counts" aria-label="{label}">{given}</ul>')
    if target == "story":
        request = context.get("request")
        query = urlencode({"next": request.path}) if request is not None else ""
        parts.append(
            f'\n  <a href="{escape(_signin_url(get_script_prefix()))}?{escape(query)}" '
            f'class="reaction-signin">{escape(gettext("Sign in to react"))}</a>'
        )
    parts.append("\n</div>")
    return mark_safe("".join(parts))  # noqa: S308 (escaped above)

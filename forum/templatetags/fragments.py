"""Rendered replies and story cards kept per process, keyed by everything they show.

``{% reply_fragment reply %}…{% endreply_fragment %}`` renders its content once per version
of the reply and reuses it: a page of 50 replies then renders only the replies that changed
since (an edit, a reaction, a moderation decision, a new relative date). The key holds the
reply's own fields (its body through a digest) and the language, so a stale copy can never be
found; old keys simply age out of the bounded store.

Only what every viewer of one kind sees is shared: visitors, or signed-in readers looking at
someone else's reply, on a story that is not theirs, without a reaction or a flag of their own
on it and not suspended. Anyone else (the reply's author, the story's author, a reader who
reacted or flagged) gets the content rendered for them. While a shared fragment renders,
``shared_fragment`` is set in the context, and tags that could show something of the viewer's
own (the flag line) show what every viewer of that kind sees. Forms inside a shared fragment
carry a placeholder where the CSRF input goes, filled with the viewer's own token on every use,
so no token is ever shared.
"""

import hashlib
import secrets
from collections import OrderedDict
from threading import Lock

from django import template
from django.urls import get_script_prefix
from django.utils import timezone, translation
from django.utils.html import escape
from django.utils.safestring import mark_safe

from .unspoken import age, hidden_reasons

register = template.Library()

CSRF_PLACEHOLDER = "\ue002csrf\ue003"
MAX_FRAGMENTS = 4000
# Keys are tuples of the fields themselves: building strings from 18 fields for each of 50
# replies cost more than finding the fragment.
_store: OrderedDict[tuple, str] = OrderedDict()
_lock = Lock()
# Context values a reply's rendering may read besides the reply itself.
_CONTEXT_FLAGS = ("expand_notes",)


def _get(key: tuple) -> str | None:
    with _lock:
        html = _store.get(key)
        if html is not None:
            _store.move_to_end(key)
        return html


def _put(key: tuple, html: str) -> None:
    with _lock:
        _store[key] = html
        while len(_store) > MAX_FRAGMENTS:
            _store.popitem(last=False)


def _stored(key: tuple, context, nodelist, **placeholders) -> str:
    """The fragment stored under ``key``, rendered and stored first when missing, with
    ``placeholders`` pushed on the context while it renders (for what each viewer fills in)."""
    html = _get(key)
    if html is None:
        with context.push(**placeholders):
            html = nodelist.render(context)
        _put(key, html)
    return html


def clear() -> None:
    with _lock:
        _store.clear()


def _viewer(context) -> tuple:
    """What decides, for every reply of one thread, whether this viewer's copy can be shared:
    (kind or None, the viewer's id, ids of replies with a reaction or flag of theirs, now,
    the rest of the key). Read once per render of the thread, not once per reply."""
    user = context.get("user")
    tail = (translation.get_language(), *(context.get(flag, "") for flag in _CONTEXT_FLAGS))
    now = timezone.now()
    if user is None or not user.is_authenticated:
        return "visitor", None, frozenset(), now, tail
    if context.get("is_author") or user.is_suspended:
        return None, user.pk, frozenset(), now, tail
    own = {reply_id for reply_id, _ in context.get("my_reactions") or ()}
    own.update(context.get("flagged_replies") or ())
    return "reader", user.pk, frozenset(own), now, tail


def viewer_kind(viewer: tuple, reply) -> str | None:
    """ "visitor" or "reader" when the fragment is the same for every such viewer, else None
    (the reply's author, the story's author, a suspended reader, a reader who reacted to or
    flagged this reply)."""
    kind, user_pk, own, _now, _tail = viewer
    if kind == "reader" and (reply.author_id == user_pk or reply.pk in own):
        return None
    return kind


def fragment_key(viewer: tuple, reply, kind: str) -> tuple:
    digest = hashlib.blake2b(reply.body_html.encode(), digest_size=12).hexdigest()
    return (
        "reply",
        kind,
        digest,
        reply.pk,
        reply.state,
        reply.alias,
        reply.is_story_author,
        reply.helpful,
        reply.crisis_detected,
        reply.created_at,
        reply.edited_at,
        reply.reaction_hear,
        reply.reaction_metoo,
        reply.reaction_strength,
        reply.reaction_thanks,
        reply.support_count,
        reply.content_note,
        # What its relative date says ("3 days ago"), without translating it for the key.
        age(reply.created_at, viewer[3]) if reply.created_at else None,
        *viewer[4],
    )


class ReplyFragmentNode(template.Node):
    def __init__(self, reply, nodelist):
        self.reply = reply
        self.nodelist = nodelist

    def render(self, context):
        reply = self.reply.resolve(context)
        viewer = context.render_context.get(self)
        if viewer is None:
            viewer = context.render_context[self] = _viewer(context)
        kind = viewer_kind(viewer, reply)
        if kind is None:
            return self.nodelist.render(context)
        key = fragment_key(viewer, reply, kind)
        html = _stored(key, context, self.nodelist, csrf_placeholder=True, shared_fragment=True)
        if CSRF_PLACEHOLDER in html:
            from .reactions import csrf_input

            html = html.replace(CSRF_PLACEHOLDER, csrf_input(context))
        return html


@register.tag
def reply_fragment(parser, token):
    """``{% reply_fragment reply %}…{% endreply_fragment %}``: see the module docstring."""
    bits = token.split_contents()
    if len(bits) != 2:
        raise template.TemplateSyntaxError("reply_fragment takes one argument: the reply")
    nodelist = parser.parse(("endreply_fragment",))
    parser.delete_first_token()
    return ReplyFragmentNode(parser.compile_filter(bits[1]), nodelist)


def _themes(story):
    """The story's themes: the list attached to it (attach_theme_tags) when there is one, with
    no related manager built for each card, else its queryset."""
    attached = story.__dict__.get("_prefetched_objects_cache", {}).get("themes")
    if attached is not None and attached._result_cache is not None:
        return attached._result_cache
    return story.themes.all()


def card_key(context, story, heading: str) -> tuple:
    digest = hashlib.blake2b(
        f"{story.title}\x00{story.excerpt}\x00{story.content_note}".encode(), digest_size=12
    ).hexdigest()
    # The warnings fold the card behind its note as the note text does.
    warnings = tuple(story.content_warnings or ())
    return (
        "card",
        digest,
        warnings,
        tuple((t.slug, t.name) for t in _themes(story)),
        story.pk,
        story.alias,
        story.answer_mode,
        story.reply_count,
        story.support_count,
        story.published_at,
        age(story.published_at) if story.published_at else None,
        heading,
        translation.get_language(),
        *(context.get(flag, "") for flag in _CONTEXT_FLAGS),
    )


class StoryCardNode(template.Node):
    def __init__(self, story, heading, nodelist):
        self.story, self.heading, self.nodelist = story, heading, nodelist

    def render(self, context):
        story = self.story.resolve(context)
        if hidden_reasons(context, story):
            # The reader's own filter folds this card into a quiet line: theirs alone, so it
            # is neither taken from nor put into the shared store.
            return self.nodelist.render(context)
        heading = self.heading.resolve(context) if self.heading else ""
        key = card_key(context, story, heading or "")
        return _stored(key, context, self.nodelist)


@register.tag
def card_fragment(parser, token):
    """``{% card_fragment story ["h3"] %}…{% endcard_fragment %}``: a story card, rendered once
    per version of the story (a card shows nothing that depends on the viewer, except the
    quiet line of a reader's own filter, which is never stored)."""
    bits = token.split_contents()
    if len(bits) not in (2, 3):
        raise template.TemplateSyntaxError("card_fragment takes the story and a heading level")
    nodelist = parser.parse(("endcard_fragment",))
    parser.delete_first_token()
    heading = parser.compile_filter(bits[2]) if len(bits) == 3 else None
    return StoryCardNode(parser.compile_filter(bits[1]), heading, nodelist)


# Stands for a search result's snippet inside its stored card: random per process, so no
# story's text can hold it.
SNIPPET_PLACEHOLDER = f"\ue006{secrets.token_hex(8)}\ue007"


class SearchResultNode(template.Node):
    def __init__(self, story, snippet, nodelist):
        self.story, self.snippet, self.nodelist = story, snippet, nodelist

    def render(self, context):
        story = self.story.resolve(context)
        if hidden_reasons(context, story):
            return self.nodelist.render(context)
        key = card_key(context, story, "search result")
        html = _stored(key, context, self.nodelist, snippet=SNIPPET_PLACEHOLDER)
        # The snippet is HTML already (forum.search.snippet_html escapes the text around each
        # <mark>), as the body's {{ snippet|safe }} shows it.
        snippet = str(self.snippet.resolve(context))
        return mark_safe(html.replace(SNIPPET_PLACEHOLDER, snippet))  # noqa: S308


@register.tag
def result_fragment(parser, token):
    """``{% result_fragment story snippet %}…{% endresult_fragment %}``: a search result, the
    card of its story rendered once per version of the story, its snippet (which depends on
    the words looked for, and which the body shows as ``{{ snippet|safe }}``) put in on each
    use; the reader's own hidden line is never stored."""
    bits = token.split_contents()
    if len(bits) != 3:
        raise template.TemplateSyntaxError("result_fragment takes the story and its snippet")
    nodelist = parser.parse(("endresult_fragment",))
    parser.delete_first_token()
    story, snippet = parser.compile_filter(bits[1]), parser.compile_filter(bits[2])
    return SearchResultNode(story, snippet, nodelist)


# Stands for the viewer's CSRF token inside a stored page chrome: {% csrf_token %} renders it
# as the input's value, and every use puts the viewer's own token in its place.
TOKEN_PLACEHOLDER = "\ue004token\ue005"


class ChromeNode(template.Node):
    def __init__(self, name, values, nodelist):
        self.name, self.values, self.nodelist = name, values, nodelist

    def render(self, context):
        token = context.get("csrf_token")
        if token is None or context.get("chrome_unstored"):
            # No request: nothing worth keeping. Or the benchmark's ceiling as it was before
            # this store, to compare with figures measured then.
            return self.nodelist.render(context)
        key = (
            "chrome",
            self.name,
            translation.get_language(),
            get_script_prefix(),
            *(value.resolve(context) for value in self.values),
        )
        html = _stored(key, context, self.nodelist, csrf_token=TOKEN_PLACEHOLDER)
        if TOKEN_PLACEHOLDER in html:
            # Reading the token is what sets the CSRF cookie for the form, as the tag would.
            html = html.replace(TOKEN_PLACEHOLDER, escape(str(token)))
        return mark_safe(html)  # noqa: S308 (rendered by the template engine, escaped there)


@register.tag
def chrome_fragment(parser, token):
    """``{% chrome_fragment "header" nav user.is_authenticated … %}…{% endchrome_fragment %}``:
    a part of base.html (header, footer) rendered once per language and per combination of
    the values named, and reused. Its dozen ``{% url %}`` and two dozen ``{% translate %}``
    tags were all of the base template's cost over a bare Django page. The values named must
    be everything the block reads besides the CSRF token (which is the viewer's own on every
    use); a count such as unread notifications is one of those values, so nothing one viewer
    sees is shown to another with different values.
    """
    bits = token.split_contents()
    if len(bits) < 2:
        raise template.TemplateSyntaxError("chrome_fragment takes a name and the values it reads")
    nodelist = parser.parse(("endchrome_fragment",))
    parser.delete_first_token()
    return ChromeNode(bits[1].strip("\"'"), [parser.compile_filter(b) for b in bits[2:]], nodelist)


# Stand for the viewer's own values inside a stored reply box (see ReplyBoxNode).
SUBMIT_PLACEHOLDER = "\ue006submit\ue007"
ALIAS_PLACEHOLDER = "\ue008alias\ue009"


class _StandInAlias:
    alias = ALIAS_PLACEHOLDER


class ReplyBoxNode(template.Node):
    """A new, empty reply box, rendered once per story, answer mode and kind of viewer.

    Everything in it that is the viewer's own is a placeholder in the stored copy and filled
    on every use: the CSRF token, the form's one-time submit token and the viewer's alias in
    this thread. A box with anything of the viewer's in it besides those (their returned text,
    errors, a prompt, an edit) is rendered for them and never stored.
    """

    def __init__(self, nodelist):
        self.nodelist = nodelist

    def render(self, context):
        form, story, csrf = context.get("form"), context.get("story"), context.get("csrf_token")
        personal = ("reply", "closed_reason", "tone", "identifying", "identifying_notice")
        initial = getattr(form, "initial", None)  # "" when the page has no reply box
        token = initial.get("submit_token") if isinstance(initial, dict) else None
        if (
            not token
            or story is None
            or csrf is None
            or form.is_bound
            or set(initial) != {"submit_token"}  # nothing typed or chosen in advance
            or any(context.get(name) for name in personal)
        ):
            return self.nodelist.render(context)
        user = context.get("user")
        alias = context.get("my_alias")
        key = (
            "reply-box",
            story.pk,
            story.answer_mode,
            alias is not None,
            bool(user is not None and user.is_authenticated),
            translation.get_language(),
            get_script_prefix(),
        )
        html = _get(key)
        if html is None:
            stand_in = _StandInAlias() if alias is not None else None
            with context.push(csrf_token=TOKEN_PLACEHOLDER, my_alias=stand_in):
                html = self.nodelist.render(context)
            html = html.replace(escape(token), SUBMIT_PLACEHOLDER)
            _put(key, html)
        html = html.replace(TOKEN_PLACEHOLDER, escape(str(csrf)))
        html = html.replace(SUBMIT_PLACEHOLDER, escape(token))
        if alias is not None:
            html = html.replace(ALIAS_PLACEHOLDER, escape(alias.alias))
        return mark_safe(html)  # noqa: S308 (rendered by the template engine; values escaped)


@register.tag
def reply_box_fragment(parser, token):
    """``{% reply_box_fragment %}…{% endreply_box_fragment %}`` around the reply box: see
    ReplyBoxNode. Its form's labels, help, guidelines and widgets cost more than the rest of a
    signed-in story page's chrome (bench/cpu.py --profile)."""
    nodelist = parser.parse(("endreply_box_fragment",))
    parser.delete_first_token()
    return ReplyBoxNode(nodelist)

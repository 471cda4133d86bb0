"""The only module that knows Markdown and bleach.

Bodies are rendered once, when they are written: markdown-it-py in CommonMark mode with raw
HTML disabled (it escapes any HTML itself) and bare URLs linked, then bleach with a short
allowlist as a second wall.

Nothing a writer typed is lost to the renderer's limits. markdown-it silently drops text nested
deeper than its ``maxNesting``; here quotes and lists deeper than ``MAX_CONTAINER_DEPTH`` are
flattened instead (their text joins the deepest level kept), and a bare link's text is shortened
in the middle so a very long address stays readable (the link itself is whole).
"""

import html
import re
import threading

import bleach
from markdown_it import MarkdownIt

ALLOWED_TAGS = frozenset(
    {"p", "br", "em", "strong", "blockquote", "ul", "ol", "li", "code", "pre", "a"}
)
ALLOWED_ATTRIBUTES = {"a": ["href", "rel"]}
ALLOWED_PROTOCOLS = frozenset({"http", "https", "mailto"})
LINK_REL = "nofollow ugc noopener"

# Quotes and lists kept as typed up to this depth (a list counts once, not list plus item).
MAX_CONTAINER_DEPTH = 6
# The parser's own limit, far above what is kept; runs of quote markers and indentation are cut
# to stay below it (a 20,000-character body could otherwise nest thousands deep).
PARSE_NESTING = 120
_QUOTE_RUN = re.compile(
    rf"^((?:[ \t]{{0,3}}>){{{MAX_CONTAINER_DEPTH + 2}}})(?:[ \t]{{0,3}}>)+", re.M
)
_DEEP_INDENT = re.compile(r"^[ \t]{48,}", re.M)
# Last resort when mixed markers still reach the parser's limit: every line's leading quote and
# list markers go, so all the text is kept, flat.
_LEADING_MARKERS = re.compile(r"^(?:[ \t]*(?:>|[-+*]|\d{1,9}[.)])(?=[ \t]|$))+[ \t]*", re.M)
LINK_TEXT_MAX = 60

_CONTAINERS = {
    "blockquote_open": "blockquote_close",
    "bullet_list_open": "bullet_list_close",
    "ordered_list_open": "ordered_list_close",
}

_markdown = (
    MarkdownIt(
        "commonmark",
        {"html": False, "linkify": True, "typographer": False, "maxNesting": PARSE_NESTING},
    )
    .enable("linkify")
    # No images: a picture can identify someone, and remote images leak readers' addresses.
    .disable("image")
)


def _link_open(self, tokens, idx, options, env):
    tokens[idx].attrSet("rel", LINK_REL)
    return self.renderToken(tokens, idx, options, env)


_markdown.add_render_rule("link_open", _link_open)

# A bleach Cleaner keeps parser state while it works, so one shared by the threads of a
# gunicorn worker corrupts itself under concurrent writes (seen as an IndexError from
# html5lib's tree builder): each thread gets its own.
_local = threading.local()


def _cleaner() -> bleach.Cleaner:
    cleaner = getattr(_local, "cleaner", None)
    if cleaner is None:
        cleaner = _local.cleaner = bleach.Cleaner(
            tags=ALLOWED_TAGS,
            attributes=ALLOWED_ATTRIBUTES,
            protocols=ALLOWED_PROTOCOLS,
            strip=True,
            strip_comments=True,
        )
    return cleaner


_whitespace = re.compile(r"\s+")


def _flatten(tokens: list) -> list:
    """Drop quote and list wrappers deeper than MAX_CONTAINER_DEPTH, keeping what they hold. A
    dropped list's items lose their ``<li>`` too, so their paragraphs stay valid HTML."""
    kept, depth, dropped = [], 0, []
    for token in tokens:
        if token.type in _CONTAINERS:
            depth += 1
            if depth > MAX_CONTAINER_DEPTH:
                dropped.append(_CONTAINERS[token.type])
                continue
        elif token.type in _CONTAINERS.values():
            depth -= 1
            if dropped and dropped[-1] == token.type and depth >= MAX_CONTAINER_DEPTH:
                dropped.pop()
                continue
        elif token.type in ("list_item_open", "list_item_close") and depth > MAX_CONTAINER_DEPTH:
            continue
        if depth > MAX_CONTAINER_DEPTH and token.type in ("paragraph_open", "paragraph_close"):
            token.hidden = False  # a paragraph of a dropped tight list still needs its <p>
        kept.append(token)
    return kept


def _shorten_link_text(tokens: list) -> None:
    for block in tokens:
        children = block.children or []
        for i, child in enumerate(children[:-2]):
            if child.type != "link_open":
                continue
            text, close = children[i + 1], children[i + 2]
            if (
                text.type == "text"
                and close.type == "link_close"
                and len(text.content) > LINK_TEXT_MAX
            ):
                text.content = f"{text.content[:40]}…{text.content[-16:]}"


def render_markdown(text: str) -> str:
    """Markdown to safe HTML: only the allowlisted tags, links http/https/mailto only."""
    text = _DEEP_INDENT.sub(" " * 48, _QUOTE_RUN.sub(r"\1", text))
    tokens = _markdown.parse(text)
    if max((t.level for t in tokens), default=0) >= PARSE_NESTING - 4:
        tokens = _markdown.parse(_LEADING_MARKERS.sub("", text))
    _shorten_link_text(tokens)
    html_out = _markdown.renderer.render(_flatten(tokens), _markdown.options, {})
    return _cleaner().clean(html_out).strip()


def plain_text(rendered_html: str) -> str:
    """Visible text of rendered HTML, whitespace folded: for excerpts and search."""
    text = bleach.clean(rendered_html, tags=set(), strip=True)
    return _whitespace.sub(" ", html.unescape(text)).strip()


def excerpt(rendered_html: str, length: int = 280) -> str:
    return excerpt_of_text(plain_text(rendered_html), length)


def excerpt_of_text(text: str, length: int = 280) -> str:
    """The start of already plain text, cut at a word, for list excerpts."""
    if len(text) <= length:
        return text
    cut = text[:length].rsplit(" ", 1)[0].rstrip(",.;:—-")
    return f"{cut}…"

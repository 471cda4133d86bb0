"""The only module that knows Markdown and bleach.

Bodies are rendered once, when they are written: markdown-it-py in CommonMark mode with raw
HTML disabled (it escapes any HTML itself) and bare URLs linked, then bleach with a short
allowlist as a second wall.
"""

import html
import re

import bleach
from markdown_it import MarkdownIt

ALLOWED_TAGS = frozenset(
    {"p", "br", "em", "strong", "blockquote", "ul", "ol", "li", "code", "pre", "a"}
)
ALLOWED_ATTRIBUTES = {"a": ["href", "rel"]}
ALLOWED_PROTOCOLS = frozenset({"http", "https", "mailto"})
LINK_REL = "nofollow ugc noopener"

_markdown = (
    MarkdownIt("commonmark", {"html": False, "linkify": True, "typographer": False})
    .enable("linkify")
    # No images: a picture can identify someone, and remote images leak readers' addresses.
    .disable("image")
)


def _link_open(self, tokens, idx, options, env):
    tokens[idx].attrSet("rel", LINK_REL)
    return self.renderToken(tokens, idx, options, env)


_markdown.add_render_rule("link_open", _link_open)

_cleaner = bleach.Cleaner(
    tags=ALLOWED_TAGS,
    attributes=ALLOWED_ATTRIBUTES,
    protocols=ALLOWED_PROTOCOLS,
    strip=True,
    strip_comments=True,
)
_whitespace = re.compile(r"\s+")


def render_markdown(text: str) -> str:
    """Markdown to safe HTML: only the allowlisted tags, links http/https/mailto only."""
    return _cleaner.clean(_markdown.render(text)).strip()


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

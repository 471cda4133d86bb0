"""Demo bodies rendered exactly as forum.rendering renders them, many times faster.

Generated bodies share many of their paragraphs, and most paragraphs are plain words that need
no parser, so bodies are cut into pieces rendered apart and joined; tests check the result is
identical to rendering each body whole with forum.rendering.
"""

import re
from concurrent.futures import ProcessPoolExecutor

from forum.rendering import plain_text, render_markdown

# Blocks that may not be rendered apart from their neighbours: lists (a blank line between items
# makes the whole list loose), quotes, headings, tables, indented code, HTML-looking lines, and
# any block of more than one line (its second line may open a list the next block continues).
# Anything that may reach across a blank line (fences, reference-link definitions) makes the
# whole body one unit.
_NOT_PLAIN_START = frozenset(" \t\r\n-*+>#|=_~`<[0123456789")
_REFERENCE = re.compile(r"^ {0,3}\[[^\]\n]+\]:", re.MULTILINE)
# A paragraph of words and everyday punctuation that Markdown leaves as it is: no emphasis, code,
# link, entity or escape characters, and nothing linkify could take for an address (a dot, colon,
# at sign or slash directly before a letter or digit). It renders as <p>text</p> with only its
# double quotes escaped; tests check that against forum.rendering on every generated paragraph.
# (One character class, not an alternation: the match runs over every paragraph of the demo.)
_LITERAL = re.compile(r"[\w ,.;:?!'\"()\-\u2018\u2019\u201c\u201d\u2013\u2014\u2026]*")
_ADDRESS_LIKE = re.compile(r"[.:@/]\w")


def _literal(unit: str) -> bool:
    return (
        unit[:1].isalnum()
        and unit[-1] != " "
        and _LITERAL.fullmatch(unit) is not None
        and "_" not in unit
        and "  " not in unit
        and not _ADDRESS_LIKE.search(unit)
    )


def _plain_block(block: str) -> bool:
    return bool(block) and block[0] not in _NOT_PLAIN_START and "\n" not in block


def units_of(body: str) -> list[str]:
    """The body cut into pieces that render alone exactly as they do inside the body.

    Each plain paragraph is a piece; consecutive other blocks (a list, a quote, a list after a
    paragraph that opens it) stay together as one. A body with something that may reach across
    a blank line is one piece.
    """
    if "```" in body or "~~~" in body or ("]:" in body and _REFERENCE.search(body)):
        return [body]
    units: list[str] = []
    run: list[str] = []
    for block in body.split("\n\n"):
        if _plain_block(block):
            if run:
                units.append("\n\n".join(run))
                run = []
            units.append(block)
        else:
            run.append(block)
    if run:
        units.append("\n\n".join(run))
    return units


# A piece is rendered between two sentinel paragraphs, so the whitespace around it (which
# forum.rendering strips only at the two ends of a whole body) comes out exactly.
_SENTINEL = "Z"
_BEFORE, _AFTER = f"<p>{_SENTINEL}</p>\n", f"<p>{_SENTINEL}</p>"


def _render(unit: str) -> tuple[str, str] | None:
    """(html, plain text) of one piece as it renders inside a body, or None when it cannot be
    cut out (then its body is rendered whole)."""
    if _literal(unit):
        return "<p>" + unit.replace('"', "&quot;") + "</p>\n", unit
    html = render_markdown(f"{_SENTINEL}\n\n{unit}\n\n{_SENTINEL}")
    if not (html.startswith(_BEFORE) and html.endswith(_AFTER)):
        return None
    inner = html[len(_BEFORE) : -len(_AFTER)]
    return inner, plain_text(inner)


def _render_whole(body: str) -> tuple[str, str]:
    html = render_markdown(body)
    return html, plain_text(html)


def render_all(bodies: list[str], workers: int, *, text: bool = True) -> list:
    """Render bodies as forum.rendering would, each distinct piece only once.

    Generated bodies share many of their paragraphs, and most paragraphs are plain words that
    need no parser, so bodies are cut into pieces (``units_of``) rendered apart and joined (tests
    check the result is identical to rendering the body whole). With ``text`` each result is
    (html, plain text); without, the html.
    """
    unique = list(dict.fromkeys(bodies))
    parts = {body: units_of(body) for body in unique}
    units = list(dict.fromkeys(unit for body in unique for unit in parts[body]))
    if workers <= 1 or len(units) < 2000:
        done = [_render(u) for u in units]
    else:
        with ProcessPoolExecutor(max_workers=workers) as pool:
            done = list(pool.map(_render, units, chunksize=500))
    by_unit = dict(zip(units, done, strict=True))
    results = {}
    for body in unique:
        pieces = [by_unit[u] for u in parts[body]]
        if None in pieces:
            html, plain = _render_whole(body)
        else:
            html = "".join(piece[0] for piece in pieces).strip()
            plain = " ".join(piece[1] for piece in pieces if piece[1])
        results[body] = (html, plain) if text else html
    return [results[b] for b in bodies]

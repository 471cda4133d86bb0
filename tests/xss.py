"""XSS test helpers: the payload corpus and two checkers for rendered HTML.

`load_corpus()` reads tests/data/xss_corpus.txt (format documented in its header).

`find_dangerous()` and `find_dangerous_anywhere()` parse HTML with html5lib, the
same algorithm browsers use, so they judge what a browser would build rather than
what a regex sees. Each returns human-readable findings; an empty list means clean.

- `find_dangerous(html)` inspects only regions marked `data-user-content` (our
  templates wrap every piece of user-made text in such an element). Content that
  closes its wrapper early (`</div><script>`) escapes the region and is invisible
  to this check, so tests that post hostile input should also run
  `find_dangerous_anywhere()`.
- `find_dangerous_anywhere(html)` inspects the whole page but forgives what our
  own templates legitimately emit: `<script src="/static/...">`, same-site
  `<form>`s, plain `<meta>` and same-site `<link>` tags in `<head>`.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from pathlib import Path
from xml.etree.ElementTree import Element

import html5lib

CORPUS_PATH = Path(__file__).parent / "data" / "xss_corpus.txt"

USER_CONTENT_ATTR = "data-user-content"

DANGEROUS_ELEMENTS = frozenset(
    {
        "script",
        "iframe",
        "frame",
        "frameset",
        "object",
        "embed",
        "applet",
        "style",
        "link",
        "base",
        "meta",
        "form",
        "svg",
        "math",
    }
)

URL_ATTRIBUTES = frozenset(
    {
        "href",
        "src",
        "action",
        "formaction",
        "xlink:href",
        "data",
        "poster",
        "background",
        "lowsrc",
        "dynsrc",
        "codebase",
        "cite",
    }
)

DANGEROUS_SCHEMES = ("javascript:", "vbscript:", "data:")

# Markers of script-capable CSS: old IE expressions and bindings, plus URL schemes.
_CSS_DANGER = ("expression(", "behavior:", "-moz-binding", *DANGEROUS_SCHEMES)

OWN_META_ATTRS = frozenset({"charset", "name", "content"})

# Rel values that only describe the page and never load or run anything.
_INERT_LINK_RELS = frozenset({"canonical", "alternate", "author", "license", "help"})

_ESCAPE = re.compile(r"\\(?:u\{([0-9A-Fa-f]{1,6})\}|([ntr\\]))")
_SIMPLE_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", "\\": "\\"}

_CSS_COMMENT = re.compile(r"/\*.*?\*/", re.DOTALL)
_CSS_ESCAPE = re.compile(r"\\([0-9A-Fa-f]{1,6})\s?")

_NAMESPACES = {
    "http://www.w3.org/1999/xlink": "xlink:",
    "http://www.w3.org/XML/1998/namespace": "xml:",
    "http://www.w3.org/2000/xmlns/": "xmlns:",
}

_SNIPPET_LIMIT = 80


def _unescape(line: str) -> str:
    def replace(match: re.Match[str]) -> str:
        codepoint, simple = match.groups()
        return chr(int(codepoint, 16)) if codepoint else _SIMPLE_ESCAPES[simple]

    return _ESCAPE.sub(replace, line)


def load_corpus(path: Path = CORPUS_PATH) -> list[str]:
    """Return the payloads: comments and blank lines dropped, escapes decoded."""
    payloads = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        payloads.append(_unescape(line))
    return payloads


def _local_name(name: str) -> str:
    """`{http://www.w3.org/2000/svg}svg` -> `svg`; `{xlink-ns}href` -> `xlink:href`."""
    if name.startswith("{"):
        namespace, _, local = name[1:].partition("}")
        return _NAMESPACES.get(namespace, "") + local.lower()
    return name.lower()


def _squash(value: str) -> str:
    """Drop whitespace, control and format characters, then lowercase.

    Browsers ignore tabs and newlines anywhere in a URL and control characters
    around it, so `java\\tscript:` still runs; removing every such character
    (and invisible format characters as well) errs on the side of reporting.
    """
    return "".join(
        ch for ch in value if not ch.isspace() and unicodedata.category(ch) not in ("Cc", "Cf")
    ).lower()


def _decode_css(value: str) -> str:
    """Remove CSS comments and decode `\\65`-style escapes, which hide `expression(`."""
    value = _CSS_COMMENT.sub("", value)
    return _CSS_ESCAPE.sub(lambda m: chr(min(int(m.group(1), 16), 0x10FFFF)), value)


def _snippet(text: str) -> str:
    text = " ".join(text.split())
    return repr(text if len(text) <= _SNIPPET_LIMIT else text[:_SNIPPET_LIMIT] + "...")


def _walk(root: Element) -> Iterator[tuple[Element, str, bool, bool]]:
    """Yield (element, local tag, inside a user region, inside <head>) depth-first.

    Iterative, because hostile input can nest thousands of levels deep.
    """
    stack = [(root, False, False)]
    while stack:
        element, in_region, in_head = stack.pop()
        if not isinstance(element.tag, str):  # comments and processing instructions
            continue
        tag = _local_name(element.tag)
        in_region = in_region or USER_CONTENT_ATTR in element.attrib
        in_head = in_head or tag == "head"
        yield element, tag, in_region, in_head
        stack.extend((child, in_region, in_head) for child in reversed(element))


def _attr(element: Element, wanted: str) -> str | None:
    for name, value in element.attrib.items():
        if _local_name(name) == wanted:
            return value
    return None


def _describe_element(element: Element, tag: str) -> str:
    attrs = " ".join(f"{_local_name(n)}={v!r}" for n, v in element.attrib.items())
    text = element.text or ""
    detail = f" {_snippet(attrs)}" if attrs else ""
    if text.strip():
        detail += f" containing {_snippet(text)}"
    return f"<{tag}> element{detail}"


def _element_findings(element: Element, tag: str) -> list[str]:
    findings = []
    if tag in DANGEROUS_ELEMENTS:
        findings.append(_describe_element(element, tag))
    for raw_name, value in element.attrib.items():
        name = _local_name(raw_name)
        if name.startswith("on"):
            findings.append(f"event handler {name}={_snippet(value)} on <{tag}>")
        elif name in URL_ATTRIBUTES:
            squashed = _squash(value)
            scheme = next((s for s in DANGEROUS_SCHEMES if squashed.startswith(s)), None)
            if scheme:
                findings.append(f"{scheme} URL in {name}={_snippet(value)} on <{tag}>")
        elif name == "style":
            squashed = _squash(_decode_css(value))
            marker = next((m for m in _CSS_DANGER if m in squashed), None)
            if marker:
                findings.append(f"{marker} in style={_snippet(value)} on <{tag}>")
    return findings


def _parse(html: str) -> Element:
    # scripting=True parses <noscript> as a browser with JavaScript on does: as raw
    # text, which is what makes `<noscript><p title="</noscript><img ...>">` bite.
    return html5lib.parse(html, treebuilder="etree", namespaceHTMLElements=False, scripting=True)


def find_dangerous(
    html: str, *, user_region_only: bool = True, require_region: bool = False
) -> list[str]:
    """Findings for dangerous markup inside `data-user-content` regions.

    With `user_region_only=False` the whole document is inspected and nothing is
    forgiven, which suits fragments such as `rendering` output. With
    `require_region=True` a page without any user region is itself a finding, so
    a test cannot pass because the template forgot the marker.
    """
    findings = []
    saw_region = False
    for element, tag, in_region, _in_head in _walk(_parse(html)):
        saw_region = saw_region or in_region
        if in_region or not user_region_only:
            findings.extend(_element_findings(element, tag))
    if user_region_only and require_region and not saw_region:
        findings.append(f"no element carries {USER_CONTENT_ATTR}; nothing was inspected")
    return findings


def _is_same_site_path(url: str) -> bool:
    # "//host/x" and "/\host/x" are other sites in disguise.
    return url.startswith("/") and not url.startswith(("//", "/\\"))


def _is_ours(element: Element, tag: str, in_head: bool, own_script_prefix: str) -> bool:
    if tag == "script":
        src = (_attr(element, "src") or "").strip()
        return bool(src) and src.startswith(own_script_prefix)
    if tag == "form":
        action = (_attr(element, "action") or "").strip()
        return not action or _is_same_site_path(action)
    if tag == "meta":
        return in_head and {_local_name(n) for n in element.attrib} <= OWN_META_ATTRS
    if tag == "link":
        href = (_attr(element, "href") or "").strip()
        rels = set((_attr(element, "rel") or "").lower().split())
        return in_head and (_is_same_site_path(href) or (bool(rels) and rels <= _INERT_LINK_RELS))
    return False


def find_dangerous_anywhere(html: str, *, own_script_prefix: str = "/static/") -> list[str]:
    """Findings for dangerous markup anywhere in a page, forgiving our own tags.

    Forgiven: `<script src>` starting with `own_script_prefix`; `<form>` whose
    action is empty or a same-site path; `<meta>` in `<head>` with only
    charset/name/content; `<link>` in `<head>` to a same-site path or with a
    purely descriptive rel such as canonical. Their attributes are still checked.
    """
    findings = []
    for element, tag, _in_region, in_head in _walk(_parse(html)):
        element_findings = _element_findings(element, tag)
        if tag in DANGEROUS_ELEMENTS and _is_ours(element, tag, in_head, own_script_prefix):
            element_findings = element_findings[1:]  # keep attribute findings only
        findings.extend(element_findings)
    return findings

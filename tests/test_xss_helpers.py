"""The XSS helpers must catch every construct they promise to and stay quiet on clean pages."""

import pytest

from tests.xss import CORPUS_PATH, find_dangerous, find_dangerous_anywhere, load_corpus

# Each snippet is dangerous on its own; the id names the construct it stands for.
KNOWN_BAD = {
    "script": "<script>alert(1)</script>",
    "script-mixed-case": "<ScRiPt>alert(1)</sCrIpT>",
    "script-src-elsewhere": '<script src="https://evil.example/x.js"></script>',
    "iframe": '<iframe src="https://example.com"></iframe>',
    "object": '<object data="x.swf"></object>',
    "embed": '<embed src="x.swf">',
    "style": "<style>body{color:red}</style>",
    "base": '<base href="https://evil.example/">',
    "meta": '<meta http-equiv="refresh" content="0;url=https://evil.example/">',
    "form": '<form action="https://evil.example/"><input name="password"></form>',
    "svg": "<svg><circle r=5></circle></svg>",
    "math": "<math><mi>x</mi></math>",
    "onerror": "<img src=x onerror=alert(1)>",
    "onclick-uppercase": "<div ONCLICK=alert(1)>x</div>",
    "ontoggle": "<details open ontoggle=alert(1)>x</details>",
    "href-javascript": '<a href="javascript:alert(1)">x</a>',
    "href-mixed-case": '<a href="JaVaScRiPt:alert(1)">x</a>',
    "href-leading-space": '<a href="  javascript:alert(1)">x</a>',
    "href-tab-inside": '<a href="java\tscript:alert(1)">x</a>',
    "href-newline-inside": '<a href="java\nscript:alert(1)">x</a>',
    "href-entity-tab": '<a href="jav&#x09;ascript:alert(1)">x</a>',
    "href-control-prefix": '<a href="&#14;javascript:alert(1)">x</a>',
    "href-decimal-entities": (
        '<a href="&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;alert(1)">x</a>'
    ),
    "href-decimal-no-semicolons": (
        '<a href="&#106&#97&#118&#97&#115&#99&#114&#105&#112&#116&#58alert(1)">x</a>'
    ),
    "href-padded-decimal": '<a href="&#0000106avascript:alert(1)">x</a>',
    "href-hex-no-semicolons": '<a href="&#x6A&#x61&#x76&#x61script:alert(1)">x</a>',
    "href-named-colon": '<a href="javascript&colon;alert(1)">x</a>',
    "href-vbscript": '<a href="vbscript:msgbox(1)">x</a>',
    "href-data": '<a href="data:text/html,hello">x</a>',
    "src-javascript": '<img src="javascript:alert(1)">',
    "action-javascript": '<button form="f" formaction="javascript:alert(1)">x</button>',
    "poster-javascript": '<video poster="javascript:alert(1)"></video>',
    "background-javascript": '<table background="javascript:alert(1)"><tr><td>x</td></tr></table>',
    "data-attribute-url": '<object data="javascript:alert(1)"></object>',
    "xlink-href": '<svg><a xlink:href="javascript:alert(1)"><text>x</text></a></svg>',
    "style-expression": '<div style="width: expression(alert(1))">x</div>',
    "style-escaped-expression": '<div style="x:\\65 xpression(alert(1))">x</div>',
    "style-javascript-url": '<p style="background:url(javascript:alert(1))">x</p>',
    "noscript-mutation": '<noscript><p title="</noscript><img src=x onerror=alert(1)>">',
    "math-mutation": "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
}

CLEAN_FRAGMENTS = {
    "plain-text": "I felt lonely even when we sat side by side.",
    "formatting": "<p>We <em>never</em> talk about <strong>us</strong>.</p>",
    "safe-links": (
        '<p><a href="https://example.org/help" rel="nofollow">help</a> '
        '<a href="/stories/12/">a story</a> <a href="#replies">replies</a> '
        '<a href="mailto:care@example.org">write</a></p>'
    ),
    "escaped-markup": "<pre><code>&lt;script&gt;alert(1)&lt;/script&gt;</code></pre>",
    "scheme-in-text": "<p>Typing javascript:alert(1) into a story is just text.</p>",
    "blockquote-list": "<blockquote><p>quiet</p></blockquote><ul><li>one</li></ul>",
    "image": '<img src="/media/x.png" alt="a lighthouse">',
    "online-word-attribute": '<p class="online" data-one="on">on</p>',
}

OUR_PAGE = """<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>Unspoken</title>
  <link rel="stylesheet" href="/static/css/site.css">
  <link rel="canonical" href="https://unspoken.example/stories/1/">
  <script src="/static/js/enhance.js" defer></script>
</head>
<body>
  <form action="/search/" method="get"><input name="q" value="silence"></form>
  <main>
    <h1 data-user-content>{title}</h1>
    <div data-user-content>{body}</div>
  </main>
  <form method="post"><input type="hidden" name="csrfmiddlewaretoken" value="x"></form>
</body>
</html>"""


def our_page(*, title: str = "Lonely on the same couch", body: str = "<p>Quiet.</p>") -> str:
    return OUR_PAGE.format(title=title, body=body)


def test_corpus_has_at_least_170_payloads():
    assert len(load_corpus()) >= 170


def test_corpus_drops_comments_and_blank_lines():
    payloads = load_corpus()
    assert all(payload.strip() for payload in payloads)
    assert not any(payload.startswith("#") for payload in payloads)


def test_corpus_turns_backslash_n_into_a_newline():
    assert "[x][1]\n\n[1]: javascript:alert(1)" in load_corpus()


def test_corpus_keeps_javascript_style_escapes_literal():
    assert "\\u003cscript\\u003ealert(1)\\u003c/script\\u003e" in load_corpus()


def test_corpus_decodes_braced_code_points():
    assert any("\u202e" in payload for payload in load_corpus())


def test_corpus_includes_payloads_longer_than_a_story_may_be():
    assert max(len(payload) for payload in load_corpus()) > 20_000


def test_corpus_has_no_duplicates():
    payloads = load_corpus()
    assert len(payloads) == len(set(payloads))


def test_corpus_file_is_utf8_text():
    CORPUS_PATH.read_text(encoding="utf-8")


@pytest.mark.parametrize("snippet", KNOWN_BAD.values(), ids=KNOWN_BAD.keys())
def test_region_checker_finds_dangerous_markup_inside_user_content(snippet):
    assert find_dangerous(our_page(body=snippet))


@pytest.mark.parametrize("snippet", KNOWN_BAD.values(), ids=KNOWN_BAD.keys())
def test_page_checker_finds_dangerous_markup_anywhere(snippet):
    assert find_dangerous_anywhere(our_page(body=snippet))


@pytest.mark.parametrize("snippet", KNOWN_BAD.values(), ids=KNOWN_BAD.keys())
def test_fragment_mode_finds_dangerous_markup_without_a_region(snippet):
    assert find_dangerous(snippet, user_region_only=False)


@pytest.mark.parametrize("fragment", CLEAN_FRAGMENTS.values(), ids=CLEAN_FRAGMENTS.keys())
def test_clean_user_content_passes_both_checkers(fragment):
    page = our_page(body=fragment)
    assert find_dangerous(page) == []
    assert find_dangerous_anywhere(page) == []
    assert find_dangerous(fragment, user_region_only=False) == []


def test_our_own_page_furniture_passes_the_page_checker():
    assert find_dangerous_anywhere(our_page()) == []


def test_region_checker_ignores_our_own_scripts_and_forms():
    assert find_dangerous(our_page()) == []


def test_region_checker_ignores_dangerous_markup_outside_regions():
    page = "<div><script>track()</script></div><p data-user-content>hello</p>"
    assert find_dangerous(page) == []
    assert find_dangerous_anywhere(page)


def test_attribute_breakout_in_a_title_is_found():
    findings = find_dangerous(our_page(title='x"><img src=x onerror=alert(1)>'))
    assert findings == ["event handler onerror='alert(1)' on <img>"]


def test_nested_regions_report_each_finding_once():
    page = "<div data-user-content><p data-user-content><img src=x onerror=alert(1)></p></div>"
    assert len(find_dangerous(page)) == 1


def test_the_region_element_itself_is_inspected():
    assert find_dangerous('<div data-user-content onclick="alert(1)">x</div>')


def test_require_region_reports_a_page_without_user_content():
    assert find_dangerous("<p>nothing marked</p>") == []
    assert find_dangerous("<p>nothing marked</p>", require_region=True)


def test_findings_are_readable_sentences():
    [finding] = find_dangerous('<p data-user-content><a href="javascript:alert(1)">x</a></p>')
    assert finding == "javascript: URL in href='javascript:alert(1)' on <a>"


@pytest.mark.parametrize(
    "furniture",
    [
        "<script>inline()</script>",
        '<script src="/media/uploads/x.js"></script>',
        '<script src="https://cdn.example/x.js"></script>',
        '<form action="//evil.example/"></form>',
        '<form action="https://evil.example/"></form>',
        '<meta http-equiv="refresh" content="0">',
        '<meta property="og:title" content="x">',
        '<link rel="stylesheet" href="https://evil.example/x.css">',
        '<link rel="canonical" href="javascript:alert(1)">',
    ],
)
def test_page_checker_does_not_forgive_look_alikes_of_our_furniture(furniture):
    page = f"<html><head>{furniture}</head><body><p>x</p></body></html>"
    assert find_dangerous_anywhere(page)


def test_page_checker_does_not_forgive_plain_meta_outside_head():
    assert find_dangerous_anywhere('<body><p>x</p><meta name="a" content="b"></body>')


def test_page_checker_still_checks_attributes_on_our_forms():
    page = '<form action="/x"><button formaction="javascript:alert(1)">go</button></form>'
    assert find_dangerous_anywhere(page) == [
        "javascript: URL in formaction='javascript:alert(1)' on <button>"
    ]


def test_page_checker_honours_a_custom_script_prefix():
    page = '<script src="/assets/app.js"></script>'
    assert find_dangerous_anywhere(page)
    assert find_dangerous_anywhere(page, own_script_prefix="/assets/") == []


def test_a_title_breakout_into_head_is_found():
    page = our_page().replace("<title>Unspoken</title>", "<title></title><script>x()</script>")
    assert find_dangerous_anywhere(page)


def test_deeply_nested_markup_does_not_exhaust_the_stack():
    page = "<div data-user-content>" + "<div>" * 5000 + "<img src=x onerror=alert(1)>"
    assert find_dangerous(page)


def test_every_raw_corpus_payload_can_be_checked_without_errors():
    for payload in load_corpus():
        find_dangerous(our_page(title=payload, body=payload))
        find_dangerous_anywhere(our_page(title=payload, body=payload))

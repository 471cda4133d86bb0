"""Text nested deeper than the renderer keeps is flattened, never lost; long links stay readable."""

import re

from hypothesis import given
from hypothesis import strategies as st

from forum.rendering import MAX_CONTAINER_DEPTH, plain_text, render_markdown


def _words(text: str) -> list[str]:
    return re.findall(r"[a-z]{3,}", text)


def test_a_quote_twenty_five_deep_keeps_its_text():
    html = render_markdown(">" * 25 + " the words at the bottom")
    assert "the words at the bottom" in plain_text(html)
    assert html.count("<blockquote>") == MAX_CONTAINER_DEPTH


def test_a_list_twelve_deep_keeps_every_item():
    text = "\n".join("  " * i + f"- item{chr(97 + i)}" for i in range(12))
    html = render_markdown(text)
    for i in range(12):
        assert f"item{chr(97 + i)}" in html
    assert html.count("<ul>") == MAX_CONTAINER_DEPTH
    assert html.count("<li>") == html.count("</li>")


def test_thousands_of_quote_markers_keep_the_text():
    assert "still here" in plain_text(render_markdown(">" * 5000 + " still here"))


def test_mixed_quote_and_list_markers_past_the_parsers_limit_keep_the_text():
    assert "lost words" in plain_text(render_markdown("> - " * 80 + "lost words"))


def test_a_very_long_link_is_shortened_in_its_text_not_its_address():
    url = "https://example.org/" + "path/" * 80 + "end"
    html = render_markdown(f"read {url} please")
    assert f'href="{url}"' in html
    text = plain_text(html)
    assert "…" in text and len(text) < 100
    assert text.endswith("please")


def test_a_short_link_is_left_as_typed():
    html = render_markdown("see https://example.org/a")
    assert ">https://example.org/a</a>" in html


def test_ordinary_lists_stay_tight():
    assert render_markdown("- one\n- two") == "<ul>\n<li>one</li>\n<li>two</li>\n</ul>"


_marker = st.sampled_from(["> ", "- ", "1. ", "  ", "* ", ">"])
_line = st.tuples(st.lists(_marker, max_size=40), st.sampled_from(["alpha", "bravo", "delta"]))


@given(st.lists(_line, min_size=1, max_size=30))
def test_no_word_is_ever_lost_to_nesting(lines):
    text = "\n".join("".join(markers) + word for markers, word in lines)
    rendered = plain_text(render_markdown(text))
    for word in {w for _, w in lines}:
        assert word in rendered

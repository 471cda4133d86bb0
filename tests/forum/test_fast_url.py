"""URLs built from a pattern reversed once (forum.models.fast_url) are exactly what reverse()
gives, whatever the script prefix, and values a pattern cannot take go through reverse()."""

import pytest
from django.urls import NoReverseMatch, reverse, set_script_prefix

from forum.models import Story, Theme, fast_url, reply_key, reply_url


@pytest.fixture
def prefix():
    yield set_script_prefix
    set_script_prefix("/")


@pytest.mark.parametrize("script_prefix", ["/", "/forum/", "/a/987654321/"])
def test_story_and_theme_urls_match_reverse(script_prefix, prefix):
    prefix(script_prefix)
    for pk, slug in [(1, "a"), (42, "am-i-asking-too-much"), (2**62, "story"), (7, "x_y-9")]:
        story = Story(pk=pk, slug=slug)
        assert story.get_absolute_url() == reverse("forum:story-detail", args=[pk, slug])
    theme = Theme(slug="silence-at-home")
    assert theme.get_absolute_url() == reverse("forum:theme-detail", args=["silence-at-home"])


def test_a_story_without_slug_gets_the_fallback():
    expected = reverse("forum:story-detail", args=[5, "story"])
    assert Story(pk=5, slug="").get_absolute_url() == expected


def test_reply_urls_match_reverse(prefix):
    prefix("/sub/")
    for story_id, pk in [(3, 9), (14197, 700013)]:
        reply = type("R", (), {"story_id": story_id, "pk": pk})()
        key = reply_key(story_id, pk)
        for name in ("forum:reply-react", "forum:reply-helpful", "moderation:flag-reply"):
            assert reply_url(name, reply) == reverse(name, kwargs={"pk": story_id, "key": key})


def test_values_a_pattern_cannot_take_are_refused_as_reverse_refuses():
    # Not a slug: no URL is made up from the stand-in's pattern.
    with pytest.raises(NoReverseMatch):
        fast_url("forum:theme-detail", slug="no spaces/here")
    with pytest.raises(NoReverseMatch):
        fast_url("forum:theme-detail", slug="")


def test_arguments_given_in_another_order_than_the_url_holds_them():
    assert fast_url("forum:story-detail", slug="a-b", pk=12) == reverse(
        "forum:story-detail", args=[12, "a-b"]
    )

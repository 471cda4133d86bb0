"""Rendered replies reused per version: only a changed reply renders again, nothing leaks."""

import re

import pytest
from django.urls import reverse

from forum.models import Reaction, Reply, reply_url
from forum.templatetags import fragments

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def empty_store():
    fragments.clear()
    yield
    fragments.clear()


@pytest.fixture
def thread(story_factory, reply_factory):
    story = story_factory()
    replies = [reply_factory(story=story, body=f"Reply number {i} here.") for i in range(3)]
    return story, replies


def _rendered(monkeypatch):
    """Count the replies rendered for real (not taken from the store)."""
    calls = []
    original = fragments._put

    def put(key, html):
        if key[0] != "chrome":  # the header and footer are counted by their own tests
            calls.append(key)
        original(key, html)

    monkeypatch.setattr(fragments, "_put", put)
    return calls


def test_a_second_visit_renders_no_reply_and_a_reaction_renders_only_its_reply(
    client, thread, monkeypatch
):
    story, replies = thread
    rendered = _rendered(monkeypatch)
    client.get(story.get_absolute_url())
    assert len(rendered) == 3
    client.get(story.get_absolute_url())
    assert len(rendered) == 3
    Reply.objects.filter(pk=replies[1].pk).update(reaction_hear=1, support_count=1)
    html = client.get(story.get_absolute_url()).content.decode()
    assert len(rendered) == 4
    assert "I hear you <span>1</span>" in html


def test_a_changed_body_is_never_served_from_an_old_fragment(client, thread):
    """A moderator's edit may not touch edited_at: the key holds a digest of the body."""
    story, replies = thread
    client.get(story.get_absolute_url())
    Reply.objects.filter(pk=replies[0].pk).update(body_html="<p>Edited by a moderator.</p>")
    html = client.get(story.get_absolute_url()).content.decode()
    assert "Edited by a moderator." in html
    assert "Reply number 0 here." not in html


def test_signed_in_readers_share_fragments_but_never_a_csrf_token(client, thread, user_factory):
    story, _ = thread
    tokens = []
    for _ in range(2):
        reader = client.__class__()
        reader.force_login(user_factory())
        html = reader.get(story.get_absolute_url()).content.decode()
        forms = re.findall(r"<form[^>]*data-reaction>(<input[^>]*>)", html)
        assert len(forms) == 2  # the story's and the one the thread's replies share
        assert html.count('form="rr"') == 12  # three replies, four buttons each
        tokens.append({re.search(r'value="([^"]+)"', f).group(1) for f in forms})
        assert fragments.CSRF_PLACEHOLDER not in html
    assert not tokens[0] & tokens[1]
    stored = fragments._store.values()
    assert all(
        fragments.CSRF_PLACEHOLDER in html or fragments.TOKEN_PLACEHOLDER in html
        for html in stored
        if "<form" in html
    )
    token = re.compile(r'csrfmiddlewaretoken" value="(?!' + fragments.TOKEN_PLACEHOLDER + ")")
    assert not any(token.search(html) for html in stored)


def test_a_reader_who_reacted_sees_the_pressed_button_and_others_do_not(
    client, thread, user_factory
):
    story, replies = thread
    reacted, other = user_factory(), user_factory()
    Reaction.objects.create(user=reacted, kind="hear", story=story, reply=replies[0])
    viewer = client.__class__()
    viewer.force_login(other)
    viewer.get(story.get_absolute_url())  # fills the shared fragments
    client.force_login(reacted)
    html = client.get(story.get_absolute_url()).content.decode()
    article = html.split(f'id="{replies[0].anchor}"')[1].split("</article>")[0]
    assert f'value="{replies[0].key}:hear:0" aria-pressed="true"' in article
    html = viewer.get(story.get_absolute_url()).content.decode()
    article = html.split(f'id="{replies[0].anchor}"')[1].split("</article>")[0]
    assert 'aria-pressed="true"' not in article


def test_the_replier_and_the_story_author_get_their_own_controls(
    client, story_factory, reply_factory, user_factory
):
    writer, replier = user_factory(), user_factory()
    story = story_factory(user=writer)
    reply = reply_factory(story=story, user=replier)
    visitor = client.__class__()
    visitor.get(story.get_absolute_url())
    client.force_login(replier)
    html = client.get(story.get_absolute_url()).content.decode()
    assert reverse("forum:reply-delete", args=[reply.pk]) in html
    client.force_login(writer)
    html = client.get(story.get_absolute_url()).content.decode()
    assert reply_url("forum:reply-helpful", reply) in html
    html = visitor.get(story.get_absolute_url()).content.decode()
    assert reverse("forum:reply-delete", args=[reply.pk]) not in html
    assert reply_url("forum:reply-helpful", reply) not in html


def test_story_cards_are_rendered_once_per_version(client, story_factory, monkeypatch):
    from forum.models import Story

    story = story_factory(title="A card of its own")
    rendered = _rendered(monkeypatch)
    client.get(reverse("forum:story-list"))
    cards = [k for k in rendered if k[0] == "card"]
    assert len(cards) == 1
    client.get(reverse("forum:story-list"))
    assert len([k for k in rendered if k[0] == "card"]) == 1
    Story.objects.filter(pk=story.pk).update(reply_count=3, title="A card renamed")
    html = client.get(reverse("forum:story-list")).content.decode()
    assert "A card renamed" in html and "3 replies" in html
    assert len([k for k in rendered if k[0] == "card"]) == 2


def _header(html: str) -> str:
    return html.split('<header class="site-header">')[1].split("</header>")[0]


def test_the_stored_header_carries_each_readers_own_csrf_token_and_sign_out_works(
    client, user_factory
):
    first, second = client.__class__(), client.__class__()
    first.force_login(user_factory())
    second.force_login(user_factory())
    tokens = []
    for reader in (first, second):
        header = _header(reader.get("/stories/").content.decode())
        assert fragments.TOKEN_PLACEHOLDER not in header
        tokens.append(re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', header)[1])
    assert any(key[0] == "chrome" for key in fragments._store)  # the second came from the store
    assert tokens[0] != tokens[1]
    # The token in the stored header is a working one: signing out with it succeeds.
    enforcing = client.__class__(enforce_csrf_checks=True)
    enforcing.cookies = second.cookies
    page = enforcing.get("/stories/").content.decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', _header(page))[1]
    assert (
        enforcing.post(reverse("account_logout"), {"csrfmiddlewaretoken": token}).status_code == 302
    )


def test_the_stored_header_never_shows_one_viewer_what_belongs_to_another(
    client, user_factory, moderator
):
    from forum.models import Notification, NotificationKind

    reader = user_factory()
    Notification.objects.create(user=reader, kind=NotificationKind.values[0], message="x")
    viewers = {"moderator": client.__class__(), "reader": client.__class__()}
    viewers["moderator"].force_login(moderator)
    viewers["reader"].force_login(reader)
    for _ in range(2):  # the second round comes from the store
        moderator_header = _header(viewers["moderator"].get("/stories/").content.decode())
        reader_header = _header(viewers["reader"].get("/stories/").content.decode())
        visitor_header = _header(client.get("/stories/").content.decode())
        assert "Moderation" in moderator_header and "Moderation" not in reader_header
        assert '1<span class="visually-hidden"> unread' in reader_header
        assert "unread" not in moderator_header and "unread" not in visitor_header
        assert "Sign out" not in visitor_header and "Sign in" in visitor_header


def test_a_visitors_page_gets_no_csrf_cookie_from_a_stored_header(client, user_factory):
    reader = client.__class__()
    reader.force_login(user_factory())
    reader.get("/stories/")  # stores the signed-in header, sign-out form and all
    response = client.get("/stories/")
    assert "csrftoken" not in response.cookies


def test_the_ceiling_as_filed_renders_its_chrome_every_time(rf, db):
    """bench's "ceiling, chrome rendered" must not take header and footer from the store (it
    stands for the ceiling before the store held them), and the plain ceiling must."""
    from django.contrib.auth.models import AnonymousUser

    from config.ceiling import ceiling
    from forum.templatetags import fragments

    def chrome_keys():
        return [key for key in fragments._store if key[0] == "chrome"]

    fragments.clear()
    request = rf.get("/bench/ceiling/", {"chrome": "rendered"})
    request.user = AnonymousUser()
    first = ceiling(request).content
    assert chrome_keys() == []
    request = rf.get("/bench/ceiling/")
    request.user = AnonymousUser()
    assert ceiling(request).content.count(b"<footer") == first.count(b"<footer") == 1
    assert chrome_keys()


@pytest.mark.parametrize("path", ["/stories/", "/search/?q=lighthouse"])
def test_a_warning_added_later_folds_the_stored_card(client, story_factory, path, settings):
    """A content warning added after a story's card was stored (by its writer's edit or a
    moderator, with no note text and nothing else changed) must show on the next page: the
    card's key holds the warnings, not only the note text."""
    settings.UNSPOKEN_PAGE_CACHE_SECONDS = 0
    settings.UNSPOKEN_SEARCH_CACHE_SECONDS = 0
    story = story_factory(title="The lighthouse keeper's silence", body="A lighthouse story. " * 5)
    first = client.get(path).content.decode()
    assert "self-harm" not in first and "The lighthouse keeper" in first
    story.content_warnings = ["self-harm"]
    story.save(update_fields=["content_warnings"])
    again = client.get(path).content.decode()
    assert "self-harm" in again


def test_a_stored_search_result_takes_each_querys_own_snippet(client, story_factory, settings):
    """One story found by two searches: its card is stored once, and each page shows the
    passage of its own words, escaped, never the other query's."""
    settings.UNSPOKEN_SEARCH_CACHE_SECONDS = 0
    story_factory(
        title="Kettle and <b>lantern</b>",
        body="The kettle sings at dawn. " + "Filler words here. " * 40 + "A lantern <script>.",
    )
    stored = []
    original = fragments._put
    fragments._put = lambda key, html: (stored.append(key), original(key, html))
    try:
        kettle = client.get("/search/?q=kettle").content.decode()
        lantern = client.get("/search/?q=lantern").content.decode()
    finally:
        fragments._put = original
    assert len([key for key in stored if key[0] == "card"]) == 1
    assert "<mark>kettle</mark>" in kettle and "<mark>lantern</mark>" not in kettle
    assert "<mark>lantern</mark>" in lantern and "<mark>kettle</mark>" not in lantern
    assert "<script>" not in lantern and "&lt;b&gt;lantern" in lantern
    assert fragments.SNIPPET_PLACEHOLDER not in kettle + lantern


def test_a_search_result_the_reader_hid_is_never_stored(client, story_factory, settings):
    settings.UNSPOKEN_SEARCH_CACHE_SECONDS = 0
    story_factory(
        title="About the kettle", body="The kettle again.", content_warnings=["self-harm"]
    )
    client.cookies["unspoken_hide"] = "n.self-harm"
    hidden = client.get("/search/?q=kettle").content.decode()
    assert not [key for key in fragments._store if key[0] == "card"]
    assert "A story with a note you chose to hide" in hidden
    assert "About the kettle" not in hidden


def test_a_flag_shows_only_to_the_reader_who_sent_it_and_is_never_stored(
    client, thread, user_factory, monkeypatch
):
    """The flag link is part of the shared fragment; "You flagged this reply" is the flagging
    reader's own, so their copy of that reply is rendered for them and kept nowhere."""
    story, replies = thread
    flagger, other = user_factory(), user_factory()
    client.force_login(flagger)
    flag = client.post(reply_url("moderation:flag-reply", replies[1]), {"reason": "spam"})
    assert flag.status_code == 302
    calls = _rendered(monkeypatch)
    html = client.get(story.get_absolute_url()).content.decode()
    flagged = html.split(f'id="{replies[1].anchor}"')[1].split("</article>")[0]
    assert "You flagged this reply" in flagged and "flag-link" not in flagged
    assert html.count("You flagged this reply") == 1
    assert [key[3] for key in calls if key[0] == "reply"] == [replies[0].pk, replies[2].pk]
    assert not any("You flagged" in stored for stored in fragments._store.values())
    viewer = client.__class__()
    viewer.force_login(other)
    seen = viewer.get(story.get_absolute_url()).content.decode()
    assert "You flagged" not in seen
    assert seen.count('class="flag-link"') == 3
    assert f'href="{reply_url("moderation:flag-reply", replies[1])}"' in seen
    # The flag line inside a shared fragment is the link, even if a tag were asked for the
    # flagging reader's line there.
    from django.template import Context, RequestContext
    from django.test import RequestFactory

    from moderation.templatetags.moderation_tags import reply_flag_line

    request = RequestFactory().get("/")
    request.user = flagger
    context = RequestContext(request, {"user": flagger, "shared_fragment": True})
    assert "flag-link" in reply_flag_line(context, replies[1])
    assert "You flagged" in reply_flag_line(
        Context({"user": flagger, "request": request}), replies[1]
    )


def test_the_story_flag_form_is_stored_once_but_a_readers_own_flag_never(
    client, thread, user_factory
):
    story, _ = thread
    first, flagger = client.__class__(), client.__class__()
    first.force_login(user_factory())
    flagger.force_login(user_factory())
    tokens = set()
    for reader in (first, flagger):
        html = reader.get(story.get_absolute_url()).content.decode()
        form = html.split('class="flag-form"')[1].split("</form>")[0]
        tokens.add(re.search(r'csrfmiddlewaretoken" value="([^"]+)"', form).group(1))
    assert len(tokens) == 2  # one stored form, each reader's own token in it
    stored = [html for key, html in fragments._store.items() if key[1] == "story-flag"]
    assert len(stored) == 1 and fragments.TOKEN_PLACEHOLDER in stored[0]
    done = flagger.post(reverse("moderation:flag-story", args=[story.pk]), {"reason": "spam"})
    assert done.status_code == 302
    own = flagger.get(story.get_absolute_url()).content.decode()
    assert "You flagged this story" in own and 'class="flag-form"' not in own
    other = first.get(story.get_absolute_url()).content.decode()
    assert "You flagged" not in other and 'class="flag-form"' in other
    assert not any("You flagged" in html for html in fragments._store.values())


def test_the_reply_box_is_stored_once_and_each_reader_gets_their_own_alias_and_tokens(
    client, story_factory, reply_factory, user_factory
):
    story = story_factory()
    readers = []
    for alias in ("Careful Willow", "Mindful Robin"):
        user = user_factory()
        reply_factory(story=story, user=user, alias=alias)
        reader = client.__class__()
        reader.force_login(user)
        readers.append((alias, reader))
    seen = []
    for alias, reader in readers:
        html = reader.get(story.get_absolute_url()).content.decode()
        box = html.split('id="reply-form-fields"')[1].split("</form>")[0]
        assert f'You reply as <strong class="alias">{alias}</strong>' in box
        submit = re.search(r'name="submit_token" value="([^"]+)"', box).group(1)
        csrf = re.search(r'csrfmiddlewaretoken" value="([^"]+)"', box).group(1)
        seen.append((submit, csrf))
    assert len({s for s, _ in seen}) == 2 and len({c for _, c in seen}) == 2
    boxes = [html for key, html in fragments._store.items() if key[0] == "reply-box"]
    assert len(boxes) == 1
    assert fragments.SUBMIT_PLACEHOLDER in boxes[0] and fragments.ALIAS_PLACEHOLDER in boxes[0]
    assert not any(alias in boxes[0] for alias, _ in readers)
    assert not any(s in boxes[0] or c in boxes[0] for s, c in seen)
    # The token each reader was given is the one their reply is accepted with.
    alias, reader = readers[1]
    posted = reader.post(
        reverse("forum:reply-create", args=[story.pk]),
        {"body": "I hear you, and I am glad you wrote.", "submit_token": seen[1][0]},
    )
    assert posted.status_code == 302
    assert Reply.objects.filter(story=story, alias=alias).count() == 2


def test_a_reply_box_that_came_back_with_text_is_never_stored(client, story_factory, user_factory):
    story = story_factory()
    client.force_login(user_factory())
    returned = client.post(
        reverse("forum:reply-create", args=[story.pk]),
        {"body": "x", "submit_token": "a" * 32},  # too short: the box comes back with it
    )
    assert returned.status_code == 400
    assert not any(key[0] == "reply-box" for key in fragments._store)

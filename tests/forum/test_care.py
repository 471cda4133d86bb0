"""Care that protects: whole-thread content notes, reply notes, reader filters (account and
visitor cookie), help first after crisis posts, the quick exit and unlinkable replies."""

import re
from dataclasses import dataclass
from datetime import timedelta

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from forum.filters import FILTER_COOKIE, from_cookie
from forum.models import Reply, Story, reply_url
from moderation.states import State
from tests.forum.test_query_budgets import LIST_BUDGET, STORY_BUDGET, crowd  # noqa: F401

SELF_HARM_BODY = "The night after the hospital I sat in the car for an hour, not ready to go in."


def html_of(response) -> str:
    assert response.status_code == 200, response.status_code
    return response.content.decode()


@pytest.fixture
def noted(story_factory, reply_factory, user_factory):
    """A self-harm story with two replies, one of them carrying its own note."""
    story = story_factory(
        title="After the hospital", body=SELF_HARM_BODY, content_warnings=["self-harm"]
    )
    reply_factory(story=story, body="Sending you warmth tonight, truly.")
    reply_factory(
        story=story,
        body="My brother's funeral was like that for me.",
        content_note="mentions a funeral",
    )
    return story


def thread_part(html: str) -> str:
    """What sits inside the story page's folding control."""
    match = re.search(r'<details class="thread-note" id="thread"[^>]*>(.*)</details>', html, re.S)
    assert match, "the thread is not behind a details control"
    return match.group(0)


# --- Content notes protect the whole thread ------------------------------------------------


def test_a_noted_story_folds_its_body_reactions_and_every_reply(client, noted):
    html = html_of(client.get(noted.get_absolute_url()))
    folded = thread_part(html)
    assert '<details class="thread-note" id="thread">' in folded  # closed: no "open"
    assert "Show story and replies" in folded and "Hide story and replies" in folded
    assert "not ready to go in" in folded
    assert "Sending you warmth tonight" in folded
    assert 'id="story-reactions"' in folded
    outside = html.replace(folded, "")
    for text in ("not ready to go in", "Sending you warmth", "funeral was like", "replies-heading"):
        assert text not in outside


def test_a_story_without_a_note_is_not_folded(client, story_factory, reply_factory):
    story = story_factory(title="Plain quiet")
    reply_factory(story=story, body="I hear you, and I am glad you wrote.")
    html = html_of(client.get(story.get_absolute_url()))
    assert "thread-note" not in html
    assert "I am glad you wrote" in html


def test_always_expand_opens_the_thread_but_it_can_still_be_closed(client, noted, user_factory):
    client.force_login(user_factory(always_expand_notes=True))
    folded = thread_part(html_of(client.get(noted.get_absolute_url())))
    assert '<details class="thread-note" id="thread" open>' in folded
    assert "Hide story and replies" in folded


def test_a_reply_with_its_own_note_is_folded_behind_it(client, noted):
    html = html_of(client.get(noted.get_absolute_url()))
    note = re.search(r'<details class="reply-note">(.*?)</details>', html, re.S)
    assert note and "mentions a funeral" in note.group(1)
    assert "funeral was like that" in note.group(1)
    assert "Show reply" in note.group(1)


def test_a_reply_note_is_saved_from_the_reply_form(client, trusted_user, story_factory):
    story = story_factory(title="Kept quiet")
    client.force_login(trusted_user)
    response = client.post(
        reverse("forum:reply-create", args=[story.pk]),
        {
            "body": "I lost my dad last spring and it went quiet at home too.",
            "content_note": "mentions a death",
            "submit_token": "care-note-1",
            "website": "",
        },
    )
    assert response.status_code == 302
    reply = Reply.objects.get()
    assert reply.content_note == "mentions a death"
    html = html_of(client.get(story.get_absolute_url()))
    assert '<details class="reply-note">' in html


def test_a_reply_note_longer_than_allowed_is_a_clear_400(client, trusted_user, story_factory):
    story = story_factory(title="Kept quiet too")
    client.force_login(trusted_user)
    response = client.post(
        reverse("forum:reply-create", args=[story.pk]),
        {"body": "I hear you.", "content_note": "x" * 81, "submit_token": "t-2", "website": ""},
    )
    assert response.status_code == 400
    assert not Reply.objects.exists()


def test_lists_show_the_note_instead_of_the_excerpt(client, noted):
    html = html_of(client.get(reverse("forum:story-list")))
    card = html[html.index("After the hospital") :]
    card = card[: card.index("</article>")]
    assert "self-harm" in card
    assert "not ready to go in" not in card


# --- Reader filters: accounts --------------------------------------------------------------


@pytest.fixture
def wary_reader(user_factory):
    """An account that hid self-harm, and asked for every note to open by itself."""
    return user_factory(hidden_notes=["self-harm"], always_expand_notes=True)


@pytest.mark.parametrize(
    "url",
    [
        reverse("forum:home"),
        reverse("forum:story-list"),
        reverse("forum:waiting"),
        reverse("forum:theme-detail", args=["subtle-signs"]),
        reverse("forum:search") + "?q=hospital",
    ],
)
def test_a_hidden_story_is_one_quiet_line_in_every_list(
    client, wary_reader, noted, story_factory, url
):
    # Not yet answered, so the waiting list has one too.
    story_factory(
        title="After the hospital, again", body=SELF_HARM_BODY, content_warnings=["self-harm"]
    )
    client.force_login(wary_reader)
    html = html_of(client.get(url))
    assert "A story with a note you chose to hide:" in html
    lines = re.findall(r'<p class="story-hidden">(.*?)</p>', html, re.S)
    assert lines and all("self-harm" in line and "show anyway" in line for line in lines)
    hidden_urls = {f"{s.get_absolute_url()}?show=1" for s in Story.objects.all()}
    assert all(re.search(r'href="([^"]+)"', line).group(1) in hidden_urls for line in lines)
    assert "After the hospital" not in html  # not even the title
    assert "not ready to go in" not in html


def test_a_hidden_story_stays_closed_on_its_page_even_with_always_expand(
    client, wary_reader, noted
):
    client.force_login(wary_reader)
    folded = thread_part(html_of(client.get(f"{noted.get_absolute_url()}?show=1")))
    assert '<details class="thread-note" id="thread">' in folded
    assert "A story with a note you chose to hide:" in folded


@pytest.mark.parametrize("who", ["account", "visitor"])
def test_a_hidden_story_page_sends_only_the_quiet_line_until_the_reader_asks(
    client, wary_reader, noted, who
):
    """A folded <details> opens by itself when a link's #r-… or find-in-page points inside it,
    so the page a reader chose to hide sends nothing that could open."""
    if who == "account":
        client.force_login(wary_reader)
    else:
        client.cookies[FILTER_COOKIE] = "n.self-harm"
    reply = noted.replies.first()
    held = html_of(client.get(noted.get_absolute_url()))
    assert "A story with a note you chose to hide:" in held and "self-harm" in held
    for words in ("After the hospital", "not ready to go in", "Sending you warmth", reply.anchor):
        assert words not in held, words
    assert "<details" not in held.split("<main")[1]
    assert f'href="{noted.get_absolute_url()}?show=1"' in held
    shown = html_of(client.get(f"{noted.get_absolute_url()}?show=1"))
    assert "not ready to go in" in shown and f'id="{reply.anchor}"' in shown


def test_acting_on_a_hidden_story_returns_to_it_shown(
    client, wary_reader, noted, django_assert_max_num_queries
):
    client.force_login(wary_reader)
    reply = noted.replies.first()
    react = client.post(reply_url("forum:reply-react", reply), {"kind": "hear"})
    assert react["Location"] == f"{noted.get_absolute_url()}?show=1#{reply.anchor}"
    flag = client.post(reply_url("moderation:flag-reply", reply), {"reason": "spam"})
    assert flag["Location"] == f"{noted.get_absolute_url()}?show=1#{reply.anchor}"
    url = reverse("forum:reaction-toggle", args=["story", noted.pk])
    story_react = client.post(url, {"kind": "hear"})
    assert story_react["Location"] == f"{noted.get_absolute_url()}?show=1#story-reactions"


def test_the_writer_of_a_story_in_a_hidden_theme_sees_it_whole(client, user_factory, story_factory):
    writer = user_factory(hidden_themes=["subtle-signs"])
    story = story_factory(user=writer, title="My own evening", theme_slugs=["subtle-signs"])
    client.force_login(writer)
    assert "My own evening" in html_of(client.get(story.get_absolute_url()))


def test_a_theme_can_be_hidden_too(client, user_factory, story_factory):
    story_factory(title="In a theme I skip", theme_slugs=["subtle-signs"])
    client.force_login(user_factory(hidden_themes=["subtle-signs"]))
    html = html_of(client.get(reverse("forum:story-list")))
    assert "A story in a theme you chose to hide:" in html
    assert "In a theme I skip" not in html


def test_the_feed_leaves_hidden_stories_out(client, wary_reader, noted, story_factory):
    story_factory(title="A calmer evening")
    client.force_login(wary_reader)
    feed = html_of(client.get(reverse("forum:feed-stories")))
    assert "A calmer evening" in feed
    assert "After the hospital" not in feed


def test_a_feed_address_can_carry_the_filter_for_feed_readers(client, noted, story_factory):
    story_factory(title="A calmer evening", theme_slugs=["reconnecting"])
    url = reverse("forum:feed-stories")
    assert "After the hospital" in html_of(client.get(url))
    hidden = html_of(client.get(url + "?hide=self-harm"))
    assert "After the hospital" not in hidden and "A calmer evening" in hidden
    by_theme = html_of(client.get(url + "?hide=theme:reconnecting&hide=nonsense"))
    assert "A calmer evening" not in by_theme and "After the hospital" in by_theme


def test_the_settings_page_saves_the_filter_and_ignores_unknown_values(client, user_factory):
    user = user_factory()
    client.force_login(user)
    settings_url = reverse("accounts:settings")
    page = html_of(client.get(settings_url))
    assert 'name="notes" value="self-harm"' in page
    response = client.post(
        reverse("forum:reading"),
        {"notes": ["self-harm", "<script>", "loss"], "themes": ["nope"], "next": settings_url},
        follow=True,
    )
    assert response.status_code == 200
    assert response.redirect_chain[-1][0] == settings_url
    text = response.content.decode()
    assert "We ignored what we did not recognise" in text
    assert "&lt;script&gt;" in text and "<script>," not in text
    user.refresh_from_db()
    assert user.hidden_notes == ["loss", "self-harm"]
    assert user.hidden_themes == []
    assert 'value="self-harm" id="filter-note-self-harm" checked' in text


def test_an_outside_next_address_is_not_followed(client, user_factory):
    client.force_login(user_factory())
    response = client.post(
        reverse("forum:reading"), {"notes": ["loss"], "next": "https://evil.example/"}
    )
    assert response.status_code == 302
    assert response.url == reverse("forum:reading")


# --- Reader filters: visitors, with a cookie -------------------------------------------------


def test_a_visitor_hides_a_note_for_their_browser_without_an_account(client, noted):
    response = client.post(reverse("forum:reading"), {"notes": ["self-harm"]})
    assert response.status_code == 302
    cookie = response.cookies[FILTER_COOKIE]
    assert cookie.value == "n.self-harm"
    assert cookie["httponly"] and cookie["samesite"] == "Lax"
    html = html_of(client.get(reverse("forum:story-list")))
    assert "A story with a note you chose to hide:" in html
    assert "After the hospital" not in html
    assert "After the hospital" not in html_of(client.get(reverse("forum:feed-stories")))
    assert "not ready to go in" not in html_of(client.get(noted.get_absolute_url()))
    folded = thread_part(html_of(client.get(f"{noted.get_absolute_url()}?show=1")))
    assert '<details class="thread-note" id="thread">' in folded


def test_a_visitor_clears_the_filter_and_the_cookie_goes(client, noted):
    client.cookies[FILTER_COOKIE] = "n.self-harm"
    response = client.post(reverse("forum:reading"), {})
    assert response.cookies[FILTER_COOKIE].value == ""
    assert "After the hospital" in html_of(client.get(reverse("forum:story-list")))


def test_requests_with_the_filter_cookie_skip_the_shared_page_cache(client, noted, settings):
    settings.UNSPOKEN_PAGE_CACHE_SECONDS = 60
    cache.clear()
    url = reverse("forum:story-list")
    first = client.get(url)
    assert "private" not in first.get("Cache-Control", "")  # a plain visitor: cached
    client.cookies[FILTER_COOKIE] = "n.self-harm"
    filtered = client.get(url)
    assert "After the hospital" not in filtered.content.decode()
    assert "private" in filtered["Cache-Control"]
    # ...and what the filtered visitor saw never reaches anyone else.
    del client.cookies[FILTER_COOKIE]
    assert "After the hospital" in client.get(url).content.decode()


@pytest.mark.parametrize(
    "raw",
    ["", "garbage", "n.", "n.unknown~t.", "x" * 5000, "n.self-harm~" * 500, "\x00\x01", "t.a.b"],
)
def test_a_malformed_filter_cookie_is_ignored_never_a_500(client, noted, raw):
    assert from_cookie(raw) is not None
    client.cookies[FILTER_COOKIE] = raw
    assert client.get(reverse("forum:story-list")).status_code == 200
    assert client.get(noted.get_absolute_url()).status_code == 200
    assert client.get(reverse("forum:reading")).status_code == 200


def test_hostile_filter_forms_get_a_message_not_a_500(client, themes):
    response = client.post(
        reverse("forum:reading"), {"notes": ["x" * 300] * 100, "themes": ["\x00"]}, follow=True
    )
    assert response.status_code == 200
    assert "We ignored what we did not recognise" in response.content.decode()
    assert response.redirect_chain[-1][1] == 302
    huge = client.post(reverse("forum:reading"), {"notes": ["x" * 10_000] * 300})
    assert huge.status_code == 400


def test_the_reading_page_is_linked_from_every_page(client, themes):
    assert reverse("forum:reading") in html_of(client.get(reverse("forum:home")))


def test_list_budgets_hold_with_a_filter(
    client,
    crowd,  # noqa: F811
    user_factory,
    django_assert_max_num_queries,
):
    """The filter reads the prefetched themes and the user row: no query per story."""
    client.force_login(user_factory(hidden_notes=["loss"], hidden_themes=["subtle-signs"]))
    for url in (reverse("forum:story-list"), reverse("forum:home"), reverse("forum:waiting")):
        with django_assert_max_num_queries(LIST_BUDGET):
            html = html_of(client.get(url))
        assert "A story with a note you chose to hide:" in html
    client.logout()
    client.cookies[FILTER_COOKIE] = "n.loss"
    with django_assert_max_num_queries(LIST_BUDGET):
        html_of(client.get(reverse("forum:story-list")))
    busy = Story.objects.order_by("-reply_count").first()
    with django_assert_max_num_queries(STORY_BUDGET):
        html_of(client.get(busy.get_absolute_url()))
    with django_assert_max_num_queries(STORY_BUDGET):
        html_of(client.get(f"{busy.get_absolute_url()}?show=1"))


# --- Help first ----------------------------------------------------------------------------

CRISIS_BODY = (
    "He has not spoken to me properly in months and I feel like a ghost at home. "
    "Some nights I don't want to be here anymore."
)
STORY_FORM = {
    "title": "Months of quiet",
    "themes": ["subtle-signs"],
    "content_warnings": [],
    "content_note": "",
    "answer_mode": "listen",
    "website": "",
}


def share(client, body, token="care-crisis-1"):
    return client.post(
        reverse("forum:story-create"), {**STORY_FORM, "body": body, "submit_token": token}
    )


def test_a_writer_in_crisis_sees_help_before_the_review_status(client, themes):
    response = share(client, CRISIS_BODY)
    html = html_of(client.get(response.url))
    assert 'class="help-first"' in html
    panel = html.index('class="help-first"')
    assert panel < html.index("Your story is waiting for review</h2>")
    assert html.count("<h1") == 1
    assert html.index("<h1") > panel
    for link in ('href="tel:116123"', 'href="tel:988"', 'href="sms:988"', 'href="tel:112"'):
        assert html.index(link) > panel
    assert "https://findahelpline.com/" in html
    assert "Samaritans" in html and "United States" in html


def test_a_calm_story_gets_no_help_panel(client, themes):
    response = share(client, "He has not spoken to me properly in months. It is so quiet.")
    html = html_of(client.get(response.url))
    assert "help-first" not in html
    assert "<h1>Your story is waiting for review</h1>" in html


@dataclass(frozen=True)
class _Worried:
    fired: bool = True
    matches: tuple = ("she wants to die",)
    about_other: bool = True

    def __bool__(self):
        return self.fired


def test_someone_worried_about_another_person_gets_help_for_helping(client, themes, monkeypatch):
    import forum.checks.crisis

    response = share(client, CRISIS_BODY)
    monkeypatch.setattr(forum.checks.crisis, "detect_crisis", lambda text: _Worried())
    html = html_of(client.get(response.url))
    assert "You are worried about someone" in html
    assert "Ask them plainly" in html
    assert 'href="tel:988"' in html


def test_a_crisis_result_without_about_other_shows_the_writer_help(client, themes, monkeypatch):
    import forum.checks.crisis

    @dataclass(frozen=True)
    class Plain:
        fired: bool = True

    response = share(client, CRISIS_BODY)
    monkeypatch.setattr(forum.checks.crisis, "detect_crisis", lambda text: Plain())
    html = html_of(client.get(response.url))
    assert "Before anything else: you matter" in html


def test_a_replier_in_crisis_lands_on_help_first(client, trusted_user, story_factory):
    story = story_factory(title="Quiet rooms")
    client.force_login(trusted_user)
    response = client.post(
        reverse("forum:reply-create", args=[story.pk]),
        {"body": CRISIS_BODY, "submit_token": "care-r-1", "website": "", "post_anyway": "on"},
    )
    assert response.status_code == 302
    html = html_of(client.get(response.url))
    assert html.index('class="help-first"') < html.index("Thank you for your reply</h2>")
    assert 'href="tel:116123"' in html


def test_the_support_page_has_tappable_numbers(client):
    html = html_of(client.get(reverse("forum:support")))
    for link in ('href="tel:116123"', 'href="tel:988"', 'href="sms:988"', 'href="tel:999"'):
        assert link in html
    assert "If you are worried about someone else" in html


# --- Quick exit ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "name", ["forum:home", "forum:story-list", "forum:support", "forum:reading", "account_login"]
)
def test_every_page_has_a_quick_exit(client, themes, name):
    html = html_of(client.get(reverse(name)))
    link = re.search(r'<a class="quick-exit" href="([^"]+)" rel="noreferrer" data-quick-exit', html)
    assert link and link.group(1).startswith("https://")


def test_error_pages_have_the_quick_exit_too(client, themes):
    response = client.get("/stories/999999/nothing/")
    assert response.status_code == 404
    assert "Leave this site" in response.content.decode()


def test_the_quick_exit_address_is_configurable(client, themes, settings):
    settings.UNSPOKEN_QUICK_EXIT_URL = "https://weather.example/today"
    html = html_of(client.get(reverse("forum:home")))
    assert 'class="quick-exit" href="https://weather.example/today"' in html


# --- Unlinkable replies --------------------------------------------------------------------


def test_two_replies_by_one_person_in_two_threads_share_no_public_id_or_exact_time(
    client, story_factory, trusted_user
):
    """The linking attack: a reader collects every public id and timestamp on two threads
    and looks for anything that ties the same person's replies together."""
    first, second = story_factory(title="Thread one"), story_factory(title="Thread two")
    replier = Client_for(trusted_user)
    for n, story in enumerate((first, second)):
        replier.post(
            reverse("forum:reply-create", args=[story.pk]),
            {"body": "I hear you, and it matters.", "submit_token": f"link-{n}", "website": ""},
        )
    replies = list(Reply.objects.order_by("pk"))
    assert len(replies) == 2 and replies[1].pk == replies[0].pk + 1  # sequential underneath
    pages = [html_of(client.get(s.get_absolute_url())) for s in (first, second)]
    ids = [set(re.findall(r'id="([^"]+)"', page)) for page in pages]
    shared = {i for i in ids[0] & ids[1] if "r-" in i}
    assert not shared
    for page, reply in zip(pages, replies, strict=True):
        assert f"reply-{reply.pk}" not in page
        assert f'id="{reply.anchor}"' in page
        assert not re.search(r'datetime="[^"]*:\d\d:\d\d', page), "time finer than the hour"
        for stamp in re.findall(r'datetime="([^"]+)"', page):
            assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:00Z", stamp), stamp
        for title in re.findall(r'<time [^>]*title="([^"]+)"', page):
            assert f"{reply.created_at:%M}" == "00" or f":{reply.created_at:%M}" not in title
    assert replies[0].anchor != replies[1].anchor


def Client_for(user):  # noqa: N802 - reads like a noun in the test above
    from django.test import Client

    client = Client()
    client.force_login(user)
    return client


def test_public_times_round_down_to_the_hour(client, story_factory, reply_factory):
    story = story_factory(title="On the hour")
    moment = timezone.now().replace(minute=47, second=13, microsecond=123456) - timedelta(
        days=2, hours=1
    )
    reply = reply_factory(story=story)
    Reply.objects.filter(pk=reply.pk).update(created_at=moment)
    html = html_of(client.get(story.get_absolute_url()))
    assert f'datetime="{moment:%Y-%m-%dT%H}:00Z"' in html
    assert ".123456" not in html and ":47" not in html
    assert "2 days ago" in html


def test_the_feed_gives_times_to_the_hour(client, story_factory):
    story = story_factory(title="Feed hour")
    moment = timezone.now().replace(minute=31, second=5, microsecond=999) - timedelta(hours=3)
    Story.objects.filter(pk=story.pk).update(published_at=moment)
    feed = html_of(client.get(reverse("forum:feed-stories")))
    assert f"{moment:%Y-%m-%dT%H}:00:00" in feed
    assert f"{moment:%H}:31:05" not in feed


def test_an_old_reply_address_leads_its_writer_to_the_new_anchor(
    client, story_factory, reply_factory, user_factory
):
    writer = user_factory()
    reply = reply_factory(story=story_factory(), user=writer)
    client.force_login(writer)
    response = client.get(reverse("forum:reply-link", args=[reply.pk]))
    assert response.status_code == 302
    assert response.url == reply.get_absolute_url()
    assert response.url.endswith(f"#{reply.anchor}")


def test_an_old_reply_address_tells_anyone_else_nothing(
    client, story_factory, reply_factory, user_factory
):
    reply = reply_factory(story=story_factory(), user=user_factory())
    assert client.get(reverse("forum:reply-link", args=[reply.pk])).status_code == 404
    client.force_login(user_factory())
    assert client.get(reverse("forum:reply-link", args=[reply.pk])).status_code == 404
    assert client.get(reverse("forum:reply-link", args=[10**9])).status_code == 404


def test_notifications_and_emails_link_to_the_per_thread_anchor(
    client, story_factory, user_factory, trusted_user
):
    author = user_factory()
    story = story_factory(user=author, state=State.PUBLISHED)
    replier = Client_for(trusted_user)
    replier.post(
        reverse("forum:reply-create", args=[story.pk]),
        {"body": "You are not alone in this.", "submit_token": "n-1", "website": ""},
    )
    reply = Reply.objects.get()
    client.force_login(author)
    html = html_of(client.get(reverse("forum:notification-list")))
    assert f"#{reply.anchor}" in html
    assert f"#reply-{reply.pk}" not in html


def test_the_sitemap_gives_the_day_only(client, story_factory):
    story_factory(title="Sitemap day")
    xml = html_of(client.get("/sitemap.xml"))
    stamps = re.findall(r"<lastmod>([^<]+)</lastmod>", xml)
    assert stamps and all(re.fullmatch(r"\d{4}-\d\d-\d\d", s) for s in stamps)

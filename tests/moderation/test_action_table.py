"""The action table, the moderated-item seam and the rules written once."""

import ast
import itertools
from pathlib import Path

import pytest
from django.urls import reverse

from forum.models import Reply, Story
from forum.screening import TextBlocked
from forum.services.replies import reply_post
from forum.services.stories import story_submit
from moderation import actions, items, watchwords
from moderation.models import Flag, WatchedWord
from moderation.states import Attention, State, allowed_from

ROOT = Path(__file__).resolve().parents[2]

# Written out by hand: what a moderator should be offered, so a change to the state table or
# the action table that changes the buttons fails here.
EXPECTED = {
    State.PENDING: {"approve", "hide", "remove"},
    State.PUBLISHED: {"hide", "remove"},
    State.HIDDEN: {"restore", "remove"},
    State.REMOVED: {"restore"},
}


def _make(kind, state, *, story_factory, reply_factory, attention, flagged, locked):
    story = story_factory()
    item = story if kind == "story" else reply_factory(story=story)
    model = type(item)
    updates = {"state": state, "attention": attention}
    if kind == "story":
        updates["replies_locked"] = locked
    model.objects.filter(pk=item.pk).update(**updates)
    item.refresh_from_db()
    if flagged:
        Flag.objects.create(**items.lookup(item), reason="spam", reporter_hash="abc")
    return item


def _expected(kind, state, *, attention, flagged, locked):
    names = set(EXPECTED[state])
    if state == State.PUBLISHED and attention:
        names.add("review")
    if flagged and state != State.REMOVED:
        names.add("dismiss")
    if kind == "story" and state != State.REMOVED:
        names.add("unlock" if locked else "lock")
    return names


CASES = [
    (kind, state, attention, flagged, locked)
    for kind, state, attention, flagged, locked in itertools.product(
        ["story", "reply"], list(State), ["", Attention.TONE], [False, True], [False, True]
    )
    if not (kind == "reply" and locked)
]


@pytest.mark.parametrize(("kind", "state", "attention", "flagged", "locked"), CASES)
def test_offered_buttons_are_exactly_the_allowed_decisions_and_each_one_works(
    kind, state, attention, flagged, locked, story_factory, reply_factory, moderator
):
    options = {"attention": attention, "flagged": flagged, "locked": locked}
    item = _make(kind, state, story_factory=story_factory, reply_factory=reply_factory, **options)
    offered = {b["name"] for b in actions.offered(item, open_flags=int(flagged))}
    assert offered == _expected(kind, state, **options)
    for button in actions.offered(item, open_flags=int(flagged)):
        assert item.state in allowed_from(button["name"])
        assert button["url"] == reverse(f"moderation:{kind}-{button['slug']}", args=[item.pk])
    # Every offered decision changes something; every other one changes nothing.
    for decision in actions.DECISIONS.values():
        if kind not in decision.kinds:
            continue
        fresh = _make(
            kind, state, story_factory=story_factory, reply_factory=reply_factory, **options
        )
        changed = decision.run(fresh, moderator=moderator, reason="Seen and decided.")
        assert changed == (decision.name in offered), decision.name


def test_approve_is_not_a_second_way_to_restore(story_factory, moderator):
    story = story_factory(state=State.HIDDEN)
    assert not actions.DECISIONS["approve"].run(story, moderator=moderator)
    assert actions.DECISIONS["restore"].run(story, moderator=moderator)


def test_every_decision_has_one_url_per_kind_it_applies_to(mod_client, story_factory):
    story = story_factory()
    for decision in actions.DECISIONS.values():
        for kind in items.KINDS:
            name = f"moderation:{kind}-{decision.slug}"
            if kind in decision.kinds:
                assert reverse(name, args=[story.pk])
            else:
                with pytest.raises(Exception, match="Reverse"):
                    reverse(name, args=[story.pk])


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text())
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
        elif isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
    return found


def test_forum_imports_only_the_pure_state_table_from_moderation():
    offenders = {
        str(path.relative_to(ROOT)): sorted(
            m for m in _imports(path) if m.startswith("moderation") and m != "moderation.states"
        )
        for path in (ROOT / "forum").rglob("*.py")
    }
    assert {p: m for p, m in offenders.items() if m} == {}


def test_a_moderator_edit_of_a_reply_has_the_writers_limit(
    mod_client, story_factory, reply_factory
):
    reply = reply_factory(story=story_factory())
    url = reverse("moderation:reply-edit", args=[reply.pk])
    too_long = "word " * (Reply.BODY_MAX // 5 + 1)
    response = mod_client.post(url, {"body": too_long, "note": "Tidy"})
    assert response.status_code == 400
    reply.refresh_from_db()
    assert reply.body != too_long
    fits = "word " * (Reply.BODY_MAX // 5 - 1)
    assert mod_client.post(url, {"body": fits, "note": "Tidy"}).status_code == 302


def test_story_submit_screens_watched_words_itself(themes, trusted_user):
    WatchedWord.objects.create(phrase="forbidden", action="block")
    WatchedWord.objects.create(phrase="street name", action="hold")
    watchwords.invalidate()
    with pytest.raises(TextBlocked):
        story_submit(user=trusted_user, title="A forbidden thing", body="x" * 40, themes=[])
    assert not Story.objects.filter(title="A forbidden thing").exists()
    held = story_submit(
        user=trusted_user, title="Ours", body="It mentions our street name here.", themes=[]
    ).story
    assert held.state == State.PENDING and held.review_reason == "watched-word"


def test_reply_post_screens_watched_words_itself(story_factory, trusted_user):
    WatchedWord.objects.create(phrase="forbidden", action="block")
    WatchedWord.objects.create(phrase="spoonful", action="flag")
    watchwords.invalidate()
    story = story_factory()
    with pytest.raises(TextBlocked):
        reply_post(story=story, user=trusted_user, body="That is forbidden talk.")
    reply, created = reply_post(story=story, user=trusted_user, body="A spoonful of sugar.")
    assert created and reply.state == State.PUBLISHED and reply.attention == Attention.WATCHED


def test_a_reply_does_not_inherit_the_storys_note_as_sensitive(story_factory, reply_factory):
    story = story_factory(content_note="mentions grief")
    reply = reply_factory(story=story)
    assert items.is_sensitive(story)
    assert not items.is_sensitive(reply)
    assert items.is_sensitive(reply, danger=True)
    own = reply_factory(story=story, content_note="mentions a funeral")
    assert items.is_sensitive(own) and items.content_note(own) == "mentions a funeral"


def test_shortcuts_are_unique_and_do_not_clash_with_navigation():
    keys = [d.shortcut for d in actions.DECISIONS.values() if d.shortcut]
    assert len(keys) == len(set(keys))
    assert not set(keys) & {"j", "k", "o", "x", "u"}


@pytest.mark.parametrize("field", ["state", "replies_closed", "replies_locked", "answer_mode"])
def test_accepts_replies_and_the_queryset_agree(story_factory, field):
    story = story_factory()
    assert story.accepts_replies
    assert Story.objects.accepting_replies().filter(pk=story.pk).exists()
    blocked = {
        "state": State.HIDDEN,
        "replies_closed": True,
        "replies_locked": True,
        "answer_mode": "off",
    }[field]
    Story.objects.filter(pk=story.pk).update(**{field: blocked})
    story.refresh_from_db()
    assert not story.accepts_replies
    assert not Story.objects.accepting_replies().filter(pk=story.pk).exists()

"""Shared fixtures: factories for accounts, stories and replies, and a moderator."""

import itertools
import os

import pytest
from django.contrib.auth.models import Group
from django.core.cache import cache

from accounts.models import MODERATORS_GROUP
from forum.models import Reply, Story, Theme
from forum.services.stories import story_submit
from moderation.states import State

_counter = itertools.count(1)

STORY_BODY = (
    "We share a home and a calendar, but I cannot remember the last time he asked how I "
    "really am. Evenings are screens and silence."
)


@pytest.fixture(autouse=True)
def _clear_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def themes(db):
    return list(Theme.objects.order_by("order"))


@pytest.fixture
def user_factory(db, django_user_model):
    def make(username=None, password="a-long-passphrase-9", **extra):
        username = username or f"reader{next(_counter)}"
        return django_user_model.objects.create_user(username=username, password=password, **extra)

    return make


@pytest.fixture
def trusted_user(user_factory, settings):
    """An account that publishes at once (trust threshold lowered to zero for this test)."""
    settings.UNSPOKEN_TRUSTED_AFTER = 0
    return user_factory()


@pytest.fixture
def moderator(user_factory):
    user = user_factory(username=f"mod{next(_counter)}", is_staff=True)
    group, _ = Group.objects.get_or_create(name=MODERATORS_GROUP)
    user.groups.add(group)
    return user


@pytest.fixture
def story_factory(db, themes):
    """Stories written through the real service; state forced afterwards when asked."""

    def make(
        *,
        user=None,
        title=None,
        body=STORY_BODY,
        theme_slugs=None,
        state=State.PUBLISHED,
        content_note="",
        answer_mode="listen",
        **extra,
    ):
        theme_objs = [t for t in themes if t.slug in theme_slugs] if theme_slugs else themes[:2]
        submitted = story_submit(
            user=user,
            title=title or f"A quiet house {next(_counter)}",
            body=body,
            themes=theme_objs,
            content_note=content_note,
            answer_mode=answer_mode,
            **extra,
        )
        story = submitted.story
        if story.state != state:
            from django.utils import timezone

            from forum.services.stories import after_visibility_change

            Story.objects.filter(pk=story.pk).update(
                state=state,
                published_at=timezone.now() if state == State.PUBLISHED else None,
            )
            story.refresh_from_db()
            after_visibility_change(story)
        story.manage_token = submitted.manage_token
        return story

    return make


@pytest.fixture
def reply_factory(db):
    def make(
        *,
        story,
        user=None,
        body="I hear you. That sounds so lonely.",
        state=State.PUBLISHED,
        alias=None,
        **extra,
    ):
        from django.utils import timezone

        from forum.rendering import render_markdown

        reply = Reply.objects.create(
            story=story,
            author=user,
            alias=alias or f"Gentle Reed {next(_counter)}",
            body=body,
            body_html=render_markdown(body),
            state=state,
            published_at=timezone.now() if state == State.PUBLISHED else None,
            **extra,
        )
        if state == State.PUBLISHED:
            from forum.services.common import bump

            bump(Story, story.pk, reply_count=1)
        return reply

    return make


# Property-based tests: a modest number of examples keeps the suite fast; set
# HYPOTHESIS_PROFILE=thorough for a longer hunt. Database fixtures are per test, not per example,
# which is fine here: the properties hold whatever earlier examples left behind.
from hypothesis import HealthCheck, settings  # noqa: E402

settings.register_profile(
    "unspoken",
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
settings.register_profile(
    "thorough",
    max_examples=500,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "unspoken"))

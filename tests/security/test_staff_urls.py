"""Every staff-only URL, walked with hostile values by a moderator and by a superuser: a clear
4xx, never a 500 (the test client re-raises any server error)."""

import pytest
from django.contrib import admin
from django.urls import reverse
from django.urls.resolvers import URLPattern

from moderation.models import WatchedWord
from moderation.urls import urlpatterns as moderation_patterns

HUGE = "99999999999999999999"
HOSTILE_IDS = [HUGE, "0"]
HOSTILE_KEYS = ["AAAAAAAA", "x" * 300, "%27%3B--", "é" * 8]
HOSTILE_QUERIES = [
    "page=-1",
    "page=0",
    f"page={HUGE}",
    "page=abc",
    "page=1e9",
    "tab=%3Cscript%3E",
    "start=garbage",
    "end=9999-12-31",
    "start=0001-01-01",
    "start=9999-12-31&end=9999-12-31",
    "end=10000-01-01",
    f"moderator={HUGE}",
    "moderator=1",
    "action=nope",
    "key=%00",
    "key=" + "k" * 5000,
]
HOSTILE_POSTS = [
    {"reason": "x" * 20000, "duration": HUGE},
    {"reason": "because", "seen": "9999-12-31T23:59:59+00:00", "duration": "-1"},
    {"reason": "because", "seen": "garbage", "next": "//elsewhere.example/"},
    {"phrase": "a" * 5000, "action": "block", "note": "n" * 5000, "title": "", "body": ""},
]


# A reply's per-thread key: the converter takes only 10 hex digits, so forged ones of that shape.
HOSTILE_REPLY_KEYS = ["0" * 10, "f" * 10]
# What the other parts of a URL hold while one part gets hostile values.
PLAIN = {"IntConverter": "1", "ReplyKeyConverter": "0" * 10}


def _hostile_values(converter) -> list[str]:
    kind = type(converter).__name__
    if kind == "IntConverter":
        return HOSTILE_IDS
    return HOSTILE_REPLY_KEYS if kind == "ReplyKeyConverter" else HOSTILE_KEYS


def _hostile_urls(pattern: URLPattern) -> list[str]:
    converters = pattern.pattern.converters
    name = f"moderation:{pattern.name}"
    urls = []
    for part, converter in converters.items():
        for value in _hostile_values(converter):
            kwargs = {p: PLAIN.get(type(c).__name__, value) for p, c in converters.items()}
            kwargs[part] = value
            try:
                urls.append(reverse(name, kwargs=kwargs))
            except Exception:  # a value the converter refuses cannot be reached at all
                continue
    return urls


def _all_moderation_urls():
    urls = []
    for pattern in moderation_patterns:
        urls += _hostile_urls(pattern)
    return sorted(set(urls))


@pytest.fixture
def superuser(user_factory):
    return user_factory(is_staff=True, is_superuser=True)


@pytest.fixture(params=["moderator", "superuser"])
def staff_client(request, client, db):
    client.force_login(request.getfixturevalue(request.param))
    return client


PAGES = [
    "moderation:queue",
    "moderation:log",
    "moderation:word-list",
    "moderation:reason-list",
    "moderation:bulk",
    "moderation:undo",
    "moderation:appeal-suspension",
]
# Pages without an id that take a form: hostile bodies too.
FORM_PAGES = [
    "moderation:bulk",
    "moderation:undo",
    "moderation:reason-list",
    "moderation:appeal-suspension",
]
HOSTILE_BULK = [
    {"selected": ["story-abc", f"reply-{HUGE}", "story--1", "nothing"], "decision": "approve"},
    {"selected": [f"story-{HUGE}"], "decision": "remove", "reason": "x" * 20000},
    {"selected": ["story-1"] * 500, "decision": "no-such-decision"},
    {"entry": "garbage"},
    {"entry": HUGE},
]


def test_every_moderation_pattern_is_walked():
    """Patterns with arguments get hostile ids or keys; the rest hostile queries below."""
    walked = {p.name for p in moderation_patterns if _hostile_urls(p)}
    walked |= {name.split(":")[1] for name in PAGES}
    assert walked == {p.name for p in moderation_patterns}


@pytest.mark.parametrize("url", _all_moderation_urls())
def test_moderation_urls_answer_hostile_ids_with_a_4xx(staff_client, url):
    assert 400 <= staff_client.get(url).status_code < 500, url
    for data in HOSTILE_POSTS:
        assert 400 <= staff_client.post(url, data).status_code < 500, url


@pytest.mark.parametrize("name", FORM_PAGES)
def test_form_pages_answer_hostile_bodies_without_a_500(staff_client, name):
    for data in [*HOSTILE_POSTS, *HOSTILE_BULK]:
        response = staff_client.post(reverse(name), data)
        assert response.status_code < 500, (name, data)


@pytest.mark.parametrize("query", HOSTILE_QUERIES)
@pytest.mark.parametrize("name", PAGES)
def test_moderation_pages_answer_hostile_queries_without_a_500(staff_client, name, query):
    response = staff_client.get(f"{reverse(name)}?{query}")
    assert response.status_code < 500, (name, query)


@pytest.mark.parametrize(
    "query",
    ["end=9999-12-31", "start=garbage", "start=0001-01-01", "page=-1", f"page={HUGE}", "end=1-1"],
)
def test_bad_log_filters_are_a_4xx(staff_client, query):
    response = staff_client.get(f"{reverse('moderation:log')}?{query}")
    assert 400 <= response.status_code < 500, query


def _admin_models():
    return sorted(admin.site._registry, key=lambda m: m._meta.label)


ADMIN_BAD_QUERIES = [
    f"id={HUGE}",
    "id__in=a",
    f"pk={HUGE}",
    "p=-1",
    "p=abc",
    f"p={HUGE}",
    "e=1",
    "created_at__year=99999",
    "created_at__year=abc",
    "created_at__gte=garbage",
    "state__exact=%3Cscript%3E&p=7",
    "action__exact=x&p=2",
    "_to_field=client_hash",
    "_popup=1&_to_field=id%27",
    "is_superuser__exact=maybe",
]
ADMIN_HARMLESS_QUERIES = ["o=abc", f"o={HUGE}", "o=-0.-1", "q=%00", "q=" + "x" * 3000, "_facets=1"]


@pytest.mark.parametrize("model", _admin_models(), ids=lambda m: m._meta.label)
def test_admin_changelists_answer_hostile_filters_with_a_4xx(client, superuser, model):
    client.force_login(superuser)
    url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
    for query in ADMIN_BAD_QUERIES:
        response = client.get(f"{url}?{query}")
        if response.status_code == 200:
            # Only a filter this list offers, with a value it can take, may answer 200.
            assert query.startswith(("created_at__year=99999", "e=1")), (url, query)
        else:
            assert 400 <= response.status_code < 500, (url, query)
    for query in ADMIN_HARMLESS_QUERIES:
        assert client.get(f"{url}?{query}").status_code in (200, 400), (url, query)


@pytest.mark.parametrize("model", _admin_models(), ids=lambda m: m._meta.label)
def test_admin_object_pages_answer_unknown_ids_with_a_404(client, superuser, model):
    client.force_login(superuser)
    prefix = f"admin:{model._meta.app_label}_{model._meta.model_name}"
    for object_id in [HUGE, "9" * 400, "-1", "abc", "1.5", "%00"]:
        for view in ("change", "history", "delete"):
            response = client.get(reverse(f"{prefix}_{view}", args=[object_id]))
            assert response.status_code in (403, 404), (prefix, view, object_id)


def test_moderation_word_delete_with_a_huge_id_is_a_404(client, moderator):
    WatchedWord.objects.create(phrase="kept", action="flag")
    client.force_login(moderator)
    response = client.post(reverse("moderation:word-delete", args=[HUGE]))
    assert response.status_code == 404
    assert WatchedWord.objects.filter(phrase="kept").exists()


@pytest.mark.parametrize("key", ["%00", "abc", "A" * 40, "K7QD%27%20OR%201=1", "%E2%80%AE"])
def test_a_log_key_that_is_no_author_key_is_a_400_and_lists_nothing(staff_client, key):
    response = staff_client.get(f"{reverse('moderation:log')}?key={key}")
    assert response.status_code == 400
    assert not response.context["page"].object_list


@pytest.mark.parametrize("key", ["%00", "K7QD%00AB", "k7qdabcd", "ABCDEFG1", "ABCDEFGHI"])
def test_an_author_page_for_no_author_key_is_a_404(staff_client, key):
    """A key of the wrong shape is never looked up (a NUL byte was a 500 on PostgreSQL)."""
    assert staff_client.get(f"/moderation/authors/{key}/").status_code == 404

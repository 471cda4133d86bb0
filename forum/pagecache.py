"""Whole-page cache for visitors, retired page by page by the writes that change them.

A visitor with no session and no reader-preference cookie sees exactly what every other such
visitor sees, so their GET responses are stored whole for ``UNSPOKEN_PAGE_CACHE_SECONDS``
(search results for ``UNSPOKEN_SEARCH_CACHE_SECONDS``, a shorter time).

What a page shows is named by tags: ``all`` and ``listing`` (which stories are public, their
titles and themes: every page depends on both) and ``story:<pk>`` for each story whose text,
counts or replies the page shows, which views declare with ``depends_on_stories``. Each tag
has a retirement time; a stored page is served only while every one of its tags was last
retired before the page began rendering, so a write that lands while a page renders can never
be hidden by it.

A successful unsafe request retires the tags of what it changed, read from ``WRITES`` by the
URL it posted to: a reply or reaction retires its story's tag only (its page and the list pages
that show its card), a new story the listing. Requests that change no public content (signing
in or out, settings, notifications, a flag that hid nothing, any failed form) retire nothing.
A write the table does not know retires ``all``, so a new form is safe before it is tuned.
Management commands that change content call ``bump_content_version()``.

Never cached here: requests with a session, messages or ``unspoken_*`` preference cookie,
responses that set a cookie (the CSRF cookie included, so no cached page carries someone's form
token), anything but a plain 200, and responses that say private or no-store. Cacheable pages
say ``public`` with an ``s-maxage`` so a reverse proxy may keep them briefly; everything a
session or preference cookie may have shaped says ``private, no-store``.

Retirement marks must be shared by every worker process and must not depend on any server's
clock, since two app servers' clocks may disagree. One counter in the cache (Redis when several
processes serve; a site without it is refused, see ``config/checks.py``) is the clock: a write
increments it and stamps each tag it retires with the new value; a page notes the value as it
begins rendering and stays fresh while no tag of it carries a larger one.
"""

import hashlib
import re
import time

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse
from django.urls import Resolver404, resolve
from django.utils import translation
from django.utils.cache import get_conditional_response, patch_cache_control, patch_vary_headers

ALL = "all"
LISTING = "listing"
UNSAFE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})
# Cookies whose names start so hold a reader's display preferences (filters and the like):
# pages they shape are that reader's own.
PREFERENCE_COOKIE_PREFIX = "unspoken"
# Headers another middleware computes per request, or that would repeat a visitor's state.
_SKIPPED_HEADERS = frozenset({"set-cookie", "date", "content-length"})


def story_tag(pk) -> str:
    return f"story:{int(pk)}"


def depends_on(request, *tags) -> None:
    """Declare that the page being rendered shows what ``tags`` name (see the module doc)."""
    found = getattr(request, "_pagecache_tags", None)
    if found is not None:
        found.update(tags)


def depends_on_stories(request, stories) -> None:
    depends_on(request, *(story_tag(getattr(s, "pk", s)) for s in stories))


# --- Retirement times ---------------------------------------------------------------------------


_SEQUENCE = "pagecache:sequence"


def _start_sequence() -> None:
    # Started (again, if the cache lost it) from the clock in microseconds, so it is already
    # past every mark a lost counter handed out unless writes outran a million a second.
    cache.add(_SEQUENCE, time.time_ns() // 1000, None)


def render_mark() -> int | None:
    """The mark a page takes as it begins rendering, to compare with ``retired_at`` (None when
    the shared cache does not answer: such a page is not stored)."""
    mark = cache.get(_SEQUENCE)
    if mark is None:
        _start_sequence()
        mark = cache.get(_SEQUENCE)
    return mark


def retired_at(tags) -> dict[str, int]:
    """Each tag's last retirement mark (0 when never retired)."""
    tags = list(tags)
    found = cache.get_many([f"pagecache:tag:{t}" for t in tags])
    return {t: int(found.get(f"pagecache:tag:{t}", 0)) for t in tags}


def retire(*tags) -> None:
    """Retire every stored page that shows what one of ``tags`` names."""
    keys = [f"pagecache:tag:{t}" for t in tags]
    advance = getattr(cache, "advance", None)
    if advance is not None:  # the shared cache: one round trip (config/cache.py)
        advance(_SEQUENCE, time.time_ns() // 1000, keys)
        return
    _start_sequence()
    try:
        mark = cache.incr(_SEQUENCE)
    except ValueError:  # evicted between the two calls
        _start_sequence()
        mark = cache.incr(_SEQUENCE)
    if mark is not None:  # None: the cache is down, and no page is served from it then
        cache.set_many(dict.fromkeys(keys, mark), None)


def content_version() -> str:
    """When every page was last retired (changes with each ``bump_content_version``)."""
    return str(retired_at([ALL])[ALL])


def bump_content_version() -> None:
    """Retire every cached page. Call after changing content outside a web request."""
    retire(ALL)


# --- What a write changes -----------------------------------------------------------------------


def _nothing(request, kwargs):
    return ()


def _story(request, kwargs):
    return (story_tag(kwargs["pk"]),)


def _story_of_reply(pk) -> tuple[str, ...]:
    from forum.models import Reply

    story_id = Reply.objects.filter(pk=pk).values_list("story_id", flat=True).first()
    # A reply deleted by this request: its story is unknown now, so every page goes.
    return (story_tag(story_id),) if story_id else (ALL,)


def _reply(request, kwargs):
    return _story_of_reply(kwargs["pk"])


def _reply_deleted(request, kwargs):
    # The reply is gone after the request; the view redirects to its story's page.
    match = re.match(r"^/stories/([0-9]+)/", getattr(request, "_pagecache_location", ""))
    return (story_tag(match.group(1)),) if match else (ALL,)


def _flag(model_name):
    def tags(request, kwargs):
        from forum.models import Reply, Story
        from moderation.states import State

        if model_name == "reply":
            rows = Reply.objects.with_key(kwargs["pk"], kwargs["key"])
        else:
            rows = Story.objects.filter(pk=kwargs["pk"])
        row = rows.values("state").first()
        if row is not None and row["state"] == State.PUBLISHED:
            return ()  # a flag that hid nothing changed no public page
        return (ALL,)

    return tags


def _new_story(request, kwargs):
    return (LISTING,)


def _story_and_listing(request, kwargs):
    # A changed title or state shows in lists, feeds and the sitemap too.
    return (story_tag(kwargs["pk"]), LISTING)


# URL name -> what a successful unsafe request to it retires. Unknown names retire everything.
WRITES = {
    "forum:reply-create": _story,
    "forum:reaction-toggle": _story,
    "forum:reply-react": _story,  # a reply, by its story and key
    "forum:replies-react": _story,  # a reply, by its story and the key in the posted value
    "forum:reply-edit": _reply,
    "forum:reply-helpful": _story,
    "forum:reply-delete": _reply_deleted,
    "forum:story-replies-toggle": _story,
    "forum:story-answer-mode": _story,
    "forum:story-create": _new_story,
    "forum:story-edit": _story_and_listing,
    "forum:story-delete": _story_and_listing,
    "forum:notification-read": _nothing,
    "forum:notification-read-all": _nothing,
    "forum:notifications-unsubscribe": _nothing,
    "accounts:settings": _nothing,
    "accounts:export": _nothing,
    "moderation:flag-story": _flag("story"),
    "moderation:flag-reply": _flag("reply"),
    # Private marks and a reader's own filters: no public page changes.
    "forum:story-follow": _nothing,
    "forum:story-save": _nothing,
    "forum:reading": _nothing,
    # An update shows under the story, and may send it back to review.
    "forum:story-update": _story_and_listing,
    "forum:story-update-delete": _story,
}
# Account pages (sign-in, sign-out, sign-up, passwords, e-mail, recovery codes) change no
# public content; deleting an account may change aliases, so it is not among them.
_ACCOUNT_NAME = re.compile(r"^(account_|mfa_|socialaccount_)")


def write_retires(request, response) -> tuple[str, ...]:
    """The tags a successful unsafe request retires."""
    try:
        match = resolve(request.path_info)
    except Resolver404:
        return ()
    name = match.view_name
    if name in WRITES:
        request._pagecache_location = response.get("Location", "")
        return tuple(WRITES[name](request, match.kwargs))
    if _ACCOUNT_NAME.match(name or ""):
        return ()
    return (ALL,)


# --- The middleware -----------------------------------------------------------------------------


def _request_is_anonymous(request) -> bool:
    """No session, no messages, no reader preferences: the page is everyone's page."""
    private = (settings.SESSION_COOKIE_NAME, getattr(settings, "MESSAGE_COOKIE_NAME", "messages"))
    for name in request.COOKIES:
        if name in private:
            return False
        if name.startswith(PREFERENCE_COOKIE_PREFIX):
            return False
    return True


def _response_is_cacheable(response) -> bool:
    if response.status_code != 200 or response.streaming or response.cookies:
        return False
    cache_control = response.get("Cache-Control", "").lower()
    if "private" in cache_control or "no-store" in cache_control:
        return False
    vary = {v.strip().lower() for v in response.get("Vary", "").split(",") if v.strip()}
    return vary <= {"cookie", "accept-encoding", "accept-language"}


def _key(request) -> str:
    # The language is part of the key because pages vary on Accept-Language.
    language = translation.get_language_from_request(request)
    digest = hashlib.sha256(request.get_full_path().encode()).hexdigest()
    return f"page:{language}:{request.get_host()}:{digest}"


def _seconds(request) -> int:
    seconds = settings.UNSPOKEN_PAGE_CACHE_SECONDS
    if seconds > 0 and request.path_info.startswith("/search/"):
        return min(seconds, settings.UNSPOKEN_SEARCH_CACHE_SECONDS)
    return seconds


def _fresh(stored) -> bool:
    started, tags = stored[0], stored[1]
    # A mark handed out before this page took its own came from a write committed by then.
    return all(when <= started for when in retired_at(tags).values())


class PageCacheMiddleware:
    """Serve and store visitors' pages; retire what each successful write changed."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        seconds = _seconds(request)
        anonymous = _request_is_anonymous(request)
        key = None
        if seconds > 0 and anonymous and request.method == "GET":
            key = _key(request)
            stored = cache.get(key)
            if stored is not None and _fresh(stored):
                response = _rebuild(stored)
                response["X-Cache"] = "hit"  # for the benchmark's hit rate and for operators
                if response.has_header("ETag"):
                    return get_conditional_response(
                        request, etag=response["ETag"], response=response
                    )
                return response
            # Every page may show which stories are public; views add the stories they show.
            request._pagecache_tags = {ALL, LISTING}
        started = render_mark() if key is not None else None
        response = self.get_response(request)
        if request.method in UNSAFE_METHODS:
            if response.status_code < 400:
                tags = write_retires(request, response)
                if tags:
                    retire(*tags)
            return response
        if request.method not in ("GET", "HEAD"):
            return response
        patch_vary_headers(response, ("Cookie",))
        if key is not None and _response_is_cacheable(response):
            patch_cache_control(response, public=True, max_age=0, s_maxage=_proxy_seconds(seconds))
            if started is not None:
                tags = sorted(request._pagecache_tags)
                cache.set(key, _freeze(response, started, tags), seconds)
        elif not anonymous:
            # Shaped by a session or a preference: never stored by a proxy or on disk.
            patch_cache_control(response, private=True, no_store=True)
            response.headers.pop("Expires", None)
        elif "Cache-Control" not in response:
            patch_cache_control(response, private=True, max_age=0)
        return response


def _proxy_seconds(seconds: int) -> int:
    # A proxy cannot hear our retirements, so it may keep a page only briefly.
    return min(seconds, settings.UNSPOKEN_PROXY_CACHE_SECONDS)


def _freeze(response, started: int, tags) -> tuple:
    headers = [(k, v) for k, v in response.items() if k.lower() not in _SKIPPED_HEADERS]
    return (started, tuple(tags), response.status_code, headers, response.content)


def _rebuild(stored) -> HttpResponse:
    _, _, status, headers, content = stored
    response = HttpResponse(content, status=status)
    for name, value in headers:
        response[name] = value
    return response

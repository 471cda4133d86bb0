"""Whole-page cache for visitors without a session.

A visitor with no session cookie sees exactly what every other such visitor sees, so their
GET responses are cached whole for ``UNSPOKEN_PAGE_CACHE_SECONDS``. Every cache key holds a
content version; any successful unsafe request (POST/PUT/PATCH/DELETE answered below 400)
bumps it, which retires every cached page at once: publishing, editing, moderation, replies
and reactions all go through such a request. Management commands that change content call
``bump_content_version()`` themselves.

Never cached: signed-in visitors (any session cookie), pages with messages, responses that
set a cookie (the CSRF cookie included, so no cached page carries someone's form token),
anything but a plain 200, and responses that say private or no-store.

The version must be shared by every worker process. A shared cache (Redis) holds it; with the
per-process local-memory cache it lives in a small file under var/ instead, whose identity
(inode and modification time) is the version and whose replacement is the bump.
"""

import hashlib
import os
import tempfile
import time
from pathlib import Path

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse
from django.utils import translation
from django.utils.cache import get_conditional_response, patch_cache_control, patch_vary_headers

from forum.filters import FILTER_COOKIE

VERSION_KEY = "pagecache:version"
UNSAFE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})
# Headers another middleware computes per request, or that would repeat a visitor's state.
_SKIPPED_HEADERS = frozenset({"set-cookie", "date", "content-length"})


def _version_file() -> Path:
    return Path(getattr(settings, "VAR_DIR", tempfile.gettempdir())) / "content-version"


def _cache_is_shared() -> bool:
    return not cache.__class__.__name__.startswith("LocMem")


def content_version() -> str:
    """The current content version (part of every page-cache key)."""
    if _cache_is_shared():
        version = cache.get(VERSION_KEY)
        if version is None:
            version = time.time_ns()
            cache.add(VERSION_KEY, version, None)
            version = cache.get(VERSION_KEY, version)
        return str(version)
    try:
        stat = os.stat(_version_file())
    except FileNotFoundError:
        bump_content_version()
        stat = os.stat(_version_file())
    return f"{stat.st_ino}.{stat.st_mtime_ns}"


def bump_content_version() -> None:
    """Retire every cached page. Call after changing content outside a web request."""
    if _cache_is_shared():
        try:
            cache.incr(VERSION_KEY)
        except ValueError:
            cache.set(VERSION_KEY, time.time_ns(), None)
        return
    path = _version_file()
    path.parent.mkdir(parents=True, exist_ok=True)
    # A new file replaces the old one: a new inode is a new version even within one clock tick.
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".content-version.")
    os.close(fd)
    os.replace(tmp, path)


def _request_is_cacheable(request) -> bool:
    if request.method != "GET":
        return False
    cookies = request.COOKIES
    return (
        settings.SESSION_COOKIE_NAME not in cookies
        and getattr(settings, "MESSAGE_COOKIE_NAME", "messages") not in cookies
        # A visitor's reader filter changes what lists show them.
        and FILTER_COOKIE not in cookies
    )


def _response_is_cacheable(response) -> bool:
    if response.status_code != 200 or response.streaming or response.cookies:
        return False
    cache_control = response.get("Cache-Control", "").lower()
    if "private" in cache_control or "no-store" in cache_control:
        return False
    vary = {v.strip().lower() for v in response.get("Vary", "").split(",") if v.strip()}
    return vary <= {"cookie", "accept-encoding", "accept-language"}


def _key(request, version: str) -> str:
    # The language is part of the key because pages vary on Accept-Language.
    language = translation.get_language_from_request(request)
    digest = hashlib.sha256(request.get_full_path().encode()).hexdigest()
    return f"page:{version}:{language}:{request.get_host()}:{digest}"


class PageCacheMiddleware:
    """Serve and store whole pages for visitors without a session; bump on unsafe writes."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        seconds = settings.UNSPOKEN_PAGE_CACHE_SECONDS
        cacheable = seconds > 0 and _request_is_cacheable(request)
        key = None
        if cacheable:
            key = _key(request, content_version())
            stored = cache.get(key)
            if stored is not None:
                response = _rebuild(stored)
                if response.has_header("ETag"):
                    return get_conditional_response(
                        request, etag=response["ETag"], response=response
                    )
                return response
        response = self.get_response(request)
        if request.method in UNSAFE_METHODS and response.status_code < 400:
            bump_content_version()
            return response
        if request.method in ("GET", "HEAD"):
            patch_vary_headers(response, ("Cookie",))
            if key is not None and _response_is_cacheable(response):
                # Browsers ask again each time: a reader who posts sees their change at once.
                patch_cache_control(response, max_age=0, must_revalidate=True)
                cache.set(key, _freeze(response), seconds)
            elif "Cache-Control" not in response:
                patch_cache_control(response, private=True, max_age=0)
        return response


def _freeze(response) -> tuple:
    headers = [(k, v) for k, v in response.items() if k.lower() not in _SKIPPED_HEADERS]
    return (response.status_code, headers, response.content)


def _rebuild(stored) -> HttpResponse:
    status, headers, content = stored
    response = HttpResponse(content, status=status)
    for name, value in headers:
        response[name] = value
    return response

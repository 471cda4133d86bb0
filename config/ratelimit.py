"""Rate limits in one place: resolved URL names mapped to limits from settings.

Views need no decorator: a new view is limited by adding its URL name to a rule here. Counts
live in the Django cache (Redis with REDIS_URL, so they hold across app servers) through
django-ratelimit, keyed by account when signed in, else by the hashed client address.
"""

import logging
from dataclasses import dataclass

from django.conf import settings
from django_ratelimit.core import get_usage

from accounts.clienthash import ratelimit_key
from config import errors

logger = logging.getLogger(__name__)

WRITE = ("POST",)
READ = ("GET", "HEAD")
ANY = ("GET", "HEAD", "POST")
MANAGE_URLS = (
    "forum:story-manage",
    "forum:story-manage-edit",
    "forum:story-manage-delete",
    "forum:story-manage-update",
    "forum:story-manage-download",
)


@dataclass(frozen=True)
class Rule:
    """Requests to ``urls`` with one of ``methods`` share the limit called ``name``.

    The rate comes from ``settings.UNSPOKEN_RATELIMIT_RATES[name]``; guests get
    ``[name + "_guest"]`` when it is set. With ``misses_only`` only answers with status 404
    count (unknown manage tokens), but once over the limit every request is refused. With
    ``accepted_only`` only answers that redirect count (a story that was saved), so a writer's
    failed attempts (a typo, a preview, a prompt) never use up the limit on stories; those have
    a looser limit of their own.
    """

    name: str
    urls: tuple[str, ...]
    methods: tuple[str, ...] = WRITE
    misses_only: bool = False
    accepted_only: bool = False

    @property
    def counts_after(self) -> bool:
        return self.misses_only or self.accepted_only

    def counts(self, response) -> bool:
        if self.misses_only:
            return response.status_code == 404
        return response.status_code in (301, 302, 303)


RULES = (
    Rule("story", ("forum:story-create",), accepted_only=True),
    Rule("story_attempt", ("forum:story-create",)),
    Rule(
        "edit",
        (
            "forum:story-edit",
            "forum:story-manage-edit",
            "forum:story-update",
            "forum:story-manage-update",
        ),
    ),
    Rule("reply", ("forum:reply-create",)),
    Rule(
        "reaction",
        (
            "forum:reaction-toggle",
            "forum:reply-react",
            "forum:replies-react",
            "forum:story-follow",
            "forum:story-save",
        ),
    ),
    Rule("flag", ("moderation:flag-story", "moderation:flag-reply")),
    Rule("search", ("forum:search",), READ),
    Rule("manage", MANAGE_URLS, ANY),
    Rule("manage_miss", MANAGE_URLS, ANY, misses_only=True),
    Rule("signup", ("account_signup",)),
    Rule("recover", ("account_recover",)),
)

_BY_URL: dict[str, list[Rule]] = {}
for _rule in RULES:
    for _url in _rule.urls:
        _BY_URL.setdefault(_url, []).append(_rule)


def _rate(rule: Rule, request) -> str | None:
    rates = settings.UNSPOKEN_RATELIMIT_RATES
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        guest_rate = rates.get(f"{rule.name}_guest")
        if guest_rate:
            return guest_rate
    return rates.get(rule.name) or None


def _usage(rule: Rule, request, *, increment: bool):
    rate = _rate(rule, request)
    if rate is None:
        return None
    try:
        usage = get_usage(
            request,
            group=f"unspoken.{rule.name}",
            key=ratelimit_key,
            rate=rate,
            method=list(rule.methods),
            increment=increment,
        )
    except Exception:  # a cache outage must not lock everyone out
        logger.warning("Rate limit %s skipped: the cache did not answer.", rule.name)
        return None
    if usage is not None and usage["time_left"] < 0:
        return None  # the cache refused to count: let the request through, as above
    return usage


def _rules_for(request) -> list[Rule]:
    if not settings.UNSPOKEN_RATELIMITS:
        return []
    match = getattr(request, "resolver_match", None)
    if match is None:
        return []
    return _BY_URL.get(match.view_name, [])


class RateLimitMiddleware:
    """A friendly 429 page (with Retry-After) once a rule's limit is used up."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        for rule in _rules_for(request):
            if rule.counts_after and request.method in rule.methods and rule.counts(response):
                _usage(rule, request, increment=True)
        return response

    def process_view(self, request, view_func, view_args, view_kwargs):
        if request.method == "POST" and "replace_finding" in request.POST:
            # A press on an identifying prompt's "replace" button only shows the form again
            # with the text changed; it can never save, so it does not use up a posting limit.
            return None
        for rule in _rules_for(request):
            usage = _usage(rule, request, increment=not rule.counts_after)
            if usage is None:
                continue
            over = usage["count"] >= usage["limit"] if rule.counts_after else usage["should_limit"]
            if over:
                return errors.too_many_requests(request, retry_after=usage["time_left"])
        return None


def keyed_usage(name: str, request, *, key: str, increment: bool) -> int | None:
    """A limit counted on ``key`` (already hashed by the caller) instead of the client: e.g.
    failed recovery attempts per typed username, wherever they come from. Returns the seconds
    to wait when the limit ``name`` is used up, else None."""
    rate = settings.UNSPOKEN_RATELIMIT_RATES.get(name) if settings.UNSPOKEN_RATELIMITS else None
    if not rate:
        return None
    try:
        usage = get_usage(
            request,
            group=f"unspoken.{name}",
            key=lambda group, request: key,
            rate=rate,
            method=list(ANY),
            increment=increment,
        )
    except Exception:  # a cache outage must not lock everyone out
        logger.warning("Rate limit %s skipped: the cache did not answer.", name)
        return None
    if usage is None or usage["time_left"] < 0:
        return None
    over = usage["count"] > usage["limit"] if increment else usage["count"] >= usage["limit"]
    return usage["time_left"] if over else None

"""Error pages in the site's layout: no stack trace, no identity, no setting values.

Every view here must work for any request, also one that failed half-way through the
middleware. 500 renders its template without a request context so a broken database or a
failing context processor cannot turn the error page itself into an error.
"""

import sys

from django.db import InterfaceError, OperationalError
from django.http import HttpResponse, HttpResponseServerError
from django.shortcuts import render
from django.template import loader
from django.views.decorators.csrf import requires_csrf_token

# When the limiter cannot say how long is left (allauth's limits), ask people to wait a minute.
DEFAULT_RETRY_AFTER = 60


def _page(request, status: int, **context):
    return render(request, f"{status}.html", context, status=status)


@requires_csrf_token
def bad_request(request, exception=None):
    return _page(request, 400)


@requires_csrf_token
def permission_denied(request, exception=None):
    return _page(request, 403)


@requires_csrf_token
def csrf_failure(request, reason=""):
    """CSRF_FAILURE_VIEW: the reason is for logs, never for the page."""
    return _page(request, 403, csrf_failed=True)


@requires_csrf_token
def page_not_found(request, exception=None):
    return _page(request, 404)


def method_not_allowed(request):
    return _page(request, 405)


def too_many_requests(request, exception=None, *, retry_after: int | None = None):
    seconds = max(1, int(retry_after or DEFAULT_RETRY_AFTER))
    response = _page(request, 429, retry_minutes=max(1, -(-seconds // 60)))
    response["Retry-After"] = str(seconds)
    return response


# Seconds a visitor is asked to wait when the database stopped answering for a moment.
DATABASE_RETRY_AFTER = 5


def server_error(request=None):
    # A database that stopped answering (a restart, a failover) is a moment's wait, not a bug:
    # 503 with Retry-After, so people, proxies and clients know to try again.
    if isinstance(sys.exc_info()[1], OperationalError | InterfaceError):
        response = HttpResponse(loader.get_template("503.html").render(), status=503)
        response["Retry-After"] = str(DATABASE_RETRY_AFTER)
        response["Cache-Control"] = "no-store"
        return response
    return HttpResponseServerError(loader.get_template("500.html").render())

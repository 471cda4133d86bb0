"""What a reader chose not to see: standard content notes and themes.

An account keeps the choice; a visitor's browser keeps it in a cookie. The page works without
JavaScript and without an account.
"""

from django.conf import settings
from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from accounts.services import update_reader_filters
from forum.filters import (
    COOKIE_MAX_AGE,
    FILTER_COOKIE,
    clean_values,
    filter_choices,
    reader_filter,
    unknown_message,
)
from forum.models import Theme


def _next_url(request) -> str:
    wanted = request.POST.get("next", "")
    if wanted and url_has_allowed_host_and_scheme(
        wanted, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return wanted
    return ""


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def reading(request):
    if request.method != "POST":
        current = reader_filter(request)
        return render(
            request, "forum/reading.html", {"current": current, **filter_choices(current)}
        )
    slugs = Theme.objects.values_list("slug", flat=True)
    chosen, unknown = clean_values(
        request.POST.getlist("notes"), request.POST.getlist("themes"), theme_slugs=slugs
    )
    if unknown:
        messages.warning(request, unknown_message(unknown))
    if chosen:
        messages.success(
            request,
            _(
                "Saved. Stories with these notes or themes now show as one quiet line, and "
                "open only when you ask."
            ),
        )
    else:
        messages.success(request, _("Saved. Nothing is hidden from you now."))
    response = redirect(_next_url(request) or "forum:reading")
    if request.user.is_authenticated:
        update_reader_filters(
            user=request.user, hidden_notes=list(chosen.notes), hidden_themes=list(chosen.themes)
        )
    elif chosen:
        response.set_cookie(
            FILTER_COOKIE,
            chosen.as_cookie(),
            max_age=COOKIE_MAX_AGE,
            secure=settings.SESSION_COOKIE_SECURE,
            httponly=True,
            samesite="Lax",
        )
    else:
        response.delete_cookie(FILTER_COOKIE, samesite="Lax")
    return response

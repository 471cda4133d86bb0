"""Static pages, robots.txt and the health check."""

from django.db import connection
from django.db.utils import DatabaseError
from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_safe


@require_safe
def guidelines(request):
    return render(request, "pages/guidelines.html")


@require_safe
def support(request):
    return render(request, "pages/support.html")


@require_safe
def about(request):
    return render(request, "pages/about.html")


@require_safe
@cache_control(max_age=86400, public=True)
def robots_txt(request):
    lines = [
        "User-agent: *",
        "Disallow: /accounts/",
        "Disallow: /me/",
        "Disallow: /moderation/",
        "Disallow: /admin/",
        "Disallow: /stories/new/",
        "Disallow: /stories/manage/",
        "Disallow: /search/",
        f"Sitemap: {request.build_absolute_uri(reverse('sitemap'))}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


@require_safe
def healthz(request):
    """200 when the database answers, 503 when it does not. No settings or versions exposed."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        return JsonResponse({"status": "unavailable", "database": "down"}, status=503)
    return JsonResponse({"status": "ok", "database": "up"})

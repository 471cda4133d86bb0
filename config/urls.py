from django.conf import settings
from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path

from accounts.views import recover_view
from forum.sitemaps import SITEMAPS
from forum.views import pages

urlpatterns = [
    path("", include("forum.urls")),
    # The account's own pages: /me/settings/, /me/export/, /me/delete/.
    path("me/", include("accounts.urls")),
    # A new password from a recovery code, for accounts without e-mail (beside allauth's reset).
    path("accounts/password/recover/", recover_view, name="account_recover"),
    path("accounts/", include("allauth.urls")),
    path("moderation/", include("moderation.urls")),
    path("admin/", admin.site.urls),
    path("healthz", pages.healthz, name="healthz"),
    path("robots.txt", pages.robots_txt, name="robots"),
    path("sitemap.xml", sitemap, {"sitemaps": SITEMAPS}, name="sitemap"),
]

handler400 = "config.errors.bad_request"
handler403 = "config.errors.permission_denied"
handler404 = "config.errors.page_not_found"
handler500 = "config.errors.server_error"
# allauth shows this when its own sign-in limits are reached.
handler429 = "config.errors.too_many_requests"

if settings.UNSPOKEN_BENCH_CEILING:
    from config.ceiling import ceiling

    urlpatterns.append(path("bench/ceiling/", ceiling, name="bench-ceiling"))

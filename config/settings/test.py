"""Settings for pytest: fast hashing, in-memory mail, no HTTPS redirect, plain static files."""

import os

os.environ.setdefault("SECRET_KEY", "test-secret-key-not-for-production-" + "x" * 20)
os.environ.setdefault("DEBUG", "0")

from .base import *  # noqa: E402, F403
from .base import STATIC_ROOT, STORAGES  # noqa: E402

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
SECURE_SSL_REDIRECT = False
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
SECURE_HSTS_SECONDS = 0
STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
UNSPOKEN_RATELIMITS = False
UNSPOKEN_PAGE_CACHE_SECONDS = 0

os.makedirs(STATIC_ROOT, exist_ok=True)  # whitenoise warns about a missing static root

# SQLite's shared in-memory test database locks whole tables between connections, so tests that
# run real concurrent writers (threads, each with its own connection) need a file: the same
# busy-timeout and WAL behaviour as the real site.
if DATABASES["default"]["ENGINE"] in ("django.db.backends.sqlite3", "config.sqlite"):  # noqa: F405
    DATABASES["default"]["TEST"] = {"NAME": str(VAR_DIR / "test-unspoken.sqlite3")}  # noqa: F405

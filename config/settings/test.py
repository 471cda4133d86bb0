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

"""Settings read from the environment, with safe development defaults.

Every variable is listed in README.md with its default. Product settings are named
``UNSPOKEN_*`` and can be set from the environment like the rest.
"""

import secrets
from pathlib import Path

import environ
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = BASE_DIR / "var"

env = environ.Env()

DEBUG = env.bool("DEBUG", default=False)


def _development_secret_key() -> str:
    """A random key generated once into var/, so sessions survive restarts in development."""
    VAR_DIR.mkdir(exist_ok=True)
    key_file = VAR_DIR / "secret_key"
    if not key_file.exists():
        key_file.write_text(secrets.token_urlsafe(50))
        key_file.chmod(0o600)
    return key_file.read_text().strip()


SECRET_KEY = env.str("SECRET_KEY", default="")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "SECRET_KEY is not set. With DEBUG off the site needs a real secret key: "
            "set SECRET_KEY in the environment (see README.md, Configuration)."
        )
    SECRET_KEY = _development_secret_key()

ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    # The stock admin with a superuser-only site and closed lookups (config/safeadmin.py).
    "config.safeadmin.SafeAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django.contrib.humanize",
    "allauth",
    "allauth.account",
    "csp",
    "accounts",
    "forum",
    "moderation",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Outermost, so even an early 400 from the input check carries the headers.
    "csp.middleware.CSPMiddleware",
    "config.security.SecurityHeadersMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Before sessions, CSRF and auth: a cached page for a visitor without a session costs one
    # cache read. It sits inside the middlewares below it, so stored pages keep their headers.
    "forum.pagecache.PageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    # Runs before any view hook (CSRF reads the form there), yet inside every header middleware.
    "config.security.RejectInvalidInputMiddleware",
    "config.security.MethodNotAllowedPageMiddleware",
    "config.ratelimit.RateLimitMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"
ASGI_APPLICATION = "config.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "forum.context_processors.site",
                "moderation.context_processors.queue",
            ],
        },
    },
]

# --- Database -------------------------------------------------------------------------------
VAR_DIR.mkdir(exist_ok=True)
DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'unspoken.sqlite3'}")}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers run beside one writer; IMMEDIATE takes the write lock when a transaction
    # starts, so two writers queue on the busy timeout instead of failing with "database is
    # locked" halfway through.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "transaction_mode": "IMMEDIATE",
            "timeout": env.int("SQLITE_BUSY_TIMEOUT", default=20),
            "init_command": (
                "PRAGMA journal_mode=WAL;"
                "PRAGMA synchronous=NORMAL;"
                "PRAGMA foreign_keys=ON;"
                "PRAGMA cache_size=-32000;"
                "PRAGMA mmap_size=134217728;"
            ),
        }
    )
    # Writers queue for the write lock (config/sqlite/base.py) instead of polling it in SQLite's
    # busy handler, whose growing sleeps left the lock idle under many writers.
    if env.bool("SQLITE_WRITE_QUEUE", default=True):
        DATABASES["default"]["ENGINE"] = "config.sqlite"
# Connections are kept between requests on both engines: on SQLite, opening one ran the PRAGMAs
# above and closing the last one checkpointed the WAL, 2-4 ms on every request.
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DATABASES["default"]["ATOMIC_REQUESTS"] = False

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"

# --- Cache ----------------------------------------------------------------------------------
REDIS_URL = env.str("REDIS_URL", default="")
if REDIS_URL:
    CACHES = {
        "default": {
            # Django's Redis backend, answering as an empty cache while Redis is down (the
            # decision and what it means for rate limits are in config/cache.py).
            "BACKEND": "config.cache.FailOpenRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "unspoken",
        }
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "unspoken",
            "OPTIONS": {"MAX_ENTRIES": 5000},
        }
    }

# --- Accounts (django-allauth) ----------------------------------------------------------------
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
ACCOUNT_LOGIN_METHODS = {"username"}
# E-mail is optional: many people will not share one here. It is only used for password reset
# and opt-in notification e-mails, and never shown anywhere.
ACCOUNT_SIGNUP_FIELDS = ["username*", "email", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = "none"
# Whether an address has an account here says whether a person writes about their relationship:
# sign-up, adding an address and password reset answer the same whether or not it is known. With
# unique addresses and no mandatory verification allauth could not keep that promise at sign-up,
# so an address may be on more than one account (sign-in is by username only).
ACCOUNT_UNIQUE_EMAIL = False
ACCOUNT_PREVENT_ENUMERATION = True
# No "you have no account" e-mail to addresses typed into the reset form: it would land, from a
# site about relationships, in the inbox of whoever's address was typed.
ACCOUNT_EMAIL_UNKNOWN_ACCOUNTS = False
ACCOUNT_EMAIL_SUBJECT_PREFIX = "Unspoken: "
ACCOUNT_FORMS = {
    name: f"accounts.allauth_forms.{cls}"
    for name, cls in {
        "login": "LoginForm",
        "signup": "SignupForm",
        "change_password": "ChangePasswordForm",
        "set_password": "SetPasswordForm",
        "reset_password": "ResetPasswordForm",
        "reset_password_from_key": "ResetPasswordKeyForm",
        "add_email": "AddEmailForm",
        "reauthenticate": "ReauthenticateForm",
    }.items()
}
ACCOUNT_ADAPTER = "accounts.adapter.AccountAdapter"
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_SESSION_REMEMBER = None
ACCOUNT_USERNAME_MIN_LENGTH = 3
ACCOUNT_USER_DISPLAY = "accounts.adapter.user_display"
ACCOUNT_RATE_LIMITS = {
    # allauth's defaults, kept explicit so they are visible and cannot be switched off by accident.
    "login": "30/m/ip",
    "login_failed": "10/m/ip,5/5m/key",
    "signup": "20/m/ip",
    "reset_password": "20/m/ip,5/m/key",
    "reset_password_from_key": "20/m/ip",
    "change_password": "5/m/user",
}
# allauth's rate limits find the client through accounts.adapter.AccountAdapter.get_client_ip,
# which hands them the hashed address (UNSPOKEN_CLIENT_IP_HEADER), never the address itself.
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "/"
ACCOUNT_LOGOUT_REDIRECT_URL = "/"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# --- E-mail ---------------------------------------------------------------------------------
vars().update(env.email_url("EMAIL_URL", default="consolemail://"))
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="Unspoken <no-reply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000").rstrip("/")

# --- Internationalisation -----------------------------------------------------------------------
LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
USE_TZ = True
TIME_ZONE = "UTC"

# --- Static files -------------------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = env.path("STATIC_ROOT", default=str(VAR_DIR / "static"))
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
# Hashed files (every {% static %} URL) are served with a ten-year "immutable" header by
# whitenoise itself; this is for unhashed paths, which change in place, so keep it short.
WHITENOISE_MAX_AGE = 60

# --- Security -----------------------------------------------------------------------------------
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Behind a TLS-terminating proxy: the header it sets, e.g. "HTTP_X_FORWARDED_PROTO".
_proxy_ssl_header = env.str("SECURE_PROXY_SSL_HEADER", default="")
if _proxy_ssl_header:
    SECURE_PROXY_SSL_HEADER = (_proxy_ssl_header, "https")
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=not DEBUG)
SESSION_COOKIE_SECURE = env.bool("SECURE_COOKIES", default=not DEBUG)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=0 if DEBUG else 60 * 60 * 24 * 365)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=not DEBUG)
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=not DEBUG)
# Exempt the health check from the HTTPS redirect so a load balancer can probe plain HTTP.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
DATA_UPLOAD_MAX_MEMORY_SIZE = env.int("DATA_UPLOAD_MAX_MEMORY_SIZE", default=256 * 1024)
DATA_UPLOAD_MAX_NUMBER_FIELDS = 200
# No form takes a file: file parts are dropped unread and the request refused (config/security.py).
FILE_UPLOAD_HANDLERS = ["config.security.RefuseFilesUploadHandler"]
CSRF_FAILURE_VIEW = "config.errors.csrf_failure"

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'none'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
    }
}

# --- Logging: no IP addresses, no request bodies ----------------------------------------------
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    # django.request and django.security write the path ("Forbidden (CSRF ...): /stories/manage/
    # <token>/edit/"): every record passes config.redact first, whoever logged it.
    "filters": {"redact": {"()": "config.redact.RedactFilter"}},
    "handlers": {
        "console": {"class": "logging.StreamHandler", "formatter": "plain", "filters": ["redact"]}
    },
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {
        # django.server logs lines with the client address in development; keep it quiet.
        "django.server": {"handlers": [], "level": "ERROR", "propagate": False},
        "django.request": {"handlers": ["console"], "level": "ERROR", "propagate": False},
    },
}

# --- Product settings (UNSPOKEN_*) --------------------------------------------------------------
# Accounts with fewer approved posts than this are pre-moderated.
UNSPOKEN_TRUSTED_AFTER = env.int("UNSPOKEN_TRUSTED_AFTER", default=1)
# Replies from guests (always pre-moderated) are off unless this is set.
UNSPOKEN_GUEST_REPLIES = env.bool("UNSPOKEN_GUEST_REPLIES", default=False)
# Distinct flags from established accounts that hide an item until a moderator reviews it.
UNSPOKEN_AUTOHIDE_FLAGS = env.int("UNSPOKEN_AUTOHIDE_FLAGS", default=3)
# Accounts younger than this count for review but not for auto-hide when they flag.
UNSPOKEN_FLAG_TRUST_AGE_HOURS = env.int("UNSPOKEN_FLAG_TRUST_AGE_HOURS", default=24)
# Rate limits on posting, replying, reacting, flagging, searching and sign-up; 0 switches them off
# (allauth's sign-in limits too). Each rate is "count/period" (s, m, h, d), overridable as
# UNSPOKEN_RATELIMIT_<NAME>; an empty value switches that one limit off. "_guest" rates apply to
# visitors without an account. config/ratelimit.py maps URL names to these names.
UNSPOKEN_RATELIMITS = env.bool("UNSPOKEN_RATELIMITS", default=True)
UNSPOKEN_RATELIMIT_RATES = {
    name: env.str(f"UNSPOKEN_RATELIMIT_{name.upper()}", default=default)
    for name, default in {
        # Stories saved; every other try (errors, previews, prompts) counts as an attempt.
        "story": "10/h",
        "story_guest": "4/h",
        "story_attempt": "100/h",
        "story_attempt_guest": "40/h",
        "edit": "60/h",
        "reply": "60/h",
        "reply_guest": "10/h",
        "reaction": "300/h",
        "flag": "30/h",
        "flag_guest": "5/h",
        "search": "60/m",
        "manage": "120/h",
        "manage_miss": "10/h",
        "signup": "5/h",
        # Recovery-code attempts: every try per client, failed tries per typed username.
        "recover": "10/h",
        "recover_account": "20/d",
    }.items()
}
if not UNSPOKEN_RATELIMITS:
    ACCOUNT_RATE_LIMITS = False
# Minutes a replier may edit their reply.
UNSPOKEN_REPLY_EDIT_MINUTES = env.int("UNSPOKEN_REPLY_EDIT_MINUTES", default=60)
# Days after which hashed client addresses are purged.
UNSPOKEN_HASH_RETENTION_DAYS = env.int("UNSPOKEN_HASH_RETENTION_DAYS", default=30)
# Seconds anonymous pages may be cached (0 disables the page cache).
UNSPOKEN_PAGE_CACHE_SECONDS = env.int("UNSPOKEN_PAGE_CACHE_SECONDS", default=60)
# Milliseconds one search may spend in the database before the reader is asked for other words.
UNSPOKEN_SEARCH_BUDGET_MS = env.int("UNSPOKEN_SEARCH_BUDGET_MS", default=300)
# Seconds search result pages stay in the page cache (writes do not retire them).
UNSPOKEN_SEARCH_CACHE_SECONDS = env.int("UNSPOKEN_SEARCH_CACHE_SECONDS", default=15)
# s-maxage on visitors' pages: how long a reverse proxy in front may keep them.
UNSPOKEN_PROXY_CACHE_SECONDS = env.int("UNSPOKEN_PROXY_CACHE_SECONDS", default=5)
# Mounts /bench/ceiling/, a database-free page the benchmark compares against; off in production.
UNSPOKEN_BENCH_CEILING = env.bool("UNSPOKEN_BENCH_CEILING", default=False)
# Request header holding the client address when behind a proxy, e.g. "HTTP_X_FORWARDED_FOR";
# empty means REMOTE_ADDR.
UNSPOKEN_CLIENT_IP_HEADER = env.str("UNSPOKEN_CLIENT_IP_HEADER", default="")
# Where "Leave this site" goes: a neutral page that says nothing about where the reader was.
# Only http(s) addresses are accepted; anything else falls back to the default.
UNSPOKEN_QUICK_EXIT_URL = env.str("UNSPOKEN_QUICK_EXIT_URL", default="https://www.bbc.com/weather")
if not UNSPOKEN_QUICK_EXIT_URL.startswith(("https://", "http://")):
    UNSPOKEN_QUICK_EXIT_URL = "https://www.bbc.com/weather"
# A per-process cache (no REDIS_URL) is only right for one process: with several, rate limits
# are counted per process and watched-word changes reach one process only. With DEBUG off,
# `check --deploy` fails and gunicorn refuses several workers unless this says the site runs
# one process (config/checks.py; config/gunicorn.py then starts one worker).
UNSPOKEN_SINGLE_PROCESS = env.bool("UNSPOKEN_SINGLE_PROCESS", default=False)
# Modules holding an account's data outside accounts: each has export_account(user) -> dict and
# erase_account(user, *, keep_posts). /me/export/ and /me/delete/ call them (see accounts/data.py).
UNSPOKEN_ACCOUNT_DATA_HANDLERS = ["forum.privacy", "moderation.privacy"]
# Functions text -> [(phrase, action)] the write services screen every story and reply with
# (forum imports no moderation code; moderation keeps the watched words).
UNSPOKEN_WATCHED_WORD_FINDERS = ["moderation.watchwords.find_watched"]
# What seed_demo adds beyond stories and replies (a moderation queue to work).
UNSPOKEN_DEMO_SEEDERS = ["moderation.demo.seed_queue"]

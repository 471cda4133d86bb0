"""The environment bench/cpu.py and bench/writes.py run Django in: production settings with
DEBUG off, rate limits off, a throwaway secret and a seeded database under var/bench/ unless
DATABASE_URL names another. Import it before Django."""

import os
import secrets
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def configure(database_file: str, **extra: str) -> None:
    sys.path.insert(0, str(ROOT))
    os.chdir(ROOT)
    os.environ.setdefault("DATABASE_URL", f"sqlite:///{ROOT / 'var' / 'bench' / database_file}")
    os.environ.update(
        {
            "DJANGO_SETTINGS_MODULE": "config.settings.base",
            "DEBUG": "0",
            "SECRET_KEY": os.environ.get("SECRET_KEY") or secrets.token_urlsafe(50),
            "UNSPOKEN_RATELIMITS": "0",
            "SECURE_SSL_REDIRECT": "0",
            "SECURE_COOKIES": "0",
            "ALLOWED_HOSTS": "testserver,127.0.0.1",
            "STATIC_ROOT": str(ROOT / "var" / "bench" / "static"),
            "LOG_LEVEL": "ERROR",
            **extra,
        }
    )


def as_a_worker() -> None:
    """Start as a gunicorn worker starts (config/gunicorn.py, ``when_ready``): warmed up, and
    what that loaded frozen out of the garbage collector's reach, so a full collection does not
    land in one page's timing and not another's. Call after ``django.setup()``."""
    from config.warmup import warm_and_freeze

    warm_and_freeze()

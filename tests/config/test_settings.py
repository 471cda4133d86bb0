"""Settings come from the environment; production refuses to start without a secret key."""

import os
import subprocess
import sys
from pathlib import Path

import environ
import pytest
from django.conf import settings

ROOT = Path(__file__).resolve().parents[2]


def _import_base_settings(**env):
    clean = {k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "DEBUG"}}
    clean.update(env)
    return subprocess.run(
        [
            sys.executable,
            "-c",
            "import config.settings.base as s; print(s.DEBUG, s.DATABASES['default']['ENGINE'])",
        ],
        cwd=ROOT,
        env=clean,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_missing_secret_key_with_debug_off_refuses_to_start():
    result = _import_base_settings(DEBUG="0")
    assert result.returncode != 0
    assert "SECRET_KEY is not set" in result.stderr


def test_debug_on_without_secret_key_uses_a_generated_development_key():
    result = _import_base_settings(DEBUG="1")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("True")
    assert (ROOT / "var" / "secret_key").exists()


def test_a_real_secret_key_with_debug_off_starts():
    result = _import_base_settings(DEBUG="0", SECRET_KEY="x" * 50)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("False")


@pytest.mark.parametrize(
    ("url", "engine", "name"),
    [
        (
            "sqlite:////tmp/unspoken-test.sqlite3",
            "django.db.backends.sqlite3",
            "/tmp/unspoken-test.sqlite3",
        ),
        ("postgres://u:p@127.0.0.1:5433/unspoken", "django.db.backends.postgresql", "unspoken"),
    ],
)
def test_database_url_is_parsed(url, engine, name):
    parsed = environ.Env.db_url_config(url)
    assert parsed["ENGINE"] == engine
    assert parsed["NAME"] == name


def test_sqlite_is_tuned_for_concurrent_writers():
    db = settings.DATABASES["default"]
    if "sqlite" not in db["ENGINE"]:
        pytest.skip("SQLite only")
    options = db["OPTIONS"]
    assert options["transaction_mode"] == "IMMEDIATE"
    assert options["timeout"] >= 5
    assert "journal_mode=WAL" in options["init_command"]


def test_product_settings_can_be_set_from_the_environment():
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            "import config.settings.base as s; "
            "print(s.UNSPOKEN_TRUSTED_AFTER, s.UNSPOKEN_AUTOHIDE_FLAGS, s.UNSPOKEN_GUEST_REPLIES)",
        ],
        cwd=ROOT,
        env={
            **os.environ,
            "DEBUG": "1",
            "UNSPOKEN_TRUSTED_AFTER": "4",
            "UNSPOKEN_AUTOHIDE_FLAGS": "7",
            "UNSPOKEN_GUEST_REPLIES": "1",
        },
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.stdout.split() == ["4", "7", "True"], result.stderr


def test_deploy_check_is_clean_with_production_settings():
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env={
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "config.settings.base",
            "DEBUG": "0",
            "SECRET_KEY": "k" * 20 + "-production-grade-secret-key-value-123456",
            "ALLOWED_HOSTS": "unspoken.example",
            # Not connected to by the check: a shared cache is what production needs.
            "REDIS_URL": "redis://127.0.0.1:6379/0",
        },
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr

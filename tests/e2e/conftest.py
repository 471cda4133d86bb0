"""Real-browser fixtures: one headless Chromium per session, a live server that runs like
production (DEBUG off, collected and hashed static files served by WhiteNoise), and pages that
fail the test on any server error, broken asset or console error (CSP violations included).

The tests skip, saying why, when Chromium, Playwright or axe-core is missing
(``make e2e-deps`` installs them).
"""

import os
import shutil
from pathlib import Path

import pytest

from tests.e2e.browsing import CHROMIUM, PageWatch, missing_dependency

E2E_DIR = Path(__file__).resolve().parent
DESKTOP = {"width": 1280, "height": 800}
MANIFEST_STORAGE = "whitenoise.storage.CompressedManifestStaticFilesStorage"

_skip_reason = ""


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(config, items):
    """Runs after ``-m`` deselection: says so only when browser tests were selected."""
    global _skip_reason
    ours = [item for item in items if E2E_DIR in Path(str(item.fspath)).parents]
    missing = missing_dependency() if ours else ""
    if missing and os.environ.get("E2E_REQUIRED"):
        raise pytest.UsageError(f"e2e tests cannot run: {missing} (run make e2e-deps)")
    if missing:
        _skip_reason = f"e2e tests skipped: {missing} (run make e2e-deps)"
        for item in ours:
            item.add_marker(pytest.mark.skip(reason=_skip_reason))


def pytest_terminal_summary(terminalreporter):
    if _skip_reason:
        terminalreporter.write_sep("=", _skip_reason, yellow=True, bold=True)


def _production_static(static_root: Path, media_root: Path) -> dict:
    from django.conf import settings

    return {
        "DEBUG": False,
        "STATIC_ROOT": str(static_root),
        "MEDIA_ROOT": str(media_root),
        "MEDIA_URL": "/media/",
        "STORAGES": {
            **settings.STORAGES,
            "staticfiles": {"BACKEND": MANIFEST_STORAGE},
        },
    }


@pytest.fixture(scope="session")
def production_static(tmp_path_factory, django_db_setup):
    """collectstatic into a fresh STATIC_ROOT with the hashed manifest storage production uses.
    Returns the settings that switch the tests to it; a template naming a file that is not in
    the manifest then fails with a server error, as it would in production."""
    from django.core.management import call_command
    from django.test.utils import override_settings

    static_root = tmp_path_factory.mktemp("static")
    media_root = tmp_path_factory.mktemp("media")
    overrides = _production_static(static_root, media_root)
    with override_settings(**overrides):
        call_command("collectstatic", interactive=False, verbosity=0)
    assert (static_root / "staticfiles.json").exists()
    return overrides


@pytest.fixture(scope="session")
def live_url(production_static, django_db_blocker):
    """A threaded live server whose WhiteNoise serves the collected files (no finders)."""
    from django.db import connections
    from django.test.testcases import LiveServerThread
    from django.test.utils import override_settings

    with django_db_blocker.unblock():
        shared = {}
        for conn in connections.all():
            if conn.vendor == "sqlite" and conn.is_in_memory_db():
                conn.inc_thread_sharing()
                shared[conn.alias] = conn
        # WhiteNoise reads STATIC_ROOT when the server builds its middleware, inside this block.
        with override_settings(**production_static):
            thread = LiveServerThread("127.0.0.1", lambda app: app, connections_override=shared)
            thread.daemon = True
            thread.start()
            thread.is_ready.wait()
        if thread.error:
            raise thread.error
    yield f"http://127.0.0.1:{thread.port}"
    thread.terminate()
    for conn in shared.values():
        conn.dec_thread_sharing()


@pytest.fixture(autouse=True)
def _production_settings(request, production_static):
    from django.test.utils import override_settings

    with override_settings(**production_static):
        yield


@pytest.fixture(autouse=True)
def _async_unsafe_allowed(monkeypatch):
    """Playwright's sync API runs an event loop in this thread, and the ORM fixtures run beside
    it. Only while a browser test runs: the variable must not leak into other tests."""
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(autouse=True)
def _themes(_async_unsafe_allowed, transactional_db):
    """Transactional tests flush every table afterwards (but not the search index, which is no
    model): put the seeded themes back and empty the index."""
    from importlib import import_module

    from forum import search
    from forum.models import Theme

    seed = import_module("forum.migrations.0003_seed_themes")
    for order, (name, slug, description) in enumerate(seed.THEMES):
        Theme.objects.get_or_create(
            slug=slug, defaults={"name": name, "description": description, "order": order}
        )
    search.rebuild()


@pytest.fixture(scope="package")
def browser():
    """One Chromium for the browser tests. Not per session: Playwright's sync API keeps an event
    loop running in this thread while it is open, and pytest-django runs the other transactional
    tests after ours, where Django would then refuse every query."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True)
        yield chromium
        chromium.close()


def _new_page(browser, live_url, request, **options):
    context = browser.new_context(viewport=DESKTOP, base_url=live_url, **options)
    context.set_default_timeout(10_000)
    page = context.new_page()
    watch = PageWatch(page)
    request.addfinalizer(context.close)
    return page, watch


@pytest.fixture
def page(browser, live_url, request):
    """A desktop page with our Content-Security-Policy enforced. The test fails afterwards if
    any response was a 5xx, any asset failed to load or the console logged an error."""
    page, watch = _new_page(browser, live_url, request)
    yield page
    watch.assert_clean()


@pytest.fixture
def no_js_page(browser, live_url, request):
    """A desktop page in a browser with JavaScript switched off, checked like ``page``."""
    page, watch = _new_page(browser, live_url, request, java_script_enabled=False)
    yield page
    watch.assert_clean()


@pytest.fixture
def another_page(browser, live_url, request):
    """Another person's browser: each call opens a new context (its own cookies), checked like
    ``page`` when the test ends."""
    watches = []

    def open_page():
        other, watch = _new_page(browser, live_url, request)
        watches.append(watch)
        return other

    yield open_page
    for watch in watches:
        watch.assert_clean()


@pytest.fixture
def axe_page(browser, live_url, request):
    """A page that may inject axe-core: the CSP is bypassed for this context only."""
    page, watch = _new_page(browser, live_url, request, bypass_csp=True)
    yield page
    watch.assert_clean()


@pytest.fixture(scope="session", autouse=True)
def _fresh_screenshots():
    from tests.e2e.browsing import SCREENSHOTS

    shutil.rmtree(SCREENSHOTS, ignore_errors=True)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    yield

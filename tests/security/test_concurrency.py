"""Many writers at once against a real server (gunicorn: two processes, four threads each) on
its own database: no errors, every accepted post stored exactly once, counters exact.

The harness is a list of ACTIONS each writer repeats and CHECKS run on the database afterwards;
a new kind of write is one more action and one more check. SQLite uses a temporary file in WAL
mode, as in production; with DATABASE_URL on PostgreSQL a scratch database beside the test one.
"""

import http.cookiejar
import json
import os
import re
import shutil
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from contextlib import closing

import pytest
from django.conf import settings

from tests.config.test_settings import ROOT

WRITERS = 6
ROUNDS = 4
PASSWORD = "a-long-passphrase-9"

pytestmark = pytest.mark.live


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Session:
    """One browser: its own cookies and CSRF token."""

    def __init__(self, base: str):
        self.base = base
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()),
            _NoRedirect(),
        )
        self.token: str | None = None

    def get(self, path: str) -> tuple[int, str]:
        return self._open(urllib.request.Request(self.base + path))

    def post(self, path: str, data: dict, *, form_page: str | None = None) -> tuple[int, str]:
        """POST as a browser does after reading the form at ``path``. With ``form_page`` the
        CSRF token read there once is reused (forms on one page, such as replies and
        reactions on a story), which keeps the harness from spending its time on GETs."""
        if form_page is None or self.token is None:
            status, page = self.get(form_page or path)
            assert status == 200, (form_page or path, status)
            self.token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
        body = urllib.parse.urlencode({**data, "csrfmiddlewaretoken": self.token}, doseq=True)
        request = urllib.request.Request(
            self.base + path, data=body.encode(), headers={"Referer": self.base + path}
        )
        return self._open(request)

    def _open(self, request) -> tuple[int, str]:
        try:
            with self.opener.open(request, timeout=60) as response:
                return response.status, response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode(errors="replace")


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def post_story(session: Session, writer: int, n: int, thread: dict) -> dict:
    token = f"w{writer}-n{n}"
    data = {
        "title": f"Evening {token} in a quiet house",
        "body": "We eat at the same table and talk about nothing at all, every evening now.",
        "themes": ["subtle-signs", "how-it-affects-us"][n % 2 :],
        "answer_mode": "listen",
        "submit_token": token,
    }
    first, _ = session.post("/stories/new/", data)
    again, _ = session.post("/stories/new/", data)  # a double submit: stored once
    return {"kind": "story", "token": token, "statuses": (first, again)}


def post_reply(session: Session, writer: int, n: int, thread: dict) -> dict:
    token = f"r-w{writer}-n{n}"
    data = {
        "body": f"I hear you ({token}). Evenings like that sound so lonely; thank you for writing.",
        "submit_token": token,
    }
    path = f"/stories/{thread['story']}/replies/"
    first, _ = session.post(path, data, form_page=thread["story_url"])
    again, _ = session.post(path, data, form_page=thread["story_url"])
    return {"kind": "reply", "token": token, "statuses": (first, again)}


KINDS = ["hear", "metoo", "strength", "thanks"]


def toggle_reactions(session: Session, writer: int, n: int, thread: dict) -> dict:
    """Every writer reacts on the same story and reply at once: a plain toggle, then the same
    "add" sent twice (a double click), so rows and counters race on shared items."""
    kind = KINDS[(writer + n) % len(KINDS)]
    statuses = []
    for target in ("story", "reply"):
        path = thread["reply_react"] if target == "reply" else f"/react/story/{thread['story']}/"
        statuses.append(session.post(path, {"kind": kind}, form_page=thread["story_url"])[0])
        for _ in range(2):
            data = {"kind": KINDS[n % len(KINDS)], "active": "1"}
            statuses.append(session.post(path, data, form_page=thread["story_url"])[0])
    return {"kind": "reaction", "statuses": tuple(statuses)}


ACTIONS = [post_story, post_reply, toggle_reactions]


def check_stories(db, results):
    tokens = [r["token"] for r in results if r["kind"] == "story"]
    rows = db.execute("SELECT submit_token FROM forum_story").fetchall()
    stored = [row[0] for row in rows if row[0] != "seed"]
    assert sorted(stored) == sorted(tokens), "every accepted story stored exactly once"
    themes = db.execute(
        "SELECT t.slug, t.story_count, (SELECT COUNT(*) FROM forum_story_themes st "
        "JOIN forum_story s ON s.id = st.story_id WHERE st.theme_id = t.id "
        "AND s.state = 'published') FROM forum_theme t"
    ).fetchall()
    for slug, counter, actual in themes:
        assert counter == actual, f"story_count of {slug}"
    assert sum(actual for _, _, actual in themes) > 0


def check_replies(db, results):
    tokens = [r["token"] for r in results if r["kind"] == "reply"]
    stored = [row[0] for row in db.execute("SELECT submit_token FROM forum_reply").fetchall()]
    assert sorted(t for t in stored if t.startswith("r-")) == sorted(tokens), (
        "every accepted reply stored exactly once"
    )
    counts = db.execute(
        "SELECT s.id, s.reply_count, (SELECT COUNT(*) FROM forum_reply r WHERE r.story_id = s.id "
        "AND r.state = 'published') FROM forum_story s"
    ).fetchall()
    for story, counter, actual in counts:
        assert counter == actual, f"reply_count of story {story}"
    assert sum(actual for _, _, actual in counts) == len(tokens) + 1, "all published, plus the seed"


def check_reactions(db, results):
    columns = ", ".join(f"reaction_{kind}" for kind in KINDS)
    for table, where in (
        ("forum_story", "reply_id IS NULL AND story_id"),
        ("forum_reply", "reply_id"),
    ):
        for pk, *counters, support in db.execute(
            f"SELECT id, {columns}, support_count FROM {table}"
        ).fetchall():
            query = (
                f"SELECT kind, COUNT(*) FROM forum_reaction WHERE {where} = {int(pk)} GROUP BY kind"
            )
            rows = dict(db.execute(query).fetchall())
            actual = [rows.get(kind, 0) for kind in KINDS]
            assert counters == actual, f"reaction counters of {table} {pk}"
            assert support == sum(actual), f"support_count of {table} {pk}"
    total = db.execute("SELECT COUNT(*) FROM forum_reaction").fetchone()[0]
    assert total > 0


CHECKS = [check_stories, check_replies, check_reactions]


# One published story with one reply that every writer replies to and reacts on, written by an
# account of its own; prints the ids as JSON.
SEED_THREAD = """
import json
from accounts.models import User
from forum.models import Theme
from forum.models import reply_url
from forum.services.replies import reply_post
from forum.services.stories import story_submit
host = User.objects.create_user(username="host", password="x" * 20)
story = story_submit(
    user=host, title="Evenings in a quiet house", themes=list(Theme.objects.all()[:1]),
    body="We share a home and a calendar, but nobody asks how the other one really is.",
    submit_token="seed",
).story
reply = reply_post(story=story, user=host, body="Thanks for reading.", submit_token="seed")[0]
assert story.state == reply.state == "published", (story.state, reply.state)
print(json.dumps({
    "story": story.pk,
    "reply": reply.pk,
    "story_url": story.get_absolute_url(),
    "reply_react": reply_url("forum:reply-react", reply),
}))
"""


@pytest.fixture
def database_url(tmp_path):
    engine = settings.DATABASES["default"]["ENGINE"]
    if engine.endswith("sqlite3"):
        yield f"sqlite:///{tmp_path / 'concurrency.sqlite3'}", None
        return
    import psycopg

    base = os.environ["DATABASE_URL"]
    parsed = urllib.parse.urlsplit(base)
    name = "unspoken_concurrency"
    admin = parsed._replace(path="/postgres").geturl()
    with closing(psycopg.connect(admin, autocommit=True)) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {name}")
        conn.execute(f"CREATE DATABASE {name}")
    url = parsed._replace(path=f"/{name}").geturl()
    yield url, url
    with closing(psycopg.connect(admin, autocommit=True)) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


def _connect(url: str, pg_url):
    if pg_url is None:
        return sqlite3.connect(url.removeprefix("sqlite:///"))
    import psycopg

    return psycopg.connect(pg_url)


@pytest.fixture
def server(database_url, tmp_path):
    url, _ = database_url
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.test",
        "DATABASE_URL": url,
        "UNSPOKEN_TRUSTED_AFTER": "0",
        "ALLOWED_HOSTS": "127.0.0.1",
    }
    manage = [sys.executable, "manage.py"]
    subprocess.run([*manage, "migrate", "--noinput", "-v0"], cwd=ROOT, env=env, check=True)
    create = (
        "from accounts.models import User\n"
        f"for n in range({WRITERS}): User.objects.create_user(username=f'writer{{n}}', "
        f"password='{PASSWORD}')"
    )
    subprocess.run([*manage, "shell", "-c", create], cwd=ROOT, env=env, check=True)
    seeded = subprocess.run(
        [*manage, "shell", "-c", SEED_THREAD], cwd=ROOT, env=env, check=True, capture_output=True
    )
    thread = json.loads(seeded.stdout.decode().strip().splitlines()[-1])
    port = _free_port()
    gunicorn = shutil.which("gunicorn", path=os.path.dirname(sys.executable))
    command = [gunicorn, "config.wsgi", "-b", f"127.0.0.1:{port}", "-w", "2", "--threads", "4"]
    help_text = subprocess.run([gunicorn, "--help"], capture_output=True, text=True).stdout
    if "--no-control-socket" in help_text:
        command.append("--no-control-socket")  # newer gunicorn: no shared socket in $HOME
    process = subprocess.Popen(
        command,
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=open(tmp_path / "server.log", "w"),  # noqa: SIM115 - closed with the process
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(300):
            try:
                with urllib.request.urlopen(base + "/healthz", timeout=2):
                    break
            except OSError:
                time.sleep(0.1)
        yield base, database_url, thread
    finally:
        process.terminate()
        process.wait(timeout=30)


def _writer(base: str, writer: int, thread: dict) -> list[dict]:
    session = Session(base)
    status, _ = session.post("/accounts/login/", {"login": f"writer{writer}", "password": PASSWORD})
    assert status == 302, status
    session.token = None  # signing in rotates the CSRF token
    return [action(session, writer, n, thread) for n in range(ROUNDS) for action in ACTIONS]


def test_concurrent_writers_lose_nothing_and_duplicate_nothing(server, tmp_path):
    base, (url, pg_url), thread = server
    with ThreadPoolExecutor(max_workers=WRITERS) as pool:
        batches = pool.map(_writer, [base] * WRITERS, range(WRITERS), [thread] * WRITERS)
        results = [result for batch in batches for result in batch]
    errors = [r for r in results if any(s != 302 for s in r["statuses"])]
    assert {r["kind"] for r in results} == {"story", "reply", "reaction"}
    log = (tmp_path / "server.log").read_text()
    assert not errors, (errors[:5], log[-2000:])
    assert "Traceback" not in log, log[-2000:]
    with closing(_connect(url, pg_url)) as db:
        for check in CHECKS:
            check(db, results)

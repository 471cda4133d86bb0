"""Two app servers behind nginx on PostgreSQL and Redis behave as one site."""

import secrets
import subprocess
import sys
from urllib.parse import urlencode

import pytest

from deploy.client import Client, form_values, random_loopback
from deploy.stack import APPS, ROOT

pytestmark = pytest.mark.stack


def _apps(stack, address: str | None = None) -> list[Client]:
    """One browser (one address, one cookie jar) talking to each instance in turn."""
    first = Client(stack.app_url(APPS[0]), cafile=stack.cert, address=address)
    return [first, *(first.at(stack.app_url(name)) for name in APPS[1:])]


def _story_fields(client: Client, n: int) -> dict:
    form = client.get("/stories/new/")
    assert form.status == 200, form.status
    themes = form_values(form.text, "themes")
    assert themes, "the story form lists no themes"
    token = (form_values(form.text, "submit_token") or [""])[0] or secrets.token_hex(16)
    return {
        "title": f"The quiet at dinner, evening {n}",
        "body": "Most evenings we eat without a word between us, and I have stopped asking why. "
        f"Writing it down here for the first time ({secrets.token_hex(4)}).",
        "themes": themes[0],
        "answer_mode": "listen",
        "submit_token": token,
    }


def _signed_in(client: Client) -> bool:
    return client.get("/me/").status == 200


def test_every_instance_and_nginx_answer_over_the_production_settings(stack, visitor):
    home = visitor.get("/")
    assert home.status == 200
    assert "max-age=31536000" in home.header("strict-transport-security")
    assert home.header("server") == "nginx"  # no version
    for client in _apps(stack):
        assert client.get("/healthz").status == 200
    plain = Client(f"http://127.0.0.1:{stack.http_port}", cafile=stack.cert)
    plain.https = False
    redirect = plain.request("GET", "/stories/", headers={"X-Forwarded-Proto": ""})
    assert redirect.status == 301
    assert redirect.header("location") == f"{stack.url}/stories/"


def test_an_app_server_redirects_plain_http_to_https(stack):
    client = Client(stack.app_url("a"), cafile=stack.cert)
    response = client.request("GET", "/stories/", headers={"X-Forwarded-Proto": "http"})
    assert response.status == 301
    assert response.header("location").startswith("https://")


def test_sign_in_on_one_instance_is_honoured_on_the_other(stack):
    on_a, on_b = _apps(stack)
    username = f"stack-{secrets.token_hex(4)}"
    password = secrets.token_urlsafe(16)
    signup = on_a.post(
        "/accounts/signup/",
        {"username": username, "password1": password, "password2": password},
    )
    assert signup.status == 302, signup.text[:500]
    assert _signed_in(on_a) and _signed_in(on_b)
    assert _signed_in(on_b.at(stack.url))  # and through nginx, with the same cookie
    logout = on_b.post("/accounts/logout/", {})
    assert logout.status == 302
    assert not _signed_in(on_a)
    again = on_b.post("/accounts/login/", {"login": username, "password": password})
    assert again.status == 302
    session_cookie = next(c for c in again.header("set-cookie").split("\n") if "sessionid=" in c)
    assert "Secure" in session_cookie and "HttpOnly" in session_cookie
    assert _signed_in(on_a)


@pytest.mark.parametrize("route", ["instances", "nginx"])
def test_four_guest_stories_an_hour_means_four_whichever_instance_answers(stack, route):
    if route == "instances":
        clients = _apps(stack, address=random_loopback())
    else:
        clients = [Client(stack.url, cafile=stack.cert)]
    answers = []
    for n in range(7):
        client = clients[n % len(clients)]
        fields = _story_fields(client, n)
        answers.append(client.post("/stories/new/", fields).status)
    assert answers.count(302) == 4, answers
    assert answers[4:] == [429, 429, 429], answers


def test_a_forwarded_for_header_sent_to_nginx_does_not_buy_more_stories(stack):
    """nginx sets X-Forwarded-For itself: a client naming other addresses is still itself."""
    client = Client(stack.url, cafile=stack.cert)
    answers = []
    for n in range(6):
        fields = _story_fields(client, n)
        spoofed = {"X-Forwarded-For": f"203.0.113.{n + 1}"}
        fields["csrfmiddlewaretoken"] = client.cookies["csrftoken"]
        origin = stack.url
        response = client.request(
            "POST",
            "/stories/new/",
            body=urlencode(fields).encode(),
            headers={
                "Content-Type": "application/x-www-form-urlencoded",
                "Origin": origin,
                **spoofed,
            },
        )
        answers.append(response.status)
    assert answers.count(302) == 4, answers


def test_a_reply_on_one_instance_is_visible_at_once_through_the_other(stack, readers):
    story = readers["stories"][0]
    visitor_b = Client(stack.app_url("b"), cafile=stack.cert)
    page = visitor_b.get(f"/stories/{story}/", follow=True)
    assert page.status == 200
    path = visitor_b.get(f"/stories/{story}/").header("location")
    assert visitor_b.get(path).status == 200  # now in the shared page cache
    writer = Client(stack.app_url("a"), cafile=stack.cert)
    writer.cookies["sessionid"] = readers["sessions"][0]
    marker = f"stack-marker-{secrets.token_hex(6)}"
    posted = writer.post(
        f"/stories/{story}/replies/",
        {"body": f"Thank you for saying this out loud. {marker}", "submit_token": marker},
        form_page=path,
    )
    assert posted.status == 302, posted.text[:500]
    fresh = Client(stack.app_url("b"), cafile=stack.cert)  # no cookie: gets the cached page
    assert marker in fresh.get(path).text
    assert marker in Client(stack.url, cafile=stack.cert).get(path).text


def test_a_reaction_on_one_instance_shows_on_the_other(stack, readers):
    story = readers["stories"][1]
    reader = Client(stack.app_url("a"), cafile=stack.cert)
    reader.cookies["sessionid"] = readers["sessions"][1]
    path = reader.get(f"/stories/{story}/").header("location")
    before = Client(stack.app_url("b"), cafile=stack.cert).get(path).text
    # The same bytes again: the anonymous page is served from the page cache, so a change
    # below can only come from the content version the reaction (on a) bumped in Redis.
    assert Client(stack.app_url("b"), cafile=stack.cert).get(path).text == before
    reacted = reader.post(f"/react/story/{story}/", {"kind": "strength"}, form_page=path)
    assert reacted.status in (200, 302), reacted.status
    after = Client(stack.app_url("b"), cafile=stack.cert).get(path).text
    assert after != before


def test_check_deploy_is_clean_for_the_stack_configuration(stack):
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env={**stack._process_env()},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout

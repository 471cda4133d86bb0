"""Log redaction: tokens in paths and query strings, and client addresses, never reach a log."""

import io
import logging
import sys

import pytest
from django.test import Client
from django.urls import reverse

from config.redact import RedactFilter, redact, redact_path

TOKEN = "Q9tBNjyfWKujgDKEE7qxWnX00TOThczVhVG82ygz1LA"


@pytest.mark.parametrize(
    "path",
    [
        f"/stories/manage/{TOKEN}/",
        f"/stories/manage/{TOKEN}/edit/",
        f"/me/notifications/unsubscribe/{TOKEN}/",
        "/accounts/password/reset/key/3a-cfx9kq-4f1e2b3c4d5e6f708192a3b4c5d6e7f8/",
        "/accounts/confirm-email/mjy:1tQpZr:abcdefghi/",
        f"/some/future/url/{TOKEN}/",
    ],
)
def test_secret_path_segments_are_redacted(path):
    redacted = redact_path(path)
    assert "[redacted]" in redacted
    secret = max(path.split("/"), key=len)
    assert secret not in redacted


def test_ordinary_paths_and_page_numbers_stay_readable():
    path = "/stories/1234/the-long-quiet-evenings-at-home/?page=3"
    assert redact_path(path) == path
    assert redact_path("/accounts/password/reset/key/done/") == "/accounts/password/reset/key/done/"


def test_query_values_are_hidden_but_names_kept():
    assert redact_path("/search/?q=my+husband&page=2&page=x") == (
        "/search/?q=[redacted]&page=2&page=[redacted]"
    )


def test_addresses_are_hidden_and_times_are_not():
    text = "Invalid request from ip=127.8.9.10 at 22:53:01 via ::1 and 2001:db8::7 (v1.2.3.4.5)"
    assert redact(text) == "Invalid request from ip=[ip] at 22:53:01 via [ip] and [ip] (v1.2.3.4.5)"


def test_the_filter_rewrites_message_arguments_and_tracebacks():
    try:
        raise ValueError(f"bad token /stories/manage/{TOKEN}/ from 198.51.100.4")
    except ValueError:
        record = logging.LogRecord(
            "x", logging.ERROR, __file__, 1, "%s from %s", ("/stories/manage/" + TOKEN, "::1"), True
        )
        record.exc_info = sys.exc_info()
    assert RedactFilter().filter(record)
    text = logging.Formatter().format(record)
    assert TOKEN not in text and "198.51.100.4" not in text and "::1" not in text
    assert "/stories/manage/[redacted]" in text


@pytest.mark.django_db
def test_djangos_csrf_warning_names_no_manage_token():
    """django.security.csrf logs the path of a refused POST; the console handler redacts it."""
    (console,) = [h for h in logging.getLogger().handlers if h.get_name() == "console"]
    stream = io.StringIO()
    previous = console.setStream(stream)
    try:
        client = Client(enforce_csrf_checks=True)
        url = reverse("forum:story-manage-edit", args=[TOKEN])
        assert client.post(url, {"title": "x"}).status_code == 403
    finally:
        console.setStream(previous)
    assert "Forbidden (CSRF" in stream.getvalue()
    assert TOKEN not in stream.getvalue()

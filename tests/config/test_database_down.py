"""A database that stops answering (restart, failover) is a 503 with Retry-After, not a 500."""

from django.db import OperationalError, connection


def test_a_database_that_stopped_answering_is_a_503_asking_to_retry(client, db, monkeypatch):
    def gone(*args, **kwargs):
        raise OperationalError("server closed the connection unexpectedly")

    client.raise_request_exception = False
    with monkeypatch.context() as patched:
        patched.setattr(connection, "cursor", gone)
        response = client.get("/stories/")
    assert response.status_code == 503
    assert response["Retry-After"] == "5"
    assert "no-store" in response["Cache-Control"]
    text = response.content.decode()
    assert "unavailable for a moment" in text
    assert "server closed the connection" not in text and "Traceback" not in text


def test_other_errors_are_still_the_500_page(client, db, monkeypatch):
    def broken(*args, **kwargs):
        raise ValueError("a bug")

    client.raise_request_exception = False
    with monkeypatch.context() as patched:
        patched.setattr(connection, "cursor", broken)
        response = client.get("/stories/")
    assert response.status_code == 500
    assert b"Something went wrong on our side" in response.content

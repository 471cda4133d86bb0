"""Multipart bodies get the same size and UTF-8 checks as form bodies, and no file is accepted."""

from unittest import mock

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.files.uploadhandler import TemporaryFileUploadHandler
from django.test.client import BOUNDARY, MULTIPART_CONTENT, encode_multipart
from django.urls import reverse

from forum.models import Story

CREATE = reverse("forum:story-create")
BODY = "Evenings at home pass in silence and I keep wondering what to say to him."


@pytest.fixture
def writer(client, trusted_user):
    client.force_login(trusted_user)
    return client


def _form(themes, **extra):
    return {
        "title": "A quiet evening at home",
        "body": BODY,
        "themes": [themes[0].slug],
        "answer_mode": "listen",
        "submit_token": "multipart-token",
        **extra,
    }


def test_an_ordinary_multipart_form_without_files_still_posts(writer, themes):
    assert writer.post(CREATE, _form(themes)).status_code == 302
    assert Story.objects.count() == 1


def test_a_large_file_part_is_refused_before_it_reaches_disk(writer, themes):
    big = SimpleUploadedFile("big.bin", b"\0" * (3 * 1024 * 1024))
    with mock.patch.object(TemporaryFileUploadHandler, "new_file") as to_disk:
        response = writer.post(CREATE, _form(themes, attachment=big))
    assert response.status_code == 400
    assert b"We could not read that request" in response.content
    to_disk.assert_not_called()
    assert not Story.objects.exists()


def test_a_small_file_part_is_refused_too(writer, themes):
    small = SimpleUploadedFile("note.txt", b"hello")
    response = writer.post(CREATE, _form(themes, attachment=small))
    assert response.status_code == 400
    assert not Story.objects.exists()


def test_invalid_utf8_in_a_multipart_field_is_a_400(writer, themes):
    body = encode_multipart(BOUNDARY, _form(themes, title="placeholder-title"))
    body = body.replace(b"placeholder-title", b"\xff\xfebroken title")
    response = writer.generic("POST", CREATE, body, content_type=MULTIPART_CONTENT)
    assert response.status_code == 400
    assert not Story.objects.exists()


def test_a_multipart_body_without_a_length_is_refused(writer, themes):
    body = encode_multipart(BOUNDARY, _form(themes))
    response = writer.generic(
        "POST", CREATE, body, content_type=MULTIPART_CONTENT, CONTENT_LENGTH=""
    )
    assert response.status_code == 400
    assert not Story.objects.exists()

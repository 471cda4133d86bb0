"""Sign-up without e-mail, sign-in, sign-out; usernames stay private."""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse


@pytest.mark.django_db
def test_signup_without_email_creates_an_account_and_signs_in(client):
    response = client.post(
        reverse("account_signup"),
        {
            "username": "quietreader",
            "password1": "a-long-passphrase-9",
            "password2": "a-long-passphrase-9",
        },
    )
    assert response.status_code == 302
    user = get_user_model().objects.get(username="quietreader")
    assert user.email == ""
    assert client.get(reverse("forum:me")).status_code == 200


@pytest.mark.django_db
def test_signup_form_marks_email_optional(client):
    html = client.get(reverse("account_signup")).content.decode()
    assert 'name="email"' in html
    assert 'name="email" required' not in html


@pytest.mark.django_db
def test_signup_with_a_taken_username_is_refused_with_a_message(client, user_factory):
    user_factory(username="takenname")
    response = client.post(
        reverse("account_signup"),
        {
            "username": "takenname",
            "password1": "a-long-passphrase-9",
            "password2": "a-long-passphrase-9",
        },
    )
    assert response.status_code in (200, 400)
    assert "already" in response.content.decode().lower()
    assert get_user_model().objects.filter(username="takenname").count() == 1


@pytest.mark.django_db
def test_login_and_logout(client, user_factory):
    user_factory(username="returning", password="a-long-passphrase-9")
    response = client.post(
        reverse("account_login"), {"login": "returning", "password": "a-long-passphrase-9"}
    )
    assert response.status_code == 302
    assert client.get(reverse("forum:me")).status_code == 200
    response = client.post(reverse("account_logout"))
    assert response.status_code == 302
    assert client.get(reverse("forum:me")).status_code == 302  # sent to sign in


@pytest.mark.django_db
def test_wrong_password_shows_a_message_and_does_not_sign_in(client, user_factory):
    user_factory(username="returning2", password="a-long-passphrase-9")
    response = client.post(reverse("account_login"), {"login": "returning2", "password": "nope"})
    assert response.status_code in (200, 400)
    assert client.get(reverse("forum:me")).status_code == 302


@pytest.mark.django_db
def test_signed_in_pages_never_show_the_username(client, user_factory):
    user_factory(username="zephyrine_unique", password="a-long-passphrase-9")
    client.post(
        reverse("account_login"),
        {"login": "zephyrine_unique", "password": "a-long-passphrase-9"},
        follow=True,
    )
    for url in [reverse("forum:home"), reverse("forum:story-list"), reverse("forum:me")]:
        assert "zephyrine_unique" not in client.get(url).content.decode()


@pytest.mark.django_db
def test_there_are_no_public_profile_pages(client, user_factory):
    user_factory(username="nobodysees")
    for url in [
        "/users/nobodysees/",
        "/u/nobodysees/",
        "/profile/nobodysees/",
        "/accounts/nobodysees/",
    ]:
        assert client.get(url).status_code == 404

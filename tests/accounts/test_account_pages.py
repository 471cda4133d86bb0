"""allauth's pages in the site's words, and answers that never tell whether an address is known."""

import re
from html.parser import HTMLParser

import pytest
from django.core import mail
from django.urls import reverse

from accounts.recovery import recovery_codes_issue

STOCK_COPY = ("Sign Up", "Sign In", "Remember Me", "Then please", "Welcome back. You are signed in")


class _Ids(HTMLParser):
    """Every id with whether its element has text, and every aria-describedby target."""

    def __init__(self):
        super().__init__()
        self.ids, self.described, self.stack, self.p_open = {}, [], [], False
        self.block_in_p = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "p":
            self.p_open = True
        elif tag in ("ul", "ol", "div") and self.p_open:
            self.block_in_p = True
        if "id" in attrs:
            self.ids[attrs["id"]] = ""
            self.stack.append(attrs["id"])
        if "aria-describedby" in attrs:
            self.described.extend(attrs["aria-describedby"].split())

    def handle_endtag(self, tag):
        if tag == "p":
            self.p_open = False

    def handle_data(self, data):
        for open_id in self.stack:
            self.ids[open_id] += data.strip()


def _page(client, name):
    return client.get(reverse(name)).content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize(
    "name", ["account_login", "account_signup", "account_reset_password", "account_recover"]
)
def test_account_pages_use_the_sites_words(client, name):
    html = _page(client, name)
    for stock in STOCK_COPY:
        assert stock not in html
    assert 'class="narrow"' in html
    assert 'name="robots" content="noindex"' in html


@pytest.mark.django_db
def test_signed_in_account_pages_use_the_sites_words(client, user_factory):
    client.force_login(user_factory())
    for name in ("account_change_password", "account_email", "account_logout"):
        html = _page(client, name)
        assert "Change Password" not in html and "Email Addresses" not in html
        assert 'class="narrow"' in html


@pytest.mark.django_db
def test_signup_guides_towards_a_name_that_is_not_yours_and_explains_email(client):
    html = _page(client, "account_signup")
    assert "not your name" in html
    assert "recovery code" in html
    assert "password-reset link" in html
    assert ">Sign up<" in html


@pytest.mark.django_db
def test_login_offers_both_ways_back(client):
    html = _page(client, "account_login")
    assert reverse("account_recover") in html
    assert reverse("account_reset_password") in html
    assert "Use a recovery code" in html


@pytest.mark.django_db
def test_password_help_is_valid_and_described_by_a_real_element(client):
    parser = _Ids()
    parser.feed(_page(client, "account_signup"))
    assert not parser.block_in_p
    assert parser.described
    for target in parser.described:
        assert parser.ids.get(target), f"aria-describedby={target} points at nothing"


@pytest.mark.django_db
def test_signup_with_a_known_email_answers_like_any_other(client, user_factory):
    user_factory(username="existing", email="known@example.org")

    def attempt(username, email):
        response = client.post(
            reverse("account_signup"),
            {
                "username": username,
                "email": email,
                "password1": "a-long-passphrase-9",
                "password2": "a-long-passphrase-9",
            },
        )
        client.logout()
        return response

    known = attempt("newcomer1", "known@example.org")
    unknown = attempt("newcomer2", "fresh@example.org")
    assert known.status_code == unknown.status_code == 302
    assert known["Location"] == unknown["Location"]


@pytest.mark.django_db
def test_a_taken_email_is_not_revealed_by_the_error_messages(client, user_factory):
    user_factory(username="existing2", email="known2@example.org")
    response = client.post(
        reverse("account_signup"),
        {"username": "x", "email": "known2@example.org", "password1": "a", "password2": "b"},
    )
    html = response.content.decode().lower()
    assert "already registered" not in html
    assert "already in use" not in html and "email_taken" not in html


@pytest.mark.django_db
def test_password_reset_answers_the_same_for_known_and_unknown_addresses(client, user_factory):
    user_factory(username="secretname", email="me@example.org")
    known = client.post(reverse("account_reset_password"), {"email": "me@example.org"})
    unknown = client.post(reverse("account_reset_password"), {"email": "nobody@example.org"})
    assert known.status_code == unknown.status_code == 302
    assert known["Location"] == unknown["Location"]
    # Only the account's own address gets mail; a typed stranger's address gets nothing.
    assert [m.to for m in mail.outbox] == [["me@example.org"]]


@pytest.mark.django_db
def test_reset_email_does_not_name_the_account(client, user_factory):
    user_factory(username="secretname", email="me@example.org")
    client.post(reverse("account_reset_password"), {"email": "me@example.org"})
    (message,) = mail.outbox
    assert "secretname" not in message.body and "secretname" not in message.subject
    assert re.search(r"/accounts/password/reset/key/\S+", message.body)
    assert message.subject.startswith("Unspoken")


@pytest.mark.django_db
def test_the_reset_link_sets_a_new_password(client, user_factory):
    user = user_factory(username="linkuser", email="link@example.org")
    client.post(reverse("account_reset_password"), {"email": "link@example.org"})
    url = re.search(r"https?://\S+", mail.outbox[0].body).group(0)
    response = client.get(url, follow=True)
    assert "Choose a new password" in response.content.decode()
    form_url = response.redirect_chain[-1][0] if response.redirect_chain else url
    response = client.post(
        form_url, {"password1": "a-brand-new-phrase-5", "password2": "a-brand-new-phrase-5"}
    )
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.check_password("a-brand-new-phrase-5")


@pytest.mark.django_db
def test_plain_sign_in_still_says_welcome_back(client, user_factory):
    user_factory(username="returner", password="a-long-passphrase-9")
    response = client.post(
        reverse("account_login"),
        {"login": "returner", "password": "a-long-passphrase-9"},
        follow=True,
    )
    assert "Welcome back" in response.content.decode()


@pytest.mark.django_db
def test_settings_link_to_recovery_codes(client, user_factory):
    user = user_factory()
    recovery_codes_issue(user=user)
    client.force_login(user)
    assert reverse("accounts:recovery-codes") in _page(client, "accounts:settings")

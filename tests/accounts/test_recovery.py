"""Recovery codes: shown once at sign-up, stored only as digests, spent once, rate limited."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.urls import reverse

from accounts.models import RecoveryCode
from accounts.recovery import CODE_COUNT, recovery_codes_issue

CODE = re.compile(r"\b[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}\b")
NEW_PASSWORD = "another-long-passphrase-4"


def _signup(client, username="harborlight", **extra):
    return client.post(
        reverse("account_signup"),
        {
            "username": username,
            "password1": "a-long-passphrase-9",
            "password2": "a-long-passphrase-9",
            **extra,
        },
        follow=True,
    )


def _recover(client, username, code, password=NEW_PASSWORD):
    return client.post(
        reverse("account_recover"),
        {"username": username, "code": code, "new_password1": password, "new_password2": password},
    )


@pytest.mark.django_db
def test_signup_shows_ten_codes_once_and_stores_only_digests(client):
    response = _signup(client)
    html = response.content.decode()
    codes = CODE.findall(html)
    assert len(set(codes)) == CODE_COUNT
    assert "Welcome back" not in html
    assert "Your account is ready" in html
    stored = list(RecoveryCode.objects.values_list("digest", flat=True))
    assert len(stored) == CODE_COUNT
    for code in codes:
        assert code not in " ".join(stored)
        assert code.replace("-", "") not in " ".join(stored)
    again = client.get(reverse("accounts:recovery-codes")).content.decode()
    assert not CODE.findall(again)
    assert "10 unused recovery codes" in again


@pytest.mark.django_db
def test_signup_keeps_where_the_reader_was_going(client):
    response = client.post(
        reverse("account_signup") + "?next=/share/",
        {
            "username": "goingsomewhere",
            "password1": "a-long-passphrase-9",
            "password2": "a-long-passphrase-9",
        },
    )
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:recovery-codes"))
    page = client.get(response["Location"]).content.decode()
    assert 'href="/share/"' in page


@pytest.mark.django_db
def test_codes_page_ignores_an_outside_next_address(client, user_factory):
    client.force_login(user_factory())
    html = client.get(reverse("accounts:recovery-codes") + "?next=https://evil.example/").content
    assert b"evil.example" not in html


@pytest.mark.django_db
def test_download_gives_the_codes_as_a_private_file(client, user_factory):
    user = user_factory()
    client.force_login(user)
    codes = recovery_codes_issue(user=user)
    response = client.post(reverse("accounts:recovery-codes-download"), {"code": codes})
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    assert "no-store" in response["Cache-Control"]
    text = response.content.decode()
    assert all(code in text for code in codes)
    assert user.username not in text


@pytest.mark.django_db
def test_download_refuses_codes_that_are_not_the_accounts_own(client, user_factory):
    owner, other = user_factory(), user_factory()
    codes = recovery_codes_issue(user=owner)
    client.force_login(other)
    response = client.post(
        reverse("accounts:recovery-codes-download"), {"code": codes + ["<script>"]}
    )
    assert response.status_code == 400
    assert codes[0].encode() not in response.content


@pytest.mark.django_db
def test_a_code_sets_a_new_password_and_signs_in(client, user_factory):
    user = user_factory(username="forgetful")
    codes = recovery_codes_issue(user=user)
    response = _recover(client, "Forgetful", codes[3].lower().replace("-", " "))
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.check_password(NEW_PASSWORD)
    page = client.get(response["Location"]).content.decode()
    assert "9 unused" in page


@pytest.mark.django_db
def test_a_used_code_does_not_work_twice(client, user_factory):
    user = user_factory(username="twice")
    code = recovery_codes_issue(user=user)[0]
    assert _recover(client, "twice", code).status_code == 302
    client.logout()
    response = _recover(client, "twice", code, password="a-third-passphrase-77")
    assert response.status_code == 400
    user.refresh_from_db()
    assert user.check_password(NEW_PASSWORD)


@pytest.mark.django_db
def test_a_code_of_another_account_does_not_work(client, user_factory):
    victim, attacker = user_factory(username="victim"), user_factory(username="attacker")
    recovery_codes_issue(user=victim)
    attackers_code = recovery_codes_issue(user=attacker)[0]
    response = _recover(client, "victim", attackers_code)
    assert response.status_code == 400
    victim.refresh_from_db()
    assert victim.check_password("a-long-passphrase-9")
    assert RecoveryCode.objects.filter(used_at__isnull=False).count() == 0


@pytest.mark.django_db
def test_unknown_username_and_wrong_code_get_the_same_answer(client, user_factory):
    user = user_factory(username="realperson")
    recovery_codes_issue(user=user)
    wrong_code = _recover(client, "realperson", "AAAA-BBBB-CCCC-DDDD").content.decode()
    unknown = _recover(client, "nosuchperson", "AAAA-BBBB-CCCC-DDDD").content.decode()
    token = re.compile(r'name="csrfmiddlewaretoken" value="[^"]+"')
    assert token.sub("", wrong_code).replace("realperson", "X") == token.sub("", unknown).replace(
        "nosuchperson", "X"
    )


@pytest.mark.django_db
def test_password_advice_does_not_tell_whether_the_username_exists(client, user_factory):
    user_factory(username="similarname")
    known = _recover(client, "similarname", "AAAA-BBBB-CCCC-DDDD", password="similarname")
    unknown = _recover(client, "similarnames", "AAAA-BBBB-CCCC-DDDD", password="similarnames")
    assert known.status_code == unknown.status_code == 400
    assert ("similar to the username" in known.content.decode()) == (
        "similar to the username" in unknown.content.decode()
    )


@pytest.mark.django_db
def test_a_weak_new_password_does_not_spend_the_code(client, user_factory):
    user = user_factory(username="weakpw")
    code = recovery_codes_issue(user=user)[0]
    assert _recover(client, "weakpw", code, password="123").status_code == 400
    assert _recover(client, "weakpw", code).status_code == 302


@pytest.mark.django_db
def test_guessing_codes_is_rate_limited_per_account(client, user_factory, settings):
    settings.UNSPOKEN_RATELIMITS = True
    settings.UNSPOKEN_RATELIMIT_RATES = {
        **settings.UNSPOKEN_RATELIMIT_RATES,
        "recover": "",
        "recover_account": "3/d",
    }
    user = user_factory(username="target")
    code = recovery_codes_issue(user=user)[0]
    for _ in range(3):
        assert _recover(client, "target", "AAAA-BBBB-CCCC-DDDD").status_code == 400
    # Once over, even the right code waits: a guesser learns nothing from the answer.
    assert _recover(client, "TARGET", code).status_code == 429
    user.refresh_from_db()
    assert user.check_password("a-long-passphrase-9")


@pytest.mark.django_db
def test_guessing_codes_is_rate_limited_per_client(client, user_factory, settings):
    settings.UNSPOKEN_RATELIMITS = True
    settings.UNSPOKEN_RATELIMIT_RATES = {**settings.UNSPOKEN_RATELIMIT_RATES, "recover": "2/h"}
    for name in ("one", "two"):
        assert _recover(client, name, "AAAA-BBBB-CCCC-DDDD").status_code == 400
    assert _recover(client, "three", "AAAA-BBBB-CCCC-DDDD").status_code == 429


@pytest.mark.django_db
def test_renewing_codes_asks_for_the_password_again(client, user_factory):
    user = user_factory(username="renewer")
    old = recovery_codes_issue(user=user)
    client.force_login(user)
    response = client.post(reverse("accounts:recovery-codes-renew"), {"confirm": "on"})
    assert response.status_code == 302
    assert reverse("account_reauthenticate") in response["Location"]
    client.post(reverse("account_reauthenticate"), {"password": "a-long-passphrase-9"})
    response = client.post(reverse("accounts:recovery-codes-renew"), {"confirm": "on"})
    assert response.status_code == 200
    new = set(CODE.findall(response.content.decode()))
    assert len(new) == CODE_COUNT and not new & set(old)
    client.logout()
    assert _recover(client, "renewer", old[0]).status_code == 400
    assert _recover(client, "renewer", new.pop()).status_code == 302


@pytest.mark.django_db
def test_recovery_ends_other_sessions(client, user_factory, django_user_model):
    from django.test import Client

    user = user_factory(username="stolenlaptop")
    code = recovery_codes_issue(user=user)[0]
    other = Client()
    other.force_login(user)
    assert _recover(client, "stolenlaptop", code).status_code == 302
    assert other.get(reverse("forum:me")).status_code == 302


@pytest.mark.django_db
def test_no_code_reaches_an_email_or_the_log(client, caplog):
    with caplog.at_level("DEBUG"):
        response = _signup(client, username="quietlogs", email="quiet@example.org")
    codes = CODE.findall(response.content.decode())
    assert codes
    everything = caplog.text + "".join(m.body for m in mail.outbox)
    assert not any(code in everything for code in codes)
    assert get_user_model().objects.filter(username="quietlogs").exists()

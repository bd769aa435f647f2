"""Login throttling (django-axes with naervaer/security/lockout.py): five wrong passwords
for one username from one address lock that combination for an hour."""

from __future__ import annotations

import datetime as dt

import pytest
from axes.models import AccessAttempt
from django.utils import timezone

from tests.factories import DEFAULT_PASSWORD

pytestmark = pytest.mark.django_db
LOCKED = 429


def attempt(client, username: str, password: str, address: str = "10.0.0.1"):  # type: ignore[no-untyped-def]
    return client.post("/login/", {"username": username, "password": password}, REMOTE_ADDR=address)


def test_five_wrong_passwords_lock_the_user_even_with_the_right_one(client, org):
    for _ in range(4):
        response = attempt(client, "leder", "forkert-kodeord")
        assert response.status_code == 200  # the login form again, with its error
    response = attempt(client, "leder", "forkert-kodeord")
    assert response.status_code == LOCKED
    page = response.content.decode()
    assert "Log-ind er midlertidigt spærret" in page
    assert "forkert adgangskode 5 gange" in page
    assert "<strong>leder</strong>" in page
    last_failure = AccessAttempt.objects.get(username="leder", ip_address="10.0.0.1").attempt_time
    unlock = timezone.localtime(last_failure + dt.timedelta(hours=1))
    assert f"Du kan prøve igen kl. {unlock:%H:%M}" in page

    response = attempt(client, "leder", DEFAULT_PASSWORD)
    assert response.status_code == LOCKED
    assert "_auth_user_id" not in client.session


def test_the_lock_is_per_username_and_address(client, org):
    for _ in range(5):
        attempt(client, "leder", "forkert-kodeord")
    assert attempt(client, "leder", DEFAULT_PASSWORD).status_code == LOCKED
    # Another user from the same address logs in.
    response = attempt(client, "hr", DEFAULT_PASSWORD)
    assert response.status_code == 302
    client.post("/logout/")
    # The same user from another address too.
    response = attempt(client, "leder", DEFAULT_PASSWORD, address="10.0.0.2")
    assert response.status_code == 302


def test_a_successful_login_resets_the_count(client, org):
    for _ in range(4):
        attempt(client, "leder", "forkert-kodeord")
    assert attempt(client, "leder", DEFAULT_PASSWORD).status_code == 302
    assert not AccessAttempt.objects.filter(username="leder").exists()
    client.post("/logout/")
    for _ in range(4):
        assert attempt(client, "leder", "forkert-kodeord").status_code == 200
    assert attempt(client, "leder", DEFAULT_PASSWORD).status_code == 302


def test_the_lock_ends_after_the_cool_off(client, org):
    for _ in range(5):
        attempt(client, "leder", "forkert-kodeord")
    AccessAttempt.objects.filter(username="leder").update(
        attempt_time=timezone.now() - dt.timedelta(minutes=61))
    assert attempt(client, "leder", DEFAULT_PASSWORD).status_code == 302


def test_behind_a_proxy_the_client_is_read_from_x_forwarded_for(client, org, settings):
    settings.NAERVAER_PROXY_COUNT = 1
    for _ in range(5):
        client.post("/login/", {"username": "leder", "password": "forkert-kodeord"},
                    REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="192.0.2.7")
    assert AccessAttempt.objects.get(username="leder").ip_address == "192.0.2.7"
    locked = client.post("/login/", {"username": "leder", "password": DEFAULT_PASSWORD},
                         REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="192.0.2.7")
    assert locked.status_code == LOCKED
    # A colleague behind the same proxy is not locked out; a forged left-hand entry is ignored.
    other = client.post("/login/", {"username": "leder", "password": DEFAULT_PASSWORD},
                        REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="192.0.2.7, 192.0.2.8")
    assert other.status_code == 302


def test_without_proxies_the_forwarded_header_is_ignored(client, org):
    for _ in range(5):
        client.post("/login/", {"username": "leder", "password": "forkert-kodeord"},
                    REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="192.0.2.7")
    assert AccessAttempt.objects.get(username="leder").ip_address == "10.0.0.1"

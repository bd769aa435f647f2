"""The notice preferences page /indstillinger/advis/."""

from __future__ import annotations

import pytest

from naervaer.notices.models import NoticeMode, NoticePreference

pytestmark = pytest.mark.django_db
URL = "/indstillinger/advis/"


def login(client, user):  # type: ignore[no-untyped-def]
    # force_login: client.login() has no request, which django-axes' backend requires.
    client.force_login(user)


def test_a_leader_sees_the_address_and_chooses_a_weekly_digest(client, org):
    login(client, org.leader)
    page = client.get(URL)
    assert page.status_code == 200
    text = page.content.decode()
    assert "leder@example.dk" in text
    assert 'value="each"' in text and 'value="weekly"' in text
    response = client.post(URL, {"mode": "weekly", "weekday": "3"})
    assert response.status_code == 302 and response["Location"] == URL
    preference = NoticePreference.objects.get(user=org.leader)
    assert (preference.mode, preference.weekday) == (NoticeMode.WEEKLY, 3)
    page = client.get(URL)
    assert "Dine indstillinger for advis er gemt." in page.content.decode()
    client.post(URL, {"mode": "each", "weekday": "3"})
    assert NoticePreference.objects.get(user=org.leader).mode == NoticeMode.EACH
    assert NoticePreference.objects.count() == 1


def test_the_page_says_when_no_address_is_set(client, org):
    org.leader_engly.email = ""
    org.leader_engly.save()
    login(client, org.leader_engly)
    text = client.get(URL).content.decode()
    assert "Der er ikke angivet en e-mailadresse" in text


def test_hr_may_use_it_other_roles_may_not(client, org):
    login(client, org.hr)
    assert client.get(URL).status_code == 200
    for user in (org.trio, org.direktion, org.employee):
        client.logout()
        login(client, user)
        assert client.get(URL).status_code == 403
    client.logout()
    assert client.get(URL).status_code == 302  # to the login page


def test_a_bad_choice_is_refused(client, org):
    login(client, org.leader)
    response = client.post(URL, {"mode": "hourly", "weekday": "9"})
    assert response.status_code == 200
    assert not NoticePreference.objects.exists()

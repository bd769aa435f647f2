"""TR/AMR, a companion or the jobcenter's consultant invited to one case: they read
that case and nothing else."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.urls import reverse

from naervaer.cases.models import CaseGuest
from naervaer.cases.services import case_guest_invite, case_guest_revoke, case_open_concern
from tests.factories import make_org

pytestmark = pytest.mark.django_db


@pytest.fixture
def setup():  # type: ignore[no-untyped-def]
    org = make_org()
    case = case_open_concern(employee=org.bo, unit=org.sol, date=dt.date(2025, 6, 2), user=org.leader)
    other = case_open_concern(employee=org.erik, unit=org.engly, date=dt.date(2025, 6, 2), user=org.hr)
    tr = get_user_model().objects.create_user(username="tr", password="x")
    return org, case, other, tr


def test_invited_user_reads_that_case_only(setup, client):
    org, case, other, tr = setup
    client.force_login(org.leader)
    response = client.post(reverse("cases:detail", args=[case.pk]),
                           {"handling": "gaest", "brugernavn": "tr", "rolle": "tr_amr"})
    assert response.status_code == 302 and CaseGuest.objects.filter(user=tr).count() == 1
    client.force_login(tr)
    assert client.get("/", follow=False)["Location"] == reverse("cases:detail", args=[case.pk])
    page = client.get(reverse("cases:detail", args=[case.pk]))
    assert page.status_code == 200 and "Du er inviteret til at læse dette forløb." in page.content.decode()
    assert client.get(reverse("cases:detail", args=[other.pk])).status_code == 403
    assert client.get(reverse("cases:list")).status_code == 403
    assert client.get(reverse("employee-detail", args=["P-BO"])).status_code == 403
    assert client.get(reverse("unit-detail", args=["SOL"])).status_code == 403
    # reading only: no writing, no confirming minutes
    assert client.post(reverse("cases:detail", args=[case.pk]),
                       {"handling": "luk", "udfald": "full_return"}).status_code == 403


def test_revoked_invitation_ends_access(setup, client):
    org, case, _other, tr = setup
    invitation = case_guest_invite(case=case, username="tr", capacity="jobcenter", user=org.leader)
    case_guest_revoke(invitation=invitation, user=org.leader)
    client.force_login(tr)
    assert client.get(reverse("cases:detail", args=[case.pk])).status_code == 403


@pytest.mark.parametrize(("username", "capacity", "message"), [
    ("ghost", "tr_amr", "ingen aktiv bruger"),
    ("tr", "boss", "Vælg hvem"),
])
def test_bad_invitations_are_refused(setup, username, capacity, message):
    org, case, _other, _tr = setup
    with pytest.raises(ValidationError, match=message):
        case_guest_invite(case=case, username=username, capacity=capacity, user=org.leader)


def test_only_editors_invite(setup, client):
    org, case, _other, _tr = setup
    client.force_login(org.trio)
    response = client.post(reverse("cases:detail", args=[case.pk]),
                           {"handling": "gaest", "brugernavn": "tr", "rolle": "tr_amr"})
    assert response.status_code == 403 and not CaseGuest.objects.exists()

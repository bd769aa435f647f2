"""naervaer/security/views.py: enrolling a second factor (HR, direktion) and the code step
after the password, with real TOTP codes computed from the device's key."""

from __future__ import annotations

import pytest
from django_otp.plugins.otp_totp.models import TOTPDevice

from naervaer.accounts.models import AuditEvent
from tests.factories import DEFAULT_PASSWORD, make_superuser
from tests.security.conftest import current_code, enrolled_device

pytestmark = pytest.mark.django_db
ENROL = "/to-faktor/"
VERIFY = "/login/kode/"


def password_login(client, username: str, next_url: str = "/enheder/"):  # type: ignore[no-untyped-def]
    response = client.post(f"/login/?next={next_url}", {"username": username, "password": DEFAULT_PASSWORD})
    assert response.status_code == 302, response.content.decode()[:500]
    return client.get(response["Location"])


# --------------------------------------------------------------------------- enrolment

@pytest.mark.parametrize("role", ["hr", "direktion"])
def test_hr_and_direktion_see_the_link_and_may_enrol(client, org, role):
    client.force_login(getattr(org, role))
    page = client.get("/enheder/").content.decode()
    assert f'href="{ENROL}"' in page and "To-faktor-login" in page
    assert client.get(ENROL).status_code == 200


@pytest.mark.parametrize("role", ["leader", "trio", "employee"])
def test_other_roles_have_no_link_and_no_page(client, org, role):
    client.force_login(getattr(org, role))
    assert f'href="{ENROL}"' not in client.get("/enheder/").content.decode()
    assert client.get(ENROL).status_code == 403
    assert client.get("/to-faktor/qr.svg").status_code == 403


def test_enrol_page_shows_the_secret_and_a_qr_image(client, org):
    client.force_login(org.hr)
    page = client.get(ENROL)
    device = TOTPDevice.objects.get(user=org.hr)
    assert not device.confirmed
    text = page.content.decode()
    from base64 import b32encode
    secret = b32encode(device.bin_key).decode()
    assert secret[:4] + " " + secret[4:8] in text
    assert 'src="/to-faktor/qr.svg"' in text
    assert "no-store" in page["Cache-Control"]
    qr = client.get("/to-faktor/qr.svg")
    assert qr.status_code == 200 and qr["Content-Type"] == "image/svg+xml"
    assert qr.content.startswith(b"<svg") and b"<script" not in qr.content
    # Reloading keeps the same secret (the app may already have scanned it).
    client.get(ENROL)
    assert TOTPDevice.objects.filter(user=org.hr).count() == 1


def test_a_wrong_code_does_not_enrol(client, org):
    client.force_login(org.hr)
    client.get(ENROL)
    device = TOTPDevice.objects.get(user=org.hr)
    wrong = current_code(device, steps_ahead=5)
    response = client.post(ENROL, {"code": wrong})
    assert response.status_code == 200
    assert "Koden passer ikke" in response.content.decode()
    device.refresh_from_db()
    assert not device.confirmed
    response = client.post(ENROL, {"code": "12a"})
    assert "Koden skal være 6 cifre" in response.content.decode()


def test_the_right_code_enrols_and_the_next_login_asks_for_a_code(client, org):
    client.force_login(org.hr)
    client.get(ENROL)
    device = TOTPDevice.objects.get(user=org.hr)
    response = client.post(ENROL, {"code": current_code(device)}, follow=True)
    assert "To-faktor-login er slået til" in response.content.decode()
    device.refresh_from_db()
    assert device.confirmed
    assert AuditEvent.objects.filter(action="two_factor_enrolled", object_id=str(org.hr.pk)).exists()
    # This session gave the code already.
    assert client.get("/enheder/").status_code == 200

    client.post("/logout/")
    response = client.post("/login/?next=/enheder/", {"username": "hr", "password": DEFAULT_PASSWORD})
    assert response.status_code == 302
    response = client.get(response["Location"])
    assert response.status_code == 302 and response["Location"] == f"{VERIFY}?next=%2Fenheder%2F"


# --------------------------------------------------------------------------- second step

def test_login_with_password_then_code(client, org):
    device = enrolled_device(org.hr)
    response = password_login(client, "hr")
    assert response.status_code == 302 and response["Location"].startswith(VERIFY)
    page = client.get(response["Location"])
    assert "Kode fra appen" in page.content.decode()
    response = client.post(VERIFY, {"code": current_code(device), "next": "/enheder/"})
    assert response.status_code == 302 and response["Location"] == "/enheder/"
    assert client.get("/enheder/").status_code == 200
    assert client.get("/revisionslog/").status_code == 200


def test_a_wrong_code_is_refused_and_then_throttled(client, org, settings):
    device = enrolled_device(org.hr)
    password_login(client, "hr")
    response = client.post(VERIFY, {"code": current_code(device, steps_ahead=5)})
    assert response.status_code == 200
    assert "Koden passer ikke" in response.content.decode()
    assert client.get("/enheder/").status_code == 302
    # django-otp waits after a failure (1 s, doubling); meanwhile even the right code waits.
    response = client.post(VERIFY, {"code": current_code(device)})
    assert "For mange forkerte koder" in response.content.decode()
    assert client.get("/enheder/").status_code == 302
    # Without the wait (as after it has passed) the right code is accepted.
    settings.OTP_TOTP_THROTTLE_FACTOR = 0
    response = client.post(VERIFY, {"code": current_code(device), "next": "/enheder/"})
    assert response.status_code == 302 and response["Location"] == "/enheder/"


def test_a_code_cannot_be_used_twice(client, org):
    device = enrolled_device(org.hr)
    code = current_code(device)
    password_login(client, "hr")
    assert client.post(VERIFY, {"code": code}).status_code == 302
    client.post("/logout/")
    password_login(client, "hr")
    response = client.post(VERIFY, {"code": code})
    assert response.status_code == 200
    assert "Koden passer ikke" in response.content.decode()
    assert client.get("/enheder/").status_code == 302


@pytest.mark.parametrize("target", ["https://evil.example/", "//evil.example/", "1e309", "home"])
def test_next_must_be_a_path_on_the_site(client, org, target):
    device = enrolled_device(org.hr)
    password_login(client, "hr")
    response = client.post(VERIFY, {"code": current_code(device), "next": target})
    assert response.status_code == 302 and response["Location"] == "/"


def test_hr_resets_a_lost_device_in_the_admin(client, org):
    device = enrolled_device(org.direktion)
    admin = make_superuser()
    client.force_login(admin)
    url = f"/admin/otp_totp/totpdevice/{device.pk}/delete/"
    assert client.get(url).status_code == 200
    assert client.post(url, {"post": "yes"}).status_code == 302
    assert not TOTPDevice.objects.filter(user=org.direktion).exists()
    event = AuditEvent.objects.get(action="two_factor_reset")
    assert (event.username, event.object_type, event.object_id) == ("admin", "user", str(org.direktion.pk))
    client.post("/logout/")
    response = password_login(client, "direktion")
    assert response.status_code == 200  # straight to the page, no code asked


def test_resets_from_the_admin_list_are_audited_too(client, org):
    devices = [enrolled_device(org.hr), enrolled_device(org.direktion)]
    client.force_login(make_superuser())
    response = client.post("/admin/otp_totp/totpdevice/", {
        "action": "delete_selected", "_selected_action": [d.pk for d in devices], "post": "yes"})
    assert response.status_code == 302
    assert not TOTPDevice.objects.exists()
    reset = AuditEvent.objects.filter(action="two_factor_reset").values_list("object_id", flat=True)
    assert sorted(reset) == sorted([str(org.hr.pk), str(org.direktion.pk)])

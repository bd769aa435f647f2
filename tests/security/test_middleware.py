"""naervaer/security/middleware.py and the header settings: every page carries the
security headers and the Content-Security-Policy; a user with a confirmed second factor
reaches nothing but the code page and logout until the code is given."""

from __future__ import annotations

import pytest
from django.conf import settings

from tests.factories import DEFAULT_PASSWORD
from tests.security.conftest import enrolled_device

pytestmark = pytest.mark.django_db


def csp_directives(response) -> dict[str, list[str]]:  # type: ignore[no-untyped-def]
    header = response.headers["Content-Security-Policy"]
    parts = [part.strip().split() for part in header.split(";") if part.strip()]
    return {part[0]: part[1:] for part in parts}


def assert_security_headers(response) -> None:  # type: ignore[no-untyped-def]
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "same-origin"
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["Cross-Origin-Opener-Policy"] == "same-origin"
    policy = response.headers["Permissions-Policy"]
    for feature in ("camera=()", "microphone=()", "geolocation=()"):
        assert feature in policy
    directives = csp_directives(response)
    assert directives["default-src"] == ["'self'"]
    assert directives["script-src"] == ["'self'"]
    assert directives["style-src"] == ["'self'"]
    assert directives["object-src"] == ["'none'"]
    assert directives["base-uri"] == ["'self'"]
    assert directives["frame-ancestors"] == ["'none'"]
    assert directives["form-action"] == ["'self'"]
    assert not any("unsafe" in source for sources in directives.values() for source in sources)


def test_login_page_has_the_security_headers(client):
    response = client.get("/login/")
    assert response.status_code == 200
    assert_security_headers(response)


def test_a_unit_page_has_the_security_headers(client, org):
    client.force_login(org.hr)
    response = client.get("/enheder/")
    assert response.status_code == 200
    assert_security_headers(response)


def test_session_cookie_is_httponly_and_samesite_lax(client, org):
    response = client.post("/login/", {"username": "hr", "password": DEFAULT_PASSWORD})
    assert response.status_code == 302
    cookie = response.cookies[settings.SESSION_COOKIE_NAME]
    assert cookie["httponly"] is True
    assert cookie["samesite"] == "Lax"
    assert int(cookie["max-age"]) == settings.SESSION_COOKIE_AGE
    csrf = client.get("/login/").cookies.get(settings.CSRF_COOKIE_NAME) or client.cookies[settings.CSRF_COOKIE_NAME]
    assert csrf["samesite"] == "Lax"


def test_enrolled_user_without_code_reaches_only_the_code_page(client, org):
    enrolled_device(org.hr)
    client.force_login(org.hr)
    for path in ("/", "/enheder/", "/revisionslog/", "/admin/", "/to-faktor/"):
        response = client.get(path)
        assert response.status_code == 302, path
        assert response["Location"].startswith("/login/kode/?next="), path
    assert client.get("/login/kode/").status_code == 200
    assert client.get("/static/naervaer/css/naervaer.css").status_code == 200
    response = client.post("/logout/")
    assert response.status_code == 302 and response["Location"] == "/login/"
    assert "_auth_user_id" not in client.session


def test_user_without_a_device_is_not_asked_for_a_code(client, org):
    client.force_login(org.hr)
    assert client.get("/enheder/").status_code == 200
    assert client.get("/login/kode/").status_code == 302

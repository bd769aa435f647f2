"""The login page in a real browser: renders, is accessible, rejects and accepts."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm
from django.contrib.auth.models import User
from django.shortcuts import resolve_url
from django.utils import translation

pytestmark = pytest.mark.browser

USERNAME = "hr"
PASSWORD = "rigtigt-kodeord-42"


@pytest.fixture
def hr_user() -> User:
    # Superusers count as HR.
    return User.objects.create_superuser(USERNAME, "hr@example.org", PASSWORD)


def _login_path() -> str:
    return resolve_url(settings.LOGIN_URL)


def _invalid_login_message() -> str:
    """Django's own "wrong username or password" text, in Danish."""
    with translation.override("da"):
        form = AuthenticationForm()
        message = str(form.error_messages["invalid_login"])
        return message % {"username": str(form.username_field.verbose_name)}


def _has_session(page) -> bool:
    return any(c["name"] == settings.SESSION_COOKIE_NAME for c in page.context.cookies())


def test_login_page_renders(browser_page):
    response = browser_page.goto(_login_path())
    assert response is not None and response.status == 200
    assert browser_page.title().strip()
    assert browser_page.locator('input[name="username"]').is_visible()
    assert browser_page.locator('input[name="password"]').is_visible()
    assert browser_page.locator('input[name="password"]').get_attribute("type") == "password"
    assert browser_page.locator("html").get_attribute("lang")


def test_login_page_is_accessible(browser_page, assert_accessible):
    browser_page.goto(_login_path())
    assert_accessible(browser_page)


def test_wrong_password_shows_error(browser_page, login, hr_user):
    login(browser_page, USERNAME, "forkert-kodeord")
    assert browser_page.url.split("?")[0].endswith(_login_path())
    error = browser_page.get_by_text(_invalid_login_message(), exact=False).or_(
        browser_page.get_by_role("alert")
    )
    assert error.first.is_visible()
    assert not _has_session(browser_page)


def test_right_password_lands_on_a_page(browser_page, login, hr_user):
    login(browser_page, USERNAME, PASSWORD)
    assert not browser_page.url.split("?")[0].endswith(_login_path())
    assert _has_session(browser_page)
    assert browser_page.title().strip()
    # Logged in: the login page now sends us on instead of asking again.
    response = browser_page.goto(_login_path())
    assert response is not None and response.ok
    assert not browser_page.url.split("?")[0].endswith(_login_path())

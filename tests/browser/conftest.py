"""Browser tests: Playwright driving Debian's Chromium against pytest-django's live server.

Fixtures
--------
``chromium_browser`` (session)
    One headless Chromium (``/usr/bin/chromium``, override with ``NAERVAER_CHROMIUM``)
    per test session (per xdist worker). Playwright's own browser download is not
    used: it needs network access CI does not have.
``browser_page``
    A fresh browser context (own cookies, Danish locale, Copenhagen time) and page
    per test, with ``base_url`` set to the live server, so ``page.goto("/login/")``
    works. Requesting it starts ``live_server``, which makes the test transactional
    (the server thread must see rows the test creates).
``login``
    ``login(page, username, password, url=None)`` fills in and submits the login
    form (fields ``username``/``password``) at ``settings.LOGIN_URL`` or ``url``
    and waits for the resulting page to load.
``assert_accessible``
    ``assert_accessible(page)`` runs axe-core (the copy bundled with
    ``axe_playwright_python``, no network) on the current page. See
    :func:`axe_failures` for what fails a test.

Mark browser test modules with ``pytestmark = pytest.mark.browser``; ``make test``
runs them in a separate pytest pass (``-m browser``) without xdist.
"""

from __future__ import annotations

import os
import warnings
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

# Playwright's sync API keeps an asyncio event loop running in the test thread;
# Django would then refuse ORM calls from tests ("SynchronousOnlyOperation").
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

from axe_playwright_python.sync_playwright import Axe  # noqa: E402
from playwright.sync_api import Browser, Page, sync_playwright  # noqa: E402

CHROMIUM = os.environ.get("NAERVAER_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    # Needed as root (CI runs as root), and on a machine without GPU or outside network.
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
DEFAULT_TIMEOUT_MS = 15_000

# axe-core rule tags that encode WCAG 2.x level A and AA success criteria
# (the level Danish public-sector websites must meet under the web-accessibility law).
WCAG_A_AA_TAGS = frozenset({"wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"})
FAILING_IMPACTS = frozenset({"serious", "critical"})


@pytest.fixture(scope="session")
def chromium_browser() -> Iterator[Browser]:
    if not Path(CHROMIUM).exists():
        pytest.fail(
            f"{CHROMIUM} not found: install Debian's chromium "
            "(scripts/ensure-system-packages.sh) or set NAERVAER_CHROMIUM"
        )
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


@pytest.fixture
def browser_page(chromium_browser: Browser, live_server: Any) -> Iterator[Page]:
    context = chromium_browser.new_context(
        base_url=live_server.url,
        locale="da-DK",
        timezone_id="Europe/Copenhagen",
    )
    context.set_default_timeout(DEFAULT_TIMEOUT_MS)
    context.set_default_navigation_timeout(DEFAULT_TIMEOUT_MS)
    page = context.new_page()
    try:
        yield page
    finally:
        context.close()


def _login(page: Page, username: str, password: str, url: str | None = None) -> None:
    from django.conf import settings
    from django.shortcuts import resolve_url

    page.goto(url or resolve_url(settings.LOGIN_URL))
    form = page.locator("form", has=page.locator('input[name="password"]'))
    form.locator('input[name="username"]').fill(username)
    form.locator('input[name="password"]').fill(password)
    with page.expect_navigation():
        form.locator('[type="submit"]').first.click()
    page.wait_for_load_state()


@pytest.fixture
def login() -> Callable[..., None]:
    return _login


def axe_failures(violations: list[dict]) -> tuple[list[dict], list[dict]]:
    """Split axe violations into (failing, warning-only).

    A violation fails the test when its rule encodes a WCAG 2.x level A/AA
    success criterion (any impact), or when axe rates its impact ``serious`` or
    ``critical`` (best-practice rules included). The rest (moderate/minor
    best-practice findings such as "region" or "page-has-heading-one") are
    reported as pytest warnings.
    """
    failing, warning = [], []
    for violation in violations:
        tags = set(violation.get("tags", []))
        if tags & WCAG_A_AA_TAGS or violation.get("impact") in FAILING_IMPACTS:
            failing.append(violation)
        else:
            warning.append(violation)
    return failing, warning


def _describe(violations: list[dict]) -> str:
    lines = []
    for v in violations:
        lines.append(f"- {v['id']} ({v.get('impact')}): {v.get('help')} <{v.get('helpUrl')}>")
        for node in v.get("nodes", [])[:5]:
            target = ", ".join(str(t) for t in node.get("target", []))
            summary = (node.get("failureSummary") or "").replace("\n", " ")
            lines.append(f"    at {target}: {summary}")
        if len(v.get("nodes", [])) > 5:
            lines.append(f"    ... and {len(v['nodes']) - 5} more elements")
    return "\n".join(lines)


def _assert_accessible(page: Page, context: Any = None) -> None:
    __tracebackhide__ = True
    results = Axe().run(page, context=context, options={"resultTypes": ["violations"]})
    failing, warning = axe_failures(results.response["violations"])
    if warning:
        warnings.warn(
            f"axe (not failing) on {page.url}:\n{_describe(warning)}",
            stacklevel=2,
        )
    if failing:
        raise AssertionError(f"axe accessibility violations on {page.url}:\n{_describe(failing)}")


@pytest.fixture
def assert_accessible() -> Callable[..., None]:
    return _assert_accessible


# --------------------------------------------------------------------------- screenshots

SCREENSHOTS_ENV = "NAERVAER_SCREENSHOTS"


def screenshots_folder() -> Path:
    """Where browser tests save screenshots: ``$NAERVAER_SCREENSHOTS`` or ``var/screenshots/``
    of the project (relative paths are taken from the current directory). ``make test``
    prints the folder at the end."""
    configured = os.environ.get(SCREENSHOTS_ENV)
    if configured:
        return Path(configured).resolve()
    return (Path(__file__).resolve().parents[2] / "var" / "screenshots").resolve()


@pytest.fixture(scope="session")
def screenshot_dir() -> Path:
    folder = screenshots_folder()
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@pytest.fixture
def screenshot(screenshot_dir: Path) -> Callable[..., Path]:
    """``screenshot(page, "unit-hr-1280")``: a full-page PNG into :func:`screenshots_folder`."""

    def take(page: Page, name: str) -> Path:
        path = screenshot_dir / f"{name}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    return take

"""The Content-Security-Policy holds in a real browser: the main pages, charts included,
load with the policy enforced and without a single violation.

Violations are caught three ways: a ``securitypolicyviolation`` listener installed before
any page script (Playwright init scripts are not subject to the page's policy), console
messages mentioning the policy, and uncaught page errors. Vega refused ``eval`` only shows
as an error inside the chart container, so every chart must also be drawn (an ``svg``).

Data: ``demo_load`` as in ``test_strategy_pages`` (an annual wheel, targets, cases, …).
"""

from __future__ import annotations

import datetime as dt

import pytest
from playwright.sync_api import Page, expect

from naervaer.accounts.models import Profile
from naervaer.demo.services import DEMO_PASSWORD, demo_load
from naervaer.organisation.models import Unit
from naervaer.strategy.models import AnnualWheel

pytestmark = pytest.mark.browser

RECORD_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__cspViolations.push(
    `${event.effectiveDirective} blocked ${event.blockedURI || "inline"} at ${event.sourceFile}:${event.lineNumber} ${event.sample}`);
});
"""
CHARTS_SETTLED = """n => [...document.querySelectorAll('[data-spec]')]
    .filter(e => e.dataset.chartReady || (e.textContent.trim() && !e.querySelector('svg'))).length >= n"""
CONSOLE_MARKERS = ("Content Security Policy", "Content-Security-Policy", "Refused to")


@pytest.fixture
def demo(transactional_db) -> None:  # type: ignore[no-untyped-def]
    demo_load(employees=300, years=2, seed=1, end_date=dt.date.today() - dt.timedelta(days=1))


@pytest.fixture
def watched_page(browser_page: Page):  # type: ignore[no-untyped-def]
    problems: list[str] = []
    browser_page.add_init_script(RECORD_VIOLATIONS)
    browser_page.on("console", lambda message: problems.append(f"console {message.type}: {message.text}")
                    if any(marker in message.text for marker in CONSOLE_MARKERS) else None)
    browser_page.on("pageerror", lambda error: problems.append(f"page error: {error}"))
    browser_page.problems = problems  # type: ignore[attr-defined]
    return browser_page


def open_and_check(page: Page, url: str, *, charts: int = 0) -> None:
    response = page.goto(url)
    assert response is not None and response.status == 200, f"{url}: {response and response.status}"
    assert "script-src 'self'" in (response.headers.get("content-security-policy") or "")
    expect(page.locator("h1")).to_be_visible()
    if charts:
        # Drawn, or failed (insight.js then writes the error into the container).
        page.wait_for_function(CHARTS_SETTLED, arg=charts)
        failed = page.evaluate("""() => [...document.querySelectorAll('[data-spec]')]
            .filter(e => !e.dataset.chartReady || !e.querySelector('svg'))
            .map(e => e.dataset.spec + ': ' + e.textContent.trim().slice(0, 200))""")
        assert not failed, f"{url}: charts not drawn: {failed}"
    page.wait_for_load_state("networkidle")
    violations = page.evaluate("window.__cspViolations")
    problems = page.problems  # type: ignore[attr-defined]
    assert not violations and not problems, f"{url}: {violations + problems}"


def test_main_pages_load_under_the_policy_without_violations(demo, watched_page: Page, login) -> None:
    page = watched_page
    login(page, "hr", DEMO_PASSWORD)
    root = Unit.objects.get(parent__isnull=True).unit_id
    team = Profile.objects.get(user__username="leder").units.order_by("pk").first()
    employee = Profile.objects.get(user__username="medarbejder").employee
    wheel = AnnualWheel.objects.order_by("-year", "pk").first()
    assert team is not None and employee is not None and wheel is not None
    meeting = wheel.meetings.order_by("date", "pk").first()
    assert meeting is not None

    open_and_check(page, f"/enheder/{root}/", charts=2)
    # Hovering a chart shows the tooltip (its style comes from vendor/vega-embed.css).
    page.locator("[data-spec] svg").first.hover()
    open_and_check(page, f"/medarbejdere/{employee.employee_id}/")
    open_and_check(page, "/opfoelgning/")
    open_and_check(page, f"/enheder/{team.unit_id}/dage/")
    open_and_check(page, f"/sammenligning/{root}/", charts=1)
    open_and_check(page, f"/aarshjul/moede/{meeting.pk}/")
    open_and_check(page, "/to-faktor/")
    assert page.evaluate("document.querySelector('img.qr-code').naturalWidth") > 0


def test_a_broken_policy_would_be_caught(demo, watched_page: Page, login) -> None:
    """The net works: with eval forbidden and the interpreter not used, Vega's charts fail."""
    page = watched_page
    login(page, "hr", DEMO_PASSWORD)
    page.route("**/insight.js", lambda route, request: route.fulfill(
        status=200, content_type="application/javascript",
        body=_insight_js().replace("ast: true, ", "")))
    root = Unit.objects.get(parent__isnull=True).unit_id
    with pytest.raises(AssertionError, match="unsafe-eval"):
        open_and_check(page, f"/enheder/{root}/", charts=1)


def _insight_js() -> str:
    from pathlib import Path

    import naervaer.web

    source = Path(naervaer.web.__file__).parent / "static" / "naervaer" / "js" / "insight.js"
    text = source.read_text()
    assert "ast: true, " in text
    return text

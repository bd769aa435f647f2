"""The strategy pages in a real browser, on a small demo municipality.

Targets and escalations, incidents, well-being, initiatives (list and detail with its
chart), benchmarking (funnel chart), action plans and the annual wheel: HR opens each at
1280 px (axe check, screenshot), ``/maal/`` and ``/initiativer/`` also at 390 px without
horizontal scrolling; the leader opens incidents and escalations; TRIO the annual wheel
and its first meeting's agenda.

Data: ``demo_load`` (policies, cases, well-being scores, incidents, an annual wheel,
targets and two initiatives included), built per test as in ``test_insight_pages``
(``live_server`` makes every test transactional). Screenshots are named
``<page>-<role>[-<width>].png``.
"""

from __future__ import annotations

import datetime as dt

import pytest
from playwright.sync_api import Page, expect

from naervaer.accounts.models import Profile
from naervaer.demo.services import DEMO_PASSWORD, demo_load
from naervaer.evaluation.models import Initiative
from naervaer.organisation.models import Unit
from naervaer.strategy.models import AnnualWheel
from tests.browser.test_insight_pages import NARROW, WIDE, assert_no_horizontal_scroll

pytestmark = pytest.mark.browser

DEMO_EMPLOYEES = 300
DEMO_YEARS = 2


@pytest.fixture
def demo(transactional_db) -> None:  # type: ignore[no-untyped-def]
    end = dt.date.today() - dt.timedelta(days=1)
    demo_load(employees=DEMO_EMPLOYEES, years=DEMO_YEARS, seed=1, end_date=end)


def open_page(page: Page, url: str, *, chart: str | None = None) -> None:
    """Open ``url`` (following redirects), expect HTTP 200 and a heading, and wait for the
    chart in ``chart`` (a CSS selector of its container) to be drawn."""
    response = page.goto(url)
    assert response is not None and response.status == 200, (
        f"{url}: HTTP {response.status if response else 'no response'}")
    expect(page.locator("h1")).to_be_visible()
    if chart:
        page.locator(f"{chart} [data-chart-ready]").first.wait_for()
        expect(page.locator(f"{chart} [data-chart-ready] svg").first).to_be_attached()


def test_hr_opens_the_strategy_pages(demo, browser_page: Page, login, assert_accessible,
                                     screenshot) -> None:
    page = browser_page
    page.set_viewport_size(WIDE)
    login(page, "hr", DEMO_PASSWORD)
    initiative = Initiative.objects.order_by("-start_date", "name").first()
    assert initiative is not None, "demo_load made no initiatives"
    pages: list[tuple[str, str, str | None]] = [
        ("targets-hr", "/maal/", None),
        ("escalations-hr", "/maal/eskaleringer/", None),
        ("incidents-hr", "/haendelser/", None),
        ("wellbeing-hr", "/trivsel/", None),
        ("initiatives-hr", "/initiativer/", None),
        ("initiative-hr", f"/initiativer/{initiative.pk}/", "main"),
        ("benchmark-hr", "/sammenligning/", 'section[aria-labelledby="funnel-heading"]'),
        ("plans-hr", "/handleplaner/", None),
        ("wheels-hr", "/aarshjul/", None),
    ]
    for name, url, chart in pages:
        open_page(page, url, chart=chart)
        if url == "/sammenligning/":
            assert page.url.rstrip("/").endswith("/sammenligning/" + _root_unit_id()), page.url
        assert_accessible(page)
        screenshot(page, name)

    page.set_viewport_size(NARROW)
    for name, url in (("targets-hr-390", "/maal/"), ("initiatives-hr-390", "/initiativer/")):
        open_page(page, url)
        assert_accessible(page)
        screenshot(page, name)
        assert_no_horizontal_scroll(page, NARROW["width"])


def _root_unit_id() -> str:
    return Unit.objects.get(parent__isnull=True).unit_id


def test_leader_opens_incidents_and_escalations(demo, browser_page: Page, login,
                                                assert_accessible, screenshot) -> None:
    page = browser_page
    page.set_viewport_size(WIDE)
    login(page, "leder", DEMO_PASSWORD)
    for name, url in (("incidents-leder", "/haendelser/"),
                      ("escalations-leder", "/maal/eskaleringer/")):
        open_page(page, url)
        assert_accessible(page)
        screenshot(page, name)


def test_trio_opens_the_wheel_and_its_first_agenda(demo, browser_page: Page, login,
                                                   assert_accessible, screenshot) -> None:
    page = browser_page
    page.set_viewport_size(WIDE)
    login(page, "trio", DEMO_PASSWORD)
    trio_unit = Profile.objects.get(user__username="trio").units.order_by("pk").first()
    wheel = AnnualWheel.objects.filter(unit=trio_unit).order_by("-year").first()
    assert wheel is not None, "demo_load made no annual wheel for TRIO"
    meeting = wheel.meetings.order_by("date", "pk").first()
    assert meeting is not None, "the demo wheel has no meetings"

    open_page(page, "/aarshjul/")
    assert_accessible(page)
    screenshot(page, "wheels-trio")

    open_page(page, f"/aarshjul/moede/{meeting.pk}/")
    expect(page.locator("main")).to_contain_text(meeting.topic)
    assert_accessible(page)
    screenshot(page, "agenda-trio")

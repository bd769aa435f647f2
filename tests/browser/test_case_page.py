"""The case page in a real browser: the graded-return chart is drawn, the page passes axe
(WCAG A/AA) at 1280 and 390 px, and the employee's read-only view too."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from playwright.sync_api import Page, expect

from naervaer.cases.services import (
    WeekInput,
    cases_open_automatically,
    conversation_record,
    retention_plan_save,
    risk_screening_record,
)
from tests.cases.conftest import START, TODAY, org, run, today  # noqa: F401  (fixtures)
from tests.factories import DEFAULT_PASSWORD, make_absence

pytestmark = pytest.mark.browser


@pytest.fixture
def anna_case(org, run, today):  # type: ignore[no-untyped-def]  # noqa: F811
    make_absence(employment=org.anna_job, key="ANNA-LONG", start_date=START, end_date=None)
    from naervaer.followup.services import followup_run

    followup_run(as_of=TODAY)
    case = next(case for case in cases_open_automatically(as_of=TODAY) if case.employee_id == org.anna.pk)
    retention_plan_save(case=case, agreed_on=dt.date(2025, 6, 23), user=org.leader, weeks=[
        WeekInput(dt.date(2025, 6, 30), Decimal(10), Decimal(8), "Dagvagter"),
        WeekInput(dt.date(2025, 7, 7), Decimal(18)), WeekInput(dt.date(2025, 7, 14), Decimal(26)),
        WeekInput(dt.date(2025, 7, 21), Decimal("32.5"))])
    conversation_record(employee=org.anna, case=case, date=TODAY, kind="naervaerssamtale",
                        participants={"with_leader": True, "with_employee": True},
                        minutes="Aftalt gradvis tilbagevenden.", user=org.leader)
    risk_screening_record(case=case, date=TODAY, answers={"expects_long_absence": True}, user=org.leader)
    return case


@pytest.mark.parametrize(("username", "width"), [("leder", 1280), ("leder", 390), ("anna", 1280)])
def test_case_page_in_the_browser(anna_case, browser_page: Page, login, assert_accessible,  # noqa: F811
                                  screenshot, username, width):  # noqa: F811
    browser_page.set_viewport_size({"width": width, "height": 900})
    login(browser_page, username, DEFAULT_PASSWORD)
    browser_page.goto(f"/forloeb/{anna_case.pk}/")
    expect(browser_page.locator("[data-chart-ready]")).to_have_count(1)
    expect(browser_page.locator("#tabel-trappe")).to_be_visible()
    assert_accessible(browser_page)
    if width < 500:
        assert browser_page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
    screenshot(browser_page, f"case-{username}-{width}")

"""Target → progress → escalation → action plan in a real browser, on a small demo
municipality: HR sets a unit's target on /maal/, the unit page shows the progress
against it, the daily job escalates the unit (it stayed above the target all quarter),
the unit's leader follows the escalation's "Handleplan" link, revises the plan, and
the escalation shows that task as done. Every page passes axe."""

from __future__ import annotations

import datetime as dt

import pytest
from playwright.sync_api import Page, expect

from naervaer.accounts.models import Profile
from naervaer.core import targets as core
from naervaer.demo.services import DEMO_PASSWORD, demo_load
from naervaer.targets import services
from naervaer.targets.models import EscalationTask, UnitEscalation

pytestmark = pytest.mark.browser


@pytest.fixture
def demo(transactional_db):  # type: ignore[no-untyped-def]
    demo_load(employees=300, years=2, seed=1, end_date=dt.date.today() - dt.timedelta(days=1))
    leader = Profile.objects.get(user__username="leder")
    return leader.units.order_by("depth").first()


def test_hr_sets_target_leader_answers_the_escalation_with_the_plan(
        browser_page: Page, login, assert_accessible, screenshot, demo) -> None:
    page, unit = browser_page, demo
    quarter = core.last_complete_quarter(dt.date.today())
    UnitEscalation.objects.filter(unit=unit).delete()  # the demo may have escalated it already

    # HR: a target far below the unit's level, for the year of the last complete quarter.
    login(page, "hr", DEMO_PASSWORD)
    page.goto(f"/maal/?aar={quarter.year}")
    assert_accessible(page)
    page.locator("#saet-unit").select_option(unit.unit_id)
    page.locator("#saet-measure").select_option("absence_pct")
    page.locator("#saet-value").fill("0.5")
    with page.expect_navigation():
        page.get_by_role("button", name="Gem måltal").click()
    expect(page.locator(".messages, [role=status], .message").first).to_contain_text(
        f"Måltallet for {unit.name} er gemt")

    # The unit page: progress against the target.
    page.goto(f"/enheder/{unit.unit_id}/")
    progress = page.locator("section.target-progress")
    expect(progress).to_contain_text("måltal")
    expect(progress).to_contain_text("over måltallet")
    assert_accessible(page)

    # The daily job's quarterly escalation.
    result = services.escalations_run(as_of=dt.date.today(), send=False)
    assert unit.unit_id in {escalation.unit.unit_id for escalation in result.created}

    # The leader answers with the action plan.
    page.context.clear_cookies()
    login(page, "leder", DEMO_PASSWORD)
    page.goto("/maal/eskaleringer/")
    assert_accessible(page)
    row = page.locator("table tbody tr", has_text=unit.name).first
    with page.expect_navigation():
        row.locator(f'a[href="/handleplan/{unit.pk}/"]').click()
    expect(page.locator("h1")).to_contain_text("Handleplan")
    page.get_by_label("Hvad skal vi løfte, og hvad er målet").fill(
        "Under måltallet igen: færre gentagne korte fravær.")
    with page.expect_navigation():
        page.get_by_role("button", name="Gem handleplan").click()

    page.goto("/maal/eskaleringer/?status=all")
    section = page.locator("section.escalation", has_text=unit.name)
    expect(section.locator("li", has_text="Skriv eller revidér handleplanen")).to_contain_text(
        "Handleplanen blev revideret")
    assert_accessible(page)
    screenshot(page, "targets-escalation-answered")
    task = EscalationTask.objects.get(escalation__unit=unit, kind="revise_plan")
    assert task.status == "done" and task.done_by.get_username() == "leder"

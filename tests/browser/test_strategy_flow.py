"""Action plan → action → annual wheel → agenda in a real browser, on a small demo
municipality with the demo's wheel and plan (``demo_strategy``): TRIO writes in the plan,
adds an action, opens the wheel and the next meeting's agenda (live figures equal to
``naervaer metrics``), records a decision and turns it into a plan action with one click;
HR sees plan status across the organisation. Every page
passes axe."""

from __future__ import annotations

import datetime as dt
import json
from io import StringIO

import pytest
from django.core.management import call_command
from playwright.sync_api import Page, expect

from naervaer.accounts.models import Profile
from naervaer.demo.services import DEMO_PASSWORD, demo_load
from naervaer.insight.selection import default_month, month_end
from naervaer.metrics import cube
from naervaer.organisation.selectors import get_settings
from naervaer.strategy import services
from naervaer.strategy.demo import demo_strategy
from naervaer.strategy.models import DEFAULT_STANDING_ITEMS, AnnualWheel

pytestmark = pytest.mark.browser


@pytest.fixture
def demo(transactional_db):  # type: ignore[no-untyped-def]
    end = dt.date.today() - dt.timedelta(days=1)
    demo_load(employees=300, years=2, seed=1, end_date=end)
    wheel = demo_strategy()
    assert wheel is not None
    # A meeting in three days, so there is always a next meeting to prepare.
    trio = Profile.objects.get(user__username="trio").user
    services.meeting_save(wheel, user=trio, date=dt.date.today() + dt.timedelta(days=3),
                          topic="Kultur og trivsel", standing_items=list(DEFAULT_STANDING_ITEMS),
                          revises_plan=False)
    return wheel


def metrics_row(unit_id: str, month: dt.date, as_of: dt.date) -> dict:  # type: ignore[type-arg]
    out = StringIO()
    call_command("metrics", "--from", month.isoformat(), "--to", month_end(month).isoformat(),
                 "--by", "month", "--unit", unit_id, "--as-of", as_of.isoformat(),
                 "--format", "json", stdout=out)
    rows = [row for row in json.loads(out.getvalue())
            if row["unit_id"] == unit_id and row["scope"] == "subtree" and row["staff_group"] == "*"]
    assert len(rows) == 1, rows
    return rows[0]


def danish(value: float, pct: bool = False) -> str:
    return f"{value:.1f}".replace(".", ",") + (" %" if pct else "")


def figure(page: Page, key: str) -> str:
    return page.locator(f'#agenda-figures tr[data-key="{key}"] td.figure').inner_text().strip()


def test_trio_plan_action_wheel_agenda_decision(browser_page: Page, login, assert_accessible, screenshot,
                                                demo):
    page = browser_page
    wheel: AnnualWheel = demo
    unit = wheel.unit
    login(page, "trio", DEMO_PASSWORD)

    # The plan: write under a heading, add an action.
    page.goto(f"/handleplan/{unit.pk}/")
    expect(page.locator("h1")).to_contain_text("Handleplan")
    assert_accessible(page)
    page.get_by_label("Hvad skal vi løfte, og hvad er målet").fill("Flere uden sygefravær.")
    with page.expect_navigation():
        page.get_by_role("button", name="Gem handleplan").click()
    expect(page.get_by_label("Hvad skal vi løfte, og hvad er målet")).to_have_value("Flere uden sygefravær.")
    page.locator("#id_ny-text").fill("Trivselsmåling drøftes på personalemødet")
    page.locator("#id_ny-owner").fill("AMR")
    page.locator("#id_ny-core_element").select_option("prevention")
    with page.expect_navigation():
        page.get_by_role("button", name="Tilføj handling").click()
    expect(page.locator("tr.plan-action", has_text="Trivselsmåling drøftes")).to_be_visible()

    # The wheel, then the next meeting's agenda with live figures.
    page.goto("/aarshjul/")
    assert_accessible(page)
    with page.expect_navigation():
        page.get_by_role("link", name=unit.name).click()
    expect(page.locator("table.wheel-meetings tbody tr")).to_have_count(9)
    assert_accessible(page)
    with page.expect_navigation():
        page.get_by_role("link", name="Dagsorden til næste møde").click()
    expect(page.locator("h1")).to_contain_text("Dagsorden")
    for item in DEFAULT_STANDING_ITEMS:
        expect(page.locator("ol.agenda-items")).to_contain_text(item)
    manifest = cube.read_manifest()
    assert manifest is not None
    row = metrics_row(unit.unit_id, default_month(manifest.as_of), manifest.as_of)
    if row["headcount"] >= get_settings().small_group_threshold:
        assert figure(page, "absence_pct") == danish(row["absence_pct"], pct=True)
        assert figure(page, "share_without_absence") == danish(row["share_without_absence"], pct=True)
        assert figure(page, "short_days") == danish(row["short_days"])
    else:
        assert figure(page, "absence_pct") == "–"
    assert_accessible(page)
    screenshot(page, "agenda-trio")

    # Minutes and a decision that becomes an action with one click.
    page.get_by_role("textbox", name="Referat").fill("Gennemgang af tallene.")
    with page.expect_navigation():
        page.get_by_role("button", name="Gem referat").click()
    page.get_by_role("textbox", name="Beslutning").fill("Vi indfører faste makkerpar i weekenden")
    with page.expect_navigation():
        page.get_by_role("button", name="Gem beslutning").click()
    decision = page.locator("li.decision", has_text="faste makkerpar i weekenden")
    with page.expect_navigation():
        decision.get_by_role("button", name="Gør til handling i handleplanen").click()
    expect(page.locator("li.decision", has_text="faste makkerpar i weekenden")).to_contain_text(
        "Er en handling i handleplanen")
    assert_accessible(page)
    with page.expect_navigation():
        page.get_by_role("link", name="Handleplan", exact=True).first.click()
    expect(page.locator("tr.plan-action", has_text="faste makkerpar i weekenden")).to_be_visible()


def test_hr_sees_plan_status_across_the_organisation(browser_page: Page, login, assert_accessible,
                                                     screenshot, demo):
    page = browser_page
    unit = demo.unit
    login(page, "hr", DEMO_PASSWORD)
    page.goto("/handleplaner/")
    expect(page.locator("h1")).to_have_text("Handleplaner")
    row = page.locator("#tabel-handleplaner tbody tr", has=page.get_by_role("link", name=unit.name, exact=True))
    expect(row.first).to_contain_text("Aktiv")
    expect(page.locator("#tabel-handleplaner")).to_contain_text("Ingen plan")
    assert_accessible(page)
    screenshot(page, "handleplaner-hr")
    page.goto("/handleplaner/skabelon/")
    assert_accessible(page)
    page.goto(f"/aarshjul/{unit.pk}/{dt.date.today().year}/")
    assert_accessible(page)

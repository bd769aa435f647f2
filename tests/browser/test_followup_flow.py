"""The follow-up pages in a real browser: a leader works through the task inbox (one task
done, one waived) and a case (conversation, retention plan with a graded return), records
a sick report and the return; HR installs the policy presets, previews a policy and opens
the compliance and notice pages; TRIO is kept out. Every page passes axe (WCAG A/AA).

Data: the standard small organisation (``make_org``) with the hospital 1-5-15 policy on the
municipality and a long open absence of Bo (Solgården, the leader's unit) that began
``SPELL_DAYS`` days before today; the engine and the automatic case opening are run for
today, so the server (which uses the real date) shows the same tasks. Built per test
(``live_server`` makes the tests transactional).

Screenshots go to ``var/screenshots/`` (or ``$NAERVAER_SCREENSHOTS``).
"""

from __future__ import annotations

import datetime as dt
import re
from types import SimpleNamespace

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from naervaer.cases.models import Case, Conversation, RetentionPlan
from naervaer.cases.services import cases_open_automatically
from naervaer.core.followup.presets import HOSPITAL_1_5_15
from naervaer.followup.models import FollowupSettings, SickReport, Task, TaskStatus
from naervaer.followup.services import followup_run, policy_create, unit_policy_set
from tests.factories import DEFAULT_PASSWORD, make_absence, make_org

pytestmark = pytest.mark.browser

SPELL_DAYS = 20
OVERDUE = re.compile(r"(\d+) opgaver? er over tid")


@pytest.fixture
def org(transactional_db) -> SimpleNamespace:  # type: ignore[no-untyped-def]
    today = timezone.localdate()  # the server's "today" (Copenhagen), also just after midnight
    org = make_org()
    org.today = today
    org.policy = policy_create(name="Sygehus", version=HOSPITAL_1_5_15, preset="hospital_1_5_15")
    unit_policy_set(unit=org.kommune, policy=org.policy)
    # Follow-up went live a while ago: the organisation's old absences (2024) get no tasks.
    FollowupSettings.objects.update_or_create(pk=1, defaults={"since": today - dt.timedelta(days=90)})
    org.spell_start = today - dt.timedelta(days=SPELL_DAYS)
    make_absence(employment=org.bo_job, key="BO-LONG", start_date=org.spell_start, end_date=None)
    followup_run(as_of=today)
    org.cases = cases_open_automatically(as_of=today)
    return org


def open_ok(page: Page, url: str) -> None:
    response = page.goto(url)
    assert response is not None and response.status == 200, (
        f"{url}: HTTP {response.status if response else 'no response'}")
    expect(page.locator("h1")).to_be_visible()


def overdue_count(page: Page) -> int:
    match = OVERDUE.search(page.locator(".inbox-counts").inner_text())
    assert match, page.locator(".inbox-counts").inner_text()
    return int(match.group(1))


def monday_after(day: dt.date) -> dt.date:
    return day + dt.timedelta(days=7 - day.weekday())


# --------------------------------------------------------------------------- the leader

def test_leader_inbox_task_done_then_case_with_conversation_and_plan(
        org, browser_page: Page, login, assert_accessible, screenshot) -> None:
    page = browser_page
    page.set_viewport_size({"width": 1280, "height": 900})
    bo_case = next(case for case in org.cases if case.employee_id == org.bo.pk)
    overdue_tasks = Task.objects.filter(employee=org.bo, due_date__lt=org.today,
                                        status__in=[TaskStatus.OPEN, TaskStatus.OVERDUE])
    assert overdue_tasks.exists(), "the spell should have overdue tasks (day 1 and 5 contact)"

    # The inbox: Bo's overdue tasks, most urgent first.
    login(page, "leder", DEFAULT_PASSWORD, url="/login/?next=/opfoelgning/")
    assert page.url.endswith("/opfoelgning/"), page.url
    expect(page.locator("h1")).to_have_text("Opfølgning")
    first = overdue_tasks.order_by("due_date", "pk").first()
    assert first is not None
    row = page.locator(f"#opgave-{first.pk}")
    expect(row).to_contain_text(first.title)
    expect(row).to_contain_text("Bo Bertelsen")
    expect(row.locator(".due--over")).to_contain_text("over tid")
    before = overdue_count(page)
    assert before == overdue_tasks.count()
    row.locator("details.task-waive summary").click()  # axe checks the waive form too
    expect(row.get_by_label("Begrundelse")).to_be_visible()
    assert_accessible(page)
    screenshot(page, "followup-inbox")

    # Mark the most urgent task done: it leaves the active list and the count drops.
    with page.expect_navigation():
        row.get_by_role("button", name=re.compile(r"^Udført")).click()
    expect(page.locator(".messages")).to_contain_text("er registreret som udført")
    expect(page.locator(f"#opgave-{first.pk}")).to_have_count(0)
    assert overdue_count(page) == before - 1
    first.refresh_from_db()
    assert first.status == TaskStatus.DONE and first.done_date == org.today
    assert_accessible(page)  # with the success message

    # Waive the next one with a reason: it leaves the active list too.
    second = overdue_tasks.order_by("due_date", "pk").first()
    assert second is not None and second.pk != first.pk
    waive = page.locator(f"#opgave-{second.pk} details.task-waive")
    waive.locator("summary").click()
    waive.get_by_label("Begrundelse").fill("Aftalt andet forløb med HR")
    with page.expect_navigation():
        waive.get_by_role("button", name="Fravælg opgaven").click()
    expect(page.locator(".messages")).to_contain_text("er fravalgt")
    expect(page.locator(f"#opgave-{second.pk}")).to_have_count(0)
    assert overdue_count(page) == before - 2

    # Both are in the history, without forms.
    with page.expect_navigation():
        page.get_by_role("link", name=re.compile("Vis også udførte")).click()
    done_row = page.locator(f"#opgave-{first.pk}")
    expect(done_row).to_contain_text(f"Udført {org.today:%d-%m-%Y}")
    expect(done_row.locator("form")).to_have_count(0)
    expect(page.locator(f"#opgave-{second.pk}")).to_contain_text("Begrundelse: Aftalt andet forløb med HR")
    second.refresh_from_db()
    assert second.status == TaskStatus.WAIVED

    # The case list → Bo's case.
    open_ok(page, "/forloeb/")
    expect(page.locator("h1")).to_have_text("Sygefraværsforløb")
    assert_accessible(page)
    with page.expect_navigation():
        page.locator("main").get_by_role("link", name="Bo Bertelsen").click()
    assert page.url.endswith(f"/forloeb/{bo_case.pk}/"), page.url
    expect(page.locator("h1")).to_contain_text("Bo Bertelsen")
    expect(page.locator("#tabel-trappe")).to_be_visible()
    assert_accessible(page)

    # A sickness-absence conversation with participants and minutes.
    page.locator("#ny-samtale summary").click()
    form = page.locator("#ny-samtale form")
    form.locator("#samtale_art").select_option("sygefravaerssamtale")
    form.get_by_label("HR", exact=True).check()
    form.get_by_label("Referat", exact=True).fill("Aftalt kontakt hver uge og gradvis tilbagevenden.")
    with page.expect_navigation():
        form.get_by_role("button", name="Gem samtalen").click()
    expect(page.locator(".messages")).to_contain_text("Samtalen er registreret")
    conversation = page.locator("#samtaler article.case-conversation")
    expect(conversation).to_have_count(1)
    expect(conversation.locator("h3")).to_contain_text("Sygefraværssamtale")
    expect(conversation).to_contain_text("Leder, Medarbejder, HR")
    expect(conversation.locator("blockquote")).to_contain_text("gradvis tilbagevenden")
    saved = Conversation.objects.get(case=bo_case)
    assert saved.kind == "sygefravaerssamtale" and saved.with_hr and saved.with_employee

    # A retention plan with a graded return: three weeks, then a fourth on the next save.
    monday = monday_after(org.today)
    plan = page.locator("#plan form.stacked-form")
    plan.locator("#plan_aftalt").fill(org.today.isoformat())
    plan.get_by_label("Aftaler om kontakt").fill("Kontakt hver mandag")
    for index, hours in enumerate(("10", "18", "25,5")):
        plan.locator(f"[name='uge-{index}-uge']").fill((monday + dt.timedelta(weeks=index)).isoformat())
        plan.locator(f"[name='uge-{index}-planlagt']").fill(hours)
    plan.locator("[name='uge-0-opgaver']").fill("Dagvagter uden tunge løft")
    with page.expect_navigation():
        plan.get_by_role("button", name="Gem fastholdelsesplanen").click()
    expect(page.locator(".messages")).to_contain_text("Fastholdelsesplanen")
    expect(page.locator("#tabel-tilbagevenden tbody tr")).to_have_count(3)

    page.locator("#plan details.panel summary").click()
    plan = page.locator("#plan form.stacked-form")
    plan.locator("[name='uge-3-uge']").fill((monday + dt.timedelta(weeks=3)).isoformat())
    plan.locator("[name='uge-3-planlagt']").fill("32,5")
    with page.expect_navigation():
        plan.get_by_role("button", name="Gem fastholdelsesplanen").click()

    saved_plan = RetentionPlan.objects.get(case=bo_case)
    assert [float(week.planned_hours) for week in saved_plan.weeks.all()] == [10, 18, 25.5, 32.5]
    expect(page.locator("#plan [data-chart-ready]")).to_have_count(1)
    weeks = page.locator("#tabel-tilbagevenden")
    expect(weeks).to_be_visible()
    expect(weeks.locator("tbody tr")).to_have_count(4)
    expect(weeks.locator("tbody tr").first).to_contain_text(f"{monday:%d-%m-%Y}")
    expect(weeks.locator("tbody tr").last).to_contain_text("32,5")
    assert_accessible(page)
    screenshot(page, "case-page")


def test_leader_records_a_sick_report_and_the_return(org, browser_page: Page, login,
                                                      assert_accessible) -> None:
    page = browser_page
    first_day = org.today - dt.timedelta(days=2)
    login(page, "leder", DEFAULT_PASSWORD, url="/login/?next=/sygemeldinger/")
    expect(page.locator("h1")).to_have_text("Syge- og raskmeldinger")
    expect(page.locator("main")).to_contain_text("Ingen åbne sygemeldinger.")
    assert_accessible(page)

    form = page.locator("form", has=page.get_by_role("button", name="Registrér sygemelding"))
    form.get_by_label("Medarbejder (medarbejdernummer)").fill("P-CARL")
    form.get_by_label("Første sygedag").fill(first_day.isoformat())
    form.get_by_label("Meldt via").select_option("phone")
    form.get_by_label("Meldt til").fill("Leder")
    with page.expect_navigation():
        form.get_by_role("button", name="Registrér sygemelding").click()
    expect(page.locator(".messages")).to_contain_text("Sygemeldingen er registreret")

    open_reports = page.locator("section", has=page.get_by_role("heading", name="Sygemeldte uden raskmelding"))
    row = open_reports.locator("tbody tr", has_text="Carl Christensen")
    expect(row).to_have_count(1)
    expect(row).to_contain_text(f"{first_day:%d-%m-%Y}")
    expect(row).to_contain_text("Telefon")
    assert_accessible(page)

    report = SickReport.objects.get()
    row.get_by_label(re.compile("Første dag tilbage på arbejde for")).fill(org.today.isoformat())
    with page.expect_navigation():
        row.get_by_role("button", name="Raskmeld").click()
    expect(page.locator(".messages")).to_contain_text("Raskmeldingen er registreret")
    expect(page.locator("main")).to_contain_text("Ingen åbne sygemeldinger.")
    recent = page.locator("section", has=page.get_by_role("heading", name="Seneste raskmeldte"))
    expect(recent.locator("tbody tr", has_text="Carl Christensen")).to_contain_text(f"{org.today:%d-%m-%Y}")
    report.refresh_from_db()
    assert report.returned_on == org.today
    assert_accessible(page)


# --------------------------------------------------------------------------- HR

def test_hr_installs_presets_previews_a_policy_and_sees_compliance(
        org, browser_page: Page, login, assert_accessible, screenshot) -> None:
    page = browser_page
    login(page, "hr", DEFAULT_PASSWORD, url="/login/?next=/politikker/")
    expect(page.locator("h1")).to_have_text("Fraværspolitikker")
    assert_accessible(page)

    install = page.get_by_role("button", name="Installér skabelonerne")
    expect(install).to_be_enabled()
    with page.expect_navigation():
        install.click()
    expect(page.locator(".messages")).to_contain_text("Skabelonerne er installeret")
    expect(page.get_by_role("button", name="Installér skabelonerne")).to_be_disabled()
    policies = page.locator("#tabel-politikker")
    expect(policies.get_by_role("link", name="1-5-10", exact=True)).to_be_visible()
    assert_accessible(page)

    with page.expect_navigation():
        policies.get_by_role("link", name="Sygehus 1-5-15", exact=True).click()
    expect(page.locator("h1")).to_have_text("Sygehus 1-5-15")
    assert_accessible(page)

    first = dt.date(2025, 3, 3)  # a Monday
    seen = first + dt.timedelta(days=20)
    preview = page.locator("#eksempel form")
    preview.get_by_label("Første fraværsdag").fill(first.isoformat())
    preview.get_by_label("Set på dato").fill(seen.isoformat())
    with page.expect_navigation():
        preview.get_by_role("button", name="Vis opgaverne").click()
    table = page.locator("#tabel-eksempel")
    expect(table).to_be_visible()
    expect(table.locator("caption")).to_contain_text(f"{first:%d-%m-%Y}")
    rows = table.locator("tbody tr[data-code]")
    assert rows.count() >= 3, table.inner_text()
    triggers = rows.evaluate_all("rows => rows.map(r => r.children[4].dataset.value)")
    assert first.isoformat() in triggers  # the day-1 contact
    assert all(first.isoformat() <= day <= seen.isoformat() for day in triggers), triggers
    expect(table).to_contain_text(f"{first:%d-%m-%Y}")
    assert_accessible(page)
    screenshot(page, "policy-preview-hr")

    open_ok(page, "/opfoelgning/overholdelse/")
    expect(page.locator("h1")).to_contain_text("Overholdelse")
    assert_accessible(page)
    screenshot(page, "followup-compliance-hr")

    open_ok(page, "/indstillinger/advis/")
    expect(page.locator("h1")).to_have_text("Advis om opfølgning")
    assert_accessible(page)

    open_ok(page, "/opfoelgning/")  # HR sees every task
    expect(page.locator("main")).to_contain_text("Du ser alle opgaver i organisationen.")
    expect(page.locator("main")).to_contain_text("Bo Bertelsen")
    assert_accessible(page)


# --------------------------------------------------------------------------- TRIO

def test_trio_is_refused_the_followup_and_case_pages(org, browser_page: Page, login) -> None:
    page = browser_page
    login(page, "trio", DEFAULT_PASSWORD)
    assert Case.objects.exists()
    for url in ("/opfoelgning/", "/forloeb/", f"/forloeb/{org.cases[0].pk}/", "/opfoelgning/overholdelse/"):
        response = page.goto(url)
        assert response is not None and response.status == 403, (url, response and response.status)
        assert "Bo Bertelsen" not in page.content()

"""The management-information pages in a real browser, on a small demo municipality.

Every demo role opens the pages it uses (axe check, screenshot at 1280 px, the unit page
also at 390 px without horizontal scrolling); the unit page's tiles equal
``naervaer metrics``; the selection form changes the figures and its URL can be shared;
the charts are drawn and have table alternatives; TRIO and direktion see no names.

Data: ``demo_load`` of a few hundred employees over two years ending yesterday (as
``naervaer demo`` makes it), with the demo users and a refreshed metric cube. It is built
per test: ``live_server`` makes every test transactional (pytest-django flushes the
database after each one, so a module-scoped dataset would not survive the first test),
and the load takes about 1.5 s at this size.

Screenshots go to ``var/screenshots/`` (or ``$NAERVAER_SCREENSHOTS``), named
``<page>-<role>[-<width>].png``.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass
from io import StringIO
from urllib.parse import parse_qs, urlsplit

import pytest
from django.core.management import call_command
from playwright.sync_api import Page, expect

from naervaer.accounts.models import Profile
from naervaer.demo.services import DEMO_PASSWORD, demo_load
from naervaer.insight.selection import add_months, default_month, month_end
from naervaer.metrics import cube
from naervaer.organisation.models import Employment, Unit

pytestmark = pytest.mark.browser

DEMO_EMPLOYEES = 300
DEMO_YEARS = 2
WIDE = {"width": 1280, "height": 900}
NARROW = {"width": 390, "height": 844}
ROLES = ("hr", "leder", "trio", "direktion", "medarbejder")


@dataclass(frozen=True)
class DemoOrg:
    as_of: dt.date          # the cube's reference date
    month: dt.date          # the unit page's default month (last complete month)
    root: str               # unit_id of the municipality
    units: dict[str, str]   # role -> unit_id the role lands on (not the employee)
    employee_id: str        # the medarbejder's own employee_id

    def names_under(self, unit_id: str, limit: int = 25) -> list[str]:
        """Names of current staff of ``unit_id`` and its subunits."""
        unit = Unit.objects.get(unit_id=unit_id)
        names = (Employment.objects.filter(unit__ancestor_links__ancestor=unit, end_date__isnull=True)
                 .exclude(employee__name="").order_by("employment_id")
                 .values_list("employee__name", flat=True))
        return sorted(set(names[:limit]))


@pytest.fixture
def demo(transactional_db) -> DemoOrg:  # type: ignore[no-untyped-def]
    end = dt.date.today() - dt.timedelta(days=1)
    demo_load(employees=DEMO_EMPLOYEES, years=DEMO_YEARS, seed=1, end_date=end)
    manifest = cube.read_manifest()
    assert manifest is not None, "demo_load did not write the metric cube"
    root = Unit.objects.get(parent__isnull=True).unit_id
    units = {"hr": root, "direktion": root}
    for profile in Profile.objects.select_related("user", "employee").prefetch_related("units"):
        scope = [unit.unit_id for unit in profile.units.all()]
        if scope:
            units[profile.user.username] = scope[0]
    employee = Profile.objects.get(user__username="medarbejder").employee
    assert employee is not None
    return DemoOrg(as_of=manifest.as_of, month=default_month(manifest.as_of), root=root,
                   units=units, employee_id=employee.employee_id)


# --------------------------------------------------------------------------- helpers

def tile_text(page: Page, key: str) -> str:
    return page.locator(f'.tile[data-key="{key}"] .tile__value').inner_text().strip()


def tile_number(page: Page, key: str) -> float:
    """ "5,1 %" / "1.234,5" (Danish format) as a float."""
    text = tile_text(page, key)
    cleaned = text.replace("%", "").replace("\u00a0", "").replace(" ", "").replace(".", "")
    assert re.fullmatch(r"-?\d+(,\d+)?", cleaned), f"tile {key}: not a number: {text!r}"
    return float(cleaned.replace(",", "."))


def all_tiles(page: Page) -> dict[str, str]:
    tiles = page.locator(".tile[data-key]")
    return {tiles.nth(i).get_attribute("data-key") or "": tiles.nth(i).locator(".tile__value")
            .inner_text().strip() for i in range(tiles.count())}


def wait_for_charts(page: Page, at_least: int = 2) -> None:
    page.wait_for_function(
        "n => document.querySelectorAll('[data-chart-ready]').length >= n", arg=at_least)


def open_page(page: Page, url: str) -> None:
    response = page.goto(url)
    assert response is not None and response.status == 200, (
        f"{url}: HTTP {response.status if response else 'no response'}")
    expect(page.locator("h1")).to_be_visible()
    if page.locator("[data-spec]").count():
        wait_for_charts(page, min(2, page.locator("[data-spec]").count()))


def assert_no_horizontal_scroll(page: Page, width: int) -> None:
    scroll_width = page.evaluate("document.documentElement.scrollWidth")
    offenders = page.evaluate("""(w) => Array.from(document.querySelectorAll('body *'))
        .filter(e => e.getBoundingClientRect().right > w + 1 && !e.closest('.table-wrap'))
        .slice(0, 5).map(e => e.tagName + '.' + e.className + ': ' + (e.textContent || '').trim().slice(0, 40))""",
        width) if scroll_width > width + 1 else []
    assert scroll_width <= width + 1, (
        f"{page.url} scrolls horizontally at {width} px: scrollWidth {scroll_width}; {offenders}")


def assert_no_names(page: Page, names: list[str]) -> None:
    content = page.content()
    shown = [name for name in names if name in content]
    assert not shown, f"{page.url} shows person names: {shown}"


def metrics_row(unit_id: str, month: dt.date, as_of: dt.date) -> dict:
    """The row of ``naervaer metrics --by month`` for the unit with its subunits, all staff."""
    out = StringIO()
    call_command("metrics", "--from", month.isoformat(), "--to", month_end(month).isoformat(),
                 "--by", "month", "--unit", unit_id, "--as-of", as_of.isoformat(),
                 "--format", "json", stdout=out)
    rows = [row for row in json.loads(out.getvalue())
            if row["unit_id"] == unit_id and row["scope"] == "subtree" and row["staff_group"] == "*"
            and row["period_start"] == month.isoformat()]
    assert len(rows) == 1, rows
    return rows[0]


# --------------------------------------------------------------------------- every role

def role_pages(role: str, demo: DemoOrg) -> list[tuple[str, str]]:
    """(screenshot name, URL) of the main pages ``role`` uses, the landing page first."""
    if role == "medarbejder":
        return [("employee-medarbejder", f"/medarbejdere/{demo.employee_id}/"),
                ("help-medarbejder", "/hjaelp/")]
    unit = demo.units[role]
    pages = [(f"unit-{role}-1280", f"/enheder/{unit}/")]
    if role in ("hr", "leder"):
        pages.append((f"employees-{role}", f"/enheder/{unit}/medarbejdere/"))
    pages.append((f"team-days-{role}", f"/enheder/{unit}/dage/"))
    if role == "hr":
        pages += [("watchlist-hr", "/overvaagning/"), ("audit-log-hr", "/revisionslog/")]
    pages.append((f"help-{role}", "/hjaelp/"))
    return pages


@pytest.mark.parametrize("role", ROLES)
def test_each_role_opens_its_pages(role: str, demo: DemoOrg, browser_page: Page, login,
                                   assert_accessible, screenshot) -> None:
    page = browser_page
    page.set_viewport_size(WIDE)
    login(page, role, DEMO_PASSWORD)
    pages = role_pages(role, demo)
    landing = pages[0][1]
    assert urlsplit(page.url).path == landing, f"{role} landed on {page.url}, expected {landing}"
    persons_hidden = role in ("trio", "direktion")
    names = demo.names_under(demo.units[role]) if persons_hidden else []
    if persons_hidden:
        assert names, "no employee names to look for"

    for name, url in pages:
        open_page(page, url)
        assert_accessible(page)
        screenshot(page, name)
        if persons_hidden:
            assert_no_names(page, names)

    if persons_hidden:
        response = page.goto(f"/enheder/{demo.units[role]}/medarbejdere/")
        assert response is not None and response.status == 403

    # The landing page on a phone: no sideways scrolling.
    page.set_viewport_size(NARROW)
    open_page(page, landing)
    assert_accessible(page)
    screenshot(page, f"unit-{role}-390" if role != "medarbejder" else "employee-medarbejder-390")
    assert_no_horizontal_scroll(page, NARROW["width"])


# --------------------------------------------------------------------------- the unit page

@pytest.mark.parametrize("role", ["hr", "leder"])
def test_tiles_equal_the_metrics_command(role: str, demo: DemoOrg, browser_page: Page,
                                         login) -> None:
    page = browser_page
    login(page, role, DEMO_PASSWORD)
    unit = demo.units[role]
    for chosen in (demo.month, add_months(demo.month, -7)):
        open_page(page, f"/enheder/{unit}/?art=month&periode={chosen:%Y-%m}&omfang=subtree&gruppe=*")
        row = metrics_row(unit, chosen, demo.as_of)
        for key in ("absence_pct", "short_days", "long_days", "share_without_absence"):
            assert tile_number(page, key) == pytest.approx(row[key], abs=0.05 + 1e-9), (
                f"{unit} {chosen:%Y-%m} {key}: page {tile_text(page, key)!r}, "
                f"naervaer metrics {row[key]}")


def test_selection_changes_figures_and_its_url_can_be_shared(demo: DemoOrg, browser_page: Page,
                                                              login) -> None:
    page = browser_page
    login(page, "hr", DEMO_PASSWORD)
    assert urlsplit(page.url).path == f"/enheder/{demo.root}/"
    before = all_tiles(page)
    earlier = demo.month.replace(year=demo.month.year - 1)

    form = page.locator("form.selection")
    form.locator('select[name="art"]').select_option("month")
    form.locator('[name="periode"]').fill(f"{earlier:%Y-%m}")
    with page.expect_navigation():
        form.get_by_role("button", name="Vis").click()

    query = parse_qs(urlsplit(page.url).query)
    assert query["art"] == ["month"]
    assert query["periode"] == [f"{earlier:%Y-%m}"]
    after = all_tiles(page)
    assert after["absence_pct"] != before["absence_pct"], (before, after)
    assert after != before

    shared = page.context.new_page()
    try:
        open_page(shared, page.url)
        assert all_tiles(shared) == after
        expect(shared.locator('select[name="art"]')).to_have_value("month")
        expect(shared.locator('[name="periode"]')).to_have_value(f"{earlier:%Y-%m}")
    finally:
        shared.close()

    # A staff group narrows the figures too.
    group = form.locator('select[name="gruppe"] option').nth(1).get_attribute("value")
    assert group and group != "*"
    form.locator('select[name="gruppe"]').select_option(group)
    with page.expect_navigation():
        form.get_by_role("button", name="Vis").click()
    assert parse_qs(urlsplit(page.url).query)["gruppe"] == [group]
    assert all_tiles(page) != after


def test_charts_are_drawn_and_have_tables(demo: DemoOrg, browser_page: Page, login) -> None:
    page = browser_page
    login(page, "hr", DEMO_PASSWORD)
    charts = page.locator("[data-spec]")
    wait_for_charts(page, 2)
    assert page.locator("[data-chart-ready]").count() >= 2
    alternatives = charts.evaluate_all("""charts => charts.map(chart => {
        const section = chart.closest('section');
        return [chart.dataset.spec, chart.getAttribute('aria-label') || '',
                section ? section.querySelectorAll('table.data-table').length : 0];
    })""")
    assert len(alternatives) >= 2
    for slug, label, tables in alternatives:
        assert tables == 1, f"{slug}: {tables} tables in its section, expected its one table"
        assert label, f"{slug}: no text alternative"
    page.wait_for_function(
        "n => document.querySelectorAll('[data-chart-ready]').length === n", arg=charts.count())
    assert page.locator("[data-chart-ready] svg").count() == charts.count()

    # The child units table sorts by a column (numbers by value).
    table = page.locator("#tabel-underenheder")
    button = table.locator("button.sort").nth(6)  # Sygefravær %
    button.click()
    expect(button).to_have_attribute("aria-sort", "ascending")
    values = [float(v) for v in table.locator("tbody td[data-value]:nth-child(7)").evaluate_all(
        "cells => cells.map(c => c.dataset.value)")]
    assert values == sorted(values)

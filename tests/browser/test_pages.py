"""Each main page in a real browser, as the roles that use it, with an axe check."""

from __future__ import annotations

import datetime as dt

import pytest
from playwright.sync_api import Page, expect

from naervaer.metrics.services import cube_refresh
from naervaer.organisation.models import Absence
from tests.factories import DEFAULT_PASSWORD, make_org

pytestmark = pytest.mark.browser


@pytest.fixture
def org(transactional_db):  # type: ignore[no-untyped-def]
    org = make_org()
    cube_refresh(as_of=dt.date(2024, 12, 31), full=True)  # the unit pages' figures
    return org


def test_hr_browses_from_the_tree_to_an_employee(org, browser_page: Page, login, assert_accessible):
    page = browser_page
    login(page, "hr", DEFAULT_PASSWORD)
    expect(page.locator("h1")).to_have_text("Kommune")
    assert_accessible(page)

    page.get_by_role("link", name="Enheder", exact=True).first.click()
    expect(page.locator("h1")).to_be_visible()
    assert page.url.endswith("/enheder/")
    assert_accessible(page)

    page.goto("/enheder/K/")
    page.locator("main").get_by_role("link", name="Ældreforvaltningen").click()
    page.locator("main").get_by_role("link", name="Plejecenter Solgården").click()
    expect(page.locator("h1")).to_have_text("Plejecenter Solgården")
    page.get_by_role("link", name="Se medarbejdere").click()
    expect(page.get_by_role("link", name="Anna Andersen")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("link", name="Anna Andersen").click()
    expect(page.locator("h1")).to_have_text("Anna Andersen")
    expect(page.get_by_text("04-03-2024").first).to_be_visible()
    assert_accessible(page)


def test_trio_sees_units_but_no_persons(org, browser_page: Page, login, assert_accessible):
    page = browser_page
    login(page, "trio", DEFAULT_PASSWORD)

    expect(page.locator("h1")).to_have_text("Plejecenter Solgården")
    assert_accessible(page)
    assert "Anna" not in page.content()
    assert page.get_by_role("link", name="Se medarbejdere").count() == 0
    response = page.goto("/medarbejdere/P-ANNA/")
    assert response is not None and response.status == 403
    assert_accessible(page)


def test_employee_lands_on_own_page(org, browser_page: Page, login, assert_accessible):
    page = browser_page
    login(page, "anna", DEFAULT_PASSWORD)

    expect(page.locator("h1")).to_have_text("Anna Andersen")
    assert_accessible(page)
    response = page.goto("/medarbejdere/P-BO/")
    assert response is not None and response.status == 403


def test_hr_imports_a_file_and_sees_the_log(org, browser_page: Page, login, assert_accessible,
                                            tmp_path):
    page = browser_page
    export = tmp_path / "absences.csv"
    export.write_bytes("employment_id;type;start_date;end_date\r\nE-BO;egen_sygdom;02-09-2024;"
                       "04-09-2024\r\n".encode("cp1252"))
    bad = tmp_path / "bad" / "absences.csv"
    bad.parent.mkdir()
    bad.write_text("employment_id;type;start_date\nE-NOPE;egen_sygdom;2024-09-02\n")
    login(page, "hr", DEFAULT_PASSWORD)

    page.get_by_role("link", name="Import", exact=True).click()
    assert_accessible(page)
    page.set_input_files("input[type=file]", str(bad))
    page.get_by_role("button", name="Importér").click()
    expect(page.get_by_role("alert")).to_contain_text("absences.csv:2: employment_id:")
    assert_accessible(page)
    assert not Absence.objects.filter(employment__employment_id="E-BO").exists()

    page.set_input_files("input[type=file]", str(export))
    page.get_by_role("button", name="Importér").click()
    expect(page.get_by_role("heading", name="Import gennemført")).to_be_visible()
    assert Absence.objects.filter(employment__employment_id="E-BO").count() == 1

    page.get_by_role("link", name="Se importloggen").click()
    expect(page.get_by_role("cell", name="absences.csv")).to_be_visible()
    assert_accessible(page)

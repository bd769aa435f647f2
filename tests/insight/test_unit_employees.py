"""The employees page of a unit: access by role, sick days per month, person figures,
colour status with its reason, the target group, filters, XLSX download and audit log.

The figures are computed at the cube's reference date, 30 June 2024 (a manifest in a
temporary cube directory), so the default month is June 2024 and the twelve month
columns run from July 2023 to June 2024.
"""

from __future__ import annotations

import datetime as dt
import html
import io
import re

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from naervaer.accounts.models import AuditEvent
from naervaer.metrics.cube import MANIFEST, Manifest
from tests.factories import make_absence, make_employee, make_employment

AS_OF = dt.date(2024, 6, 30)
# Cell positions in a row: name, unit, staff group, 12 months, then the person figures.
MONTH = {"mar 24": 11, "apr 24": 12, "maj 24": 13, "jun 24": 14}
SPELLS_182, DAYS_182, SPELLS_365, DAYS_365, BRADFORD, STATUS, TARGET = range(15, 22)


@pytest.fixture(autouse=True)
def cube_as_of(settings, tmp_path):  # type: ignore[no-untyped-def]
    settings.NAERVAER_CUBE_DIR = tmp_path
    (tmp_path / MANIFEST).write_text(Manifest(AS_OF, dt.date(2020, 1, 1), AS_OF,
                                              "2024-06-30T23:00:00", {}).to_json())


@pytest.fixture
def absences(org):  # type: ignore[no-untyped-def]
    """Anna: 2 spells (yellow); Bo: 3 one-day spells in 182 days (red); Carl: an open long
    spell (red); Freja: sick in her school job only (counts for her, not in Engly's months)."""
    make_absence(employment=org.anna_job, start_date=dt.date(2024, 4, 8),
                 end_date=dt.date(2024, 4, 8))
    for day in (dt.date(2024, 2, 5), dt.date(2024, 3, 11), dt.date(2024, 5, 13)):
        make_absence(employment=org.bo_job, start_date=day, end_date=day)
    make_absence(employment=org.carl_job, start_date=dt.date(2024, 6, 3))
    make_absence(employment=org.freja_job, start_date=dt.date(2024, 5, 6),
                 end_date=dt.date(2024, 5, 7))
    return org


def url(unit_id: str = "SOL", query: str = "") -> str:
    return reverse("unit-employees", args=[unit_id]) + query


def page_of(response) -> str:  # type: ignore[no-untyped-def]
    assert response.status_code == 200
    return re.sub(r"\s+", " ", response.content.decode())


def rows_of(page: str) -> dict[str, list[str]]:
    """The table body's rows by the name in their first cell, as cell texts."""
    body = page.split("<tbody>", 1)[1].split("</tbody>", 1)[0]
    rows = {}
    for row in re.findall(r"<tr[^>]*>(.*?)</tr>", body):
        cells = [html.unescape(re.sub(r"<[^>]+>", "", cell)).strip()
                 for cell in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row)]
        rows[cells[0]] = cells
    return rows


@pytest.mark.parametrize(("role", "unit_id", "status"), [
    ("hr", "SOL", 200), ("hr", "K", 200), ("leader", "SOL", 200), ("leader", "SOLA", 200),
    ("leader", "ENG", 403), ("leader", "K", 403), ("leader_engly", "SOL", 403),
    ("trio", "SOL", 403), ("direktion", "SOL", 403), ("direktion", "K", 403),
    ("employee", "SOL", 403), ("nobody", "SOL", 403),
])
def test_who_may_open_the_page(client_for, role, unit_id, status):
    assert client_for(role).get(url(unit_id)).status_code == status


def test_refused_and_anonymous_requests_write_no_audit_event(client_for):
    client_for("trio").get(url())
    client_for("leader").get(url("ENG"))
    assert client_for(None).get(url()).status_code == 302
    assert not AuditEvent.objects.exclude(action="role_change").exists()  # the fixture's users


def test_one_row_per_current_employee_of_the_subtree_with_unit_group_and_link(client_for):
    page = page_of(client_for("leader").get(url()))
    rows = rows_of(page)
    assert sorted(rows) == ["Anna Andersen", "Bo Bertelsen", "Carl Christensen"]
    assert rows["Carl Christensen"][1:3] == ["Team Solgården A", "Social- og sundhedsassistent"]
    assert f'href="{reverse("employee-detail", args=["P-CARL"])}"' in page
    # The twelve months ending with the default month (the last complete one), in Danish.
    headers = re.findall(r'class="sort" data-column="\d+">([^<]*)<', page)
    assert headers[3:15] == ["jul 23", "aug 23", "sept 23", "okt 23", "nov 23", "dec 23",
                             "jan 24", "feb 24", "mar 24", "apr 24", "maj 24", "jun 24"]


def test_sick_days_per_month_and_person_figures(absences, client_for):
    rows = rows_of(page_of(client_for("leader").get(url())))
    anna = rows["Anna Andersen"]
    # 4-6 March: 22.2 payroll hours = 3 dagsværk; 8 April: 32.5 / 5 = 6.5 h = 0.88 days.
    assert anna[MONTH["mar 24"]] == "3,0" and anna[MONTH["apr 24"]] == "0,9"
    assert anna[MONTH["maj 24"]] == "0,0"
    # 2 spells, 4 sick workdays; Bradford 2² × 4 = 16.
    assert anna[SPELLS_182:BRADFORD + 1] == ["2", "4", "2", "4", "16"]
    bo = rows["Bo Bertelsen"]
    assert bo[SPELLS_182:BRADFORD + 1] == ["3", "3", "3", "3", "27"]
    # Carl: open since Mon 3 June: 20 workdays in June (5 June, Grundlovsdag, is one).
    carl = rows["Carl Christensen"]
    assert carl[MONTH["jun 24"]] == "20,0" and carl[SPELLS_182] == "1"


def test_status_colour_reason_and_target_group(absences, client_for):
    page = page_of(client_for("leader").get(url()))
    rows = rows_of(page)
    assert rows["Anna Andersen"][STATUS] == "Gul: 2 fraværsperioder på 182 dage (grænse 3)"
    assert rows["Bo Bertelsen"][STATUS] == "Rød: 3 fraværsperioder på 182 dage (grænse 3)"
    assert rows["Carl Christensen"][STATUS] == "Rød: Åben langvarig fraværsperiode"
    # The reason on hover and for screen readers; the colour is also a word.
    assert ('title="3 fraværsperioder på 182 dage (grænse 3)"><span class="status status--red">'
            'Rød</span><span class="visually-hidden">: 3 fraværsperioder på 182 dage '
            '(grænse 3)</span>') in page
    assert [rows[name][TARGET] for name in sorted(rows)] == ["Nej", "⚑ Ja", "⚑ Ja"]
    assert page.count('class="in-target-group"') == 2
    assert "2 medarbejdere er i målgruppen for en fraværssamtale" in page


def test_no_absence_is_green_below_every_limit(client_for):
    rows = rows_of(page_of(client_for("hr").get(url())))
    assert rows["Bo Bertelsen"][STATUS] == "Grøn: Under alle grænser"
    assert rows["Bo Bertelsen"][TARGET] == "Nej"


def test_rolling_figures_are_the_persons_but_months_only_the_subtrees(absences, client_for):
    page = page_of(client_for("leader_engly").get(url("ENG")))
    freja = rows_of(page)["Freja Frost"]
    # Her 6-7 May spell is in her school job: a spell of hers, no sick day in Engly.
    assert freja[1] == "Plejecenter Engly"
    assert freja[MONTH["maj 24"]] == "0,0"
    assert freja[SPELLS_182:DAYS_182 + 1] == ["1", "2"]
    assert "på tværs af ansættelser" in page


def test_only_the_target_group(absences, client_for):
    page = page_of(client_for("leader").get(url(query="?maalgruppe=1")))
    assert sorted(rows_of(page)) == ["Bo Bertelsen", "Carl Christensen"]
    assert "2 medarbejdere er i målgruppen" in page
    assert 'name="maalgruppe" id="id_maalgruppe" checked' in page
    assert "Vis alle medarbejdere" in page


def test_text_filter_targets_the_table(client_for):
    page = page_of(client_for("leader").get(url()))
    assert 'id="tabel-medarbejdere" data-sortable' in page
    assert 'data-filter-table="tabel-medarbejdere"' in page
    assert "naervaer/js/insight.js" in page


def test_everybody_employed_in_the_last_twelve_months(org, client_for):
    gitte = make_employee(employee_id="P-GITTE", name="Gitte Gram")
    make_employment(employee=gitte, unit=org.sol_a, end_date=dt.date(2024, 3, 31))
    current = rows_of(page_of(client_for("leader").get(url())))
    everybody = rows_of(page_of(client_for("leader").get(url(query="?alle=1"))))
    assert "Gitte Gram" not in current and "Gitte Gram" in everybody
    assert "Ditte Dahl" not in everybody  # left in 2021
    # Months after her employment ended show "–", not 0.
    assert everybody["Gitte Gram"][MONTH["mar 24"]] == "0,0"
    assert everybody["Gitte Gram"][MONTH["apr 24"]] == "–"


def test_chosen_month_moves_the_columns_and_the_figures(absences, client_for):
    page = page_of(client_for("leader").get(url(query="?periode=2024-03")))
    headers = re.findall(r'class="sort" data-column="\d+">([^<]*)<', page)
    assert headers[3] == "apr 23" and headers[14] == "mar 24"
    assert "marts 2024" in page and "31-03-2024" in page
    rows = rows_of(page)
    # At 31 March Bo has 2 spells (yellow), Carl none yet.
    assert rows["Bo Bertelsen"][SPELLS_182] == "2" and rows["Bo Bertelsen"][STATUS].startswith("Gul")
    assert rows["Carl Christensen"][STATUS].startswith("Grøn")


@pytest.mark.parametrize("value", ["2024-13", "x", "2030-01"])
def test_bad_month_is_a_form_error_and_the_page_still_renders(client_for, value):
    page = page_of(client_for("leader").get(url(query=f"?periode={value}")))
    assert 'class="errorlist"' in page
    assert len(rows_of(page)) == 3
    assert re.findall(r'class="sort" data-column="14">([^<]*)<', page) == ["jun 24"]


def test_xlsx_download_has_every_row_and_is_audited(absences, client_for):
    response = client_for("leader").get(url(query="?periode=2024-06&format=xlsx&tabel=medarbejdere"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith(
        "application/vnd.openxmlformats-officedocument.spreadsheetml")
    assert 'filename="sol-medarbejdere.xlsx"' in response["Content-Disposition"]
    sheet = load_workbook(io.BytesIO(response.content)).active
    values = [[cell.value for cell in row] for row in sheet.iter_rows()]
    header = next(row for row in values if row and row[0] == "Medarbejder")
    assert header[3] == "jul 23" and header[14] == "jun 24" and header[-2:] == ["Status", "Målgruppe"]
    by_name = {row[0]: row for row in values[values.index(header) + 1:] if row[0] in (
        "Anna Andersen", "Bo Bertelsen", "Carl Christensen")}
    assert by_name["Bo Bertelsen"][STATUS:] == ["Rød", "Ja"]
    assert by_name["Anna Andersen"][MONTH["mar 24"]] == pytest.approx(3.0)
    event = AuditEvent.objects.get(action="export_employee_list")
    assert (event.username, event.object_type, event.object_id) == ("leder", "unit", "SOL")
    assert event.detail["month"] == "2024-06" and event.detail["rows"] == 3
    assert not AuditEvent.objects.filter(action="view_employee_list").exists()


def test_unknown_table_is_404_and_not_logged_as_an_export(client_for):
    assert client_for("hr").get(url(query="?format=xlsx&tabel=nope")).status_code == 404
    assert not AuditEvent.objects.filter(action="export_employee_list").exists()


def test_page_view_is_audited(org, client_for):
    client_for("leader").get(url(query="?alle=1&periode=2024-05"))
    event = AuditEvent.objects.exclude(action="role_change").get()  # not the fixture's users
    assert (event.user, event.action, event.object_type, event.object_id) == (
        org.leader, "view_employee_list", "unit", "SOL")
    assert event.detail == {"all": True, "page": 1, "month": "2024-05", "target_only": False}


def test_pagination_keeps_the_selection(org, client_for):
    for _ in range(101):
        make_employment(unit=org.sol_a)
    client = client_for("hr")
    first = page_of(client.get(url(query="?periode=2024-05")))
    assert len(rows_of(first)) == 100 and "Side 1 af 2" in first
    assert 'href="?side=2&amp;periode=2024-05"' in first
    assert "tabel=medarbejdere" in first and "?periode=2024-05&amp;tabel=" in first
    second = page_of(client.get(url(query="?side=2&periode=2024-05")))
    assert len(rows_of(second)) == 4 and 'href="?side=1&amp;periode=2024-05"' in second


def test_a_unit_without_employees_and_an_empty_target_group(org, client_for):
    from tests.factories import make_unit

    make_unit(unit_id="TOM", name="Tom enhed", parent=org.sol)
    page = page_of(client_for("leader").get(url("TOM")))
    assert "Ingen medarbejdere." in page and "0 medarbejdere er i målgruppen" in page
    page = page_of(client_for("leader").get(url(query="?maalgruppe=1")))
    assert "Ingen medarbejdere." in page
    response = client_for("leader").get(url("TOM", "?format=xlsx&tabel=medarbejdere"))
    assert response.status_code == 200


def test_the_form_shows_the_month_in_use(client_for):
    page = page_of(client_for("leader").get(url()))
    assert 'name="periode" value="2024-06"' in page

"""The employee page as a calendar tool for the 1:1 conversation: the year's calendar,
spells, rolling figures, weekday pattern, employments and absences; scope and audit."""

from __future__ import annotations

import datetime as dt
import io
import re

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from naervaer.accounts.models import AuditEvent
from tests.factories import make_absence

TODAY = dt.date(2024, 6, 30)
SICK_CELL = re.compile(r'class="cal-day[^"]*t-egen_sygdom')


def text_of(response) -> str:  # type: ignore[no-untyped-def]
    return re.sub(r"\s+", " ", response.content.decode())


def cell_of(page: str, label_start: str) -> str:
    """The <td> of the calendar whose hidden label starts with ``label_start``."""
    match = re.search(r'<td class="([^"]*)"[^>]*>(?:(?!</td>).)*<span class="visually-hidden">'
                      + re.escape(label_start) + r"[^<]*</span></td>", page)
    assert match, f"no calendar cell for {label_start!r}"
    return match.group(0)


@pytest.fixture(autouse=True)
def _today(monkeypatch):  # type: ignore[no-untyped-def]
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: TODAY)


def page_for(client_for, role: str, employee_id: str = "P-ANNA", query: str = "") -> str:  # type: ignore[no-untyped-def]
    response = client_for(role).get(reverse("employee-detail", args=[employee_id]) + query)
    assert response.status_code == 200
    return text_of(response)


def test_calendar_shows_the_year_in_twelve_months_with_codes_and_text(client_for):
    page = page_for(client_for, "hr")
    assert "Fraværskalender 2024" in page
    assert page.count('<table class="cal-month">') == 12
    assert "<caption>januar 2024</caption>" in page and "<caption>december 2024</caption>" in page
    sick = cell_of(page, "mandag 4. marts · Egen sygdom")
    assert "t-egen_sygdom" in sick and '<span class="cal-code" aria-hidden="true">S</span>' in sick
    assert 'title="mandag 4. marts · Egen sygdom"' in sick
    # Not absent: no colour, no code.
    plain = cell_of(page, "torsdag 7. marts")
    assert "t-" not in plain.split('"')[1] and "cal-code" not in plain
    # Holidays and weekends are shaded and named.
    holiday = cell_of(page, "torsdag 28. marts · Skærtorsdag")
    assert "cal-off" in holiday and "cal-holiday" in holiday
    assert "cal-off" in cell_of(page, "lørdag 9. marts · weekend")
    # The legend names every type with its letter.
    for label in ["Egen sygdom (S)", "Barns sygdom (B)", "Barsel (O)", "Ferie (F)", "Andet (X)"]:
        assert label in page


def test_year_selector_and_bad_year(client_for):
    page = page_for(client_for, "hr", query="?aar=2023")
    assert "Fraværskalender 2023" in page and not SICK_CELL.search(page)
    page = page_for(client_for, "hr", query="?aar=tyve")
    assert "Fraværskalender 2024" in page
    assert "er ikke et år mellem 2000 og 2025" in page
    page = page_for(client_for, "hr", query="?aar=1850")
    assert "Fraværskalender 2024" in page and 'class="error"' in page


def test_spells_rolling_figures_and_weekday_pattern(org, client_for):
    # A second spell: Friday 14 June to Monday 17 June (the weekend does not break it).
    make_absence(employment=org.anna_job, start_date=dt.date(2024, 6, 14), end_date=dt.date(2024, 6, 14))
    make_absence(employment=org.anna_job, start_date=dt.date(2024, 6, 17), end_date=dt.date(2024, 6, 17))
    page = page_for(client_for, "hr")
    spells = page.split('id="tabel-forloeb"')[1].split("</table>")[0]
    assert re.search(r"14-06-2024</th>\s*<td[^>]*>17-06-2024</td>\s*<td[^>]*>4</td>", spells)
    assert re.search(r"04-03-2024</th>\s*<td[^>]*>06-03-2024</td>\s*<td[^>]*>3</td>", spells)
    assert "Kort" in spells and "Lang" not in spells
    figures = page.split('id="tabel-noegletal"')[1].split("</table>")[0]
    values = re.findall(r'data-value="(\d+)"', figures)
    # spells/days in 182 days, in 365 days, Bradford = 2² × 5 workdays
    assert values == ["2", "5", "2", "5", "20"]
    assert "status--yellow" in page  # 2 spells: 2/3 of the trigger of 3
    pattern = page.split('id="tabel-ugedage"')[1].split("</table>")[0]
    counts = re.findall(r'<td class="num">(\d+)</td>', pattern)
    assert counts == ["2", "1", "1", "0", "1"]  # Mon 4 Mar + 17 Jun, Tue, Wed, -, Fri 14 Jun


def test_open_long_spell_is_red(org, client_for):
    make_absence(employment=org.bo_job, start_date=dt.date(2024, 5, 1))
    page = page_for(client_for, "hr", "P-BO")
    assert "status--red" in page and "igangværende langvarigt sygeforløb" in page
    spells = page.split('id="tabel-forloeb"')[1].split("</table>")[0]
    assert "til i dag" in spells and "Lang" in spells and ">61<" in spells
    assert "t-egen_sygdom" in cell_of(page, "søndag 30. juni")
    assert "t-egen_sygdom" not in cell_of(page, "mandag 1. juli")  # open: runs to today only


def test_leader_sees_only_employments_in_scope(client_for):
    page = page_for(client_for, "leader_engly", "P-FREJA")
    assert "E-FREJA-ENG" in page and ">E-FREJA<" not in page and "Skoleområdet" not in page
    assert "t-barns_sygdom" in cell_of(page, "onsdag 1. maj")
    # Her sick days in the school (2–3 September) are outside the leader's scope.
    assert not SICK_CELL.search(page)
    assert "Ingen rækker." in page.split('id="tabel-forloeb"')[1].split("</table>")[0]
    assert reverse("unit-detail", args=["ENG"]) in page


def test_unit_link_only_when_visible(org, client_for):
    page = page_for(client_for, "employee")
    assert "Plejecenter Solgården" in page
    assert reverse("unit-detail", args=["SOL"]) not in page


def test_follow_up_placeholder_and_old_tables(client_for):
    page = page_for(client_for, "hr")
    assert '<h2 id="followup-heading">Opfølgning</h2>' in page
    assert "E-ANNA" in page and "100 %" in page and "22,2" in page


def test_xlsx_download_of_each_table_is_audited(client_for):
    client = client_for("leader")
    for slug in ["kalender", "forloeb", "noegletal", "ugedage", "ansaettelser", "fravaer"]:
        response = client.get(reverse("employee-detail", args=["P-ANNA"]) + f"?aar=2024&format=xlsx&tabel={slug}")
        assert response.status_code == 200
        assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert any("Egen sygdom" in str(cell.value) for row in sheet.iter_rows() for cell in row)
    assert client.get(reverse("employee-detail", args=["P-ANNA"]) + "?format=xlsx&tabel=x").status_code == 404
    assert AuditEvent.objects.filter(action="view_employee", object_id="P-ANNA").count() == 7


def test_refused_roles_still_refused(client_for):
    for role in ["trio", "direktion", "leader_engly", "nobody"]:
        assert client_for(role).get(reverse("employee-detail", args=["P-ANNA"])).status_code == 403
    assert not AuditEvent.objects.exclude(action="role_change").exists()  # the fixture's users


@pytest.mark.parametrize("language", ["da", "en"])
def test_calendar_labels_are_the_localised_long_dates(language):
    """The day labels are built from the weekday and month names looked up once; they
    must read as ``date_format(day, "l j. F")`` does, every day of a leap year."""
    import polars as pl
    from django.utils import formats, translation

    from naervaer.core.metrics.daily import ABSENCE_DAY_SCHEMA
    from naervaer.insight.views.employee import _calendar

    with translation.override(language):
        months, _table = _calendar(pl.DataFrame(schema=ABSENCE_DAY_SCHEMA), 2024, TODAY, ())
        labels = [cell.label.split(" · ")[0] for _name, weeks in months for week in weeks
                  for cell in week if cell is not None]
        expected = [formats.date_format(dt.date(2024, 1, 1) + dt.timedelta(days=offset), "l j. F")
                    for offset in range(366)]
    assert labels == expected

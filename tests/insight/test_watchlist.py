"""HR's watch list: HR only, flags a high and a rising unit, leaves out small units."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from naervaer.insight.selectors.watchlist import watchlist
from naervaer.metrics.services import cube_refresh
from tests.factories import make_absence, make_employment, make_unit

ROLES = ["hr", "leader", "trio", "direktion", "employee", "leader_engly", "nobody"]
URL = reverse("watchlist")
START = dt.date(2022, 1, 1)


def staff(unit, count: int, spells: list[tuple[dt.date, dt.date]]) -> None:  # type: ignore[no-untyped-def]
    """``count`` full-time employees in ``unit``, each sick in every one of ``spells``."""
    for _ in range(count):
        job = make_employment(unit=unit, weekly_hours=37, start_date=START)
        for first, last in spells:
            make_absence(employment=job, start_date=first, end_date=last)


@pytest.fixture
def planted(org):  # type: ignore[no-untyped-def]
    """Under the standard organisation: HIGH (20 days a year both years), RISE (2 days,
    then 5), NORMAL (2 days both years) with ten people each, and SMALL (three people,
    30 days a year) too small to be listed. Cube computed at the end of 2024."""
    high = make_unit(unit_id="HIGH", name="Høj Hjemmepleje", parent=org.kommune)
    rise = make_unit(unit_id="RISE", name="Stigende Skole", parent=org.kommune)
    normal = make_unit(unit_id="NORMAL", name="Normal Nattevagt", parent=org.kommune)
    small = make_unit(unit_id="SMALL", name="Lille Lager", parent=org.kommune)
    staff(high, 10, [(dt.date(2023, 2, 6), dt.date(2023, 3, 3)),     # 20 workdays
                     (dt.date(2024, 2, 5), dt.date(2024, 3, 1))])    # 20 workdays
    staff(rise, 10, [(dt.date(2023, 2, 6), dt.date(2023, 2, 7)),     # 2
                     (dt.date(2024, 2, 5), dt.date(2024, 2, 9))])    # 5
    staff(normal, 10, [(dt.date(2023, 2, 6), dt.date(2023, 2, 7)),
                       (dt.date(2024, 2, 5), dt.date(2024, 2, 6))])
    staff(small, 3, [(dt.date(2023, 9, 4), dt.date(2023, 10, 13)),   # 30 workdays
                     (dt.date(2024, 9, 2), dt.date(2024, 10, 11))])  # 30 workdays
    cube_refresh(as_of=dt.date(2024, 12, 31), full=True)
    return org


@pytest.mark.parametrize(("role", "status"), list(zip(ROLES, [200, 403, 403, 403, 403, 403, 403],
                                                      strict=True)))
def test_only_hr_sees_the_watch_list(client_for, role, status):
    assert client_for(role).get(URL).status_code == status


def test_anonymous_is_sent_to_login(client_for):
    response = client_for(None).get(URL)
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


def test_without_a_cube_a_friendly_message(client_for):
    response = client_for("hr").get(URL)
    assert response.status_code == 200
    assert "ingen beregnede nøgletal" in response.content.decode()


def test_flags_the_high_and_the_rising_unit_not_the_normal_one(planted):
    result = watchlist(dt.date(2024, 12, 1))
    assert result is not None
    rows = {row.unit_id: row for row in result.rows}
    assert "SMALL" not in rows and result.too_small >= 1
    assert rows["HIGH"].high and not rows["HIGH"].rising
    assert rows["HIGH"].days_per_fte == pytest.approx(20, abs=0.5)
    assert rows["RISE"].rising and not rows["RISE"].high
    assert rows["RISE"].change == pytest.approx(3, abs=0.3)
    assert not rows["NORMAL"].flagged
    assert not rows["K"].flagged
    assert rows["HIGH"].organisation_level == pytest.approx(rows["K"].days_per_fte)
    assert [row.unit_id for row in result.flagged] == ["HIGH", "RISE"]


def test_page_lists_flagged_units_with_links_and_explains_left_out_units(client_for, planted):
    page = client_for("hr").get(URL).content.decode()
    assert "Høj Hjemmepleje" in page and "Stigende Skole" in page
    assert "Normal Nattevagt" not in page and "Lille Lager" not in page
    assert f'href="{reverse("unit-detail", args=["HIGH"])}"' in page
    assert "under 10 ansatte er udeladt" in page
    assert "data-sortable" in page
    page = client_for("hr").get(URL + "?alle=on").content.decode()
    assert "Normal Nattevagt" in page and "Lille Lager" not in page


def test_thresholds_are_adjustable(client_for, planted):
    page = client_for("hr").get(URL + "?hoej=500&stigning=10").content.decode()
    assert "Høj Hjemmepleje" not in page and "Stigende Skole" not in page
    page = client_for("hr").get(URL + "?hoej=25&stigning=0.5").content.decode()
    assert "Høj Hjemmepleje" in page and "Stigende Skole" in page


@pytest.mark.parametrize("query", ["?periode=abc", "?periode=1990-01", "?hoej=-5",
                                   "?stigning=mange", "?hoej=1e9"])
def test_bad_input_shows_a_message(client_for, planted, query):
    response = client_for("hr").get(URL + query)
    assert response.status_code == 200
    page = response.content.decode()
    assert 'class="error"' in page and "Høj Hjemmepleje" in page


def test_xlsx_download_opens_with_openpyxl(client_for, planted):
    response = client_for("hr").get(URL + "?periode=2024-12&tabel=overvaagning&format=xlsx")
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    values = [cell for row in sheet.iter_rows(values_only=True) for cell in row]
    assert "Høj Hjemmepleje" in values and "Stigende Skole" in values
    assert "Normal Nattevagt" not in values
    assert client_for("leader").get(URL + "?tabel=overvaagning&format=xlsx").status_code == 403

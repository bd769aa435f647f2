"""The unit page through the test client, on a cube computed from the standard org."""

from __future__ import annotations

import datetime as dt
import io
import re

import openpyxl
import pytest
from django.urls import reverse

from naervaer.core.metrics import group_table
from naervaer.metrics.selectors import metrics_inputs
from naervaer.metrics.services import cube_refresh
from naervaer.organisation.services import settings_update
from tests.factories import make_absence, make_employee, make_employment, make_org

NAMES = ["Anna Andersen", "Bo Bertelsen", "Carl Christensen", "Ditte Dahl", "Erik Eriksen",
         "Freja Frost"]
AS_OF = dt.date(2024, 12, 31)


def text_of(response) -> str:  # type: ignore[no-untyped-def]
    assert response.status_code == 200, response.status_code
    return re.sub(r"\s+", " ", response.content.decode())


def tile(page: str, key: str) -> str:
    match = re.search(rf'data-key="{key}">.*?<p class="tile__value">(.*?)</p>', page)
    assert match, key
    return match.group(1).strip()


@pytest.fixture
def org(db):  # type: ignore[no-untyped-def]
    org = make_org()
    cube_refresh(as_of=AS_OF, full=True)
    return org


@pytest.fixture
def client_for(org, client):  # type: ignore[no-untyped-def]
    def build(name: str):  # type: ignore[no-untyped-def]
        client.force_login(getattr(org, name))
        return client
    return build


def url(unit_id: str, **query: str) -> str:
    base = reverse("unit-detail", args=[unit_id])
    return base + ("?" + "&".join(f"{key}={value}" for key, value in query.items()) if query else "")


def expected(unit_id: str, kind: str, month: str) -> dict:  # type: ignore[type-arg]
    inputs = metrics_inputs()
    table = group_table(units=inputs.units, employments=inputs.employments, absences=inputs.absences,
                        date_from=dt.date(2024, 1, 1), date_to=AS_OF, by=kind, as_of=AS_OF,
                        config=inputs.config, unit_ids=[unit_id])
    end = dt.date.fromisoformat(month + "-01")
    rows = [row for row in table.iter_rows(named=True)
            if row["period_end"].year == end.year and row["period_end"].month == end.month]
    return rows[0]


def test_leader_sees_tiles_equal_to_the_metrics_and_the_employee_link(client_for):
    page = text_of(client_for("leader").get(url("SOL", art="month", periode="2024-03")))
    assert "<h1>Plejecenter Solgården</h1>" in page
    row = expected("SOL", "month", "2024-03")
    assert tile(page, "absence_pct") == f"{row['absence_pct']:.1f} %".replace(".", ",")
    assert tile(page, "short_days") == f"{row['short_days']:.1f}".replace(".", ",")
    assert reverse("unit-employees", args=["SOL"]) in page
    assert reverse("unit-detail", args=["SOLA"]) in page  # the child, linked with the selection
    assert "Ældreforvaltningen" in page and reverse("unit-detail", args=["AE"]) + '"' not in page


def test_selectors_change_the_figures(client_for):
    client = client_for("hr")
    march = tile(text_of(client.get(url("SOL", art="month", periode="2024-03"))), "absence_pct")
    april = tile(text_of(client.get(url("SOL", art="month", periode="2024-04"))), "absence_pct")
    assert march != april and april == "0,0 %"
    own = text_of(client.get(url("AE", art="month", periode="2024-03", omfang="own")))
    assert tile(own, "absence_pct") == "–"  # nobody is placed directly in AE


@pytest.mark.parametrize("role", ["trio", "direktion"])
@pytest.mark.parametrize("unit_id", ["SOL", "SOLA"])
def test_aggregated_roles_see_no_persons_and_small_groups_suppressed(client_for, role, unit_id):
    page = text_of(client_for(role).get(url(unit_id, art="month", periode="2024-03")))
    assert tile(page, "absence_pct") == "–" and "færre end 5 medarbejdere" in page
    assert reverse("unit-employees", args=[unit_id]) not in page
    assert "/medarbejdere/" not in page
    for name in NAMES:
        assert name not in page


def test_suppression_threshold_comes_from_settings(org, client_for):
    settings_update(small_group_threshold=2)
    page = text_of(client_for("trio").get(url("SOL", art="month", periode="2024-03")))
    assert tile(page, "absence_pct") != "–"


def test_large_enough_groups_are_shown_to_direktion(org, client_for):
    team = org.sol_a
    for number in range(5):
        person = make_employee(employee_id=f"P-X{number}", name=f"X {number}")
        make_employment(employee=person, unit=team, employment_id=f"E-X{number}")
    make_absence(employment=org.carl_job, key="ABS-CARL", start_date=dt.date(2024, 3, 11),
                 end_date=dt.date(2024, 3, 12))
    cube_refresh(as_of=AS_OF, full=True)
    page = text_of(client_for("direktion").get(url("SOLA", art="month", periode="2024-03")))
    row = expected("SOLA", "month", "2024-03")
    assert row["headcount"] == 6
    assert tile(page, "absence_pct") == f"{row['absence_pct']:.1f} %".replace(".", ",")


def test_bad_selection_rerenders_with_a_message(client_for):
    page = text_of(client_for("hr").get(url("SOL", art="fortnight", periode="1999-01", gruppe="x")))
    assert "errorlist" in page
    assert "Vælg en måned mellem" in page


def test_table_downloads_as_xlsx(client_for):
    response = client_for("hr").get(url("K", art="year", periode="2024-12", tabel="underenheder",
                                        format="xlsx"))
    assert response.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    values = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert values[3][:2] == ["Enhed", "Medarbejdere"]
    assert {"Ældreforvaltningen", "Skoleområdet"} <= {row[0] for row in values[4:]}


def test_unknown_table_is_404(client_for):
    response = client_for("hr").get(url("K", tabel="nope", format="xlsx"))
    assert response.status_code == 404


def test_page_without_cube_explains(db, client):  # type: ignore[no-untyped-def]
    org = make_org()
    client.force_login(org.hr)
    page = text_of(client.get(url("K")))
    assert "Der er endnu ingen nøgletal" in page


def test_spell_distribution_counts_ended_spells(client_for):
    page = text_of(client_for("hr").get(url("K", art="year", periode="2024-12")))
    # Anna 4-6 March (3 days) and Freja 2-3 September (2 days): both in "2–3 dage"
    match = re.search(r"<th scope=\"row\" class=\"\">2–3 dage</th><td class=\"num \" data-value=\"(\d+)\"", page)
    assert match and match.group(1) == "2"


def test_comment_and_timeline_notes_show_on_the_page_and_in_the_report(org, client_for):
    from io import BytesIO

    from pypdf import PdfReader

    from naervaer.insight.models import TimelineNote, UnitComment

    UnitComment.objects.create(unit=org.sol, period_kind="month", period_start=dt.date(2024, 3, 1),
                               text="Influenza i hele huset.", author=org.leader)
    TimelineNote.objects.create(unit=org.sol, date=dt.date(2024, 2, 1), text="Ny leder")
    client = client_for("leader")
    page = text_of(client.get(url("SOL", art="month", periode="2024-03")))
    assert "Influenza i hele huset." in page and "Ny leder" in page
    assert reverse("unit-comment", args=["SOL"]) in page
    other_month = text_of(client.get(url("SOL", art="month", periode="2024-04")))
    assert "Influenza i hele huset." not in other_month
    response = client.get(reverse("unit-report", args=["SOL"]) + "?art=month&periode=2024-03")
    text = "\n".join(p.extract_text() for p in PdfReader(BytesIO(response.content)).pages)
    assert "Influenza i hele huset." in text and "Ny leder" in text


def test_trio_reads_the_comment_but_gets_no_write_link(org, client_for):
    from naervaer.insight.models import UnitComment

    UnitComment.objects.create(unit=org.sol, period_kind="month", period_start=dt.date(2024, 3, 1),
                               text="Forklaring.")
    page = text_of(client_for("trio").get(url("SOL", art="month", periode="2024-03")))
    assert "Forklaring." in page
    assert reverse("unit-comment", args=["SOL"]) not in page


def test_adjusted_child_benchmark_on_request(client_for):
    client = client_for("hr")
    plain = text_of(client.get(url("K", art="year", periode="2024-12")))
    assert "justeret=1#justeret" in plain and 'id="tabel-justeret"' not in plain
    adjusted = text_of(client.get(url("K", art="year", periode="2024-12", justeret="1")))
    assert 'id="tabel-justeret"' in adjusted
    for name in ("Ældreforvaltningen", "Skoleområdet"):
        assert name in adjusted


def test_report_has_the_adjusted_benchmark(org):
    from io import BytesIO

    from pypdf import PdfReader

    from naervaer.insight.report import report_pdf, report_selection

    pdf = report_pdf(org.kommune, report_selection(dt.date(2024, 12, 1)), persons=True)
    text = "\n".join(page.extract_text() for page in PdfReader(BytesIO(pdf)).pages)
    assert "Underenheder justeret for rammevilkår" in text

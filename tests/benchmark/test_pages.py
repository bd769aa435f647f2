"""The benchmark page, the child-unit table for the unit page and the report, and the
national reference rates page."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.urls import reverse

from naervaer.benchmark.models import NationalReferenceRate
from naervaer.benchmark.selectors import child_benchmark

URL = "/sammenligning/K/?periode=2024-12"


def text_of(response) -> str:  # type: ignore[no-untyped-def]
    assert response.status_code == 200
    return re.sub(r"\s+", " ", response.content.decode())


def row_of(page: str, name: str) -> str:
    match = re.search(rf'<tr>\s*<th scope="row"[^>]*>(?:<a [^>]*>)?{name}(?:</a>)?.*?</tr>', page)
    assert match, name
    return match.group(0)


def test_url_names() -> None:
    assert reverse("unit-benchmark", args=["K"]) == "/sammenligning/K/"
    assert reverse("benchmark") == "/sammenligning/"


def test_page_shows_raw_and_adjusted_funnel_and_method(client_for) -> None:
    page = text_of(client_for("hr").get(URL))
    assert "Rå og justeret side om side" in page
    assert "spec-tragt" in page and "Tragtdiagrammet som tabel" in page
    assert "Det kan sammenligningen ikke se" in page
    assert "Potentiale" in page
    assert "–" not in row_of(page, "Lille")  # HR sees persons: nothing suppressed


@pytest.mark.parametrize("role", ["direktion", "trio"])
def test_small_units_are_suppressed_for_roles_without_person_access(client_for, role: str) -> None:
    page = text_of(client_for(role).get(URL))
    small = row_of(page, "Lille")
    assert "(skjult: for få personer)" in small
    assert "data-value" not in small
    assert "færre end 5 medarbejdere" in page
    # Not in the funnel either.
    assert '"name": "Lille"' not in page
    assert "(skjult" not in row_of(page, "Pleje")


def test_small_units_shown_to_leader_with_person_access(client_for) -> None:
    page = text_of(client_for("leader").get(URL))
    assert "(skjult" not in row_of(page, "Lille")


def test_start_redirects_to_the_top_unit_and_anonymous_to_login(client_for) -> None:
    assert client_for("hr").get("/sammenligning/")["Location"] == "/sammenligning/K/"
    assert client_for(None).get(URL).status_code == 302


def test_xlsx_download(client_for) -> None:
    response = client_for("direktion").get(URL + "&format=xlsx&tabel=sammenligning")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")


def test_national_reference_and_unit_type_options(client_for) -> None:
    page = text_of(client_for("hr").get(URL + "&reference=national"))
    assert "ingen landstal" in page
    NationalReferenceRate.objects.create(staff_group="Social- og sundhedshjælper", absence_pct="7.5")
    NationalReferenceRate.objects.create(staff_group="Akademiker", absence_pct="3")
    page = text_of(client_for("hr").get(URL + "&reference=national"))
    assert "landstallene for hver personalegruppe" in page
    page = text_of(client_for("hr").get(URL + "&enhedstype=on"))
    assert "også justeret for enhedstype" in page


def test_bad_month_is_a_form_error(client_for) -> None:
    page = text_of(client_for("hr").get("/sammenligning/K/?periode=1999-01"))
    assert "Vælg en måned" in page


@pytest.mark.parametrize("persons", [True, False])
def test_child_benchmark_table(bench_org, persons: bool) -> None:
    table = child_benchmark(bench_org.root, dt.date(2024, 1, 1), dt.date(2024, 12, 31), persons)
    names = [row[0].value for row in table.rows]
    assert sorted(names) == ["Administration", "Lille", "Pleje"]
    small = next(row for row in table.rows if row[0].value == "Lille")
    assert all(cell.suppressed for cell in small[1:]) is (not persons)
    ranks = [row[11].value for row in table.rows if not row[11].suppressed]
    assert sorted(ranks) == list(range(1, len(ranks) + 1))  # no gap where a unit is hidden


def test_reference_rates_page_is_hr_only(client_for) -> None:
    assert client_for("direktion").get("/sammenligning/landstal/").status_code == 403
    client = client_for("hr")
    assert client.get("/sammenligning/landstal/").status_code == 200
    response = client.post("/sammenligning/landstal/", {
        "form-TOTAL_FORMS": "1", "form-INITIAL_FORMS": "0",
        "form-0-staff_group": "Pædagog", "form-0-absence_pct": "6.1", "form-0-source": "KRL 2024"})
    assert response.status_code == 302
    assert NationalReferenceRate.objects.get().rate == pytest.approx(0.061)


def test_section_partial_renders_the_table_or_the_toggle(bench_org) -> None:
    from django.template.loader import render_to_string

    table = child_benchmark(bench_org.root, dt.date(2024, 1, 1), dt.date(2024, 12, 31), False)
    page = render_to_string("benchmark/_section.html", {"benchmark_table": table, "unit": bench_org.root,
                                                        "export_query": "?art=month"})
    assert "Underenheder justeret for rammevilkår" in page and "tabel-justeret" in page
    assert "/sammenligning/K/" in page
    toggle = render_to_string("benchmark/_section.html", {"benchmark_table": None, "unit": bench_org.root,
                                                          "export_query": "?art=month"})
    assert "?art=month&amp;justeret=1#justeret" in toggle


def test_report_section_has_the_funnel_the_table_and_the_potential(bench_org) -> None:
    from naervaer.insight.report import report_html, report_selection
    from naervaer.metrics.services import cube_refresh

    cube_refresh(as_of=dt.date(2024, 12, 31), full=True)
    html = report_html(bench_org.root, report_selection(dt.date(2024, 3, 1), quarter=True),
                       persons=False)
    section = html[html.index("Underenheder justeret for rammevilkår"):]
    assert "Hver prik er en underenhed" in section
    funnel = section[section.index('<div class="chart">'):section.index("</svg>")]
    assert "<svg" in funnel and "Fraværsratio" in funnel
    assert "Pleje" in section and "Administration" in section
    # Web version (no PDF): no SVG conversion, the table still there.
    web = report_html(bench_org.root, report_selection(dt.date(2024, 3, 1), quarter=True),
                      persons=False, for_pdf=False)
    assert "Hver prik er en underenhed" not in web and "Underenheder justeret for rammevilkår" in web

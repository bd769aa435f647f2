"""HR's initiative pages: list, create, evaluation with chart, table and verdict."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from naervaer.evaluation.models import Initiative
from tests.core.test_evaluation import START


def text_of(response) -> str:  # type: ignore[no-untyped-def]
    assert response.status_code == 200
    return re.sub(r"\s+", " ", response.content.decode())


def test_url_names(org) -> None:
    assert reverse("evaluation:list") == "/initiativer/"
    assert reverse("evaluation:detail", args=[org.initiative.pk]) == f"/initiativer/{org.initiative.pk}/"


def test_list_shows_initiatives_and_form(client_for, org) -> None:
    page = text_of(client_for("hr").get("/initiativer/"))
    assert "Nærvær i område A" in page and "Ny indsats" in page


def test_hr_creates_an_initiative(client_for, org) -> None:
    response = client_for("hr").post("/initiativer/", {
        "name": "Ledertræning", "description": "", "start_date": START.isoformat(),
        "units": [org.area.pk]})
    created = Initiative.objects.get(name="Ledertræning")
    assert response.status_code == 302 and response["Location"] == f"/initiativer/{created.pk}/"
    assert list(created.units.values_list("unit_id", flat=True)) == ["A"]
    assert created.created_by == org.hr


def test_form_errors_rerender(client_for, org) -> None:
    page = text_of(client_for("hr").post("/initiativer/", {"name": "", "start_date": "x"}))
    assert "errorlist" in page
    assert Initiative.objects.count() == 1


def test_evaluation_page_shows_verdict_chart_and_table(client_for, org) -> None:
    page = text_of(client_for("hr").get(f"/initiativer/{org.initiative.pk}/"))
    assert "Sygefraværet faldt mere i de deltagende enheder" in page
    assert "sikkerhedsinterval" in page
    assert "spec-evaluering" in page and "Fraværsprocent pr. måned" in page
    assert "10 deltagende enheder" in page
    assert "ikke med sikkerhed hvorfor" in page


def test_evaluation_table_downloads_as_xlsx(client_for, org) -> None:
    response = client_for("hr").get(f"/initiativer/{org.initiative.pk}/?format=xlsx&tabel=maaneder")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")


def test_cannot_tell_says_why(client_for, org) -> None:
    small = Initiative.objects.create(name="Én enhed", start_date=START)
    small.units.set(org.area.children.filter(unit_id="T00"))
    page = text_of(client_for("hr").get(f"/initiativer/{small.pk}/"))
    assert "Data kan ikke afgøre, om indsatsen har virket." in page
    assert "der skal være mindst 3" in page


def test_other_initiatives_units_are_no_comparison(org) -> None:
    from naervaer.evaluation.selectors import initiative_evaluation

    other = Initiative.objects.create(name="Andet", start_date=START)
    other.units.set(org.root.children.filter(unit_id__in=["C10", "C11"]))
    result = initiative_evaluation(org.initiative).evaluation
    assert not {"C10", "C11"} & set(result.comparison_units)


def test_without_cube_says_so(client_for, org, cube) -> None:
    (cube / "month.parquet").unlink()
    page = text_of(client_for("hr").get(f"/initiativer/{org.initiative.pk}/"))
    assert "ikke beregnet endnu" in page


@pytest.mark.parametrize("name", ["leader", "direktion", "trio"])
def test_others_are_refused(client_for, org, name: str) -> None:
    client = client_for(name)
    assert client.get("/initiativer/").status_code == 403
    assert client.get(f"/initiativer/{org.initiative.pk}/").status_code == 403
    assert client.post("/initiativer/", {"name": "x"}).status_code == 403


def test_anonymous_is_sent_to_login(client_for, org) -> None:
    assert client_for(None).get("/initiativer/").status_code == 302

"""The team's days (absent colleagues per day, counts only) and the staffing priority
ladder: scope, suppression of small groups, the formset's validation and who may edit."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from naervaer.accounts.models import AuditEvent
from naervaer.insight.models import StaffingStep
from naervaer.insight.services.ladder import default_steps, ladder_replace
from tests.factories import make_absence, make_employment

TODAY = dt.date(2024, 6, 30)


@pytest.fixture(autouse=True)
def _today(monkeypatch):  # type: ignore[no-untyped-def]
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: TODAY)


def text_of(response) -> str:  # type: ignore[no-untyped-def]
    return re.sub(r"\s+", " ", response.content.decode())


def days_url(unit_id: str, query: str = "") -> str:
    return reverse("team-days", args=[unit_id]) + query


def ladder_url(unit_id: str) -> str:
    return reverse("staffing-ladder", args=[unit_id])


def day_cell(page: str, label_start: str) -> str:
    match = re.search(r'<td class="cal-day [^"]*"[^>]*>(?:(?!</td>).)*<span class="visually-hidden">'
                      + re.escape(label_start) + r"[^<]*</span></td>", page)
    assert match, f"no day cell for {label_start!r}"
    return match.group(0)


def table_row(page: str, date: str) -> list[str]:
    row = re.search(r"<tr>\s*<th scope=\"row\"[^>]*>" + date + r"</th>(.*?)</tr>", page)
    assert row, date
    return [re.sub(r"<[^>]+>", "", cell).strip() for cell in re.findall(r"<td[^>]*>(.*?)</td>", row.group(1))]


def test_leader_sees_counts_per_day_without_names(client_for):
    page = text_of(client_for("leader").get(days_url("SOL", "?periode=2024-03")))
    assert "<caption>marts 2024</caption>" in page
    cell = day_cell(page, "mandag 4. marts 2024")
    assert '<span class="heat-count" aria-hidden="true">1</span>' in cell
    assert "1 syge, 0 andet fravær, 2 ansatte" in cell   # Anna and Bo; Ditte left in 2021
    assert table_row(page, "04-03-2024") == ["mandag", "1", "0", "2", ""]
    assert table_row(page, "07-03-2024") == ["torsdag", "0", "0", "2", ""]
    assert "Anna" not in page and "Bo Bertelsen" not in page and "P-ANNA" not in page
    # Holidays are marked.
    assert "heat--off" in day_cell(page, "fredag 29. marts 2024 · Langfredag")


def test_subtree_scope_counts_the_children_too(org, client_for):
    make_absence(employment=org.carl_job, start_date=dt.date(2024, 3, 4), end_date=dt.date(2024, 3, 4),
                 type="ferie")
    own = text_of(client_for("leader").get(days_url("SOL", "?periode=2024-03&omfang=own")))
    whole = text_of(client_for("leader").get(days_url("SOL", "?periode=2024-03&omfang=subtree")))
    assert table_row(own, "04-03-2024") == ["mandag", "1", "0", "2", ""]
    assert table_row(whole, "04-03-2024") == ["mandag", "1", "1", "3", ""]
    assert "1+1" in day_cell(whole, "mandag 4. marts 2024")


def test_quarter_and_bad_parameters(client_for):
    page = text_of(client_for("leader").get(days_url("SOL", "?art=quarter&periode=2024-05")))
    assert "2. kvartal 2024" in page and page.count('class="cal-month heat-month"') == 3
    response = client_for("leader").get(days_url("SOL", "?art=aar&periode=maj&omfang=alt"))
    assert response.status_code == 200
    page = text_of(response)
    assert "Viser standardvalget i stedet" in page and "<caption>juni 2024</caption>" in page


def test_small_groups_are_suppressed_for_roles_without_person_access(org, client_for):
    page = text_of(client_for("trio").get(days_url("SOL", "?periode=2024-03")))
    cell = day_cell(page, "mandag 4. marts 2024")
    assert '<span class="heat-count" aria-hidden="true">–</span>' in cell
    assert "skjult: færre end 5 ansatte" in cell
    assert table_row(page, "04-03-2024") == ["mandag"] + ["– (skjult: for få personer)"] * 3 + [""]
    assert "færre end 5 ansatte vises som “–”" in page
    # Five employed: shown.
    for _ in range(3):
        make_employment(unit=org.sol, start_date=dt.date(2024, 1, 1))
    page = text_of(client_for("trio").get(days_url("SOL", "?periode=2024-03")))
    assert table_row(page, "04-03-2024") == ["mandag", "1", "0", "5", ""]


def test_scope_of_the_pages(client_for):
    assert client_for("leader").get(days_url("K")).status_code == 403
    assert client_for("leader_engly").get(days_url("SOL")).status_code == 200  # a sibling, aggregated
    assert client_for("employee").get(days_url("SOL")).status_code == 403
    assert client_for("hr").get(days_url("NOPE")).status_code == 404
    assert client_for(None).get(days_url("SOL")).status_code == 302
    assert client_for("direktion").get(ladder_url("SOL")).status_code == 200


def test_ladder_colours_the_days_and_is_shown_under_the_map(org, client_for):
    ladder_replace(user=org.hr, unit=org.sol, steps=default_steps())
    page = text_of(client_for("trio").get(days_url("SOL", "?periode=2024-03")))
    assert "Trin 2: 1–2 kolleger er fraværende" in page and "personlig pleje og medicingivning" in page
    assert "Ret prioriteringstrappen" not in page
    page = text_of(client_for("leader").get(days_url("SOL", "?periode=2024-03")))
    assert "heat--step-2" in day_cell(page, "mandag 4. marts 2024")
    assert "heat--step-1" in day_cell(page, "torsdag 7. marts 2024")
    assert table_row(page, "04-03-2024")[-1] == "2. 1–2 kolleger er fraværende"
    assert "Ret prioriteringstrappen" in page


def test_xlsx_of_the_days(client_for):
    response = client_for("leader").get(days_url("SOL", "?periode=2024-03&format=xlsx&tabel=dage"))
    assert response.status_code == 200 and "attachment" in response["Content-Disposition"]


def formset_data(*steps: tuple[str, str, str, str], initial: int = 0) -> dict[str, str]:
    data = {"trin-TOTAL_FORMS": str(len(steps)), "trin-INITIAL_FORMS": str(initial),
            "trin-MIN_NUM_FORMS": "0", "trin-MAX_NUM_FORMS": "1000", "handling": "gem"}
    for index, (low, high, title, tasks) in enumerate(steps):
        data.update({f"trin-{index}-min_absent": low, f"trin-{index}-max_absent": high,
                     f"trin-{index}-title": title, f"trin-{index}-tasks": tasks})
    return data


def test_leader_starts_from_the_default_ladder_and_edits_it(org, client_for):
    client = client_for("leader")
    page = text_of(client.get(ladder_url("SOL")))
    assert "Opret de tre trin" in page and "medicingivning" in page
    response = client.post(ladder_url("SOL"), {"handling": "standard"})
    assert response.status_code == 302
    assert list(StaffingStep.objects.filter(unit=org.sol).values_list("min_absent", "max_absent")) == [
        (0, 0), (1, 2), (3, None)]
    response = client.post(ladder_url("SOL"), formset_data(
        ("0", "1", "Fuld bemanding", "Alt"), ("2", "", "Få hænder", "Kun pleje"), initial=3))
    assert response.status_code == 302
    assert list(StaffingStep.objects.filter(unit=org.sol).values_list("min_absent", "max_absent", "title")) == [
        (0, 1, "Fuld bemanding"), (2, None, "Få hænder")]
    event = AuditEvent.objects.filter(action="staffing_ladder_update").order_by("pk").last()
    assert event is not None and event.detail == {"steps": [[0, 1], [2, None]]}
    assert "Alt" not in str(event.detail)


@pytest.mark.parametrize(("steps", "message"), [
    ((("0", "2", "A", ""), ("2", "", "B", "")), "overlapper"),
    ((("0", "", "A", ""), ("3", "4", "B", "")), "overlapper"),
    ((("3", "1", "A", ""),), "er større end til"),
    ((("x", "", "A", ""),), "Indtast et heltal"),
    ((("0", "", "", ""),), "Dette felt er påkrævet"),
])
def test_invalid_ladders_are_refused_with_a_message(org, client_for, steps, message):
    response = client_for("leader").post(ladder_url("SOL"), formset_data(*steps))
    assert response.status_code == 200
    page = text_of(response)
    assert message in page and "Trappen er ikke gemt" in page
    assert not StaffingStep.objects.filter(unit=org.sol).exists()


def test_broken_management_form_is_not_a_server_error(client_for):
    response = client_for("leader").post(ladder_url("SOL"), {"handling": "gem"})
    assert response.status_code == 200


def test_only_hr_and_the_leader_may_edit(org, client_for):
    for role in ["trio", "direktion", "leader_engly"]:
        page = text_of(client_for(role).get(ladder_url("SOL")))
        assert "Gem trappen" not in page and "Kun HR og enhedens leder" in page
        assert client_for(role).post(ladder_url("SOL"), {"handling": "standard"}).status_code == 403
    assert not StaffingStep.objects.exists()
    assert client_for("hr").post(ladder_url("SOL"), {"handling": "standard"}).status_code == 302

"""The case pages: who may see and do what, the ladder from the stored tasks, the forms."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from naervaer.accounts.models import AuditEvent
from naervaer.cases.models import Case, CaseEvent, Conversation, RetentionPlan, RiskScreening
from naervaer.cases.services import cases_open_automatically, conversation_record
from naervaer.followup.models import SpellFact, Task, TaskStatus
from naervaer.followup.services import followup_run, task_record
from tests.cases.conftest import START, TODAY
from tests.factories import make_absence

pytestmark = pytest.mark.django_db


def text(response) -> str:  # type: ignore[no-untyped-def]
    return re.sub(r"\s+", " ", response.content.decode())


@pytest.fixture
def cases(org, run, today):  # type: ignore[no-untyped-def]
    return {case.employee.employee_id: case for case in cases_open_automatically(as_of=TODAY)}


def url(case: Case) -> str:
    return reverse("cases:detail", args=[case.pk])


@pytest.mark.parametrize(("role", "expected"), [
    ("hr", {"Bo Bertelsen", "Erik Eriksen"}), ("leader", {"Bo Bertelsen"}),
    ("leader_engly", {"Erik Eriksen"}),
])
def test_list_shows_the_cases_in_scope(cases, client_for, role, expected):
    response = client_for(role).get(reverse("cases:list"))
    assert response.status_code == 200
    page = text(response)
    assert {name for name in ("Bo Bertelsen", "Erik Eriksen") if name in page} == expected
    assert AuditEvent.objects.filter(action="view_case_list").exists()


@pytest.mark.parametrize("role", ["trio", "direktion", "employee", "nobody"])
def test_list_is_forbidden_for_other_roles(cases, client_for, role):
    assert client_for(role).get(reverse("cases:list")).status_code == 403


def test_list_needs_login(cases, client_for):
    assert client_for(None).get(reverse("cases:list")).status_code == 302


@pytest.mark.parametrize(("role", "status"), [
    ("hr", 200), ("leader", 200), ("leader_engly", 403), ("trio", 403), ("direktion", 403),
    ("employee", 403), ("nobody", 403)])
def test_case_page_access(cases, client_for, role, status):
    response = client_for(role).get(url(cases["P-BO"]))
    assert response.status_code == status
    if status == 200:
        assert AuditEvent.objects.filter(action="view_case", object_id=str(cases["P-BO"].pk)).exists()


def test_case_page_shows_the_ladder_from_the_tasks(cases, client_for, org):
    call = Task.objects.get(employee=org.bo, code="contact_day_1")
    task_record(task=call, status=TaskStatus.DONE, date=START, user=org.leader)
    page = text(client_for("leader").get(url(cases["P-BO"])))
    assert "Hvor langt er lederen" in page
    ladder = page[page.index('id="tabel-trappe"'):page.index("</table>", page.index('id="tabel-trappe"'))]
    titles = list(Task.objects.filter(employee=org.bo, spell_start=START).values_list("title", flat=True))
    assert titles and all(title in ladder for title in titles)
    assert re.search(r"\(dag 1\)</th>.*?status--green\">Udført", ladder)
    assert "Overskredet" in ladder  # day 5's contact was due long ago and never recorded
    assert "02-06-2025" in ladder


def test_employee_reads_own_case_and_confirms_minutes(org, run, today, client_for):
    make_absence(employment=org.anna_job, key="ANNA-LONG", start_date=START, end_date=None)
    followup_run(as_of=TODAY)
    case = Case.objects.get(pk=next(c.pk for c in cases_open_automatically(as_of=TODAY)
                                    if c.employee_id == org.anna.pk))
    talk = conversation_record(employee=org.anna, case=case, date=TODAY, kind="sygefravaerssamtale",
                               participants={}, minutes="Aftaler om kontakt.", user=org.leader)
    client = client_for("employee")
    page = text(client.get(url(case)))
    assert "Du ser dit eget forløb" in page
    assert 'value="plan"' not in page and 'value="luk"' not in page  # no edit forms
    assert "Jeg bekræfter referatet" in page
    forbidden = client.post(url(case), {"handling": "risiko", "dato": "2025-06-25"})
    assert forbidden.status_code == 403
    response = client.post(url(case), {"handling": "bekraeft", "samtale": talk.pk})
    assert response.status_code == 302
    talk.refresh_from_db()
    assert talk.employee_confirmed_at is not None and talk.leader_confirmed_at is None
    # Anna's own page links her cases; Bo's case stays closed to her.
    own = client.get(reverse("cases:employee") + "?medarbejder=P-ANNA")
    assert own.status_code == 200 and url(case) in own.content.decode()
    assert client.get(reverse("cases:employee") + "?medarbejder=P-BO").status_code == 403


def test_record_conversation_with_template_agenda(cases, client_for):
    case = cases["P-BO"]
    client = client_for("leader")
    page = text(client.get(url(case) + "?samtale=naervaerssamtale"))
    assert "Skriv ikke helbredsoplysninger/diagnoser" in page
    assert "Plan for gradvis tilbagevenden (timer pr. uge, opgaver)" in page
    bad = client.post(url(case), {"handling": "samtale", "dato": "", "art": "naervaerssamtale"})
    assert bad.status_code == 200 and "Ret de markerede felter" in text(bad)
    ok = client.post(url(case), {"handling": "samtale", "dato": "2025-06-20", "art": "naervaerssamtale",
                                 "with_leader": "on", "with_retention_consultant": "on",
                                 "dagsorden": "1. Tilbagevenden", "referat": "Aftalt 10 timer."})
    assert ok.status_code == 302
    talk = Conversation.objects.get(case=case)
    assert talk.with_retention_consultant and not talk.with_hr and talk.agenda == "1. Tilbagevenden"
    confirm = client.post(url(case), {"handling": "bekraeft", "samtale": talk.pk})
    assert confirm.status_code == 302
    talk.refresh_from_db()
    assert talk.leader_confirmed_at is not None and talk.employee_confirmed_at is None


def plan_post(**weeks: str) -> dict[str, str]:
    data = {"handling": "plan", "aftalt": "2025-06-23", "kontakt": "Telefon hver fredag",
            "tilpasninger": "Ingen løft", "stoette": "", "mentor": "on", "opfoelgning_dage": "14",
            "uge-TOTAL_FORMS": "3", "uge-INITIAL_FORMS": "0", "uge-MIN_NUM_FORMS": "0",
            "uge-MAX_NUM_FORMS": "52"}
    data.update(weeks)
    return data


def test_retention_plan_form_saves_schedule_chart_and_fact(cases, client_for):
    case = cases["P-BO"]
    client = client_for("leader")
    response = client.post(url(case), plan_post(**{
        "uge-0-uge": "2025-06-30", "uge-0-planlagt": "10", "uge-0-faktisk": "8",
        "uge-1-uge": "2025-07-07", "uge-1-planlagt": "18,5", "uge-1-opgaver": "Dagvagter"}))
    assert response.status_code == 302
    plan = RetentionPlan.objects.get(case=case)
    assert [(str(w.planned_hours), w.actual_hours) for w in plan.weeks.all()] == [
        ("10.00", 8), ("18.50", None)]
    assert SpellFact.objects.filter(employee=case.employee, kind="retention_plan").count() == 1
    page = text(client.get(url(case)))
    assert 'id="spec-tilbagevenden"' in page and "vega-embed.min.js" in page
    assert "Næste opfølgning" in page and "07-07-2025" in page  # 23-06 + 14 days ≥ 25-06


@pytest.mark.parametrize("weeks", [
    {"uge-0-uge": "2025-06-30", "uge-0-planlagt": "-2"},
    {"uge-0-uge": "2025-07-07", "uge-0-planlagt": "10", "uge-1-uge": "2025-06-30", "uge-1-planlagt": "5"},
    {"uge-0-uge": "2025-06-30"},
    {"uge-0-uge": "ikke en dato", "uge-0-planlagt": "5"},
])
def test_bad_retention_plan_re_renders_with_messages(cases, client_for, weeks):
    response = client_for("leader").post(url(cases["P-BO"]), plan_post(**weeks))
    assert response.status_code == 200
    assert 'class="messages"' in response.content.decode()
    assert not RetentionPlan.objects.exists()


def test_events_risk_and_close(cases, client_for):
    case = cases["P-BO"]
    client = client_for("hr")
    missing = client.post(url(case), {"handling": "haendelse", "art": "expected_return",
                                      "dato": "2025-06-25", "status": "active"})
    assert missing.status_code == 200 and "forventede dato" in text(missing)
    ok = client.post(url(case), {"handling": "haendelse", "art": "expected_return", "dato": "2025-06-25",
                                 "status": "active", "forventet": "2025-09-15"})
    assert ok.status_code == 302
    event = CaseEvent.objects.get(case=case)
    assert client.post(url(case), {"handling": "haendelse_status", "haendelse": event.pk,
                                   "status": "ended"}).status_code == 302
    event.refresh_from_db()
    assert event.status == "ended"
    risk = client.post(url(case), {"handling": "risiko", "dato": "2025-06-25",
                                   "strained_work": "on", "unclear_return": "on", "worries_about_return": "on"})
    assert risk.status_code == 302
    assert RiskScreening.objects.get(case=case).result == "high"
    page = text(client.get(url(case)))
    assert "Høj risiko" in page and "fast track" in page
    assert client.post(url(case), {"handling": "luk", "udfald": "", "dato": "2025-06-25"}).status_code == 200
    assert client.post(url(case), {"handling": "luk", "udfald": "partial_return_continuing",
                                   "dato": "2025-06-25"}).status_code == 302
    case.refresh_from_db()
    assert case.status == "closed"
    assert "Delvis tilbagevenden, fortsætter" in text(client.get(url(case)))
    assert client.post(url(case), {"handling": "nonsense"}).status_code == 200


def test_leader_out_of_scope_cannot_post(cases, client_for):
    response = client_for("leader_engly").post(url(cases["P-BO"]), {"handling": "luk",
                                                                    "udfald": "full_return",
                                                                    "dato": "2025-06-25"})
    assert response.status_code == 403
    assert Case.objects.get(pk=cases["P-BO"].pk).status == "open"


def test_concern_case_and_wellbeing_conversation_from_the_employee(org, today, client_for):
    client = client_for("leader")
    page_url = reverse("cases:employee") + "?medarbejder=P-CARL"
    page = client.get(page_url)
    assert page.status_code == 200 and "Opret et forløb ved bekymring" in text(page)
    bad = client.post(page_url, {"handling": "bekymring", "medarbejder": "P-CARL", "enhed": "ENG",
                                 "dato": "2025-06-25"})
    assert bad.status_code == 200 and not Case.objects.exists()  # ENG is not Carl's unit
    response = client.post(page_url, {"handling": "bekymring", "medarbejder": "P-CARL", "enhed": "SOLA",
                                      "dato": "2025-06-25"})
    case = Case.objects.get(employee=org.carl)
    assert response.status_code == 302 and response["Location"] == url(case)
    assert case.spell_start is None and case.opened_reason == "concern"
    assert "intet sygeforløb" in text(client.get(url(case)))
    talk = client.post(page_url, {"handling": "trivsel", "medarbejder": "P-CARL", "enhed": "SOLA",
                                  "dato": "2025-06-20", "art": "trivselssamtale", "with_leader": "on",
                                  "dagsorden": "", "referat": "Aftalt færre aftenvagter."})
    assert talk.status_code == 302
    conversation = Conversation.objects.get(employee=org.carl)
    assert conversation.case is None and "trivsel" in conversation.agenda
    # Another leader and TRIO do not reach Carl's page; the employee page links it.
    assert client_for("leader_engly").get(page_url).status_code == 403
    assert client_for("trio").get(page_url).status_code == 403
    employee_page = client.get(reverse("employee-detail", args=["P-CARL"]))
    assert page_url in employee_page.content.decode()


def test_unknown_case_and_bad_ids(cases, client_for):
    client = client_for("hr")
    assert client.get(reverse("cases:detail", args=[999999])).status_code == 404
    assert client.post(url(cases["P-BO"]), {"handling": "bekraeft", "samtale": "x"}).status_code == 404
    assert client.get(reverse("cases:employee") + "?medarbejder=NOPE").status_code == 404
    assert client_for("employee").get(reverse("cases:employee") + "?medarbejder=NOPE").status_code == 403
    assert client.get(reverse("cases:list") + "?status=weird").status_code == 200

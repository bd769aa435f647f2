"""Every POST form of the app, fed hostile values: never a 500.

A small organisation with a policy, stored tasks, open cases with a conversation and a
retention plan, an action plan, an annual wheel with meetings, an incident, targets and
a metric cube is built in code. The pages that hold forms are fetched as HR and as a
leader, every ``<form method="post">`` on them is read (its action, field names and
choices), and Hypothesis posts edge values to it: empty, very long, unicode, NUL,
markup, negative and huge numbers, dates out of range, unknown ids, and the form's own
choices. The answer must be below 500 (a re-rendered form, a redirect, a 403/404).
"""

from __future__ import annotations

import datetime as dt
import re
import traceback
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import urljoin

import pytest
from django.db import transaction
from django.test import Client
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from naervaer.cases.models import Case, Conversation
from naervaer.cases.services import (
    case_open_concern,
    cases_open_automatically,
    conversation_record,
    retention_plan_request,
)
from naervaer.core.followup.presets import HOSPITAL_1_5_15
from naervaer.followup.models import Policy, SickReport, Task
from naervaer.followup.services import followup_run, policy_create, unit_policy_set
from naervaer.metrics.services import cube_refresh
from naervaer.strategy.models import PlanAction, WheelMeeting
from naervaer.strategy.services import action_add, meeting_save, plan_get_or_create, wheel_create
from naervaer.wellbeing.models import Incident
from naervaer.wellbeing.services import incident_record
from tests.factories import make_absence, make_org

pytestmark = pytest.mark.django_db

EDGE_VALUES = [
    "", " ", "x" * 300, "x" * 20_000, "æøå ÆØÅ 😀 \u202e", "\x00", "a\x00b", "\ufeff",
    "<script>alert(1)</script>", "'; DROP TABLE x; --", "%s %(x)s {0}", "-1", "0",
    "-999999999999", "99999999999999999999999", "1e309", "NaN", "3.5", "3,5",
    "0000-00-00", "0001-01-01", "9999-12-31", "10000-01-01", "2024-02-30", "2024-13-01",
    "31-12-2024", "1900-01-01", "999999", "abc", "on", "true", "[]", "{}",
]


@dataclass
class Form:
    page: str
    action: str
    role: str
    fields: dict[str, list[str]] = field(default_factory=dict)  # name → known values

    def __str__(self) -> str:
        return f"{self.role} POST {self.action} (from {self.page}): {sorted(self.fields)}"


class _FormParser(HTMLParser):
    """The POST forms of a page: action, and each named field with its known values."""

    def __init__(self, page: str, role: str):
        super().__init__()
        self.page, self.role = page, role
        self.forms: list[Form] = []
        self._form: Form | None = None
        self._select: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attr = {name: value or "" for name, value in attrs}
        if tag == "form":
            if attr.get("method", "get").lower() == "post":
                self._form = Form(self.page, urljoin(self.page, attr.get("action") or ""),
                                  self.role)
                self.forms.append(self._form)
            return
        if self._form is None or "name" not in attr:
            if tag == "option" and self._form is not None and self._select:
                self._form.fields[self._select].append(attr.get("value", ""))
            return
        name = attr["name"]
        if name == "csrfmiddlewaretoken":
            return
        values = self._form.fields.setdefault(name, [])
        if tag == "select":
            self._select = name
        elif attr.get("value"):
            values.append(attr["value"])

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self._form = None
        elif tag == "select":
            self._select = None


@pytest.fixture
def world():  # type: ignore[no-untyped-def]
    today = timezone.localdate()
    org = make_org()
    policy = policy_create(name="Sygehus", version=HOSPITAL_1_5_15, preset="hospital_1_5_15")
    unit_policy_set(unit=org.kommune, policy=policy)
    start = today - dt.timedelta(days=40)
    make_absence(employment=org.bo_job, key="BO-LONG", start_date=start, end_date=None)
    make_absence(employment=org.erik_job, key="ERIK-LONG", start_date=start, end_date=None)
    followup_run(as_of=today)
    cube_refresh(as_of=today, full=True)
    cases_open_automatically(as_of=today)
    case_open_concern(employee=org.carl, unit=org.sol_a, date=today, user=org.hr)
    case = Case.objects.filter(employee=org.bo).first()
    assert case is not None
    conversation_record(employee=org.bo, case=case, date=today, kind="sygefravaerssamtale",
                        participants={"with_leader": True, "with_employee": True},
                        user=org.leader)
    retention_plan_request(case=case, date=today, user=org.leader)
    plan = plan_get_or_create(org.sol, user=org.hr)
    action_add(plan, user=org.hr, text="Trivselsmøde", deadline=today)
    wheel = wheel_create(org.sol, today.year, user=org.hr)
    meeting_save(wheel, user=org.hr, date=today, topic="Fravær", standing_items=["Status"],
                 revises_plan=False)
    incident_record(unit=org.sol, date=today, kind=Incident._meta.get_field("kind").choices[0][0],
                    description="Fald", employee=org.bo, user=org.leader)
    SickReport.objects.all()  # reports are made through the page (a form below)
    return org


def _pages(org) -> list[str]:  # type: ignore[no-untyped-def]
    today = timezone.localdate()
    case = Case.objects.filter(employee=org.bo).first()
    policy = Policy.objects.first()
    task = Task.objects.filter(unit=org.sol).first()
    meeting = WheelMeeting.objects.first()
    incident = Incident.objects.first()
    pages = [
        "/politikker/", "/politikker/ny/", "/politikker/skabeloner/", "/politikker/enheder/",
        "/politikker/importer/", "/opfoelgning/", "/forloeb/", "/forloeb/medarbejder/",
        "/maal/", "/maal/eskaleringer/", "/handleplaner/", "/handleplaner/skabelon/",
        f"/handleplan/{org.sol.pk}/", "/aarshjul/", f"/aarshjul/{org.sol.pk}/{today.year}/",
        "/haendelser/", "/haendelser/ny/", "/sygemeldinger/", "/indstillinger/advis/",
        "/initiativer/", "/trivsel/", "/enheder/SOL/", "/enheder/SOL/kommentar/",
        "/enheder/SOL/tidslinje/", "/enheder/SOL/prioriteringstrappe/",
        f"/medarbejdere/{org.bo.employee_id}/",
    ]
    if policy:
        pages += [f"/politikker/{policy.pk}/", f"/politikker/{policy.pk}/ny-version/",
                  f"/politikker/{policy.pk}/kopier/"]
    if task:
        pages += [f"/opfoelgning/opgaver/{task.pk}/udfoert/",
                  f"/opfoelgning/opgaver/{task.pk}/fravalg/"]
    if case:
        pages.append(f"/forloeb/{case.pk}/")
    if meeting:
        pages += [f"/aarshjul/moede/{meeting.pk}/", f"/aarshjul/moede/{meeting.pk}/rediger/"]
    if incident:
        pages.append(f"/haendelser/{incident.pk}/")
    return pages


def _discover(org) -> tuple[list[Form], dict[str, Client]]:  # type: ignore[no-untyped-def]
    clients = {}
    for role, user in (("hr", org.hr), ("leader", org.leader)):
        client = Client()
        client.force_login(user)
        clients[role] = client
    forms: dict[tuple[str, str, tuple[str, ...]], Form] = {}
    for page in _pages(org):
        for role, client in clients.items():
            response = client.get(page)
            assert response.status_code < 500, f"{role} GET {page}: {response.status_code}"
            if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
                continue
            parser = _FormParser(page, role)
            parser.feed(response.content.decode())
            for form in parser.forms:
                if form.action.startswith(("/logout", "/i18n")) or not form.fields:
                    continue
                # One of each kind (the inbox has a done/waive pair per task).
                kind = re.sub(r"/\d+/", "/N/", form.action)
                forms.setdefault((role, kind, tuple(sorted(form.fields))), form)
    return list(forms.values()), clients


def _values(form: Form) -> st.SearchStrategy[dict[str, str]]:
    def field_strategy(known: list[str]) -> st.SearchStrategy[str | None]:
        options = [st.sampled_from(EDGE_VALUES), st.text(max_size=40), st.none()]
        if known:  # the form's own values half of the time, so that deeper checks are reached
            options += [st.sampled_from(known)] * 3
        return st.one_of(*options)

    return st.fixed_dictionaries({name: field_strategy(known)
                                  for name, known in form.fields.items()})


def test_every_post_form_answers_hostile_values_without_a_500(world):
    forms, clients = _discover(world)
    actions = {form.action for form in forms}
    # The discovery found the forms the issue names (policy, task, case, targets, plans,
    # wheel meetings, incidents, sick reports, comments, notice settings).
    for expected in ("/politikker/ny/", "/udfoert/", "/fravalg/", "/forloeb/", "/maal/",
                     "/handleplan", "/aarshjul/moede/", "/haendelser/ny/", "/sygemeldinger/",
                     "/kommentar/", "/indstillinger/advis/"):
        assert any(expected in action for action in actions), (expected, sorted(actions))
    failures = [failure for form in forms if (failure := _fuzz(form, clients[form.role]))]

    assert not failures, "\n\n".join(failures)
    assert len(forms) >= 40  # the discovery did not silently find nothing


def _fuzz(form: Form, client: Client) -> str | None:
    """Post hostile values to one form; the shrunk failure, if any."""

    @settings(max_examples=8, deadline=None, database=None,
              suppress_health_check=list(HealthCheck))
    @given(data=_values(form))
    def post(data: dict[str, str | None]) -> None:
        body = {name: value for name, value in data.items() if value is not None}
        with transaction.atomic():
            try:
                status, detail = client.post(form.action, body).status_code, ""
            except Exception:  # noqa: BLE001  # the finding, reported below
                status, detail = 500, traceback.format_exc(limit=-4)
            transaction.set_rollback(True)
        shown = {name: value[:60] for name, value in body.items()}
        assert status < 500, f"{form}\n  data: {shown}\n  {status}: {detail}"

    try:
        post()  # Hypothesis shrinks a failure and raises it once
    except AssertionError as failure:
        return str(failure)
    return None


def test_a_next_that_is_not_a_path_goes_back_to_the_inbox(world):
    """Found by the fuzzer: ``next=1e309`` was taken for a URL name and gave a 500."""
    client = Client()
    client.force_login(world.hr)
    task = Task.objects.filter(status__in=["open", "overdue"]).first()
    assert task is not None

    response = client.post(f"/opfoelgning/opgaver/{task.pk}/fravalg/",
                           {"next": "1e309", "begrundelse": "Ikke relevant"})

    assert response.status_code == 302 and response["Location"] == "/opfoelgning/"


def test_bad_values_re_render_the_form_with_a_message(world):
    client = Client()
    client.force_login(world.hr)

    response = client.post("/politikker/ny/", {"name": "\x00" * 3, "preset": "nope"})

    assert response.status_code in (200, 400)
    assert "errorlist" in response.content.decode() or "error" in response.content.decode()
    assert Policy.objects.count() == 1 and PlanAction.objects.count() == 1
    assert Conversation.objects.count() == 1

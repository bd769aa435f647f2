"""Every URL pattern, requested as every role and as anonymous, answers as the route
table (``tests/security/route_table.py``) says: nothing is reachable that the roles of
the spec do not allow, and a POST by a role that may not use a route changes nothing.

The organisation is ``tests.factories.make_org`` (leader and TRIO of SOL; ENG is SOL's
sibling, SKO lies outside) with a case, a task, a sick report, an incident, a plan,
a wheel with a meeting and a decision per side, a policy and an initiative, built once
for the module inside a transaction that is rolled back at the end; every test runs in
a savepoint of its own.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from http.cookies import SimpleCookie
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.db import connection, models, transaction
from django.test import Client, override_settings
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from tests.security.route_table import (
    ADMIN_LOGIN,
    LOGIN,
    REDIRECT,
    REFUSED,
    ROLES,
    ROUTES,
    Expect,
    Probe,
    Route,
    app_list_pattern,
)

# Every test asks for the database, so that pytest-django sets up the test database
# even when only the table checks are selected (the module fixture writes rows).
pytestmark = pytest.mark.django_db

CUBE_AS_OF = dt.date(2024, 12, 31)
SPELL_START = dt.date(2025, 6, 2)
STATIC_PREFIXES = ("static/", "media/")


# --- the resolver ---------------------------------------------------------------------------

def _walk(patterns: list[Any], prefix: str = "") -> Iterator[str]:
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            yield from _walk(pattern.url_patterns, prefix + str(pattern.pattern))
        elif isinstance(pattern, URLPattern):
            yield prefix + str(pattern.pattern)


APP_LIST = re.compile(r"^admin/\^\(\?P<app_label>(?P<labels>[^)]*)\)/\$$")


def _normalised(pattern: str) -> str:
    """The admin's app index pattern with its app labels sorted."""
    match = APP_LIST.match(pattern)
    return app_list_pattern(match["labels"].split("|")) if match else pattern


def resolver_patterns() -> list[str]:
    """Every pattern of the URL configuration as one string (prefixes joined), static
    files left out."""
    return [_normalised(pattern) for pattern in _walk(get_resolver().url_patterns)
            if not pattern.startswith(STATIC_PREFIXES)]


def test_every_pattern_is_in_the_route_table() -> None:
    patterns = resolver_patterns()
    table = [route.pattern for route in ROUTES]
    assert len(table) == len(set(table)), "a pattern is in the route table twice"
    unclassified = sorted(set(patterns) - set(table))
    gone = sorted(set(table) - set(patterns))
    assert not unclassified, f"classify these routes in tests/security/route_table.py: {unclassified}"
    assert not gone, f"these routes no longer exist; remove them from the route table: {gone}"


def test_every_probe_names_every_role() -> None:
    for route in ROUTES:
        assert route.probes, route.pattern
        for probe in route.probes:
            assert set(probe.get) == set(ROLES), (route.pattern, probe.label)


# --- the organisation -----------------------------------------------------------------------

def build_world() -> SimpleNamespace:
    from axes.models import AccessAttempt, AccessFailureLog, AccessLog
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from naervaer.accounts.services import audit_record
    from naervaer.benchmark.models import NationalReferenceRate
    from naervaer.cases.models import Case, CaseReason
    from naervaer.core.followup.presets import HOSPITAL_1_5_15
    from naervaer.evaluation.models import Initiative
    from naervaer.followup.models import Task
    from naervaer.followup.services import followup_run, policy_create, unit_policy_set
    from naervaer.followup.sick_reports import sick_report_create
    from naervaer.imports.models import ImportBatch
    from naervaer.metrics.services import cube_refresh
    from naervaer.notices.models import JobLock, Notice, NoticePreference, OutboxMessage
    from naervaer.organisation.selectors import get_settings
    from naervaer.privacy.models import Anonymisation, RetentionPolicy
    from naervaer.strategy import services as strategy
    from naervaer.strategy.selectors import default_template
    from naervaer.wellbeing.services import incident_record
    from tests.factories import make_absence, make_org, make_superuser

    today = dt.date.today()
    org = make_org()
    org.staff = get_user_model().objects.create_user(username="staff", is_staff=True)
    org.superuser = make_superuser()
    org.anonymous = None

    policy = policy_create(name="Sygehus", version=HOSPITAL_1_5_15, preset="hospital_1_5_15")
    unit_policy_set(unit=org.kommune, policy=policy)
    make_absence(employment=org.bo_job, key="BO-LONG", start_date=SPELL_START)       # SOL
    make_absence(employment=org.erik_job, key="ERIK-LONG", start_date=SPELL_START)   # ENG
    followup_run(as_of=today)
    cube_refresh(as_of=CUBE_AS_OF, full=True)

    task_inside = Task.objects.filter(employee=org.bo).order_by("pk").first()
    task_outside = Task.objects.filter(employee=org.erik).order_by("pk").first()
    assert task_inside is not None and task_outside is not None
    # Cases of long spells, so that a concern case can still be opened (one at a time).
    case_inside = Case.objects.create(employee=org.anna, unit=org.sol, spell_start=SPELL_START,
                                      opened_at=today, opened_reason=CaseReason.LONG_SPELL)
    case_outside = Case.objects.create(employee=org.erik, unit=org.engly, spell_start=SPELL_START,
                                       opened_at=today, opened_reason=CaseReason.LONG_SPELL)
    report_inside = sick_report_create(employment=org.anna_job, first_day=today, channel="phone",
                                       user=org.hr)
    report_outside = sick_report_create(employment=org.erik_job, first_day=today, channel="phone",
                                        user=org.hr)
    incident_inside = incident_record(unit=org.sol, date=today, kind="threat", user=org.hr)
    incident_outside = incident_record(unit=org.engly, date=today, kind="threat", user=org.hr)
    initiative = Initiative.objects.create(name="Nærvær i SOL", start_date=dt.date(2024, 6, 1),
                                           created_by=org.hr)
    initiative.units.set([org.sol])

    keys: dict[str, object] = {
        "today": today.isoformat(), "tomorrow": (today + dt.timedelta(days=1)).isoformat(),
        "year": today.year,
        "unit_own": org.sol.unit_id, "unit_sibling": org.engly.unit_id,
        "unit_outside": org.skole.unit_id, "unit_own_pk": org.sol.pk,
        "unit_outside_pk": org.skole.pk,
        "employee_own": org.anna.employee_id, "employee_colleague": org.bo.employee_id,
        "employee_outside": org.erik.employee_id,
        "policy": policy.pk, "policy_version": policy.versions.order_by("pk")[0].pk,
        "task_inside": task_inside.pk, "task_outside": task_outside.pk,
        "case_inside": case_inside.pk, "case_outside": case_outside.pk,
        "report_inside": report_inside.pk, "report_outside": report_outside.pk,
        "incident_inside": incident_inside.pk, "incident_outside": incident_outside.pk,
        "incident_task_inside": incident_inside.tasks.order_by("pk")[0].pk,
        "incident_task_outside": incident_outside.tasks.order_by("pk")[0].pk,
        "initiative": initiative.pk,
        "unit_content_type": ContentType.objects.get_for_model(org.sol).pk,
    }
    for which, unit in (("own", org.sol), ("outside", org.skole)):
        plan = strategy.plan_get_or_create(unit, user=org.hr)
        keys[f"action_{which}"] = strategy.action_add(plan, user=org.hr, text="Handling").pk
        wheel = strategy.wheel_create(unit, today.year, user=org.hr)
        meeting = strategy.meeting_save(wheel, user=org.hr, date=today + dt.timedelta(days=7),
                                        topic="Matrix", standing_items=["Fravær"],
                                        revises_plan=False)
        keys[f"meeting_{which}"] = meeting.pk
        keys[f"decision_{which}"] = strategy.decision_add(meeting, user=org.hr, text="Beslutning").pk

    # One object per admin model, so that every admin object page has something to show.
    audit_record(user=org.hr, action="matrix", object_type="test", object_id="1")
    Notice.objects.create(task=task_inside, user=org.leader, kind="each", as_of=today,
                          sent_at=dt.datetime.now(dt.UTC), email="leder@example.dk", subject="Advis")
    access_fields = {"user_agent": "matrix", "http_accept": "*/*", "path_info": "/login/"}
    admin_objects: dict[str, models.Model] = {
        "auth/group": Group.objects.create(name="Matrix"),
        "organisation/unit": org.sol, "organisation/employee": org.anna,
        "organisation/employment": org.anna_job, "organisation/absence": org.anna_absence,
        "organisation/organisationsettings": get_settings(),
        "imports/importbatch": ImportBatch.objects.create(source="cli"),
        "accounts/profile": org.leader.profile,
        "accounts/auditevent": org.hr.auditevent_set.order_by("pk").first(),
        "auth/user": org.leader,
        "notices/noticepreference": NoticePreference.objects.create(user=org.leader),
        "notices/notice": Notice.objects.order_by("pk")[0],
        "benchmark/nationalreferencerate": NationalReferenceRate.objects.create(
            staff_group="Lærer", absence_pct=4),
        "strategy/plantemplate": default_template(),
        "privacy/retentionpolicy": RetentionPolicy.objects.first() or RetentionPolicy.objects.create(),
        "privacy/anonymisation": Anonymisation.objects.create(employee=org.ditte, as_of=today),
        "axes/accessattempt": AccessAttempt.objects.create(
            username="matrix", ip_address="10.0.0.1", failures_since_start=1, **access_fields),
        "axes/accessfailurelog": AccessFailureLog.objects.create(
            username="matrix", ip_address="10.0.0.1", **access_fields),
        "axes/accesslog": AccessLog.objects.create(
            username="matrix", ip_address="10.0.0.1", **access_fields),
        # Unconfirmed: a confirmed device would make the second login step ask for a code.
        "otp_totp/totpdevice": TOTPDevice.objects.create(user=org.nobody, name="Matrix",
                                                         confirmed=False),
        "notices/outboxmessage": OutboxMessage.objects.create(
            key="route-matrix", to="leder@example.dk", from_email="naervaer@example.dk",
            subject="Advis", body="Matrix"),
        "notices/joblock": JobLock.objects.create(
            name="route-matrix", holder="test", acquired_at=dt.datetime.now(dt.UTC),
            expires_at=dt.datetime.now(dt.UTC)),
    }
    for model, obj in admin_objects.items():
        assert obj is not None, model
        keys["admin_" + model.replace("/", "_")] = obj.pk
    # A second factor being set up (not confirmed, so no login asks for a code yet).
    for user in (org.hr, org.direktion):
        TOTPDevice.objects.create(user=user, name="Matrix", confirmed=False)
    org.keys = keys
    return org


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker, tmp_path_factory):  # type: ignore[no-untyped-def]
    """The organisation, built once for the module and rolled back after it."""
    cube_dir: Path = tmp_path_factory.mktemp("route-matrix-cube")
    with django_db_blocker.unblock(), override_settings(NAERVAER_CUBE_DIR=cube_dir):
        name = str(connection.settings_dict["NAME"])
        assert "memory" in name or Path(name).name.startswith("test"), f"not a test database: {name}"
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            org = build_world()
            org.cube_dir = cube_dir
            org.sessions = sessions_for(org)
            yield org
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


@pytest.fixture(autouse=True)
def _metric_cube_in_tmp(settings, world):  # type: ignore[no-untyped-def]
    """The module's cube instead of an empty one per test (overrides tests/conftest.py)."""
    settings.NAERVAER_CUBE_DIR = world.cube_dir


class _QuickPdf:
    """Stands in for WeasyPrint's HTML: the matrix is about who gets a PDF, and rendering
    one takes seconds (tests/insight and tests/strategy render real ones)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        pass

    def write_pdf(self, *args: Any, **kwargs: Any) -> bytes:
        return b"%PDF-1.7 route matrix"


@pytest.fixture(autouse=True)
def _quick_pdf(monkeypatch):  # type: ignore[no-untyped-def]
    import vl_convert
    import weasyprint

    monkeypatch.setattr(weasyprint, "HTML", _QuickPdf)
    monkeypatch.setattr(vl_convert, "vegalite_to_svg", lambda spec: "<svg></svg>")


def sessions_for(world: SimpleNamespace) -> dict[str, str]:
    """A logged-in session per role, made once (``force_login``, so that no
    authentication backend or lock-out is involved)."""
    keys = {}
    for role in ROLES:
        user = getattr(world, role)
        if user is not None:
            client = Client()
            client.force_login(user)
            keys[role] = client.cookies[settings.SESSION_COOKIE_NAME].value
    return keys


_clients: dict[str, Client] = {}


def client_as(world: SimpleNamespace, role: str) -> Client:
    """The role's client with only its session cookie. One client per role for the
    module: a new client loads the middleware again (WhiteNoise scans the static files)."""
    client = _clients.setdefault(role, Client())
    client.cookies = SimpleCookie()
    if role in world.sessions:
        client.cookies[settings.SESSION_COOKIE_NAME] = world.sessions[role]
    return client


# --- the checks -----------------------------------------------------------------------------

def _fill(text: str, world: SimpleNamespace) -> str:
    return text.format(**world.keys)


def matches(response: Any, expect: Expect) -> bool:
    location = response.get("Location", "")
    if expect == LOGIN:
        return response.status_code == 302 and location.startswith(reverse("login") + "?next=")
    if expect == ADMIN_LOGIN:
        return response.status_code == 302 and location.startswith(reverse("admin:login"))
    if expect == REDIRECT:
        return (response.status_code == 302 and not location.startswith(reverse("login") + "?")
                and not location.startswith(reverse("admin:login")))
    return response.status_code == expect


def describe(response: Any) -> str:
    location = response.get("Location")
    return f"{response.status_code}" + (f" → {location}" if location else "")


def _get_cases() -> list[Any]:
    return [pytest.param(route, probe, role, id=f"{route.pattern} [{probe.label}] as {role}")
            for route in ROUTES for probe in route.probes for role in ROLES]


def _post_cases() -> list[Any]:
    return [pytest.param(route, probe, role, id=f"POST {route.pattern} [{probe.label}] as {role}")
            for route in ROUTES for probe in route.probes if probe.post for role in ROLES
            if role not in probe.post_writers()]


@pytest.mark.parametrize(("route", "probe", "role"), _get_cases())
def test_get(world, route: Route, probe: Probe, role: str) -> None:  # type: ignore[no-untyped-def]
    path = _fill(probe.path, world)
    response = client_as(world, role).get(path)
    expect = probe.get[role]
    assert matches(response, expect), (
        f"GET {path} as {role}: expected {expect}, got {describe(response)}")


def fingerprint() -> dict[str, int]:
    """Row counts of every model, and the tasks and cases by status: what a write changes."""
    from django.apps import apps

    from naervaer.cases.models import Case
    from naervaer.followup.models import Task

    counts = {model._meta.label: model._default_manager.count() for model in apps.get_models()
              if model._meta.label not in ("sessions.Session", "axes.AccessLog")}
    for status in Task.objects.values_list("status", flat=True).distinct():
        counts[f"Task.{status}"] = Task.objects.filter(status=status).count()
    for status in Case.objects.values_list("status", flat=True).distinct():
        counts[f"Case.{status}"] = Case.objects.filter(status=status).count()
    return counts


@pytest.mark.parametrize(("route", "probe", "role"), _post_cases())
def test_post_refused(world, route: Route, probe: Probe, role: str) -> None:  # type: ignore[no-untyped-def]
    path = _fill(probe.path, world)
    data = {_fill(name, world): _fill(value, world) for name, value in probe.post_data.items()}
    client = client_as(world, role)
    before = fingerprint()
    response = client.post(path, data)
    after = fingerprint()
    assert any(matches(response, expect) for expect in REFUSED), (
        f"POST {path} as {role} was not refused: {describe(response)}")
    changed = {key: (before.get(key), after.get(key)) for key in before.keys() | after.keys()
               if before.get(key) != after.get(key)}
    assert not changed, f"POST {path} as {role} changed the database: {changed}"


def matrix_size() -> dict[str, int]:
    probes = [probe for route in ROUTES for probe in route.probes]
    return {"patterns": len(ROUTES), "probes": len(probes), "roles": len(ROLES),
            "get_checks": len(probes) * len(ROLES), "post_checks": len(_post_cases())}


def test_matrix_size_is_quoted_in_the_docs() -> None:
    size = matrix_size()
    print("route × role matrix:", size)
    text = (Path(__file__).resolve().parents[2] / "docs" / "security-routes.md").read_text()
    quoted = (f"{size['patterns']} URL patterns, {size['probes']} probes × {size['roles']} roles "
              f"= {size['get_checks']} GET checks, {size['post_checks']} POST checks")
    assert quoted in text, f"docs/security-routes.md should say: {quoted}"


def _writer_cases() -> list[Any]:
    cases = []
    for route in ROUTES:
        for probe in route.probes:
            writers = probe.post_writers()
            if probe.post_data and writers:
                role = "hr" if "hr" in writers else next(r for r in ROLES if r in writers)
                cases.append(pytest.param(route, probe, role,
                                          id=f"POST {route.pattern} [{probe.label}] as {role}"))
    return cases


@pytest.mark.parametrize(("route", "probe", "role"), _writer_cases())
def test_post_data_writes_for_a_writer(world, route: Route, probe: Probe, role: str) -> None:  # type: ignore[no-untyped-def]
    """The refusals above are meaningful only if the same POST by a role it is for
    writes: otherwise a missing check would go unnoticed behind a form error."""
    path = _fill(probe.path, world)
    data = {_fill(name, world): _fill(value, world) for name, value in probe.post_data.items()}
    before = fingerprint()
    response = client_as(world, role).post(path, data)
    assert fingerprint() != before, f"POST {path} as {role} wrote nothing: {describe(response)}"

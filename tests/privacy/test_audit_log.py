"""The audit log is append-only through the app (rows and querysets, the admin) and
covers person views, exports, imports, policy changes and role changes."""

from __future__ import annotations

import dataclasses
import datetime as dt
import io

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.core.management import call_command
from django.db import transaction
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from naervaer.accounts.models import AuditEvent, audit_events_expire
from naervaer.accounts.services import audit_record, user_create
from naervaer.core.followup.policy import policy_from_yaml, policy_to_yaml
from naervaer.core.followup.presets import HOSPITAL_1_5_15
from naervaer.followup.services_policies import (
    policy_from_preset,
    policy_import,
    unit_policy_change,
)
from naervaer.imports.services import import_files
from naervaer.privacy.models import RetentionPolicy
from tests.factories import make_org, make_superuser
from tests.imports.exports import ABSENCES, EMPLOYMENTS, UNITS


@pytest.fixture
def org(db):  # type: ignore[no-untyped-def]
    return make_org()


@pytest.fixture
def admin_client(org) -> Client:  # type: ignore[no-untyped-def]
    client = Client()
    client.force_login(make_superuser())
    return client


def _event(org):  # type: ignore[no-untyped-def]
    return audit_record(user=org.hr, action="view_employee", object_type="employee", object_id="P-BO")


def test_querysets_cannot_update_or_delete(org):
    event = _event(org)
    event.action = "changed"
    for attempt in [lambda: AuditEvent.objects.filter(pk=event.pk).update(action="changed"),
                    lambda: AuditEvent.objects.all().delete(),
                    lambda: AuditEvent.objects.bulk_update([event], ["action"])]:
        with pytest.raises(PermissionDenied), transaction.atomic():
            attempt()
    assert AuditEvent.objects.get(pk=event.pk).action == "view_employee"


def test_the_named_purge_path_deletes_only_older_events(org):
    event = _event(org)
    older = AuditEvent.objects.filter(at__lt=event.at).count()  # the fixture's role changes
    assert older > 0 and audit_events_expire(before=event.at) == older
    assert AuditEvent.objects.filter(pk=event.pk).exists()
    assert audit_events_expire(before=timezone.now() + dt.timedelta(seconds=1)) >= 1
    assert not AuditEvent.objects.exists()


def test_deleting_a_user_keeps_their_events(org):
    event = _event(org)
    org.hr.delete()
    event = AuditEvent.objects.get(pk=event.pk)
    assert (event.user, event.username) == (None, "hr")


def test_the_admin_is_read_only(org, admin_client):
    event = _event(org)
    assert admin_client.get(reverse("admin:accounts_auditevent_add")).status_code == 403
    change = admin_client.get(reverse("admin:accounts_auditevent_change", args=[event.pk]))
    assert change.status_code == 200 and 'name="_save"' not in change.content.decode()
    changelist = admin_client.get(reverse("admin:accounts_auditevent_changelist")).content.decode()
    assert "delete_selected" not in changelist


# -- coverage -------------------------------------------------------------------------------

def test_person_views_and_exports_are_logged(org):
    client = Client()
    client.force_login(org.leader)
    assert client.get(reverse("employee-detail", args=["P-ANNA"])).status_code == 200
    assert client.get(reverse("unit-employees", args=["SOL"])
                      + "?periode=2024-06&format=xlsx&tabel=medarbejdere").status_code == 200
    assert AuditEvent.objects.filter(action="view_employee", object_id="P-ANNA",
                                     username="leder").exists()
    assert AuditEvent.objects.filter(action="export_employee_list", object_id="SOL",
                                     username="leder").exists()


def test_an_import_from_the_command_line_is_logged(db, tmp_path):
    for name, text in [("units.csv", UNITS), ("employments.csv", EMPLOYMENTS),
                       ("absences.csv", ABSENCES)]:
        (tmp_path / name).write_bytes(text.encode("cp1252"))
    call_command("import", *(str(tmp_path / name) for name in
                             ("units.csv", "employments.csv", "absences.csv")),
                 stdout=io.StringIO())
    event = AuditEvent.objects.get(action="import")
    assert event.detail["source"] == "cli" and event.detail["counts"]["units"]["created"] == 5
    assert event.detail["files"] == ["units.csv", "employments.csv", "absences.csv"]


def test_a_dry_run_or_refused_import_is_not_logged(db):
    import_files(files=[("units.csv", UNITS.encode())], dry_run=True)
    refused = import_files(files=[("units.csv", b"unit_id;name;parent_id\nX;Navn;UKENDT\n")])
    assert not refused.ok
    assert not AuditEvent.objects.filter(action="import").exists()


def test_policy_changes_are_logged(org):
    yaml_text = policy_to_yaml(dataclasses.replace(HOSPITAL_1_5_15, name="Fra YAML"))
    created = policy_import(version=policy_from_yaml(yaml_text), user=org.hr)
    later = dataclasses.replace(policy_from_yaml(yaml_text), effective_from=dt.date(2031, 1, 1))
    policy_import(version=later, user=org.hr, policy=created)
    preset = policy_from_preset(key="hospital_1_5_15", name="Sygehus", user=org.hr)
    unit_policy_change(unit=org.sol, policy=preset, user=org.hr)
    unit_policy_change(unit=org.sol, policy=None, user=org.hr)
    events = list(AuditEvent.objects.filter(object_type__in=["policy", "unit"], username="hr")
                  .order_by("id").values_list("action", flat=True))
    assert events == ["policy_create", "policy_version_add", "policy_create", "policy_attach",
                      "policy_detach"]


def test_creating_a_user_logs_the_role(org):
    user_create(username="ny-leder", password="x", role="leader", unit_ids=["SOL", "ENG"],
                validate_password=False, actor=org.hr)
    event = AuditEvent.objects.get(action="role_change", object_id="ny-leder")
    assert event.username == "hr" and event.detail["before"] is None
    assert event.detail["after"]["role"] == "leader"
    assert event.detail["after"]["units"] == ["ENG", "SOL"]


def test_the_user_command_logs_the_role(org):
    call_command("user", "add", "kommandolinje", "--role", "hr", "--password-stdin",
                 "--no-password-validation", stdin=io.StringIO("hemmelig\n"), stdout=io.StringIO())
    event = AuditEvent.objects.get(action="role_change", object_id="kommandolinje")
    assert event.detail["after"]["role"] == "hr" and event.username == ""


def test_changing_a_role_in_the_admin_is_logged(org, admin_client):
    profile = org.leader.profile
    response = admin_client.post(reverse("admin:accounts_profile_change", args=[profile.pk]), {
        "user": org.leader.pk, "role": "trio", "units": [org.sol.pk, org.engly.pk], "employee": ""})
    assert response.status_code == 302, response.content.decode()[:2000]
    event = AuditEvent.objects.filter(action="role_change", object_id="leder").latest("id")
    assert event.username == "admin"
    assert (event.detail["before"]["role"], event.detail["before"]["units"]) == ("leader", ["SOL"])
    assert (event.detail["after"]["role"], event.detail["after"]["units"]) == ("trio", ["ENG", "SOL"])


def test_saving_a_profile_unchanged_logs_nothing(org, admin_client):
    profile = org.trio.profile
    before = AuditEvent.objects.count()
    admin_client.post(reverse("admin:accounts_profile_change", args=[profile.pk]), {
        "user": org.trio.pk, "role": "trio", "units": [org.sol.pk], "employee": ""})
    assert AuditEvent.objects.count() == before


def test_making_a_user_superuser_in_the_admin_is_logged(org, admin_client):
    user = org.nobody
    url = reverse("admin:auth_user_change", args=[user.pk])
    response = admin_client.post(url, {
        "username": "nobody", "password": user.password, "is_active": "on", "is_staff": "on",
        "is_superuser": "on", "last_login_0": "", "last_login_1": "",
        "date_joined_0": "2025-01-01", "date_joined_1": "00:00:00",
        "profile-TOTAL_FORMS": "0", "profile-INITIAL_FORMS": "0",
        "profile-MIN_NUM_FORMS": "0", "profile-MAX_NUM_FORMS": "1"})
    assert response.status_code == 302, response.content.decode()[:3000]
    assert get_user_model().objects.get(pk=user.pk).is_superuser
    event = AuditEvent.objects.get(action="role_change", object_id="nobody")
    assert event.detail["before"]["is_superuser"] is False
    assert event.detail["after"]["is_superuser"] is True


def test_deleting_a_profile_in_the_admin_is_logged(org, admin_client):
    profile = org.leader_engly.profile
    admin_client.post(reverse("admin:accounts_profile_delete", args=[profile.pk]), {"post": "yes"})
    event = AuditEvent.objects.filter(action="role_change", object_id="leder-engly").latest("id")
    assert event.detail["before"]["role"] == "leader" and event.detail["after"] == {"removed": "profile"}


def test_changing_the_retention_periods_in_the_admin_is_logged(org, admin_client):
    url = reverse("admin:privacy_retentionpolicy_change", args=[1])
    response = admin_client.post(url, {"absence_years": "6", "case_years": "5",
                                       "former_employee_years": "5", "audit_months": "36"})
    assert response.status_code == 302
    assert RetentionPolicy.objects.get().absence_years == 6
    event = AuditEvent.objects.get(action="retention_policy_change")
    assert (event.detail["before"]["absence_years"], event.detail["after"]["absence_years"]) == (5, 6)
    assert admin_client.get(reverse("admin:privacy_retentionpolicy_add")).status_code == 403

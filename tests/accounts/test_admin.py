"""The admin loads every registered model; the audit log and import log are read-only."""

from __future__ import annotations

import pytest
from django.contrib import admin
from django.test import Client
from django.urls import reverse

from naervaer.accounts.models import AuditEvent
from naervaer.accounts.services import audit_record
from naervaer.imports.models import ImportBatch
from naervaer.organisation.selectors import unit_descendants
from tests.factories import make_superuser


@pytest.fixture
def admin_client_(org) -> Client:  # type: ignore[no-untyped-def]
    client = Client()
    client.force_login(make_superuser())
    return client


def test_every_model_is_registered():
    names = {model._meta.label for model in admin.site._registry}
    assert {
        "organisation.Unit", "organisation.Employee", "organisation.Employment",
        "organisation.Absence", "organisation.OrganisationSettings", "imports.ImportBatch",
        "accounts.Profile", "accounts.AuditEvent", "auth.User",
    } <= names


def test_changelists_and_change_pages_load(org, admin_client_):
    audit_record(user=org.hr, action="view_employee", object_type="employee", object_id="P-BO")
    ImportBatch.objects.create(source="cli")
    for model, obj in [
        ("organisation/unit", org.sol), ("organisation/employee", org.anna),
        ("organisation/employment", org.anna_job), ("organisation/absence", org.anna_absence),
        ("accounts/profile", org.leader.profile), ("auth/user", org.leader),
        ("accounts/auditevent", AuditEvent.objects.get(action="view_employee")),
        ("imports/importbatch", ImportBatch.objects.get()),
    ]:
        app, name = model.split("/")
        assert admin_client_.get(reverse(f"admin:{app}_{name}_changelist")).status_code == 200
        url = reverse(f"admin:{app}_{name}_change", args=[obj.pk])
        assert admin_client_.get(url).status_code == 200, url


@pytest.mark.parametrize("name", ["accounts_auditevent", "imports_importbatch"])
def test_logs_cannot_be_added(admin_client_, name):
    assert admin_client_.get(reverse(f"admin:{name}_add")).status_code == 403


def test_audit_event_cannot_be_changed_or_deleted(org, admin_client_):
    event = audit_record(user=org.hr, action="x", object_type="unit", object_id="SOL")
    url = reverse("admin:accounts_auditevent_change", args=[event.pk])
    admin_client_.post(url, {"action": "changed"})
    assert AuditEvent.objects.get(pk=event.pk).action == "x"
    delete = reverse("admin:accounts_auditevent_delete", args=[event.pk])
    assert admin_client_.post(delete, {"post": "yes"}).status_code == 403
    assert AuditEvent.objects.filter(pk=event.pk).exists()


def test_saving_a_unit_in_the_admin_rebuilds_the_tree(org, admin_client_):
    url = reverse("admin:organisation_unit_change", args=[org.sol_a.pk])
    response = admin_client_.post(url, {
        "unit_id": "SOLA", "name": "Team Solgården A", "parent": org.engly.pk,
        "unit_type": "team",
    })
    assert response.status_code == 302
    assert org.sol_a in unit_descendants(org.engly)
    assert org.sol_a not in unit_descendants(org.sol)

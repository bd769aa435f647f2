"""user_create and audit_record."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError

from naervaer.accounts.models import AuditEvent, Profile
from naervaer.accounts.services import audit_record, user_create

STRONG = "Ryg-Sofa-Kaffe-73"


def test_user_create_leader_with_units(org):
    user = user_create(username="lone", password=STRONG, role="leader", unit_ids=["SOL", "ENG"])
    assert user.check_password(STRONG)
    assert user.profile.role == "leader"
    assert {unit.unit_id for unit in user.profile.units.all()} == {"SOL", "ENG"}


def test_user_create_employee(org):
    user = user_create(username="bo", password=STRONG, role="employee", employee_id="P-BO")
    assert user.profile.employee == org.bo


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"role": "chef"}, "Ukendt rolle: chef"),
        ({"role": "leader"}, "kræver mindst én enhed"),
        ({"role": "trio"}, "kræver mindst én enhed"),
        ({"role": "leader", "unit_ids": ["SOL", "NOPE"]}, "Ukendt enhed: NOPE"),
        ({"role": "hr", "unit_ids": ["SOL"]}, "tager ingen enheder"),
        ({"role": "employee"}, "kræver en medarbejder"),
        ({"role": "employee", "employee_id": "P-NOPE"}, "Ukendt medarbejder: P-NOPE"),
        ({"role": "hr", "password": ""}, "Adgangskoden må ikke være tom"),
        ({"role": "hr", "username": "  "}, "Brugernavnet må ikke være tomt"),
        ({"role": "hr", "username": "hr"}, "findes allerede"),
        ({"role": "hr", "password": "demo"}, "for kort"),
    ],
)
def test_user_create_rejects_bad_input_and_writes_nothing(org, kwargs, message):
    users_before = get_user_model().objects.count()
    profiles_before = Profile.objects.count()
    arguments = {"username": "new", "password": STRONG, **kwargs}
    with pytest.raises(ValidationError) as error:
        user_create(**arguments)
    assert any(message in text for text in error.value.messages), error.value.messages
    assert get_user_model().objects.count() == users_before
    assert Profile.objects.count() == profiles_before


def test_password_validation_can_be_skipped_for_demo_users(db):
    user = user_create(username="demo", password="demo", role="direktion",
                       validate_password=False)
    assert user.check_password("demo")


def test_audit_record_is_append_only(org):
    event = audit_record(user=org.hr, action="view_employee", object_type="employee",
                         object_id="P-BO", detail={"employments": ["E-BO"]})
    assert (event.username, event.user, event.object_id) == ("hr", org.hr, "P-BO")
    with pytest.raises(PermissionDenied):
        event.save()
    with pytest.raises(PermissionDenied):
        event.delete()
    assert AuditEvent.objects.filter(action="view_employee").count() == 1

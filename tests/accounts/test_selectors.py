"""Scope rules: which units and persons each role sees."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser

from naervaer.accounts.selectors import (
    can_see_employee,
    can_see_persons,
    can_see_unit,
    top_units,
    user_role,
    visible_employments,
    visible_units,
)
from tests.factories import make_superuser, make_unit, make_user


def unit_ids(units) -> set[str]:  # type: ignore[no-untyped-def]
    return {unit.unit_id for unit in units}


ALL_UNITS = {"K", "AE", "SOL", "SOLA", "ENG", "SKO"}


@pytest.mark.parametrize(
    ("user", "expected"),
    [
        ("hr", ALL_UNITS),
        ("direktion", ALL_UNITS),
        ("leader", {"SOL", "SOLA", "ENG"}),  # ENG: sibling, aggregated only
        ("trio", {"SOL", "SOLA"}),
        ("leader_engly", {"ENG", "SOL"}),
        ("employee", set()),
        ("nobody", set()),
    ],
)
def test_visible_units_follow_role_and_descendants(org, user, expected):
    assert unit_ids(visible_units(getattr(org, user))) == expected


def test_visible_units_is_one_query(org, django_assert_num_queries):
    leader = type(org.leader).objects.get(pk=org.leader.pk)
    leader.profile  # noqa: B018 - load the profile outside the counted block
    with django_assert_num_queries(1):
        list(visible_units(leader))


def test_superuser_counts_as_hr(db):
    admin = make_superuser()
    assert user_role(admin) == "hr"
    root = make_unit(unit_id="R")
    assert can_see_unit(admin, root)
    assert can_see_persons(admin, root)


def test_anonymous_sees_nothing(org):
    anonymous = AnonymousUser()
    assert user_role(anonymous) is None
    assert not visible_units(anonymous).exists()
    assert not can_see_unit(anonymous, org.kommune)
    assert not can_see_employee(anonymous, org.anna)
    assert top_units(anonymous) == []


def test_can_see_persons_only_for_hr_and_leader_in_scope(org):
    assert can_see_persons(org.hr, org.skole)
    assert can_see_persons(org.leader, org.sol_a)
    assert not can_see_persons(org.leader, org.engly)
    assert not can_see_persons(org.leader, org.aeldre)  # the parent is out of scope
    for user in (org.trio, org.direktion, org.employee, org.nobody):
        assert not can_see_persons(user, org.sol)


def test_leader_sees_only_employments_in_scope(org):
    assert set(visible_employments(org.leader_engly, org.freja)) == {org.freja_engly_job}
    assert set(visible_employments(org.hr, org.freja)) == {org.freja_job, org.freja_engly_job}
    assert not visible_employments(org.leader, org.freja).exists()
    assert can_see_employee(org.leader_engly, org.freja)
    assert not can_see_employee(org.leader, org.freja)
    assert can_see_employee(org.leader, org.carl)  # in a descendant unit


def test_ended_employment_in_scope_stays_visible_to_the_leader(org):
    assert can_see_employee(org.leader, org.ditte)


@pytest.mark.parametrize("user", ["trio", "direktion"])
def test_aggregated_roles_never_see_persons(org, user):
    for employee in (org.anna, org.bo, org.carl, org.erik, org.freja):
        assert not can_see_employee(getattr(org, user), employee)
        assert not visible_employments(getattr(org, user), employee).exists()


def test_employee_sees_only_self(org):
    assert can_see_employee(org.employee, org.anna)
    assert set(visible_employments(org.employee, org.anna)) == {org.anna_job}
    assert not can_see_employee(org.employee, org.bo)


def test_any_role_sees_own_employee_page(org):
    leader_with_self = make_user(role="leader", units=[org.engly], employee=org.bo)
    assert can_see_employee(leader_with_self, org.bo)
    assert set(visible_employments(leader_with_self, org.bo)) == {org.bo_job}


def test_top_units(org):
    assert unit_ids(top_units(org.hr)) == {"K"}
    assert unit_ids(top_units(org.direktion)) == {"K"}
    assert unit_ids(top_units(org.leader)) == {"SOL"}
    assert top_units(org.employee) == []


def test_top_units_drop_assigned_units_below_another_assigned_unit(org):
    user = make_user(role="trio", units=[org.aeldre, org.sol_a, org.skole])
    assert unit_ids(top_units(user)) == {"AE", "SKO"}
    assert unit_ids(visible_units(user)) == {"AE", "SOL", "SOLA", "ENG", "SKO"}


@pytest.mark.parametrize(("user", "unit", "sees", "persons"), [
    ("leader", "ENG", True, False),        # a sibling: to compare, aggregated
    ("leader_engly", "SOL", True, False),
    ("leader_engly", "SOLA", False, False),  # a sibling's child is not shown
    ("trio", "ENG", False, False),         # TRIO sees its own area only
])
def test_leaders_see_sibling_units_aggregated_only(org, user, unit, sees, persons):
    from naervaer.organisation.models import Unit
    target = Unit.objects.get(unit_id=unit)
    assert can_see_unit(getattr(org, user), target) is sees
    assert can_see_persons(getattr(org, user), target) is persons


def test_leader_sees_no_employment_of_a_sibling_unit(org):
    from naervaer.accounts.selectors import can_see_employee
    assert not can_see_employee(org.leader, org.erik)  # Erik works in ENG, SOL's sibling

"""Test data built in code: plain functions, no fixtures files, no factory library.

Every function creates rows through the same code paths the app uses (units via
``unit_create`` so the closure table is right; users via ``user_create``) and
returns the created object. Every argument has a sensible default, and ids are
generated from a counter when not given, so a test names only what it is about::

    from tests.factories import make_unit, make_employee, make_employment, make_absence, make_user

    kommune = make_unit(name="Kommune")
    team = make_unit(name="Team A", parent=kommune)
    anna = make_employee(name="Anna")
    job = make_employment(employee=anna, unit=team, weekly_hours=30)
    make_absence(employment=job, start_date=date(2024, 3, 4), end_date=date(2024, 3, 6))
    leader = make_user(role="leader", units=[team])

``make_org()`` builds the small standard organisation described in its docstring,
for tests that need a realistic tree with every role.
"""

from __future__ import annotations

import datetime
import itertools
from collections.abc import Iterable
from decimal import Decimal
from types import SimpleNamespace

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser

from naervaer.accounts.services import user_create
from naervaer.organisation.models import Absence, Employee, Employment, Unit
from naervaer.organisation.services import unit_create

_ids = itertools.count(1)
DEFAULT_PASSWORD = "test-password"


def _next_id(prefix: str) -> str:
    return f"{prefix}{next(_ids)}"


def make_unit(
    *, unit_id: str | None = None, name: str | None = None, parent: Unit | None = None,
    unit_type: str = "",
) -> Unit:
    """A unit under ``parent`` (a root when None); the closure table is rebuilt."""
    unit_id = unit_id or _next_id("U")
    return unit_create(unit_id=unit_id, name=name or f"Enhed {unit_id}", parent=parent,
                       unit_type=unit_type)


def make_employee(*, employee_id: str | None = None, name: str | None = None) -> Employee:
    employee_id = employee_id or _next_id("P")
    return Employee.objects.create(employee_id=employee_id,
                                   name=f"Person {employee_id}" if name is None else name)


def make_employment(
    *,
    employee: Employee | None = None,
    unit: Unit,
    employment_id: str | None = None,
    staff_group: str = "Social- og sundhedsassistent",
    weekly_hours: Decimal | int | str = 37,
    start_date: datetime.date = datetime.date(2020, 1, 1),
    end_date: datetime.date | None = None,
    birth_year: int | None = 1980,
    gender: str = "K",
) -> Employment:
    """An employment in ``unit``; a new employee is made when none is given.
    Open-ended (current) unless ``end_date`` is given."""
    return Employment.objects.create(
        employment_id=employment_id or _next_id("E"),
        employee=employee or make_employee(),
        unit=unit,
        staff_group=staff_group,
        weekly_hours=Decimal(str(weekly_hours)),
        start_date=start_date,
        end_date=end_date,
        birth_year=birth_year,
        gender=gender,
    )


def make_absence(
    *,
    employment: Employment,
    start_date: datetime.date,
    end_date: datetime.date | None = None,
    type: str = "egen_sygdom",
    degree: int = 100,
    hours: Decimal | int | str | None = None,
    key: str | None = None,
) -> Absence:
    """An absence record; ``end_date`` None means still open."""
    return Absence.objects.create(
        key=key or _next_id("A"),
        employment=employment,
        type=type,
        start_date=start_date,
        end_date=end_date,
        degree=degree,
        hours=None if hours is None else Decimal(str(hours)),
    )


def make_user(
    *,
    role: str,
    username: str | None = None,
    units: Iterable[Unit] = (),
    employee: Employee | None = None,
    password: str = DEFAULT_PASSWORD,
) -> AbstractBaseUser:
    """A user with a profile (role and scope); password validators are skipped."""
    return user_create(
        username=username or _next_id(f"{role}-"),
        password=password,
        role=role,
        unit_ids=[unit.unit_id for unit in units],
        employee_id=employee.employee_id if employee else None,
        validate_password=False,
    )


def make_superuser(
    *, username: str = "admin", password: str = DEFAULT_PASSWORD
) -> AbstractBaseUser:
    return get_user_model().objects.create_superuser(username=username, password=password)


def make_org() -> SimpleNamespace:
    """A small municipality with people and a user for every role::

        K     Kommune                      (root)
        AE    ├── Ældreforvaltningen
        SOL   │   ├── Plejecenter Solgården    Anna (+ absence), Bo, ended: Ditte
        SOLA  │   │   └── Team Solgården A     Carl
        ENG   │   └── Plejecenter Engly        Erik
        SKO   └── Skoleområdet                 Freja (also has an employment in ENG)

    Users: ``hr``, ``leader`` (SOL), ``trio`` (SOL), ``direktion``,
    ``employee`` (Anna), ``leader_engly`` (ENG), ``nobody`` (no profile).
    Returns a namespace with the units, employees (by first name, lower case),
    employments (``anna_job`` …), and users.
    """
    org = SimpleNamespace()
    org.kommune = make_unit(unit_id="K", name="Kommune", unit_type="kommune")
    org.aeldre = make_unit(unit_id="AE", name="Ældreforvaltningen", parent=org.kommune,
                           unit_type="forvaltning")
    org.sol = make_unit(unit_id="SOL", name="Plejecenter Solgården", parent=org.aeldre,
                        unit_type="afdeling")
    org.sol_a = make_unit(unit_id="SOLA", name="Team Solgården A", parent=org.sol,
                          unit_type="team")
    org.engly = make_unit(unit_id="ENG", name="Plejecenter Engly", parent=org.aeldre,
                          unit_type="afdeling")
    org.skole = make_unit(unit_id="SKO", name="Skoleområdet", parent=org.kommune,
                          unit_type="forvaltning")

    org.anna = make_employee(employee_id="P-ANNA", name="Anna Andersen")
    org.bo = make_employee(employee_id="P-BO", name="Bo Bertelsen")
    org.carl = make_employee(employee_id="P-CARL", name="Carl Christensen")
    org.ditte = make_employee(employee_id="P-DITTE", name="Ditte Dahl")
    org.erik = make_employee(employee_id="P-ERIK", name="Erik Eriksen")
    org.freja = make_employee(employee_id="P-FREJA", name="Freja Frost")

    org.anna_job = make_employment(employee=org.anna, unit=org.sol, employment_id="E-ANNA",
                                   weekly_hours="32.5")
    org.bo_job = make_employment(employee=org.bo, unit=org.sol, employment_id="E-BO")
    org.carl_job = make_employment(employee=org.carl, unit=org.sol_a, employment_id="E-CARL")
    org.ditte_job = make_employment(employee=org.ditte, unit=org.sol, employment_id="E-DITTE",
                                    end_date=datetime.date(2021, 6, 30))
    org.erik_job = make_employment(employee=org.erik, unit=org.engly, employment_id="E-ERIK")
    org.freja_job = make_employment(employee=org.freja, unit=org.skole, employment_id="E-FREJA",
                                    staff_group="Lærer")
    org.freja_engly_job = make_employment(employee=org.freja, unit=org.engly,
                                          employment_id="E-FREJA-ENG", weekly_hours=8)

    org.anna_absence = make_absence(employment=org.anna_job, key="ABS-ANNA",
                                    start_date=datetime.date(2024, 3, 4),
                                    end_date=datetime.date(2024, 3, 6), hours="22.2")
    org.freja_engly_absence = make_absence(employment=org.freja_engly_job, key="ABS-FREJA-ENG",
                                           start_date=datetime.date(2024, 5, 1), type="barns_sygdom")
    org.freja_skole_absence = make_absence(employment=org.freja_job, key="ABS-FREJA-SKO",
                                           start_date=datetime.date(2024, 9, 2),
                                           end_date=datetime.date(2024, 9, 3))

    org.hr = make_user(role="hr", username="hr")
    org.leader = make_user(role="leader", username="leder", units=[org.sol])
    org.leader_engly = make_user(role="leader", username="leder-engly", units=[org.engly])
    org.trio = make_user(role="trio", username="trio", units=[org.sol])
    org.direktion = make_user(role="direktion", username="direktion")
    org.employee = make_user(role="employee", username="anna", employee=org.anna)
    org.nobody = get_user_model().objects.create_user(username="nobody",
                                                      password=DEFAULT_PASSWORD)
    return org

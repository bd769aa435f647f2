"""Load the demo municipality through the ordinary import path and create the demo users."""

from __future__ import annotations

import datetime as dt
import tempfile
from dataclasses import dataclass
from pathlib import Path

from django.db import transaction

from naervaer.accounts.models import Role
from naervaer.accounts.services import user_create
from naervaer.demo.followup import demo_followup
from naervaer.demo.generator import generate, write_csv
from naervaer.demo.generator.initiatives import plant_initiative_effect
from naervaer.evaluation.demo import demo_initiatives
from naervaer.imports.models import ImportBatch
from naervaer.imports.services import ImportResult, import_files
from naervaer.metrics.services import cube_refresh
from naervaer.organisation.models import Employment, Unit
from naervaer.organisation.services import settings_update
from naervaer.strategy.demo import demo_strategy
from naervaer.targets.demo import demo_targets
from naervaer.wellbeing.demo import demo_wellbeing

DEMO_PASSWORD = "demo"
DEMO_EMAIL = "%s@demo.naervaer.invalid"  # .invalid: never delivered anywhere


@dataclass(frozen=True)
class DemoLogin:
    username: str
    role: str
    scope: str


class DemoNotEmpty(Exception):
    """The database already holds an organisation; the demo only fills an empty one."""


def database_is_empty() -> bool:
    return not Unit.objects.exists()


@transaction.atomic
def demo_load(
    *, employees: int, years: int, seed: int, end_date: dt.date
) -> tuple[ImportResult, list[DemoLogin]]:
    """Generate the demo municipality, import it and create one user per role."""
    if not database_is_empty():
        raise DemoNotEmpty("databasen indeholder allerede enheder")
    # Two initiatives for the evaluation page: one with a planted effect, one without.
    data = plant_initiative_effect(
        generate(employees=employees, years=years, seed=seed, end_date=end_date),
        end_date=end_date, seed=seed)
    with tempfile.TemporaryDirectory(prefix="naervaer-demo-") as folder:
        paths = write_csv(data, Path(folder))
        files = [(path.name, path.read_bytes()) for path in paths]
    result = import_files(files=files, source=ImportBatch.Source.DEMO)
    if not result.ok:  # a generator bug: show it rather than hide it
        raise RuntimeError("demo data failed validation:\n" + "\n".join(result.report_lines()[:20]))
    settings_update(name="Demo Kommune")
    logins = demo_users_create()
    as_of = max(end_date, dt.date.today())
    cube_refresh(as_of=as_of)
    demo_followup(as_of=as_of, seed=seed)
    demo_wellbeing(as_of=as_of)
    demo_strategy(today=as_of)
    demo_targets()
    demo_initiatives(end_date=end_date)
    return result, logins


def _demo_leader_unit() -> Unit:
    """A leaf unit in eldercare with current staff: the demo leader's afdeling."""
    employment = (
        Employment.objects.filter(end_date__isnull=True, unit__children__isnull=True)
        .select_related("unit__parent")
        .order_by("unit__unit_id", "employment_id")
        .first()
    )
    if employment is None:
        return Unit.objects.order_by("-depth", "unit_id").first()  # type: ignore[return-value]
    return employment.unit


def demo_users_create() -> list[DemoLogin]:
    root = Unit.objects.filter(parent__isnull=True).order_by("unit_id").first()
    assert root is not None
    team = _demo_leader_unit()
    area = team.parent or team
    member = (Employment.objects.filter(unit=team, end_date__isnull=True)
              .order_by("employment_id").select_related("employee").first())
    logins = [
        DemoLogin("hr", Role.HR, root.name),
        DemoLogin("leder", Role.LEADER, team.name),
        DemoLogin("trio", Role.TRIO, area.name),
        DemoLogin("direktion", Role.DIREKTION, root.name),
    ]
    user_create(username="hr", password=DEMO_PASSWORD, email=DEMO_EMAIL % "hr", role=Role.HR,
                validate_password=False)
    user_create(username="leder", password=DEMO_PASSWORD, email=DEMO_EMAIL % "leder", role=Role.LEADER,
                unit_ids=[team.unit_id], validate_password=False)
    user_create(username="trio", password=DEMO_PASSWORD, email=DEMO_EMAIL % "trio", role=Role.TRIO,
                unit_ids=[area.unit_id], validate_password=False)
    user_create(username="direktion", password=DEMO_PASSWORD, email=DEMO_EMAIL % "direktion",
                role=Role.DIREKTION, validate_password=False)
    if member is not None:
        user_create(username="medarbejder", password=DEMO_PASSWORD, email=DEMO_EMAIL % "medarbejder",
                    role=Role.EMPLOYEE, employee_id=member.employee.employee_id, validate_password=False)
        logins.append(DemoLogin("medarbejder", Role.EMPLOYEE,
                                member.employee.name or member.employee.employee_id))
    return logins

"""Writes of a unit's staffing priority ladder (prioriteringstrappe, Brønderslev): which
tasks are done when 0, 1–2 or 3+ colleagues are absent. Every write checks who may write
(HR and a leader who sees the unit's persons; the views check first) and records an
audit event with the step levels, never the free text."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from django.contrib.auth.models import AnonymousUser, User
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from naervaer.accounts.selectors import can_see_persons
from naervaer.accounts.services import audit_record
from naervaer.insight.models import TEXT_MAX, StaffingStep
from naervaer.organisation.models import Unit

UserLike = User | AnonymousUser
TITLE_MAX = StaffingStep._meta.get_field("title").max_length or 120


@dataclass(frozen=True)
class StepData:
    min_absent: int
    max_absent: int | None  # None = and above
    title: str
    tasks: str = ""


def default_steps() -> list[StepData]:
    """Brønderslev's three steps, condensed: a starting point the leader adapts."""
    return [
        StepData(0, 0, _("Alle er på arbejde"),
                 _("Alle opgaver udføres: dokumentation, aktiviteter med beboerne, personlig pleje, "
                   "praktiske opgaver, pårørendekontakt, oprydning i journaler, mails og "
                   "ADL-træning.")),
        StepData(1, 2, _("1–2 kolleger er fraværende"),
                 _("Vi prioriterer: personlig pleje, praktiske opgaver, pårørendekontakt og "
                   "ADL-træning.")),
        StepData(3, None, _("3 eller flere kolleger er fraværende"),
                 _("Vi prioriterer: personlig pleje og medicingivning.")),
    ]


def can_edit_ladder(user: UserLike, unit: Unit) -> bool:
    """HR, and a leader for the units in their scope."""
    return can_see_persons(user, unit)


def ladder_problems(steps: Sequence[StepData]) -> list[str]:
    """Why the steps cannot be saved: a step whose minimum exceeds its maximum, or two
    steps that cover the same number of absent colleagues. Empty when fine."""
    problems: list[str] = []
    for step in steps:
        if step.min_absent < 0 or (step.max_absent is not None and step.max_absent < 0):
            problems.append(_("Antal fraværende kan ikke være negativt."))
        if step.max_absent is not None and step.min_absent > step.max_absent:
            problems.append(_("Trinnet “%(title)s”: fra (%(min)d) er større end til (%(max)d).")
                            % {"title": step.title, "min": step.min_absent, "max": step.max_absent})
    ordered = sorted(steps, key=lambda step: step.min_absent)
    for previous, current in zip(ordered, ordered[1:], strict=False):
        if previous.max_absent is None or previous.max_absent >= current.min_absent:
            problems.append(_("Trinnene “%(first)s” og “%(second)s” overlapper: hvert antal "
                              "fraværende må kun høre til ét trin.")
                            % {"first": previous.title, "second": current.title})
    return problems


def step_for(steps: Sequence[StaffingStep], absent: int) -> StaffingStep | None:
    """The step that applies when ``absent`` colleagues are away (None: no step covers it)."""
    for step in steps:
        if step.min_absent <= absent and (step.max_absent is None or absent <= step.max_absent):
            return step
    return None


@transaction.atomic
def ladder_replace(*, user: UserLike, unit: Unit, steps: Sequence[StepData]) -> list[StaffingStep]:
    """Replace the unit's ladder with ``steps`` (an empty list removes it)."""
    if not can_edit_ladder(user, unit):
        raise PermissionDenied(_("Kun HR og enhedens leder kan ændre prioriteringstrappen."))
    problems = ladder_problems(steps)
    for step in steps:
        if not step.title.strip():
            problems.append(_("Hvert trin skal have en overskrift."))
        if len(step.title) > TITLE_MAX or len(step.tasks) > TEXT_MAX:
            problems.append(_("Teksten er for lang."))
    if problems:
        raise ValidationError(problems)
    StaffingStep.objects.filter(unit=unit).delete()
    created = StaffingStep.objects.bulk_create(
        StaffingStep(unit=unit, min_absent=step.min_absent, max_absent=step.max_absent,
                     title=step.title.strip(), tasks=step.tasks.strip())
        for step in sorted(steps, key=lambda step: step.min_absent))
    audit_record(user=user, action="staffing_ladder_update", object_type="unit",
                 object_id=unit.unit_id,
                 detail={"steps": [[step.min_absent, step.max_absent] for step in created]})
    return created


def ladder_start_from_defaults(*, user: UserLike, unit: Unit) -> list[StaffingStep]:
    """Give a unit without a ladder the three default steps (a unit with one keeps it)."""
    if not can_edit_ladder(user, unit):
        raise PermissionDenied(_("Kun HR og enhedens leder kan ændre prioriteringstrappen."))
    existing = list(StaffingStep.objects.filter(unit=unit))
    if existing:
        return existing
    return ladder_replace(user=user, unit=unit, steps=default_steps())

"""Setting, breaking down and suggesting targets; running the quarterly escalation of
units and telling their leaders by e-mail.

Break-down (``targets_break_down``): the unit's target (its own or inherited) is passed
to the units below it. ``proportional`` keeps each unit's current level relative to the
unit's: a child gets ``child level × target / unit level`` (rolling 12 months at the
cube's last complete month), so the differences between units are kept and, weighted by
possible hours, the children add up to the target; a child without a level gets the
target itself. ``equal`` gives every child the target. The short-absence target, when
set, is scaled by the same factor. Only the children by default; ``whole_subtree``
sets every unit below.

Escalation (``escalations_run``): for the last quarter that has ended at ``as_of`` and
that the cube covers, every unit with at least the small-group threshold of staff is
checked by ``core.targets.escalation_reason`` against its (own or inherited) target of
the quarter's year: above the target at the end of each month of the quarter, or a
rise of the rolling 12 months by 10 % or more in the quarter. One escalation per unit
and quarter (running again changes nothing), with three tasks:

* explain the development — the unit's leader, due in 14 days;
* meet with HR — the leader above (with the unit's leader and HR), due in 30 days;
* write or revise the action plan — the unit's leader, due in 45 days.

The unit's leaders and the leaders above get one e-mail per escalation, once
(``EscalationNotice``, sent through the outbox of ``naervaer.notices.outbox``); HR sees
every escalation on /maal/eskaleringer/."""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass, field
from functools import partial
from typing import Any

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from naervaer.core import targets as core
from naervaer.followup.selectors import leaders_of_unit
from naervaer.metrics import cube
from naervaer.notices.outbox import Outgoing, outbox_send
from naervaer.organisation.models import Unit
from naervaer.organisation.selectors import get_settings, unit_descendants
from naervaer.targets import selectors
from naervaer.targets.models import (
    EscalationNotice,
    EscalationTask,
    Measure,
    TargetSource,
    UnitEscalation,
    UnitTarget,
)

logger = logging.getLogger(__name__)

ESCALATIONS_PATH = "/maal/eskaleringer/"
TASKS = (  # kind, responsible, days to the due date
    (EscalationTask.Kind.EXPLAIN, EscalationTask.Responsible.UNIT_LEADER, 14),
    (EscalationTask.Kind.MEET_HR, EscalationTask.Responsible.LEADER_ABOVE, 30),
    (EscalationTask.Kind.REVISE_PLAN, EscalationTask.Responsible.UNIT_LEADER, 45),
)


# ----------------------------------------------------------------------------- targets

def target_set(*, unit: Unit, year: int, measure: str, value: float, short_value: float | None = None,
               source: str = TargetSource.MANUAL, by: Any = None, note: str = "") -> UnitTarget:
    """Set (or replace) the unit's own target of ``year``."""
    if measure not in Measure.values:
        raise ValueError(f"unknown measure {measure!r}")
    if value < 0 or (short_value is not None and short_value < 0):
        raise ValueError("a target cannot be negative")
    target, _created = UnitTarget.objects.update_or_create(
        unit=unit, year=year, defaults={
            "measure": measure, "value": value, "short_value": short_value, "source": source,
            "set_by": by if by is not None and getattr(by, "pk", None) else None, "note": note})
    return target


def target_clear(*, unit: Unit, year: int) -> bool:
    """Remove the unit's own target: it inherits again."""
    deleted, _rows = UnitTarget.objects.filter(unit=unit, year=year).delete()
    return bool(deleted)


def targets_break_down(*, unit: Unit, year: int, method: str = "proportional",
                       whole_subtree: bool = False, by: Any = None) -> list[UnitTarget]:
    """Give the units below ``unit`` targets derived from its target (see the module's
    doc). Raises ValueError when the unit has no target for ``year``."""
    target = selectors.target_for(unit, year)
    if target is None:
        raise ValueError("the unit has no target to break down")
    below = list(unit_descendants(unit, include_self=False) if whole_subtree else unit.children.all())
    month = selectors.latest_month()
    levels: dict[str, float | None] = {child.unit_id: None for child in below}
    root_level = None
    if method == "proportional" and month is not None:
        found = selectors.current_levels([unit.unit_id, *levels], month, target.measure)
        root_level = found.pop(unit.unit_id, None)
        levels.update(found)
    values = core.break_down(target.value, root_level, levels, method=method)
    note = f"{unit.name} ({'forholdsmæssigt' if method == 'proportional' else 'ens'})"
    result = []
    with transaction.atomic():
        for child in below:
            value = values[child.unit_id]
            short = (None if target.short_value is None or not target.value
                     else target.short_value * value / target.value)
            result.append(target_set(unit=child, year=year, measure=target.measure, value=round(value, 2),
                                     short_value=None if short is None else round(short, 2),
                                     source=TargetSource.BROKEN_DOWN, by=by, note=note))
    return result


def target_apply_suggestion(*, unit: Unit, year: int, measure: str, by: Any = None) -> UnitTarget:
    """Set the suggested target (national reference rates × staff mix) as the unit's own."""
    suggested = selectors.target_suggest(unit, year)
    value = suggested.absence_pct if measure == Measure.ABSENCE_PCT else suggested.days_per_fte
    if value is None:
        raise ValueError("no suggestion: no staff mix or no reference rates")
    return target_set(unit=unit, year=year, measure=measure, value=round(value, 2),
                      source=TargetSource.SUGGESTED, by=by,
                      note="landstal × personalesammensætning")


# ------------------------------------------------------------------------- escalations

@dataclass
class EscalationResult:
    as_of: dt.date
    quarter: dt.date | None = None
    created: list[UnitEscalation] = field(default_factory=list)
    sent: int = 0
    skipped_no_email: int = 0
    errors: int = 0


def escalations_run(*, as_of: dt.date, now: dt.datetime | None = None,
                    send: bool = True) -> EscalationResult:
    """Escalate the units that stayed above their target (or rose markedly) in the last
    quarter ended at ``as_of``, then e-mail the leaders (see the module's doc). Running
    it again for the same or a later day in the same quarter changes nothing."""
    now = now or timezone.now()
    quarter = core.last_complete_quarter(as_of)
    result = EscalationResult(as_of=as_of, quarter=quarter)
    manifest = cube.read_manifest()
    quarter_end = core.month_end(core.add_months(quarter, 2))
    if manifest is None or manifest.as_of < quarter_end:
        result.quarter = None
        if send:
            _send_all(result, now=now)
        return result
    months = [core.add_months(quarter, -1), *core.quarter_months(quarter)]
    rows = selectors.rolling_rows([core.month_end(month) for month in months])
    resolved = selectors.resolved_targets(quarter.year)
    threshold = get_settings().small_group_threshold
    existing = set(UnitEscalation.objects.filter(quarter=quarter).values_list("unit_id", flat=True))
    for unit in Unit.objects.exclude(pk__in=existing).order_by("depth", "unit_id"):
        found = resolved.get(unit.unit_id)
        measure = found[0].target.measure if found else Measure.ABSENCE_PCT
        target = found[0].target.value if found else None
        last_row = rows.get((unit.unit_id, quarter_end))
        if last_row is None or (last_row.get("headcount") or 0) < threshold:
            continue
        rolling = {month: selectors.measure_value(rows.get((unit.unit_id, core.month_end(month))), measure)
                   for month in months}
        reason = core.escalation_reason(rolling, quarter, target)
        if reason is None:
            continue
        escalation = escalation_create(unit, quarter, reason, measure, rolling, target, as_of)
        if escalation is not None:
            result.created.append(escalation)
    if send:
        _send_all(result, now=now)
    return result


def escalation_create(unit: Unit, quarter: dt.date, reason: str, measure: str,
              rolling: dict[dt.date, float | None], target: float | None,
              as_of: dt.date) -> UnitEscalation | None:
    last = rolling[core.add_months(quarter, 2)]
    assert last is not None
    try:
        with transaction.atomic():
            escalation = UnitEscalation.objects.create(
                unit=unit, quarter=quarter, reason=reason, measure=measure, value=last, target=target,
                previous=rolling.get(core.add_months(quarter, -1)))
            EscalationTask.objects.bulk_create([
                EscalationTask(escalation=escalation, kind=kind, responsible=responsible,
                               due_date=as_of + dt.timedelta(days=days))
                for kind, responsible, days in TASKS])
    except IntegrityError:  # a concurrent run made it first
        return None
    return escalation


def leaders_above(unit: Unit) -> list[Any]:
    """The nearest leaders above the unit's own leaders (none for the top)."""
    own = {user.pk for user in leaders_of_unit(unit)}
    current = unit.parent
    while current is not None:
        found = [user for user in leaders_of_unit(current) if user.pk not in own]
        if found:
            return found
        current = current.parent
    return []


def escalation_recipients(escalation: UnitEscalation) -> list[Any]:
    users = {user.pk: user for user in leaders_of_unit(escalation.unit)}
    for user in leaders_above(escalation.unit):
        users.setdefault(user.pk, user)
    return [users[pk] for pk in sorted(users)]


def _send_all(result: EscalationResult, *, now: dt.datetime) -> None:
    """E-mail every recipient of the open escalations of the last two quarters that
    has not been told yet (so a leader appointed later, or a failed mail, is caught up)."""
    since = core.add_months(core.last_complete_quarter(result.as_of), -3)
    escalations = (UnitEscalation.objects.filter(quarter__gte=since, tasks__status=EscalationTask.Status.OPEN)
                   .distinct().select_related("unit").prefetch_related("tasks"))
    told = set(EscalationNotice.objects.filter(escalation__in=escalations)
               .values_list("escalation_id", "user_id"))
    outgoing: list[tuple[UnitEscalation, Any, EmailMessage]] = []
    for escalation in escalations:
        for user in escalation_recipients(escalation):
            if (escalation.pk, user.pk) in told:
                continue
            if not user.email:
                result.skipped_no_email += 1
                logger.warning("targets: user %s has no e-mail address; escalation %s not sent",
                               user.get_username(), escalation.pk)
                continue
            outgoing.append((escalation, user, _message(escalation, user)))
    delivery = outbox_send(
        [Outgoing(f"escalation:{escalation.pk}:{user.pk}", message,
                  partial(_record, escalation, user, now=now))
         for escalation, user, message in outgoing], now=now, label="targets")
    result.sent += len(delivery.sent)
    result.errors += len(delivery.failed)


def _record(escalation: UnitEscalation, user: Any, *, now: dt.datetime) -> None:
    EscalationNotice.objects.get_or_create(escalation=escalation, user=user,
                                           defaults={"email": user.email, "sent_at": now})


def escalation_subject(escalation: UnitEscalation) -> str:
    if escalation.reason == "above_target":
        return f"Eskalering: {escalation.unit.name} over måltallet i {escalation.quarter_label}"
    return f"Eskalering: {escalation.unit.name} – markant stigning i {escalation.quarter_label}"


def _message(escalation: UnitEscalation, user: Any) -> EmailMessage:
    context = {
        "name": user.get_full_name() or user.get_username(), "escalation": escalation,
        "tasks": list(escalation.tasks.all()),
        "url": f"{settings.NAERVAER_BASE_URL.rstrip('/')}{ESCALATIONS_PATH}",
    }
    with translation.override(settings.LANGUAGE_CODE):
        body = render_to_string("targets/email/escalation.txt", context)
    return EmailMessage(subject=escalation_subject(escalation), body=body,
                        from_email=settings.DEFAULT_FROM_EMAIL, to=[user.email])


def escalation_task_done(*, task: EscalationTask, by: Any, note: str = "",
                         now: dt.datetime | None = None) -> EscalationTask:
    task.status = EscalationTask.Status.DONE
    task.done_by = by
    task.done_at = now or timezone.now()
    if note:
        task.note = note
    task.save(update_fields=["status", "done_by", "done_at", "note"])
    return task


def escalation_plan_revised(*, unit: Any, by: Any, at: dt.datetime) -> int:
    """Close the open "write or revise the action plan" tasks of the unit's escalations
    raised before the plan was saved; returns how many were closed."""
    tasks = EscalationTask.objects.filter(
        escalation__unit=unit, kind=EscalationTask.Kind.REVISE_PLAN,
        status=EscalationTask.Status.OPEN, escalation__created__lte=at)
    closed = 0
    for task in tasks:
        escalation_task_done(task=task, by=by, now=at,
                             note=_("Handleplanen blev revideret %(date)s.")
                             % {"date": timezone.localtime(at).strftime("%d-%m-%Y")})
        closed += 1
    return closed


def escalation_task_reopen(*, task: EscalationTask) -> EscalationTask:
    task.status = EscalationTask.Status.OPEN
    task.done_by = None
    task.done_at = None
    task.save(update_fields=["status", "done_by", "done_at"])
    return task


def targets_daily(*, as_of: dt.date) -> EscalationResult:
    """The daily job's call: escalate after a quarter has ended and send the e-mails."""
    return escalations_run(as_of=as_of)

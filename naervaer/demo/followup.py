"""The demo's follow-up history: the municipality's policies, a go-live date a year back,
and leaders who keep the policy to a varying degree (some units well, some poorly), so
that the inbox and the compliance figures look like a real organisation's."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import numpy as np
import polars as pl

from naervaer.cases.models import Case
from naervaer.cases.services import (
    WeekInput,
    case_close,
    cases_open_automatically,
    conversation_record,
    retention_plan_save,
)
from naervaer.followup.models import FollowupSettings, Task, TaskStatus
from naervaer.followup.selectors import followup_spells
from naervaer.followup.services import demo_policies_attach, followup_run

GO_LIVE_DAYS = 365
WAIVER_REASONS = ("Medarbejderen er i behandling", "Aftalt andet forløb med HR",
                  "Brækket ben – kendt forløb")


def demo_followup(*, as_of: dt.date, seed: int) -> int:
    """Attach the policies, run the engine for ``as_of`` and record what the demo
    leaders did; returns the number of tasks."""
    demo_policies_attach()
    FollowupSettings.objects.update_or_create(pk=1, defaults={
        "since": as_of - dt.timedelta(days=GO_LIVE_DAYS)})
    followup_run(as_of=as_of)
    rng = np.random.default_rng(seed)
    tasks = list(Task.objects.filter(status__in=[TaskStatus.OPEN, TaskStatus.OVERDUE],
                                     trigger_date__lt=as_of - dt.timedelta(days=2))
                 .order_by("pk"))
    unit_ids = sorted({task.unit_id for task in tasks})
    # How well each unit keeps the policy: most units fairly well, a few poorly.
    keeps = dict(zip(unit_ids, rng.beta(6, 1.6, size=len(unit_ids)), strict=True))
    changed = []
    for task in tasks:
        draw = rng.random()
        if draw < 0.02:
            task.status, task.reason = TaskStatus.WAIVED, WAIVER_REASONS[int(rng.integers(3))]
            task.done_date = task.trigger_date
        elif draw < keeps[task.unit_id]:
            late = rng.random() > keeps[task.unit_id]
            window = max((task.due_date - task.trigger_date).days, 0)
            lag = int(rng.integers(0, window + 1)) + (int(rng.integers(1, 15)) if late else 0)
            done = min(task.trigger_date + dt.timedelta(days=lag), as_of)
            task.status, task.done_date = TaskStatus.DONE, done
        else:
            continue
        changed.append(task)
    Task.objects.bulk_update(changed, ["status", "done_date", "reason"], batch_size=2000)
    followup_run(as_of=as_of)  # statuses after the records (e.g. nothing reopens)
    cases = cases_open_automatically(as_of=as_of)
    _demo_cases_closed(cases, as_of, rng)
    _demo_case_records(cases, as_of)
    return Task.objects.count()


OUTCOMES = ("full_return",) * 16 + ("partial_return_continuing", "other_functions", "other_job",
                                    "employment_ended")


def _demo_cases_closed(cases: list[Case], as_of: dt.date, rng: np.random.Generator) -> None:
    """Cases whose spell ended more than a month ago are closed, most with a full return."""
    spells = followup_spells(as_of)
    ended = {(row["employee_id"], row["spell_start"]): row["spell_end"]
             for row in spells.filter(~pl.col("is_open")).iter_rows(named=True)}
    for case in cases:
        end = ended.get((case.employee.employee_id, case.spell_start))
        if end is not None and end < as_of - dt.timedelta(days=30):
            # Opened back when the spell reached the case threshold (this catch-up run
            # is the first the demo has).
            opened = min(case.spell_start + dt.timedelta(days=14), end) if case.spell_start else end
            Case.objects.filter(pk=case.pk).update(opened_at=opened)
            case.opened_at = opened
            case_close(case=case, outcome=OUTCOMES[int(rng.integers(len(OUTCOMES)))],
                       date=end + dt.timedelta(days=1), user=None)


def _demo_case_records(cases: list[Case], as_of: dt.date) -> None:
    """In the most recent open cases of long absence: the first conversation held and,
    for the longest, a retention plan with a graded return, so that the case page shows
    what a case looks like in use."""
    long_cases = sorted((case for case in cases if case.spell_start is not None
                         and case.opened_reason == "long_spell" and case.status == "open"),
                        key=lambda case: case.spell_start or as_of)[:5]
    for case in long_cases:
        assert case.spell_start is not None
        held = min(case.spell_start + dt.timedelta(days=20), as_of)
        conversation_record(employee=case.employee, case=case, date=held, kind="sygefravaerssamtale",
                            participants={"leader": True, "employee": True}, user=None)
    if long_cases:
        case = long_cases[0]
        assert case.spell_start is not None
        agreed = min(case.spell_start + dt.timedelta(days=28), as_of)
        monday = agreed + dt.timedelta(days=(7 - agreed.weekday()) % 7)
        planned = [Decimal(hours) for hours in (10, 15, 20, 25, 30, 37)]
        weeks = [WeekInput(week_start=monday + dt.timedelta(weeks=index), planned_hours=hours,
                           actual_hours=(hours - Decimal(index % 2 * 3))
                           if monday + dt.timedelta(weeks=index + 1) <= as_of else None,
                           tasks="Faste opgaver i dagvagt" if index < 3 else "")
                 for index, hours in enumerate(planned)]
        retention_plan_save(case=case, agreed_on=agreed, weeks=weeks,
                            contact="Kontakt hver mandag", adjustments="Ingen tunge løft de første uger",
                            user=None)

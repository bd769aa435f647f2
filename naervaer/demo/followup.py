"""The demo's follow-up history: the municipality's policies, a go-live date a year back,
and leaders who keep the policy to a varying degree (some units well, some poorly), so
that the inbox and the compliance figures look like a real organisation's."""

from __future__ import annotations

import datetime as dt

import numpy as np

from naervaer.followup.models import FollowupSettings, Task, TaskStatus
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
    return Task.objects.count()

"""Writes of the follow-up app: running the engine and storing its tasks, recording
what a leader did, attaching policies."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import polars as pl
from django.db import transaction

from naervaer.core.followup.engine import derive_tasks
from naervaer.core.followup.policy import PolicyVersion as CorePolicyVersion
from naervaer.core.followup.policy import policy_to_dict
from naervaer.core.followup.presets import PRESETS
from naervaer.followup.models import FollowupRun, Policy, PolicyVersion, Task, TaskStatus, UnitPolicy
from naervaer.followup.selectors import (
    followup_settings,
    followup_spells,
    recorded_events,
    recorded_facts,
    unit_policies,
)
from naervaer.organisation.models import Employee, Unit
from naervaer.organisation.selectors import get_settings

RECORDED = (TaskStatus.DONE, TaskStatus.WAIVED)
ENGINE_FIELDS = ("unit_id", "source", "policy_name", "title", "action", "responsible",
                 "trigger_date", "due_date", "notice_date", "status")


@dataclass(frozen=True)
class RunResult:
    as_of: dt.date
    tasks: pl.DataFrame
    created: int
    updated: int
    closed: int


def derived_tasks(as_of: dt.date) -> pl.DataFrame:
    """The engine's tasks for ``as_of`` from the stored data (nothing is written)."""
    return derive_tasks(spells=followup_spells(as_of), unit_policies=unit_policies(), as_of=as_of,
                        events=recorded_events(), facts=recorded_facts(),
                        extra_days_off=tuple(get_settings().extra_days_off),
                        since=followup_settings().since)


def followup_run(*, as_of: dt.date, dry_run: bool = False) -> RunResult:
    """Derive every task for ``as_of`` and store them: new ones created, the engine's
    fields of existing ones updated, and tasks the engine no longer derives (the spell
    changed in a later import) closed as not needed — unless someone recorded them done
    or waived. Running it twice changes nothing."""
    tasks = derived_tasks(as_of)
    if dry_run:
        return RunResult(as_of, tasks, 0, 0, 0)
    with transaction.atomic():
        created, updated, closed = _store(tasks)
        FollowupRun.objects.create(as_of=as_of, created=created, updated=updated, closed=closed)
    return RunResult(as_of, tasks, created, updated, closed)


def _store(tasks: pl.DataFrame) -> tuple[int, int, int]:
    employees = dict(Employee.objects.values_list("employee_id", "pk"))
    units = dict(Unit.objects.values_list("unit_id", "pk"))
    existing = {(task.employee_id, task.spell_start, task.code, task.seq): task
                for task in Task.objects.all()}
    to_create, to_update = [], []
    seen = set()
    for row in tasks.iter_rows(named=True):
        key = (employees[row["employee_id"]], row["spell_start"], row["code"], row["seq"])
        seen.add(key)
        values = {"unit_id": units[row["unit_id"]], "source": row["source"],
                  "policy_name": row["policy"] or "", "title": row["title"], "action": row["action"],
                  "responsible": row["responsible"], "trigger_date": row["trigger_date"],
                  "due_date": row["due_date"], "notice_date": row["notice_date"],
                  "status": row["status"]}
        task = existing.get(key)
        if task is None:
            to_create.append(Task(employee_id=key[0], spell_start=key[1], code=key[2], seq=key[3],
                                  **values))
            continue
        if task.status in RECORDED:
            values.pop("status")  # what a person recorded stays
        if any(getattr(task, name) != value for name, value in values.items()):
            for name, value in values.items():
                setattr(task, name, value)
            to_update.append(task)
    gone = [task for key, task in existing.items()
            if key not in seen and task.status not in (*RECORDED, TaskStatus.NOT_NEEDED)]
    for task in gone:
        task.status = TaskStatus.NOT_NEEDED
    Task.objects.bulk_create(to_create, batch_size=2000)
    Task.objects.bulk_update(to_update, ENGINE_FIELDS, batch_size=2000)
    Task.objects.bulk_update(gone, ["status"], batch_size=2000)
    return len(to_create), len(to_update), len(gone)


def task_record(*, task: Task, status: str, date: dt.date, user: Any, reason: str = "") -> Task:
    """Record a task as done (on ``date``) or waived (with a reason)."""
    if status not in RECORDED:
        raise ValueError(f"status must be done or waived, not {status!r}")
    if status == TaskStatus.WAIVED and not reason.strip():
        raise ValueError("a waiver needs a reason")
    task.status, task.done_date, task.reason = status, date, reason.strip()
    task.recorded_by = user
    task.save(update_fields=["status", "done_date", "reason", "recorded_by", "updated_at"])
    return task


def policy_create(*, name: str, version: CorePolicyVersion, preset: str = "",
                  user: Any = None) -> Policy:
    policy = Policy.objects.create(name=name, preset=preset)
    policy_version_add(policy=policy, version=version, user=user)
    return policy


def policy_version_add(*, policy: Policy, version: CorePolicyVersion, user: Any = None) -> PolicyVersion:
    definition = policy_to_dict(version)
    definition.pop("effective_from")
    return PolicyVersion.objects.create(policy=policy, effective_from=version.effective_from,
                                        definition=definition, created_by=user)


def unit_policy_set(*, unit: Unit, policy: Policy | None) -> None:
    """Attach ``policy`` to ``unit`` (None: inherit from above again)."""
    if policy is None:
        UnitPolicy.objects.filter(unit=unit).delete()
    else:
        UnitPolicy.objects.update_or_create(unit=unit, defaults={"policy": policy})


def presets_install(*, user: Any = None) -> dict[str, Policy]:
    """Every preset as a policy (existing ones by name are kept), by preset key."""
    installed = {}
    for key, version in PRESETS.items():
        policy = Policy.objects.filter(name=version.name).first()
        if policy is None:
            policy = policy_create(name=version.name, version=version, preset=key, user=user)
        installed[key] = policy
    return installed


# The demo municipality's policies: a common ladder for the kommune, and the seeds'
# programmes on three forvaltninger (matched by name, so other trees are left alone).
DEMO_POLICIES = {None: "ladder_1_5_10", "Ældre og Sundhed": "eldercare", "Børn og Unge": "koege",
                 "Teknik og Administration": "aarhus"}


def demo_policies_attach() -> None:
    installed = presets_install()
    for name, key in DEMO_POLICIES.items():
        units = (Unit.objects.filter(parent__isnull=True) if name is None
                 else Unit.objects.filter(depth=1, name=name))
        for unit in units:
            unit_policy_set(unit=unit, policy=installed[key])

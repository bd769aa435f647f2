"""Reads for the follow-up engine and pages: spells, the policies in force per unit and
what has been recorded. Scope checks are made by the views."""

from __future__ import annotations

import datetime as dt
from typing import Any

import polars as pl
from django.db.models import QuerySet

from naervaer.core.followup.engine import EVENT_SCHEMA, FACT_SCHEMA, SPELL_SCHEMA
from naervaer.core.followup.policy import PolicyVersion as CorePolicyVersion
from naervaer.core.followup.policy import policy_from_dict
from naervaer.core.metrics.shared import MetricsData
from naervaer.core.metrics.spells import spell_list
from naervaer.followup.models import (
    FollowupSettings,
    PolicyVersion,
    SpellFact,
    Task,
    TaskStatus,
    UnitPolicy,
)
from naervaer.metrics.selectors import metrics_inputs
from naervaer.organisation.models import Unit, UnitClosure


def followup_spells(as_of: dt.date) -> pl.DataFrame:
    """Every sick-absence spell known on ``as_of`` (spells across employments, as the
    metrics define them) from payroll and the sick reports it does not have yet, with
    the unit of its last day."""
    from naervaer.followup.sick_reports import pending_report_absences

    inputs = metrics_inputs()
    # Sick reports payroll does not have yet count too: day-1 calls cannot wait a month.
    absences = pl.concat([inputs.absences, pending_report_absences()])
    data = MetricsData.build(units=inputs.units, employments=inputs.employments,
                             absences=absences, as_of=as_of, config=inputs.config)
    prepared = data.prepared
    spells = spell_list(data.spells, prepared.employments, prepared.units, prepared.groups)
    return spells.select(
        "employee_id", "unit_id", pl.col("first_date").alias("spell_start"),
        pl.col("last_date").alias("spell_end"), "is_open",
    ).filter(pl.col("unit_id").is_not_null()).cast(SPELL_SCHEMA)  # type: ignore[arg-type]


def core_versions(policy_id: int) -> list[CorePolicyVersion]:
    return [policy_from_dict({**version.definition, "effective_from": version.effective_from.isoformat()})
            for version in PolicyVersion.objects.filter(policy_id=policy_id)]


def unit_policy_ids() -> dict[str, int]:
    """The policy each unit follows: its own, else the nearest ancestor's (one query over
    the closure table)."""
    links = (UnitClosure.objects.filter(ancestor__policy_link__isnull=False)
             .values_list("descendant__unit_id", "distance", "ancestor__policy_link__policy_id"))
    nearest: dict[str, tuple[int, int]] = {}
    for unit_id, distance, policy_id in links:
        if unit_id not in nearest or distance < nearest[unit_id][0]:
            nearest[unit_id] = (distance, policy_id)
    return {unit_id: policy_id for unit_id, (_, policy_id) in nearest.items()}


def unit_policies() -> dict[str, list[CorePolicyVersion]]:
    by_policy: dict[int, list[CorePolicyVersion]] = {}
    result = {}
    for unit_id, policy_id in unit_policy_ids().items():
        if policy_id not in by_policy:
            by_policy[policy_id] = core_versions(policy_id)
        result[unit_id] = by_policy[policy_id]
    return result


def policy_of_unit(unit: Unit) -> UnitPolicy | None:
    """The link that gives ``unit`` its policy (its own or the nearest ancestor's)."""
    link = (UnitClosure.objects.filter(descendant=unit, ancestor__policy_link__isnull=False)
            .order_by("distance").select_related("ancestor__policy_link__policy").first())
    return link.ancestor.policy_link if link is not None else None  # type: ignore[attr-defined]


def recorded_events() -> pl.DataFrame:
    rows = Task.objects.filter(status__in=[TaskStatus.DONE, TaskStatus.WAIVED]).values_list(
        "employee__employee_id", "spell_start", "code", "seq", "status", "done_date")
    return pl.DataFrame(list(rows), schema=EVENT_SCHEMA, orient="row")


def recorded_facts() -> pl.DataFrame:
    rows = SpellFact.objects.values_list("employee__employee_id", "spell_start", "kind", "date",
                                         "value_date")
    return pl.DataFrame(list(rows), schema=FACT_SCHEMA, orient="row")


def followup_settings() -> FollowupSettings:
    settings, _ = FollowupSettings.objects.get_or_create(pk=1)
    return settings


def leaders_of_unit(unit: Unit) -> list[Any]:
    """The leaders responsible for ``unit``: those assigned to it, else to the nearest
    unit above that has any (spec/followup.md: "the nearest leader")."""
    from naervaer.accounts.models import Profile, Role

    ancestors = (UnitClosure.objects.filter(descendant=unit).order_by("distance")
                 .values_list("ancestor_id", flat=True))
    profiles = (Profile.objects.filter(role=Role.LEADER, user__is_active=True,
                                       units__in=list(ancestors))
                .select_related("user").prefetch_related("units"))
    by_unit: dict[int, list[Any]] = {}
    for profile in profiles:
        for assigned in profile.units.all():
            by_unit.setdefault(assigned.pk, []).append(profile.user)
    for ancestor in ancestors:
        if ancestor in by_unit:
            return sorted(set(by_unit[ancestor]), key=lambda user: user.pk)
    return []


def hr_users() -> list[Any]:
    from django.contrib.auth import get_user_model
    from django.db.models import Q

    from naervaer.accounts.models import Role

    return list(get_user_model().objects.filter(is_active=True).filter(
        Q(profile__role=Role.HR) | Q(is_superuser=True)).order_by("pk"))


def responsible_users(task: Task) -> list[Any]:
    """Who a task's notice goes to: HR for HR's steps, else the unit's nearest leaders."""
    return hr_users() if task.responsible == "hr" else leaders_of_unit(task.unit)


def tasks_visible_to(user: Any) -> QuerySet[Task]:
    """The tasks a user may see: all for HR, those of employees placed in the leader's
    own units (and below) for a leader, none for other roles (they see no persons)."""
    from naervaer.accounts.models import Role
    from naervaer.accounts.selectors import own_area, user_role

    role = user_role(user)
    tasks = Task.objects.select_related("employee", "unit")
    if role == Role.HR:
        return tasks
    if role == Role.LEADER:
        return tasks.filter(unit__in=own_area(user).values("pk"))
    return tasks.none()

"""Writes of the privacy lifecycle: the retention policy and the purge."""

from __future__ import annotations

import datetime as dt
import secrets
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib.auth import get_user_model
from django.db import models, transaction
from django.utils import timezone

from naervaer.accounts.models import AuditEvent, Profile, audit_events_expire
from naervaer.accounts.services import audit_record
from naervaer.cases.models import Case, Conversation
from naervaer.core.retention import PurgePlan, RetentionPeriods, audit_cutoff, purge_plan
from naervaer.followup.models import SickReport, SpellFact, Task
from naervaer.metrics import cube
from naervaer.metrics.services import cube_refresh, metrics_mark_changed
from naervaer.notices.models import Notice, OutboxMessage, OutboxStatus
from naervaer.organisation.models import Absence, Employee, Employment
from naervaer.privacy.models import Anonymisation, RetentionPolicy
from naervaer.privacy.selectors import held, retention_policy

PSEUDONYM_PREFIX = "anon-"
# Rows per IN (...) list: below SQLite's limit on query parameters.
CHUNK = 900

# The purge's kinds in report order: (PurgePlan field, Danish label, what happens).
KINDS: tuple[tuple[str, str, str], ...] = (
    ("absences", "Fraværsregistreringer", "slettet"),
    ("sick_reports", "Syge- og raskmeldinger", "slettet"),
    ("tasks", "Opfølgningsopgaver (med advis)", "slettet"),
    ("spell_facts", "Registreringer om sygeforløb", "slettet"),
    ("cases", "Afsluttede forløb (med samtaler og planer)", "slettet"),
    ("loose_conversations", "Samtaler uden forløb", "slettet"),
    ("employees", "Fratrådte medarbejdere", "anonymiseret"),
    ("audit_events", "Hændelser i adgangsloggen", "slettet"),
    ("outbox", "Kopier af sendte e-mails", "slettet"),
    ("login_records", "Logins og loginforsøg (brugernavn, IP-adresse)", "slettet"),
)


def retention_policy_update(*, policy: RetentionPolicy, user: Any,
                            before: RetentionPeriods) -> RetentionPolicy:
    """Store an edited retention policy and log the change (before and after)."""
    with transaction.atomic():
        policy.save()
        audit_record(user=user, action="retention_policy_change", object_type="retention_policy",
                     object_id=policy.pk, detail={"before": vars(before),
                                                  "after": vars(policy.periods())})
    return policy


@dataclass
class PurgeResult:
    as_of: dt.date
    periods: RetentionPeriods
    counts: dict[str, int]
    dry_run: bool
    deleted_rows: dict[str, int] = field(default_factory=dict)  # per model, cascades included
    refreshed: str = ""

    def report_lines(self) -> list[str]:
        width = max(len(label) for _kind, label, _what in KINDS)
        lines = [f"Oprydning pr. {self.as_of:%d-%m-%Y} "
                 f"({'prøvekørsel: intet ændres' if self.dry_run else 'udført'})",
                 f"{'Datatype':<{width}}  {'Antal':>7}  Handling"]
        verb = "ville blive " if self.dry_run else ""
        for kind, label, what in KINDS:
            lines.append(f"{label:<{width}}  {self.counts[kind]:>7}  {verb}{what}")
        if self.deleted_rows:
            lines.append("Slettede rækker i alt (inkl. afhængige): " + ", ".join(
                f"{model} {count}" for model, count in sorted(self.deleted_rows.items())))
        if self.refreshed:
            lines.append(f"Nøgletal genberegnet ({self.refreshed}).")
        return lines


def _audit_cutoff_at(periods: RetentionPeriods, as_of: dt.date) -> dt.datetime:
    day = audit_cutoff(months=periods.audit_months, as_of=as_of)
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


def _expired_outbox(periods: RetentionPeriods, as_of: dt.date) -> models.QuerySet[OutboxMessage]:
    """The outbox's copies of e-mails (names in subjects and bodies) are a log of what
    was sent: kept as long as the audit log. Messages still waiting to go are kept; the
    apps' own records (Notice, …) still say what was sent, so nothing is sent again."""
    return OutboxMessage.objects.filter(created_at__lt=_audit_cutoff_at(periods, as_of)).exclude(
        status__in=[OutboxStatus.PENDING, OutboxStatus.SENDING])


def _expired_login_records(periods: RetentionPeriods, as_of: dt.date) -> list[models.QuerySet[Any]]:
    """django-axes' records of logins and failed attempts (user names, IP addresses,
    browsers): a security log like the audit log, kept as long. A lock-out lasts an hour,
    so a record this old no longer locks anyone out."""
    before = _audit_cutoff_at(periods, as_of)
    return [model.objects.filter(attempt_time__lt=before)
            for model in (AccessAttempt, AccessFailureLog, AccessLog)]


def purge_preview(*, as_of: dt.date, periods: RetentionPeriods) -> tuple[PurgePlan, dict[str, int]]:
    """The plan for ``as_of`` and the numbers of audit events, outbox copies and login
    records past their time."""
    plan = purge_plan(holdings=held(), periods=periods, as_of=as_of)
    logs = {
        "audit_events": AuditEvent.objects.filter(at__lt=_audit_cutoff_at(periods, as_of)).count(),
        "outbox": _expired_outbox(periods, as_of).count(),
        "login_records": sum(rows.count() for rows in _expired_login_records(periods, as_of)),
    }
    return plan, logs


def purge(*, as_of: dt.date, dry_run: bool = False, user: Any = None,
          refresh: bool = True) -> PurgeResult:
    """Delete or anonymise what is past its time on ``as_of`` under the stored retention
    policy, all in one transaction; then rebuild the metric cube when figures or the
    person keys in it changed. Running it twice changes nothing the second time (no
    audit event either: one is written only when something was purged)."""
    periods = retention_policy().periods()
    with transaction.atomic():
        plan, logs = purge_preview(as_of=as_of, periods=periods)
        counts = {**plan.counts(), **logs}
        result = PurgeResult(as_of, periods, counts, dry_run)
        if dry_run or not any(counts.values()):
            return result
        deleted = result.deleted_rows
        _delete(Absence, plan.absences, deleted)
        _delete(SickReport, plan.sick_reports, deleted)
        _delete(Task, plan.tasks, deleted)
        _delete(SpellFact, plan.spell_facts, deleted)
        _delete(Case, plan.cases, deleted)
        _delete(Conversation, plan.loose_conversations, deleted)
        anonymised = employees_anonymise(employee_pks=sorted(plan.employees, key=str), as_of=as_of)
        if logs["audit_events"]:
            deleted["accounts.AuditEvent"] = audit_events_expire(
                before=_audit_cutoff_at(periods, as_of))
        if logs["outbox"]:
            deleted["notices.OutboxMessage"] = _expired_outbox(periods, as_of).delete()[0]
        for rows in _expired_login_records(periods, as_of):
            if count := rows.delete()[0]:
                deleted[rows.model._meta.label] = count
        cube_stale = bool(plan.absences or anonymised)
        if cube_stale:
            # Old absences shape spells that reach into the cube's years, and the cube's
            # spell file holds employee keys: rebuild it from what is left.
            metrics_mark_changed(rebuild=True)
        audit_record(user=user, action="purge", object_type="retention", object_id=as_of.isoformat(),
                     detail={"counts": counts, "deleted_rows": deleted, "periods": vars(periods)})
    if cube_stale and refresh:
        result.refreshed = cube_refresh(as_of=timezone.localdate()).kind
        # The cube's previous files (the spell list holds employee keys) go now, not at
        # the next refresh.
        cube.retired_files_delete()
    return result


def _delete(model: type[models.Model], keys: Iterable[Any], deleted: dict[str, int]) -> None:
    keys = sorted(keys, key=str)
    for start in range(0, len(keys), CHUNK):
        _total, per_model = model._default_manager.filter(pk__in=keys[start:start + CHUNK]).delete()
        for label, count in per_model.items():
            deleted[label] = deleted.get(label, 0) + count


def _pseudonym(taken: set[str]) -> str:
    while True:
        candidate = PSEUDONYM_PREFIX + secrets.token_hex(6)
        if candidate not in taken:
            taken.add(candidate)
            return candidate


def employees_anonymise(*, employee_pks: Sequence[Any], as_of: dt.date) -> int:
    """Replace the identity of these employees by a random pseudonym: the name is emptied,
    the payroll keys of the employee, its employments and absences are replaced, the name
    is removed from notice subjects, and a linked user account is unlinked and
    deactivated. Unit, staff group, hours, dates, birth year and gender stay, so the
    figures of the units do not change. Nothing of the old identity is kept."""
    if not employee_pks:
        return 0
    taken: set[str] = set()
    for employee in Employee.objects.filter(pk__in=employee_pks).prefetch_related("employments"):
        old_name = employee.name
        employee.employee_id = _pseudonym(taken)
        employee.name = ""
        employee.save(update_fields=["employee_id", "name"])
        for number, employment in enumerate(employee.employments.order_by("start_date", "pk"), 1):
            key = f"{employee.employee_id}-{number}"
            Employment.objects.filter(pk=employment.pk).update(employment_id=key)
            for absence_pk in Absence.objects.filter(employment=employment).values_list("pk", flat=True):
                Absence.objects.filter(pk=absence_pk).update(key=f"{key}-{absence_pk}")
        if old_name:
            for notice in Notice.objects.filter(task__employee=employee):
                Notice.objects.filter(pk=notice.pk).update(
                    subject=notice.subject.replace(old_name, employee.employee_id))
        _unlink_users(employee)
        Anonymisation.objects.create(employee=employee, as_of=as_of)
    return len(employee_pks)


def _unlink_users(employee: Employee) -> None:
    # A role change, logged without the old employee key (that would undo the purge).
    for profile in Profile.objects.filter(employee=employee).select_related("user"):
        user = profile.user
        get_user_model().objects.filter(pk=user.pk).update(is_active=False)
        Profile.objects.filter(pk=profile.pk).update(employee=None)
        audit_record(user=None, action="role_change", object_type="user", object_id=user.get_username(),
                     detail={"reason": "anonymisation", "after": {"employee": None, "is_active": False}})

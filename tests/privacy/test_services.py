"""The purge (naervaer/privacy/services.py): what goes, what stays, anonymisation keeps the
units' figures, dry run = real counts, twice = once."""

from __future__ import annotations

import datetime as dt

import polars as pl
import pytest
from django.apps import apps
from django.contrib.auth import get_user_model

from naervaer.accounts.models import AuditEvent
from naervaer.cases.models import Case, Conversation, RetentionPlan
from naervaer.core.metrics import group_table
from naervaer.core.metrics.shared import MetricsData
from naervaer.followup.models import SickReport, SpellFact, Task
from naervaer.metrics.cube import read_manifest
from naervaer.metrics.selectors import metrics_inputs
from naervaer.organisation.models import Absence, Employee, Employment
from naervaer.privacy.models import Anonymisation
from naervaer.privacy.selectors import retention_policy
from naervaer.privacy.services import purge

D = dt.date


def _row_counts() -> dict[str, int]:
    """Rows per model of every app holding person data (the database's state)."""
    labels = ["organisation", "followup", "cases", "notices", "accounts", "wellbeing", "privacy"]
    return {model._meta.label: model._base_manager.count() for label in labels
            for model in apps.get_app_config(label).get_models()}


def _snapshot() -> list[tuple]:
    return sorted(Employee.objects.values_list("employee_id", "name")) + sorted(
        Absence.objects.values_list("key", "start_date")) + sorted(
        Employment.objects.values_list("employment_id", "unit_id"))


def _year_figures(year: int) -> pl.DataFrame:
    inputs = metrics_inputs()
    data = MetricsData.build(units=inputs.units, employments=inputs.employments,
                             absences=inputs.absences, as_of=D(year, 12, 31), config=inputs.config)
    return group_table(data=data, date_from=D(year, 1, 1), date_to=D(year, 12, 31), by="year",
                       scopes=("subtree", "own"), by_staff_group=True)


def test_purge_deletes_what_is_past_its_time_and_keeps_the_rest(held):
    result = purge(as_of=held.as_of)

    assert result.counts == {"absences": 1, "cases": 1, "loose_conversations": 1, "tasks": 1,
                             "spell_facts": 1, "sick_reports": 1, "employees": 1, "audit_events": 0,
                             "outbox": 0, "login_records": 0}
    assert not Absence.objects.filter(pk=held.ditte_old.pk).exists()
    assert Absence.objects.filter(pk=held.ditte_late.pk).exists()      # ended 2021: to end of 2026
    assert Absence.objects.filter(key="ABS-ANNA").exists()
    assert not Case.objects.filter(pk=held.ditte_case.pk).exists()
    assert not RetentionPlan.objects.filter(case_id=held.ditte_case.pk).exists()  # cascaded
    assert Case.objects.filter(pk=held.bo_case.pk).exists()            # open: kept
    assert Case.objects.filter(pk=held.anna_case.pk).exists()
    assert not Conversation.objects.filter(employee=held.ditte).exists()
    assert set(Task.objects.filter(employee=held.ditte)) == {held.ditte_late_task}
    assert not SpellFact.objects.filter(employee=held.ditte).exists()
    assert not SickReport.objects.filter(employment__employee=held.ditte).exists()
    assert result.deleted_rows["notices.Notice"] == 1
    assert result.deleted_rows["cases.Conversation"] == 2             # the case's and the loose one
    event = AuditEvent.objects.get(action="purge")
    assert event.detail["counts"] == result.counts


def test_anonymising_replaces_the_identity_and_keeps_the_figures(held):
    before = _year_figures(2021)
    ditte_pk, job_pk = held.ditte.pk, held.ditte_job.pk

    purge(as_of=held.as_of)

    ditte = Employee.objects.get(pk=ditte_pk)
    assert ditte.employee_id.startswith("anon-") and ditte.name == ""
    assert Anonymisation.objects.filter(employee=ditte, as_of=held.as_of).exists()
    job = Employment.objects.get(pk=job_pk)
    assert job.employment_id.startswith(ditte.employee_id)
    assert (job.unit_id, job.staff_group, job.end_date, job.birth_year) == (
        held.sol.pk, "Social- og sundhedsassistent", D(2021, 6, 30), 1980)
    assert Absence.objects.get(pk=held.ditte_late.pk).key.startswith(ditte.employee_id)
    for model, texts in [(Employee, ["P-DITTE", "Ditte"]), (Employment, ["E-DITTE"]),
                         (Absence, ["E-DITTE"])]:
        stored = " ".join(str(row) for row in model.objects.values_list())
        assert not any(text in stored for text in texts), model
    held.ditte_late_notice.refresh_from_db()
    assert "Ditte" not in held.ditte_late_notice.subject
    user = get_user_model().objects.get(username="ditte")
    assert not user.is_active and user.profile.employee is None
    assert AuditEvent.objects.filter(action="role_change", object_id="ditte",
                                     detail__reason="anonymisation").exists()
    # Unit figures of a year with no purged absence are the same to the last digit.
    assert _year_figures(2021).equals(before)


def test_purge_rebuilds_the_metric_cube(held):
    result = purge(as_of=held.as_of)
    assert result.refreshed == "full"
    assert read_manifest() is not None


def test_purge_leaves_no_cube_file_with_the_purged_keys(held):
    """The cube's spell list holds employee keys: after the purge's rebuild no file of
    the cube before it is left (a refresh otherwise keeps them until the next write)."""
    from naervaer.metrics.cube import cube_directory
    from naervaer.metrics.services import cube_refresh

    cube_refresh(as_of=held.as_of)
    before = {path.name for path in cube_directory().glob("*.parquet")}
    assert before

    purge(as_of=held.as_of)

    after = {path.name for path in cube_directory().glob("*.parquet")}
    assert after and not before & after
    stored = b"".join(path.read_bytes() for path in cube_directory().glob("*.parquet"))
    assert b"P-DITTE" not in stored


def test_dry_run_changes_nothing_and_counts_what_the_real_run_does(held):
    state = _row_counts()
    dry = purge(as_of=held.as_of, dry_run=True)
    assert _row_counts() == state
    absences = Absence.objects.count()

    real = purge(as_of=held.as_of)

    assert dry.counts == real.counts
    assert Absence.objects.count() == absences - real.counts["absences"]
    assert Anonymisation.objects.count() == real.counts["employees"]


def test_purging_twice_changes_nothing_the_second_time(held):
    purge(as_of=held.as_of)
    state, snapshot = _row_counts(), _snapshot()

    again = purge(as_of=held.as_of)

    assert not any(again.counts.values())
    assert _row_counts() == state and _snapshot() == snapshot


def test_longer_periods_from_the_admin_keep_more(held):
    policy = retention_policy()
    policy.absence_years = policy.case_years = policy.former_employee_years = 10
    policy.save()
    result = purge(as_of=held.as_of, dry_run=True)
    assert not any(result.counts.values())


def test_audit_events_past_their_time_go_through_the_named_path(held):
    """Events written today are past three years on a day more than three years ahead."""
    count = AuditEvent.objects.count()
    later = dt.date.today() + dt.timedelta(days=3 * 366 + 2)
    result = purge(as_of=later, refresh=False)
    assert result.counts["audit_events"] == count
    assert list(AuditEvent.objects.values_list("action", flat=True)) == ["purge"]


def test_outbox_copies_go_with_the_audit_log_but_unsent_mail_stays(held):
    from naervaer.notices.models import OutboxMessage, OutboxStatus

    for status in (OutboxStatus.SENT, OutboxStatus.FAILED, OutboxStatus.PENDING):
        OutboxMessage.objects.create(key=f"test:{status}", to="leder@example.dk", from_email="x@example.dk",
                                     subject="Samtale med Ditte Dahl", body="...", status=status)
    later = dt.date.today() + dt.timedelta(days=3 * 366 + 2)
    dry = purge(as_of=later, dry_run=True, refresh=False)
    assert dry.counts["outbox"] == 2 and OutboxMessage.objects.count() == 3
    result = purge(as_of=later, refresh=False)
    assert result.deleted_rows["notices.OutboxMessage"] == 2
    assert list(OutboxMessage.objects.values_list("status", flat=True)) == ["pending"]
    assert purge(as_of=dt.date.today(), dry_run=True).counts["outbox"] == 0


@pytest.mark.parametrize("as_of", [D(2026, 6, 30), D(2026, 7, 1)])
def test_employee_is_anonymised_the_day_after_five_years(held, as_of):
    result = purge(as_of=as_of, dry_run=True)
    assert result.counts["employees"] == (as_of > D(2026, 6, 30))


def test_login_records_go_on_the_audit_logs_clock(held):
    """django-axes' records hold user names and IP addresses: kept as long as the audit
    log (default 36 months), then deleted; newer ones stay."""
    from axes.models import AccessAttempt, AccessFailureLog, AccessLog
    from django.utils import timezone

    old = timezone.make_aware(dt.datetime.combine(held.as_of, dt.time(9))) - dt.timedelta(
        days=31 * (retention_policy().audit_months + 1))
    recent = timezone.make_aware(dt.datetime.combine(held.as_of, dt.time(9))) - dt.timedelta(days=30)
    common = {"user_agent": "test", "ip_address": "10.0.0.7", "http_accept": "*/*",
              "path_info": "/login/"}
    for when, user in ((old, "bo"), (recent, "carl")):
        log = AccessLog.objects.create(username="anna", **common)
        failure = AccessFailureLog.objects.create(username="anna", locked_out=False, **common)
        attempt = AccessAttempt.objects.create(username=user, get_data="", post_data="",
                                               failures_since_start=1, **common)
        for model, row in ((AccessLog, log), (AccessFailureLog, failure), (AccessAttempt, attempt)):
            model.objects.filter(pk=row.pk).update(attempt_time=when)  # auto_now_add

    assert purge(as_of=held.as_of, dry_run=True).counts["login_records"] == 3
    result = purge(as_of=held.as_of)

    assert result.counts["login_records"] == 3
    for model in (AccessLog, AccessFailureLog, AccessAttempt):
        assert list(model.objects.values_list("attempt_time", flat=True)) == [recent], model
    assert result.deleted_rows["axes.AccessLog"] == 1

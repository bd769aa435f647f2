"""``naervaer followup_daily``: the engine run and the notices in one command."""

from __future__ import annotations

import io

import pytest
from django.core import mail
from django.core.management import CommandError, call_command

from naervaer.followup.models import FollowupRun, Task
from naervaer.notices.models import Notice

pytestmark = pytest.mark.django_db


def daily(*args: str) -> str:
    out = io.StringIO()
    call_command("followup_daily", *args, stdout=out)
    return out.getvalue()


def test_the_daily_command_runs_the_engine_and_sends_the_notices(org):
    out = daily("--as-of", "2025-06-06")
    assert Task.objects.filter(employee__employee_id="P-BO").count() == 3
    assert len(mail.outbox) == 4
    assert Notice.objects.count() == 4
    line = out.strip()
    assert "\n" not in line
    assert line.startswith("followup_daily 2025-06-06: tasks ")
    assert "notices 4 e-mails (4 task, 0 digest) covering 4 task notices, 0 skipped (no e-mail address), 0 failed" in line
    assert line.endswith("0 meeting reminders; 0 unit escalations")
    run = FollowupRun.objects.get()
    assert (run.as_of.isoformat(), run.notices) == ("2025-06-06", 4)
    # The next day: the conversation is new, nothing is sent twice.
    out = daily("--as-of", "2025-06-07")
    assert "tasks 0 new" in out and "notices 2 e-mails (2 task, 0 digest)" in out
    assert len(mail.outbox) == 6
    assert FollowupRun.objects.order_by("-started_at", "-pk").first().notices == 2


def test_the_daily_command_fails_when_mail_fails(org, settings):
    settings.EMAIL_BACKEND = "tests.notices.test_send.FlakyBackend"
    out = io.StringIO()
    with pytest.raises(CommandError, match=r"1 e-mail\(s\) failed \(to leder-engly\)"):
        call_command("followup_daily", "--as-of", "2025-06-06", stdout=out)
    assert "3 e-mails" in out.getvalue() and "1 failed" in out.getvalue()


def test_the_daily_command_rejects_a_bad_date(org):
    with pytest.raises(CommandError, match="2025-13-01"):
        call_command("followup_daily", "--as-of", "2025-13-01")


def test_the_console_command_runs_it_too(org, capsys):
    from naervaer.cli import main

    main(["followup_daily", "--as-of", "2025-06-06"])
    assert "followup_daily 2025-06-06" in capsys.readouterr().out

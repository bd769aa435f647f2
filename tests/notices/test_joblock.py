"""The job lock (naervaer/notices/joblock.py) and the daily job's use of it."""

from __future__ import annotations

import datetime as dt
import io
import os
import subprocess
import sys

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import IntegrityError, transaction
from django.utils import timezone

from naervaer.followup.models import Task
from naervaer.notices import joblock
from naervaer.notices.joblock import JobLocked, job_lock, job_lock_acquire, job_lock_release
from naervaer.notices.models import JobLock

pytestmark = pytest.mark.django_db


def test_a_held_lock_refuses_a_second_taker_until_released():
    first = job_lock_acquire("job")
    with pytest.raises(JobLocked, match="another run is in progress"):
        job_lock_acquire("job")
    job_lock_acquire("other job")  # names are independent
    job_lock_release(first)
    with job_lock("job"):
        assert JobLock.objects.filter(name="job").count() == 1
    assert not JobLock.objects.filter(name="job").exists()


def test_an_expired_lock_is_taken_over():
    now = timezone.now()
    JobLock.objects.create(name="job", holder="elsewhere:1:aa", acquired_at=now - dt.timedelta(hours=7),
                           expires_at=now - dt.timedelta(hours=1))
    lock = job_lock_acquire("job")
    assert lock.holder.split(":")[1] == str(os.getpid())


def test_a_lock_held_elsewhere_and_not_expired_is_respected():
    now = timezone.now()
    JobLock.objects.create(name="job", holder="another-host:1:aa", acquired_at=now,
                           expires_at=now + dt.timedelta(hours=1))
    with pytest.raises(JobLocked, match="another-host:1:aa"):
        job_lock_acquire("job")


def test_the_lock_of_a_dead_process_on_this_host_is_taken_over():
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                          capture_output=True, text=True, check=True)
    now = timezone.now()
    JobLock.objects.create(name="job", holder=f"{joblock.socket.gethostname()[:80]}:{dead.stdout.strip()}:aa",
                           acquired_at=now, expires_at=now + dt.timedelta(hours=1))
    assert f":{dead.stdout.strip()}:" not in job_lock_acquire("job").holder
    assert JobLock.objects.filter(name="job").count() == 1


def test_the_daily_job_does_nothing_and_succeeds_while_another_run_holds_the_lock(org):
    held = job_lock_acquire("followup_daily")
    out = io.StringIO()
    call_command("followup_daily", "--as-of", "2025-06-06", stdout=out)
    assert "another run is in progress" in out.getvalue()
    assert "this run does nothing" in out.getvalue()
    assert not Task.objects.exists() and mail.outbox == []
    job_lock_release(held)
    call_command("followup_daily", "--as-of", "2025-06-06", stdout=io.StringIO())
    assert Task.objects.exists() and len(mail.outbox) == 4
    assert not JobLock.objects.exists()  # released after the run


def test_a_task_key_is_unique_in_the_database(org):
    call_command("followup", "--as-of", "2025-06-06", "--format", "csv", stdout=io.StringIO(),
                 stderr=io.StringIO())
    task = Task.objects.first()
    assert task is not None
    task.pk = None
    with pytest.raises(IntegrityError), transaction.atomic():
        task.save()

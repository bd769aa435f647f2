"""A named lock for a job that must not run twice at once (the daily follow-up job).

The lock is a ``JobLock`` row with a unique name: taking it is one ``INSERT``, which
exactly one of two concurrent runs wins on SQLite and on PostgreSQL alike (the unique
constraint decides), and it is visible to an operator (who holds it, since when). It is
released by deleting the row. A run that died without releasing it (SIGKILL, power
loss) leaves the row behind; a later run takes it over when it has expired, or at once
when it was held by a process on the same host that no longer exists.

A row and not ``pg_try_advisory_lock``: the same code on both databases, tested in both
passes, and no reliance on one database session living as long as the job (poolers in
transaction mode hand sessions around)."""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import socket
import uuid
from collections.abc import Iterator

from django.db import IntegrityError, transaction
from django.utils import timezone

from naervaer.notices.models import JobLock

DEFAULT_TTL = dt.timedelta(hours=6)


class JobLocked(Exception):
    """Another run holds the lock."""

    def __init__(self, lock: JobLock) -> None:
        super().__init__(f"another run is in progress ({lock.holder}, "
                         f"since {lock.acquired_at:%Y-%m-%d %H:%M:%S %Z})")
        self.lock = lock


def _holder() -> str:
    return f"{socket.gethostname()[:80]}:{os.getpid()}:{uuid.uuid4().hex[:8]}"


def _process_gone(holder: str) -> bool:
    """Whether ``holder`` names a process on this host that has ended."""
    host, _, rest = holder.partition(":")
    pid_text = rest.partition(":")[0]
    if host != socket.gethostname()[:80] or not pid_text.isdigit():
        return False
    try:
        os.kill(int(pid_text), 0)
    except ProcessLookupError:
        return True
    except PermissionError:
        return False
    return False


def job_lock_acquire(name: str, *, ttl: dt.timedelta = DEFAULT_TTL,
                     now: dt.datetime | None = None) -> JobLock:
    """Take the lock ``name`` or raise ``JobLocked``; a dead holder's lock is taken over."""
    now = now or timezone.now()
    holder = _holder()
    for _attempt in range(2):
        try:
            with transaction.atomic():
                return JobLock.objects.create(name=name, holder=holder, acquired_at=now, expires_at=now + ttl)
        except IntegrityError:
            current = JobLock.objects.filter(name=name).first()
            if current is None:
                continue  # released between our insert and our look
            if current.expires_at > now and not _process_gone(current.holder):
                raise JobLocked(current) from None
            # Stale: delete exactly the row we looked at (a concurrent taker may do the same;
            # only one of us then wins the insert).
            JobLock.objects.filter(pk=current.pk, holder=current.holder).delete()
    current = JobLock.objects.filter(name=name).first()
    if current is None:  # pragma: no cover - lost two races in a row
        raise RuntimeError(f"could not take the lock {name!r}")
    raise JobLocked(current)


def job_lock_release(lock: JobLock) -> None:
    JobLock.objects.filter(pk=lock.pk, holder=lock.holder).delete()


@contextlib.contextmanager
def job_lock(name: str, *, ttl: dt.timedelta = DEFAULT_TTL) -> Iterator[JobLock]:
    """``with job_lock("followup_daily"):`` — raises ``JobLocked`` when another run holds it."""
    lock = job_lock_acquire(name, ttl=ttl)
    try:
        yield lock
    finally:
        job_lock_release(lock)

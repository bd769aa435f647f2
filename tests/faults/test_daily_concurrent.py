"""Two ``naervaer followup_daily`` processes started at the same moment against one
database, mailing a real SMTP server (aiosmtpd on 127.0.0.1): no task is doubled and
every e-mail arrives exactly once. A last round runs the four senders twice at once
*without* the job lock, so the outbox's keys alone are shown to hold."""

from __future__ import annotations

import datetime as dt
import socket
import subprocess
from collections import Counter
from collections.abc import Iterator
from email import message_from_bytes, policy

import pytest
from aiosmtpd.controller import Controller

from naervaer.notices.outbox import KEY_HEADER
from tests.faults.conftest import END, FileDatabase, Server, start

pytestmark = pytest.mark.faults

SENDERS = """
import datetime as dt
from naervaer.notices.services import notices_send
from naervaer.strategy.services import meeting_reminders_send
from naervaer.targets.services import targets_daily
from naervaer.wellbeing.services import incident_notices_send
as_of = dt.date.fromisoformat("{day}")
result = notices_send(as_of=as_of)
meeting_reminders_send(as_of=as_of)
targets_daily(as_of=as_of)
incident_notices_send(as_of)
print("sent", result.sent, "errors", result.errors)
"""


class Collector:
    def __init__(self) -> None:
        self.keys: list[str] = []

    async def handle_DATA(self, server, session, envelope):  # type: ignore[no-untyped-def]
        message = message_from_bytes(envelope.original_content or envelope.content, policy=policy.default)
        self.keys.append(str(message[KEY_HEADER]))
        return "250 Message accepted for delivery"


@pytest.fixture
def smtp() -> Iterator[tuple[Collector, int]]:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = int(probe.getsockname()[1])
    handler = Collector()
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    yield handler, port
    controller.stop()


def both(db: FileDatabase, env: dict[str, str], *args: str) -> list[subprocess.CompletedProcess[str]]:
    """Start two processes at the same moment; wait for both."""
    processes = [start(db, *args, env=env) for _ in range(2)]
    done = []
    for process in processes:
        out, err = process.communicate(timeout=300)
        done.append(subprocess.CompletedProcess(process.args, process.returncode, out, err))
    return done


def sent_keys(db: FileDatabase) -> set[str]:
    return {row[0] for row in db.query("SELECT key FROM notices_outboxmessage WHERE status = 'sent'")}


def assert_nothing_doubled(db: FileDatabase) -> None:
    assert db.query("SELECT employee_id, spell_start, code, seq FROM followup_task "
                    "GROUP BY employee_id, spell_start, code, seq HAVING count(*) > 1") == []
    assert db.query("SELECT task_id, user_id FROM notices_notice GROUP BY task_id, user_id "
                    "HAVING count(*) > 1") == []
    assert db.query("SELECT status, count(*) FROM notices_outboxmessage WHERE status <> 'sent' "
                    "GROUP BY status") == []


def test_two_daily_runs_at_once_double_no_task_and_no_mail(
        server: Server, followup_ready: FileDatabase, smtp: tuple[Collector, int]) -> None:
    collector, port = smtp
    db = server.new(followup_ready, label="daily")
    env = db.env(EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend", EMAIL_HOST="127.0.0.1",
                 EMAIL_PORT=str(port), EMAIL_TIMEOUT="30")
    report = []
    for day in (END, END + dt.timedelta(days=7)):
        before, received = sent_keys(db), len(collector.keys)
        runs = both(db, env, "followup_daily", "--as-of", day.isoformat())
        assert [run.returncode for run in runs] == [0, 0], [run.stderr for run in runs]
        refused = sum("another run is in progress" in run.stdout for run in runs)
        assert_nothing_doubled(db)
        new = collector.keys[received:]
        assert max(Counter(new).values(), default=1) == 1, Counter(new).most_common(3)
        assert set(new) == sent_keys(db) - before
        engine_runs = int(db.scalar(f"SELECT count(*) FROM followup_followuprun WHERE as_of = '{day}'"))
        assert engine_runs == 2 - refused
        report.append(f"followup_daily {day} ×2: {len(new)} e-mails, each once; "
                      f"{refused} run(s) refused by the lock, {engine_runs} engine run(s)")
    assert len(collector.keys) >= 10
    tasks = int(db.scalar("SELECT count(*) FROM followup_task"))

    # Without the lock: the senders twice at once, with every notice to be sent again.
    db.query("DELETE FROM notices_notice")
    db.query("DELETE FROM notices_outboxmessage")
    received = len(collector.keys)
    day = END + dt.timedelta(days=7)
    runs = both(db, env, "shell", "-c", SENDERS.format(day=day.isoformat()))
    assert [run.returncode for run in runs] == [0, 0], [run.stderr for run in runs]
    assert_nothing_doubled(db)
    new = collector.keys[received:]
    assert max(Counter(new).values(), default=1) == 1, Counter(new).most_common(3)
    assert set(new) == sent_keys(db) and len(new) >= 10
    assert int(db.scalar("SELECT count(*) FROM followup_task")) == tasks
    split = [line for run in runs for line in run.stdout.splitlines() if line.startswith("sent")]
    report.append(f"senders ×2 without the lock: {len(new)} e-mails, each once ({' / '.join(split)})")
    print("\n" + "\n".join(report))

"""``naervaer followup`` (the follow-up runner) killed with SIGKILL: no half-written run
(the tasks and the ``FollowupRun`` row of a run are there together or not at all), and
the next run yields the same tasks as a run never killed."""

from __future__ import annotations

import time

import pytest

from tests.faults.conftest import END, FileDatabase, Server, kill_after, kill_while_writing, naervaer, start

pytestmark = pytest.mark.faults

TASKS = ("SELECT e.employee_id, t.spell_start, t.code, t.seq, u.unit_id, t.source, t.policy_name, "
         "t.title, t.action, t.responsible, t.trigger_date, t.due_date, t.notice_date, t.status, "
         "t.done_date FROM followup_task t JOIN organisation_employee e ON e.id = t.employee_id "
         "JOIN organisation_unit u ON u.id = t.unit_id ORDER BY 1, 2, 3, 4")
RUN = ("followup", "--as-of", END.isoformat(), "--format", "csv")


def state(db: FileDatabase) -> tuple[int, int, str]:
    return (int(db.scalar("SELECT count(*) FROM followup_task")),
            int(db.scalar("SELECT count(*) FROM followup_followuprun")), db.checksum(TASKS))


def test_a_killed_followup_run_leaves_no_half_run_and_the_next_run_completes(
        server: Server, followup_ready: FileDatabase) -> None:
    never_killed = server.new(followup_ready, label="followup_clean")
    started = time.monotonic()
    naervaer(never_killed, *RUN, "--out", str(never_killed.var_dir / "tasks.csv"))
    seconds = time.monotonic() - started
    reference = state(never_killed)
    tasks, runs, checksum = reference
    assert tasks > 100 and runs == 1
    assert int(never_killed.scalar("SELECT created FROM followup_followuprun")) == tasks

    db = server.new(followup_ready, label="followup_killed")
    out = str(db.var_dir / "tasks.csv")
    report = []
    for point in (None, *(round(seconds * share, 2) for share in (0.6, 0.9))):
        before = state(db)
        process = start(db, *RUN, "--out", out)
        kill = kill_while_writing(process, db) if point is None else kill_after(process, point, db)
        after = state(db)
        if after == before:
            outcome = "nothing of it"
        else:
            # Only the first completed run creates tasks; a later one adds just its run row.
            assert after[0] == tasks and after[2] == checksum, f"{kill.when}: half a run {after[:2]}"
            assert after[1] == before[1] + 1, f"{kill.when}: tasks without their run row"
            outcome = "all of it"
        report.append(f"{kill.when:<32} {'killed' if kill.killed else 'ended by itself':<16} "
                      f"at {kill.seconds:5.2f} s → {outcome}")
    runs_before = state(db)[1]
    naervaer(db, *RUN, "--out", out)
    final = state(db)
    assert (final[0], final[2]) == (tasks, checksum)
    assert final[1] == runs_before + 1
    print(f"\nclean follow-up run {seconds:.2f} s: {tasks} tasks")
    print("\n".join(report))

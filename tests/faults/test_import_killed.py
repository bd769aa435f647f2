"""``naervaer import`` killed with SIGKILL at several moments: the database holds either
nothing of that import or all of it (rows and the import batch record), and the next
import ends equal to a clean one (counts and a checksum of the absence table)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.faults.conftest import (
    FileDatabase,
    Reference,
    Server,
    kill_after,
    kill_while_writing,
    naervaer,
    start,
)

pytestmark = pytest.mark.faults

TABLES = {"units": "organisation_unit", "employees": "organisation_employee",
          "employments": "organisation_employment", "absences": "organisation_absence",
          "closure": "organisation_unitclosure", "batches": "imports_importbatch"}
ABSENCES = ("SELECT a.key, e.employment_id, a.type, a.start_date, a.end_date, a.degree, a.hours "
            "FROM organisation_absence a JOIN organisation_employment e ON e.id = a.employment_id "
            "ORDER BY a.key")


def counts(db: FileDatabase) -> dict[str, int]:
    return {name: int(db.scalar(f"SELECT count(*) FROM {table}")) for name, table in TABLES.items()}


def data(found: dict[str, int]) -> dict[str, int]:
    return {name: value for name, value in found.items() if name != "batches"}


def test_a_killed_import_leaves_nothing_or_all_and_the_next_import_completes(
        server: Server, migrated: FileDatabase, imported: Reference, demo_files: list[Path]) -> None:
    clean, clean_absences = counts(imported.db), imported.db.checksum(ABSENCES)
    assert clean["absences"] > 5_000 and clean["batches"] == 1
    empty = {name: 0 for name in TABLES}
    db = server.new(migrated, label="import_killed")
    files = [str(path) for path in demo_files]
    # First a kill caught inside the write transaction, then kills at fractions of a
    # clean import's wall time (process start included), the last ones may come too late.
    plan: list[float | None] = [None, *(round(imported.seconds * share, 2) for share in (0.5, 0.9))]
    report = []
    for point in plan:
        before = counts(db)
        process = start(db, "import", "--no-refresh", *files)
        kill = (kill_while_writing(process, db, delay=0.2) if point is None
                else kill_after(process, point, db))
        after = counts(db)
        if after == before:
            outcome = "nothing of it"
        else:
            assert data(after) == data(clean), f"{kill.when}: partial import {after}"
            assert after["batches"] == before["batches"] + 1, f"{kill.when}: rows without their batch"
            assert db.checksum(ABSENCES) == clean_absences
            outcome = "all of it"
        if point is None:
            assert kill.killed and before == empty and outcome == "nothing of it", kill
        report.append(f"{kill.when:<32} {'killed' if kill.killed else 'ended by itself':<16} "
                      f"at {kill.seconds:5.2f} s → {outcome}")
    final = naervaer(db, "import", "--no-refresh", *files)
    assert "Import gennemført" in final.stdout
    assert data(counts(db)) == data(clean)
    assert db.checksum(ABSENCES) == clean_absences
    print(f"\nclean import {imported.seconds:.2f} s, {clean}")
    print("\n".join(report))

"""A tested restore (docs/operations.md "Backups" and "Restore").

PostgreSQL pass: a small demo organisation is loaded and committed into the test
database, its figures computed (`naervaer metrics --by month` for the whole organisation
and one unit by staff group, from the rows, not the cube), then the shipped backup script
(deploy/naervaer-backup.sh: `pg_dump -Fc` plus the var files) backs up the test database,
`pg_restore` puts it into a fresh database, and the same figures computed in a new
process against the restored database must be identical, as must every table's row count.

SQLite pass: the documented SQLite method instead, the online backup API (what the
`sqlite3` shell's `.backup` command uses; Python's `sqlite3.Connection.backup`), then the
copy opened as the database of a new process, with the same comparisons.
"""

from __future__ import annotations

import datetime as dt
import glob
import io
import os
import shutil
import sqlite3
import subprocess
import sys
import tarfile
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connection

from naervaer.demo.services import demo_load
from naervaer.organisation.models import Unit

pytestmark = pytest.mark.django_db(transaction=True)

END = dt.date(2026, 10, 31)
NAERVAER = str(Path(sys.executable).with_name("naervaer"))
BACKUP_SCRIPT = Path(__file__).resolve().parents[2] / "deploy" / "naervaer-backup.sh"


def _figure_args(unit_id: str) -> list[list[str]]:
    common = ["--from", "2025-11-01", "--to", "2026-10-31", "--as-of", END.isoformat(),
              "--no-cube", "--format", "csv"]
    return [["metrics", "--by", "month", *common],
            ["metrics", "--by", "quarter", "--unit", unit_id, "--by-staff-group", *common]]


def _figures_here(unit_id: str) -> list[str]:
    outputs = []
    for args in _figure_args(unit_id):
        out = io.StringIO()
        call_command(*args, stdout=out)
        outputs.append(out.getvalue())
    return outputs


def _figures_in_process(database_url: str, unit_id: str, var_dir: Path) -> list[str]:
    env = {**os.environ, "DATABASE_URL": database_url, "NAERVAER_VAR_DIR": str(var_dir)}
    return [subprocess.run([NAERVAER, *args], env=env, check=True, capture_output=True,
                           text=True).stdout for args in _figure_args(unit_id)]


def _row_counts(cursor) -> dict[str, int]:  # type: ignore[no-untyped-def]
    counts = {}
    for table in sorted(connection.introspection.table_names()):
        cursor.execute(f'SELECT COUNT(*) FROM "{table}"')
        counts[table] = cursor.fetchone()[0]
    return counts


def _load_small_organisation() -> str:
    demo_load(employees=250, years=2, seed=7, end_date=END)
    unit = Unit.objects.filter(parent__isnull=False, children__isnull=False).order_by("unit_id").first()
    assert unit is not None
    return unit.unit_id


def _pg_tool(name: str) -> str:
    found = shutil.which(name) or next(iter(sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"))), None)
    if found is None:
        pytest.fail(f"{name} not found (install postgresql-client)")
    return found


@pytest.mark.skipif(connection.vendor != "postgresql",
                    reason="pg_dump/pg_restore need PostgreSQL; the SQLite pass tests the SQLite "
                           "backup method (test_sqlite_backup_restores_the_same_figures)")
def test_pg_dump_restores_the_same_figures(tmp_path):  # type: ignore[no-untyped-def]
    unit_id = _load_small_organisation()
    before = _figures_here(unit_id)
    assert before[0].count("\n") > 12 and before[1].count("\n") > 4  # real tables, not empty
    with connection.cursor() as cursor:
        counts_before = _row_counts(cursor)
    assert counts_before["organisation_absence"] > 1000

    db = connection.settings_dict
    server = ["-h", db["HOST"] or "127.0.0.1", "-p", str(db["PORT"] or 5432), "-U", db["USER"] or "postgres"]
    source_url = f"postgres://{server[5]}@{server[1]}:{server[3]}/{db['NAME']}"
    var = tmp_path / "var"
    (var / "cube").mkdir(parents=True)
    (var / "secret_key").write_text("kept")
    (var / "cube" / "month.parquet").write_text("rebuilt, not backed up")
    backups = tmp_path / "backups"
    # The shipped backup script (deploy/systemd/naervaer-backup.service runs it).
    subprocess.run([str(BACKUP_SCRIPT)], check=True, capture_output=True, env={
        **os.environ, "DATABASE_URL": source_url, "NAERVAER_VAR_DIR": str(var),
        "NAERVAER_BACKUP_DIR": str(backups), "PATH": f"{Path(_pg_tool('pg_dump')).parent}:{os.environ['PATH']}"})
    (dump,) = backups.glob("naervaer-*.dump")
    (var_archive,) = backups.glob("naervaer-var-*.tar.gz")
    with tarfile.open(var_archive) as archive:
        assert sorted(archive.getnames()) == [".", "./secret_key"]  # the cube is rebuilt, not kept
    restored = f"{db['NAME']}_restored_{os.getpid()}"
    subprocess.run([_pg_tool("createdb"), *server, restored], check=True)
    try:
        subprocess.run([_pg_tool("pg_restore"), *server, "--no-owner", "--exit-on-error",
                        "-d", restored, str(dump)], check=True)
        url = f"postgres://{db['USER'] or 'postgres'}@{server[1]}:{server[3]}/{restored}"
        after = _figures_in_process(url, unit_id, tmp_path / "var")
        import psycopg

        with psycopg.connect(host=server[1], port=server[3], user=server[5], dbname=restored) as other:
            counts_after = _row_counts(other.cursor())
    finally:
        subprocess.run([_pg_tool("dropdb"), *server, "--if-exists", restored], check=True)

    assert after == before
    assert counts_after == counts_before


@pytest.mark.skipif(connection.vendor != "sqlite",
                    reason="the SQLite backup method; the PostgreSQL pass tests pg_dump/pg_restore")
def test_sqlite_backup_restores_the_same_figures(tmp_path):  # type: ignore[no-untyped-def]
    unit_id = _load_small_organisation()
    before = _figures_here(unit_id)
    assert before[0].count("\n") > 12 and before[1].count("\n") > 4
    with connection.cursor() as cursor:
        counts_before = _row_counts(cursor)
    assert counts_before["organisation_absence"] > 1000

    copy = tmp_path / "naervaer-backup.sqlite3"
    connection.ensure_connection()
    with sqlite3.connect(copy) as target:
        connection.connection.backup(target)  # what `sqlite3 DB ".backup FILE"` does
    target.close()

    after = _figures_in_process(f"sqlite:///{copy}", unit_id, tmp_path / "var")
    with sqlite3.connect(copy) as restored:
        counts_after = _row_counts(restored.cursor())
    restored.close()

    assert after == before
    assert counts_after == counts_before

"""The installed ``naervaer`` console command, as a whole process."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

NAERVAER = str(Path(sys.executable).with_name("naervaer"))


def run(args: list[str], tmp_path: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{tmp_path}/cli.sqlite3",
           "NAERVAER_VAR_DIR": str(tmp_path / "var")}
    return subprocess.run([NAERVAER, *args], env=env, capture_output=True, text=True, timeout=120)


def test_unmigrated_database_gives_a_clear_message(tmp_path):
    result = run(["import", "--dry-run", str(tmp_path)], tmp_path)  # no files: a CommandError
    assert result.returncode == 1 and "ingen units/employments/absences" in result.stderr

    (tmp_path / "units.csv").write_text("unit_id;name\nK;Kommune\n")
    result = run(["import", str(tmp_path / "units.csv")], tmp_path)

    assert result.returncode == 1
    assert "naervaer migrate" in result.stderr
    assert "Traceback" not in result.stderr


def test_migrate_demo_export_and_import_round_trip(tmp_path):
    assert run(["migrate", "-v0"], tmp_path).returncode == 0
    export = tmp_path / "export"
    exported = run(["demo", "--employees", "200", "--years", "1", "--seed", "3",
                    "--end", "2025-12-31", "--export", str(export)], tmp_path)
    assert exported.returncode == 0, exported.stderr

    imported = run(["import", str(export)], tmp_path)

    assert imported.returncode == 0, imported.stderr
    assert "Import gennemført" in imported.stdout
    assert (tmp_path / "var" / "secret_key").exists()  # generated once, outside the repo

"""``naervaer followup [--as-of DATE] [--dry-run] --format json|csv``: run the follow-up
engine for a day and print the tasks that are open or due that day (spec/followup.md)."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import polars as pl
from django.core.management.base import BaseCommand, CommandError, CommandParser

from naervaer.commandline import date_type
from naervaer.followup.services import followup_run

COLUMNS = ["employee_id", "unit_id", "spell_start", "code", "trigger_date", "due_date", "status"]


def printable(tasks: pl.DataFrame, as_of: dt.date) -> pl.DataFrame:
    """Open and overdue tasks, and every task due on ``as_of``, in the spec's columns."""
    shown = tasks.filter(pl.col("status").is_in(["open", "overdue"]) | (pl.col("due_date") == as_of))
    return shown.sort("due_date", "employee_id", "spell_start", "code", "seq").select(COLUMNS)


_DATE = date_type()


class Command(BaseCommand):
    help = ("Run the follow-up engine for a day (default today), store the tasks unless "
            "--dry-run, and print those open or due that day.")

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--as-of", type=_DATE, default=None)
        parser.add_argument("--dry-run", action="store_true", help="compute and print, store nothing")
        parser.add_argument("--format", choices=("json", "csv"), required=True)
        parser.add_argument("--out", type=Path, default=None)

    def handle(self, *args: Any, **options: Any) -> None:
        as_of: dt.date = options["as_of"] or dt.date.today()
        out: Path | None = options["out"]
        if out is not None and not out.parent.is_dir():
            raise CommandError(f"--out: the folder {out.parent} does not exist")
        result = followup_run(as_of=as_of, dry_run=options["dry_run"])
        table = printable(result.tasks, as_of)
        if options["format"] == "csv":
            text = table.write_csv(date_format="%Y-%m-%d")
        else:
            rows = table.with_columns(pl.col(pl.Date).dt.strftime("%Y-%m-%d")).to_dicts()
            text = json.dumps(rows, ensure_ascii=False) + "\n"
        if out is not None:
            out.write_text(text)
        else:
            self.stdout.write(text, ending="")
        if not options["dry_run"]:
            self.stderr.write(f"followup {as_of}: {result.created} new, {result.updated} changed, "
                              f"{result.closed} closed as not needed; {table.height} open or due")

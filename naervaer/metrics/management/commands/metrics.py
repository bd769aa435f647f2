"""``naervaer metrics``: the group table of spec/metrics.md as CSV, JSON or Parquet."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import polars as pl
from django.core.management.base import BaseCommand, CommandError, CommandParser

from naervaer.commandline import date_type
from naervaer.core.metrics import group_table
from naervaer.core.metrics.periods import PERIOD_KINDS
from naervaer.metrics.cube import stored_group_table
from naervaer.metrics.export import FORMATS, write
from naervaer.metrics.selectors import metrics_inputs
from naervaer.organisation.models import Unit

_DATE = date_type()


class Command(BaseCommand):
    help = "Absence figures per unit, period and staff group (spec/metrics.md)."
    # A read-only export, often run by scripts: Django's system checks import every view
    # and URL pattern (about 0.1 s of a 0.55 s run). `naervaer check`, `serve` and
    # `migrate` still run them.
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--from", dest="date_from", type=_DATE, required=True)
        parser.add_argument("--to", dest="date_to", type=_DATE, required=True)
        parser.add_argument("--by", choices=PERIOD_KINDS, required=True)
        parser.add_argument("--unit", dest="unit_id")
        parser.add_argument("--scope", choices=("subtree", "own"), default="subtree")
        parser.add_argument("--by-staff-group", action="store_true")
        parser.add_argument("--as-of", type=_DATE, default=None)
        parser.add_argument("--format", choices=FORMATS, required=True)
        parser.add_argument("--out", type=Path, default=None)
        parser.add_argument("--no-cube", action="store_true",
                            help="compute from the data even when the stored cube is fresh")

    def handle(self, *args: object, **options: object) -> None:
        date_from: dt.date = options["date_from"]  # type: ignore[assignment]
        date_to: dt.date = options["date_to"]  # type: ignore[assignment]
        if date_to < date_from:
            raise CommandError("--to ligger før --from")
        if options["format"] == "parquet" and options["out"] is None:
            raise CommandError("--format parquet kræver --out FILE")
        out: Path | None = options["out"]  # type: ignore[assignment]
        if out is not None and not out.parent.is_dir():
            raise CommandError(f"--out: mappen {out.parent} findes ikke")
        unit_id = options["unit_id"]
        if unit_id is not None and not Unit.objects.filter(unit_id=unit_id).exists():
            raise CommandError(f"--unit: enheden '{unit_id}' findes ikke")
        as_of: dt.date = options["as_of"] or dt.date.today()  # type: ignore[assignment]
        # The stored cube answers when it is fresh for this reference date (the usual case:
        # it is refreshed after every import and daily); otherwise compute.
        table = None if options["no_cube"] else stored_group_table(
            kind=str(options["by"]), date_from=date_from, date_to=date_to, as_of=as_of,
            scope=str(options["scope"]), by_staff_group=bool(options["by_staff_group"]),
            unit_id=str(unit_id) if unit_id is not None else None)
        if table is None:
            table = self._compute(options, date_from, date_to, as_of)
        write(table, str(options["format"]), out, self.stdout)  # type: ignore[arg-type]

    def _compute(self, options: dict[str, object], date_from: dt.date, date_to: dt.date,
                 as_of: dt.date) -> pl.DataFrame:
        inputs = metrics_inputs()
        unit_id = options["unit_id"]
        return group_table(
            units=inputs.units, employments=inputs.employments, absences=inputs.absences,
            date_from=date_from, date_to=date_to, by=str(options["by"]),
            as_of=as_of,
            config=inputs.config, scopes=(str(options["scope"]),),
            by_staff_group=bool(options["by_staff_group"]),
            unit_ids=[str(unit_id)] if unit_id is not None else None,
        )

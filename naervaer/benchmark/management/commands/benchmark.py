"""``naervaer benchmark``: units compared after adjusting for framework conditions
(spec/benchmark.md, "Command line")."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import polars as pl
from django.core.management.base import BaseCommand, CommandError, CommandParser

from naervaer.commandline import date_type
from naervaer.core.benchmark import OUTPUT_COLUMNS, parse_window
from naervaer.core.benchmark.figures import unit_depths
from naervaer.metrics.export import write

_DATE = date_type()


class Command(BaseCommand):
    help = "Units compared after adjusting for staff group, age, gender and hours (spec/benchmark.md)."

    def add_arguments(self, parser: CommandParser) -> None:
        which = parser.add_mutually_exclusive_group()
        which.add_argument("--parent", dest="parent_id", metavar="UNIT")
        which.add_argument("--level", type=int, metavar="N")
        parser.add_argument("--window", default="rolling12")
        parser.add_argument("--staff-group", dest="staff_group", metavar="G", default=None)
        parser.add_argument("--as-of", type=_DATE, default=None)
        parser.add_argument("--reference", choices=("own", "national"), default="own")
        parser.add_argument("--format", choices=("csv", "json"), required=True)
        parser.add_argument("--out", type=Path, default=None)

    def handle(self, *args: object, **options: object) -> None:
        from naervaer.benchmark.selectors import benchmark_inputs, run_benchmark

        out: Path | None = options["out"]  # type: ignore[assignment]
        if out is not None and not out.parent.is_dir():
            raise CommandError(f"--out: mappen {out.parent} findes ikke")
        as_of: dt.date = options["as_of"] or dt.date.today()  # type: ignore[assignment]
        try:
            window_start, window_end = parse_window(str(options["window"]), as_of)
        except ValueError as error:
            raise CommandError(f"--window: {error}") from None
        inputs = benchmark_inputs()
        compare = self._compared(inputs.units, options)
        staff_group = options["staff_group"]
        if staff_group is not None and staff_group not in set(
                inputs.employments["staff_group"].to_list()):
            raise CommandError(f"--staff-group: personalegruppen '{staff_group}' findes ikke")
        try:
            result = run_benchmark(compare=compare, window_start=window_start,
                                   window_end=window_end, as_of=as_of,
                                   staff_group=str(staff_group) if staff_group else None,
                                   reference=str(options["reference"]), inputs=inputs)
        except ValueError as error:
            raise CommandError(str(error)) from None
        write(result.table.select(OUTPUT_COLUMNS), str(options["format"]), out,
              self.stdout)  # type: ignore[arg-type]

    def _compared(self, units: pl.DataFrame, options: dict[str, object]) -> list[str]:
        """--parent: its children; --level N: the units at depth N; else the root's children."""
        parent_id, level = options["parent_id"], options["level"]
        if level is not None:
            depth = unit_depths(units)
            chosen = sorted(unit for unit, unit_depth in depth.items() if unit_depth == level)
            if not chosen:
                raise CommandError(f"--level: ingen enheder i niveau {level}")
            return chosen
        if parent_id is None:
            roots = units.filter(pl.col("parent_id").is_null())["unit_id"].to_list()
            if not roots:
                raise CommandError("der er ingen enheder")
            if len(roots) > 1:
                raise CommandError("der er flere rodenheder; brug --parent eller --level")
            parent_id = roots[0]
        elif parent_id not in set(units["unit_id"].to_list()):
            raise CommandError(f"--parent: enheden '{parent_id}' findes ikke")
        children = sorted(units.filter(pl.col("parent_id") == parent_id)["unit_id"].to_list())
        if not children:
            raise CommandError(f"--parent: enheden '{parent_id}' har ingen underenheder")
        return children

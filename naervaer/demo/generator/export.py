"""CSV export in the import format."""

from __future__ import annotations

import pathlib

from .frames import DemoData

UNIT_COLUMNS = ["unit_id", "name", "parent_id", "unit_type"]
EMPLOYMENT_COLUMNS = [
    "employment_id", "employee_id", "name", "unit_id", "staff_group", "weekly_hours",
    "start_date", "end_date", "birth_year", "gender", "hourly_cost",
]
ABSENCE_COLUMNS = ["absence_id", "employment_id", "type", "start_date", "end_date", "degree", "hours"]


def write_csv(data: DemoData, out_dir: pathlib.Path) -> list[pathlib.Path]:
    """Write ``units.csv``, ``employments.csv`` and ``absences.csv`` (import format) into ``out_dir``."""
    out_dir = pathlib.Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    paths = []
    for name, frame, columns in (
        ("units", data.units, UNIT_COLUMNS),
        ("employments", data.employments, EMPLOYMENT_COLUMNS),
        ("absences", data.absences, ABSENCE_COLUMNS),
    ):
        path = out_dir / f"{name}.csv"
        frame.select(columns).write_csv(path, separator=",", null_value="", date_format="%Y-%m-%d",
                                        include_header=True, line_terminator="\n", quote_style="necessary")
        paths.append(path)
    return paths

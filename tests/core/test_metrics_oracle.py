"""The columnar engine against the per-day pandas reference (bench/reference_pandas.py),
written independently from the same spec: every cell must agree."""

from __future__ import annotations

import datetime as dt

from bench.metrics_compare import compare, fuzz
from bench.reference_pandas import group_table_pandas
from naervaer.core.metrics import group_table
from naervaer.demo.generator import generate


def test_random_import_valid_cases_agree_cell_by_cell():
    # Concurrent and successive employments, open records, payroll hours, partial degrees,
    # flat holiday deduction and extra days off, for month, quarter and rolling12.
    assert fuzz(cases=24, seed=11, rows=5) == 0


def test_demo_municipality_agrees_cell_by_cell():
    data = generate(employees=60, years=1, seed=4, end_date=dt.date(2025, 6, 30))
    kwargs = dict(units=data.units, employments=data.employments, absences=data.absences,
                  date_from=dt.date(2024, 7, 1), date_to=dt.date(2025, 6, 30), by="month",
                  as_of=dt.date(2025, 6, 30), scopes=("own", "subtree"), by_staff_group=True)

    assert compare(group_table(**kwargs), group_table_pandas(**kwargs), rows=5) == {}

"""The window an incremental refresh reads (core.metrics.window) gives the same spells and
figures from its first day on as all records do — on frames, without a database."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

import polars as pl
from hypothesis import example, given, settings
from hypothesis import strategies as st
from polars.testing import assert_frame_equal

from naervaer.core.metrics import MetricsConfig, group_table
from naervaer.core.metrics.days import day_number
from naervaer.core.metrics.shared import MetricsData
from naervaer.core.metrics.window import first_period_start, window_data

D = dt.date
AS_OF = D(2025, 10, 31)
CONFIG = MetricsConfig()
UNITS = pl.DataFrame({"unit_id": ["R", "A", "B"], "parent_id": [None, "R", "R"]},
                     schema={"unit_id": pl.String, "parent_id": pl.String})
EMPLOYMENTS = pl.DataFrame({
    "employment_id": ["E1", "E2", "E3", "E4"],
    "employee_id": ["P1", "P2", "P2", "P3"],
    "unit_id": ["A", "A", "B", "B"],
    "staff_group": ["SOSU", "SOSU", "Pædagog", "SOSU"],
    "weekly_hours": [37.0, 37.0, 37.0, 20.0],
    "start_date": [D(2020, 1, 1), D(2020, 1, 1), D(2024, 6, 1), D(2021, 3, 1)],
    "end_date": [None, D(2024, 5, 31), None, None],
    "hourly_cost": [None, None, None, None],
}, schema_overrides={"end_date": pl.Date, "hourly_cost": pl.Float64})
OWNER = dict(zip(EMPLOYMENTS["employment_id"], EMPLOYMENTS["employee_id"], strict=True))
SCHEMA = {"employment_id": pl.String, "type": pl.String, "start_date": pl.Date,
          "end_date": pl.Date, "degree": pl.Int64, "hours": pl.Float64}


def test_first_period_start_is_the_rolling_year_ending_in_the_month():
    assert first_period_start(D(2025, 10, 17)) == D(2024, 11, 1)
    assert first_period_start(D(2025, 12, 31)) == D(2025, 1, 1)
    assert first_period_start(D(2026, 1, 1)) == D(2025, 2, 1)


def chains(draw_specs: list[tuple[int, int, list[tuple[int, int]], bool, bool]]) -> pl.DataFrame:
    """Back-to-back records per spec: the next one starts 1–3 days after the previous
    ends (a weekend bridges them, a workday breaks them)."""
    rows = []
    for job, back, pieces, is_open, sick in draw_specs:
        start = AS_OF - dt.timedelta(days=back)
        for number, (length, step) in enumerate(pieces):
            end = start + dt.timedelta(days=length)
            last = number == len(pieces) - 1
            rows.append({"employment_id": f"E{job + 1}",
                         "type": "egen_sygdom" if sick else "barns_sygdom",
                         "start_date": start, "end_date": None if is_open and last else end,
                         "degree": 100, "hours": None})
            start = end + dt.timedelta(days=step)
    return pl.DataFrame(rows, schema=SCHEMA)


def reader(absences: pl.DataFrame, calls: list[tuple[object, ...]]):  # type: ignore[no-untyped-def]
    owners = absences.with_columns(
        employee_id=pl.col("employment_id").replace_strict(OWNER, return_dtype=pl.String))

    def read(low: dt.date, employee_ids: Sequence[str] | None, high: dt.date | None
             ) -> pl.DataFrame:
        calls.append((low, employee_ids, high))
        if employee_ids is None:
            wanted = pl.col("end_date").is_null() | (pl.col("end_date") >= low)
        else:
            wanted = (pl.col("employee_id").is_in(list(employee_ids))
                      & (pl.col("end_date") >= low) & (pl.col("end_date") < high))
        return owners.filter(wanted).drop("employee_id")
    return read


def spells_from(data: MetricsData, from_day: dt.date) -> pl.DataFrame:
    employments = data.prepared.employments.select("employment_row", "employment_id")
    return (
        data.spells.filter(pl.col("last_day") >= day_number(from_day))
        .join(employments.rename({"employment_row": "start_employment_row",
                                  "employment_id": "start_employment"}),
              on="start_employment_row")
        .join(employments.rename({"employment_row": "end_employment_row",
                                  "employment_id": "end_employment"}), on="end_employment_row")
        .select("employee", "first_day", "last_day", "is_open", "length_days", "is_long",
                "start_employment", "end_employment")
        .sort("employee", "first_day")
    )


PIECES = st.lists(st.tuples(st.one_of(st.integers(0, 20), st.integers(20, 200)),
                            st.integers(1, 3)), min_size=1, max_size=5)
SPEC = st.tuples(st.integers(0, 3), st.integers(0, 900), PIECES, st.booleans(),
                 st.booleans())


@settings(max_examples=150, deadline=None)
# Sick 1–11 July 2024, 12 July – 10 September, 11 September – 20 December: one spell
# whose first record ends long before the window's first day (1 October 2024).
@example(specs=[(0, 487, [(10, 1), (60, 1), (100, 1)], False, True)], back=0)
# Back-to-back three-week notes since May 2023, the last one open: the spell reaches back
# past the year read at once for employees sick at the window's first read bound.
@example(specs=[(0, 900, [(20, 1)] * 40, True, True)], back=0)
@given(specs=st.lists(SPEC, max_size=14), back=st.integers(0, 500))
def test_the_window_has_every_spell_and_figure_from_its_first_day(specs, back):
    absences = chains(specs)
    from_day = first_period_start(AS_OF - dt.timedelta(days=back))
    calls: list[tuple[object, ...]] = []
    window = window_data(reader(absences, calls), units=UNITS, employments=EMPLOYMENTS,
                         from_day=from_day, as_of=AS_OF, config=CONFIG)
    everything = MetricsData.build(units=UNITS, employments=EMPLOYMENTS, absences=absences,
                                   as_of=AS_OF, config=CONFIG)

    assert_frame_equal(spells_from(window.data, from_day), spells_from(everything, from_day))
    # Periods from the window's first day on: months, and the rolling years ending in a
    # month whose window starts there (first_period_start of their first day).
    later = from_day.month + 11
    rolling_from = D(from_day.year + (later - 1) // 12, (later - 1) % 12 + 1, 1)
    assert first_period_start(rolling_from) == from_day
    for kind, date_from in (("month", from_day), ("rolling12", rolling_from)):
        if date_from > AS_OF:
            continue
        ours, theirs = (group_table(data=data, date_from=date_from, date_to=AS_OF, by=kind,
                                    scopes=("subtree", "own"), by_staff_group=True)
                        for data in (window.data, everything))
        assert_frame_equal(ours, theirs, check_exact=False, rel_tol=1e-12, abs_tol=1e-9)
    # Only recent rows were asked for without naming employees.
    assert calls[0][1] is None and calls[0][0] < from_day

"""The memory-bounded paths of the group table (employment months, absence record months
and presence rows a chunk at a time, NumPy segment reductions for spells) give exactly the figures of doing
everything at once."""

from __future__ import annotations

import datetime as dt

import numpy as np
import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from polars.testing import assert_frame_equal

from naervaer.core.metrics import facts, rollup
from naervaer.core.metrics.rollup import employee_chunks, sorted_unique
from naervaer.core.metrics.shared import MetricsData
from tests.core.test_metrics_properties import organisations, table


@settings(max_examples=40, deadline=None)
@given(organisations(), st.sampled_from(["month", "quarter", "rolling12"]), st.integers(1, 3))
def test_chunked_table_is_exactly_the_whole_table(org, by, chunk):
    whole = table(org, by=by, by_staff_group=True)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(facts, "POSSIBLE_CHUNK", chunk)
        patch.setattr(facts, "RECORD_CHUNK", chunk)
        patch.setattr(rollup, "SHARED_ROWS", chunk)
        chunked = table(org, by=by, by_staff_group=True)
    assert_frame_equal(chunked, whole, check_exact=True)


@given(st.lists(st.integers(0, 2**40), max_size=200))
def test_sorted_unique_is_numpys_unique(values):
    array = np.array(values, dtype=np.int64)
    assert np.array_equal(sorted_unique(array.copy()), np.unique(array))


@given(st.lists(st.tuples(st.integers(0, 20), st.integers(0, 5)), max_size=60),
       st.integers(1, 12))
def test_employee_chunks_keep_each_employee_whole(rows, limit):
    employee = np.array([row[0] for row in rows], dtype=np.int64)
    sizes = np.array([row[1] for row in rows], dtype=np.int64)
    chunks = employee_chunks(employee, sizes, limit)
    assert np.array_equal(np.sort(np.concatenate(chunks)), np.arange(len(rows)))
    owners = [set(employee[chunk].tolist()) for chunk in chunks]
    assert all(not (first & second) for index, first in enumerate(owners)
               for second in owners[index + 1:])
    largest = max((int(sizes[employee == person].sum()) for person in set(employee.tolist())),
                  default=0)
    assert all(sizes[chunk].sum() <= limit + largest for chunk in chunks)
    assert len(chunks) == 1 or sizes.sum() > limit


def _spells(employments: list[tuple[str, str]], records: list[tuple[str, str, str]]
            ) -> tuple[pl.DataFrame, pl.DataFrame]:
    units = pl.DataFrame({"unit_id": ["U"], "parent_id": [None]},
                         schema={"unit_id": pl.String, "parent_id": pl.String})
    employment_frame = pl.DataFrame(
        [{"employment_id": employment_id, "employee_id": "P1", "unit_id": "U",
          "staff_group": "SOSU", "weekly_hours": 37.0, "start_date": dt.date(2024, 1, 1),
          "end_date": None, "hourly_cost": None} for employment_id, _ in employments],
        schema={"employment_id": pl.String, "employee_id": pl.String, "unit_id": pl.String,
                "staff_group": pl.String, "weekly_hours": pl.Float64, "start_date": pl.Date,
                "end_date": pl.Date, "hourly_cost": pl.Float64})
    absence_frame = pl.DataFrame(
        [{"employment_id": employment_id, "type": "egen_sygdom",
          "start_date": dt.date.fromisoformat(start), "end_date": dt.date.fromisoformat(end),
          "degree": 100, "hours": None} for employment_id, start, end in records],
        schema={"employment_id": pl.String, "type": pl.String, "start_date": pl.Date,
                "end_date": pl.Date, "degree": pl.Int64, "hours": pl.Float64})
    data = MetricsData.build(units=units, employments=employment_frame, absences=absence_frame,
                             as_of=dt.date(2024, 12, 31))
    rows = dict(zip(data.prepared.employments["employment_id"],
                    data.prepared.employments["employment_row"], strict=True))
    return data.spells, pl.DataFrame({"employment_id": list(rows), "row": list(rows.values())})


def _row(rows: pl.DataFrame, employment_id: str) -> int:
    return int(rows.filter(pl.col("employment_id") == employment_id)["row"][0])


def test_spell_ending_in_two_employments_on_one_day_ends_in_the_smaller_employment_id():
    # A2 comes first in the input, so it has the smaller employment row.
    spells, rows = _spells([("A2", "x"), ("A1", "x")],
                           [("A2", "2024-03-04", "2024-03-08"), ("A1", "2024-03-06", "2024-03-08")])
    assert spells.height == 1
    assert spells["end_employment_row"][0] == _row(rows, "A1")
    assert spells["start_employment_row"][0] == _row(rows, "A2")
    assert (spells["first_day"][0], spells["last_day"][0], spells["length_days"][0]) == (
        (dt.date(2024, 3, 4) - dt.date(1970, 1, 1)).days,
        (dt.date(2024, 3, 8) - dt.date(1970, 1, 1)).days, 5)


def test_spell_ends_in_the_record_reaching_furthest_not_the_last_begun():
    spells, rows = _spells([("A1", "x"), ("A2", "x")],
                           [("A1", "2024-03-04", "2024-03-20"), ("A2", "2024-03-06", "2024-03-08"),
                            ("A2", "2024-04-08", "2024-04-09")])
    assert spells.height == 2
    assert spells["end_employment_row"].to_list() == [_row(rows, "A1"), _row(rows, "A2")]
    assert spells["length_days"].to_list() == [17, 2]
    assert spells["is_long"].to_list() == [True, False]
    assert spells["spell"].to_list() == [0, 1]

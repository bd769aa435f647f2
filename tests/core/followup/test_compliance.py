"""Compliance figures from plain task frames (no Django)."""

from __future__ import annotations

import datetime as dt

import polars as pl
import pytest

from naervaer.core.followup.compliance import TASK_SCHEMA, expand, judged, summary

D = dt.date
AS_OF = D(2025, 7, 1)
FROM, TO = D(2025, 1, 1), D(2025, 6, 30)


def tasks(*rows: tuple) -> pl.DataFrame:  # type: ignore[type-arg]
    """(task_id, unit_id, action, status, due, done[, responsible, notified])"""
    full = [(*row[:2], row[2], row[6] if len(row) > 6 else "leader", row[3], row[4], row[5],
             row[7] if len(row) > 7 else False) for row in rows]
    return pl.DataFrame(full, schema=TASK_SCHEMA, orient="row")


SAMPLE = tasks(
    (1, "A", "contact", "done", D(2025, 3, 1), D(2025, 2, 28)),         # on time
    (2, "A", "contact", "done", D(2025, 3, 1), D(2025, 3, 1)),          # on the day: on time
    (3, "A", "conversation", "done", D(2025, 3, 1), D(2025, 3, 4), "leader", True),   # 3 late
    (4, "A", "conversation", "done", D(2025, 3, 1), D(2025, 3, 11), "leader", True),  # 10 late
    (5, "A", "conversation", "overdue", D(2025, 3, 1), None, "leader", True),         # missed
    (6, "A", "contact", "waived", D(2025, 4, 1), D(2025, 3, 20)),
    (7, "A", "contact", "not_needed", D(2025, 4, 1), None),             # never judged
    (8, "A", "contact", "open", D(2025, 7, 5), None),                   # not due yet
    (9, "A", "contact", "overdue", D(2024, 12, 1), None),               # before the period
    (10, "B", "contact", "done", D(2025, 8, 1), D(2025, 6, 1)),         # due after the period
)


def test_judged_tasks_are_due_in_the_period_and_past_deadline_or_recorded():
    assert sorted(judged(SAMPLE, date_from=FROM, date_to=TO, as_of=AS_OF)["task_id"]) == [
        1, 2, 3, 4, 5, 6]
    # Done early but due later than the period end: not in this period.
    wide = judged(SAMPLE, date_from=FROM, date_to=D(2025, 12, 31), as_of=AS_OF)
    assert 10 in wide["task_id"] and 8 not in wide["task_id"]


def test_summary_of_a_unit():
    row = summary(SAMPLE, by=["unit_id"], date_from=FROM, date_to=TO, as_of=AS_OF).row(
        0, named=True)
    assert row["unit_id"] == "A"
    assert (row["tasks"], row["done_on_time"], row["done_late"], row["not_done"], row["waived"]) == (
        6, 2, 2, 1, 1)
    assert row["on_time_pct"] == pytest.approx(100 * 2 / 5)   # the waiver is left out
    assert row["median_days_late"] == pytest.approx(6.5)      # median of 3 and 10
    assert row["overdue_now"] == 2                            # 5 and 9, whatever the period
    assert (row["notices"], row["notices_held"]) == (3, 2)
    assert row["notices_held_pct"] == pytest.approx(200 / 3)


def test_groups_with_only_overdue_tasks_appear_and_empty_figures_are_null():
    only_overdue = tasks((1, "C", "contact", "overdue", D(2024, 1, 1), None))
    row = summary(only_overdue, by=["unit_id"], date_from=FROM, date_to=TO, as_of=AS_OF).row(
        0, named=True)
    assert (row["unit_id"], row["tasks"], row["overdue_now"]) == ("C", 0, 1)
    assert row["on_time_pct"] is None and row["median_days_late"] is None


def test_total_without_groups_also_when_empty():
    total = summary(SAMPLE, by=[], date_from=FROM, date_to=TO, as_of=AS_OF)
    assert total.height == 1 and total["tasks"][0] == 6
    empty = summary(SAMPLE.clear(), by=[], date_from=FROM, date_to=TO, as_of=AS_OF)
    assert empty.height == 1 and empty["tasks"][0] == 0 and empty["on_time_pct"][0] is None


def test_expand_over_subtree_pairs_and_per_action():
    pairs = pl.DataFrame({"unit_id": ["A", "B", "B"], "group": ["A", "B", "A"]})
    per_unit = summary(expand(SAMPLE, pairs, on="unit_id"), by=["group"], date_from=FROM,
                       date_to=D(2025, 12, 31), as_of=AS_OF)
    counts = dict(zip(per_unit["group"], per_unit["tasks"], strict=True))
    assert counts == {"A": 7, "B": 1}  # A covers B's task
    per_action = summary(SAMPLE, by=["action"], date_from=FROM, date_to=TO, as_of=AS_OF)
    assert dict(zip(per_action["action"], per_action["tasks"], strict=True)) == {
        "contact": 3, "conversation": 3}

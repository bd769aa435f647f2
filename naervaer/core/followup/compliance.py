"""Compliance with the absence policy (spec/followup.md, "Compliance and use of
instruments"): per group (a unit's subtree, a responsible leader, an action kind) the
share of tasks done by their due date, the median days late, tasks overdue now, waivers,
and how often a notice of a conversation led to a held conversation.

Pure: tasks come in as a frame (``TASK_SCHEMA`` plus the grouping columns) and the date
the figures are computed at is an argument.

Decisions where the spec is silent:
- A task is *judged* in a period when its due date lies in the period and either the
  deadline has passed (due before ``as_of``) or it has been recorded (done or waived).
  A task still within its deadline is not judged yet; ``not_needed`` tasks (the employee
  returned) are never judged.
- A waiver (fravalg with a reason) is a decision, not a miss: waived tasks are counted
  separately and left out of the on-time share.
- "Overdue now" does not depend on the period: every task open after its due date at
  ``as_of``.
- Notices: a conversation task whose notice went out (``notified``) and that is judged
  in the period; "held" when it was done (on time or late).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

import polars as pl

TASK_SCHEMA = {"task_id": pl.Int64, "unit_id": pl.String, "action": pl.String,
               "responsible": pl.String, "status": pl.String, "due_date": pl.Date,
               "done_date": pl.Date, "notified": pl.Boolean}
CONVERSATION = "conversation"
SUMMARY_COLUMNS = ("tasks", "done", "done_on_time", "done_late", "not_done", "waived", "on_time_pct",
                   "median_days_late", "overdue_now", "notices", "notices_held",
                   "notices_held_pct")
_ALL = "_all"


def empty_tasks() -> pl.DataFrame:
    return pl.DataFrame(schema=TASK_SCHEMA)


def judged(tasks: pl.DataFrame, *, date_from: dt.date, date_to: dt.date,
           as_of: dt.date) -> pl.DataFrame:
    """The tasks judged in ``date_from`` … ``date_to`` (both included) at ``as_of``."""
    recorded = pl.col("status").is_in(["done", "waived"])
    return tasks.filter(
        pl.col("status") != "not_needed",
        pl.col("due_date").is_between(date_from, date_to),
        (pl.col("due_date") < as_of) | recorded,
    )


def overdue_now(tasks: pl.DataFrame, *, as_of: dt.date) -> pl.DataFrame:
    return tasks.filter(pl.col("status").is_in(["open", "overdue"]), pl.col("due_date") < as_of)


def summary(tasks: pl.DataFrame, *, by: Sequence[str], date_from: dt.date, date_to: dt.date,
            as_of: dt.date) -> pl.DataFrame:
    """One row per value of ``by`` (one row in all when ``by`` is empty) with
    ``SUMMARY_COLUMNS``. Groups with only overdue tasks appear too. Percentages are
    0–100 and null when there is nothing to divide by."""
    keys = list(by) or [_ALL]
    if not by:
        tasks = tasks.with_columns(pl.lit("all").alias(_ALL))
    period = judged(tasks, date_from=date_from, date_to=date_to, as_of=as_of)
    done = pl.col("status") == "done"
    late_days = (pl.col("done_date") - pl.col("due_date")).dt.total_days()
    late = done & (late_days > 0)
    notice = (pl.col("action") == CONVERSATION) & pl.col("notified").fill_null(False)
    figures = period.group_by(keys).agg(
        pl.len().cast(pl.Int64).alias("tasks"),
        done.sum().cast(pl.Int64).alias("done"),
        (done & ~late).sum().cast(pl.Int64).alias("done_on_time"),
        late.sum().cast(pl.Int64).alias("done_late"),
        pl.col("status").is_in(["open", "overdue"]).sum().cast(pl.Int64).alias("not_done"),
        (pl.col("status") == "waived").sum().cast(pl.Int64).alias("waived"),
        late_days.filter(late).median().cast(pl.Float64).alias("median_days_late"),
        notice.sum().cast(pl.Int64).alias("notices"),
        (notice & done).sum().cast(pl.Int64).alias("notices_held"),
    )
    overdue = overdue_now(tasks, as_of=as_of).group_by(keys).agg(
        pl.len().cast(pl.Int64).alias("overdue_now"))
    counts = ["tasks", "done", "done_on_time", "done_late", "not_done", "waived", "notices",
              "notices_held", "overdue_now"]
    result = (
        figures.join(overdue, on=keys, how="full", coalesce=True)
        .with_columns(pl.col(name).fill_null(0) for name in counts)
        .with_columns(
            _pct(pl.col("done_on_time"), pl.col("tasks") - pl.col("waived")).alias("on_time_pct"),
            _pct(pl.col("notices_held"), pl.col("notices")).alias("notices_held_pct"),
        )
        .select(*keys, *SUMMARY_COLUMNS)
        .sort(keys)
    )
    if not by:
        if result.height == 0:
            result = pl.DataFrame([{_ALL: "all", **{name: 0 for name in counts}}]).with_columns(
                pl.lit(None, dtype=pl.Float64).alias("on_time_pct"),
                pl.lit(None, dtype=pl.Float64).alias("median_days_late"),
                pl.lit(None, dtype=pl.Float64).alias("notices_held_pct"),
            ).select(*SUMMARY_COLUMNS)
        else:
            result = result.drop(_ALL)
    return result


def _pct(part: pl.Expr, whole: pl.Expr) -> pl.Expr:
    return pl.when(whole > 0).then(part * 100.0 / whole).otherwise(None).cast(pl.Float64)


def expand(tasks: pl.DataFrame, mapping: pl.DataFrame, *, on: str) -> pl.DataFrame:
    """Each task once per row of ``mapping`` that matches its ``on`` value: with closure
    pairs (``descendant`` → ``ancestor``) a unit's figures cover its subtree; with
    (unit → leader) a task counts for each responsible leader."""
    return tasks.join(mapping, on=on, how="inner")

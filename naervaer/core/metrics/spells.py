"""Sick-absence spells per employee across employments (spec/metrics.md, "Spells").

Records are sorted per employee; a record starts a new spell when it starts after the
first workday following the latest end so far. Weekends and holidays therefore never
break a spell, and a workday without absence always does.
"""

from __future__ import annotations

import numpy as np
import polars as pl

from naervaer.core.metrics.days import DayCalendar

SPELL_RECORD_COLUMNS = ("record_row", "employee", "employment_row", "employment_id", "start", "end",
                        "is_open")


def assign_spells(records: pl.DataFrame, calendar: DayCalendar) -> pl.DataFrame:
    """Add ``spell`` (an id) to sick records with effective [start, end]."""
    ordered = records.sort("employee", "start", "employment_id")
    latest_end = ordered.select(
        pl.col("end").cum_max().shift(1).over("employee").alias("latest_end"))["latest_end"]
    previous = latest_end.fill_null(-(10**9)).to_numpy()
    bridge = calendar.next_workday_after(previous)
    new_spell = latest_end.is_null().to_numpy() | (ordered["start"].to_numpy() > bridge)
    return ordered.with_columns(spell=pl.Series(np.cumsum(new_spell) - 1))


def summarise_spells(spell_records: pl.DataFrame, short_max_days: int) -> pl.DataFrame:
    """One row per spell: employee, first/last day, open flag, length, band, and the
    employment rows whose records cover its first and its last day.

    ``spell_records`` as ``assign_spells`` returns them: sorted by employee, start and
    employment_id, so each spell's records follow each other and the first covers its
    first day. Segment reductions in NumPy: no group-by, no join."""
    spell = spell_records["spell"].to_numpy()
    count = len(spell)
    firsts = np.flatnonzero(np.concatenate([[True], spell[1:] != spell[:-1]])) if count else (
        np.zeros(0, dtype=np.int64))
    start = spell_records["start"].to_numpy()
    end = spell_records["end"].to_numpy()
    rows = spell_records["employment_row"].to_numpy()
    segment = np.repeat(np.arange(len(firsts)), np.diff(np.append(firsts, count)))
    first_day = np.minimum.reduceat(start, firsts) if count else start[:0]
    last_day = np.maximum.reduceat(end, firsts) if count else end[:0]
    # The record ending on the last day; of several, the one with the smallest employment_id.
    candidate = np.flatnonzero(end == last_day[segment])
    candidate_spell = segment[candidate]
    single = np.bincount(candidate_spell, minlength=len(firsts))[candidate_spell] == 1
    end_rows = np.zeros(len(firsts), dtype=rows.dtype)
    end_rows[candidate_spell[single]] = rows[candidate[single]]
    tied = candidate[~single]
    if len(tied):
        chosen = (
            pl.DataFrame({"segment": segment[tied],
                          "employment_id": spell_records["employment_id"].gather(tied),
                          "employment_row": rows[tied]})
            .sort("segment", "employment_id")
            .group_by("segment", maintain_order=True).agg(pl.col("employment_row").first())
        )
        end_rows[chosen["segment"].to_numpy()] = chosen["employment_row"].to_numpy()
    is_open = spell_records["is_open"].to_numpy()
    return pl.DataFrame({
        "spell": spell[firsts],
        "employee": spell_records["employee"].to_numpy()[firsts],
        "first_day": first_day,
        "last_day": last_day,
        "is_open": np.logical_or.reduceat(is_open, firsts) if count else is_open[:0],
        "start_employment_row": rows[firsts],
        "end_employment_row": end_rows,
    }).with_columns(
        length_days=pl.col("last_day") - pl.col("first_day") + 1,
    ).with_columns(
        is_long=pl.col("length_days") > short_max_days,
    )


def open_spells_at(
    spells: pl.DataFrame, spell_records: pl.DataFrame, period_ends: pl.DataFrame
) -> pl.DataFrame:
    """period_id, employment_row for each spell open at its period's evaluation day ``at``.

    Open at D: first day ≤ D < last day, or still open and D is its last day (the
    reference date). Counted in the employment whose record covers D (the smallest
    employment_id when several do), else the latest record begun before D (a gap day).
    """
    at_days = period_ends.sort("at")
    days = at_days["at"].to_numpy()
    first = np.searchsorted(days, spells["first_day"].to_numpy(), side="left")
    after_last = np.searchsorted(days, spells["last_day"].to_numpy(), side="left")
    after_last = np.where(spells["is_open"].to_numpy(),
                          np.searchsorted(days, spells["last_day"].to_numpy(), side="right"),
                          after_last)
    candidates = (
        spells.select("spell").with_columns(
            position=pl.int_ranges(pl.Series(first), pl.Series(np.maximum(after_last, first))))
        .explode("position").drop_nulls("position")
    )
    if candidates.is_empty():
        return pl.DataFrame(schema={"at": pl.Int64, "employment_row": pl.Int64})
    candidates = candidates.with_columns(
        at=pl.Series(days[candidates["position"].to_numpy()].astype(np.int64)))
    matched = candidates.join(spell_records.select("spell", "employment_row", "employment_id",
                                                   "start", "end"), on="spell")
    matched = matched.filter(pl.col("start") <= pl.col("at"))
    covering = (
        matched.filter(pl.col("end") >= pl.col("at"))
        .sort("spell", "at", "employment_id")
        .group_by("spell", "at", maintain_order=True)
        .agg(pl.col("employment_row").first())
    )
    # A gap day inside a spell (a weekend or holiday between records): the latest record begun.
    gaps = (
        matched.join(covering.select("spell", "at"), on=["spell", "at"], how="anti")
        .sort("spell", "at", "start", "employment_id", descending=[False, False, True, False])
        .group_by("spell", "at", maintain_order=True)
        .agg(pl.col("employment_row").first())
    )
    return pl.concat([covering, gaps]).select("at", "employment_row")


def spell_list(spells: pl.DataFrame, employments: pl.DataFrame, units: pl.DataFrame,
               groups: pl.DataFrame) -> pl.DataFrame:
    """The spells with source keys, for storing and for the distribution of lengths:
    employee_id, unit_id and staff_group of the employment covering the last day,
    first_date, last_date, length_days, is_open, is_long; sorted by unit_id, first_date."""
    ends = employments.select(
        pl.col("employment_row").alias("end_employment_row"), "employee_id", "unit", "group")
    return (
        spells.join(ends, on="end_employment_row", how="left")
        .join(units.select("unit", "unit_id"), on="unit", how="left")
        .join(groups.select("group", "staff_group"), on="group", how="left")
        .select(
            "employee_id", "unit_id", "staff_group",
            pl.col("first_day").cast(pl.Date).alias("first_date"),
            pl.col("last_day").cast(pl.Date).alias("last_date"),
            pl.col("length_days").cast(pl.Int32), "is_open", "is_long",
        )
        .sort("unit_id", "first_date", "employee_id")
    )

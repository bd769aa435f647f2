"""Rough sick-absence figures of generated data: for the tests and for tuning the parameters."""

from __future__ import annotations

import datetime as dt
import math

import numpy as np
import polars as pl

from .days import day_number
from .frames import DemoData


def calibration(data: DemoData, start: dt.date, end: dt.date) -> pl.DataFrame:
    """Rough sick-absence figures per forvaltning and in total, for the window [start, end].

    Weekdays only (public holidays are ignored); possible hours are net of ferie; an open
    absence runs to ``end``. Columns: forvaltning, headcount, sick_pct, sick_days_per_employee,
    share_without_pct, top5_share_pct.
    """
    w0, w1 = day_number(start), day_number(end)
    e = data.employments
    s0 = np.maximum(e["start_date"].cast(pl.Int32).to_numpy().astype(np.int64), w0)
    s1 = np.minimum(e["end_date"].cast(pl.Int32).fill_null(w1).to_numpy().astype(np.int64), w1)
    active = s0 <= s1
    weekdays = np.where(active, _weekdays(s0, s1), 0)
    daily = e["weekly_hours"].to_numpy() / 5
    absences = data.absences.join(
        e.select("employment_id", pl.int_range(pl.len()).alias("row")), on="employment_id", how="left"
    )
    row = absences["row"].to_numpy()
    a0 = np.maximum(absences["start_date"].cast(pl.Int32).to_numpy().astype(np.int64), w0)
    a1 = np.minimum(absences["end_date"].cast(pl.Int32).fill_null(w1).to_numpy().astype(np.int64), w1)
    ok = a0 <= a1
    absent_weekdays = np.where(ok, _weekdays(a0, a1), 0)
    hours = absent_weekdays * daily[row] * absences["degree"].to_numpy() / 100
    given = absences["hours"].to_numpy()
    hours = np.where(np.isnan(given) | ~ok, hours, np.where(ok, given, 0))
    absence_type = absences["type"].to_numpy()
    sick = np.isin(absence_type, ["egen_sygdom", "graviditet"])
    ferie = absence_type == "ferie"
    n = len(e)
    sick_hours = np.bincount(row[sick], weights=hours[sick], minlength=n)
    ferie_hours = np.bincount(row[ferie], weights=hours[ferie], minlength=n)
    frame = pl.DataFrame({
        "forvaltning": e["unit_id"].str.split("-").list.first(),
        "employee_id": e["employee_id"],
        "active": active,
        "possible": weekdays * daily - ferie_hours,
        "sick": sick_hours,
    }).filter(pl.col("active"))
    per_person = frame.group_by("forvaltning", "employee_id").agg(
        pl.col("sick").sum(), pl.col("possible").sum()
    )
    rows = [_summarise(per_person.filter(pl.col("forvaltning") == f), f)
            for f in sorted(per_person["forvaltning"].unique().to_list())]
    rows.append(_summarise(frame, "*"))
    return pl.DataFrame(rows)


def _weekdays(first: np.ndarray, last: np.ndarray) -> np.ndarray:
    """Monday-Friday count in [first, last] (0 where last < first)."""
    after_last = np.maximum(last, first - 1) + 1
    return np.busday_count(first.astype("datetime64[D]"), after_last.astype("datetime64[D]"))


def _summarise(df: pl.DataFrame, label: str) -> dict:
    per = df.group_by("employee_id").agg(pl.col("sick").sum(), pl.col("possible").sum())
    sick_sorted = np.sort(per["sick"].to_numpy())[::-1]
    k = max(1, math.ceil(0.05 * len(sick_sorted)))
    total = sick_sorted.sum()
    return {
        "forvaltning": label,
        "headcount": len(per),
        "sick_pct": 100 * total / max(per["possible"].sum(), 1e-9),
        "sick_days_per_employee": total / 7.4 / max(len(per), 1),
        "share_without_pct": 100 * float((per["sick"] <= 0).sum()) / len(per) if len(per) else 0.0,
        "top5_share_pct": 100 * sick_sorted[:k].sum() / total if total > 0 else 0.0,
    }

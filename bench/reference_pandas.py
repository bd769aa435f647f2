"""Naive per-day pandas reference for the metrics group table.

This is the table of ``naervaer.core.metrics.group_table`` (contract:
``docs/dev/metrics-api.md``; definitions: ``spec/metrics.md``) computed "the way an
analyst would do it": every employment and every absence record is expanded to one
row per calendar day, the rows are merged with a calendar and grouped.  It is slow
on purpose and written to be read, not to be fast.  Two uses:

* the speed baseline in ``bench/`` and
* a test oracle for small random data (``tests/metrics_reference``).

Nothing here is shared with the columnar implementation except the Danish calendar
(``naervaer.core.calendar.days_off`` / ``is_workday``) and, when it can be imported,
the ``MetricsConfig`` dataclass.  No Django.

Readings of the spec used here where it leaves room (all flagged ``# READING``):

* Only *open* records (no end date) are cut: at the reference date ``as_of`` and at
  the end of their employment.  Closed records keep their recorded end date.
* Absence hours of a record without ``hours``: ``weekly_hours / 5 × degree / 100`` on
  each workday inside the employment, 0 on other days.  With ``hours``: that amount
  spread evenly over the record's workdays (all its calendar days when it has no
  workday), whether or not the day is inside the employment.
* ``ferie`` hours are computed like absence hours and subtracted from the possible
  hours of the same employment and day.  The flat holiday deduction
  (``holiday_deduction_days``) multiplies every workday's norm by
  ``1 − N / workdays(year)``; when both are present both apply.
* Overlapping records are simply added (the import forbids most overlaps).
* A spell is *open* when its last day is the reference date and an open record
  (no end date) runs to it.  An open record stopped by the end of its employment
  ends its spell there (the spell is then ended, not open).
* ``open_spells`` of a period is evaluated at ``D = as_of`` when the period contains
  the reference date, else at ``D = period_end``.
* ``share_without_absence``: an employee of the group's headcount is "without
  absence" when the sick hours attributed to that group (unit scope and staff group)
  in the period are 0.
* Types that are neither sick, nor one of the four "other" types, nor ``ferie`` are
  ignored.  A type listed in ``sick_types`` is never counted as "other".
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np
import pandas as pd
import polars as pl

from naervaer.core.calendar import days_off, is_workday

DAGSVAERK_HOURS = 7.4
FERIE = "ferie"
OTHER_TYPES = ("arbejdsskade", "barns_sygdom", "barsel", "andet")

try:  # the real config, once the package exports it
    from naervaer.core.metrics import MetricsConfig  # type: ignore[attr-defined]
except Exception:  # noqa: BLE001  # pragma: no cover - the core is missing or mid-edit: same fields

    @dataclass(frozen=True)
    class MetricsConfig:  # type: ignore[no-redef]
        extra_days_off: tuple[str, ...] = ()
        sick_types: tuple[str, ...] = ("egen_sygdom", "graviditet")
        short_max_days: int = 14
        holiday_deduction_days: float = 0.0
        default_hourly_cost: float = 0.0


OUTPUT_COLUMNS = [
    "unit_id", "period_start", "period_end", "scope", "staff_group",
    "possible_hours", "absence_hours", "absence_days", "absence_pct", "fte", "days_per_fte",
    "short_days", "long_days", "spells_started", "spells_ended", "open_spells",
    "headcount", "share_without_absence",
    "arbejdsskade_days", "barns_sygdom_days", "barsel_days", "andet_days",
    "absence_cost_dkk", "days_per_employee",
]
COUNT_COLUMNS = ["spells_started", "spells_ended", "open_spells", "headcount"]

# Hour columns of the per-day ledger; every one is summed over a group.
LEDGER_COLUMNS = [
    "possible_hours", "absence_hours", "short_hours", "long_hours",
    *[f"{t}_hours" for t in OTHER_TYPES], "absence_cost_dkk",
]


# --------------------------------------------------------------------------- periods

def _month_start(year: int, month: int) -> pd.Timestamp:
    """First day of ``month`` of ``year``; months outside 1..12 roll over into other years."""
    year += (month - 1) // 12
    month = (month - 1) % 12 + 1
    return pd.Timestamp(year, month, 1)


def _periods(date_from: dt.date, date_to: dt.date, by: str) -> list[tuple[pd.Timestamp, pd.Timestamp]]:
    """Every whole calendar period of kind ``by`` overlapping [date_from, date_to];
    for rolling12 the 12-month windows ending in each month overlapping the range."""
    if by not in ("month", "quarter", "year", "rolling12"):
        raise ValueError(f"unknown period kind {by!r}")
    result = set()
    month = _month_start(date_from.year, date_from.month)
    last_month = _month_start(date_to.year, date_to.month)
    while month <= last_month:
        y, m = month.year, month.month
        if by == "month":
            start, end = month, _month_start(y, m + 1)
        elif by == "quarter":
            q_first = (m - 1) // 3 * 3 + 1
            start, end = _month_start(y, q_first), _month_start(y, q_first + 3)
        elif by == "year":
            start, end = _month_start(y, 1), _month_start(y + 1, 1)
        else:  # rolling12: the window ending with this month
            start, end = _month_start(y, m - 11), _month_start(y, m + 1)
        result.add((start, end - pd.Timedelta(days=1)))
        month = _month_start(y, m + 1)
    return sorted(result)


# --------------------------------------------------------------------------- calendar

def _calendar(first: pd.Timestamp, last: pd.Timestamp, config) -> pd.DataFrame:
    """One row per day of the whole years first.year .. last.year:
    day, is_workday, holiday_factor (flat deduction), workdays_before (cumulative count)."""
    days = pd.date_range(pd.Timestamp(first.year, 1, 1), pd.Timestamp(last.year, 12, 31), freq="D")
    off = days_off(range(first.year, last.year + 1), tuple(config.extra_days_off))
    cal = pd.DataFrame({"day": days})
    cal["is_workday"] = is_workday(days.values.astype("datetime64[D]"), off)
    cal["year"] = cal["day"].dt.year
    workdays_in_year = cal.groupby("year")["is_workday"].transform("sum")
    # Flat holiday deduction (contract): factor 1 − N / workdays(year) on every workday's norm.
    cal["holiday_factor"] = 1.0 - float(config.holiday_deduction_days) / workdays_in_year
    # Number of workdays on or before each day: workdays strictly between a and b is
    # workdays_through[b − 1] − workdays_through[a].
    cal["workdays_through"] = cal["is_workday"].cumsum()
    return cal


def _expand_days(frame: pd.DataFrame, start: str, end: str) -> pd.DataFrame:
    """One row per calendar day from ``start`` to ``end`` (inclusive) of every row."""
    frame = frame[frame[end] >= frame[start]].copy()
    frame["day"] = [pd.date_range(s, e, freq="D") for s, e in zip(frame[start], frame[end], strict=True)]
    frame = frame.explode("day")
    frame["day"] = pd.to_datetime(frame["day"])
    return frame.reset_index(drop=True)


# --------------------------------------------------------------------------- inputs

def _to_pandas(frame: pl.DataFrame, columns: list[str], date_columns: list[str]) -> pd.DataFrame:
    out = frame.select(columns).to_pandas()
    for c in date_columns:
        out[c] = pd.to_datetime(out[c]).astype("datetime64[ns]")
    return out


def _unit_pairs(units: pd.DataFrame, scope: str) -> pd.DataFrame:
    """(unit_id of an employment, group_unit it counts in) for the scope."""
    parent = dict(zip(units["unit_id"], units["parent_id"], strict=True))
    rows = []
    for unit in units["unit_id"]:
        if scope == "own":
            rows.append((unit, unit))
            continue
        # subtree: an employment placed in `unit` counts in unit and in every ancestor
        seen = set()
        current = unit
        while current is not None and not pd.isna(current) and current in parent and current not in seen:
            seen.add(current)
            rows.append((unit, current))
            current = parent[current]
    return pd.DataFrame(rows, columns=["unit_id", "group_unit"])


def _with_group_keys(frame: pd.DataFrame, pairs: pd.DataFrame, by_staff_group: bool) -> pd.DataFrame:
    """Copy every row once per group it belongs to: group_unit (via the scope) and
    group_staff ('*' always; also its own staff group with by_staff_group)."""
    out = frame.merge(pairs, on="unit_id", how="inner")
    everyone = out.assign(group_staff="*")
    if not by_staff_group:
        return everyone
    return pd.concat([everyone, out.assign(group_staff=out["staff_group"])], ignore_index=True)


# --------------------------------------------------------------------------- main

def group_table_pandas(*, units, employments, absences, date_from, date_to, by, as_of,
                       config=MetricsConfig(), scopes=("subtree",), by_staff_group=False) -> pl.DataFrame:
    sick_types = set(config.sick_types)
    as_of = pd.Timestamp(as_of)
    periods = _periods(date_from, date_to, by)
    first_day, last_day = periods[0][0], max(end for _, end in periods)

    units_pd = _to_pandas(units, ["unit_id", "parent_id"], [])
    emp = _to_pandas(
        employments,
        ["employment_id", "employee_id", "unit_id", "staff_group", "weekly_hours",
         "start_date", "end_date", "hourly_cost"],
        ["start_date", "end_date"],
    ).rename(columns={"start_date": "emp_start", "end_date": "emp_end"})
    emp["cost_per_hour"] = emp["hourly_cost"].fillna(float(config.default_hourly_cost)).astype(float)
    ab = _to_pandas(
        absences, ["employment_id", "type", "start_date", "end_date", "degree", "hours"],
        ["start_date", "end_date"],
    )

    # ---- calendar over every year any day of interest can fall in
    candidates = [first_day, last_day, as_of]
    for col in ("start_date", "end_date"):
        if ab[col].notna().any():
            candidates += [ab[col].min(), ab[col].max()]
    cal = _calendar(min(candidates), max(candidates), config)

    # ---- employment days (only the days of the reported periods are needed)
    ed = emp.copy()
    ed["from"] = ed["emp_start"].clip(lower=first_day)
    ed["to"] = ed["emp_end"].fillna(last_day).clip(upper=last_day)
    ed = _expand_days(ed, "from", "to").merge(cal, on="day", how="left")
    # Possible hours: the daily norm on each workday of the employment (× flat deduction factor).
    ed["possible_hours"] = np.where(ed["is_workday"], ed["weekly_hours"] / 5.0 * ed["holiday_factor"], 0.0)

    # ---- absence record days
    ab = ab.merge(emp[["employment_id", "employee_id", "emp_start", "emp_end", "weekly_hours",
                       "cost_per_hour"]], on="employment_id", how="inner")
    ab["eff_end"] = ab["end_date"]
    is_open = ab["end_date"].isna()
    ab["is_open"] = is_open
    # READING: an open record runs to as_of and no further, and stops at its employment's end.
    ab.loc[is_open, "eff_end"] = as_of
    cut_by_employment = is_open & ab["emp_end"].notna() & (ab["emp_end"] < as_of)
    ab.loc[cut_by_employment, "eff_end"] = ab.loc[cut_by_employment, "emp_end"]
    ab = ab[ab["eff_end"] >= ab["start_date"]].reset_index(drop=True)
    ab["record"] = np.arange(len(ab))

    rd = _expand_days(ab, "start_date", "eff_end").merge(cal, on="day", how="left")
    rd["in_employment"] = (rd["day"] >= rd["emp_start"]) & (
        rd["emp_end"].isna() | (rd["day"] <= rd["emp_end"]))
    rd["record_workdays"] = rd.groupby("record")["is_workday"].transform("sum")
    rd["record_days"] = rd.groupby("record")["day"].transform("size")
    by_degree = np.where(rd["is_workday"] & rd["in_employment"],
                         rd["weekly_hours"] / 5.0 * rd["degree"] / 100.0, 0.0)
    spread_over_workdays = np.where(rd["is_workday"], rd["hours"] / rd["record_workdays"].clip(lower=1), 0.0)
    spread_over_days = rd["hours"] / rd["record_days"]
    by_hours = np.where(rd["record_workdays"] > 0, spread_over_workdays, spread_over_days)
    rd["hours_on_day"] = np.where(rd["hours"].notna(), by_hours, by_degree)

    # ---- sick spells, built day by day per employee
    sick = rd[rd["type"].isin(sick_types)].copy()
    spells, sick = _spells(sick, ab, cal, as_of, config)

    # ---- the per-day ledger: one row per (employment, day) contribution
    ledger_parts = [ed[["employment_id", "day", "possible_hours"]]]
    ferie = rd[rd["type"] == FERIE]
    ledger_parts.append(pd.DataFrame({
        "employment_id": ferie["employment_id"], "day": ferie["day"],
        "possible_hours": -ferie["hours_on_day"],  # holiday lowers possible hours
    }))
    ledger_parts.append(pd.DataFrame({
        "employment_id": sick["employment_id"], "day": sick["day"],
        "absence_hours": sick["hours_on_day"],
        "short_hours": np.where(sick["band"] == "short", sick["hours_on_day"], 0.0),
        "long_hours": np.where(sick["band"] == "long", sick["hours_on_day"], 0.0),
        "absence_cost_dkk": sick["hours_on_day"] * sick["cost_per_hour"],
    }))
    for t in OTHER_TYPES:
        if t in sick_types:
            continue
        other = rd[rd["type"] == t]
        ledger_parts.append(pd.DataFrame({
            "employment_id": other["employment_id"], "day": other["day"], f"{t}_hours": other["hours_on_day"],
        }))
    ledger_parts = [p for p in ledger_parts if len(p)]
    ledger = (pd.concat(ledger_parts, ignore_index=True) if ledger_parts
              else pd.DataFrame({"employment_id": pd.Series(dtype=object),
                                 "day": pd.Series(dtype="datetime64[ns]")}))
    for c in LEDGER_COLUMNS:
        if c not in ledger:
            ledger[c] = 0.0
        ledger[c] = ledger[c].fillna(0.0).astype(float)
    attrs = emp[["employment_id", "employee_id", "unit_id", "staff_group"]]
    ledger = ledger.merge(attrs, on="employment_id", how="left")
    employment_days = ed[["employment_id", "employee_id", "unit_id", "staff_group", "day"]]

    # ---- spell events, each with the day it is counted on and the employment of that day
    events = _spell_events(spells, ab, sick_types, periods, as_of)
    events = events.merge(attrs.drop(columns="employee_id"), on="employment_id", how="left")

    # ---- group, period by period
    staff_keys = ["*"] + (sorted(emp["staff_group"].dropna().unique()) if by_staff_group else [])
    rows = []
    for scope in scopes:
        pairs = _unit_pairs(units_pd, scope)
        for period_start, period_end in periods:
            rows.append(_period_rows(
                scope, period_start, period_end, pairs, units_pd, staff_keys, cal,
                ledger[(ledger["day"] >= period_start) & (ledger["day"] <= period_end)],
                employment_days[employment_days["day"].between(period_start, period_end)],
                events[(events["period_start"] == period_start) & (events["period_end"] == period_end)],
                by_staff_group,
            ))
    table = pd.concat(rows, ignore_index=True)
    return _to_polars(table)


def _spells(sick: pd.DataFrame, ab: pd.DataFrame, cal: pd.DataFrame, as_of: pd.Timestamp, config):
    """Sick spells of every employee, across that employee's employments.

    Returns (spells, sick record days with spell_id and band).  A spell is a run of
    days covered by sick records where no workday without absence lies between two
    covered days (weekends and holidays do not break a spell)."""
    covered = sick[["employee_id", "day"]].drop_duplicates().sort_values(["employee_id", "day"])
    covered = covered.merge(cal[["day", "is_workday", "workdays_through"]], on="day", how="left")
    covered["prev_day"] = covered.groupby("employee_id")["day"].shift(1)
    prev = covered[["day", "workdays_through"]].rename(
        columns={"day": "prev_day", "workdays_through": "wd_prev"})
    covered = covered.merge(prev.drop_duplicates(), on="prev_day", how="left")
    # workdays strictly between prev_day and day
    covered["workdays_between"] = (covered["workdays_through"] - covered["is_workday"].astype(int)
                                   - covered["wd_prev"])
    covered["new_spell"] = covered["prev_day"].isna() | (covered["workdays_between"] > 0)
    covered["spell_id"] = covered["new_spell"].cumsum()  # rows are sorted by employee, day

    spells = covered.groupby("spell_id").agg(employee_id=("employee_id", "first"),
                                             first=("day", "min"), last=("day", "max")).reset_index()
    # Open: the last day is as_of and an open record of the employee runs to it.
    open_records = ab[ab["is_open"] & (ab["eff_end"] == as_of) & ab["type"].isin(set(config.sick_types))]
    open_employees = set(open_records["employee_id"])
    spells["is_open"] = (spells["last"] == as_of) & spells["employee_id"].isin(open_employees)
    # Whole length in calendar days (an open spell: up to the reference date = its last day).
    spells["length"] = (spells["last"] - spells["first"]).dt.days + 1
    spells["band"] = np.where(spells["length"] <= config.short_max_days, "short", "long")

    sick = sick.merge(covered[["employee_id", "day", "spell_id"]], on=["employee_id", "day"], how="left")
    sick = sick.merge(spells[["spell_id", "band"]], on="spell_id", how="left")
    return spells, sick


def _spell_employment_on(records: pd.DataFrame, day: pd.Timestamp) -> str:
    """The employment a spell counts in on ``day`` (contract): the employment whose record
    covers the day (employment_id sorting first if several); on a gap day inside the
    spell, the employment of the latest record started before the day."""
    covering = records[(records["start_date"] <= day) & (records["eff_end"] >= day)]
    if len(covering):
        return min(covering["employment_id"])
    before = records[records["start_date"] < day]
    latest = before[before["start_date"] == before["start_date"].max()]
    return min(latest["employment_id"])


def _spell_events(spells: pd.DataFrame, ab: pd.DataFrame, sick_types: set[str], periods,
                  as_of: pd.Timestamp) -> pd.DataFrame:
    """One row per (period, spell, kind) with kind started / ended / open, and the
    employment the spell counts in for it."""
    # every sick record belongs to the spell that contains its first day
    sick_records = ab[ab["type"].isin(sick_types)].merge(
        spells[["employee_id", "spell_id", "first", "last"]], on="employee_id", how="inner")
    sick_records = sick_records[(sick_records["start_date"] >= sick_records["first"])
                                & (sick_records["start_date"] <= sick_records["last"])]
    records_of = {sid: g for sid, g in sick_records.groupby("spell_id")}

    rows = []
    employment_on: dict[tuple[int, pd.Timestamp], str] = {}
    for period_start, period_end in periods:
        # open at D: the period's end, or the reference date when the period contains it
        at = as_of if period_start <= as_of <= period_end else period_end
        started = spells[spells["first"].between(period_start, period_end)]
        ended = spells[spells["last"].between(period_start, period_end) & ~spells["is_open"]]
        still_open = spells[((spells["first"] <= at) & (at < spells["last"]))
                            | (spells["is_open"] & (at == as_of))]
        for kind, chosen, day_column in (("started", started, "first"), ("ended", ended, "last"),
                                         ("open", still_open, None)):
            for spell in chosen.itertuples():
                key = (spell.spell_id, getattr(spell, day_column) if day_column else at)
                if key not in employment_on:  # rolling windows ask for the same day again
                    employment_on[key] = _spell_employment_on(records_of[spell.spell_id], key[1])
                employment = employment_on[key]
                rows.append((period_start, period_end, spell.spell_id, kind, employment))
    return pd.DataFrame(rows, columns=["period_start", "period_end", "spell_id", "kind", "employment_id"])


def _period_rows(scope, period_start, period_end, pairs, units_pd, staff_keys, cal,
                 ledger, employment_days, events, by_staff_group) -> pd.DataFrame:
    keys = ["group_unit", "group_staff"]
    skeleton = pd.MultiIndex.from_product([units_pd["unit_id"], staff_keys], names=keys).to_frame(index=False)

    # first one row per employment (its sums over the period's days), then into the groups
    per_employment = (ledger.groupby(["employment_id", "employee_id", "unit_id", "staff_group"])
                      [LEDGER_COLUMNS].sum().reset_index())
    grouped = _with_group_keys(per_employment, pairs, by_staff_group)
    sums = grouped.groupby(keys)[LEDGER_COLUMNS].sum().reset_index()

    members = _with_group_keys(
        employment_days[["employee_id", "unit_id", "staff_group"]].drop_duplicates(), pairs, by_staff_group)
    members = members[keys + ["employee_id"]].drop_duplicates()
    headcount = members.groupby(keys)["employee_id"].nunique().rename("headcount").reset_index()

    sick_by_person = (grouped.groupby(keys + ["employee_id"])["absence_hours"].sum().reset_index())
    with_absence = members.merge(sick_by_person, on=keys + ["employee_id"], how="left")
    with_absence = (with_absence[with_absence["absence_hours"].fillna(0.0) > 0]
                    .groupby(keys)["employee_id"].nunique().rename("with_absence").reset_index())

    counted = _with_group_keys(events, pairs, by_staff_group)
    spell_counts = (counted.groupby(keys + ["kind"])["spell_id"].nunique().unstack("kind")
                    .reindex(columns=["started", "ended", "open"]).fillna(0).reset_index())

    out = (skeleton.merge(sums, on=keys, how="left").merge(headcount, on=keys, how="left")
           .merge(with_absence, on=keys, how="left").merge(spell_counts, on=keys, how="left"))
    for c in [*LEDGER_COLUMNS, "headcount", "with_absence", "started", "ended", "open"]:
        if c not in out:
            out[c] = 0
        out[c] = out[c].fillna(0)

    period_workdays = int(cal[(cal["day"] >= period_start) & (cal["day"] <= period_end)]["is_workday"].sum())

    def ratio(num, den):
        den = den.astype(float)
        return (num / den.where(den != 0)).astype(float)

    table = pd.DataFrame({
        "unit_id": out["group_unit"],
        "period_start": period_start,
        "period_end": period_end,
        "scope": scope,
        "staff_group": out["group_staff"],
        "possible_hours": out["possible_hours"],
        "absence_hours": out["absence_hours"],
    })
    table["absence_days"] = table["absence_hours"] / DAGSVAERK_HOURS
    table["absence_pct"] = 100.0 * ratio(table["absence_hours"], table["possible_hours"])
    table["fte"] = (table["possible_hours"] / (DAGSVAERK_HOURS * period_workdays)
                    if period_workdays else np.nan)
    table["days_per_fte"] = ratio(table["absence_days"], table["fte"].fillna(0.0))
    table["short_days"] = out["short_hours"] / DAGSVAERK_HOURS
    table["long_days"] = out["long_hours"] / DAGSVAERK_HOURS
    table["spells_started"] = out["started"].astype(int)
    table["spells_ended"] = out["ended"].astype(int)
    table["open_spells"] = out["open"].astype(int)
    table["headcount"] = out["headcount"].astype(int)
    table["share_without_absence"] = 100.0 * ratio(out["headcount"] - out["with_absence"], out["headcount"])
    for t in OTHER_TYPES:
        table[f"{t}_days"] = out[f"{t}_hours"] / DAGSVAERK_HOURS
    table["absence_cost_dkk"] = out["absence_cost_dkk"]
    table["days_per_employee"] = ratio(table["absence_days"], out["headcount"])
    return table


def _to_polars(table: pd.DataFrame) -> pl.DataFrame:
    data = {}
    for c in OUTPUT_COLUMNS:
        col = table[c]
        if c in ("period_start", "period_end"):
            data[c] = pl.Series(c, [d.date() for d in col], dtype=pl.Date)
        elif c in ("unit_id", "scope", "staff_group"):
            data[c] = pl.Series(c, col.tolist(), dtype=pl.String)
        elif c in COUNT_COLUMNS:
            data[c] = pl.Series(c, col.astype("int64").tolist(), dtype=pl.Int64)
        else:
            values = [None if pd.isna(v) else float(v) for v in col]
            data[c] = pl.Series(c, values, dtype=pl.Float64)
    return pl.DataFrame(data).sort(["unit_id", "period_start", "scope", "staff_group"])

"""Baseline: possible and sick absence hours per unit subtree and month, per day in DuckDB SQL.

    .venv/bin/python bench/duckdb_per_day.py DIR --from 2021-11-01 --to 2026-10-31 \
        [--as-of 2026-10-31] [--out FILE.csv]

DIR holds an import export (units.csv, employments.csv, absences.csv). The way a data
analyst with a SQL engine would do it: a calendar table with one row per day (workday or
not; Danish holidays from ``naervaer.core.calendar.days_off``), every employment and every
absence record expanded to one row per day and joined with it, a closure table of the
unit tree built with a recursive CTE, then grouped by ancestor unit and month. Only two
columns: ``possible_hours`` (the daily norm, weekly_hours / 5, on each workday of an
employment, less `ferie` hours) and ``absence_hours`` (sick types), with the same
readings as the metrics core (docs/metrics.md): an open absence runs to the reference
date, no record runs outside its employment, degree scales the norm, a payroll ``hours``
figure is spread over the record's workdays (its calendar days when it has none). One
row per unit and month, also when it is zero. Default organisation settings.

Used by bench/metrics_bench.py as the whole-process baseline for `naervaer metrics`.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path

import duckdb
import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from naervaer.core.calendar import days_off  # noqa: E402

SICK_TYPES = ("egen_sygdom", "graviditet")
HOLIDAY_TYPE = "ferie"

QUERY = """
WITH RECURSIVE closure(unit_id, ancestor) AS (
    SELECT unit_id, unit_id FROM units
    UNION ALL
    SELECT c.unit_id, u.parent_id
    FROM closure c JOIN units u ON u.unit_id = c.ancestor
    WHERE u.parent_id IS NOT NULL
),
employment_days AS (           -- one row per employment and day of the report
    SELECT e.employment_id, e.unit_id, d.day, d.month,
           CASE WHEN d.is_workday THEN e.weekly_hours / 5.0 ELSE 0.0 END AS norm
    FROM (SELECT *, unnest(generate_series(greatest(start_date, $date_from),
                                           least(coalesce(end_date, $date_to), $date_to),
                                           INTERVAL 1 DAY))::DATE AS day
          FROM employments) e
    JOIN calendar d USING (day)
),
records AS (                   -- effective interval: open ends at as_of, inside the employment
    SELECT a.*, e.unit_id, e.weekly_hours,
           greatest(a.start_date, e.start_date) AS eff_start,
           least(coalesce(a.end_date, $as_of), coalesce(e.end_date, DATE '2199-12-31')) AS eff_end,
           row_number() OVER () AS record
    FROM absences a JOIN employments e USING (employment_id)
    WHERE a.type IN ('egen_sygdom', 'graviditet', 'ferie')
),
record_days AS (               -- one row per record and day
    SELECT r.record, r.type, r.employment_id, r.unit_id, r.weekly_hours, r.degree, r.hours,
           d.day, d.month, d.is_workday,
           count(*) FILTER (WHERE d.is_workday) OVER (PARTITION BY r.record) AS record_workdays,
           count(*) OVER (PARTITION BY r.record) AS record_calendar_days
    FROM (SELECT *, unnest(generate_series(eff_start, eff_end, INTERVAL 1 DAY))::DATE AS day
          FROM records WHERE eff_end >= eff_start) r
    JOIN calendar d USING (day)
),
hours_on_day AS (
    SELECT unit_id, day, month, type,
           CASE WHEN hours IS NULL THEN
                    CASE WHEN is_workday THEN weekly_hours / 5.0 * degree / 100.0 ELSE 0.0 END
                WHEN record_workdays > 0 THEN
                    CASE WHEN is_workday THEN hours / record_workdays ELSE 0.0 END
                ELSE hours / record_calendar_days END AS hours
    FROM record_days
    WHERE day BETWEEN $date_from AND $date_to
),
own AS (                       -- per unit (own) and month
    SELECT unit_id, month, sum(possible) AS possible_hours, sum(sick) AS absence_hours
    FROM (SELECT unit_id, month, norm AS possible, 0.0 AS sick FROM employment_days
          UNION ALL
          SELECT unit_id, month,
                 CASE WHEN type = 'ferie' THEN -hours ELSE 0.0 END,
                 CASE WHEN type = 'ferie' THEN 0.0 ELSE hours END
          FROM hours_on_day)
    GROUP BY unit_id, month
),
subtree AS (
    SELECT c.ancestor AS unit_id, o.month, sum(o.possible_hours) AS possible_hours,
           sum(o.absence_hours) AS absence_hours
    FROM own o JOIN closure c USING (unit_id)
    GROUP BY c.ancestor, o.month
),
months AS (SELECT DISTINCT month FROM calendar WHERE day BETWEEN $date_from AND $date_to)
SELECT u.unit_id, m.month AS period_start, 'subtree' AS scope,
       coalesce(s.possible_hours, 0.0) AS possible_hours,
       coalesce(s.absence_hours, 0.0) AS absence_hours
FROM units u CROSS JOIN months m
LEFT JOIN subtree s ON s.unit_id = u.unit_id AND s.month = m.month
ORDER BY u.unit_id, m.month
"""


def per_day_table(directory: Path, date_from: dt.date, date_to: dt.date, as_of: dt.date,
                  threads: int | None = None) -> duckdb.DuckDBPyRelation:
    con = duckdb.connect()
    if threads:
        con.execute(f"SET threads = {int(threads)}")
    con.execute(f"""CREATE TABLE units AS SELECT unit_id, parent_id
        FROM read_csv('{directory / "units.csv"}', header = true, all_varchar = true)""")
    con.execute(f"""CREATE TABLE employments AS SELECT employment_id, unit_id,
            CAST(weekly_hours AS DOUBLE) AS weekly_hours,
            CAST(start_date AS DATE) AS start_date, CAST(end_date AS DATE) AS end_date
        FROM read_csv('{directory / "employments.csv"}', header = true, all_varchar = true)""")
    con.execute(f"""CREATE TABLE absences AS SELECT employment_id, type,
            CAST(start_date AS DATE) AS start_date, CAST(end_date AS DATE) AS end_date,
            coalesce(CAST(degree AS DOUBLE), 100.0) AS degree, CAST(hours AS DOUBLE) AS hours
        FROM read_csv('{directory / "absences.csv"}', header = true, all_varchar = true)""")
    # The calendar: every day any record can touch, with Danish holidays and weekends off.
    first, last = con.execute("""SELECT least(min(start_date), $f), greatest(max(end_date), $t)
        FROM absences""", {"f": date_from, "t": max(date_to, as_of)}).fetchone()
    days = np.arange(np.datetime64(first), np.datetime64(last) + 1, dtype="datetime64[D]")
    off = days_off(range(first.year, last.year + 1))
    con.execute("CREATE TABLE days_off (day DATE)")
    con.executemany("INSERT INTO days_off VALUES (?)", [[d] for d in off.astype(object)])
    con.execute("""CREATE TABLE calendar AS
        SELECT day::DATE AS day, date_trunc('month', day)::DATE AS month,
               isodow(day) <= 5 AND day::DATE NOT IN (SELECT day FROM days_off) AS is_workday
        FROM generate_series($first::DATE, $last::DATE, INTERVAL 1 DAY) t(day)""",
                {"first": days[0].item(), "last": days[-1].item()})
    return con.sql(QUERY, params={"date_from": date_from, "date_to": date_to, "as_of": as_of})


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("directory", type=Path)
    ap.add_argument("--from", dest="date_from", type=dt.date.fromisoformat, required=True)
    ap.add_argument("--to", dest="date_to", type=dt.date.fromisoformat, required=True)
    ap.add_argument("--as-of", type=dt.date.fromisoformat, default=None)
    ap.add_argument("--threads", type=int, default=None)
    ap.add_argument("--out", type=Path, default=None, help="CSV file (default: stdout)")
    args = ap.parse_args()
    table = per_day_table(args.directory, args.date_from, args.date_to,
                          args.as_of or args.date_to, args.threads)
    if args.out:
        table.write_csv(str(args.out))
    else:
        print(table.pl().write_csv(), end="")


if __name__ == "__main__":
    main()

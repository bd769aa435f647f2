"""Hand-computed cases that pin the per-day pandas reference (bench/reference_pandas.py).

Every expected number is worked out by hand in the comment above it, citing the rule
of spec/metrics.md ("spec") or docs/dev/metrics-api.md ("contract") it follows.

Calendar facts used below (holidays package, Denmark):
* March 2024: 21 weekdays; Skærtorsdag Thu 28 and Langfredag Fri 29 are holidays
  -> 19 workdays.  2. påskedag is Mon 1 April 2024 -> April 2024 has 22 - 1 = 21 workdays.
* 2024 as a whole: 262 weekdays - 8 weekday holidays (1/1, 28/3, 29/3, 1/4, 9/5, 20/5,
  25/12, 26/12) = 254 workdays.  Store bededag no longer exists (Fri 26 April 2024 is a workday).
* May 2023: 23 weekdays - Store bededag Fri 5, Kristi himmelfart Thu 18, 2. pinsedag
  Mon 29 = 20 workdays.
A 37 h employment has a daily norm of 37 / 5 = 7.4 h (spec "Calendar"); one dagsværk = 7.4 h.
"""

from __future__ import annotations

import datetime as dt

import pytest

pytest.importorskip("pandas")
pl = pytest.importorskip("polars")

from bench.reference_pandas import MetricsConfig, group_table_pandas  # noqa: E402

D = dt.date


def units(*rows: tuple[str, str | None]) -> pl.DataFrame:
    return pl.DataFrame({"unit_id": [r[0] for r in rows], "parent_id": [r[1] for r in rows]},
                        schema={"unit_id": pl.String, "parent_id": pl.String})


def employments(*rows: dict) -> pl.DataFrame:
    defaults = {"staff_group": "SOSU", "weekly_hours": 37.0, "end_date": None, "hourly_cost": None}
    rows = [{**defaults, **r} for r in rows]
    return pl.DataFrame(rows, schema={
        "employment_id": pl.String, "employee_id": pl.String, "unit_id": pl.String,
        "staff_group": pl.String, "weekly_hours": pl.Float64, "start_date": pl.Date,
        "end_date": pl.Date, "hourly_cost": pl.Float64})


def absences(*rows: dict) -> pl.DataFrame:
    defaults = {"type": "egen_sygdom", "degree": 100, "hours": None}
    rows = [{**defaults, **r} for r in rows]
    return pl.DataFrame(rows, schema={
        "employment_id": pl.String, "type": pl.String, "start_date": pl.Date, "end_date": pl.Date,
        "degree": pl.Int64, "hours": pl.Float64})


ONE_UNIT = units(("U", None))
ONE_EMPLOYMENT = employments(
    {"employment_id": "E1", "employee_id": "P1", "unit_id": "U", "start_date": D(2020, 1, 1),
     "hourly_cost": 300.0})


MARCH_1, MARCH_31, END_2024 = D(2024, 3, 1), D(2024, 3, 31), D(2024, 12, 31)


def table(*, units=ONE_UNIT, employments=ONE_EMPLOYMENT, absences, date_from=MARCH_1,
          date_to=MARCH_31, by="month", as_of=END_2024, **kwargs) -> pl.DataFrame:
    return group_table_pandas(units=units, employments=employments, absences=absences,
                              date_from=date_from, date_to=date_to, by=by, as_of=as_of, **kwargs)


def row(out: pl.DataFrame, unit="U", start=MARCH_1, scope="subtree", staff_group="*") -> dict:
    rows = out.filter(pl.col("unit_id") == unit, pl.col("period_start") == start,
                      pl.col("scope") == scope, pl.col("staff_group") == staff_group).to_dicts()
    assert len(rows) == 1, rows
    return rows[0]


def test_one_week_sick_on_37_hours():
    # Mon 4 - Fri 8 March 2024, degree 100: 5 workdays x 7.4 h = 37 h = 5 dagsværk (spec "Hours").
    # Possible hours March 2024: 19 workdays x 7.4 = 140.6 h; fte = 140.6 / (7.4 x 19) = 1.
    # One spell of 5 calendar days -> short (1-14); started and ended in March; not open on 31/3.
    out = table(absences=absences({"employment_id": "E1", "start_date": D(2024, 3, 4),
                                   "end_date": D(2024, 3, 8)}))
    r = row(out)
    assert r["period_end"] == D(2024, 3, 31)
    assert r["possible_hours"] == pytest.approx(140.6)
    assert r["absence_hours"] == pytest.approx(37.0)
    assert r["absence_days"] == pytest.approx(5.0)
    assert r["absence_pct"] == pytest.approx(100 * 37 / 140.6)
    assert r["fte"] == pytest.approx(1.0)
    assert r["days_per_fte"] == pytest.approx(5.0)
    assert (r["short_days"], r["long_days"]) == (pytest.approx(5.0), 0.0)
    assert (r["spells_started"], r["spells_ended"], r["open_spells"]) == (1, 1, 0)
    assert r["headcount"] == 1
    assert r["share_without_absence"] == 0.0
    assert r["days_per_employee"] == pytest.approx(5.0)
    # cost: 37 sick hours x 300 DKK/h (the employment's hourly_cost)
    assert r["absence_cost_dkk"] == pytest.approx(11100.0)
    assert out.columns[:5] == ["unit_id", "period_start", "period_end", "scope", "staff_group"]
    assert len(out.columns) == 24


def test_friday_and_monday_records_merge_over_the_weekend():
    # Fri 8 March + Mon 11 March: the weekend between them does not break a spell
    # (spec "Spells"): one spell Fri-Mon, 4 calendar days, 2 x 7.4 = 14.8 h.
    out = table(absences=absences(
        {"employment_id": "E1", "start_date": D(2024, 3, 8), "end_date": D(2024, 3, 8)},
        {"employment_id": "E1", "start_date": D(2024, 3, 11), "end_date": D(2024, 3, 11)}))
    r = row(out)
    assert r["absence_hours"] == pytest.approx(14.8)
    assert (r["spells_started"], r["spells_ended"], r["open_spells"]) == (1, 1, 0)
    # Fri 8 + Tue 12: Mon 11 is a workday without absence -> two spells.
    out = table(absences=absences(
        {"employment_id": "E1", "start_date": D(2024, 3, 8), "end_date": D(2024, 3, 8)},
        {"employment_id": "E1", "start_date": D(2024, 3, 12), "end_date": D(2024, 3, 12)}))
    assert (row(out)["spells_started"], row(out)["spells_ended"]) == (2, 2)


def test_spell_over_easter_is_open_across_the_gap_and_classified_by_whole_length():
    # Wed 27 March - Wed 27 March and Tue 2 April - Tue 9 April 2024.  Between them:
    # Thu 28, Fri 29 (holidays), weekend, Mon 1 April (2. påskedag): no workday -> one spell
    # 27/3 - 9/4 = 14 days (short).  With the second record to 10/4 it is 15 days (long),
    # and the March hours (1 day = 7.4 h) are long days too: the band is by whole length.
    # Open at D = 31 March (a gap day, first <= D < last) -> open_spells 1 in March;
    # started in March, ended in April (spec "Spells" + "open at date D").
    for end, band in ((D(2024, 4, 9), "short"), (D(2024, 4, 10), "long")):
        out = table(absences=absences(
            {"employment_id": "E1", "start_date": D(2024, 3, 27), "end_date": D(2024, 3, 27)},
            {"employment_id": "E1", "start_date": D(2024, 4, 2), "end_date": end}),
            date_to=D(2024, 4, 30))
        march, april = row(out), row(out, start=D(2024, 4, 1))
        assert march["absence_days"] == pytest.approx(1.0)
        assert march[f"{band}_days"] == pytest.approx(1.0)
        assert (march["spells_started"], march["spells_ended"], march["open_spells"]) == (1, 0, 1)
        assert (april["spells_started"], april["spells_ended"], april["open_spells"]) == (0, 1, 0)
        # April: Tue 2 - Tue 9 = 6 workdays, or Tue 2 - Wed 10 = 7 workdays
        assert april["absence_days"] == pytest.approx(6.0 if band == "short" else 7.0)


def test_degree_50():
    # Mon 4 - Fri 8 March, degree 50: 5 x 7.4 x 50/100 = 18.5 h = 2.5 days (spec "Hours").
    out = table(absences=absences({"employment_id": "E1", "start_date": D(2024, 3, 4),
                                   "end_date": D(2024, 3, 8), "degree": 50}))
    assert row(out)["absence_hours"] == pytest.approx(18.5)
    assert row(out)["absence_days"] == pytest.approx(2.5)


def test_hours_on_a_weekend_only_record_and_spread_over_workdays():
    # Sat 9 - Sun 10 March with hours = 12: no workday in the record, so the hours are
    # spread over its 2 calendar days (spec "Hours"; contract) -> 12 h in March.
    out = table(absences=absences({"employment_id": "E1", "start_date": D(2024, 3, 9),
                                   "end_date": D(2024, 3, 10), "hours": 12.0}))
    assert row(out)["absence_hours"] == pytest.approx(12.0)
    assert (row(out)["spells_started"], row(out)["spells_ended"]) == (1, 1)
    # Fri 31 May - Mon 3 June 2024 with hours = 10: workdays Fri 31/5 and Mon 3/6 -> 5 h each,
    # the weekend gets nothing; May 5 h, June 5 h (degree is ignored when hours is given).
    out = table(absences=absences({"employment_id": "E1", "start_date": D(2024, 5, 31),
                                   "end_date": D(2024, 6, 3), "hours": 10.0, "degree": 100}),
                date_from=D(2024, 5, 1), date_to=D(2024, 6, 30))
    assert row(out, start=D(2024, 5, 1))["absence_hours"] == pytest.approx(5.0)
    assert row(out, start=D(2024, 6, 1))["absence_hours"] == pytest.approx(5.0)


def test_open_record_runs_to_as_of():
    # Open record from Mon 4 March; as_of Wed 13 March (spec "An open absence ... runs to the
    # reference date and no further"): workdays 4-8, 11-13 = 8 -> 59.2 h.  The spell is open
    # at the reference date, which lies in March -> open_spells 1, not ended; its length up to
    # as_of is 10 days -> short.
    record = absences({"employment_id": "E1", "start_date": D(2024, 3, 4), "end_date": None})
    out = table(absences=record, as_of=D(2024, 3, 13), date_to=D(2024, 4, 30))
    march, april = row(out), row(out, start=D(2024, 4, 1))
    assert march["absence_hours"] == pytest.approx(59.2)
    assert march["short_days"] == pytest.approx(8.0)
    assert (march["spells_started"], march["spells_ended"], march["open_spells"]) == (1, 0, 1)
    # April lies after the reference date: no hours, and the spell is not open at 30 April.
    assert (april["absence_hours"], april["open_spells"], april["spells_ended"]) == (0.0, 0, 0)
    # as_of Wed 20 March: 4 March - 20 March = 17 days -> long; 13 workdays.
    out = table(absences=record, as_of=D(2024, 3, 20))
    assert row(out)["long_days"] == pytest.approx(13.0)
    assert row(out)["short_days"] == 0.0


def test_open_record_stops_at_the_end_of_its_employment():
    # Employment ends Wed 6 March; open record from Mon 4 March, as_of 20 March (contract:
    # "An open absence on an ended employment stops at the employment's end"): 3 x 7.4 = 22.2 h,
    # the spell ends on 6 March (ended, not open).
    emp = employments({"employment_id": "E1", "employee_id": "P1", "unit_id": "U",
                       "start_date": D(2020, 1, 1), "end_date": D(2024, 3, 6)})
    out = table(employments=emp, as_of=D(2024, 3, 20),
                absences=absences({"employment_id": "E1", "start_date": D(2024, 3, 4), "end_date": None}))
    r = row(out)
    assert r["absence_hours"] == pytest.approx(22.2)
    assert (r["spells_started"], r["spells_ended"], r["open_spells"]) == (1, 1, 0)
    # possible hours: 1-6 March = Fri 1, Mon 4, Tue 5, Wed 6 = 4 workdays x 7.4 = 29.6 h
    assert r["possible_hours"] == pytest.approx(29.6)


def test_store_bededag_2023_is_a_holiday_but_2024_04_26_is_a_workday():
    # Fri 5 May 2023 is Store bededag (a holiday up to 2023): a sick day then has 0 hours,
    # May 2023 has 20 workdays -> possible 148 h.  Thu 4 May + Mon 8 May 2023 form ONE spell
    # (the gap Fri holiday + weekend has no workday).
    out = table(absences=absences(
        {"employment_id": "E1", "start_date": D(2023, 5, 4), "end_date": D(2023, 5, 4)},
        {"employment_id": "E1", "start_date": D(2023, 5, 5), "end_date": D(2023, 5, 5)},
        {"employment_id": "E1", "start_date": D(2023, 5, 8), "end_date": D(2023, 5, 8)}),
        date_from=D(2023, 5, 1), date_to=D(2023, 5, 31))
    r = row(out, start=D(2023, 5, 1))
    assert r["possible_hours"] == pytest.approx(148.0)
    assert r["absence_hours"] == pytest.approx(14.8)  # Thu 4 and Mon 8 only
    assert (r["spells_started"], r["spells_ended"]) == (1, 1)
    # Fri 26 April 2024 is a workday: 7.4 h; Thu 25 + Mon 29 April 2024 are TWO spells
    # (Fri 26 is a workday without absence).  April 2024 possible: 21 x 7.4 = 155.4 h.
    out = table(absences=absences(
        {"employment_id": "E1", "start_date": D(2024, 4, 26), "end_date": D(2024, 4, 26)}),
        date_from=D(2024, 4, 1), date_to=D(2024, 4, 30))
    r = row(out, start=D(2024, 4, 1))
    assert r["absence_hours"] == pytest.approx(7.4)
    assert r["possible_hours"] == pytest.approx(155.4)
    out = table(absences=absences(
        {"employment_id": "E1", "start_date": D(2024, 4, 25), "end_date": D(2024, 4, 25)},
        {"employment_id": "E1", "start_date": D(2024, 4, 29), "end_date": D(2024, 4, 29)}),
        date_from=D(2024, 4, 1), date_to=D(2024, 4, 30))
    assert row(out, start=D(2024, 4, 1))["spells_started"] == 2


TREE = units(("K", None), ("A", "K"), ("B", "K"))


def test_own_versus_subtree():
    # P1 in A (sick Mon 4 - Fri 8 March = 37 h), P2 directly in K (not sick).
    # subtree K = K + A + B: headcount 2, 37 h, possible 2 x 140.6, share without absence 50 %.
    # own K = only P2: headcount 1, 0 h.  A own = A subtree = P1.  B: nobody employed ->
    # the row exists, sums 0 and every ratio with denominator 0 is null (spec "Command line").
    emp = employments(
        {"employment_id": "E1", "employee_id": "P1", "unit_id": "A", "start_date": D(2020, 1, 1)},
        {"employment_id": "E2", "employee_id": "P2", "unit_id": "K", "start_date": D(2020, 1, 1)})
    out = table(units=TREE, employments=emp, scopes=("own", "subtree"),
                absences=absences({"employment_id": "E1", "start_date": D(2024, 3, 4),
                                   "end_date": D(2024, 3, 8)}))
    assert out.height == 3 * 2  # every unit x period x scope
    assert out["scope"].to_list() == ["own", "subtree"] * 3  # sorted by unit, period, scope
    k_sub, k_own = row(out, "K"), row(out, "K", scope="own")
    assert (k_sub["headcount"], k_sub["absence_hours"], k_sub["spells_started"]) == (2, pytest.approx(37.0), 1)
    assert k_sub["possible_hours"] == pytest.approx(281.2)
    assert k_sub["share_without_absence"] == pytest.approx(50.0)
    assert k_sub["days_per_employee"] == pytest.approx(2.5)
    assert (k_own["headcount"], k_own["absence_hours"], k_own["spells_started"]) == (1, 0.0, 0)
    assert k_own["share_without_absence"] == pytest.approx(100.0)
    assert row(out, "A", scope="own")["absence_hours"] == pytest.approx(37.0)
    b = row(out, "B")
    assert (b["headcount"], b["possible_hours"], b["fte"]) == (0, 0.0, 0.0)
    for column in ("absence_pct", "days_per_fte", "share_without_absence", "days_per_employee"):
        assert b[column] is None, column


def test_headcount_and_spell_across_a_transfer():
    # P1: E1 in A (SOSU) to Fri 15 March 2024, E2 in B (Pæd) from Sat 16 March.
    # Headcount March: A 1, B 1, K subtree 1 (spec: "counts once in each unit's headcount and
    # once in a common parent's"); by staff group in K: SOSU 1, Pæd 1, * 1.
    # Sick Thu 14 - Fri 15 (E1) and Mon 18 - Tue 19 (E2): one spell across the two employments
    # (weekend gap), 6 days; started in A (E1 covers 14/3), ended in B (E2 covers 19/3).
    emp = employments(
        {"employment_id": "E1", "employee_id": "P1", "unit_id": "A", "start_date": D(2020, 1, 1),
         "end_date": D(2024, 3, 15), "staff_group": "SOSU"},
        {"employment_id": "E2", "employee_id": "P1", "unit_id": "B", "start_date": D(2024, 3, 16),
         "staff_group": "Pæd"})
    out = table(units=TREE, employments=emp, by_staff_group=True,
                absences=absences(
                    {"employment_id": "E1", "start_date": D(2024, 3, 14), "end_date": D(2024, 3, 15)},
                    {"employment_id": "E2", "start_date": D(2024, 3, 18), "end_date": D(2024, 3, 19)}))
    assert (row(out, "A")["headcount"], row(out, "B")["headcount"], row(out, "K")["headcount"]) == (1, 1, 1)
    assert row(out, "K", staff_group="SOSU")["headcount"] == 1
    assert row(out, "K", staff_group="Pæd")["headcount"] == 1
    assert out.filter(pl.col("unit_id") == "K")["staff_group"].to_list() == ["*", "Pæd", "SOSU"]
    a, b, k = row(out, "A"), row(out, "B"), row(out, "K")
    assert (a["spells_started"], a["spells_ended"]) == (1, 0)
    assert (b["spells_started"], b["spells_ended"]) == (0, 1)
    assert (k["spells_started"], k["spells_ended"], k["absence_hours"]) == (1, 1, pytest.approx(29.6))
    # possible: A 1-15 March = 11 workdays x 7.4; B 18-31 March = 8 workdays x 7.4
    assert a["possible_hours"] == pytest.approx(81.4)
    assert b["possible_hours"] == pytest.approx(59.2)
    # Quarter Q1 2024: still once in K.
    q = table(units=TREE, employments=emp, by="quarter", absences=absences())
    assert row(q, "K", start=D(2024, 1, 1))["headcount"] == 1


def test_two_concurrent_employments_count_the_spell_in_the_first_employment_id():
    # P1 has E1 in B and E2 in A at the same time, sick in both Mon 4 - Tue 5 March.
    # Contract: the spell counts in the employment whose record covers the day, the
    # employment_id sorting first if several -> E1 -> unit B.  Hours go to each employment's
    # unit: 14.8 h in A and 14.8 h in B (norm 7.4 each).  Headcount K = 1.
    emp = employments(
        {"employment_id": "E1", "employee_id": "P1", "unit_id": "B", "start_date": D(2020, 1, 1)},
        {"employment_id": "E2", "employee_id": "P1", "unit_id": "A", "start_date": D(2020, 1, 1)})
    out = table(units=TREE, employments=emp, absences=absences(
        {"employment_id": "E1", "start_date": D(2024, 3, 4), "end_date": D(2024, 3, 5)},
        {"employment_id": "E2", "start_date": D(2024, 3, 4), "end_date": D(2024, 3, 5)}))
    assert (row(out, "B")["spells_started"], row(out, "A")["spells_started"]) == (1, 0)
    assert row(out, "A")["absence_hours"] == pytest.approx(14.8)
    assert row(out, "K")["absence_hours"] == pytest.approx(29.6)
    assert (row(out, "K")["headcount"], row(out, "K")["spells_started"]) == (1, 1)


def test_ferie_and_flat_holiday_deduction_lower_possible_hours():
    # ferie Mon 4 - Fri 8 March: 37 h less possible -> 140.6 - 37 = 103.6 (spec "Possible hours").
    out = table(absences=absences({"employment_id": "E1", "type": "ferie", "start_date": D(2024, 3, 4),
                                   "end_date": D(2024, 3, 8)}))
    assert row(out)["possible_hours"] == pytest.approx(103.6)
    assert row(out)["absence_hours"] == 0.0
    # flat 30 days in 2024 (254 workdays): factor 1 - 30/254 on every workday's norm (contract),
    # absence hours unchanged: possible = 140.6 x 224/254.
    out = table(absences=absences({"employment_id": "E1", "start_date": D(2024, 3, 4),
                                   "end_date": D(2024, 3, 8)}),
                config=MetricsConfig(holiday_deduction_days=30))
    assert row(out)["possible_hours"] == pytest.approx(140.6 * 224 / 254)
    assert row(out)["absence_hours"] == pytest.approx(37.0)


def test_other_types_and_default_cost():
    # barns_sygdom Mon 4 (1 day) and andet Tue 5 - Wed 6 (2 days, degree 50 -> 1 day) are
    # reported in their own columns, not as sick absence.  Sick Thu 7 (7.4 h) costs
    # 7.4 x default 250 DKK/h when the employment has no hourly_cost (spec table).
    emp = employments({"employment_id": "E1", "employee_id": "P1", "unit_id": "U",
                       "start_date": D(2020, 1, 1)})
    out = table(employments=emp, config=MetricsConfig(default_hourly_cost=250.0), absences=absences(
        {"employment_id": "E1", "type": "barns_sygdom", "start_date": D(2024, 3, 4), "end_date": D(2024, 3, 4)},
        {"employment_id": "E1", "type": "andet", "start_date": D(2024, 3, 5), "end_date": D(2024, 3, 6),
         "degree": 50},
        {"employment_id": "E1", "start_date": D(2024, 3, 7), "end_date": D(2024, 3, 7)}))
    r = row(out)
    assert (r["barns_sygdom_days"], r["andet_days"], r["barsel_days"]) == (
        pytest.approx(1.0), pytest.approx(1.0), 0.0)
    assert r["absence_days"] == pytest.approx(1.0)
    assert r["absence_cost_dkk"] == pytest.approx(7.4 * 250)
    assert (r["spells_started"], r["spells_ended"]) == (1, 1)


def test_spell_crossing_a_year_is_classified_by_its_whole_length():
    # Wed 20 Dec 2023 - Wed 10 Jan 2024 = 22 days -> long.  January part: Tue 2 - Wed 10 Jan
    # (1 Jan is a holiday) = 7 workdays = 7 long days; started in Dec 2023, ended in Jan 2024.
    out = table(absences=absences({"employment_id": "E1", "start_date": D(2023, 12, 20),
                                   "end_date": D(2024, 1, 10)}),
                date_from=D(2023, 12, 1), date_to=D(2024, 1, 31))
    jan = row(out, start=D(2024, 1, 1))
    assert (jan["long_days"], jan["short_days"]) == (pytest.approx(7.0), 0.0)
    assert (jan["spells_started"], jan["spells_ended"]) == (0, 1)
    dec = row(out, start=D(2023, 12, 1))
    assert (dec["spells_started"], dec["open_spells"]) == (1, 1)


def test_rolling12_periods():
    # rolling12 over March 2024: one window April 2023 - March 2024 (contract "Periods").
    out = table(by="rolling12", absences=absences())
    assert out.select("period_start", "period_end").rows() == [(D(2023, 4, 1), D(2024, 3, 31))]

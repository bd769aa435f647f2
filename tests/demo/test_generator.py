"""The synthetic demo municipality: hard import constraints, determinism, CSV format, realism."""

from __future__ import annotations

import datetime as dt
import re

import numpy as np
import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from naervaer.demo.generator import ABSENCE_TYPES, DemoData, calibration, generate, write_csv

END = dt.date(2026, 10, 31)

STAFF_BY_FORVALTNING = {
    "F1": {"Social- og sundhedshjælper", "Social- og sundhedsassistent", "Sygeplejerske", "Terapeut", "Leder"},
    "F2": {"Pædagog", "Pædagogmedhjælper", "Lærer", "Leder"},
    "F3": {"Administrativ medarbejder", "Akademiker", "Håndværker", "Leder"},
}
HEADERS = {  # import-format.md
    "units.csv": ["unit_id", "name", "parent_id", "unit_type"],
    "employments.csv": ["employment_id", "employee_id", "name", "unit_id", "staff_group", "weekly_hours",
                        "start_date", "end_date", "birth_year", "gender", "hourly_cost"],
    "absences.csv": ["absence_id", "employment_id", "type", "start_date", "end_date", "degree", "hours"],
}
CPR_LIKE = re.compile(r"^\d{6}-?\d{4}$")


@pytest.fixture(scope="module")
def demo() -> DemoData:
    return generate(employees=3000, years=3, seed=1, end_date=END)


@pytest.fixture(scope="module")
def big() -> DemoData:
    return generate(employees=8000, years=3, seed=7, end_date=END)


def _period_start(end: dt.date, years: int) -> dt.date:
    try:
        d = end.replace(year=end.year - years)
    except ValueError:
        d = end.replace(year=end.year - years, day=28)
    return d + dt.timedelta(days=1)


def check_constraints(data: DemoData, *, years: int, end: dt.date) -> None:
    """Every rule the importer enforces (import-format.md), checked on the frames."""
    units, emps, abs_ = data.units, data.employments, data.absences
    p0 = _period_start(end, years)

    # --- column names and types
    assert units.columns == HEADERS["units.csv"]
    assert emps.columns == HEADERS["employments.csv"]
    assert abs_.columns == HEADERS["absences.csv"]
    assert emps.schema["start_date"] == pl.Date and emps.schema["end_date"] == pl.Date
    assert abs_.schema["start_date"] == pl.Date and abs_.schema["end_date"] == pl.Date
    assert emps.schema["weekly_hours"] == pl.Float64 and emps.schema["hourly_cost"] == pl.Float64
    assert abs_.schema["degree"].is_integer() and emps.schema["birth_year"].is_integer()

    # --- no CPR-shaped value anywhere
    for frame in (units, emps, abs_):
        for col, dtype in frame.schema.items():
            if dtype == pl.String:
                assert not frame[col].drop_nulls().str.contains(r"^\d{6}-?\d{4}$").any(), col

    # --- units: unique keys, a forest with one root, parents exist
    assert units["unit_id"].is_unique().all()
    assert units["unit_id"].str.contains(r"^K(-?[A-Z0-9]+)*$|^F\d+(-[OAT]\d+)*$").all()
    roots = units.filter(pl.col("parent_id").is_null())
    assert roots["unit_id"].to_list() == ["K"]
    assert roots["unit_type"].to_list() == ["kommune"]
    assert units["parent_id"].drop_nulls().is_in(units["unit_id"].implode()).all()
    parent = dict(zip(units["unit_id"], units["parent_id"], strict=True))
    for uid in parent:  # cycle-free: every unit reaches the root in few steps
        node, steps = uid, 0
        while node is not None:
            node, steps = parent[node], steps + 1
            assert steps < 10
    assert units["name"].str.len_chars().min() > 0

    # --- employments
    assert emps["employment_id"].is_unique().all()
    assert emps["employment_id"].str.contains(r"^A\d{7,}$").all()
    assert emps["employee_id"].str.contains(r"^P\d{6,}$").all()
    assert emps["unit_id"].is_in(units["unit_id"].implode()).all()
    assert ((emps["weekly_hours"] > 0) & (emps["weekly_hours"] <= 48)).all()
    assert emps.filter(pl.col("end_date") < pl.col("start_date")).is_empty()
    assert emps["gender"].is_in(["K", "M"]).all()
    assert emps["start_date"].max() <= end
    assert emps.filter(pl.col("end_date") < p0).is_empty()  # everyone is employed in the period
    assert emps.filter(pl.col("end_date") >= end).is_empty()  # ending after end_date means ongoing
    assert ((emps["hourly_cost"] >= 150) & (emps["hourly_cost"] <= 500)).all()
    assert emps.null_count().select(pl.exclude("end_date")).sum_horizontal().item() == 0
    last_day = pl.min_horizontal(pl.col("end_date").fill_null(end), pl.lit(end))
    first_day = pl.max_horizontal(pl.col("start_date"), pl.lit(p0))
    ages = emps.select(
        lo=first_day.dt.year() - pl.col("birth_year"), hi=last_day.dt.year() - pl.col("birth_year")
    )
    assert ages["lo"].min() >= 20 and ages["hi"].max() <= 67
    per_person = emps.group_by("employee_id").agg(
        pl.col("name").n_unique(), pl.col("birth_year").n_unique(), pl.col("gender").n_unique()
    )
    assert (per_person.select(pl.exclude("employee_id")) == 1).to_numpy().all()
    forv = emps["unit_id"].str.split("-").list.first()
    for f, groups in STAFF_BY_FORVALTNING.items():
        assert set(emps.filter(forv == f)["staff_group"].unique()) <= groups

    # --- absences
    assert abs_["absence_id"].is_unique().all()
    assert abs_["absence_id"].str.contains(r"^F\d{8,}$").all()
    assert abs_["type"].is_in(list(ABSENCE_TYPES)).all()
    assert ((abs_["degree"] >= 1) & (abs_["degree"] <= 100)).all()
    assert abs_["degree"].null_count() == 0
    assert (abs_["hours"].drop_nulls() > 0).all()
    assert abs_.filter(pl.col("end_date") < pl.col("start_date")).is_empty()
    assert abs_["start_date"].min() is None or abs_["start_date"].min() >= p0
    assert abs_["end_date"].max() is None or abs_["end_date"].max() <= end
    assert abs_["start_date"].max() is None or abs_["start_date"].max() <= end
    j = abs_.join(
        emps.select("employment_id", es="start_date", ee="end_date"), on="employment_id", how="left"
    )
    assert j["es"].null_count() == 0  # employment exists
    assert j.filter(pl.col("start_date") < pl.col("es")).is_empty()
    assert j.filter(pl.col("ee").is_not_null() & (pl.col("end_date") > pl.col("ee"))).is_empty()
    assert j.filter(pl.col("ee").is_not_null() & pl.col("end_date").is_null()).is_empty()
    assert abs_.filter((pl.col("type") == "ferie") & pl.col("end_date").is_null()).is_empty()
    # no two records of one employment overlap (stronger than the import rule)
    ov = (
        abs_.select("employment_id", "start_date", e=pl.col("end_date").fill_null(end))
        .sort("employment_id", "start_date")
        .with_columns(prev=pl.col("e").cum_max().shift(1).over("employment_id"))
    )
    assert ov.filter(pl.col("start_date") <= pl.col("prev")).is_empty()


def test_constraints_default(demo: DemoData) -> None:
    check_constraints(demo, years=3, end=END)


def test_period_and_volumes(demo: DemoData) -> None:
    assert demo.absences["start_date"].min() >= dt.date(2023, 11, 1)
    assert demo.absences["start_date"].min() <= dt.date(2023, 11, 7)
    per_year = len(demo.absences) / (3000 * 3)
    assert 3.0 <= per_year <= 4.3
    counts = dict(demo.absences["type"].value_counts().iter_rows())
    assert set(counts) == set(ABSENCE_TYPES)
    assert 1.3 <= counts["ferie"] / 9000 <= 2.0
    assert 1.2 <= counts["egen_sygdom"] / 9000 <= 1.9


def test_organisation(demo: DemoData) -> None:
    u = demo.units
    assert 50 <= len(u) <= 75
    assert dict(u.group_by("unit_type").len().iter_rows())["forvaltning"] == 3
    assert set(u["unit_type"]) == {"kommune", "forvaltning", "område", "afdeling"}
    assert set(u.filter(pl.col("unit_type") == "forvaltning")["name"]) == {
        "Ældre og Sundhed", "Børn og Unge", "Teknik og Administration"}
    # people sit in leaves (and a few område leaders)
    leaves = set(u["unit_id"]) - set(u["parent_id"].drop_nulls())
    start = END - dt.timedelta(days=1)
    active = demo.employments.filter(pl.col("end_date").is_null() | (pl.col("end_date") >= start))
    sizes = active.filter(pl.col("unit_id").is_in(list(leaves))).group_by("unit_id").len()["len"]
    assert active["unit_id"].is_in(list(leaves)).mean() > 0.97
    assert 40 <= sizes.median() <= 80
    assert sizes.min() >= 20 and sizes.max() <= 130


def test_large_organisation_has_team_level() -> None:
    d = generate(employees=60_000, years=1, seed=3, end_date=END)
    types = dict(d.units.group_by("unit_type").len().iter_rows())
    assert types["team"] > 500 and types["afdeling"] > 100 and types["område"] > 10
    assert d.units["unit_id"].str.len_chars().max() <= 16


def test_people(demo: DemoData) -> None:
    e = demo.employments
    assert e["name"].str.contains(r"^[A-ZÆØÅ][a-zæøå]+( [A-ZÆØÅ][a-zæøå]+)+$").all()
    forv = e["unit_id"].str.split("-").list.first()
    women = e.with_columns(f=forv).group_by("f").agg((pl.col("gender") == "K").mean()).sort("f")
    share = dict(women.iter_rows())
    assert share["F1"] > 0.75 and share["F2"] > 0.65 and 0.3 < share["F3"] < 0.75
    hours = e.with_columns(f=forv).group_by("staff_group").agg((pl.col("weekly_hours") == 37).mean())
    full = dict(hours.iter_rows())
    assert full["Social- og sundhedshjælper"] < 0.5 and full["Administrativ medarbejder"] > 0.7
    cost = dict(e.group_by("staff_group").agg(pl.col("hourly_cost").mean()).iter_rows())
    assert min(cost.values()) >= 200 and max(cost.values()) <= 420
    assert cost["Leder"] > cost["Social- og sundhedshjælper"]


def test_turnover_transfers_and_second_jobs(demo: DemoData) -> None:
    e = demo.employments.sort("employee_id", "start_date")
    ended = e.filter(pl.col("end_date").is_not_null())
    per_year = len(ended) / 3 / 3000
    assert 0.08 <= per_year <= 0.2
    assert e.filter(pl.col("start_date") > dt.date(2023, 11, 1)).height / 3 / 3000 > 0.07  # hires
    nxt = e.with_columns(
        ns=pl.col("start_date").shift(-1).over("employee_id"),
        nu=pl.col("unit_id").shift(-1).over("employee_id"),
    )
    transfers = nxt.filter((pl.col("ns") == pl.col("end_date") + pl.duration(days=1)) & (pl.col("nu") != pl.col("unit_id")))
    assert len(transfers) >= 20
    concurrent = nxt.filter(pl.col("ns") <= pl.col("end_date").fill_null(END))
    assert 5 <= len(concurrent) <= 300
    assert (concurrent["weekly_hours"] <= 32).all()


def test_sick_spell_shape(big: DemoData) -> None:
    s = big.absences.filter(pl.col("type") == "egen_sygdom").with_columns(
        days=(pl.col("end_date").fill_null(END) - pl.col("start_date")).dt.total_days() + 1,
        dow=pl.col("start_date").dt.weekday(),
        month=pl.col("start_date").dt.month(),
    )
    days = s["days"]
    assert 0.55 <= (days <= 3).mean() <= 0.8
    assert (days >= 57).sum() > 0.01 * len(s)
    assert days.max() >= 150
    dow = dict(s.group_by("dow").len().iter_rows())
    assert dow[1] > 1.3 * dow[3]  # Monday starts more common than Wednesday
    assert dow[6] < 0.5 * dow[3]
    month = dict(s.group_by("month").len().iter_rows())
    assert month[2] > 1.3 * month[7]  # flu season vs summer
    assert (s["degree"] < 100).sum() > 0.01 * len(s)  # partial sick leave
    assert big.absences.filter(pl.col("end_date").is_null()).height > 0  # spells running at end_date
    assert big.absences["hours"].drop_nulls().len() > 0
    assert big.absences["hours"].null_count() > 0.95 * len(big.absences)
    other = big.absences.filter(pl.col("type") == "barns_sygdom")
    assert ((other["end_date"] - other["start_date"]).dt.total_days() <= 1).all()
    barsel = big.absences.filter(pl.col("type") == "barsel")
    long_barsel = (barsel["end_date"].fill_null(END) - barsel["start_date"]).dt.total_days()
    assert (long_barsel > 200).sum() >= 5
    ferie = big.absences.filter(pl.col("type") == "ferie")
    summer = ferie.filter(pl.col("start_date").dt.month().is_in([6, 7, 8]))
    assert len(summer) > 0.5 * len(ferie)
    assert (summer["start_date"].dt.weekday() == 1).mean() > 0.99  # second jobs may clip a block


def test_calibration(big: DemoData) -> None:
    cal = calibration(big, dt.date(2025, 1, 1), dt.date(2025, 12, 31))
    c = {r["forvaltning"]: r for r in cal.iter_rows(named=True)}
    assert 4.5 <= c["F1"]["sick_pct"] <= 8.5  # eldercare
    assert 3.5 <= c["F2"]["sick_pct"] <= 7.0  # children
    assert 1.5 <= c["F3"]["sick_pct"] <= 4.5  # teknik/administration
    assert c["F3"]["sick_pct"] < c["F2"]["sick_pct"] < c["F1"]["sick_pct"] + 0.5
    assert c["F3"]["sick_pct"] < c["F1"]["sick_pct"] - 2
    assert 10 <= c["F1"]["sick_days_per_employee"] <= 19
    assert 30 <= c["*"]["top5_share_pct"] <= 50  # KRL: the top 5 % carry ~40 % of sick days
    assert 20 <= c["*"]["share_without_pct"] <= 40


def test_unit_level_differences(big: DemoData) -> None:
    """A few leaf units stand out clearly (unit multiplier), so benchmarks have something to find."""
    cal_rows = []
    e = big.employments.filter(pl.col("unit_id").str.starts_with("F1"))
    for uid in e["unit_id"].unique().sort().to_list()[:200]:
        sub = DemoData(big.units, e.filter(pl.col("unit_id") == uid),
                       big.absences.join(e.filter(pl.col("unit_id") == uid).select("employment_id"),
                                         on="employment_id"))
        cal_rows.append(calibration(sub, dt.date(2024, 1, 1), dt.date(2025, 12, 31))["sick_pct"][-1])
    pct = np.array(cal_rows)
    assert pct.max() > 1.5 * np.median(pct)


def test_deterministic(tmp_path) -> None:
    a = generate(employees=700, years=2, seed=5, end_date=END)
    b = generate(employees=700, years=2, seed=5, end_date=END)
    c = generate(employees=700, years=2, seed=6, end_date=END)
    for x, y in ((a.units, b.units), (a.employments, b.employments), (a.absences, b.absences)):
        assert x.equals(y)
    assert not a.absences.equals(c.absences)
    assert not a.employments.equals(c.employments)
    pa = write_csv(a, tmp_path / "a")
    pb = write_csv(b, tmp_path / "b")
    assert [p.name for p in pa] == ["units.csv", "employments.csv", "absences.csv"]
    for x, y in zip(pa, pb, strict=True):
        assert x.read_bytes() == y.read_bytes()


def test_csv_round_trip(demo: DemoData, tmp_path) -> None:
    paths = write_csv(demo, tmp_path)
    for path, frame in zip(paths, (demo.units, demo.employments, demo.absences), strict=True):
        raw = path.read_bytes()
        assert not raw.startswith(b"\xef\xbb\xbf")
        raw.decode("utf-8")
        header = raw.split(b"\n", 1)[0].decode()
        assert header.split(",") == HEADERS[path.name]
        text = pl.read_csv(path, infer_schema=False)
        assert text.columns == HEADERS[path.name]
        assert len(text) == len(frame)
        for col, dtype in frame.schema.items():
            if dtype == pl.Date:
                assert text[col].drop_nulls().str.contains(r"^\d{4}-\d{2}-\d{2}$").all()
            if dtype.is_float():
                assert not text[col].drop_nulls().str.contains(",").any()
        back = pl.read_csv(path, schema=frame.schema)
        assert back.equals(frame)
    # empty cell for null: the root's parent and open end dates
    units_text = paths[0].read_text(encoding="utf-8").splitlines()
    assert units_text[1] == "K,Demo Kommune,,kommune"


@settings(max_examples=15, deadline=None)
@given(
    employees=st.integers(min_value=10, max_value=400),
    years=st.integers(min_value=1, max_value=5),
    seed=st.integers(min_value=0, max_value=2**32 - 1),
    end=st.dates(min_value=dt.date(2019, 1, 1), max_value=dt.date(2031, 12, 31)),
)
def test_constraints_property(employees: int, years: int, seed: int, end: dt.date) -> None:
    data = generate(employees=employees, years=years, seed=seed, end_date=end)
    check_constraints(data, years=years, end=end)
    assert len(data.employments) >= employees


def test_rejects_bad_arguments() -> None:
    with pytest.raises(ValueError):
        generate(employees=0, years=3, end_date=END)
    with pytest.raises(ValueError):
        generate(employees=100, years=0, end_date=END)

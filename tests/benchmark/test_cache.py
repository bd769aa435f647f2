"""The benchmark cache: one fit per data version and window, shared by every set of
compared units, and rebuilt when the data changes."""

from __future__ import annotations

import datetime as dt

import pytest

from naervaer.benchmark import cache, selectors
from naervaer.metrics.cube import MANIFEST, Manifest
from tests.factories import make_absence

WINDOW = {"window_start": dt.date(2024, 1, 1), "window_end": dt.date(2024, 12, 31),
          "as_of": dt.date(2024, 12, 31)}


def counting_builds(monkeypatch):  # type: ignore[no-untyped-def]
    calls = []
    real = selectors.benchmark_inputs

    def counted():  # type: ignore[no-untyped-def]
        calls.append(1)
        return real()

    monkeypatch.setattr(selectors, "benchmark_inputs", counted)
    return calls


def test_the_fit_is_shared_by_every_comparison_in_the_same_window(bench_org, monkeypatch) -> None:
    calls = counting_builds(monkeypatch)
    siblings = selectors.run_benchmark(compare=["PL", "AD", "LI"], **WINDOW)
    one = selectors.run_benchmark(compare=["PL"], **WINDOW)
    assert len(calls) == 1
    assert one.fit is siblings.fit
    # A unit's own figures do not depend on whom it is compared with (ranks do).
    columns = ["actual_days", "expected_days", "sar", "sar_low", "sar_high"]
    assert one.table.select(columns).row(0) == pytest.approx(siblings.table.filter(
        siblings.table["unit_id"] == "PL").select(columns).row(0), rel=1e-12)
    selectors.run_benchmark(compare=["PL"], reference="own", unit_type=True, **WINDOW)
    assert len(calls) == 2  # other covariates: another fit


def test_new_data_gives_a_new_fit(bench_org, monkeypatch, settings) -> None:
    calls = counting_builds(monkeypatch)
    before = selectors.run_benchmark(compare=["PL", "AD"], **WINDOW)
    # A full-time job: 15 workdays are 15 days (a 32-hour job's would be 15 × 32/37). The
    # first by the model's order depends on the factories' running numbers.
    job = bench_org.admin.employments.filter(weekly_hours=37).first()
    make_absence(employment=job, start_date=dt.date(2024, 11, 4), end_date=dt.date(2024, 11, 22))
    # The import's cube refresh writes a new build time.
    (settings.NAERVAER_CUBE_DIR / MANIFEST).write_text(Manifest(
        WINDOW["as_of"], dt.date(2023, 1, 1), WINDOW["as_of"], "2025-01-02T08:00:00", {}).to_json())
    after = selectors.run_benchmark(compare=["PL", "AD"], **WINDOW)
    assert len(calls) == 2
    actual = dict(zip(after.table["unit_id"], after.table["actual_days"], strict=True))
    earlier = dict(zip(before.table["unit_id"], before.table["actual_days"], strict=True))
    assert actual["AD"] == earlier["AD"] + 15


def test_the_cache_keeps_a_bounded_number_of_windows(bench_org) -> None:
    for month in range(1, cache.ENTRIES + 3):
        selectors.run_benchmark(compare=["PL"], window_start=dt.date(2023, month, 1),
                                window_end=dt.date(2024, 12, 31), as_of=dt.date(2024, 12, 31))
    assert len(cache._entries) == cache.ENTRIES

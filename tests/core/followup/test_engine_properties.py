"""Properties of the follow-up engine on generated spells."""

from __future__ import annotations

import datetime as dt

import polars as pl
from hypothesis import given, settings
from hypothesis import strategies as st

from naervaer.core.followup.engine import SPELL_SCHEMA, derive_tasks
from naervaer.core.followup.presets import PRESETS

BASE = dt.date(2025, 1, 1)
KEY = ["employee_id", "spell_start", "code", "seq"]


@st.composite
def histories(draw):  # type: ignore[no-untyped-def]
    """True spells of a few employees (first day, last day; None = still open today),
    separated by at least one workday week so that they are distinct spells."""
    rows = []
    for employee in range(draw(st.integers(1, 3))):
        day = draw(st.integers(0, 30))
        for _ in range(draw(st.integers(1, 6))):
            length = draw(st.integers(1, 90))
            rows.append((f"E{employee}", BASE + dt.timedelta(days=day),
                         BASE + dt.timedelta(days=day + length - 1)))
            day += length + draw(st.integers(8, 120))
    return rows


def spells_at(rows, as_of):  # type: ignore[no-untyped-def]
    """The spells as known on ``as_of``: later ones unknown, running ones open."""
    known = [(employee, "U", start, min(end, as_of), end >= as_of)
             for employee, start, end in rows if start <= as_of]
    return pl.DataFrame(known, schema=SPELL_SCHEMA, orient="row")


def keys(tasks: pl.DataFrame) -> set[tuple]:  # type: ignore[type-arg]
    return set(tasks.select(KEY).iter_rows())


@settings(max_examples=40, deadline=None)
@given(histories(), st.integers(30, 500), st.sampled_from(sorted(PRESETS)))
def test_deterministic_and_tasks_never_precede_their_spell(rows, offset, preset):
    as_of = BASE + dt.timedelta(days=offset)
    policies = {"U": [PRESETS[preset]]}
    first = derive_tasks(spells=spells_at(rows, as_of), unit_policies=policies, as_of=as_of)
    second = derive_tasks(spells=spells_at(rows, as_of), unit_policies=policies, as_of=as_of)
    assert first.equals(second)
    assert first.filter(pl.col("trigger_date") < pl.col("spell_start")).is_empty()
    assert first.filter(pl.col("trigger_date") > as_of).is_empty()
    assert first.filter(pl.col("due_date") < pl.col("trigger_date")).is_empty()
    assert first.select(KEY).is_duplicated().sum() == 0


@settings(max_examples=30, deadline=None)
@given(histories(), st.integers(30, 400), st.integers(1, 60), st.sampled_from(sorted(PRESETS)))
def test_a_later_run_keeps_every_earlier_task_with_the_same_dates(rows, offset, step, preset):
    """What a daily run created is still there (same trigger and due date) when the
    engine runs days later: catching up loses and duplicates nothing."""
    early = BASE + dt.timedelta(days=offset)
    late = early + dt.timedelta(days=step)
    policies = {"U": [PRESETS[preset]]}
    before = derive_tasks(spells=spells_at(rows, early), unit_policies=policies, as_of=early)
    after = derive_tasks(spells=spells_at(rows, late), unit_policies=policies, as_of=late)
    assert keys(before) <= keys(after)
    joined = before.join(after, on=KEY, suffix="_late")
    assert joined.filter((pl.col("trigger_date") != pl.col("trigger_date_late"))
                         | (pl.col("due_date") != pl.col("due_date_late"))).is_empty()
    # a task that was done or not needed does not reopen
    settled = joined.filter(pl.col("status").is_in(["not_needed"]))
    assert settled.filter(pl.col("status_late").is_in(["open"])).is_empty()


@settings(max_examples=30, deadline=None)
@given(histories(), st.integers(60, 400))
def test_day_by_day_equals_once_for_the_last_day(rows, offset):
    """Running every day and keeping the union of tasks gives the same keys as one run
    on the last day."""
    policies = {"U": [PRESETS["eldercare"]]}
    last = BASE + dt.timedelta(days=offset)
    union: set[tuple] = set()  # type: ignore[type-arg]
    for day in range(0, offset + 1, 7):
        as_of = BASE + dt.timedelta(days=day)
        union |= keys(derive_tasks(spells=spells_at(rows, as_of), unit_policies=policies, as_of=as_of))
    once = keys(derive_tasks(spells=spells_at(rows, last), unit_policies=policies, as_of=last))
    assert union <= once

"""The follow-up engine (spec/followup.md): from spells, the policies in force and what
has been recorded, every task with trigger date, due date and status at a date.

Pure and deterministic: the same inputs give the same tasks, so running it twice
changes nothing and running it after days of downtime gives each task once. Tasks are
derived in full on every run; the Django layer stores them by their key
(employee_id, spell_start, code, seq).

Decisions where the spec is silent (docs/followup.md):
- A step on day N triggers on ``spell_start + N - 1``; it is created only if the spell
  is still open that day and the day has come (``<= as_of``).
- When the employee returns, open tasks become ``not_needed``; a task whose due date
  had already passed while the employee was still sick stays ``overdue`` (it was
  missed, and compliance must say so).
- ``sick_workdays`` counts workdays from the first day (within a spell every workday is
  a sick day, so the N-th workday of the spell is its N-th sick workday).
- Frequent-absence triggers count spells with a day in the window and distinct sick
  workdays in it (as the person figures do); a task is created on the first day the
  trigger holds, then again only when it holds at least a window later.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence

import numpy as np
import polars as pl

from naervaer.core.calendar import holidays_for_range
from naervaer.core.followup.policy import FrequentTrigger, PolicyVersion, Step

TASK_COLUMNS = ["employee_id", "unit_id", "spell_start", "code", "seq", "source", "policy",
                "title", "action", "responsible", "trigger_date", "due_date", "notice_date",
                "status", "done_date"]
STATUSES = ("open", "overdue", "done", "waived", "not_needed")
EIGHT_WEEKS = 56

LEGAL_TITLES = {
    "legal_conversation": "Sygefraværssamtale efter sygedagpengeloven § 7a",
    "municipality_notice": "Anmeld sygefraværet til kommunen (efter arbejdsgiverperioden)",
    "retention_plan_option": "Tilbyd / udarbejd fastholdelsesplan (§ 7b)",
    "fast_track_option": "Overvej anmodning om fast track (§ 7c)",
}
LEGAL_ACTIONS = {"legal_conversation": "conversation", "municipality_notice": "other",
                 "retention_plan_option": "conversation", "fast_track_option": "jobcenter"}

SPELL_SCHEMA = {"employee_id": pl.String, "unit_id": pl.String, "spell_start": pl.Date,
                "spell_end": pl.Date, "is_open": pl.Boolean}
EVENT_SCHEMA = {"employee_id": pl.String, "spell_start": pl.Date, "code": pl.String,
                "seq": pl.Int32, "status": pl.String, "date": pl.Date}
FACT_SCHEMA = {"employee_id": pl.String, "spell_start": pl.Date, "kind": pl.String,
               "date": pl.Date, "value_date": pl.Date}
FACT_KINDS = ("retention_plan", "retention_plan_requested", "expected_return", "risk_high")


def empty_events() -> pl.DataFrame:
    return pl.DataFrame(schema=EVENT_SCHEMA)


def empty_facts() -> pl.DataFrame:
    return pl.DataFrame(schema=FACT_SCHEMA)


def _empty_tasks() -> pl.DataFrame:
    return pl.DataFrame(schema={
        "employee_id": pl.String, "unit_id": pl.String, "spell_start": pl.Date, "code": pl.String,
        "seq": pl.Int32, "source": pl.String, "policy": pl.String, "title": pl.String,
        "action": pl.String, "responsible": pl.String, "trigger_date": pl.Date,
        "due_date": pl.Date, "notice_date": pl.Date, "status": pl.String, "done_date": pl.Date})


def derive_tasks(*, spells: pl.DataFrame, unit_policies: Mapping[str, Sequence[PolicyVersion]],
                 as_of: dt.date, events: pl.DataFrame | None = None,
                 facts: pl.DataFrame | None = None, extra_days_off: Sequence[str] = (),
                 since: dt.date | None = None) -> pl.DataFrame:
    """Every task at ``as_of``.

    ``spells``: one row per sick-absence spell (``SPELL_SCHEMA``; ``spell_end`` is the
    last day, or ``as_of`` for an open spell). ``unit_policies``: the policy versions in
    force for each unit (inheritance already resolved); a unit without one has the legal
    duties only. ``events``: tasks marked ``done`` or ``waived`` (``EVENT_SCHEMA``).
    ``facts``: what the case records (``FACT_SCHEMA``: a retention plan made, requested,
    an expected return date, a high-risk screening). ``since``: tasks triggered before
    this day are not created (the history before the system was taken into use)."""
    events = events if events is not None else empty_events()
    facts = facts if facts is not None else empty_facts()
    spells = spells.filter(pl.col("spell_start") <= as_of).with_columns(
        pl.when(pl.col("is_open")).then(pl.lit(as_of)).otherwise(
            pl.min_horizontal("spell_end", pl.lit(as_of))).alias("spell_end"))
    if spells.is_empty():
        return _empty_tasks()
    spells, versions = _with_versions(spells, unit_policies)
    parts = [_legal_tasks(spells, facts, as_of, versions),
             *_step_tasks(spells, facts, as_of, extra_days_off, versions),
             _frequent_tasks(spells, as_of, extra_days_off, versions)]
    if since is not None:
        parts = [part.filter(pl.col("trigger_date") >= since) for part in parts]
    parts = [part for part in parts if not part.is_empty()]
    if not parts:
        return _empty_tasks()
    return _with_status(pl.concat(parts, how="diagonal_relaxed"), events, as_of, versions)


# --- policy versions --------------------------------------------------------------------

def _with_versions(spells: pl.DataFrame, unit_policies: Mapping[str, Sequence[PolicyVersion]]
                   ) -> tuple[pl.DataFrame, list[PolicyVersion]]:
    """Each spell's policy version (the one in force on its first day) as an index into
    the returned list of distinct versions, -1 for none."""
    versions: list[PolicyVersion] = []
    rows = []
    for unit_id, unit_versions in unit_policies.items():
        for version in unit_versions:
            if version not in versions:
                versions.append(version)
            rows.append((unit_id, version.effective_from, versions.index(version)))
    if not rows:
        return spells.with_columns(version=pl.lit(-1, pl.Int32)), versions
    table = pl.DataFrame(rows, schema={"unit_id": pl.String, "effective_from": pl.Date,
                                       "version": pl.Int32}, orient="row").sort("effective_from")
    joined = spells.with_row_index("_row").sort("spell_start").join_asof(
        table, left_on="spell_start", right_on="effective_from", by="unit_id", strategy="backward",
        check_sortedness=False)  # both sides are sorted on the date; polars cannot check by group
    return joined.sort("_row").drop("_row", "effective_from").with_columns(
        pl.col("version").fill_null(-1)), versions


# --- legal duties -----------------------------------------------------------------------

def _days(column: str, days: pl.Expr | int) -> pl.Expr:
    return pl.col(column) + pl.duration(days=days)


def _legal_tasks(spells: pl.DataFrame, facts: pl.DataFrame, as_of: dt.date,
                 versions: list[PolicyVersion]) -> pl.DataFrame:
    day_of_version = {-1: 8, **{index: version.legal_conversation_day
                                for index, version in enumerate(versions)}}
    base = spells.with_columns(
        pl.col("version").replace_strict(day_of_version, return_dtype=pl.Int64).alias("legal_day"))
    conversation = base.with_columns(
        code=pl.lit("legal_conversation"),
        trigger_date=_days("spell_start", pl.col("legal_day") - 1),
        due_date=_days("spell_start", 28))
    notice = base.with_columns(code=pl.lit("municipality_notice"),
                               trigger_date=_days("spell_start", 30), due_date=_days("spell_start", 35))
    # Retention plan: day 57, or earlier when a long return is expected or the employee asks.
    keyed = facts.join(spells.select("employee_id", "spell_start"), on=["employee_id", "spell_start"])
    long_expected = keyed.filter((pl.col("kind") == "expected_return")
                                 & (pl.col("value_date") > _days("spell_start", EIGHT_WEEKS)))
    requested = keyed.filter(pl.col("kind") == "retention_plan_requested")
    risk = keyed.filter(pl.col("kind") == "risk_high")
    early_plan = pl.concat([long_expected, requested]).group_by("employee_id", "spell_start").agg(
        pl.col("date").min().alias("early"))
    plan = base.join(early_plan, on=["employee_id", "spell_start"], how="left").with_columns(
        code=pl.lit("retention_plan_option"),
        trigger_date=pl.min_horizontal("early", _days("spell_start", EIGHT_WEEKS)))
    plan = plan.with_columns(due_date=_days("trigger_date", 7)).drop("early")
    fast = pl.concat([long_expected.filter(pl.col("date") < _days("spell_start", EIGHT_WEEKS)), risk])
    fast = fast.group_by("employee_id", "spell_start").agg(pl.col("date").min().alias("trigger_date"))
    fast_track = base.join(fast, on=["employee_id", "spell_start"]).with_columns(
        code=pl.lit("fast_track_option"), due_date=_days("trigger_date", 7))
    columns = [*SPELL_SCHEMA, "version", "code", "trigger_date", "due_date"]
    tasks = pl.concat([part.select(columns) for part in (conversation, notice, plan, fast_track)])
    tasks = tasks.filter((pl.col("trigger_date") <= pl.col("spell_end"))
                         & (pl.col("trigger_date") <= as_of))
    return tasks.with_columns(
        seq=pl.lit(0, pl.Int32), source=pl.lit("legal"),
        title=pl.col("code").replace_strict(LEGAL_TITLES, return_dtype=pl.String),
        action=pl.col("code").replace_strict(LEGAL_ACTIONS, return_dtype=pl.String),
        responsible=pl.lit("leader"))


# --- policy steps -----------------------------------------------------------------------

def _nth_workday(starts: np.ndarray, n: int, days_off: np.ndarray) -> np.ndarray:
    """The n-th workday counting from each start (the start itself if it is one)."""
    return np.busday_offset(starts.astype("datetime64[D]"), n - 1, roll="forward", holidays=days_off)


def _step_tasks(spells: pl.DataFrame, facts: pl.DataFrame, as_of: dt.date,
                extra_days_off: Sequence[str], versions: list[PolicyVersion]) -> list[pl.DataFrame]:
    parts: list[pl.DataFrame] = []
    plans = facts.filter(pl.col("kind") == "retention_plan").group_by(
        "employee_id", "spell_start").agg(pl.col("date").min().alias("plan_date"))
    for index, version in enumerate(versions):
        chosen = spells.filter(pl.col("version") == index)
        if chosen.is_empty():
            continue
        chosen = chosen.join(plans, on=["employee_id", "spell_start"], how="left")
        for step in version.steps:
            part = _occurrences(chosen, step, as_of, extra_days_off)
            if part.is_empty():
                continue
            if step.condition:
                has_plan = pl.col("plan_date").is_not_null() & (pl.col("plan_date") <= pl.col("trigger_date"))
                part = part.filter(has_plan if step.condition == "retention_plan" else ~has_plan)
            parts.append(part.drop("plan_date").with_columns(
                code=pl.lit(step.code), source=pl.lit("policy"), policy=pl.lit(version.name),
                title=pl.lit(step.title), action=pl.lit(step.action),
                responsible=pl.lit(step.responsible),
                due_date=_days("trigger_date", step.due_days),
                notice_lead=pl.lit(version.notice_lead_days)))
    return parts


def _occurrences(spells: pl.DataFrame, step: Step, as_of: dt.date,
                 extra_days_off: Sequence[str]) -> pl.DataFrame:
    """The spells' occurrences of ``step`` whose trigger day has come while it held."""
    if step.after_return:
        ended = spells.filter(~pl.col("is_open") & (pl.col("spell_end") < as_of)
                              & ((pl.col("spell_end") - pl.col("spell_start")).dt.total_days() + 1
                                 >= step.min_spell_days))
        return ended.with_columns(trigger_date=_days("spell_end", step.day),
                                  seq=pl.lit(0, pl.Int32)).filter(pl.col("trigger_date") <= as_of)
    if step.count == "sick_workdays":
        starts = spells["spell_start"].to_numpy()
        first, last = spells["spell_start"].min(), as_of
        days_off = holidays_for_range(first, last + dt.timedelta(days=3 * step.day + 10),  # type: ignore[arg-type, operator]
                                      extra_days_off)
        first_trigger = pl.Series(_nth_workday(starts, step.day, days_off)).cast(pl.Date)
    else:
        first_trigger = spells["spell_start"] + dt.timedelta(days=step.day - 1)
    spells = spells.with_columns(first_trigger=first_trigger).with_columns(
        last_possible=pl.min_horizontal("spell_end", pl.lit(as_of)))
    spells = spells.filter(pl.col("first_trigger") <= pl.col("last_possible"))
    if step.repeat_every is None:
        return spells.with_columns(trigger_date=pl.col("first_trigger"), seq=pl.lit(0, pl.Int32)
                                   ).drop("first_trigger", "last_possible")
    count = ((pl.col("last_possible") - pl.col("first_trigger")).dt.total_days()
             // step.repeat_every + 1)
    return (spells.with_columns(seq=pl.int_ranges(0, count, dtype=pl.Int32)).explode("seq")
            .with_columns(trigger_date=pl.col("first_trigger")
                          + pl.duration(days=pl.col("seq") * step.repeat_every))
            .drop("first_trigger", "last_possible"))


# --- frequent absence -------------------------------------------------------------------

def _frequent_tasks(spells: pl.DataFrame, as_of: dt.date, extra_days_off: Sequence[str],
                    versions: list[PolicyVersion]) -> pl.DataFrame:
    triggers = {(index, trigger) for index, version in enumerate(versions)
                for trigger in version.triggers}
    if not triggers:
        return _empty_tasks()
    days = _sick_days(spells, extra_days_off)
    parts = []
    for index, trigger in sorted(triggers, key=lambda pair: (pair[0], pair[1].code)):
        reached = _reached_days(days, trigger)
        # Only where the spell of that day follows this version.
        reached = reached.filter(pl.col("version") == index)
        picks = _once_per_window(reached, trigger.window_days)
        if picks.is_empty():
            continue
        parts.append(picks.with_columns(
            code=pl.lit(trigger.code), source=pl.lit("frequent"), policy=pl.lit(versions[index].name),
            title=pl.lit(trigger.title), action=pl.lit("conversation"), responsible=pl.lit("leader"),
            due_date=_days("trigger_date", trigger.due_days),
            notice_lead=pl.lit(versions[index].notice_lead_days)))
    return pl.concat(parts) if parts else _empty_tasks()


def _sick_days(spells: pl.DataFrame, extra_days_off: Sequence[str]) -> pl.DataFrame:
    """One row per calendar day of every spell: employee, day, spell, workday flag."""
    days = spells.select("employee_id", "unit_id", "spell_start", "spell_end", "is_open", "version",
                         pl.date_ranges("spell_start", "spell_end").alias("day")).explode("day")
    first, last = days["day"].min(), days["day"].max()
    days_off = holidays_for_range(first, last, extra_days_off)  # type: ignore[arg-type]
    workday = np.is_busday(days["day"].to_numpy().astype("datetime64[D]"), holidays=days_off)
    return days.with_columns(workday=pl.Series(workday)).sort("employee_id", "day")


def _reached_days(days: pl.DataFrame, trigger: FrequentTrigger) -> pl.DataFrame:
    """The sick days on which the trigger holds, with that day's spell."""
    window = days.rolling(index_column="day", period=f"{trigger.window_days}d",
                          group_by="employee_id").agg(
        pl.col("spell_start").n_unique().alias("spells_in_window"),
        pl.col("workday").sum().alias("days_in_window"))
    days = days.with_columns(window.select("spells_in_window", "days_in_window"))
    spells_hit = (pl.col("spells_in_window") >= trigger.spells) if trigger.spells else None
    if trigger.days is None:
        days_hit = None
    elif trigger.days_mode == "consecutive":
        days_hit = (pl.col("day") - pl.col("spell_start")).dt.total_days() + 1 >= trigger.days
    else:
        days_hit = pl.col("days_in_window") >= trigger.days
    hits = [hit for hit in (spells_hit, days_hit) if hit is not None]
    condition = hits[0]
    for hit in hits[1:]:
        condition = (condition | hit) if trigger.combine == "or" else (condition & hit)
    return days.filter(condition).select("employee_id", "unit_id", "spell_start", "spell_end",
                                         "is_open", "version", pl.col("day").alias("trigger_date"))


def _once_per_window(reached: pl.DataFrame, window_days: int) -> pl.DataFrame:
    """The first reached day of each employee, then the first at least a window after the
    previous pick, and so on (rounds over all employees at once)."""
    picks = []
    remaining = reached.sort("employee_id", "trigger_date")
    while not remaining.is_empty():
        first = remaining.group_by("employee_id", maintain_order=True).first()
        picks.append(first)
        remaining = remaining.join(first.select("employee_id", pl.col("trigger_date").alias("_picked")),
                                   on="employee_id").filter(
            pl.col("trigger_date") >= pl.col("_picked") + pl.duration(days=window_days)).drop("_picked")
    picked = pl.concat(picks) if picks else reached.head(0)
    return picked.with_columns(seq=(pl.col("trigger_date").rank("ordinal").over(
        "employee_id", "spell_start") - 1).cast(pl.Int32))


# --- status -----------------------------------------------------------------------------

def _with_status(tasks: pl.DataFrame, events: pl.DataFrame, as_of: dt.date,
                 versions: list[PolicyVersion]) -> pl.DataFrame:
    events = events.filter(pl.col("date") <= as_of).sort("date").unique(
        ["employee_id", "spell_start", "code", "seq"], keep="last")
    recorded = events.select("employee_id", "spell_start", "code", "seq",
                             pl.col("status").alias("recorded"), pl.col("date").alias("done_date"))
    tasks = tasks.drop("done_date", strict=False).join(
        recorded, on=["employee_id", "spell_start", "code", "seq"], how="left")
    returned = ~pl.col("is_open") & (pl.col("spell_end") < as_of)
    # Due while the employee was still sick, and not done: missed, whatever happened after.
    missed = pl.col("due_date") < pl.min_horizontal(pl.col("spell_end") + pl.duration(days=1),
                                                     pl.lit(as_of))
    after_return_or_frequent = pl.col("source").eq("frequent") | pl.col("code").is_in(
        [step.code for version in versions for step in version.steps if step.after_return])
    status = (
        pl.when(pl.col("recorded").is_not_null()).then(pl.col("recorded"))
        .when(after_return_or_frequent).then(
            pl.when(pl.col("due_date") < as_of).then(pl.lit("overdue")).otherwise(pl.lit("open")))
        .when(returned & ~missed).then(pl.lit("not_needed"))
        .when(pl.col("due_date") < as_of).then(pl.lit("overdue"))
        .otherwise(pl.lit("open")))
    lead = pl.col("notice_lead").fill_null(2) if "notice_lead" in tasks.columns else pl.lit(2)
    tasks = tasks.with_columns(status=status,
                               notice_date=pl.col("due_date") - pl.duration(days=lead),
                               policy=pl.col("policy") if "policy" in tasks.columns else pl.lit(None))
    return tasks.select(
        pl.col(name).cast(dtype) for name, dtype in _empty_tasks().schema.items()
    ).sort("employee_id", "spell_start", "trigger_date", "code", "seq")

"""Keeping the stored metric cube consistent with the data it is computed from."""

from __future__ import annotations

import datetime as dt
import time
from dataclasses import dataclass

import polars as pl
from django.db import transaction
from django.utils import timezone

from naervaer.core.metrics import group_table
from naervaer.core.metrics.invalidation import earliest_affected_day
from naervaer.core.metrics.periods import PERIOD_KINDS
from naervaer.core.metrics.shared import MetricsData
from naervaer.core.metrics.spells import spell_list
from naervaer.metrics.cube import Manifest, cube_complete, read_manifest, read_table, write_cube
from naervaer.metrics.models import MetricsState
from naervaer.metrics.selectors import metrics_inputs

# How far back the cube reaches: the spec's longest view is five years of months.
HORIZON_YEARS = 5


@dataclass(frozen=True)
class RefreshResult:
    kind: str            # "full", "incremental" or "none"
    affected_from: dt.date | None
    seconds: float
    rows: int


def metrics_state() -> MetricsState:
    state, _ = MetricsState.objects.get_or_create(pk=1)
    return state


def metrics_mark_changed(*, from_day: dt.date | None = None, rebuild: bool = False) -> None:
    """Record that figures from ``from_day`` on (or all, with ``rebuild``) are stale."""
    with transaction.atomic():
        state, _ = MetricsState.objects.select_for_update().get_or_create(pk=1)
        if rebuild:
            state.rebuild = True
        if from_day is not None and (state.dirty_from is None or from_day < state.dirty_from):
            state.dirty_from = from_day
        state.save()


def _horizon_start(as_of: dt.date) -> dt.date:
    return dt.date(as_of.year - HORIZON_YEARS, as_of.month, 1)


def _compute(data: MetricsData, kind: str, date_from: dt.date, date_to: dt.date) -> pl.DataFrame:
    return group_table(data=data, date_from=date_from, date_to=date_to, by=kind,
                       scopes=("subtree", "own"), by_staff_group=True)


def cube_refresh(*, as_of: dt.date, full: bool = False) -> RefreshResult:
    """Bring the cube up to date for ``as_of``: everything when there is no cube, the
    settings or the tree changed, or ``full``; otherwise only the periods that end on or
    after the earliest affected day (a changed record, or the old reference date)."""
    started = time.perf_counter()
    state = metrics_state()
    manifest = read_manifest()
    needs_full = (full or state.rebuild or manifest is None or not cube_complete()
                  or manifest.as_of > as_of)
    # Keep the stored start while the cube grows forward: moving into a new month must
    # not turn an incremental update into a full one.
    date_from = manifest.date_from if manifest and not needs_full else _horizon_start(as_of)
    date_to = as_of
    changed = [day for day in (state.dirty_from,
                               manifest.as_of if manifest and manifest.as_of != as_of else None)
               if day is not None]
    if not needs_full and not changed:
        return RefreshResult("none", None, time.perf_counter() - started, 0)
    inputs = metrics_inputs()
    # Prepared inputs and spells once, shared by the affected day and all four kinds.
    data = MetricsData.build(units=inputs.units, employments=inputs.employments,
                             absences=inputs.absences, as_of=as_of, config=inputs.config)
    tables: dict[str, pl.DataFrame] = {}
    affected: dt.date | None = None
    if needs_full:
        for kind in PERIOD_KINDS:
            tables[kind] = _compute(data, kind, date_from, date_to)
    else:
        affected = earliest_affected_day(data=data, changed_from=min(changed))
        affected = max(affected, date_from)
        for kind in PERIOD_KINDS:
            kept = read_table(kind)
            fresh = _compute(data, kind, affected, date_to)
            if kept is not None:
                kept = kept.filter(pl.col("period_end") < affected)
                fresh = pl.concat([kept, fresh]).sort(
                    "unit_id", "period_start", "scope", "staff_group")
            tables[kind] = fresh
    rows = {kind: table.height for kind, table in tables.items()}
    prepared = data.prepared
    spells = spell_list(data.spells, prepared.employments, prepared.units, prepared.groups)
    write_cube(tables, Manifest(as_of, date_from, date_to, timezone.now().isoformat(), rows),
               spells=spells)
    # Clear only what this refresh saw: a change recorded meanwhile stays for the next one.
    MetricsState.objects.filter(pk=state.pk, changed_at=state.changed_at).update(
        dirty_from=None, rebuild=False)
    return RefreshResult("full" if needs_full else "incremental", affected,
                         time.perf_counter() - started, sum(rows.values()))

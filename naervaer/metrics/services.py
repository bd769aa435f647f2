"""Keeping the stored metric cube consistent with the data it is computed from."""

from __future__ import annotations

import datetime as dt
import time
from dataclasses import dataclass

import polars as pl
from django.db import transaction
from django.utils import timezone

from naervaer.core.metrics import group_table
from naervaer.core.metrics.days import day_number
from naervaer.core.metrics.periods import PERIOD_KINDS
from naervaer.core.metrics.shared import MetricsData
from naervaer.core.metrics.spells import spell_list
from naervaer.core.metrics.window import window_for_change
from naervaer.metrics.cube import (
    SPELLS,
    Manifest,
    archive_boundary,
    cube_complete,
    cube_split,
    read_manifest,
    read_table,
    splice_periods,
    write_cube,
)
from naervaer.metrics.models import MetricsState
from naervaer.metrics.selectors import metrics_inputs, recent_absences

# How far back the cube reaches: the spec's longest view is five years of months.
HORIZON_YEARS = 5


@dataclass(frozen=True)
class RefreshResult:
    kind: str            # "full", "incremental" or "none"
    affected_from: dt.date | None
    seconds: float
    rows: int
    absences_read: int | None = None  # absence rows read from the database (None: none)


# The tables (whole, or with ``recent_only`` only the recent part: periods ending on or
# after the archive boundary), the spell list (likewise), the affected day, the absence
# rows read and ``recent_only``.
_Written = tuple[dict[str, pl.DataFrame], pl.DataFrame, dt.date | None, int, bool]


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
    after the earliest affected day (a changed record, or the old reference date),
    computed from the records that reach them (docs/metrics-cube.md)."""
    started = time.perf_counter()
    state = metrics_state()
    manifest = read_manifest()
    needs_full = (full or state.rebuild or manifest is None or not cube_split()
                  or not cube_complete(with_spells=True) or manifest.as_of > as_of)
    changed = [day for day in (state.dirty_from,
                               manifest.as_of if manifest and manifest.as_of != as_of else None)
               if day is not None]
    if not needs_full and not changed:
        return RefreshResult("none", None, time.perf_counter() - started, 0)
    written: _Written | None = None
    if not needs_full and manifest is not None:
        # Keep the stored start while the cube grows forward: moving into a new month
        # must not turn an incremental update into a full one.
        # A change after the reference date is not in the figures yet; the reference
        # date moving past it marks it then (the old reference date is in ``changed``).
        # The archive files stay when their boundary is still the one for ``as_of``
        # (it moves on 1 January) and nothing before it is affected.
        boundary = archive_boundary(as_of)
        written = _incremental(manifest.date_from, as_of, min(*changed, as_of),
                               boundary if manifest.boundary == boundary else None)
    if written is None:
        needs_full = True
        written = _full(_horizon_start(as_of), as_of)
    tables, spells, affected, absences_read, recent_only = written
    date_from = _horizon_start(as_of) if needs_full or manifest is None else manifest.date_from
    stored = write_cube(tables, Manifest(as_of, date_from, as_of, timezone.now().isoformat(), {},
                                         archive_boundary(as_of)),
                        spells=spells, recent_only=recent_only)
    # Clear only what this refresh saw: a change recorded meanwhile stays for the next one.
    MetricsState.objects.filter(pk=state.pk, changed_at=state.changed_at).update(
        dirty_from=None, rebuild=False)
    return RefreshResult("full" if needs_full else "incremental", affected,
                         time.perf_counter() - started, sum(stored.rows.values()), absences_read)


def _full(date_from: dt.date, as_of: dt.date) -> _Written:
    inputs = metrics_inputs()
    # Prepared inputs and spells once, shared by all four kinds.
    data = MetricsData.build(units=inputs.units, employments=inputs.employments,
                             absences=inputs.absences, as_of=as_of, config=inputs.config)
    tables = {kind: _compute(data, kind, date_from, as_of) for kind in PERIOD_KINDS}
    prepared = data.prepared
    return tables, spell_list(data.spells, prepared.employments, prepared.units,
                              prepared.groups), None, inputs.absences.height, False


def _incremental(date_from: dt.date, as_of: dt.date, changed_from: dt.date,
                 boundary: dt.date | None) -> _Written | None:
    """The periods ending on or after the earliest affected day, recomputed from the
    records that reach them (``core.metrics.window``: records ending on or after the
    window's first day, and whole spells) and spliced into the stored ones; None when
    the stored cube cannot take them (another staff group or unit list): then everything
    is recomputed. With ``boundary`` (the stored archive's, still valid) and the affected
    day on or after it, only the recent files are read and the recent part returned:
    nothing before the boundary changed, so the archive files stay."""
    inputs = metrics_inputs(absences=False)
    window, affected = window_for_change(
        recent_absences, units=inputs.units, employments=inputs.employments,
        changed_from=changed_from, date_from=date_from, as_of=as_of, config=inputs.config)
    from_day = window.from_day
    data = window.data
    recent = boundary is not None and affected >= boundary
    tables: dict[str, pl.DataFrame] = {}
    for kind in PERIOD_KINDS:
        stored = read_table(kind, recent_only=recent)
        if stored is None:
            return None
        spliced = splice_periods(stored, _compute(data, kind, affected, as_of), affected)
        if spliced is None:
            return None
        tables[kind] = spliced
    # Spells ending before from_day are the stored ones (no record of theirs changed, and
    # none that changed can reach them); the rest are complete in the window.
    # A spell ending before the affected day is unchanged, so the archive's spells (last
    # days before the boundary) stay too; the window's fresh ones start at the recent part.
    kept_spells = read_table(SPELLS, before=from_day, recent_only=recent)
    if kept_spells is None:
        return None
    prepared = data.prepared
    fresh_from = max(from_day, boundary) if recent and boundary is not None else from_day
    fresh_spells = spell_list(data.spells.filter(pl.col("last_day") >= day_number(fresh_from)),
                              prepared.employments, prepared.units, prepared.groups)
    spells = pl.concat([kept_spells, fresh_spells]).sort("unit_id", "first_date", "employee_id")
    return tables, spells, affected, window.absences, recent

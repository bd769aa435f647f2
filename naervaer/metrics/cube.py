"""The stored metric cube under ``var/cube/``: per period kind (and the spell list) an
*archive* file with the periods ending before a boundary date and a *recent* file with
the rest, plus a manifest naming the files, the boundary, the reference date and horizon.

A refresh after a monthly import rewrites only the recent files; the archive files are
rewritten when the boundary moves (once a year) or a change reaches back before it.
Files are never changed once a manifest names them, and the manifest is replaced
atomically last, so a reader sees the old or the new cube, never half of one
(docs/metrics-cube.md, "Archive and recent files").
"""

from __future__ import annotations

import datetime as dt
import json
import os
import secrets
import threading
from collections import OrderedDict
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import polars as pl
from django.conf import settings

from naervaer.core.metrics.periods import PERIOD_KINDS

MANIFEST = "manifest.json"
ROW_GROUP_ROWS = 20_000
SPELLS = "spells"
PARTS = ("archive", "recent")  # in this order a unit's rows follow each other


@dataclass(frozen=True)
class Manifest:
    as_of: dt.date
    date_from: dt.date
    date_to: dt.date
    built_at: str
    rows: dict[str, int]
    # Periods (spells: last days) before ``boundary`` are in the archive files. A manifest
    # without ``files`` describes the single-file layout of before (``<kind>.parquet``).
    boundary: dt.date | None = None
    files: dict[str, dict[str, str]] | None = None  # kind → part → file name
    retired: tuple[str, ...] = ()  # the previous manifest's files no longer used

    def to_json(self) -> str:
        data: dict[str, object] = {
            "as_of": self.as_of.isoformat(), "date_from": self.date_from.isoformat(),
            "date_to": self.date_to.isoformat(), "built_at": self.built_at, "rows": self.rows}
        if self.files is not None:
            data.update(boundary=self.boundary.isoformat() if self.boundary else None,
                        files=self.files, retired=list(self.retired))
        return json.dumps(data, indent=2)

    @classmethod
    def from_json(cls, text: str) -> Manifest:
        data = json.loads(text)
        boundary = data.get("boundary")
        return cls(dt.date.fromisoformat(data["as_of"]), dt.date.fromisoformat(data["date_from"]),
                   dt.date.fromisoformat(data["date_to"]), data["built_at"], data["rows"],
                   dt.date.fromisoformat(boundary) if boundary else None, data.get("files"),
                   tuple(data.get("retired", ())))


def archive_boundary(as_of: dt.date) -> dt.date:
    """Where the archive ends: 1 January of the year before the reference date's. A
    monthly import's affected day lies about a month back (the old reference date) or, when
    absences open at the previous export got their ends, up to about a year back (their
    starts, moved to the start of their spells): on or after this day except for
    absences open for more than a year, or in January (when the boundary moves anyway).
    It moves once a year, so the archive (three to four of the five years) is rewritten
    about once a year, and the recent part is one to two years of periods."""
    return dt.date(as_of.year - 1, 1, 1)


def cube_directory() -> Path:
    return Path(getattr(settings, "NAERVAER_CUBE_DIR", settings.VAR_DIR / "cube"))


def read_manifest(directory: Path | None = None) -> Manifest | None:
    path = (directory or cube_directory()) / MANIFEST
    try:
        return Manifest.from_json(path.read_text())
    except (OSError, ValueError, KeyError, TypeError):
        return None


def _replace(path: Path, data: bytes) -> None:
    temporary = path.with_suffix(path.suffix + f".{os.getpid()}.tmp")
    temporary.write_bytes(data)
    os.replace(temporary, path)


def _date_column(kind: str) -> str:
    return "last_date" if kind == SPELLS else "period_end"


def _write_parquet(table: pl.DataFrame, path: Path) -> None:
    # Sorted by unit (group_table's order) with statistics: a unit's rows sit in one or two
    # row groups that a filtered scan finds without reading the rest. LZ4: faster to write
    # and to scan than the default zstd, for files about 40 % larger.
    table.write_parquet(path, compression="lz4", row_group_size=ROW_GROUP_ROWS,
                        statistics=True)


def _rows_in(path: Path) -> int:
    return int(pl.scan_parquet(path).select(pl.len()).collect().item())


def write_cube(tables: Mapping[str, pl.DataFrame], manifest: Manifest,
               directory: Path | None = None, spells: pl.DataFrame | None = None, *,
               recent_only: bool = False) -> Manifest:
    """Write every kind's table (and the spell list, when given) as an archive and a recent
    file split at ``manifest.boundary`` (by default ``archive_boundary(as_of)``), then the
    manifest; return the manifest written (row counts of whole tables).

    With ``recent_only`` the tables hold only the recent rows (periods ending on or after
    the stored boundary, which must be ``manifest.boundary``) and the stored archive files
    stay as they are.

    Atomicity: every file gets a new name (``<kind>.<part>.<generation>.parquet``) and is
    complete before the manifest naming it replaces the old one (write, then rename);
    readers take file names from the manifest, so they see the old files or the new, and a
    kept archive file is the same bytes in both. Files the new manifest no longer names
    stay until the next write (a reader may have the old manifest in hand) and are
    deleted then."""
    directory = directory or cube_directory()
    directory.mkdir(parents=True, exist_ok=True)
    previous = read_manifest(directory)
    boundary = manifest.boundary or archive_boundary(manifest.as_of)
    named = dict(tables) if spells is None else {**tables, SPELLS: spells}
    if recent_only and (previous is None or previous.files is None
                        or previous.boundary != boundary
                        or not set(named) <= set(previous.files)):
        raise ValueError("recent_only needs a stored cube with the same boundary")
    generation = f"{dt.datetime.now(dt.UTC):%Y%m%dT%H%M%S}-{secrets.token_hex(4)}"
    files: dict[str, dict[str, str]] = {}
    rows = {}
    for kind, table in named.items():
        name = {part: f"{kind}.{part}.{generation}.parquet" for part in PARTS}
        if recent_only:
            assert previous is not None and previous.files is not None
            name["archive"] = previous.files[kind]["archive"]
            _write_parquet(table, directory / name["recent"])
            count = _rows_in(directory / name["archive"]) + table.height
        else:
            earlier = pl.col(_date_column(kind)) < boundary
            _write_parquet(table.filter(earlier), directory / name["archive"])
            _write_parquet(table.filter(~earlier), directory / name["recent"])
            count = table.height
        files[kind] = name
        if kind != SPELLS:
            rows[kind] = count
    if previous is not None and previous.files is not None:
        if previous.boundary == boundary:  # kinds not written now stay
            for kind, parts in previous.files.items():
                files.setdefault(kind, parts)
        old = {name for parts in previous.files.values() for name in parts.values()}
    else:  # the single-file layout of before
        old = {f"{kind}.parquet" for kind in (*PERIOD_KINDS, SPELLS)
               if (directory / f"{kind}.parquet").exists()}
    used = {name for parts in files.values() for name in parts.values()}
    written = Manifest(manifest.as_of, manifest.date_from, manifest.date_to, manifest.built_at,
                       {**manifest.rows, **rows}, boundary, files, tuple(sorted(old - used)))
    _replace(directory / MANIFEST, written.to_json().encode())
    # Readers that hold the previous manifest may still open its files: delete only what
    # the previous manifest had already retired (never a file a manifest names now).
    for retired in set(previous.retired if previous else ()) - used:
        (directory / retired).unlink(missing_ok=True)
    return written


def retired_files_delete(directory: Path | None = None) -> int:
    """Delete now the files the current manifest no longer names (a write leaves them for
    readers still holding the previous manifest, until the next write). For when they
    must not stay: after a purge, the old spell files hold the purged employees' keys.
    Returns the number of files deleted."""
    directory = directory or cube_directory()
    manifest = read_manifest(directory)
    if manifest is None:
        return 0
    used = {name for parts in (manifest.files or {}).values() for name in parts.values()}
    deleted = 0
    for name in set(manifest.retired) - used:
        path = directory / name
        if path.exists():
            path.unlink()
            deleted += 1
    return deleted


def _paths(kind: str, directory: Path | None) -> list[Path] | None:
    """The files holding ``kind``, in ``PARTS`` order (one file in the old layout); None
    when there is no cube or one of them is missing."""
    directory = directory or cube_directory()
    manifest = read_manifest(directory)
    if manifest is not None and manifest.files is not None:
        names = manifest.files.get(kind)
        paths = [directory / names[part] for part in PARTS] if names else []
    else:
        paths = [directory / f"{kind}.parquet"]
    return paths if paths and all(path.exists() for path in paths) else None


def cube_complete(directory: Path | None = None, *, with_spells: bool = False) -> bool:
    names = (*PERIOD_KINDS, SPELLS) if with_spells else PERIOD_KINDS
    return all(_paths(name, directory) is not None for name in names)


def cube_split(directory: Path | None = None) -> bool:
    """Whether the stored cube is in the archive/recent layout (a refresh rebuilds an
    older one whole)."""
    manifest = read_manifest(directory)
    return manifest is not None and manifest.files is not None and manifest.boundary is not None


def _ordered(kind: str, parts: list[pl.DataFrame]) -> pl.DataFrame:
    """The parts' rows in one table, in the order of the whole table: by unit and, within
    a unit, the archive's periods before the recent ones (a stable sort by unit); spells
    by unit, first day and employee, as ``spell_list`` sorts them."""
    filled = [part for part in parts if part.height]
    if len(filled) <= 1:
        return filled[0] if filled else parts[0]
    joined = pl.concat(filled)
    if kind == SPELLS:
        return joined.sort("unit_id", "first_date", "employee_id", maintain_order=True)
    return joined.sort("unit_id", maintain_order=True)


# The pages ask for the same few slices again and again (a unit's rows of a kind, its
# children's, its spells), several times per request and across requests. Stored files
# never change under a name a manifest gives them (a write makes new names), so a slice
# read once is kept, keyed by the files it came from and the question; the old
# single-file layout is keyed by the file's identity as well. Bounded by memory: each
# worker process keeps at most this many bytes of slices (least recently used go first).
CACHE_BYTES = 64 * 1024 * 1024
_cache: OrderedDict[tuple[object, ...], pl.DataFrame] = OrderedDict()
_cache_bytes = 0
_cache_lock = threading.Lock()


def _file_key(path: Path) -> tuple[str, int, int, int]:
    stat = path.stat()
    return str(path), stat.st_ino, stat.st_mtime_ns, stat.st_size


def _cached_scan(kind: str, paths: list[Path], question: tuple[object, ...],
                 predicate: pl.Expr) -> pl.DataFrame:
    """``_scan`` through the slice cache (readers must not change the frame they get)."""
    global _cache_bytes
    try:
        key = (kind, question, *(_file_key(path) for path in paths))
    except OSError:  # a file retired meanwhile: read it the normal way (and fail there)
        return _scan(kind, paths, predicate)
    with _cache_lock:
        if key in _cache:
            _cache.move_to_end(key)
            return _cache[key]
    rows = _scan(kind, paths, predicate)
    size = int(rows.estimated_size())
    with _cache_lock:
        if key not in _cache and size <= CACHE_BYTES:
            _cache[key] = rows
            _cache_bytes += size
        while _cache_bytes > CACHE_BYTES and _cache:
            _cache_bytes -= int(_cache.popitem(last=False)[1].estimated_size())
    return rows


def cache_clear() -> None:
    global _cache_bytes
    with _cache_lock:
        _cache.clear()
        _cache_bytes = 0


def _scan(kind: str, paths: list[Path], predicate: pl.Expr | None) -> pl.DataFrame:
    """The rows of ``kind``'s files that match ``predicate``, in the whole table's order.
    The files are scanned together (one query, in parallel) and filtered with their
    row-group statistics."""
    frames = [pl.scan_parquet(path) for path in paths]
    if predicate is not None:
        frames = [frame.filter(predicate) for frame in frames]
    return _ordered(kind, pl.collect_all(frames))


def read_table(kind: str, directory: Path | None = None, before: dt.date | None = None, *,
               recent_only: bool = False) -> pl.DataFrame | None:
    """One stored table (a period kind or ``spells``); with ``before``, only the periods
    ending (spells: last days) before that day; with ``recent_only``, only the recent file
    (None in the old single-file layout)."""
    paths = _paths(kind, directory)
    if paths is None or (recent_only and len(paths) != 2):
        return None
    if recent_only:
        paths = paths[1:]
    return _scan(kind, paths, None if before is None else pl.col(_date_column(kind)) < before)


def splice_periods(stored: pl.DataFrame, fresh: pl.DataFrame,
                   before: dt.date) -> pl.DataFrame | None:
    """The stored rows of the periods ending before ``before`` followed, unit by unit, by
    the recomputed periods (``fresh``, which must start there): the order ``group_table``
    gives (unit, period, scope, staff group). Both tables are sorted by unit and, within
    a unit, by period, so each unit's kept rows are the head of its stored block: the
    result is made of slices, one pair per unit, not copies, and the Parquet writer takes
    the chunks as they are. None when the parts do not fit together (another unit list,
    other staff groups or columns): the caller must recompute everything."""
    if stored.is_empty():
        return fresh
    if stored.schema != fresh.schema:
        return None
    stored_units = stored["unit_id"].rle().struct.unnest()
    fresh_units = fresh["unit_id"].rle().struct.unnest()
    if not stored_units["value"].equals(fresh_units["value"]):
        return None
    stored_counts = stored_units["len"].to_numpy().astype(np.int64)
    fresh_counts = fresh_units["len"].to_numpy().astype(np.int64)
    # Every unit has a row for every staff group in every period: the first unit's are all.
    if (set(stored["staff_group"].head(int(stored_counts[0])).unique())
            != set(fresh["staff_group"].head(int(fresh_counts[0])).unique())):
        return None
    stored_offsets = np.cumsum(stored_counts) - stored_counts
    earlier = (stored["period_end"] < before).to_numpy()
    kept_counts = np.add.reduceat(earlier.astype(np.int64), stored_offsets)
    fresh_offsets = np.cumsum(fresh_counts) - fresh_counts
    parts = []
    for kept_at, kept_rows, fresh_at, fresh_rows in zip(
            stored_offsets.tolist(), kept_counts.tolist(), fresh_offsets.tolist(),
            fresh_counts.tolist(), strict=True):
        parts += [stored.slice(kept_at, kept_rows), fresh.slice(fresh_at, fresh_rows)]
    return pl.concat(parts, rechunk=False)


def unit_rows(kind: str, unit_id: str, directory: Path | None = None) -> pl.DataFrame | None:
    """All stored rows of one unit for one period kind (None when there is no cube or the
    unit has no rows). The files are sorted by unit with per-row-group statistics, so the
    filtered scan reads only the row groups that hold the unit: a few milliseconds, also
    in a process that has read nothing before."""
    if kind not in PERIOD_KINDS:
        raise ValueError(f"unknown period kind {kind!r}")
    paths = _paths(kind, directory)
    if paths is None:
        return None
    rows = _cached_scan(kind, paths, ("unit", unit_id), pl.col("unit_id") == unit_id)
    return rows if rows.height else None


def units_rows(kind: str, unit_ids: list[str], directory: Path | None = None) -> pl.DataFrame | None:
    """All stored rows of several units for one period kind (None without a cube)."""
    if kind not in PERIOD_KINDS:
        raise ValueError(f"unknown period kind {kind!r}")
    paths = _paths(kind, directory)
    if paths is None:
        return None
    return _cached_scan(kind, paths, ("units", *sorted(unit_ids)), pl.col("unit_id").is_in(unit_ids))


def period_rows(kind: str, period_ends: list[object], *, scope: str = "subtree",
                staff_group: str = "*", directory: Path | None = None) -> pl.DataFrame | None:
    """Every unit's rows for the periods ending on ``period_ends`` (None without a cube)."""
    paths = _paths(kind, directory) if kind in PERIOD_KINDS else None
    if paths is None:
        return None
    return _scan(kind, paths, pl.col("period_end").is_in(period_ends)
                 & (pl.col("scope") == scope) & (pl.col("staff_group") == staff_group))


def spell_rows(unit_ids: list[str], directory: Path | None = None) -> pl.DataFrame | None:
    """The stored spells (``core.metrics.spells.spell_list``) whose last day lies in one
    of ``unit_ids`` (None when the cube has no spell list)."""
    paths = _paths(SPELLS, directory)
    if paths is None:
        return None
    return _cached_scan(SPELLS, paths, ("units", *sorted(unit_ids)),
                        pl.col("unit_id").is_in(unit_ids))


def stored_group_table(*, kind: str, date_from: dt.date, date_to: dt.date, as_of: dt.date,
                       scope: str, by_staff_group: bool, unit_id: str | None,
                       directory: Path | None = None) -> pl.DataFrame | None:
    """The group table from the stored cube when the cube answers the question exactly:
    built for the same reference date, nothing changed since, and the periods asked for
    within its range. None otherwise (the caller computes). The cube holds the group
    table of every kind for [date_from, as_of] with both scopes and staff groups, so the
    answer is the same rows ``group_table`` would give, in the same order."""
    from naervaer.metrics.models import MetricsState

    directory = directory or cube_directory()
    manifest = read_manifest(directory)
    paths = _paths(kind, directory) if kind in PERIOD_KINDS else None
    if (manifest is None or paths is None or manifest.as_of != as_of
            or not cube_complete(directory)
            or date_from < manifest.date_from or date_to > manifest.date_to):
        return None
    state = MetricsState.objects.filter(pk=1).first()
    if state is None or state.rebuild or state.dirty_from is not None:
        return None
    if kind == "rolling12":
        # A rolling window belongs to the month it ends in.
        overlaps = (pl.col("period_end") >= date_from) & (
            pl.col("period_end").dt.month_start() <= date_to)
    else:
        overlaps = (pl.col("period_end") >= date_from) & (pl.col("period_start") <= date_to)
    wanted = overlaps & (pl.col("scope") == scope)
    if not by_staff_group:
        wanted &= pl.col("staff_group") == "*"
    if unit_id is not None:
        wanted &= pl.col("unit_id") == unit_id
    return _scan(kind, paths, wanted)

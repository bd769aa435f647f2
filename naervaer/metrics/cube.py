"""The stored metric cube: one Parquet file per period kind under ``var/cube/``, plus a
manifest saying for which reference date and horizon it was computed.

Files are replaced atomically, so a reader sees the old or the new cube, never half of
one. Each process keeps the frames it has read, split by unit, and reloads when the
manifest changes.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import threading
from dataclasses import dataclass
from pathlib import Path

import polars as pl
from django.conf import settings

from naervaer.core.metrics.periods import PERIOD_KINDS

MANIFEST = "manifest.json"


@dataclass(frozen=True)
class Manifest:
    as_of: dt.date
    date_from: dt.date
    date_to: dt.date
    built_at: str
    rows: dict[str, int]

    def to_json(self) -> str:
        return json.dumps({"as_of": self.as_of.isoformat(), "date_from": self.date_from.isoformat(),
                           "date_to": self.date_to.isoformat(), "built_at": self.built_at,
                           "rows": self.rows}, indent=2)

    @classmethod
    def from_json(cls, text: str) -> Manifest:
        data = json.loads(text)
        return cls(dt.date.fromisoformat(data["as_of"]), dt.date.fromisoformat(data["date_from"]),
                   dt.date.fromisoformat(data["date_to"]), data["built_at"], data["rows"])


def cube_directory() -> Path:
    return Path(getattr(settings, "NAERVAER_CUBE_DIR", settings.VAR_DIR / "cube"))


def read_manifest(directory: Path | None = None) -> Manifest | None:
    path = (directory or cube_directory()) / MANIFEST
    try:
        return Manifest.from_json(path.read_text())
    except (OSError, ValueError, KeyError):
        return None


def _replace(path: Path, data: bytes) -> None:
    temporary = path.with_suffix(path.suffix + f".{os.getpid()}.tmp")
    temporary.write_bytes(data)
    os.replace(temporary, path)


def write_cube(tables: dict[str, pl.DataFrame], manifest: Manifest,
               directory: Path | None = None) -> None:
    """Write every kind's table, then the manifest (readers key their cache on it)."""
    directory = directory or cube_directory()
    directory.mkdir(parents=True, exist_ok=True)
    for kind, table in tables.items():
        temporary = directory / f"{kind}.parquet.{os.getpid()}.tmp"
        table.write_parquet(temporary)
        os.replace(temporary, directory / f"{kind}.parquet")
    _replace(directory / MANIFEST, manifest.to_json().encode())
    _cache.clear()


def cube_complete(directory: Path | None = None) -> bool:
    directory = directory or cube_directory()
    return all((directory / f"{kind}.parquet").exists() for kind in PERIOD_KINDS)


def read_table(kind: str, directory: Path | None = None) -> pl.DataFrame | None:
    path = (directory or cube_directory()) / f"{kind}.parquet"
    return pl.read_parquet(path) if path.exists() else None


class _UnitCache:
    """Per process: {kind: {unit_id: rows}} for the manifest it was read under."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._stamp: str | None = None
        self._by_unit: dict[str, dict[str, pl.DataFrame]] = {}

    def clear(self) -> None:
        with self._lock:
            self._stamp, self._by_unit = None, {}

    def rows(self, kind: str, unit_id: str, directory: Path) -> pl.DataFrame | None:
        if kind not in PERIOD_KINDS:
            raise ValueError(f"unknown period kind {kind!r}")
        manifest = read_manifest(directory)
        stamp = manifest.built_at if manifest else None
        with self._lock:
            if stamp != self._stamp:
                self._stamp, self._by_unit = stamp, {}
            if kind not in self._by_unit:
                table = read_table(kind, directory) if manifest else None
                self._by_unit[kind] = (
                    {} if table is None else
                    {str(key[0]): part for key, part in
                     table.partition_by("unit_id", as_dict=True, maintain_order=True).items()})
            return self._by_unit[kind].get(unit_id)


_cache = _UnitCache()


def unit_rows(kind: str, unit_id: str, directory: Path | None = None) -> pl.DataFrame | None:
    """All stored rows of one unit for one period kind (None when there is no cube)."""
    return _cache.rows(kind, unit_id, directory or cube_directory())

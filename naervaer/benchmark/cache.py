"""Keeps the expensive part of a benchmark — the inputs read from the database, the
person-periods of the window and the model fitted on them — between requests.

The fit is the same for every set of compared units (it is fitted on the whole
organisation), so the benchmark page, the unit page's adjusted toggle and the report
differ only in the cheap last step. An entry is keyed by the window, the reference
and covariates, and a *data version* that changes whenever what the fit reads can:
the stored cube's build time (rebuilt after every import, purge and settings change),
the latest import, the organisation settings' save time, and the units' tree and
types (edited in the admin without an import). Each server process keeps its own
small LRU; nothing is shared or written to disk.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from dataclasses import dataclass
from typing import Any

import polars as pl

from naervaer.core.benchmark.model import Fit

ENTRIES = 8


@dataclass(frozen=True)
class Prepared:
    inputs: Any                # selectors.BenchmarkInputs
    frame: pl.DataFrame        # person-periods of the window
    fit: Fit


_lock = threading.Lock()
_entries: OrderedDict[Hashable, Prepared] = OrderedDict()


def data_version() -> tuple[Hashable, ...]:
    from naervaer.imports.models import ImportBatch
    from naervaer.metrics import cube
    from naervaer.organisation.models import Unit
    from naervaer.organisation.selectors import get_settings

    manifest = cube.read_manifest()
    batch = ImportBatch.objects.order_by("-pk").values_list("pk", flat=True).first()
    saved = get_settings().updated_at  # creates the row on first use, so read it this way
    tree = hashlib.sha256(repr(list(Unit.objects.order_by("unit_id").values_list(
        "unit_id", "parent_id", "unit_type"))).encode()).hexdigest()
    return (manifest.built_at if manifest else None, batch, saved, tree)


def prepared(key: tuple[Hashable, ...], build: Callable[[], Prepared]) -> Prepared:
    """The entry for ``key`` (which must include :func:`data_version`), built once."""
    with _lock:
        found = _entries.get(key)
        if found is not None:
            _entries.move_to_end(key)
            return found
    value = build()  # outside the lock: a slow fit must not block other windows
    with _lock:
        _entries[key] = value
        _entries.move_to_end(key)
        while len(_entries) > ENTRIES:
            _entries.popitem(last=False)
    return value


def clear() -> None:
    with _lock:
        _entries.clear()


def window_key(window_start: dt.date, window_end: dt.date, as_of: dt.date) -> tuple[str, str, str]:
    return (window_start.isoformat(), window_end.isoformat(), as_of.isoformat())

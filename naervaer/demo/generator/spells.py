"""Absence records in the making: parallel arrays, collected batch by batch.

Days are period-relative (0 = the first day of the period); an end of ``OPEN_END``
means "still running at end_date" (an empty end date in the output).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from .overlaps import keep_disjoint, overlaps_fixed
from .parameters import TYPE_FERIE

OPEN_END = np.int64(1 << 40)  # sentinel end for "still running at end_date"


@dataclass(frozen=True)
class Spells:
    employment: np.ndarray  # employment index
    type: np.ndarray  # absence type code (index into ABSENCE_TYPES)
    start: np.ndarray
    end: np.ndarray  # last day, or OPEN_END
    degree: np.ndarray  # percent
    hours: np.ndarray  # payroll hours on the record; NaN when not given

    def arrays(self) -> tuple[np.ndarray, ...]:
        return (self.employment, self.type, self.start, self.end, self.degree, self.hours)

    def take(self, index: np.ndarray) -> Spells:
        return Spells(*(x[index] for x in self.arrays()))

    def __len__(self) -> int:
        return len(self.employment)

    @staticmethod
    def concat(batches: Sequence[Spells]) -> Spells:
        if not batches:
            zeros = np.zeros(0, dtype=np.int64)
            return Spells(zeros, zeros, zeros, zeros, zeros, np.zeros(0))
        return Spells(*(np.concatenate([b.arrays()[i] for b in batches]) for i in range(6)))


@dataclass
class Exposure:
    """Where each employment can have absence, period-relative: [a, b]."""

    a: np.ndarray
    b: np.ndarray
    ongoing: np.ndarray  # the employment runs past end_date (end null in the output)
    last_day: int  # the period's last day (end_date)

    def effective_end(self, end: np.ndarray) -> np.ndarray:
        """End clipped to the period (an open end counts as end_date)."""
        return np.minimum(end, self.last_day)


class SpellBatches:
    """Batches of new records, cut to their employment's exposure."""

    def __init__(self, exposure: Exposure) -> None:
        self.exposure = exposure
        self.batches: list[Spells] = []

    def add(self, rows: np.ndarray, absence_type: int, start: np.ndarray, length: np.ndarray,
            degree: np.ndarray | None = None) -> None:
        b = self.exposure.b[rows]
        end = start + length - 1
        over = end > b
        # beyond the employment's last day: clipped; beyond end_date with an ongoing employment: open
        open_end = over & self.exposure.ongoing[rows] & (absence_type != TYPE_FERIE)
        end = np.where(over, b, end)
        end = np.where(open_end, OPEN_END, end)
        if degree is None:
            degree = np.full(len(rows), 100, dtype=np.int64)
        self.batches.append(Spells(rows.astype(np.int64), np.full(len(rows), absence_type, dtype=np.int64),
                                   start, end, degree, np.full(len(rows), np.nan)))

    def spells(self) -> Spells:
        return Spells.concat(self.batches)


def without_overlaps(candidates: Spells, fixed: Spells, exposure: Exposure) -> Spells:
    """``candidates`` minus those overlapping ``fixed`` or an earlier-starting candidate."""
    keep = ~overlaps_fixed(candidates.employment, candidates.start, exposure.effective_end(candidates.end),
                           fixed.employment, fixed.start, exposure.effective_end(fixed.end))
    candidates = candidates.take(keep)
    keep = keep_disjoint(candidates.employment, candidates.start, exposure.effective_end(candidates.end))
    return candidates.take(keep)

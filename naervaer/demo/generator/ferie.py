"""Ferie, as payroll sends it: a summer block, an autumn week and a winter week per year."""

from __future__ import annotations

import datetime as dt

import numpy as np

from .days import day_number, year_of
from .parameters import TYPE_FERIE
from .sampling import weighted_choice
from .spells import Exposure, SpellBatches, Spells

# (ISO weeks, their probabilities, share taking the block, kind: "summer" is 3 or 2 weeks, "week" 1)
_BLOCKS = (
    ((26, 27, 28, 29, 30), (.10, .22, .30, .26, .12), 0.95, "summer"),
    ((40, 41, 42, 43), (.10, .15, .60, .15), 0.35, "week"),
    ((7, 8, 52), (.45, .25, .30), 0.35, "week"),
)


def ferie_spells(
    rng: np.random.Generator, exposure: Exposure, primary: np.ndarray, p0: int, p1: int
) -> Spells:
    """Candidate ferie records of the main employments (overlaps not yet removed), Monday to Friday."""
    batches = SpellBatches(exposure)
    a, b = exposure.a[primary], exposure.b[primary]
    n = len(primary)
    for year in range(int(year_of(p0)), int(year_of(p1)) + 1):
        for weeks, week_p, take, kind in _BLOCKS:
            week = np.asarray(weeks)[weighted_choice(rng, np.asarray(week_p), n)]
            mondays = np.array([day_number(dt.date.fromisocalendar(year, int(w), 1)) for w in weeks],
                               dtype=np.int64)
            monday = mondays[np.searchsorted(np.asarray(weeks), week)] - p0
            n_weeks = np.where(rng.random(n) < 0.8, 3, 2) if kind == "summer" else np.ones(n, dtype=np.int64)
            taken = (rng.random(n) < take) & (monday >= a) & (monday <= b)
            batches.add(primary[taken], TYPE_FERIE, monday[taken], n_weeks[taken] * 7 - 2)
    return batches.spells()

"""Vectorised random draws and integer apportionment used throughout the generator."""

from __future__ import annotations

import math

import numpy as np


def largest_remainder(weights: np.ndarray, total: int) -> np.ndarray:
    """Split the integer ``total`` in proportion to ``weights`` (largest remainder; ties by position)."""
    w = np.asarray(weights, dtype=float)
    raw = w / w.sum() * total
    out = np.floor(raw).astype(np.int64)
    rest = total - int(out.sum())
    if rest > 0:
        order = np.lexsort((np.arange(len(w)), -(raw - out)))
        out[order[:rest]] += 1
    return out


def weighted_choice(rng: np.random.Generator, weights: np.ndarray, n: int) -> np.ndarray:
    """``n`` indices into ``weights``, drawn in proportion to them."""
    return rng.choice(len(weights), size=n, p=np.asarray(weights, dtype=float) / np.sum(weights))


def place_starts(
    rng: np.random.Generator, day_cumulative: np.ndarray, a: np.ndarray, b: np.ndarray
) -> np.ndarray:
    """Sample one start day per row in [a, b] (period-relative indices) with the given day weights."""
    lo = day_cumulative[a]
    hi = day_cumulative[b + 1]
    u = lo + rng.random(len(a)) * (hi - lo)
    day = np.searchsorted(day_cumulative, u, side="right") - 1
    return np.clip(day, a, b)


def log_uniform_integers(rng: np.random.Generator, lo: int, hi: int, n: int) -> np.ndarray:
    x = np.exp(rng.uniform(math.log(lo), math.log(hi + 1), n))
    return np.clip(np.floor(x).astype(np.int64), lo, hi)


def poisson_rows(
    rng: np.random.Generator, rate_per_year: np.ndarray, a: np.ndarray, b: np.ndarray
) -> np.ndarray:
    """Employment index repeated by a Poisson number of events over its exposure [a, b]."""
    n = rng.poisson(np.maximum(rate_per_year, 0) * (b - a + 1) / 365.25)
    return np.repeat(np.arange(len(a)), n)

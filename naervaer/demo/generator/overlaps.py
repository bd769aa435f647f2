"""Overlap removal between absence intervals of the same employment (vectorised, no per-row loops)."""

from __future__ import annotations

import numpy as np

_KEY_SHIFT = 42  # employment index and day packed into one int64 key: employment << 42 | day


def previous_end_in_group(group: np.ndarray, end: np.ndarray) -> np.ndarray:
    """For rows sorted by group: max ``end`` over the earlier rows of the same group (-1 if none)."""
    key = group.astype(np.int64) * (1 << _KEY_SHIFT) + end.astype(np.int64)
    running_max = np.maximum.accumulate(key)
    previous = np.empty_like(running_max)
    previous[0] = -1
    previous[1:] = running_max[:-1]
    same = (previous >= 0) & ((previous >> _KEY_SHIFT) == group)
    return np.where(same, previous & ((1 << _KEY_SHIFT) - 1), -1)


def keep_disjoint(employment: np.ndarray, start: np.ndarray, end: np.ndarray) -> np.ndarray:
    """Keep-mask: drop each interval that overlaps any earlier-starting one of the same employment.

    The kept intervals of one employment are pairwise disjoint (each starts after every earlier end).
    """
    if len(employment) == 0:
        return np.zeros(0, dtype=bool)
    order = np.lexsort((end, start, employment))
    previous_end = previous_end_in_group(employment[order], end[order])
    keep_sorted = start[order] > previous_end
    keep = np.empty(len(employment), dtype=bool)
    keep[order] = keep_sorted
    return keep


def overlaps_fixed(
    employment: np.ndarray,
    start: np.ndarray,
    end: np.ndarray,
    fixed_employment: np.ndarray,
    fixed_start: np.ndarray,
    fixed_end: np.ndarray,
) -> np.ndarray:
    """For each candidate: does it overlap one of the fixed intervals (disjoint per employment)?"""
    if len(fixed_employment) == 0 or len(employment) == 0:
        return np.zeros(len(employment), dtype=bool)
    m = np.int64(1 << _KEY_SHIFT)
    fixed_key = fixed_employment.astype(np.int64) * m + fixed_start
    order = np.argsort(fixed_key, kind="stable")
    fixed_key, fixed_employment, fixed_end = fixed_key[order], fixed_employment[order], fixed_end[order]
    # the last fixed interval starting on or before the candidate's end
    idx = np.searchsorted(fixed_key, employment.astype(np.int64) * m + end, side="right") - 1
    ok = idx >= 0
    idx = np.clip(idx, 0, None)
    return ok & (fixed_employment[idx] == employment) & (fixed_end[idx] >= start)

"""Rolling unit figures up the tree: sums for additive columns, distinct employees for
headcounts (an employee counts once in each unit and once in a common parent).

Figures are dense NumPy arrays whose first axis is the unit code, so the subtree sum is a
bottom-up pass over the tree's levels — never a join through all ancestor pairs.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import polars as pl

from naervaer.core.metrics.periods import expand_ranges

# Presence rows expanded to periods at a time when counting distinct employees.
SHARED_ROWS = 8_000_000


@dataclass(frozen=True)
class UnitTree:
    """The unit tree by unit code (the row number in ``Prepared.units``)."""

    parent: np.ndarray      # parent code, -1 for a root
    depth: np.ndarray       # 0 for a root
    ancestors: np.ndarray   # [unit, d]: the ancestor at depth d (itself at its own depth), else -1
    preorder: np.ndarray    # position of each unit in a depth-first order

    @classmethod
    def build(cls, units: pl.DataFrame) -> UnitTree:
        """``units``: unit (code = row number), unit_id, parent_id. The tree is acyclic."""
        codes = units.select("unit_id", "unit")
        parent = (
            units.select("unit", "parent_id")
            .join(codes, left_on="parent_id", right_on="unit_id", how="left", suffix="_parent")
            .sort("unit")["unit_parent"].fill_null(-1).to_numpy().astype(np.int64)
        )
        size = len(parent)
        chain = [np.arange(size, dtype=np.int64)]  # chain[k]: the ancestor k steps up
        while len(chain) <= size and (chain[-1] >= 0).any():
            previous = chain[-1]
            chain.append(np.where(previous >= 0, parent[np.maximum(previous, 0)], -1))
        steps = np.stack(chain[:-1], axis=1) if size else np.zeros((0, 1), dtype=np.int64)
        depth = (steps >= 0).sum(axis=1) - 1
        ancestors = np.full_like(steps, -1)
        rows, distance = np.nonzero(steps >= 0)
        ancestors[rows, depth[rows] - distance] = steps[rows, distance]
        # Sorting by the path from the root (shorter paths first) is a depth-first order.
        order = np.lexsort(ancestors.T[::-1]) if size else np.zeros(0, dtype=np.int64)
        preorder = np.empty(size, dtype=np.int64)
        preorder[order] = np.arange(size)
        return cls(parent, depth, ancestors, preorder)

    @property
    def size(self) -> int:
        return len(self.parent)

    def lowest_common_ancestor(self, first: np.ndarray, second: np.ndarray) -> np.ndarray:
        """Per pair of unit codes, their deepest common ancestor (-1 in different trees)."""
        same = (self.ancestors[first] == self.ancestors[second]) & (self.ancestors[first] >= 0)
        level = same.sum(axis=1) - 1
        found = self.ancestors[first, np.maximum(level, 0)]
        return np.where(level >= 0, found, -1)

    def subtree_sums(self, own: np.ndarray) -> np.ndarray:
        """Each unit's sum over itself and its descendants; ``own`` has units on axis 0."""
        total = own.copy()
        for level in range(int(self.depth.max(initial=0)), 0, -1):
            children = np.flatnonzero(self.depth == level)
            np.add.at(total, self.parent[children], total[children])
        return total


def employee_chunks(employee: np.ndarray, sizes: np.ndarray, limit: int) -> list[np.ndarray]:
    """Positions of the rows split into chunks of whole employees, each (but for one
    employee with more) of at most about ``limit`` summed ``sizes``."""
    total = int(sizes.sum())
    if total <= limit:
        return [np.arange(len(employee))]
    order = np.argsort(employee, kind="stable")
    cumulative = np.cumsum(sizes[order])
    cuts = np.searchsorted(cumulative, np.arange(limit, total, limit), side="right")
    first_employees = np.unique(employee[order][cuts[cuts < len(order)]])
    chunk = np.searchsorted(first_employees, employee, side="right")
    order = np.argsort(chunk, kind="stable")
    return np.split(order, np.cumsum(np.bincount(chunk))[:-1])


def sorted_unique(values: np.ndarray) -> np.ndarray:
    """``np.unique`` of integers by an in-place sort: NumPy 2.3+'s hash-based unique is
    many times slower on tens of millions of keys. ``values`` is reordered."""
    values.sort()
    if len(values) < 2:
        return values
    keep = np.empty(len(values), dtype=bool)
    keep[0] = True
    np.not_equal(values[1:], values[:-1], out=keep[1:])
    return values[keep]


def distinct_counts(
    tree: UnitTree, employee: np.ndarray, unit: np.ndarray, slot: np.ndarray,
    low: np.ndarray, high: np.ndarray, periods: int, slots: int, alone: np.ndarray,
) -> tuple[np.ndarray, np.ndarray]:
    """Distinct employees per [unit, slot, period] for scope own and subtree.

    One row per presence: an employee in a unit and slot (staff group) in the periods
    [low, high). Rows flagged ``alone`` are their employee's only presence in the slot
    (someone with one employment): they are counted where they are — a running sum over
    the periods — and summed up the tree. The rest are expanded to periods and
    de-duplicated; an employee in several units is counted once in a common ancestor by
    the depth-first rule: +1 in each of their units, −1 in the common ancestor of each
    two that follow each other in depth-first order.
    """
    cells = slots * periods
    starts = (unit * slots + slot) * (periods + 1)
    steps = (np.bincount(starts[alone] + low[alone], minlength=tree.size * slots * (periods + 1))
             - np.bincount(starts[alone] + high[alone],
                           minlength=tree.size * slots * (periods + 1)))
    counts = np.cumsum(steps.reshape(-1, periods + 1), axis=1)[:, :periods].reshape(-1)
    shared = np.flatnonzero(~alone)
    repeated = np.zeros(tree.size * cells, dtype=np.int64)
    by_position = np.argsort(tree.preorder)
    # Employees apart: each one's keys sort together, and the counts are integers.
    for chunk in employee_chunks(employee[shared], high[shared] - low[shared], SHARED_ROWS):
        chunk_rows = shared[chunk]
        rows, period = expand_ranges(low[chunk_rows], high[chunk_rows])
        rows = chunk_rows[rows]
        # keys = ((employee × cells + slot × periods + period) × units + position), built
        # in place.
        keys = employee[rows].astype(np.int64, copy=False)
        keys *= cells
        part = slot[rows].astype(np.int64, copy=False)
        part *= periods
        keys += part
        keys += period
        del period
        keys *= tree.size
        np.take(tree.preorder, unit[rows], out=part)
        keys += part
        del part, rows
        keys = sorted_unique(keys)
        person_cell, position = np.divmod(keys, tree.size)
        del keys
        units = by_position[position]
        person_cells = person_cell % cells
        counts += np.bincount(units * cells + person_cells, minlength=tree.size * cells)
        follows = np.flatnonzero(person_cell[1:] == person_cell[:-1])
        common = tree.lowest_common_ancestor(units[follows], units[follows + 1])
        inside = common >= 0
        repeated += np.bincount(common[inside] * cells + person_cells[follows][inside],
                                minlength=tree.size * cells)
    own = counts.reshape(tree.size, cells)
    subtree = tree.subtree_sums(own - repeated.reshape(tree.size, cells))
    return own, subtree

"""Organisation trees as plain data: cycle checks, depths and closure pairs."""

from __future__ import annotations

from collections.abc import Hashable, Mapping
from typing import TypeVar

K = TypeVar("K", bound=Hashable)


def find_cycles(parent_of: Mapping[K, K | None]) -> list[list[K]]:
    """Return every cycle in a child→parent map (each cycle once, as a list of keys)."""
    state: dict[K, int] = {}  # 1 = on the current path, 2 = done
    cycles: list[list[K]] = []
    for start in parent_of:
        path: list[K] = []
        node: K | None = start
        while node is not None and node in parent_of and state.get(node) is None:
            state[node] = 1
            path.append(node)
            node = parent_of[node]
        if node is not None and state.get(node) == 1:
            cycles.append(path[path.index(node):])
        for visited in path:
            state[visited] = 2
    return cycles


def depths(parent_of: Mapping[K, K | None]) -> dict[K, int]:
    """Depth of every node (a root is 0) in an acyclic child→parent map."""
    result: dict[K, int] = {}
    for start in parent_of:
        path: list[K] = []
        node: K | None = start
        while node is not None and node not in result:
            path.append(node)
            node = parent_of.get(node)
        base = -1 if node is None else result[node]
        for offset, visited in enumerate(reversed(path), start=1):
            result[visited] = base + offset
    return result


def closure_pairs(parent_of: Mapping[K, K | None]) -> list[tuple[K, K, int]]:
    """(ancestor, descendant, distance) for every node and each of its ancestors,
    itself included at distance 0, in an acyclic child→parent map."""
    pairs: list[tuple[K, K, int]] = []
    for node in parent_of:
        ancestor: K | None = node
        distance = 0
        while ancestor is not None:
            pairs.append((ancestor, node, distance))
            ancestor = parent_of.get(ancestor)
            distance += 1
    return pairs

"""naervaer.core.tree: cycles, depths and closure pairs of a child→parent map."""

from __future__ import annotations

from collections import Counter

from hypothesis import given
from hypothesis import strategies as st

from naervaer.core.tree import closure_pairs, depths, find_cycles


@st.composite
def forests(draw: st.DrawFn, min_size: int = 0) -> dict[int, int | None]:
    """A random forest: node i's parent is None or a node with a smaller index."""
    size = draw(st.integers(min_value=min_size, max_value=40))
    parent_of: dict[int, int | None] = {}
    for node in range(size):
        parent_of[node] = draw(st.none() | st.integers(min_value=0, max_value=node - 1)) \
            if node else None
    # Insertion order must not matter: shuffle the keys.
    order = draw(st.permutations(list(parent_of)))
    return {node: parent_of[node] for node in order}


def _ancestors(parent_of: dict[int, int | None], node: int) -> list[int]:
    chain = []
    current: int | None = node
    while current is not None:
        chain.append(current)
        current = parent_of[current]
    return chain


# --- examples -----------------------------------------------------------------------------

TREE = {"kommune": None, "forvaltning": "kommune", "omraade": "forvaltning",
        "afdeling": "omraade", "team": "afdeling", "anden": "kommune", "alene": None}


def test_depths_example() -> None:
    assert depths(TREE) == {"kommune": 0, "forvaltning": 1, "omraade": 2, "afdeling": 3,
                            "team": 4, "anden": 1, "alene": 0}


def test_closure_pairs_example() -> None:
    pairs = closure_pairs(TREE)
    assert len(pairs) == 1 + 2 + 3 + 4 + 5 + 2 + 1
    assert len(set(pairs)) == len(pairs)
    assert ("kommune", "team", 4) in pairs
    assert ("afdeling", "team", 1) in pairs
    assert ("team", "team", 0) in pairs
    assert ("anden", "team", 3) not in pairs
    assert not any(ancestor == "alene" and descendant != "alene"
                   for ancestor, descendant, _ in pairs)


def test_no_cycles_in_a_tree_or_empty_map() -> None:
    assert find_cycles(TREE) == []
    assert find_cycles({}) == []
    assert depths({}) == {}
    assert closure_pairs({}) == []


def test_self_loop_is_a_cycle() -> None:
    assert find_cycles({"a": "a"}) == [["a"]]


def test_cycles_found_once_each() -> None:
    parent_of = {"a": "b", "b": "c", "c": "a", "tail": "a", "x": "y", "y": "x", "root": None,
                 "child": "root"}
    cycles = find_cycles(parent_of)
    assert sorted(sorted(cycle) for cycle in cycles) == [["a", "b", "c"], ["x", "y"]]


def test_cycle_reached_through_a_tail_excludes_the_tail() -> None:
    parent_of = {"t1": "t2", "t2": "a", "a": "b", "b": "a"}
    assert [sorted(cycle) for cycle in find_cycles(parent_of)] == [["a", "b"]]


def test_cycle_is_listed_in_parent_order() -> None:
    (cycle,) = find_cycles({"a": "b", "b": "c", "c": "a"})
    for position, node in enumerate(cycle):
        assert {"a": "b", "b": "c", "c": "a"}[node] == cycle[(position + 1) % len(cycle)]


def test_parent_outside_the_map_ends_the_walk() -> None:
    assert find_cycles({"a": "outside"}) == []


# --- properties ---------------------------------------------------------------------------

@given(forests())
def test_forest_has_no_cycles(parent_of: dict[int, int | None]) -> None:
    assert find_cycles(parent_of) == []


@given(forests())
def test_depth_is_parent_depth_plus_one(parent_of: dict[int, int | None]) -> None:
    depth = depths(parent_of)
    assert set(depth) == set(parent_of)
    for node, parent in parent_of.items():
        if parent is None:
            assert depth[node] == 0
        else:
            assert depth[node] == depth[parent] + 1
        assert depth[node] == len(_ancestors(parent_of, node)) - 1


@given(forests())
def test_closure_pairs_count_and_content(parent_of: dict[int, int | None]) -> None:
    depth = depths(parent_of)
    pairs = closure_pairs(parent_of)
    assert len(pairs) == sum(d + 1 for d in depth.values())
    assert len(set(pairs)) == len(pairs)
    assert {(node, node, 0) for node in parent_of} <= set(pairs)
    per_descendant = Counter(descendant for _, descendant, _ in pairs)
    for node in parent_of:
        assert per_descendant[node] == depth[node] + 1
        chain = _ancestors(parent_of, node)
        assert sorted((a, d, k) for a, d, k in pairs if d == node) == sorted(
            (ancestor, node, distance) for distance, ancestor in enumerate(chain))
    for ancestor, descendant, distance in pairs:
        assert depth[descendant] - depth[ancestor] == distance


@given(forests(min_size=1), st.data())
def test_inserted_cycle_is_found(parent_of: dict[int, int | None], data: st.DataObject) -> None:
    # Point a node at one of its own descendants (or itself): exactly one cycle appears,
    # made of the chain from that descendant up to the node.
    node = data.draw(st.sampled_from(sorted(parent_of)))
    descendants = [other for other in parent_of if node in _ancestors(parent_of, other)]
    target = data.draw(st.sampled_from(sorted(descendants)))
    expected = _ancestors(parent_of, target)
    expected = expected[:expected.index(node) + 1]
    broken = dict(parent_of)
    broken[node] = target
    cycles = find_cycles(broken)
    assert len(cycles) == 1
    assert sorted(cycles[0]) == sorted(expected)
    assert len(set(cycles[0])) == len(cycles[0])
    for position, member in enumerate(cycles[0]):
        assert broken[member] == cycles[0][(position + 1) % len(cycles[0])]


@given(forests(min_size=2), st.data())
def test_two_disjoint_cycles_both_found(
    parent_of: dict[int, int | None], data: st.DataObject
) -> None:
    roots = sorted(node for node, parent in parent_of.items() if parent is None)
    if len(roots) < 2:
        return
    first, second = data.draw(st.lists(st.sampled_from(roots), min_size=2, max_size=2,
                                       unique=True))
    broken = dict(parent_of)
    broken[first] = first
    broken[second] = second
    assert sorted(find_cycles(broken)) == sorted([[first], [second]])

"""The unit tree (kommune → forvaltning → område → afdeling [→ team]) and the positions in it.

Positions ("slots") are what ``employees`` counts: each leaf unit gets a number of them,
and so does each område that is large enough for a leader of its own.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import polars as pl

from .parameters import (
    AFDELINGER_PER_AREA,
    AREA_SUFFIXES,
    FORVALTNINGER,
    GROUP_INDEX,
    LEAF_KINDS,
    LEAF_MEAN_SIZE,
    LEAVES_PER_GROUP,
    LEDER,
    STAFF_GROUPS,
    TEAM_LEVEL_FROM,
)
from .sampling import largest_remainder, weighted_choice


@dataclass
class Organisation:
    units: pl.DataFrame
    leaf_unit_row: np.ndarray  # leaf index -> row in units
    leaf_kind: np.ndarray  # leaf index -> kind code
    leaf_forvaltning: np.ndarray
    leaf_mix: np.ndarray  # leaf index -> mix id
    mixes: list[np.ndarray]  # mix id -> probability vector over staff groups
    kinds: list[str]
    area_unit_row: np.ndarray  # område index -> row in units
    area_forvaltning: np.ndarray
    area_kind: np.ndarray


@dataclass
class _Builder:
    """The unit rows and leaf/område bookkeeping, appended to while walking the tree."""

    ids: list[str] = field(default_factory=lambda: ["K"])
    names: list[str] = field(default_factory=lambda: ["Demo Kommune"])
    parents: list[str | None] = field(default_factory=lambda: [None])
    types: list[str] = field(default_factory=lambda: ["kommune"])
    kinds: list[str] = field(default_factory=list)
    mixes: list[np.ndarray] = field(default_factory=list)
    mix_of: dict[tuple[str, int], int] = field(default_factory=dict)
    leaf_rows: list[int] = field(default_factory=list)
    leaf_kind: list[int] = field(default_factory=list)
    leaf_forvaltning: list[int] = field(default_factory=list)
    leaf_mix: list[int] = field(default_factory=list)
    area_rows: list[int] = field(default_factory=list)
    area_forvaltning: list[int] = field(default_factory=list)
    area_kind: list[int] = field(default_factory=list)
    counters: dict[str, int] = field(default_factory=dict)

    def add_unit(self, unit_id: str, name: str, parent: str | None, unit_type: str) -> int:
        self.ids.append(unit_id)
        self.names.append(name)
        self.parents.append(parent)
        self.types.append(unit_type)
        return len(self.ids) - 1

    def add_leaf(self, unit_id: str, name: str, parent: str, unit_type: str,
                 kind_code: int, forvaltning: int, mix_id: int) -> None:
        self.leaf_rows.append(self.add_unit(unit_id, name, parent, unit_type))
        self.leaf_kind.append(kind_code)
        self.leaf_forvaltning.append(forvaltning)
        self.leaf_mix.append(mix_id)

    def next_number(self, key: str) -> int:
        self.counters[key] = self.counters.get(key, 0) + 1
        return self.counters[key]

    def leaf_name(self, kind: str) -> tuple[str, int]:
        """Next name for a leaf of ``kind`` (cycling through templates and place pools) and its mix id."""
        templates = LEAF_KINDS[kind]
        j = self.next_number("kind:" + kind) - 1
        template_index = j % len(templates)
        template, pool, mix = templates[template_index]
        k = j // len(templates)
        place = pool[k % len(pool)]
        cycle = k // len(pool)
        name = template.format(place) + (f" {cycle + 1}" if cycle else "")
        if (kind, template_index) not in self.mix_of:
            p = np.zeros(len(STAFF_GROUPS))
            for group, share in mix.items():
                p[GROUP_INDEX[group]] = share
            self.mix_of[(kind, template_index)] = len(self.mixes)
            self.mixes.append(p / p.sum())
        return name, self.mix_of[(kind, template_index)]

    def organisation(self) -> Organisation:
        def ints(values: list[int]) -> np.ndarray:
            return np.array(values, dtype=np.int64)

        return Organisation(
            units=pl.DataFrame(
                {"unit_id": self.ids, "name": self.names, "parent_id": self.parents, "unit_type": self.types},
                schema={"unit_id": pl.String, "name": pl.String, "parent_id": pl.String,
                        "unit_type": pl.String},
            ),
            leaf_unit_row=ints(self.leaf_rows),
            leaf_kind=ints(self.leaf_kind),
            leaf_forvaltning=ints(self.leaf_forvaltning),
            leaf_mix=ints(self.leaf_mix),
            mixes=self.mixes,
            kinds=self.kinds,
            area_unit_row=ints(self.area_rows),
            area_forvaltning=ints(self.area_forvaltning),
            area_kind=ints(self.area_kind),
        )


def build_organisation(
    rng: np.random.Generator, employees: int
) -> tuple[Organisation, np.ndarray, np.ndarray]:
    """Units plus the initial positions (slot -> leaf or område, slot -> staff group)."""
    builder = _Builder()
    leaf_sizes: list[np.ndarray] = []
    leader_areas: list[int] = []  # områder that get a leader position of their own
    positions = largest_remainder(np.array([f[2] for f in FORVALTNINGER]), employees)
    for forvaltning in range(len(FORVALTNINGER)):
        sizes, leaders = _add_forvaltning(rng, builder, forvaltning, int(positions[forvaltning]))
        leaf_sizes.append(sizes)
        leader_areas.extend(leaders)
    org = builder.organisation()
    slot_place, slot_group = _positions(rng, org, np.concatenate(leaf_sizes), leader_areas)
    return org, slot_place, slot_group


def _add_forvaltning(
    rng: np.random.Generator, builder: _Builder, forvaltning: int, n_positions: int
) -> tuple[np.ndarray, list[int]]:
    """Add one forvaltning's units; return its leaf sizes and the områder with a leader position."""
    forvaltning_id, forvaltning_name, _share, area_kinds = FORVALTNINGER[forvaltning]
    builder.add_unit(forvaltning_id, forvaltning_name, "K", "forvaltning")
    n_leaves = max(1, round(n_positions / LEAF_MEAN_SIZE))
    team_level = n_leaves > TEAM_LEVEL_FROM
    n_groups = max(1, round(n_leaves / LEAVES_PER_GROUP))  # leaf parents (områder or afdelinger)
    n_areas = max(1, round(n_groups / AFDELINGER_PER_AREA)) if team_level else n_groups
    n_areas = min(n_areas, n_groups)
    area_kind_list = _area_kinds(np.array([k[2] for k in area_kinds]), n_areas)
    # leaf parents distributed over områder, leaves over leaf parents
    groups_per_area = (largest_remainder(np.ones(n_areas), n_groups) if team_level
                       else np.ones(n_areas, int))
    leaves_per_group = np.maximum(largest_remainder(np.ones(n_groups), n_leaves), 1)
    area_leader = n_positions >= 20 * n_areas
    n_leaf_slots = n_positions - (n_areas if area_leader else 0)
    group_index = 0
    area_counter: dict[int, int] = {}
    for area in range(n_areas):
        local_kind = int(area_kind_list[area])
        number_of_kind = area_counter.get(local_kind, 0)
        area_counter[local_kind] = number_of_kind + 1
        n_here = int(groups_per_area[area])
        _add_area(builder, forvaltning, area, area_kinds[local_kind], number_of_kind, team_level,
                  leaves_per_group[group_index:group_index + n_here])
        group_index += n_here
    n_leaves_here = sum(1 for f in builder.leaf_forvaltning if f == forvaltning)
    weights = rng.uniform(0.55, 1.45, n_leaves_here)
    sizes = largest_remainder(weights, max(n_leaf_slots, 0))
    n_areas_so_far = len(builder.area_rows)
    leaders = list(range(n_areas_so_far - n_areas, n_areas_so_far)) if area_leader else []
    return sizes, leaders


def _area_kinds(shares: np.ndarray, n_areas: int) -> np.ndarray:
    """Kind (index into the forvaltning's area kinds) of each of its områder."""
    areas_by_kind = largest_remainder(shares, n_areas)
    # at least one område per kind when there is room
    for k in range(len(shares)):
        if areas_by_kind[k] == 0 and areas_by_kind.max() > 1:
            areas_by_kind[np.argmax(areas_by_kind)] -= 1
            areas_by_kind[k] += 1
    return np.repeat(np.arange(len(shares)), areas_by_kind)


def _add_area(builder: _Builder, forvaltning: int, area: int, area_kind: tuple[str, str, float],
              number_of_kind: int, team_level: bool, leaves_per_group: np.ndarray) -> None:
    """Add one område with its afdelinger (and, with a team level, their teams)."""
    kind, area_name, _ = area_kind
    if kind not in builder.kinds:
        builder.kinds.append(kind)
    kind_code = builder.kinds.index(kind)
    n_suffixes = len(AREA_SUFFIXES)
    suffix = AREA_SUFFIXES[number_of_kind % n_suffixes] + (
        f" {number_of_kind // n_suffixes + 1}" if number_of_kind >= n_suffixes else "")
    forvaltning_id = FORVALTNINGER[forvaltning][0]
    area_id = f"{forvaltning_id}-O{area + 1}"
    builder.area_rows.append(builder.add_unit(area_id, f"{area_name} {suffix}", forvaltning_id, "område"))
    builder.area_forvaltning.append(forvaltning)
    builder.area_kind.append(kind_code)
    for afdeling, n_leaves in enumerate(leaves_per_group):
        if team_level:
            afdeling_name, mix_id = builder.leaf_name(kind)
            afdeling_id = f"{area_id}-A{afdeling + 1}"
            builder.add_unit(afdeling_id, afdeling_name, area_id, "afdeling")
            for team in range(int(n_leaves)):
                builder.add_leaf(f"{afdeling_id}-T{team + 1}", f"{afdeling_name}, Team {team + 1}",
                                 afdeling_id, "team", kind_code, forvaltning, mix_id)
        else:
            for _ in range(int(n_leaves)):
                leaf_name, mix_id = builder.leaf_name(kind)
                builder.add_leaf(f"{area_id}-A{builder.next_number(area_id)}", leaf_name, area_id,
                                 "afdeling", kind_code, forvaltning, mix_id)


def _positions(rng: np.random.Generator, org: Organisation, sizes: np.ndarray,
               leader_areas: list[int]) -> tuple[np.ndarray, np.ndarray]:
    """Positions: leaves first (forvaltning by forvaltning), then område leaders."""
    slot_leaf = np.repeat(np.arange(len(sizes)), sizes)
    first_in_leaf = np.zeros(len(slot_leaf), dtype=bool)
    starts = np.concatenate([[0], np.cumsum(sizes)[:-1]])
    first_in_leaf[starts[sizes >= 8]] = True
    slot_group = np.empty(len(slot_leaf), dtype=np.int64)
    mix_of_slot = org.leaf_mix[slot_leaf]
    for mix_id, p in enumerate(org.mixes):
        sel = np.flatnonzero(mix_of_slot == mix_id)
        slot_group[sel] = weighted_choice(rng, p, len(sel))
    slot_group[first_in_leaf] = LEDER
    # område leaders are encoded as a negative leaf index: -(1 + område index)
    leader_area_index = np.array(leader_areas, dtype=np.int64)
    slot_place = np.concatenate([slot_leaf, -(1 + leader_area_index)])
    slot_group = np.concatenate([slot_group, np.full(len(leader_area_index), LEDER)])
    return slot_place, slot_group

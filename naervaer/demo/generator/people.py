"""People and their employments: the occupants of each position over time.

Generation 0 holds the people in post at the start of the period; when an employment
ends (leaving, retirement or internal transfer) the position gets its next occupant.
A few part-timers also get a second, concurrent employment in another unit.

Employments and people are dicts of equally long numpy arrays (one row per employment,
resp. person); ``employment["person"]`` indexes the people arrays.
"""

from __future__ import annotations

import numpy as np
import polars as pl

from .days import january_first, year_of
from .organisation import Organisation
from .parameters import (
    FIRST_NAMES_MEN,
    FIRST_NAMES_WOMEN,
    FRAILTY_SHAPE,
    LAST_NAME_WEIGHTS,
    LAST_NAMES,
    SECOND_JOB_SHARE,
    STAFF_GROUPS,
    TRANSFER_SHARE,
)
from .sampling import weighted_choice

Arrays = dict[str, np.ndarray]

_EMPLOYMENT_FIELDS = ("slot", "person", "place", "group", "hours", "start", "end")


def build_employments(
    rng: np.random.Generator, org: Organisation, slot_place: np.ndarray, slot_group: np.ndarray,
    p0: int, p1: int,
) -> tuple[Arrays, Arrays]:
    """All employments touching the period [p0, p1] and the people holding them."""
    # leaves of each kind, for transfers
    kind_leaves = [np.flatnonzero(org.leaf_kind == k) for k in range(len(org.kinds))]
    current, first_people = _first_occupants(rng, slot_place, slot_group, p0)
    people = [first_people]
    n_people = len(slot_place)
    parts: list[Arrays] = []
    while len(current["slot"]):
        retire = january_first(current["birth"] + 67) + 30
        retired = retire <= current["end"]
        current["end"] = np.minimum(current["end"], retire)
        parts.append({k: current[k] for k in _EMPLOYMENT_FIELDS})
        ended = current["end"] < p1
        leaving = {k: v[ended] for k, v in current.items()}
        if len(leaving["slot"]) == 0:
            break
        current, newcomers = _successors(rng, org.leaf_kind, kind_leaves, leaving, retired[ended],
                                         n_people, p1)
        people.append(newcomers)
        n_people += len(newcomers["female"])

    employments = {k: np.concatenate([p[k] for p in parts]) for k in parts[0]}
    persons = {k: np.concatenate([p[k] for p in people]) for k in people[0]}
    employments["second_of"] = np.full(len(employments["slot"]), -1, dtype=np.int64)
    employments["cost"] = _draw_cost(rng, employments["group"])
    return _with_second_jobs(rng, org, kind_leaves, employments, p0, p1), persons


def _first_occupants(
    rng: np.random.Generator, slot_place: np.ndarray, slot_group: np.ndarray, p0: int
) -> tuple[Arrays, Arrays]:
    """Generation 0: the people in post at the start of the period, with their real hiring date."""
    n_slots = len(slot_place)
    age = np.clip(np.round(rng.normal(44.5, 11.0, n_slots)), 21, 66).astype(np.int64)
    people = _new_people(rng, slot_group, age, np.full(n_slots, p0))
    birth = people["birth_year"]
    turnover = np.array([g.turnover for g in STAFF_GROUPS])[slot_group]
    elapsed = np.floor(rng.exponential(1.0, n_slots) / turnover * 365.25).astype(np.int64)
    career = january_first(birth + 20) + 212  # ~ 1 August of the year they turn 20
    current = {
        "slot": np.arange(n_slots, dtype=np.int64),
        "person": np.arange(n_slots, dtype=np.int64),
        "place": slot_place.copy(),
        "group": slot_group.copy(),
        "start": np.maximum(p0 - elapsed, np.minimum(career, p0)),
        "end": p0 + np.floor(rng.exponential(1.0, n_slots) / turnover * 365.25).astype(np.int64),
        "birth": birth,
    }
    current["hours"] = _draw_hours(rng, slot_group)
    return current, people


def _successors(
    rng: np.random.Generator, leaf_kind: np.ndarray, kind_leaves: list[np.ndarray], leaving: Arrays,
    retired: np.ndarray, n_people: int, p1: int,
) -> tuple[Arrays, Arrays]:
    """The next occupants of the positions whose employment ended: transfers or new hires."""
    slot, person, place, group = leaving["slot"], leaving["person"], leaving["place"], leaving["group"]
    n = len(slot)
    transfer = (~retired) & (place >= 0) & (rng.random(n) < TRANSFER_SHARE)
    new_place, transfer = _transfer_places(rng, leaf_kind, kind_leaves, place, transfer)
    gap = 7 + rng.geometric(1 / 30, n)
    new_start = np.where(transfer, leaving["end"] + 1, leaving["end"] + 1 + gap)
    # new people for the positions that are not transfers
    hires = np.flatnonzero(~transfer)
    age = np.clip(np.round(20 + rng.gamma(2.2, 7.0, len(hires))), 20, 60).astype(np.int64)
    newcomers = _new_people(rng, group[hires], age, new_start[hires])
    new_person = person.copy()
    new_person[hires] = n_people + np.arange(len(hires))
    new_birth = leaving["birth"].copy()
    new_birth[hires] = newcomers["birth_year"]
    new_hours = leaving["hours"].copy()
    new_hours[hires] = _draw_hours(rng, group[hires])
    new_end = new_start + _tenure_days(rng, group)
    ok = new_start <= p1
    successors = {"slot": slot, "person": new_person, "place": new_place, "group": group,
                  "hours": new_hours, "start": new_start, "end": new_end, "birth": new_birth}
    return {k: v[ok] for k, v in successors.items()}, newcomers


def _transfer_places(
    rng: np.random.Generator, leaf_kind: np.ndarray, kind_leaves: list[np.ndarray], place: np.ndarray,
    transfer: np.ndarray,
) -> tuple[np.ndarray, np.ndarray]:
    """Transfers: same person, same position, another leaf of the same kind.

    Returns the new places and the transfer mask (cleared where the kind has a single leaf).
    """
    new_place = place.copy()
    transfer = transfer.copy()
    moving = np.flatnonzero(transfer)
    if not len(moving):
        return new_place, transfer
    kind = leaf_kind[place[moving]]
    for k in np.unique(kind):
        sel = moving[kind == k]
        candidates = kind_leaves[k]
        if len(candidates) > 1:
            pick = candidates[rng.integers(0, len(candidates) - 1, len(sel))]
            # skip over the current leaf (uniform over the others)
            following = candidates[np.minimum(np.searchsorted(candidates, pick) + 1, len(candidates) - 1)]
            new_place[sel] = np.where(pick >= place[sel], following, pick)
        else:
            transfer[sel] = False
    return new_place, transfer


def _with_second_jobs(
    rng: np.random.Generator, org: Organisation, kind_leaves: list[np.ndarray], employments: Arrays,
    p0: int, p1: int,
) -> Arrays:
    """A few people with a second, concurrent part-time employment in another unit."""
    a = np.maximum(employments["start"], p0)
    b = np.minimum(employments["end"], p1)
    eligible = np.flatnonzero((employments["hours"] <= 32) & (employments["place"] >= 0) & (b - a >= 180))
    pick = eligible[rng.random(len(eligible)) < SECOND_JOB_SHARE]
    if not len(pick):
        return employments
    kind = org.leaf_kind[employments["place"][pick]]
    new_place = employments["place"][pick].copy()
    for k in np.unique(kind):
        sel = np.flatnonzero(kind == k)
        candidates = kind_leaves[k]
        new_place[sel] = candidates[rng.integers(0, len(candidates), len(sel))]
    second_start = a[pick] + np.floor(rng.random(len(pick)) * (b[pick] - a[pick]) / 2).astype(np.int64)
    second = {
        "slot": np.full(len(pick), -1, dtype=np.int64),
        "person": employments["person"][pick],
        "place": new_place,
        "group": employments["group"][pick],
        "hours": np.array([6.0, 8.0, 10.0, 12.0])[rng.integers(0, 4, len(pick))],
        "start": second_start,
        "end": employments["end"][pick],
        "second_of": pick,
        "cost": employments["cost"][pick],
    }
    return {k: np.concatenate([employments[k], second[k]]) for k in employments}


def _draw_hours(rng: np.random.Generator, group: np.ndarray) -> np.ndarray:
    out = np.empty(len(group), dtype=np.float64)
    for index, staff_group in enumerate(STAFF_GROUPS):
        sel = np.flatnonzero(group == index)
        if len(sel):
            choice = weighted_choice(rng, np.array(staff_group.hours_probabilities), len(sel))
            out[sel] = np.asarray(staff_group.hours, dtype=float)[choice]
    return out


def _draw_cost(rng: np.random.Generator, group: np.ndarray) -> np.ndarray:
    mean = np.array([g.cost for g in STAFF_GROUPS])[group]
    return np.round(np.clip(mean * rng.lognormal(0.0, 0.07, len(group)), 180, 460), 2)


def _tenure_days(rng: np.random.Generator, group: np.ndarray) -> np.ndarray:
    """Days until an employment ends (leaving or transfer); early quits within the first year."""
    turnover = np.array([g.turnover for g in STAFF_GROUPS])[group]
    base = rng.exponential(1.0, len(group)) / turnover * 365.25
    early = rng.random(len(group)) < 0.10
    short = rng.uniform(30, 365, len(group))
    return np.floor(np.where(early, short, base + 30)).astype(np.int64)


def _new_people(
    rng: np.random.Generator, group: np.ndarray, age_at: np.ndarray, at_day: np.ndarray
) -> Arrays:
    n = len(group)
    female_share = np.array([g.female for g in STAFF_GROUPS])[group]
    female = rng.random(n) < female_share
    return {
        "female": female,
        "birth_year": year_of(at_day) - age_at,
        "frailty": rng.gamma(FRAILTY_SHAPE, 1.0 / FRAILTY_SHAPE, n),
        "first": np.where(female, rng.integers(0, len(FIRST_NAMES_WOMEN), n),
                          rng.integers(0, len(FIRST_NAMES_MEN), n)),
        "last": weighted_choice(rng, LAST_NAME_WEIGHTS, n),
        "last2": np.where(rng.random(n) < 0.12, weighted_choice(rng, LAST_NAME_WEIGHTS, n), -1),
    }


def person_names(people: Arrays) -> pl.Series:
    """Full names; some people have a middle surname (dropped when it equals the last name)."""
    first = pl.Series(FIRST_NAMES_WOMEN + FIRST_NAMES_MEN, dtype=pl.String).gather(
        np.where(people["female"], people["first"], people["first"] + len(FIRST_NAMES_WOMEN)))
    last_names = pl.Series(LAST_NAMES, dtype=pl.String)
    last = last_names.gather(people["last"])
    has_middle = people["last2"] >= 0
    middle = last_names.gather(np.maximum(people["last2"], 0))
    return pl.select(
        pl.when(pl.Series(has_middle) & (middle != last))
        .then(first + " " + middle + " " + last)
        .otherwise(first + " " + last)
    ).to_series().alias("name")

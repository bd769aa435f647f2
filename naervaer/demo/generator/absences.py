"""Absence records: when, how long and how often, per absence type.

Pregnancy records (graviditet, barsel) are placed first; the other types may not overlap
them nor each other; ferie comes last and fits around everything else. Then some long
sick spells get a partial degree, some one-day sick records get payroll hours, and
second jobs get copies of their main employment's records.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .days import day_weights
from .ferie import ferie_spells
from .overlaps import keep_disjoint
from .parameters import (
    CHILD_SICK_BY_MONTH,
    GROUP_INDEX,
    SICK_BAND_PROBABILITIES,
    SICK_BANDS,
    SICK_BY_MONTH,
    SICK_BY_WEEKDAY,
    SICK_SCALE,
    STAFF_GROUPS,
    TYPE_ANDET,
    TYPE_ARBEJDSSKADE,
    TYPE_BARNS_SYGDOM,
    TYPE_BARSEL,
    TYPE_EGEN_SYGDOM,
    TYPE_GRAVIDITET,
)
from .people import Arrays
from .sampling import log_uniform_integers, place_starts, poisson_rows, weighted_choice
from .spells import OPEN_END, Exposure, SpellBatches, Spells, without_overlaps

_SHIFT_GROUPS = ("Social- og sundhedshjælper", "Social- og sundhedsassistent", "Pædagogmedhjælper",
                 "Sygeplejerske")


@dataclass
class _Population:
    """Per-employment attributes that drive the absence rates, plus the exposure."""

    exposure: Exposure
    primary: np.ndarray  # indexes of the main employments (second jobs get copies later)
    group: np.ndarray
    female: np.ndarray
    age_mid: np.ndarray  # age in mid-period
    frailty: np.ndarray
    unit_multiplier: np.ndarray

    def events(self, rng: np.random.Generator, rate_per_year: np.ndarray) -> np.ndarray:
        """Main-employment indexes, each repeated by a Poisson number of events over its exposure."""
        a, b = self.exposure.a[self.primary], self.exposure.b[self.primary]
        return self.primary[poisson_rows(rng, rate_per_year[self.primary], a, b)]

    def starts(self, rng: np.random.Generator, day_cumulative: np.ndarray, rows: np.ndarray) -> np.ndarray:
        return place_starts(rng, day_cumulative, self.exposure.a[rows], self.exposure.b[rows])


def build_absences(
    rng: np.random.Generator, employments: Arrays, people: Arrays, unit_multiplier: np.ndarray,
    p0: int, p1: int,
) -> Spells:
    """All absence records, with absolute day numbers (end -1: still running at end_date)."""
    exposure = Exposure(
        a=np.maximum(employments["start"], p0) - p0,  # period-relative exposure
        b=np.minimum(employments["end"], p1) - p0,
        ongoing=employments["end"] >= p1,  # end null in the output
        last_day=p1 - p0,
    )
    person = employments["person"]
    population = _Population(
        exposure=exposure,
        primary=np.flatnonzero(employments["second_of"] < 0),
        group=employments["group"],
        female=people["female"][person],
        age_mid=(p0 + p1) / 2 / 365.25 + 1970 - people["birth_year"][person],
        frailty=people["frailty"][person],
        unit_multiplier=unit_multiplier,
    )
    sick_days = day_weights(p0, p1, SICK_BY_MONTH, SICK_BY_WEEKDAY, 0.3)
    weekdays = day_weights(p0, p1, [1.0] * 12, (1, 1, 1, 1, 1, 0, 0), 0.0)
    child_days = day_weights(p0, p1, CHILD_SICK_BY_MONTH, (1.3, 1.0, 1.0, 1.0, 0.9, 0, 0), 0.0)
    all_days = day_weights(p0, p1, [1.0] * 12, (1, 1, 1, 1, 1, 1, 1), 1.0)

    other = SpellBatches(exposure)
    _sick_spells(rng, population, other, sick_days)
    _work_injuries(rng, population, other, weekdays)
    _child_sickness(rng, population, other, child_days)
    _other_leave(rng, population, other, weekdays)
    pregnancy = SpellBatches(exposure)
    _pregnancies(rng, population, pregnancy, all_days, weekdays)

    # resolve overlaps: pregnancy records first, then the others, then ferie
    pregnancy_spells = pregnancy.spells()
    keep = keep_disjoint(pregnancy_spells.employment, pregnancy_spells.start,
                         exposure.effective_end(pregnancy_spells.end))
    pregnancy_spells = pregnancy_spells.take(keep)
    fixed = Spells.concat([pregnancy_spells, without_overlaps(other.spells(), pregnancy_spells, exposure)])
    ferie = without_overlaps(ferie_spells(rng, exposure, population.primary, p0, p1), fixed, exposure)

    spells = Spells.concat([fixed, ferie])
    spells = _partial_sick_leave(rng, spells, exposure)
    spells = _payroll_hours(rng, spells, employments)
    spells = _second_job_copies(spells, employments, exposure)
    return Spells(spells.employment, spells.type, spells.start + p0,
                  np.where(spells.end == OPEN_END, -1, spells.end + p0), spells.degree, spells.hours)


def _sick_spells(rng: np.random.Generator, population: _Population, batches: SpellBatches,
                 day_cumulative: np.ndarray) -> None:
    """egen_sygdom: person frailty × unit × staff group × age × sex; length in bands."""
    group, age_mid, unit_multiplier = population.group, population.age_mid, population.unit_multiplier
    group_rate = np.array([g.sick_rate for g in STAFF_GROUPS])[group]
    group_long = np.array([g.long_multiplier for g in STAFF_GROUPS])[group]
    age_rate = np.where(age_mid < 30, 1.15, 1.0)
    sex_rate = np.where(population.female, 1.08, 0.90)
    rate = SICK_SCALE * group_rate * population.frailty * unit_multiplier * age_rate * sex_rate
    rows = population.events(rng, rate)
    start = population.starts(rng, day_cumulative, rows)
    long_multiplier = (group_long[rows] * np.clip(1 + 0.025 * (age_mid[rows] - 45), 0.6, 1.6)
                       * np.sqrt(unit_multiplier[rows]))
    band_p = np.array(SICK_BAND_PROBABILITIES)
    p_long = band_p[None, 2:] * long_multiplier[:, None]
    p_mid = band_p[1] * np.sqrt(long_multiplier)
    p_short = np.maximum(1 - p_long.sum(1) - p_mid, 0.3)
    cumulative = np.cumsum(np.column_stack([p_short, p_mid, p_long]), axis=1)
    band = (rng.random(len(rows))[:, None] * cumulative[:, -1:] > cumulative).sum(1)
    length = np.empty(len(rows), dtype=np.int64)
    sel = band == 0
    length[sel] = weighted_choice(rng, np.array([.46, .31, .23]), int(sel.sum())) + 1
    for band_index in (1, 2, 3):
        sel = band == band_index
        lo, hi = SICK_BANDS[band_index]
        length[sel] = log_uniform_integers(rng, lo, hi, int(sel.sum()))
    batches.add(rows, TYPE_EGEN_SYGDOM, start, length)


def _work_injuries(rng: np.random.Generator, population: _Population, batches: SpellBatches,
                   day_cumulative: np.ndarray) -> None:
    """arbejdsskade (care staff and craftsmen more)."""
    risky = np.isin(population.group, [GROUP_INDEX["Social- og sundhedshjælper"],
                                       GROUP_INDEX["Social- og sundhedsassistent"],
                                       GROUP_INDEX["Håndværker"], GROUP_INDEX["Pædagogmedhjælper"]])
    rows = population.events(rng, np.where(risky, 0.06, 0.015))
    start = population.starts(rng, day_cumulative, rows)
    band = weighted_choice(rng, np.array([.6, .3, .1]), len(rows))
    n = len(rows)
    length = np.where(band == 0, rng.integers(1, 6, n),
                      np.where(band == 1, rng.integers(6, 31, n), rng.integers(31, 121, n)))
    batches.add(rows, TYPE_ARBEJDSSKADE, start, length)


def _child_sickness(rng: np.random.Generator, population: _Population, batches: SpellBatches,
                    day_cumulative: np.ndarray) -> None:
    """barns_sygdom (1-2 days, parents of young children)."""
    age_mid = population.age_mid
    parent_rate = np.where((age_mid >= 25) & (age_mid <= 47), np.where(population.female, 0.65, 0.45), 0.05)
    rows = population.events(rng, parent_rate)
    start = population.starts(rng, day_cumulative, rows)
    batches.add(rows, TYPE_BARNS_SYGDOM, start, 1 + (rng.random(len(rows)) < 0.4).astype(np.int64))


def _other_leave(rng: np.random.Generator, population: _Population, batches: SpellBatches,
                 day_cumulative: np.ndarray) -> None:
    """andet (omsorgsdage, velfærdsdage, tjenestefri)."""
    rows = population.events(rng, np.full(len(population.group), 0.14))
    start = population.starts(rng, day_cumulative, rows)
    length = np.where(rng.random(len(rows)) < 0.7, 1, rng.integers(2, 6, len(rows)))
    batches.add(rows, TYPE_ANDET, start, length)


def _pregnancies(rng: np.random.Generator, population: _Population, batches: SpellBatches,
                 all_days: np.ndarray, weekdays: np.ndarray) -> None:
    """Pregnancies: graviditet (some) followed by barsel; fathers' barsel."""
    female, age_mid = population.female, population.age_mid
    mother_rate = np.where(female & (age_mid >= 24) & (age_mid <= 42),
                           np.where((age_mid >= 27) & (age_mid <= 36), 0.09, 0.04), 0.0)
    rows = population.events(rng, mother_rate)
    barsel_start = population.starts(rng, all_days, rows)
    barsel_length = rng.integers(250, 366, len(rows))
    with_graviditet = rng.random(len(rows)) < 0.45
    graviditet_length = rng.integers(14, 91, len(rows))
    graviditet_start = barsel_start - graviditet_length
    sel = with_graviditet & (graviditet_start >= population.exposure.a[rows])
    batches.add(rows, TYPE_BARSEL, barsel_start, barsel_length)
    batches.add(rows[sel], TYPE_GRAVIDITET, graviditet_start[sel], graviditet_length[sel])
    father_rate = np.where(~female & (age_mid >= 25) & (age_mid <= 47), 0.05, 0.0)
    rows = population.events(rng, father_rate)
    start = population.starts(rng, weekdays, rows)
    length = np.where(rng.random(len(rows)) < 0.55, 14, rng.integers(15, 78, len(rows)))
    batches.add(rows, TYPE_BARSEL, start, length)


def _partial_sick_leave(rng: np.random.Generator, spells: Spells, exposure: Exposure) -> Spells:
    """Some long spells end with a partial return, a few are partial throughout."""
    n = len(spells)
    end = exposure.effective_end(spells.end)
    span = end - spells.start + 1
    long_spell = (spells.type == TYPE_EGEN_SYGDOM) & (span >= 15)
    u = rng.random(n)
    whole = long_spell & (u < 0.08)
    degree = np.where(whole, np.array([50, 50, 60, 75])[rng.integers(0, 4, n)], spells.degree)
    split = long_spell & (u >= 0.08) & (u < 0.40)
    cut = spells.start + np.floor(span * rng.uniform(0.45, 0.8, n)).astype(np.int64)  # first day of part 2
    split &= (cut > spells.start) & (cut <= end)
    split_index = np.flatnonzero(split)
    second_degree = np.array([25, 50, 50, 50, 75])[rng.integers(0, 5, len(split_index))]
    tail = Spells(spells.employment[split_index], spells.type[split_index], cut[split_index],
                  spells.end[split_index], second_degree, spells.hours[split_index])
    head = Spells(spells.employment, spells.type, spells.start, np.where(split, cut - 1, spells.end),
                  degree, spells.hours)
    return Spells.concat([head, tail])


def _payroll_hours(rng: np.random.Generator, spells: Spells, employments: Arrays) -> Spells:
    """Payroll hours on some one-day records ("went home sick")."""
    n = len(spells)
    shift = np.isin(employments["group"][spells.employment], [GROUP_INDEX[g] for g in _SHIFT_GROUPS])
    one_day = ((spells.type == TYPE_EGEN_SYGDOM) & (spells.end == spells.start) & shift
               & (spells.degree == 100))
    with_hours = one_day & (rng.random(n) < 0.06)
    daily = employments["hours"][spells.employment] / 5
    hours = np.round(rng.uniform(0.2, 0.8, n) * daily * 4) / 4
    return Spells(spells.employment, spells.type, spells.start, spells.end, spells.degree,
                  np.where(with_hours, np.maximum(hours, 0.5), spells.hours))


def _second_job_copies(spells: Spells, employments: Arrays, exposure: Exposure) -> Spells:
    """Second jobs share the absence records of the main employment (clipped to their dates)."""
    second = np.flatnonzero(employments["second_of"] >= 0)
    if not len(second):
        return spells
    main_to_second = np.full(len(employments["slot"]), -1, dtype=np.int64)
    main_to_second[employments["second_of"][second]] = second
    target = main_to_second[spells.employment]
    idx = np.flatnonzero(target >= 0)
    target = target[idx]
    start2, end2 = exposure.a[target], exposure.b[target]
    start = np.maximum(spells.start[idx], start2)
    end = np.where(spells.end[idx] == OPEN_END, OPEN_END, np.minimum(spells.end[idx], end2))
    ok = (start <= np.minimum(end, exposure.last_day)) & (spells.start[idx] <= end2)
    idx, target, start, end = idx[ok], target[ok], start[ok], end[ok]
    given = spells.hours[idx]
    main_hours = employments["hours"][spells.employment[idx]]
    hours = np.where(np.isnan(given), np.nan,
                     np.round(given * employments["hours"][target] / main_hours * 4) / 4)
    hours = np.where(hours <= 0, 0.25, hours)
    copies = Spells(target, spells.type[idx], start, end, spells.degree[idx], hours)
    return Spells.concat([spells, copies])

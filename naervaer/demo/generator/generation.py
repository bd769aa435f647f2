"""``generate``: one random stream through organisation, employments and absences to frames."""

from __future__ import annotations

import datetime as dt

import numpy as np

from .absences import build_absences
from .days import day_number, years_before
from .frames import DemoData, absences_frame, employment_order, employments_frame
from .organisation import Organisation, build_organisation
from .parameters import HIGH_UNIT_MULTIPLIER, HIGH_UNIT_SHARE, UNIT_SIGMA
from .people import build_employments


def generate(*, employees: int = 3000, years: int = 3, seed: int = 1, end_date: dt.date) -> DemoData:
    """Generate the demo municipality.

    ``employees`` positions (headcount on a given day), ``years`` whole years of absence
    ending at ``end_date`` (end_date 2026-10-31, years 3: absences from 2023-11-01).
    """
    if employees < 10:
        raise ValueError("employees must be at least 10")
    if years < 1:
        raise ValueError("years must be at least 1")
    rng = np.random.Generator(np.random.PCG64([seed, employees, years, end_date.toordinal()]))
    p1 = day_number(end_date)
    p0 = day_number(years_before(end_date, years)) + 1

    org, slot_place, slot_group = build_organisation(rng, employees)
    employments, people = build_employments(rng, org, slot_place, slot_group, p0, p1)
    unit_multiplier, unit_row = _units_of(rng, org, employments["place"])
    spells = build_absences(rng, employments, people, unit_multiplier, p0, p1)

    order = employment_order(employments)
    return DemoData(
        units=org.units,
        employments=employments_frame(employments, people, order, org.units["unit_id"], unit_row, p1),
        absences=absences_frame(spells, order),
    )


def _units_of(
    rng: np.random.Generator, org: Organisation, place: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Per employment: the unit's absence multiplier and the unit's row in ``org.units``.

    ``place`` is a leaf index, or -(1 + område index) for område leaders.
    """
    n_leaves = len(org.leaf_unit_row)
    leaf_multiplier = rng.lognormal(0.0, UNIT_SIGMA, n_leaves)
    leaf_multiplier = np.where(rng.random(n_leaves) < HIGH_UNIT_SHARE, leaf_multiplier * HIGH_UNIT_MULTIPLIER,
                               leaf_multiplier)
    unit_multiplier = np.where(place >= 0, leaf_multiplier[np.maximum(place, 0)], 0.9)
    unit_row = np.where(place >= 0, org.leaf_unit_row[np.maximum(place, 0)],
                        org.area_unit_row[np.maximum(-place - 1, 0)])
    return unit_multiplier, unit_row

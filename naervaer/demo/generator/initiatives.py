"""Two initiatives for the demo: one that worked and one that did not.

``plant_initiative_effect`` thins the sick-absence records of the units an initiative
covers from its start date: each ``egen_sygdom`` / ``graviditet`` record that starts on
or after the start in one of those units is kept with probability ``factor`` (0.6:
about 40 % fewer sick-absence records from the start on). Nothing else changes, so
every import rule still holds
(records are only removed). The placebo initiative's units are left as they are.

The units are chosen from the units frame alone (``effect_units`` / ``placebo_units``),
so the Django side (``naervaer.evaluation.demo``) finds the same units in the database:

- effect: the leaf units under the first two områder of the first forvaltning (in the
  demo: plejecentre and hjemmepleje of Ældre og Sundhed, about 550 FTE);
- placebo: the leaf units under the first two områder of the second forvaltning (in
  the demo: dagtilbud and skoler of Børn og Unge).

The start date is the 1st of the month 18 months before the data's last month
(``initiative_start``): a year and a half before and after with the default three years.

Why 40 % and two områder: a unit of 50 people has few long spells a year, so its
monthly absence swings a lot; with ten units and 18 months after, the evaluation's
interval is about ± 20–25 % of the level. A simulation (20 seeds × 3 end dates, 3,000
employees, 3 years) finds the effect with factor 0.8 about half the time, 0.65 in 83 %,
0.6 in 90 %, and reports no change for the placebo in 93 %.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import polars as pl

from .frames import DemoData

SICK_TYPES = ("egen_sygdom", "graviditet")
DEFAULT_FACTOR = 0.6
AREAS = 2              # områder per initiative
MONTHS_BEFORE_END = 18


def initiative_start(end_date: dt.date) -> dt.date:
    """The 1st of the month 18 months before ``end_date``'s month."""
    index = end_date.year * 12 + end_date.month - 1 - MONTHS_BEFORE_END
    return dt.date(index // 12, index % 12 + 1, 1)


def _leaves_under_first_areas(units: pl.DataFrame, forvaltning_number: int) -> list[str]:
    parent = dict(zip(units["unit_id"].to_list(), units["parent_id"].to_list(), strict=True))
    roots = sorted(u for u, p in parent.items() if p is None)
    if not roots:
        return []
    forvaltninger = sorted(u for u, p in parent.items() if p == roots[0])
    if len(forvaltninger) <= forvaltning_number:
        return []
    areas = set(sorted(u for u, p in parent.items() if p == forvaltninger[forvaltning_number])[:AREAS])
    has_children = {p for p in parent.values() if p is not None}

    def under(unit: str | None) -> bool:
        while unit is not None:
            if unit in areas:
                return True
            unit = parent.get(unit)
        return False

    return sorted(u for u in parent if u not in has_children and u not in areas and under(u))


def effect_units(units: pl.DataFrame) -> list[str]:
    """The units of the initiative that worked (module docstring)."""
    return _leaves_under_first_areas(units, 0)


def placebo_units(units: pl.DataFrame) -> list[str]:
    """The units of the initiative that did not (module docstring)."""
    return _leaves_under_first_areas(units, 1)


def plant_initiative_effect(data: DemoData, *, end_date: dt.date, factor: float = DEFAULT_FACTOR,
                            seed: int = 1, unit_ids: list[str] | None = None,
                            start: dt.date | None = None) -> DemoData:
    """``data`` with the sick-absence records of ``unit_ids`` (default ``effect_units``)
    starting on or after ``start`` (default ``initiative_start(end_date)``) kept with
    probability ``factor``. ``factor`` 1 returns the data unchanged."""
    if not 0 <= factor <= 1:
        raise ValueError("factor must be between 0 and 1")
    if factor == 1:
        return data
    unit_ids = effect_units(data.units) if unit_ids is None else unit_ids
    start = initiative_start(end_date) if start is None else start
    employments = data.employments.filter(pl.col("unit_id").is_in(unit_ids))["employment_id"]
    absences = data.absences
    candidate = (absences["employment_id"].is_in(employments.implode())
                 & absences["type"].is_in(list(SICK_TYPES))
                 & (absences["start_date"] >= start)).to_numpy()
    rng = np.random.Generator(np.random.PCG64([seed, 8_0_6, start.toordinal()]))
    drop = candidate & (rng.random(absences.height) >= factor)
    return DemoData(units=data.units, employments=data.employments,
                    absences=absences.filter(pl.Series(~drop)))

"""The output frames in the shape of the import format: ids, dates, names, sort order."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import polars as pl

from .parameters import ABSENCE_TYPES, STAFF_GROUPS
from .people import Arrays, person_names
from .spells import Spells


@dataclass(frozen=True)
class DemoData:
    units: pl.DataFrame
    employments: pl.DataFrame
    absences: pl.DataFrame


def employment_order(employments: Arrays) -> np.ndarray:
    """Row order of the employments frame: by person (numbered in order of appearance), then start."""
    return np.lexsort((employments["second_of"] >= 0, employments["start"], employments["person"]))


def employments_frame(employments: Arrays, people: Arrays, order: np.ndarray, unit_ids: pl.Series,
                      unit_row: np.ndarray, p1: int) -> pl.DataFrame:
    person = employments["person"][order]
    end = employments["end"][order]
    return pl.DataFrame({
        "employment_id": format_id("A", np.arange(1, len(order) + 1), 7, len(order)),
        "employee_id": format_id("P", person + 1, 6, int(person.max(initial=0)) + 1),
        "name": person_names(people).gather(person),
        "unit_id": unit_ids.gather(unit_row[order]),
        "staff_group": pl.Series([g.name for g in STAFF_GROUPS], dtype=pl.String).gather(
            employments["group"][order]),
        "weekly_hours": employments["hours"][order].astype(np.float64),
        "start_date": pl.Series(employments["start"][order].astype(np.int32)).cast(pl.Date),
        "end_date": nullable_date(end, end >= p1),
        "birth_year": pl.Series(people["birth_year"][person], dtype=pl.Int64),
        "gender": pl.Series(np.where(people["female"][person], "K", "M"), dtype=pl.String),
        "hourly_cost": employments["cost"][order].astype(np.float64),
    })


def absences_frame(spells: Spells, order: np.ndarray) -> pl.DataFrame:
    """Absences sorted by employment and start; ``order`` is the employments frame's row order."""
    employment_number = np.empty(len(order), dtype=np.int64)
    employment_number[order] = np.arange(1, len(order) + 1)
    number = employment_number[spells.employment]
    sort = np.lexsort((spells.type, spells.start, number))
    number = number[sort]
    end = spells.end[sort]
    return pl.DataFrame({
        "absence_id": format_id("F", np.arange(1, len(number) + 1), 8, len(number)),
        "employment_id": format_id("A", number, 7, len(order)),
        "type": pl.Series(ABSENCE_TYPES, dtype=pl.String).gather(spells.type[sort]),
        "start_date": pl.Series(spells.start[sort].astype(np.int32)).cast(pl.Date),
        "end_date": nullable_date(end, end < 0),
        "degree": pl.Series(spells.degree[sort], dtype=pl.Int64),
        "hours": pl.Series(spells.hours[sort], dtype=pl.Float64, nan_to_null=True),
    })


def format_id(prefix: str, values: np.ndarray, width: int, largest: int) -> pl.Series:
    """``prefix`` + zero-padded number; the width fits ``largest`` so that all ids of a kind align."""
    w = max(width, len(str(largest)))
    digits = pl.Series(values, dtype=pl.Int64).cast(pl.String).str.zfill(w)
    return pl.select(pl.lit(prefix, dtype=pl.String) + digits).to_series()


def nullable_date(days: np.ndarray, is_null: np.ndarray) -> pl.Series:
    series = pl.Series(np.where(is_null, 0, days).astype(np.int32)).cast(pl.Date)
    return pl.select(pl.when(pl.Series(~is_null)).then(series).otherwise(None)).to_series()

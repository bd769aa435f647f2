"""How far back a change to the data reaches into the figures.

A record added, changed or removed from day d changes hours from d on, but it may also
join, split or lengthen a spell that began earlier, and a spell's band (short/long) is
decided by its whole length. So the figures change from the first day of any spell that
reaches d (or ends within a weekend-and-holiday gap before it).
"""

from __future__ import annotations

import datetime as dt

import polars as pl

from naervaer.core.metrics.config import MetricsConfig
from naervaer.core.metrics.days import EPOCH, DayCalendar, day_number
from naervaer.core.metrics.inputs import prepare
from naervaer.core.metrics.spells import assign_spells, summarise_spells

# Longest run of days off between two workdays (Easter: Wednesday to Tuesday) plus slack.
BRIDGE_DAYS = 10


def earliest_affected_day(
    *,
    units: pl.DataFrame,
    employments: pl.DataFrame,
    absences: pl.DataFrame,
    as_of: dt.date,
    changed_from: dt.date,
    config: MetricsConfig | None = None,
) -> dt.date:
    """The first day whose figures may differ after a change from ``changed_from`` on
    (computed on the data after the change)."""
    config = config or MetricsConfig()
    prepared = prepare(units, employments, absences, as_of, config)
    records = prepared.records.filter(pl.col("type").is_in(list(config.sick_types)))
    if records.is_empty():
        return changed_from
    calendar = DayCalendar.build(int(records["start"].min()),  # type: ignore[arg-type]
                                 max(int(records["end"].max()), day_number(as_of)),  # type: ignore[arg-type]
                                 config.extra_days_off)
    spells = summarise_spells(assign_spells(records, calendar), config.short_max_days)
    reaching = spells.filter(pl.col("last_day") >= day_number(changed_from) - BRIDGE_DAYS)
    if reaching.is_empty():
        return changed_from
    first = int(reaching["first_day"].min())  # type: ignore[arg-type]
    return min(changed_from, EPOCH + dt.timedelta(days=first))

"""How far back a change to the data reaches into the figures.

A record added, changed or removed from day d changes hours from d on, but it may also
join, split or lengthen a spell that began earlier, and a spell's band (short/long) is
decided by its whole length. So the figures change from the first day of any spell that
reaches d (or ends within a weekend-and-holiday gap before it) — unless that spell was
already long before d: what happens from d on cannot make it short again, so its earlier
months keep their figures, and only the gap before d (where its end or open state may
move) is affected.

"Before d" means the records that start before d, cut at d - 1: they are the same before
and after the change (an open record's part before d, too, when the reference date moves).
"""

from __future__ import annotations

import datetime as dt

import polars as pl

from naervaer.core.metrics.config import MetricsConfig
from naervaer.core.metrics.days import EPOCH, day_number
from naervaer.core.metrics.shared import MetricsData, given_or_built

# Longest run of days off between two workdays (Easter: Wednesday to Tuesday) plus slack.
BRIDGE_DAYS = 10


def first_changed_day(old: tuple[dt.date, dt.date | None], new: tuple[dt.date, dt.date | None],
                      *, otherwise_equal: bool) -> dt.date | None:
    """The first day on which a changed record (an absence or an employment, as
    ``(start, end)`` with ``None`` for open) covers other days or other values than it
    did; None when nothing differs. Only the end moved: the days up to the earlier end are
    the same, so the change starts the day after it (an open end lies after every day; a
    band that the longer or shorter spell changes is found by ``earliest_affected_day``).
    Anything else (start, type, degree, unit ...): the record differs from its earlier
    start on."""
    if not otherwise_equal or old[0] != new[0]:
        return min(old[0], new[0])
    ends = [end for end in (old[1], new[1]) if end is not None]
    if old[1] == new[1]:
        return None
    return min(ends) + dt.timedelta(days=1)


def earliest_affected_day(
    *,
    units: pl.DataFrame | None = None,
    employments: pl.DataFrame | None = None,
    absences: pl.DataFrame | None = None,
    as_of: dt.date | None = None,
    changed_from: dt.date,
    config: MetricsConfig | None = None,
    data: MetricsData | None = None,
) -> dt.date:
    """The first day whose figures may differ after a change from ``changed_from`` on
    (computed on the data after the change: the frames with ``as_of``, or ``data`` shared
    with the group tables that follow, whose spells it reuses)."""
    data = given_or_built(data, units=units, employments=employments, absences=absences,
                          as_of=as_of, config=config)
    config = data.config
    spell_records, spells = data.spell_records, data.spells
    if spell_records.is_empty():
        return changed_from
    changed_day = day_number(changed_from)
    reaching = spells.filter(pl.col("last_day") >= changed_day - BRIDGE_DAYS)
    if reaching.is_empty():
        return changed_from
    long_before = (
        spell_records.filter(pl.col("start") < changed_day)
        .group_by("spell")
        .agg(pl.min_horizontal(pl.col("end"), pl.lit(changed_day - 1)).max().alias("prefix_end"))
    )
    starts = reaching.join(long_before, on="spell", how="left").with_columns(
        settled=(pl.col("prefix_end") - pl.col("first_day") + 1) > config.short_max_days
    ).select(
        pl.when(pl.col("settled").fill_null(False))
        .then(pl.lit(changed_day - BRIDGE_DAYS))
        .otherwise(pl.col("first_day"))
        .alias("affected")
    )
    first = min(int(starts["affected"].min()), changed_day)  # type: ignore[arg-type]
    return EPOCH + dt.timedelta(days=first)

"""Calendar-month arithmetic shared by the pages, the report, targets, benchmarking and
evaluation (dates are ``datetime.date``; a month is named by its first day)."""

from __future__ import annotations

import datetime as dt


def month_start(day: dt.date) -> dt.date:
    return day.replace(day=1)


def add_months(day: dt.date, months: int) -> dt.date:
    """The first day of the month ``months`` after (or before) ``day``'s month."""
    index = day.year * 12 + day.month - 1 + months
    return dt.date(index // 12, index % 12 + 1, 1)


def shift_months(day: dt.date, months: int) -> dt.date:
    """``day`` moved ``months`` calendar months on (or back), kept within the month
    (31 January + 1 month = 28/29 February)."""
    first = add_months(day, months)
    return first.replace(day=min(day.day, month_end(first).day))


def month_end(day: dt.date) -> dt.date:
    return add_months(day, 1) - dt.timedelta(days=1)


def last_complete_month(as_of: dt.date) -> dt.date:
    """The last complete month at the reference date (the month itself on its last day):
    a half month is not compared with a whole one."""
    if as_of == month_end(as_of):
        return month_start(as_of)
    return add_months(month_start(as_of), -1)

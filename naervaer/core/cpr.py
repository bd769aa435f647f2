"""Recognise CPR-shaped values so that they are never stored as person keys."""

from __future__ import annotations

import datetime as dt
import re

_CPR = re.compile(r"^(\d{2})(\d{2})(\d{2})-?\d{4}$")


def is_cpr_shaped(value: str) -> bool:
    """True for 10 digits (optionally ``DDMMYY-XXXX``) whose first six are a valid date.

    There is no modulus-11 test: it was dropped in 2007 (spec/import-format.md).
    The century is unknown, so a date valid in either 19YY or 20YY counts.
    """
    match = _CPR.match(value.strip())
    if not match:
        return False
    day, month, year = (int(part) for part in match.groups())
    for century in (1900, 2000):
        try:
            dt.date(century + year, month, day)
        except ValueError:
            continue
        return True
    return False

"""Argument types shared by the ``naervaer`` management commands."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from django.core.management.base import CommandError

from naervaer.core.parsing import parse_date


def date_type(option: str | None = None) -> Callable[[str], dt.date]:
    """An argparse ``type`` for a date in any of the accepted formats; a bad value is a
    ``CommandError`` naming the option when given (``--end: …``)."""

    def parse(text: str) -> dt.date:
        try:
            return parse_date(text)
        except ValueError as error:
            raise CommandError(f"{option}: {error}" if option else str(error)) from None

    return parse

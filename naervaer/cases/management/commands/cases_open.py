"""``naervaer cases_open [--as-of DATE]``: open a case for every long (day 15+) or
frequent-absence spell that has follow-up tasks and no case yet. Idempotent; meant to
run right after ``naervaer followup`` in the daily job."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from naervaer.cases.services import cases_open_automatically
from naervaer.core.parsing import parse_date


def _date(text: str) -> dt.date:
    try:
        return parse_date(text)
    except ValueError as error:
        raise CommandError(str(error)) from None


class Command(BaseCommand):
    help = "Open the absence cases (sygefraværsforløb) that the stored follow-up tasks call for."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--as-of", type=_date, default=None)

    def handle(self, *args: Any, **options: Any) -> None:
        as_of: dt.date = options["as_of"] or dt.date.today()
        opened = cases_open_automatically(as_of=as_of)
        self.stdout.write(f"cases {as_of}: {len(opened)} opened or given their spell\n")

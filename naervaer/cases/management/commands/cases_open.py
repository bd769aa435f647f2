"""``naervaer cases_open [--as-of DATE]``: open a case for every long (day 15+) or
frequent-absence spell that has follow-up tasks and no case yet. Idempotent; meant to
run right after ``naervaer followup`` in the daily job."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from naervaer.cases.services import cases_open_automatically
from naervaer.commandline import date_type

_DATE = date_type()


class Command(BaseCommand):
    help = "Open the absence cases (sygefraværsforløb) that the stored follow-up tasks call for."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--as-of", type=_DATE, default=None)

    def handle(self, *args: Any, **options: Any) -> None:
        as_of: dt.date = options["as_of"] or dt.date.today()
        opened = cases_open_automatically(as_of=as_of)
        self.stdout.write(f"cases {as_of}: {len(opened)} opened or given their spell\n")

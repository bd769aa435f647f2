"""``naervaer demo``: fill an empty database with the demo municipality, or export it as CSV."""

from __future__ import annotations

import datetime as dt
import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from naervaer.commandline import date_type
from naervaer.demo.services import DEMO_PASSWORD, DemoNotEmpty, database_is_empty, demo_load


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise CommandError(f"'{text}' er ikke et helt tal") from None
    if value < 1:
        raise CommandError(f"'{text}' skal være mindst 1")
    return value


def default_end_date(today: dt.date) -> dt.date:
    """Yesterday: the demo reaches up to the present, as a live payroll feed would."""
    return today - dt.timedelta(days=1)


_DATE = date_type("--end")


class Command(BaseCommand):
    help = "Load the synthetic demo municipality into an empty database, or --export it as CSV."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--employees", type=_positive, default=3000)
        parser.add_argument("--years", type=_positive, default=3)
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument("--end", type=_DATE, default=None,
                            help="last day of the data (default: yesterday); fixes the output "
                                 "together with --seed")
        parser.add_argument("--export", metavar="DIR",
                            help="write units/employments/absences CSV files to DIR instead")
        parser.add_argument("--if-empty", action="store_true",
                            help="do nothing (and succeed) when the database holds data")

    def handle(self, *args: object, **options: object) -> None:
        end: dt.date = options["end"] or default_end_date(dt.date.today())  # type: ignore[assignment]
        employees, years, seed = options["employees"], options["years"], options["seed"]
        started = time.perf_counter()
        if options["export"]:
            from naervaer.demo.generator import generate, write_csv

            data = generate(employees=employees, years=years, seed=seed, end_date=end)  # type: ignore[arg-type]
            paths = write_csv(data, Path(str(options["export"])))
            for path in paths:
                self.stdout.write(f"{path}")
            self.stdout.write(f"Demodata skrevet på {time.perf_counter() - started:.1f} s.")
            return
        if options["if_empty"] and not database_is_empty():
            self.stdout.write("Databasen indeholder allerede data; demodata indlæses ikke.")
            return
        try:
            result, logins = demo_load(employees=employees, years=years, seed=seed,  # type: ignore[arg-type]
                                       end_date=end)
        except DemoNotEmpty as error:
            raise CommandError(f"{error}; demo fylder kun en tom database") from None
        for line in result.report_lines():
            self.stdout.write(line)
        self.stdout.write(f"Demo Kommune indlæst på {time.perf_counter() - started:.1f} s.")
        self.stdout.write(f"Demo-logins (adgangskode '{DEMO_PASSWORD}'):")
        for login in logins:
            self.stdout.write(f"  {login.username:<12} {login.role:<10} {login.scope}")

"""``naervaer refresh_metrics``: bring the stored metric cube up to date (run daily)."""

from __future__ import annotations

import datetime as dt

from django.core.management.base import BaseCommand, CommandError, CommandParser

from naervaer.core.parsing import parse_date
from naervaer.metrics.services import cube_refresh


class Command(BaseCommand):
    help = "Recompute what imports, setting changes or a new day made stale in the metric cube."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--as-of", default=None, help="reference date (default today)")
        parser.add_argument("--full", action="store_true", help="recompute everything")

    def handle(self, *args: object, **options: object) -> None:
        try:
            as_of = parse_date(str(options["as_of"])) if options["as_of"] else dt.date.today()
        except ValueError as error:
            raise CommandError(f"--as-of: {error}") from None
        result = cube_refresh(as_of=as_of, full=bool(options["full"]))
        since = f" fra {result.affected_from:%d-%m-%Y}" if result.affected_from else ""
        self.stdout.write(f"Nøgletal: {result.kind}{since}, {result.rows} rækker, "
                          f"{result.seconds:.1f} s.")

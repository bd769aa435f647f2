"""``naervaer purge --as-of DATE [--dry-run]``: delete or anonymise what is past its time
under the retention policy (docs/privacy.md) and print the counts per kind."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from naervaer.commandline import date_type
from naervaer.privacy.services import purge


class Command(BaseCommand):
    help = ("Slet eller anonymisér det, der har overskredet sin opbevaringsperiode pr. --as-of, "
            "og vis antallet pr. datatype (--dry-run: vis kun).")

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--as-of", type=date_type("--as-of"), required=True,
                            help="Dagen der regnes fra (fx i dag).")
        parser.add_argument("--dry-run", action="store_true",
                            help="Vis hvad der ville blive slettet og anonymiseret; ændr intet.")
        parser.add_argument("--no-refresh", action="store_true",
                            help="Genberegn ikke nøgletallene bagefter (det sker ved næste opdatering).")

    def handle(self, *args: Any, **options: Any) -> None:
        as_of: dt.date = options["as_of"]
        if as_of > timezone.localdate() and not options["dry_run"]:
            raise CommandError(f"--as-of: {as_of:%d-%m-%Y} ligger i fremtiden; det ville slette "
                               "oplysninger før tid (brug --dry-run for at se frem).")
        result = purge(as_of=as_of, dry_run=options["dry_run"], refresh=not options["no_refresh"])
        for line in result.report_lines():
            self.stdout.write(line)

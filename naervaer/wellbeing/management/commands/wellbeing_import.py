"""``naervaer wellbeing_import FILE...``: import well-being/APV scores (unit_id;year;
measure;value) all or nothing; every problem as ``file:line: column: message``."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from naervaer.wellbeing.importing import wellbeing_import


class Command(BaseCommand):
    help = "Import well-being and APV scores per unit and year (CSV or XLSX), all or nothing."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("files", nargs="+", help="CSV or XLSX files")
        parser.add_argument("--dry-run", action="store_true", help="validate and report only")

    def handle(self, *args: object, **options: object) -> None:
        files = []
        for raw in options["files"]:  # type: ignore[attr-defined]
            path = Path(raw)
            try:
                files.append((path.name, path.read_bytes()))
            except OSError as error:
                raise CommandError(f"{path}: kan ikke læses: {error.strerror}") from None
        result = wellbeing_import(files, dry_run=bool(options["dry_run"]))
        if not result.ok:
            for line in result.report_lines():
                self.stderr.write(line)
            raise CommandError(f"{len(result.problems)} fejl; intet er importeret")
        for line in result.report_lines():
            self.stdout.write(line)

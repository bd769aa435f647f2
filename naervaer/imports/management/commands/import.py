"""``naervaer import PATH...``: import payroll exports from files or folders."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from naervaer.commandline import date_type
from naervaer.imports.reading import table_of
from naervaer.imports.services import import_files
from naervaer.metrics.services import cube_refresh


def collect_files(paths: list[str]) -> list[Path]:
    """Files as given, and the export files (units/employments/absences) in given folders."""
    found: list[Path] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            matches = sorted(child for child in path.iterdir()
                             if child.is_file() and table_of(child.name))
            if not matches:
                raise CommandError(f"{path}: ingen units/employments/absences .csv/.xlsx i mappen")
            found.extend(matches)
        elif path.is_file():
            found.append(path)
        else:
            raise CommandError(f"{path}: findes ikke")
    return found


_DATE = date_type("--replace-absences-from")


class Command(BaseCommand):
    help = "Import units, employments and absences (CSV or XLSX) all or nothing."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("paths", nargs="+", help="files or folders")
        parser.add_argument("--dry-run", action="store_true", help="validate and report only")
        parser.add_argument("--no-refresh", action="store_true",
                            help="leave the metric cube stale (run `naervaer refresh_metrics`)")
        parser.add_argument("--replace-absences-from", type=_DATE, metavar="DATE",
                            help="delete absences of the imported employments from DATE "
                                 "that are not in the file")

    def handle(self, *args: object, **options: object) -> None:
        paths = collect_files(list(options["paths"]))  # type: ignore[call-overload]
        files = []
        for path in paths:
            try:
                files.append((path.name, path.read_bytes()))
            except OSError as error:
                raise CommandError(f"{path}: kan ikke læses: {error.strerror}") from None
        result = import_files(files=files, dry_run=bool(options["dry_run"]),
                              replace_absences_from=options["replace_absences_from"])  # type: ignore[arg-type]
        if not result.ok:
            for line in result.report_lines():
                self.stderr.write(line)
            raise CommandError(f"{len(result.problems)} fejl; intet er importeret")
        for line in result.report_lines():
            self.stdout.write(line)
        if not result.dry_run and not options["no_refresh"]:
            refreshed = cube_refresh(as_of=dt.date.today())
            self.stdout.write(f"Nøgletal opdateret ({refreshed.kind}, {refreshed.seconds:.1f} s).")

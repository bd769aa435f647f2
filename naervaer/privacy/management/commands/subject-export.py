"""``naervaer subject-export EMPLOYEE_ID --out DIR``: everything held about one employee
as ``DIR/<id>.json`` and ``DIR/<id>.pdf`` (the data subject's right of access, GDPR art. 15)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from naervaer.privacy.export import UnknownEmployee, subject_export


class Command(BaseCommand):
    help = "Udlevér alt om én medarbejder som JSON og PDF (indsigtsretten)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("employee_id", help="Medarbejderens employee_id fra lønsystemet.")
        parser.add_argument("--out", type=Path, required=True, help="Mappen filerne skrives i.")

    def handle(self, *args: Any, **options: Any) -> None:
        out: Path = options["out"]
        if out.exists() and not out.is_dir():
            raise CommandError(f"--out: {out} findes og er ikke en mappe.")
        try:
            written = subject_export(employee_id=options["employee_id"], out=out)
        except UnknownEmployee as error:
            raise CommandError(str(error)) from None
        for path in written:
            self.stdout.write(f"Skrev {path}")

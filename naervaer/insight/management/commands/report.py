"""``naervaer report --unit U --month YYYY-MM --out file.pdf``: the monthly report."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import translation

from naervaer.accounts.selectors import can_see_persons, can_see_unit
from naervaer.insight.report import report_pdf, report_selection
from naervaer.insight.selectors.unit import cube_bounds
from naervaer.organisation.models import Unit


def _month(value: str) -> dt.date:
    try:
        return dt.datetime.strptime(value, "%Y-%m").date()
    except ValueError:
        raise CommandError(f"--month: {value!r} is not a month like 2024-03") from None


class Command(BaseCommand):
    help = ("Write the monthly (or quarterly) absence report of a unit as PDF. Small groups "
            "are suppressed as in the aggregated views unless --user names a user who may see "
            "the unit's persons.")

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--unit", required=True, help="unit_id")
        parser.add_argument("--month", required=True, help="YYYY-MM")
        parser.add_argument("--quarter", action="store_true",
                            help="the quarter containing --month instead of the month")
        parser.add_argument("--scope", choices=["subtree", "own"], default="subtree")
        parser.add_argument("--staff-group", default="*")
        parser.add_argument("--user", help="produce the report with this user's rights")
        parser.add_argument("--language", choices=["da", "en"], default="da")
        parser.add_argument("--out", required=True, help="the PDF file to write")

    def handle(self, *args: Any, **options: Any) -> None:
        month = _month(options["month"])
        unit = Unit.objects.filter(unit_id=options["unit"]).first()
        if unit is None:
            raise CommandError(f"--unit: no unit with unit_id {options['unit']!r}")
        bounds = cube_bounds()
        if bounds is None:
            raise CommandError("no figures yet: import data or run `naervaer refresh_metrics`")
        if not bounds[1] <= month <= bounds[2]:
            raise CommandError(f"--month: the figures cover {bounds[1]:%Y-%m} to {bounds[2]:%Y-%m}")
        persons = False
        if options["user"]:
            user = get_user_model().objects.filter(username=options["user"]).first()
            if user is None:
                raise CommandError(f"--user: no user {options['user']!r}")
            if not can_see_unit(user, unit):
                raise CommandError(f"--user: {options['user']} may not see unit {unit.unit_id}")
            persons = can_see_persons(user, unit)
        selection = report_selection(month, quarter=options["quarter"], scope=options["scope"],
                                     staff_group=options["staff_group"])
        with translation.override(options["language"]):
            pdf = report_pdf(unit, selection, persons=persons)
        out = Path(options["out"])
        try:
            out.write_bytes(pdf)
        except OSError as error:
            raise CommandError(f"--out: cannot write {out}: {error.strerror}") from None
        self.stdout.write(f"{out}: {len(pdf):,} bytes")

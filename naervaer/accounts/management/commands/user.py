"""``naervaer user add|list``: create users with a role and scope, list them.

    echo "$PASSWORD" | naervaer user add anna --role leader --unit 1200 --password-stdin
    naervaer user list
"""

from __future__ import annotations

import sys
from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from naervaer.accounts.models import Profile, Role
from naervaer.accounts.services import user_create


class Command(BaseCommand):
    help = "Opret og vis brugere med rolle og enheder (add, list)."
    # Lets tests pass a stream: call_command("user", "add", ..., stdin=io.StringIO("pw\n")).
    stealth_options = ("stdin",)

    def add_arguments(self, parser: CommandParser) -> None:
        subcommands = parser.add_subparsers(dest="subcommand", required=True)
        add = subcommands.add_parser("add", help="Opret en bruger.")
        add.add_argument("username")
        add.add_argument("--role", required=True, choices=Role.values)
        add.add_argument(
            "--unit", dest="unit_ids", action="append", default=[], metavar="UNIT_ID",
            help="Enhedens unit_id (gentag for flere); kræves for leader og trio.",
        )
        add.add_argument("--employee", dest="employee_id", metavar="EMPLOYEE_ID",
                         help="Medarbejderens employee_id; kræves for employee.")
        add.add_argument("--email", default="", help="Adresse til advis om opfølgning.")
        add.add_argument("--password-stdin", action="store_true", required=True,
                         help="Læs adgangskoden fra første linje på stdin.")
        add.add_argument("--no-password-validation", action="store_true",
                         help="Spring Djangos adgangskoderegler over (kun til demo og test).")
        subcommands.add_parser("list", help="Vis alle brugere med rolle og scope.")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["subcommand"] == "add":
            self._add(options)
        else:
            self._list()

    def _add(self, options: dict[str, Any]) -> None:
        stream = options.get("stdin") or sys.stdin
        password = stream.readline().rstrip("\r\n")
        if not password:
            raise CommandError("Ingen adgangskode på stdin (tom første linje).")
        try:
            user = user_create(
                username=options["username"],
                password=password,
                role=options["role"],
                unit_ids=options["unit_ids"],
                employee_id=options["employee_id"],
                validate_password=not options["no_password_validation"],
                email=options["email"],
            )
        except ValidationError as error:
            raise CommandError("; ".join(error.messages)) from None
        self.stdout.write(f"Oprettede bruger {user.get_username()} ({options['role']}).")

    def _list(self) -> None:
        profiles = {
            profile.user_id: profile
            for profile in Profile.objects.select_related("employee").prefetch_related("units")
        }
        for user in get_user_model().objects.order_by("username"):
            profile = profiles.get(user.pk)
            role = "hr (superuser)" if user.is_superuser else (profile.role if profile else "-")
            scope = ""
            if profile is not None:
                units = ",".join(unit.unit_id for unit in profile.units.all())
                employee = profile.employee.employee_id if profile.employee else ""
                scope = " ".join(
                    part for part in (units and f"units={units}",
                                      employee and f"employee={employee}") if part
                )
            active = "" if user.is_active else " (inaktiv)"
            self.stdout.write(f"{user.get_username()}\t{role}\t{scope}{active}".rstrip())

"""The ``naervaer`` console command: Django's management commands plus the app's own."""

from __future__ import annotations

import os
import sys


def main(argv: list[str] | None = None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "naervaer.config.settings")
    from django.core.management import execute_from_command_line
    from django.db.utils import OperationalError, ProgrammingError

    args = list(sys.argv[1:] if argv is None else argv)
    try:
        execute_from_command_line(["naervaer", *args])
    except (OperationalError, ProgrammingError) as error:
        # Most often a database that was never migrated, or one that cannot be reached.
        sys.stderr.write(
            f"naervaer: database error: {error}\n"
            "Is the database reachable (DATABASE_URL), and has `naervaer migrate` been run?\n"
        )
        sys.exit(1)


if __name__ == "__main__":
    main()

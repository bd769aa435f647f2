"""``naervaer serve``: run the app under gunicorn, static files by WhiteNoise.

Gunicorn is driven in-process through its ``BaseApplication`` API, so the
``naervaer`` console command is the only entry point an operator needs. Static
files are collected into ``STATIC_ROOT`` first (quietly) and served by the
WhiteNoise middleware; no separate web server is required.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connections


def _positive_int(value: str) -> int:
    number = int(value)
    if number < 1:
        raise ValueError(value)
    return number


def _display_url(host: str, port: int) -> str:
    shown = host
    if ":" in host and not host.startswith("["):  # IPv6 literal
        shown = f"[{host}]"
    return f"http://{shown}:{port}/"


class Command(BaseCommand):
    help = "Serve Nærvær over HTTP with gunicorn (static files by WhiteNoise)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--host", default="127.0.0.1", help="Address to listen on (default 127.0.0.1).")
        parser.add_argument("--port", type=_positive_int, default=8000, help="TCP port (default 8000).")
        parser.add_argument(
            "--workers",
            type=_positive_int,
            default=2,
            help="Number of gunicorn worker processes (default 2).",
        )
        parser.add_argument(
            "--timeout",
            type=_positive_int,
            default=120,
            help="Seconds a request may take before its worker is restarted (default 120; "
            "large payroll uploads need more than gunicorn's 30).",
        )
        parser.add_argument(
            "--no-collectstatic",
            action="store_true",
            help="Skip `collectstatic` (files are then served from the app folders).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            from gunicorn.app.base import BaseApplication
        except ImportError as exc:  # pragma: no cover - gunicorn is a dependency
            raise CommandError("gunicorn is not installed") from exc

        host: str = options["host"]
        port: int = options["port"]
        bind_host = f"[{host}]" if ":" in host and not host.startswith("[") else host

        if options["no_collectstatic"]:
            # WhiteNoise warns about a missing STATIC_ROOT; the finders serve the files.
            Path(settings.STATIC_ROOT).mkdir(parents=True, exist_ok=True)
        else:
            call_command("collectstatic", interactive=False, verbosity=0)

        # Workers are forked from this process: hand them no open DB connection.
        connections.close_all()

        gunicorn_options: dict[str, Any] = {
            "bind": f"{bind_host}:{port}",
            "workers": options["workers"],
            "timeout": options["timeout"],
            "accesslog": "-",
            "errorlog": "-",
            "loglevel": "info",
            "proc_name": "naervaer",
            # Gunicorn >= 25.1 opens a control socket in ~/.gunicorn by default;
            # two servers on one machine would fight over it.
            "control_socket_disable": True,
        }

        class NaervaerApplication(BaseApplication):  # type: ignore[misc]
            def load_config(self) -> None:
                for key, value in gunicorn_options.items():
                    if key in self.cfg.settings:
                        self.cfg.set(key, value)

            def load(self) -> Any:
                from naervaer.config.wsgi import application

                return application

        self.stdout.write(f"Nærvær serving on {_display_url(host, port)}  (Ctrl-C stops)")
        self.stdout.flush()
        sys.stdout.flush()
        NaervaerApplication(prog="naervaer serve").run()

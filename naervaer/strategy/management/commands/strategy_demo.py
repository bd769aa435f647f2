"""``naervaer strategy_demo``: give the demo TRIO unit an annual wheel and an action plan."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from naervaer.strategy.demo import demo_strategy


class Command(BaseCommand):
    help = "Give the demo TRIO user's unit an annual wheel for this year and an active action plan."

    def handle(self, *args: Any, **options: Any) -> None:
        wheel = demo_strategy()
        if wheel is None:
            self.stdout.write("strategy_demo: no TRIO user with a unit; nothing done")
        else:
            self.stdout.write(f"strategy_demo: {wheel} with {wheel.meetings.count()} meetings")

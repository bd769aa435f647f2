"""`naervaer purge` (the subject export's command is tested in test_export.py)."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from naervaer.organisation.models import Absence


def _purge(*args: str) -> str:
    out = io.StringIO()
    call_command("purge", *args, stdout=out)
    return out.getvalue()


def test_dry_run_prints_the_counts_and_changes_nothing(held):
    absences = Absence.objects.count()
    text = _purge("--as-of", "2026-11-01", "--dry-run")
    assert "prøvekørsel: intet ændres" in text
    lines = {line.split("  ")[0].strip(): line for line in text.splitlines()}
    assert "1  ville blive slettet" in lines["Fraværsregistreringer"]
    assert "1  ville blive anonymiseret" in lines["Fratrådte medarbejdere"]
    assert Absence.objects.count() == absences


def test_real_run_purges_and_reports(held):
    text = _purge("--as-of", "01-11-2026", "--no-refresh")
    assert "udført" in text and "1  slettet" in text
    assert _purge("--as-of", "2026-11-01", "--no-refresh").count("      0  ") == 10  # every kind


def test_a_future_date_is_refused_unless_dry_run(held):
    future = (dt.date.today() + dt.timedelta(days=2)).isoformat()
    with pytest.raises(CommandError, match="ligger i fremtiden"):
        _purge("--as-of", future)
    assert "prøvekørsel" in _purge("--as-of", future, "--dry-run")


def test_a_bad_date_names_the_option(held):
    with pytest.raises(CommandError, match="--as-of"):
        _purge("--as-of", "31-02-2026")

"""`naervaer evaluate INITIATIVE_ID`."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import CommandError, call_command


def run(*args: str) -> str:
    out = StringIO()
    call_command("evaluate", *args, stdout=out)
    return out.getvalue()


def test_prints_effect_interval_and_verdict(org) -> None:
    text = run(str(org.initiative.pk))
    assert "Nærvær i område A" in text
    assert "Deltagende enheder (10)" in text
    assert "Måneder før/efter: 18/18" in text
    assert "Kategori: reduced" in text
    assert "95 % interval" in text
    assert "Sygefraværet faldt mere" in text


def test_unknown_initiative(org) -> None:
    with pytest.raises(CommandError, match="findes ikke"):
        run("999")

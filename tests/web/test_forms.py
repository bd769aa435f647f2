"""Model choice fields refuse keys beyond 64-bit integers as an invalid choice (not a
database error)."""

from __future__ import annotations

import pytest
from django import forms

from naervaer.organisation.models import Unit
from naervaer.web.forms import KeyModelChoiceField, KeyModelMultipleChoiceField
from tests.factories import make_unit


class Form(forms.Form):
    one = KeyModelChoiceField(queryset=Unit.objects.all(), required=False)
    many = KeyModelMultipleChoiceField(queryset=Unit.objects.all(), required=False)


@pytest.mark.django_db
@pytest.mark.parametrize("field", ["one", "many"])
@pytest.mark.parametrize("key", ["99999999999999999999999", "-99999999999999999999999", str(2**63)])
def test_huge_keys_are_invalid_choices(field: str, key: str) -> None:
    form = Form({field: key})
    assert not form.is_valid() and field in form.errors


@pytest.mark.django_db
def test_real_keys_still_work() -> None:
    unit = make_unit(unit_id="A", name="A")
    form = Form({"one": str(unit.pk), "many": [str(unit.pk)]})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["one"] == unit and list(form.cleaned_data["many"]) == [unit]

"""Form fields shared by the apps.

Django's model choice fields turn a posted key into a query; a key beyond the
database's 64-bit integers makes SQLite raise OverflowError and PostgreSQL a
DataError, both a 500 instead of "not one of the choices" (found by
tests/web/test_fuzz_forms.py). These fields refuse such keys first.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError

LARGEST_KEY = 2**63 - 1


def _out_of_range(value: Any) -> bool:
    try:
        return abs(int(str(value).strip())) > LARGEST_KEY
    except ValueError:
        return False  # not a number: Django's own validation answers it


class KeyModelChoiceField(forms.ModelChoiceField):
    """A ModelChoiceField over integer primary keys."""

    def to_python(self, value: Any) -> Any:
        if value not in self.empty_values and _out_of_range(value):
            raise ValidationError(self.error_messages["invalid_choice"], code="invalid_choice")
        return super().to_python(value)


class KeyModelMultipleChoiceField(forms.ModelMultipleChoiceField):
    """A ModelMultipleChoiceField over integer primary keys."""

    def _check_values(self, value: Any) -> Any:
        for key in value if isinstance(value, (list, tuple)) else [value]:
            if _out_of_range(key):
                raise ValidationError(self.error_messages["invalid_pk_value"], code="invalid_pk_value",
                                      params={"pk": key})
        return super()._check_values(value)  # type: ignore[misc]  # private in the stubs

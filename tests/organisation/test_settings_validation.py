from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from naervaer.organisation.models import OrganisationSettings


def test_defaults_are_valid():
    OrganisationSettings().full_clean()


@pytest.mark.parametrize(("field", "value"), [
    ("extra_days_off", ["24-12"]),
    ("extra_days_off", ["2025-02-30"]),
    ("extra_days_off", "12-24"),
    ("sick_types", ["ferie"]),
    ("sick_types", []),
    ("small_group_threshold", 0),
])
def test_unusable_settings_are_refused_with_the_field_named(field, value):
    settings = OrganisationSettings(**{field: value})

    with pytest.raises(ValidationError) as error:
        settings.full_clean()

    assert field in error.value.message_dict


def test_recurring_and_single_days_off_are_accepted():
    OrganisationSettings(extra_days_off=["12-24", "12-31", "2025-06-05"]).full_clean()

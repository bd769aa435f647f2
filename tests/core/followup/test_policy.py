"""Policies as data: validation with clear messages, dict and YAML round trips."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pytest

from naervaer.core.followup.policy import (
    PolicyError,
    Step,
    policy_from_dict,
    policy_from_yaml,
    policy_to_dict,
    policy_to_yaml,
    version_in_force,
)
from naervaer.core.followup.presets import HOSPITAL_1_5_15, KOEGE, LADDER_1_3_7, PRESETS


@pytest.mark.parametrize("name", sorted(PRESETS))
def test_every_preset_round_trips_through_yaml(name):
    policy = PRESETS[name]
    text = policy_to_yaml(policy)
    assert "effective_from: '2020-01-01'" in text or "effective_from: 2020-01-01" in text
    assert policy_from_yaml(text) == policy
    assert policy_from_dict(policy_to_dict(policy)) == policy


@pytest.mark.parametrize(("change", "message"), [
    ({"name": " "}, "name: must not be empty"),
    ({"notice_lead_days": 99}, "notice_lead_days"),
    ({"legal_conversation_day": 29}, "legal_conversation_day"),
])
def test_invalid_versions_name_the_field(change, message):
    with pytest.raises(PolicyError, match=message):
        replace(HOSPITAL_1_5_15, **change)


@pytest.mark.parametrize(("step", "message"), [
    (Step(code="x", title="X", action="dance", day=1), r"steps\[0\] \(x\): action must be one of"),
    (Step(code="x", title="X", action="contact", day=0), "day must be between 1 and 730"),
    (Step(code="legal_conversation", title="X", action="contact", day=1), "code is used twice"),
    (Step(code="x", title="X", action="contact", day=1, repeat_every=0), "repeat_every"),
    (Step(code="x", title="X", action="contact", day=1, condition="maybe"), "condition"),
])
def test_invalid_steps_name_the_step(step, message):
    with pytest.raises(PolicyError, match=message):
        replace(HOSPITAL_1_5_15, steps=(step,), triggers=())


def test_duplicate_step_codes_are_refused():
    step = Step(code="call", title="Ring", action="contact", day=1)
    with pytest.raises(PolicyError, match=r"steps\[1\] \(call\): code is used twice"):
        replace(HOSPITAL_1_5_15, steps=(step, step), triggers=())


@pytest.mark.parametrize(("text", "message"), [
    ("name: [unclosed", "line 1"),
    ("- a list", "policy: must be a mapping"),
    ("name: X\neffective_from: someday\n", "effective_from: must be a date"),
    ("name: X\neffective_from: 2025-01-01\nsteps:\n  - code: a\n    colour: red\n",
     r"steps\[0\]: unknown field\(s\): colour"),
    ("name: X\neffective_from: 2025-01-01\nsteps:\n  - code: a\n", r"steps\[0\]: missing"),
    ("name: X\neffective_from: 2025-13-01\n", "dates are written like"),
])
def test_bad_yaml_is_reported_with_where_and_why(text, message):
    with pytest.raises(PolicyError, match=message):
        policy_from_yaml(text)


def test_version_in_force_on_a_day():
    old = replace(HOSPITAL_1_5_15, effective_from=dt.date(2020, 1, 1))
    new = replace(LADDER_1_3_7, effective_from=dt.date(2025, 3, 1))
    assert version_in_force([old, new], dt.date(2025, 2, 28)) is old
    assert version_in_force([old, new], dt.date(2025, 3, 1)) is new
    assert version_in_force([new], dt.date(2024, 1, 1)) is None
    assert version_in_force([KOEGE], dt.date(2025, 1, 1)) is KOEGE

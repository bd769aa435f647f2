"""Absence policies as data (spec/followup.md, "Policy as data").

A policy version is a plain, immutable value: a long-absence ladder of steps, frequent-
absence triggers and the notice lead. It converts to and from a dict of plain values
(the YAML form); ``policy_from_dict`` says exactly where a definition is wrong.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass, field, fields
from typing import Any

ACTIONS = ("contact", "conversation", "invitation", "hr_involvement", "jobcenter", "plan_review",
           "risk_screening", "other")
RESPONSIBLE = ("leader", "hr")
DAY_COUNTS = ("calendar", "sick_workdays")
DAYS_MODES = ("total", "consecutive")
COMBINES = ("or", "and")
CONDITIONS = ("", "retention_plan", "no_retention_plan")


class PolicyError(ValueError):
    """A policy definition that cannot be used; the message names the field."""


@dataclass(frozen=True)
class Step:
    """A step of the long-absence ladder on day ``day`` of a spell (day 1 = first
    absence day), to be done within ``due_days`` days of its trigger."""

    code: str
    title: str
    action: str
    day: int
    due_days: int = 0
    responsible: str = "leader"
    participants: tuple[str, ...] = ()
    agenda: str = ""
    repeat_every: int | None = None   # recurs every K days from ``day`` while the spell lasts
    count: str = "calendar"           # or "sick_workdays": day N = the N-th sick workday
    after_return: bool = False        # ``day`` counts from the return (first day after the spell)
    min_spell_days: int = 0           # only for spells at least this long (after-return steps)
    condition: str = ""               # "", "retention_plan" or "no_retention_plan": the
    #                                   branch on whether a retention plan was made by then


@dataclass(frozen=True)
class FrequentTrigger:
    """"At least ``spells`` spells or/and at least ``days`` sick days within
    ``window_days``"; ``days_mode`` "consecutive" reads ``days`` as one spell of that many
    consecutive calendar days (the other reading of the hospital rule)."""

    code: str
    title: str
    window_days: int
    spells: int | None = None
    days: int | None = None
    combine: str = "or"
    days_mode: str = "total"
    due_days: int = 14


@dataclass(frozen=True)
class PolicyVersion:
    name: str
    effective_from: dt.date
    steps: tuple[Step, ...] = ()
    triggers: tuple[FrequentTrigger, ...] = ()
    notice_lead_days: int = 2
    legal_conversation_day: int = 8
    description: str = ""
    codes: tuple[str, ...] = field(init=False, default=())

    def __post_init__(self) -> None:
        object.__setattr__(self, "codes", tuple(step.code for step in self.steps)
                           + tuple(trigger.code for trigger in self.triggers))
        validate(self)


LEGAL_CODES = ("legal_conversation", "municipality_notice", "retention_plan_option",
               "fast_track_option")


def _fail(where: str, message: str) -> None:
    raise PolicyError(f"{where}: {message}")


def validate(policy: PolicyVersion) -> None:
    if not policy.name.strip():
        _fail("name", "must not be empty")
    if not 0 <= policy.notice_lead_days <= 60:
        _fail("notice_lead_days", "must be between 0 and 60")
    if not 1 <= policy.legal_conversation_day <= 28:
        _fail("legal_conversation_day", "must be between 1 and 28 (the law's four weeks)")
    seen: set[str] = set()
    for index, step in enumerate(policy.steps):
        where = f"steps[{index}] ({step.code or '?'})"
        if not step.code or not step.code.replace("_", "").isalnum():
            _fail(where, "code must be letters, digits and _")
        if step.code in seen or step.code in LEGAL_CODES:
            _fail(where, "code is used twice (or is a legal duty's code)")
        seen.add(step.code)
        if not step.title.strip():
            _fail(where, "title must not be empty")
        if step.action not in ACTIONS:
            _fail(where, f"action must be one of {', '.join(ACTIONS)}")
        if step.responsible not in RESPONSIBLE:
            _fail(where, f"responsible must be one of {', '.join(RESPONSIBLE)}")
        if step.count not in DAY_COUNTS:
            _fail(where, f"count must be one of {', '.join(DAY_COUNTS)}")
        if step.day < 1 or step.day > 730:
            _fail(where, "day must be between 1 and 730")
        if step.due_days < 0 or step.due_days > 365:
            _fail(where, "due_days must be between 0 and 365")
        if step.repeat_every is not None and not 1 <= step.repeat_every <= 365:
            _fail(where, "repeat_every must be between 1 and 365 days")
        if step.condition not in CONDITIONS:
            _fail(where, "condition must be empty, retention_plan or no_retention_plan")
        if step.after_return and (step.repeat_every or step.count != "calendar"):
            _fail(where, "an after-return step cannot repeat or count sick workdays")
    for index, trigger in enumerate(policy.triggers):
        where = f"triggers[{index}] ({trigger.code or '?'})"
        if not trigger.code or trigger.code in seen or trigger.code in LEGAL_CODES:
            _fail(where, "code must be set and unique")
        seen.add(trigger.code)
        if trigger.spells is None and trigger.days is None:
            _fail(where, "set spells, days or both")
        if trigger.combine not in COMBINES or trigger.days_mode not in DAYS_MODES:
            _fail(where, "combine must be or/and and days_mode total/consecutive")
        if not 1 <= trigger.window_days <= 730:
            _fail(where, "window_days must be between 1 and 730")
        for name in ("spells", "days"):
            value = getattr(trigger, name)
            if value is not None and not 1 <= value <= 365:
                _fail(where, f"{name} must be between 1 and 365")


def policy_to_dict(policy: PolicyVersion) -> dict[str, Any]:
    """Plain values only (dates as ISO text), in a stable order: the YAML export."""
    data = asdict(policy)
    data.pop("codes")
    data["effective_from"] = policy.effective_from.isoformat()
    data["steps"] = [{**step, "participants": list(step["participants"])} for step in data["steps"]]
    data["triggers"] = list(data["triggers"])
    return data


def _build(kind: type, where: str, values: object) -> Any:
    if not isinstance(values, dict):
        _fail(where, "must be a mapping")
    assert isinstance(values, dict)
    names = {item.name for item in fields(kind)}
    unknown = set(values) - names
    if unknown:
        _fail(where, f"unknown field(s): {', '.join(sorted(map(str, unknown)))}")
    try:
        return kind(**values)
    except TypeError as error:
        _fail(where, str(error).split("__init__() ")[-1])


def policy_from_dict(data: object) -> PolicyVersion:
    """A policy version from plain values (the YAML import), with a clear error."""
    if not isinstance(data, dict):
        _fail("policy", "must be a mapping")
    assert isinstance(data, dict)
    values = dict(data)
    try:
        values["effective_from"] = dt.date.fromisoformat(str(values.get("effective_from", "")))
    except ValueError:
        _fail("effective_from", "must be a date like 2025-01-01")
    steps = values.get("steps") or []
    triggers = values.get("triggers") or []
    if not isinstance(steps, list) or not isinstance(triggers, list):
        _fail("policy", "steps and triggers must be lists")
    built_steps = []
    for index, step in enumerate(steps):
        step = dict(step) if isinstance(step, dict) else step
        if isinstance(step, dict):
            step["participants"] = tuple(step.get("participants") or ())
        built_steps.append(_build(Step, f"steps[{index}]", step))
    values["steps"] = tuple(built_steps)
    values["triggers"] = tuple(_build(FrequentTrigger, f"triggers[{index}]", trigger)
                               for index, trigger in enumerate(triggers))
    values.pop("codes", None)
    return _build(PolicyVersion, "policy", values)  # type: ignore[no-any-return]


def version_in_force(versions: list[PolicyVersion], day: dt.date) -> PolicyVersion | None:
    """The version whose effective date is the latest on or before ``day``."""
    candidates = [version for version in versions if version.effective_from <= day]
    return max(candidates, key=lambda version: version.effective_from) if candidates else None


def policy_to_yaml(policy: PolicyVersion) -> str:
    import yaml

    return str(yaml.safe_dump(policy_to_dict(policy), sort_keys=False, allow_unicode=True))


def policy_from_yaml(text: str) -> PolicyVersion:
    """A policy version from its YAML form; a YAML syntax error names the line."""
    import yaml

    try:
        data = yaml.safe_load(text)
    except ValueError as error:  # PyYAML builds dates itself: 2025-13-01 fails there
        raise PolicyError(f"yaml: {error} (dates are written like 2025-01-01)") from None
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f"line {mark.line + 1}" if mark is not None else "yaml"
        raise PolicyError(f"{where}: {getattr(error, 'problem', None) or error}") from None
    if isinstance(data, dict) and isinstance(data.get("effective_from"), dt.date):
        data["effective_from"] = data["effective_from"].isoformat()
    return policy_from_dict(data)

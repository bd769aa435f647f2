"""Reads of HR's policy pages: the policies with their versions and users, the unit tree
with each unit's policy (own or inherited), and a version as the core value."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field

from naervaer.core.followup.policy import PolicyVersion as CorePolicyVersion
from naervaer.core.followup.policy import policy_from_dict
from naervaer.core.followup.presets import PRESETS
from naervaer.followup.models import Policy, PolicyVersion, UnitPolicy
from naervaer.organisation.models import OrganisationSettings, Unit


def as_core(version: PolicyVersion) -> CorePolicyVersion:
    """A stored version as the engine's value (the definition plus its effective date)."""
    return policy_from_dict({**version.definition,
                             "effective_from": version.effective_from.isoformat()})


def versions_of(policy: Policy) -> list[PolicyVersion]:
    return list(policy.versions.order_by("effective_from"))


def version_in_force(versions: list[PolicyVersion], day: dt.date) -> PolicyVersion | None:
    """The version in force on ``day`` (the latest effective on or before it)."""
    candidates = [version for version in versions if version.effective_from <= day]
    return candidates[-1] if candidates else None


def latest_version(policy: Policy) -> PolicyVersion | None:
    return policy.versions.order_by("-effective_from").first()


@dataclass
class UnitRow:
    """One unit of the tree and the policy it follows."""

    unit: Unit
    depth: int
    own: Policy | None = None
    policy: Policy | None = None
    source: Unit | None = None  # the unit whose link gives the policy (itself if own)


@dataclass
class PolicyRow:
    policy: Policy
    versions: list[PolicyVersion]
    current: PolicyVersion | None
    own_units: list[Unit] = field(default_factory=list)
    inherited: int = 0

    @property
    def preset_name(self) -> str:
        preset = PRESETS.get(self.policy.preset)
        return preset.name if preset is not None else self.policy.preset


def unit_rows() -> list[UnitRow]:
    """Every unit depth-first in tree order (siblings by name), each with its own policy
    link and the policy it follows (its own, else the nearest ancestor's). Two queries;
    the inheritance is resolved in memory from the parent links."""
    units = list(Unit.objects.order_by("depth", "name"))
    links = {link.unit_id: link.policy for link in UnitPolicy.objects.select_related("policy")}
    children: dict[int | None, list[Unit]] = {}
    known = {unit.pk for unit in units}
    for unit in units:
        parent = unit.parent_id if unit.parent_id in known else None
        children.setdefault(parent, []).append(unit)
    rows: list[UnitRow] = []
    stack: list[tuple[Unit, int, Policy | None, Unit | None]] = [
        (unit, 0, None, None) for unit in reversed(children.get(None, []))]
    while stack:
        unit, depth, policy, source = stack.pop()
        own = links.get(unit.pk)
        if own is not None:
            policy, source = own, unit
        rows.append(UnitRow(unit=unit, depth=depth, own=own, policy=policy, source=source))
        for child in reversed(children.get(unit.pk, [])):
            stack.append((child, depth + 1, policy, source))
    return rows


def policy_rows(day: dt.date, units: list[UnitRow] | None = None) -> list[PolicyRow]:
    """Every policy with its versions (the one in force on ``day``), the units linked to
    it and how many units inherit it."""
    units = unit_rows() if units is None else units
    followers = Counter(row.policy.pk for row in units if row.policy is not None and row.own is None)
    rows = []
    for policy in Policy.objects.prefetch_related("versions"):
        versions = sorted(policy.versions.all(), key=lambda version: version.effective_from)
        rows.append(PolicyRow(
            policy=policy, versions=versions, current=version_in_force(versions, day),
            own_units=[row.unit for row in units if row.own is not None and row.own.pk == policy.pk],
            inherited=followers[policy.pk]))
    return rows


def extra_days_off() -> tuple[str, ...]:
    """The organisation's extra days off, read without creating the settings row."""
    settings = OrganisationSettings.objects.filter(pk=1).first()
    return tuple(settings.extra_days_off) if settings is not None else ()

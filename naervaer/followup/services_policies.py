"""Writes of HR's policy pages. Versions are history: a new version must take effect
after the latest one, and only a version that has not yet taken effect may be deleted.
Every write is recorded in the audit log."""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from naervaer.accounts.services import audit_record
from naervaer.core.followup.policy import PolicyVersion as CorePolicyVersion
from naervaer.core.followup.presets import PRESETS
from naervaer.followup.models import Policy, PolicyVersion
from naervaer.followup.selectors_policies import as_core, latest_version
from naervaer.followup.services import (
    policy_create,
    policy_version_add,
    presets_install,
    unit_policy_set,
)
from naervaer.organisation.models import Unit

NAME_MAX = Policy._meta.get_field("name").max_length or 120


class PolicyRuleError(ValueError):
    """A write the policy rules do not allow; the message is for the user (Danish)."""


def _check_name(name: str) -> str:
    name = name.strip()
    if not name:
        raise PolicyRuleError(_("Politikken skal have et navn."))
    if len(name) > NAME_MAX:
        raise PolicyRuleError(_("Navnet må højst være %(max)d tegn.") % {"max": NAME_MAX})
    if Policy.objects.filter(name__iexact=name).exists():
        raise PolicyRuleError(_("Der findes allerede en politik med navnet »%(name)s«.") % {"name": name})
    return name


def check_effective_date(policy: Policy, effective_from: dt.date) -> None:
    """A new version takes effect after the latest version of the policy."""
    latest = latest_version(policy)
    if latest is not None and effective_from <= latest.effective_from:
        raise PolicyRuleError(_(
            "Ikrafttrædelsesdatoen skal ligge efter den seneste versions (%(date)s): "
            "versioner er historik og ændres ikke bagud.") % {
                "date": latest.effective_from.strftime("%d-%m-%Y")})


def policy_version_create(*, policy: Policy, version: CorePolicyVersion, user: Any,
                          how: str = "form") -> PolicyVersion:
    """Add ``version`` to ``policy`` (its effective date after the latest version's)."""
    with transaction.atomic():
        Policy.objects.select_for_update().filter(pk=policy.pk).first()
        check_effective_date(policy, version.effective_from)
        stored = policy_version_add(policy=policy, version=version, user=user)
        audit_record(user=user, action="policy_version_add", object_type="policy",
                     object_id=policy.pk, detail={"policy": policy.name, "how": how,
                                                  "effective_from": version.effective_from.isoformat()})
    return stored


def policy_import(*, version: CorePolicyVersion, user: Any, policy: Policy | None = None,
                  name: str = "") -> Policy:
    """An uploaded version: a new version of ``policy``, or a new policy named ``name``
    (default: the version's name). The version is stored exactly as uploaded."""
    if policy is not None:
        policy_version_create(policy=policy, version=version, user=user, how="import")
        return policy
    with transaction.atomic():
        created = policy_create(name=_check_name(name or version.name), version=version, user=user)
        audit_record(user=user, action="policy_create", object_type="policy", object_id=created.pk,
                     detail={"policy": created.name, "how": "import",
                             "effective_from": version.effective_from.isoformat()})
    return created


def policy_from_preset(*, key: str, name: str, user: Any,
                       effective_from: dt.date | None = None) -> Policy:
    """A new policy from a preset, named ``name`` (the version carries the same name, so
    tasks show it)."""
    if key not in PRESETS:
        raise PolicyRuleError(_("Ukendt skabelon."))
    with transaction.atomic():
        name = _check_name(name)
        preset = PRESETS[key]
        version = dataclasses.replace(preset, name=name,
                                      effective_from=effective_from or preset.effective_from)
        created = policy_create(name=name, version=version, preset=key, user=user)
        audit_record(user=user, action="policy_create", object_type="policy", object_id=created.pk,
                     detail={"policy": name, "how": "preset", "preset": key,
                             "effective_from": version.effective_from.isoformat()})
    return created


def policy_copy(*, policy: Policy, name: str, user: Any) -> Policy:
    """A new policy with every version of ``policy`` (same dates and rules, the new name),
    so a unit moved to the copy is followed up as before until the copy is changed."""
    with transaction.atomic():
        name = _check_name(name)
        copy = Policy.objects.create(name=name, preset=policy.preset)
        for stored in policy.versions.order_by("effective_from"):
            policy_version_add(policy=copy, version=dataclasses.replace(as_core(stored), name=name),
                               user=user)
        audit_record(user=user, action="policy_create", object_type="policy", object_id=copy.pk,
                     detail={"policy": name, "how": "copy", "from": policy.name})
    return copy


def policy_version_delete(*, version: PolicyVersion, today: dt.date, user: Any) -> None:
    """Delete a version that has not yet taken effect (never the policy's only one)."""
    if version.effective_from <= today:
        raise PolicyRuleError(_("En version, der er trådt i kraft, er historik og kan ikke slettes."))
    policy = version.policy
    if policy.versions.count() <= 1:
        raise PolicyRuleError(_("Politikkens eneste version kan ikke slettes."))
    with transaction.atomic():
        audit_record(user=user, action="policy_version_delete", object_type="policy",
                     object_id=policy.pk, detail={"policy": policy.name,
                                                  "effective_from": version.effective_from.isoformat()})
        version.delete()


def unit_policy_change(*, unit: Unit, policy: Policy | None, user: Any) -> None:
    """Attach ``policy`` to ``unit``, or detach its own (None: it inherits again)."""
    link = getattr(unit, "policy_link", None)
    before = link.policy.name if link is not None else None
    with transaction.atomic():
        unit_policy_set(unit=unit, policy=policy)
        audit_record(user=user, action="policy_attach" if policy is not None else "policy_detach",
                     object_type="unit", object_id=unit.unit_id,
                     detail={"before": before, "after": policy.name if policy is not None else None})


def presets_install_logged(*, user: Any) -> list[str]:
    """Install every preset not yet present (by name); the names of those created."""
    with transaction.atomic():
        existing = set(Policy.objects.values_list("pk", flat=True))
        installed = presets_install(user=user)
        created = sorted(policy.name for policy in installed.values() if policy.pk not in existing)
        audit_record(user=user, action="policy_presets_install", object_type="policy", object_id="",
                     detail={"created": created})
    return created

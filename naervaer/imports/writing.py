"""Upserts of validated rows, in bulk; each returns created/updated/unchanged(/deleted) counts.

Called only inside ``import_files``'s transaction, after every check has passed.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from naervaer.core.metrics.invalidation import first_changed_day
from naervaer.imports.validation import AbsenceRow, EmploymentRow, UnitRow
from naervaer.organisation.models import Absence, Employee, Employment, Unit
from naervaer.organisation.services import unit_tree_rebuild

BATCH = 2000
CHUNK = 900  # keys per IN (...) query, below SQLite's bound-parameter limit


def chunks(values: Sequence[Any]) -> Iterator[Sequence[Any]]:
    for start in range(0, len(values), CHUNK):
        yield values[start:start + CHUNK]


@dataclass
class ChangeLog:
    """What the derived figures must catch up with: the earliest day touched, and
    whether the unit tree changed (then everything must be recomputed)."""

    earliest: dt.date | None = None
    tree_changed: bool = False

    def touch(self, day: dt.date) -> None:
        if self.earliest is None or day < self.earliest:
            self.earliest = day

    def touch_change(self, old: tuple[Any, ...], new: tuple[Any, ...]) -> None:
        """A stored record changed from ``old`` to ``new`` (start, end, then the other
        values): figures change from its first differing day. A monthly export closing
        last month's open absences then marks them from their new end, not their start."""
        day = first_changed_day(old[:2], new[:2], otherwise_equal=old[2:] == new[2:])
        if day is not None:
            self.touch(day)


def _employment_values(employment: Employment) -> tuple[Any, ...]:
    return (employment.start_date, employment.end_date, employment.employee_id,
            employment.unit_id, employment.staff_group, employment.weekly_hours,
            employment.birth_year, employment.gender, employment.hourly_cost)


def _absence_values(absence: Absence) -> tuple[Any, ...]:
    return (absence.start_date, absence.end_date, absence.employment_id, absence.type,
            absence.degree, absence.hours)


def _counts(created: int, updated: int, total: int, deleted: int | None = None) -> dict[str, int]:
    counts = {"created": created, "updated": updated, "unchanged": total - created - updated}
    if deleted is not None:
        counts["deleted"] = deleted
    return counts


def _by_key(model: Any, field: str, keys: Sequence[str]) -> dict[str, Any]:
    found = {}
    ordered = sorted(set(keys))
    for chunk in chunks(ordered):
        found.update({getattr(obj, field): obj
                      for obj in model.objects.filter(**{f"{field}__in": chunk})})
    return found


def _split_upserts(
    model: Any, key_field: str, existing: dict[str, Any],
    keyed_values: Iterable[tuple[str, dict[str, Any]]],
) -> tuple[list[Any], list[Any]]:
    """New objects to create, and stored objects whose values differ (updated in place).

    Stored objects with equal values are left out, so an unchanged re-import writes nothing.
    """
    new, changed = [], []
    for key, values in keyed_values:
        stored = existing.get(key)
        if stored is None:
            new.append(model(**{key_field: key}, **values))
        elif any(getattr(stored, name) != value for name, value in values.items()):
            for name, value in values.items():
                setattr(stored, name, value)
            changed.append(stored)
    return new, changed


def write_units(rows: list[UnitRow], changes: ChangeLog) -> dict[str, int]:
    existing = {unit.unit_id: unit for unit in Unit.objects.select_related("parent")}
    new = [Unit(unit_id=row.unit_id, name=row.name, unit_type=row.unit_type)
           for row in rows if row.unit_id not in existing]
    Unit.objects.bulk_create(new, batch_size=BATCH)
    by_id = {unit.unit_id: unit for unit in Unit.objects.all()}
    changed = []
    updated = 0
    for row in rows:
        unit = by_id[row.unit_id]
        parent = by_id[row.parent_id] if row.parent_id else None
        values = (row.name, row.unit_type, parent.pk if parent else None)
        if (unit.name, unit.unit_type, unit.parent_id) != values:
            if row.unit_id in existing:
                updated += 1
            unit.name, unit.unit_type, unit.parent_id = values
            changed.append(unit)
    Unit.objects.bulk_update(changed, ["name", "unit_type", "parent"], batch_size=BATCH)
    if new or changed:
        unit_tree_rebuild()
        changes.tree_changed = True
    return _counts(len(new), updated, len(rows))


def _employees(rows: list[EmploymentRow]) -> dict[str, Employee]:
    names: dict[str, str] = {}
    for row in rows:  # the last non-empty name of a person wins
        if row.name or row.employee_id not in names:
            names[row.employee_id] = row.name
    existing = _by_key(Employee, "employee_id", list(names))
    Employee.objects.bulk_create(
        [Employee(employee_id=key, name=name) for key, name in names.items() if key not in existing],
        batch_size=BATCH)
    renamed = [employee for key, employee in existing.items()
               if names[key] and employee.name != names[key]]
    for employee in renamed:
        employee.name = names[employee.employee_id]
    Employee.objects.bulk_update(renamed, ["name"], batch_size=BATCH)
    return _by_key(Employee, "employee_id", list(names))


_EMPLOYMENT_FIELDS = ["employee", "unit", "staff_group", "weekly_hours", "start_date", "end_date",
                      "birth_year", "gender", "hourly_cost"]


def write_employments(rows: list[EmploymentRow], changes: ChangeLog) -> dict[str, int]:
    employees = _employees(rows)
    unit_pk = dict(Unit.objects.values_list("unit_id", "pk"))
    existing = _by_key(Employment, "employment_id", [row.employment_id for row in rows])
    stored = {key: _employment_values(employment) for key, employment in existing.items()}
    new, changed = _split_upserts(Employment, "employment_id", existing, (
        (row.employment_id, {
            "employee_id": employees[row.employee_id].pk, "unit_id": unit_pk[row.unit_id],
            "staff_group": row.staff_group, "weekly_hours": row.weekly_hours,
            "start_date": row.start_date, "end_date": row.end_date,
            "birth_year": row.birth_year, "gender": row.gender, "hourly_cost": row.hourly_cost,
        }) for row in rows))
    for employment in new:
        changes.touch(employment.start_date)
    for employment in changed:
        changes.touch_change(stored[employment.employment_id], _employment_values(employment))
    Employment.objects.bulk_create(new, batch_size=BATCH)
    Employment.objects.bulk_update(changed, _EMPLOYMENT_FIELDS, batch_size=BATCH)
    return _counts(len(new), len(changed), len(rows))


def write_absences(
    rows: list[AbsenceRow], replace_from: dt.date | None, touched_employments: Iterable[str],
    changes: ChangeLog,
) -> dict[str, int]:
    employment_pk = {
        key: employment.pk
        for key, employment in _by_key(
            Employment, "employment_id", sorted(set(touched_employments))).items()
    }
    employment_key = {pk: key for key, pk in employment_pk.items()}
    existing: dict[str, Absence] = {}
    pks = sorted(employment_pk.values())
    for chunk in chunks(pks):
        for absence in Absence.objects.filter(employment_id__in=chunk):
            existing[absence.key] = absence
    # Keys are global; an absence_id may also live on an employment not in this import.
    existing.update(_by_key(Absence, "key", [row.key for row in rows if row.key not in existing]))
    stored = {key: _absence_values(absence) for key, absence in existing.items()}
    new, changed = _split_upserts(Absence, "key", existing, (
        (row.key, {"employment_id": employment_pk[row.employment_id], "type": row.type,
                   "start_date": row.start_date, "end_date": row.end_date,
                   "degree": row.degree, "hours": row.hours}) for row in rows))
    for absence in new:
        changes.touch(absence.start_date)
    for absence in changed:
        changes.touch_change(stored[absence.key], _absence_values(absence))
    deleted = 0
    if replace_from is not None:
        in_file = {row.key for row in rows}
        stale_absences = [absence for absence in existing.values()
                          if absence.employment_id in employment_key
                          and absence.start_date >= replace_from and absence.key not in in_file]
        for absence in stale_absences:
            changes.touch(absence.start_date)
        stale = [absence.pk for absence in stale_absences]
        for chunk in chunks(stale):
            deleted += Absence.objects.filter(pk__in=chunk).delete()[0]
    Absence.objects.bulk_create(new, batch_size=BATCH)
    Absence.objects.bulk_update(
        changed, ["employment", "type", "start_date", "end_date", "degree", "hours"],
        batch_size=BATCH)
    return _counts(len(new), len(changed), len(rows), deleted if replace_from else None)

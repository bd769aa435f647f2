"""The three tables' columns (spec/import-format.md) and how unknown columns are treated."""

from __future__ import annotations

import re

REQUIRED = True
OPTIONAL = False

COLUMNS: dict[str, dict[str, bool]] = {
    "units": {"unit_id": REQUIRED, "name": REQUIRED, "parent_id": OPTIONAL, "unit_type": OPTIONAL},
    "employments": {
        "employment_id": REQUIRED, "employee_id": REQUIRED, "name": OPTIONAL,
        "unit_id": REQUIRED, "staff_group": REQUIRED, "weekly_hours": REQUIRED,
        "start_date": REQUIRED, "end_date": OPTIONAL, "birth_year": OPTIONAL,
        "gender": OPTIONAL, "hourly_cost": OPTIONAL,
    },
    "absences": {
        "absence_id": OPTIONAL, "employment_id": REQUIRED, "type": REQUIRED,
        "start_date": REQUIRED, "end_date": OPTIONAL, "degree": OPTIONAL, "hours": OPTIONAL,
    },
}

ABSENCE_TYPES = (
    "egen_sygdom", "graviditet", "arbejdsskade", "barns_sygdom", "barsel", "ferie", "andet",
)

# Columns are never imported, and the report says so, when their header suggests health
# information (medical details, a cause, a free-text remark).
_HEALTH_HEADER = re.compile(
    r"diagnos|icd|sygdom|årsag|aarsag|arsag|cause|reason|lidelse|symptom|helbred|health|"
    r"bemærk|bemaerk|kommentar|comment|note|notat|beskriv|descr|fritekst|tekst|text|remark"
)
_WORDS = re.compile(r"[A-Za-zÆØÅæøå]{3,}")


def looks_like_health_text(header: str, values: list[str]) -> bool:
    """A column is treated as possible health information when its name says so, or when
    it holds free text (words) in most of its filled cells."""
    if _HEALTH_HEADER.search(header):
        return True
    filled = [value for value in values if value]
    if not filled:
        return False
    wordy = sum(1 for value in filled if " " in value and _WORDS.search(value))
    return wordy >= max(1, len(filled) // 2)

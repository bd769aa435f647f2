"""Organisation and absence data as imported from payroll (see spec/import-format.md)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _


class Unit(models.Model):
    """An organisation unit; the tree is the parent link plus a closure table."""

    unit_id = models.CharField(max_length=64, unique=True)
    name = models.CharField(max_length=255)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    unit_type = models.CharField(max_length=64, blank=True)
    depth = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["depth", "name"]

    def __str__(self) -> str:
        return f"{self.name} ({self.unit_id})"


class UnitClosure(models.Model):
    """One row per (ancestor, descendant) pair, a unit being its own ancestor at distance 0.

    "All descendants of a unit" is then one indexed query:
    ``Unit.objects.filter(ancestor_links__ancestor=unit)``.
    """

    ancestor = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="descendant_links")
    descendant = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="ancestor_links")
    distance = models.PositiveSmallIntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["ancestor", "descendant"], name="unit_closure_pair")
        ]
        indexes = [models.Index(fields=["descendant", "distance"], name="unit_closure_up")]

    def __str__(self) -> str:
        return f"{self.ancestor_id} → {self.descendant_id} ({self.distance})"


class Employee(models.Model):
    """A person, keyed by the payroll system's person key (never a CPR number)."""

    employee_id = models.CharField(max_length=64, unique=True)
    name = models.CharField(max_length=255, blank=True)

    class Meta:
        ordering = ["name", "employee_id"]

    def __str__(self) -> str:
        return self.name or self.employee_id


class Gender(models.TextChoices):
    FEMALE = "K", _("Kvinde")
    MALE = "M", _("Mand")


class Employment(models.Model):
    """An employment (ansættelse) of one employee in one unit."""

    employment_id = models.CharField(max_length=64, unique=True)
    employee = models.ForeignKey(Employee, on_delete=models.CASCADE, related_name="employments")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="employments")
    staff_group = models.CharField(max_length=128)
    weekly_hours = models.DecimalField(max_digits=5, decimal_places=2)
    start_date = models.DateField()
    end_date = models.DateField(null=True, blank=True)
    birth_year = models.PositiveSmallIntegerField(null=True, blank=True)
    gender = models.CharField(max_length=1, choices=Gender.choices, blank=True)
    hourly_cost = models.DecimalField(max_digits=9, decimal_places=2, null=True, blank=True)

    class Meta:
        ordering = ["start_date", "employment_id"]
        indexes = [models.Index(fields=["unit", "start_date"], name="employment_unit_start")]

    def __str__(self) -> str:
        return self.employment_id


class AbsenceType(models.TextChoices):
    OWN_SICKNESS = "egen_sygdom", _("Egen sygdom")
    PREGNANCY = "graviditet", _("Graviditetsbetinget sygdom")
    WORK_INJURY = "arbejdsskade", _("Arbejdsskade")
    CHILD_SICKNESS = "barns_sygdom", _("Barns sygdom")
    PARENTAL_LEAVE = "barsel", _("Barsel")
    HOLIDAY = "ferie", _("Ferie")
    OTHER = "andet", _("Andet")


class Absence(models.Model):
    """An absence record. ``key`` is ``absence_id`` or, when the export has none,
    ``employment_id|type|start_date`` (spec/import-format.md)."""

    key = models.CharField(max_length=160, unique=True)
    employment = models.ForeignKey(Employment, on_delete=models.CASCADE, related_name="absences")
    type = models.CharField(max_length=20, choices=AbsenceType.choices)
    start_date = models.DateField()
    end_date = models.DateField(null=True, blank=True)
    degree = models.PositiveSmallIntegerField(default=100)
    hours = models.DecimalField(max_digits=8, decimal_places=2, null=True, blank=True)

    class Meta:
        ordering = ["start_date", "key"]
        indexes = [
            models.Index(fields=["employment", "start_date"], name="absence_employment_start")
        ]

    def __str__(self) -> str:
        return f"{self.type} {self.start_date}–{self.end_date or ''}"


def default_sick_types() -> list[str]:
    return ["egen_sygdom", "graviditet"]


def default_spell_bands() -> list[dict]:
    return [{"code": "short", "min_days": 1, "max_days": 14},
            {"code": "long", "min_days": 15, "max_days": None}]


def default_distribution_bands() -> list[list[int | None]]:
    return [[1, 1], [2, 3], [4, 14], [15, 29], [30, 56], [57, None]]


class OrganisationSettings(models.Model):
    """The organisation's settings; a single row (pk=1), see ``selectors.get_settings``."""

    name = models.CharField(max_length=255, default="Organisation")
    # "MM-DD" recurs every year (e.g. "12-24"); "YYYY-MM-DD" is one date.
    extra_days_off = models.JSONField(default=list, blank=True)
    sick_types = models.JSONField(default=default_sick_types)
    spell_bands = models.JSONField(default=default_spell_bands)
    distribution_bands = models.JSONField(default=default_distribution_bands)
    small_group_threshold = models.PositiveSmallIntegerField(default=5)
    holiday_deduction_days = models.PositiveSmallIntegerField(default=0)
    default_hourly_cost = models.DecimalField(max_digits=9, decimal_places=2, default=250)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("organisationsindstillinger")

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        """Refuse settings the calendar and the metrics could not use (admin and forms)."""
        from django.utils.translation import gettext

        from naervaer.core.calendar import parse_extra_day_off

        errors: dict[str, list[str]] = {}
        if not isinstance(self.extra_days_off, list):
            errors["extra_days_off"] = [gettext("Skal være en liste, fx [\"12-24\", \"2025-06-05\"].")]
        else:
            for entry in self.extra_days_off:
                try:
                    parse_extra_day_off(str(entry))
                except ValueError:
                    errors.setdefault("extra_days_off", []).append(
                        gettext("'%(entry)s' er hverken MM-DD eller ÅÅÅÅ-MM-DD.") % {"entry": entry})
        known = set(AbsenceType.values) - {AbsenceType.HOLIDAY}
        if not isinstance(self.sick_types, list) or not self.sick_types or not set(
                self.sick_types) <= known:
            errors["sick_types"] = [gettext("Vælg en eller flere af: %(types)s.")
                                    % {"types": ", ".join(sorted(known))}]
        if self.small_group_threshold < 1:
            errors["small_group_threshold"] = [gettext("Skal være mindst 1.")]
        if errors:
            raise ValidationError(errors)

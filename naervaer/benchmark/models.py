"""National reference rates per staff group: the alternative reference for small
organisations (spec/benchmark.md, "Model"), a small table HR edits."""

from __future__ import annotations

from decimal import Decimal

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _


class NationalReferenceRate(models.Model):
    """The national sick-absence percentage of one staff group (sick hours / possible
    hours × 100, as Danmarks Statistik and KRL publish it)."""

    staff_group = models.CharField(_("personalegruppe"), max_length=128, unique=True)
    absence_pct = models.DecimalField(
        _("sygefravær i procent"), max_digits=5, decimal_places=2,
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("100"))])
    source = models.CharField(_("kilde"), max_length=255, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["staff_group"]
        verbose_name = _("landstal for en personalegruppe")
        verbose_name_plural = _("landstal for personalegrupper")

    def __str__(self) -> str:
        return f"{self.staff_group}: {self.absence_pct} %"

    @property
    def rate(self) -> float:
        """Sick days per possible day."""
        return float(self.absence_pct) / 100

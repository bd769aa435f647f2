"""How long each kind of person data is kept, and which employees have been anonymised."""

from __future__ import annotations

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from naervaer.core.retention import RetentionPeriods

_DEFAULTS = RetentionPeriods()
_YEARS = [MinValueValidator(1), MaxValueValidator(50)]


class RetentionPolicy(models.Model):
    """A single row (pk=1, created with the defaults by a data migration): the retention period
    of each kind of data, in whole years (defaults and reasons: docs/privacy.md)."""

    absence_years = models.PositiveSmallIntegerField(
        _("fraværsregistreringer (år)"), default=_DEFAULTS.absence_years, validators=_YEARS,
        help_text=_("Fraværsregistreringer, sygemeldinger og opfølgningsopgaver slettes ved "
                    "udgangen af det så mange år efter det kalenderår, fraværet sluttede "
                    "(bogføringslovens 5 år)."))
    case_years = models.PositiveSmallIntegerField(
        _("sygefraværsforløb og samtaler (år)"), default=_DEFAULTS.case_years, validators=_YEARS,
        help_text=_("Afsluttede forløb med samtalereferater, fastholdelsesplaner og hændelser "
                    "slettes så mange år efter, forløbet blev afsluttet (Datatilsynet: "
                    "personaleoplysninger højst 5 år efter fratræden)."))
    former_employee_years = models.PositiveSmallIntegerField(
        _("fratrådte medarbejderes identitet (år)"), default=_DEFAULTS.former_employee_years,
        validators=_YEARS,
        help_text=_("Navn og nøgler på fratrådte medarbejdere erstattes af et pseudonym så mange "
                    "år efter den sidste ansættelses ophør. Enhed, personalegruppe og datoer "
                    "bevares, så historiske tal for enhederne ikke ændrer sig."))
    audit_months = models.PositiveSmallIntegerField(
        _("adgangslog (måneder)"), default=_DEFAULTS.audit_months,
        validators=[MinValueValidator(6), MaxValueValidator(600)],
        help_text=_("Hændelser i adgangsloggen (hvem så eller ændrede hvad) slettes så mange "
                    "måneder efter, de blev skrevet (mindst 6 måneder)."))
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("opbevaringsperioder")
        verbose_name_plural = _("opbevaringsperioder")

    def __str__(self) -> str:
        return str(_("Opbevaringsperioder"))

    def periods(self) -> RetentionPeriods:
        return RetentionPeriods(absence_years=self.absence_years, case_years=self.case_years,
                                former_employee_years=self.former_employee_years,
                                audit_months=self.audit_months)


class Anonymisation(models.Model):
    """An employee whose identity the purge replaced by a pseudonym (nothing of the old
    identity is kept here)."""

    employee = models.OneToOneField("organisation.Employee", on_delete=models.CASCADE,
                                    related_name="anonymisation")
    as_of = models.DateField()
    anonymised_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("anonymisering")

    def __str__(self) -> str:
        return f"{self.employee} ({self.as_of})"

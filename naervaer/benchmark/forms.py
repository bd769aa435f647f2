"""The benchmark page's selection (in the URL) and the national reference rates form."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.forms import BaseModelFormSet, modelformset_factory
from django.utils.translation import gettext_lazy as _

from naervaer.benchmark.models import NationalReferenceRate

ALL = "*"


class BenchmarkForm(forms.Form):
    periode = forms.DateField(label=_("Rullende 12 måneder til og med"), required=False,
                              input_formats=["%Y-%m"],
                              widget=forms.DateInput(attrs={"type": "month"}, format="%Y-%m"))
    gruppe = forms.ChoiceField(label=_("Personalegruppe"), required=False)
    reference = forms.ChoiceField(label=_("Sammenlign med"), required=False, choices=[
        ("own", _("Organisationens egen model")), ("national", _("Landstal pr. personalegruppe"))])
    enhedstype = forms.BooleanField(label=_("Justér også for enhedstype"), required=False)

    def __init__(self, data: object, *, staff_groups: list[str], first_month: dt.date,
                 last_month: dt.date) -> None:
        super().__init__(data)  # type: ignore[arg-type]
        self.first_month, self.last_month = first_month, last_month
        field = self.fields["gruppe"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [(ALL, _("Alle")), *((group, group) for group in staff_groups)]

    def clean_periode(self) -> dt.date | None:
        value = self.cleaned_data.get("periode")
        if value is not None and not self.first_month <= value <= self.last_month:
            raise forms.ValidationError(
                _("Vælg en måned mellem %(first)s og %(last)s."),
                params={"first": self.first_month.strftime("%m-%Y"),
                        "last": self.last_month.strftime("%m-%Y")})
        return value


RateFormSet: type[BaseModelFormSet] = modelformset_factory(
    NationalReferenceRate, fields=("staff_group", "absence_pct", "source"), extra=3, can_delete=True)

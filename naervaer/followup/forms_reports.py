"""Forms for sick reports (sygemelding) and returns (raskmelding)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from naervaer.followup.models import ReportChannel


class SickReportForm(forms.Form):
    employee_id = forms.CharField(label=_("Medarbejder (medarbejdernummer)"), max_length=64)
    first_day = forms.DateField(label=_("Første sygedag"), widget=forms.DateInput(attrs={"type": "date"}))
    channel = forms.ChoiceField(label=_("Meldt via"), choices=ReportChannel.choices)
    reported_to = forms.CharField(label=_("Meldt til"), max_length=120, required=False,
                                  help_text=_("Fx lederens navn. Skriv ikke årsagen til fraværet."))


class ReturnForm(forms.Form):
    returned_on = forms.DateField(label=_("Første dag tilbage på arbejde"),
                                  widget=forms.DateInput(attrs={"type": "date"}))

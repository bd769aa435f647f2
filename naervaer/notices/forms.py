from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from naervaer.notices.models import NoticePreference


class NoticePreferenceForm(forms.ModelForm):
    class Meta:
        model = NoticePreference
        fields = ["mode", "weekday"]
        labels = {"mode": _("Hvordan vil du have advis?"),
                  "weekday": _("Ugedag for den samlede e-mail")}
        help_texts = {"weekday": _("Bruges kun ved én samlet e-mail om ugen.")}
        widgets = {"mode": forms.RadioSelect,
                   "weekday": forms.Select(attrs={"aria-describedby": "id_weekday-help"})}

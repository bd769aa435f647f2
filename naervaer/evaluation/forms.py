"""Creating an initiative."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from naervaer.evaluation.models import Initiative
from naervaer.organisation.models import Unit
from naervaer.web.forms import KeyModelMultipleChoiceField


class UnitChoices(KeyModelMultipleChoiceField):
    def label_from_instance(self, obj: Unit) -> str:  # type: ignore[override]
        return f"{'  ' * obj.depth}{obj.name} ({obj.unit_id})"


class InitiativeForm(forms.ModelForm):
    units = UnitChoices(queryset=Unit.objects.order_by("unit_id"), label=_("Enheder"),
                        help_text=_("Enheder under de valgte er med. Hold Ctrl nede for at vælge flere."),
                        widget=forms.SelectMultiple(attrs={"size": 12}))

    class Meta:
        model = Initiative
        fields = ["name", "description", "start_date", "units"]
        labels = {"name": _("Navn"), "description": _("Beskrivelse"), "start_date": _("Startdato")}
        widgets = {"start_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
                   "description": forms.Textarea(attrs={"rows": 3})}

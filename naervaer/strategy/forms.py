"""Forms of the plan, template, wheel and meeting pages."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from naervaer.strategy.models import ActionStatus, CoreElement, PlanStatus

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


class TemplateForm(forms.Form):
    name = forms.CharField(label=_("Navn"), max_length=120)
    headings = forms.CharField(label=_("Overskrifter (én pr. linje)"),
                               widget=forms.Textarea(attrs={"rows": 9}))

    def clean_headings(self) -> list[str]:
        headings = lines(self.cleaned_data["headings"])
        if not headings:
            raise forms.ValidationError(_("Skriv mindst én overskrift."))
        return headings


class PlanForm(forms.Form):
    """One text field per heading (``heading_0`` …), the status and the revision date."""

    status = forms.ChoiceField(label=_("Status"), choices=PlanStatus.choices)
    revise_by = forms.DateField(label=_("Revideres senest"), required=False, widget=DATE_WIDGET,
                                help_text=_("Sættes af årshjulet, når et møde er markeret som "
                                            "revision af handleplanen."))

    def __init__(self, *args: Any, headings: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.headings = headings
        for number, heading in enumerate(headings):
            self.fields[f"heading_{number}"] = forms.CharField(
                label=heading, required=False, widget=forms.Textarea(attrs={"rows": 4}))

    def body(self) -> dict[str, str]:
        return {heading: self.cleaned_data.get(f"heading_{number}", "")
                for number, heading in enumerate(self.headings)}

    def heading_fields(self) -> list[forms.BoundField]:
        return [self[f"heading_{number}"] for number in range(len(self.headings))]


class ActionForm(forms.Form):
    text = forms.CharField(label=_("Handling"), widget=forms.Textarea(attrs={"rows": 2}))
    owner = forms.CharField(label=_("Ansvarlig"), max_length=150, required=False)
    deadline = forms.DateField(label=_("Frist"), required=False, widget=DATE_WIDGET)
    status = forms.ChoiceField(label=_("Status"), choices=ActionStatus.choices,
                               initial=ActionStatus.OPEN)
    core_element = forms.ChoiceField(label=_("Kerneelement"), choices=CoreElement.choices)


class ActionStatusForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=ActionStatus.choices)


class MeetingForm(forms.Form):
    date = forms.DateField(label=_("Dato"), widget=DATE_WIDGET)
    topic = forms.CharField(label=_("Månedens emne"), max_length=200, required=False)
    standing_items = forms.CharField(label=_("Faste punkter (én pr. linje)"), required=False,
                                     widget=forms.Textarea(attrs={"rows": 7}))
    revises_plan = forms.BooleanField(label=_("Handleplanen revideres på mødet"), required=False)


class MinutesForm(forms.Form):
    minutes = forms.CharField(label=_("Referat"), required=False,
                              widget=forms.Textarea(attrs={"rows": 6}))


class DecisionForm(forms.Form):
    text = forms.CharField(label=_("Beslutning"), widget=forms.Textarea(attrs={"rows": 2}))


class DecisionActionForm(forms.Form):
    owner = forms.CharField(label=_("Ansvarlig"), max_length=150, required=False)
    deadline = forms.DateField(label=_("Frist"), required=False, widget=DATE_WIDGET)
    core_element = forms.ChoiceField(label=_("Kerneelement"), choices=CoreElement.choices)


class OverviewForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), required=False, choices=[
        ("", _("Alle")), ("none", _("Ingen plan")), ("draft", _("Kladde")), ("active", _("Aktiv")),
        ("overdue", _("Revision overskredet"))])
    q = forms.CharField(label=_("Enhed"), required=False, max_length=100)

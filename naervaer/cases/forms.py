"""Forms of the case pages. Free-text fields carry the privacy hint in their help text;
the templates also show it above every form with free text."""

from __future__ import annotations

from typing import Any

from django import forms
from django.forms import formset_factory
from django.utils.translation import gettext_lazy as _

from naervaer.cases.models import (
    PARTICIPANTS,
    RISK_INDICATORS,
    CaseOutcome,
    ConversationKind,
    EventKind,
    EventStatus,
)
from naervaer.cases.services import WeekInput

PRIVACY_HINT = _("Skriv ikke helbredsoplysninger/diagnoser")
DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
DATE_FORMATS = ["%Y-%m-%d", "%d-%m-%Y", "%d.%m.%Y"]


class IdForm(forms.Form):
    """Several forms share a page: each class gives its fields their own HTML ids."""

    id_prefix = "forloeb"

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", f"{self.id_prefix}_%s")
        super().__init__(*args, **kwargs)


def _date_field(label: Any, required: bool = True) -> forms.DateField:
    return forms.DateField(label=label, required=required, widget=DATE_WIDGET,
                           input_formats=DATE_FORMATS)


def _text(label: Any, rows: int = 4, max_length: int | None = None) -> forms.CharField:
    return forms.CharField(label=label, required=False, max_length=max_length, help_text=PRIVACY_HINT,
                           widget=forms.Textarea(attrs={"rows": rows}))


class ConversationForm(IdForm):
    id_prefix = "samtale"
    dato = _date_field(_("Dato"))
    art = forms.ChoiceField(label=_("Samtale"), choices=ConversationKind.choices)
    dagsorden = _text(_("Dagsorden"), rows=7)
    referat = _text(_("Referat"), rows=5)

    def __init__(self, *args: Any, kinds: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if kinds is not None:
            self.fields["art"].choices = kinds  # type: ignore[attr-defined]
        for name, label in PARTICIPANTS:
            self.fields[name] = forms.BooleanField(label=label, required=False)

    def participant_fields(self) -> list[Any]:
        return [self[name] for name, _label in PARTICIPANTS]

    def participants(self) -> dict[str, bool]:
        return {name: bool(self.cleaned_data.get(name)) for name, _label in PARTICIPANTS}


class MinutesForm(IdForm):
    id_prefix = "referat"
    referat = _text(_("Referat"), rows=5)


class RetentionPlanForm(IdForm):
    id_prefix = "plan"
    aftalt = _date_field(_("Aftalt den"))
    kontakt = _text(_("Aftaler om kontakt"), rows=3)
    tilpasninger = _text(_("Tilpasninger og skånehensyn"), rows=3)
    stoette = _text(_("Støtte og hjælpemidler"), rows=3)
    paragraf_56 = forms.BooleanField(label=_("§ 56-aftale"), required=False)
    mentor = forms.BooleanField(label=_("Mentor"), required=False)
    hjaelpemidler = forms.BooleanField(label=_("Hjælpemidler"), required=False)
    opfoelgning_dage = forms.IntegerField(label=_("Opfølgning hver (dage)"), min_value=1,
                                          max_value=91, initial=14)


class WeekForm(IdForm):
    id_prefix = "uge"
    uge = _date_field(_("Uge fra"), required=False)
    planlagt = forms.DecimalField(label=_("Planlagte timer"), required=False, min_value=0,
                                  max_value=80, max_digits=5, decimal_places=2, localize=True)
    faktisk = forms.DecimalField(label=_("Faktiske timer"), required=False, min_value=0,
                                 max_value=80, max_digits=5, decimal_places=2, localize=True)
    opgaver = forms.CharField(label=_("Opgaver"), required=False, max_length=300)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        filled = any(data.get(name) not in (None, "") for name in ("uge", "planlagt", "faktisk", "opgaver"))
        if filled and data.get("uge") is None and "uge" not in self.errors:
            self.add_error("uge", _("Angiv ugens første dag."))
        if filled and data.get("planlagt") is None and "planlagt" not in self.errors:
            self.add_error("planlagt", _("Angiv de planlagte timer."))
        return data

    def week(self) -> WeekInput | None:
        data = self.cleaned_data
        if not data or data.get("uge") is None:
            return None
        return WeekInput(week_start=data["uge"], planned_hours=data["planlagt"],
                         actual_hours=data.get("faktisk"), tasks=data.get("opgaver") or "")


WeekFormSet = formset_factory(WeekForm, extra=3, max_num=52, validate_max=True)


class EventForm(IdForm):
    id_prefix = "haendelse"
    art = forms.ChoiceField(label=_("Hændelse"), choices=EventKind.choices)
    dato = _date_field(_("Dato"))
    status = forms.ChoiceField(label=_("Status"), choices=EventStatus.choices, initial=EventStatus.ACTIVE)
    forventet = _date_field(_("Forventet raskmelding (kun for forventet raskmelding)"), required=False)
    note = forms.CharField(label=_("Note"), required=False, max_length=200, help_text=PRIVACY_HINT)


class EventStatusForm(IdForm):
    id_prefix = "status"
    haendelse = forms.IntegerField(widget=forms.HiddenInput)
    status = forms.ChoiceField(label=_("Status"), choices=EventStatus.choices)


class RiskForm(IdForm):
    id_prefix = "risiko"
    dato = _date_field(_("Dato"))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name, question in RISK_INDICATORS:
            self.fields[name] = forms.BooleanField(label=question, required=False)

    def indicator_fields(self) -> list[Any]:
        return [self[name] for name, _question in RISK_INDICATORS]

    def answers(self) -> dict[str, bool]:
        return {name: bool(self.cleaned_data.get(name)) for name, _question in RISK_INDICATORS}


class RequestForm(IdForm):
    id_prefix = "anmodning"
    dato = _date_field(_("Dato for anmodningen"))


class CloseForm(IdForm):
    id_prefix = "afslut"
    udfald = forms.ChoiceField(label=_("Udfald"), choices=[("", "—"), *CaseOutcome.choices])
    dato = _date_field(_("Afsluttet den"))


class ConcernForm(IdForm):
    id_prefix = "bekymring"
    enhed = forms.ChoiceField(label=_("Enhed"))
    dato = _date_field(_("Dato"))

    def __init__(self, *args: Any, units: Any = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["enhed"].choices = [  # type: ignore[attr-defined]
            (unit.unit_id, unit.name) for unit in units]

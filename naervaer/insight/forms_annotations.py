"""Forms of the leader's comments and time-line notes. Bad input re-renders the page
with a message; the services check the text again."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from naervaer.core.cpr import is_cpr_shaped
from naervaer.insight.models import TEXT_MAX, PeriodKind, TimelineNote

NOTE_MAX = TimelineNote._meta.get_field("text").max_length or 200
PRIVACY_HINT = _("Skriv ikke helbredsoplysninger eller navne.")
FIRST_YEAR = 2000
DATE_FORMATS = ["%Y-%m-%d", "%d-%m-%Y", "%d.%m.%Y", "%d/%m/%Y"]


def _refuse_cpr(text: str) -> str:
    """Free text is for context: a CPR-shaped number is refused (a name or a diagnosis
    cannot be recognised reliably, so the hint asks for neither)."""
    for word in text.replace(",", " ").replace(".", " ").split():
        if is_cpr_shaped(word):
            raise forms.ValidationError(
                _("Teksten ser ud til at indeholde et CPR-nummer. Skriv ikke personoplysninger."),
                code="cpr")
    return text


def _check_year(day: dt.date) -> dt.date:
    if not FIRST_YEAR <= day.year <= timezone.localdate().year + 5:
        raise forms.ValidationError(_("Vælg en dato mellem år %(first)d og %(last)d."),
                                    params={"first": FIRST_YEAR, "last": timezone.localdate().year + 5})
    return day


class PeriodForm(forms.Form):
    """Which comment: ``?art=month|quarter&periode=YYYY-MM`` (a missing part keeps the
    default)."""

    art = forms.ChoiceField(label=_("Periode"), choices=PeriodKind.choices, required=False)
    periode = forms.DateField(label=_("Måned"), input_formats=["%Y-%m"], required=False,
                              widget=forms.DateInput(attrs={"type": "month"}, format="%Y-%m"),
                              error_messages={"invalid": _("Skriv måneden som ÅÅÅÅ-MM.")})

    def clean_periode(self) -> dt.date | None:
        value = self.cleaned_data.get("periode")
        return None if value is None else _check_year(value).replace(day=1)


class CommentForm(forms.Form):
    """The comment of one period (the period travels in hidden fields)."""

    art = forms.ChoiceField(choices=PeriodKind.choices, widget=forms.HiddenInput)
    periode = forms.DateField(input_formats=["%Y-%m"],
                              widget=forms.HiddenInput(attrs={}),
                              error_messages={"invalid": _("Skriv måneden som ÅÅÅÅ-MM.")})
    tekst = forms.CharField(label=_("Kommentar"), max_length=TEXT_MAX, required=False,
                            widget=forms.Textarea(attrs={"rows": 6}), help_text=PRIVACY_HINT)
    handling = forms.ChoiceField(choices=[("gem", "gem"), ("slet", "slet")], required=False)

    def clean_periode(self) -> dt.date:
        return _check_year(self.cleaned_data["periode"]).replace(day=1)

    def clean_tekst(self) -> str:
        return _refuse_cpr((self.cleaned_data.get("tekst") or "").strip())

    def clean(self) -> dict[str, object]:
        data = super().clean() or {}
        if data.get("handling") != "slet" and "tekst" in data and not data["tekst"]:
            self.add_error("tekst", _("Skriv en kommentar (eller slet den)."))
        return data


class NoteForm(forms.Form):
    dato = forms.DateField(label=_("Dato"), input_formats=DATE_FORMATS,
                           widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
                           error_messages={"invalid": _("Skriv datoen som ÅÅÅÅ-MM-DD.")})
    tekst = forms.CharField(label=_("Hændelse"), max_length=NOTE_MAX, help_text=PRIVACY_HINT,
                            widget=forms.TextInput(attrs={"maxlength": NOTE_MAX, "size": 60}))

    def clean_dato(self) -> dt.date:
        return _check_year(self.cleaned_data["dato"])

    def clean_tekst(self) -> str:
        return _refuse_cpr(self.cleaned_data["tekst"].strip())


class NoteDeleteForm(forms.Form):
    note = forms.IntegerField(min_value=1)

"""HR's forms: the watch list's thresholds and the audit log's filters. Both are GET
forms: a shared URL shows the same list, and bad input re-renders with a message."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.utils.translation import gettext_lazy as _

from naervaer.insight.selectors.watchlist import DEFAULT_HIGH_PCT, DEFAULT_RISE_DAYS

DATE_FORMATS = ["%Y-%m-%d", "%d-%m-%Y", "%d.%m.%Y", "%d/%m/%Y"]


class WatchlistForm(forms.Form):
    periode = forms.DateField(label=_("Sidste måned i de 12"), required=False,
                              input_formats=["%Y-%m"],
                              widget=forms.DateInput(attrs={"type": "month"}, format="%Y-%m"),
                              error_messages={"invalid": _("Skriv måneden som ÅÅÅÅ-MM.")})
    hoej = forms.DecimalField(label=_("Høj: mindst pct. over organisationen"), required=False,
                              min_value=0, max_value=1000, decimal_places=1,
                              widget=forms.NumberInput(attrs={"step": "any", "inputmode": "decimal"}))
    stigning = forms.DecimalField(label=_("Stigende: mindst dage pr. fuldtidsansat mere"),
                                  required=False, min_value=0, max_value=365, decimal_places=2,
                                  widget=forms.NumberInput(attrs={"step": "any",
                                                                  "inputmode": "decimal"}))
    alle = forms.BooleanField(label=_("Vis alle enheder, ikke kun de markerede"), required=False)

    def __init__(self, data: object, *, first_month: dt.date, last_month: dt.date) -> None:
        super().__init__(data)  # type: ignore[arg-type]
        self.first_month, self.last_month = first_month, last_month
        self.fields["hoej"].widget.attrs["placeholder"] = f"{DEFAULT_HIGH_PCT:g}"
        self.fields["stigning"].widget.attrs["placeholder"] = f"{DEFAULT_RISE_DAYS:g}"

    def clean_periode(self) -> dt.date | None:
        value = self.cleaned_data.get("periode")
        if value is not None and not self.first_month <= value <= self.last_month:
            raise forms.ValidationError(
                _("Vælg en måned mellem %(first)s og %(last)s."),
                params={"first": self.first_month.strftime("%m-%Y"),
                        "last": self.last_month.strftime("%m-%Y")})
        return value


class AuditFilterForm(forms.Form):
    bruger = forms.CharField(label=_("Bruger"), required=False, max_length=150)
    handling = forms.CharField(label=_("Handling"), required=False, max_length=64)
    objekt = forms.CharField(label=_("Objekt-id"), required=False, max_length=64)
    fra = forms.DateField(label=_("Fra dato"), required=False, input_formats=DATE_FORMATS,
                          widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
                          error_messages={"invalid": _("Skriv datoen som ÅÅÅÅ-MM-DD.")})
    til = forms.DateField(label=_("Til dato"), required=False, input_formats=DATE_FORMATS,
                          widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
                          error_messages={"invalid": _("Skriv datoen som ÅÅÅÅ-MM-DD.")})

    def __init__(self, data: object, *, actions: list[tuple[str, str]]) -> None:
        super().__init__(data)  # type: ignore[arg-type]
        choices: list[tuple[str, object]] = [("", _("Alle")), *actions]
        self.fields["handling"].widget = forms.Select(choices=choices)

    def clean(self) -> dict[str, object]:
        data = super().clean() or {}
        start, end = data.get("fra"), data.get("til")
        if isinstance(start, dt.date) and isinstance(end, dt.date) and start > end:
            self.add_error("til", _("Til-datoen ligger før fra-datoen."))
        return data

    def filters(self) -> dict[str, object]:
        """The valid filters (call after ``is_valid``): a bad field is left out, and the
        page says why."""
        data = getattr(self, "cleaned_data", {})
        return {key: data[key] for key in ("bruger", "handling", "objekt", "fra", "til")
                if data.get(key) not in (None, "")}

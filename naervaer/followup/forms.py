"""Forms of the task inbox and the compliance page. Filter values come from the query
string: a bad value is reported and ignored, never an error page."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from naervaer.organisation.models import Unit

MAX_DUE_WITHIN = 365
REASON_MAX = 200
FIRST_DATE = dt.date(2000, 1, 1)

STATUS_FILTERS = {
    "aktive": gettext_lazy("Åbne og over tid"),
    "over_tid": gettext_lazy("Over tid"),
    "aabne": gettext_lazy("Åbne (ikke over tid)"),
    "historik": gettext_lazy("Historik (udført, fravalgt, ikke nødvendig)"),
    "udfoert": gettext_lazy("Udført"),
    "fravalgt": gettext_lazy("Fravalgt"),
    "ikke_noedvendig": gettext_lazy("Ikke nødvendig"),
    "alle": gettext_lazy("Alle"),
}
RESPONSIBLE_FILTERS = {
    "": gettext_lazy("Alle"),
    "leder": gettext_lazy("Lederens opgaver"),
    "hr": gettext_lazy("HR's egne opgaver"),
}


def unit_choices(units: list[Unit]) -> list[tuple[str, str]]:
    """The units in tree order, indented by depth (parents before their children)."""
    children: dict[int | None, list[Unit]] = {}
    pks = {unit.pk for unit in units}
    for unit in sorted(units, key=lambda unit: unit.name.lower()):
        parent = unit.parent_id if unit.parent_id in pks else None
        children.setdefault(parent, []).append(unit)
    ordered: list[tuple[str, str]] = []

    def walk(parent: int | None, level: int) -> None:
        for unit in children.get(parent, []):
            ordered.append((unit.unit_id, "\u2003" * level + unit.name))
            walk(unit.pk, level + 1)

    walk(None, 0)
    return ordered


class InboxFilterForm(forms.Form):
    status = forms.ChoiceField(label=gettext_lazy("Status"), required=False,
                               choices=list(STATUS_FILTERS.items()))
    enhed = forms.ChoiceField(label=gettext_lazy("Enhed (med underenheder)"), required=False)
    ansvarlig = forms.ChoiceField(label=gettext_lazy("Ansvarlig"), required=False,
                                  choices=list(RESPONSIBLE_FILTERS.items()))
    frist = forms.IntegerField(label=gettext_lazy("Frist inden for (dage)"), required=False,
                               min_value=0, max_value=MAX_DUE_WITHIN,
                               widget=forms.NumberInput(attrs={"inputmode": "numeric", "size": 4}))

    def __init__(self, data: object, *, units: list[Unit]) -> None:
        super().__init__(data)  # type: ignore[arg-type]
        self.fields["enhed"].choices = [("", _("Alle enheder")), *unit_choices(units)]  # type: ignore[attr-defined]


class TaskDoneForm(forms.Form):
    dato = forms.DateField(label=gettext_lazy("Udført den"),
                           widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))

    def __init__(self, data: object = None, *, trigger_date: dt.date, today: dt.date,
                 **kwargs: object) -> None:
        super().__init__(data, **kwargs)  # type: ignore[arg-type]
        self.trigger_date, self.today = trigger_date, today

    def clean_dato(self) -> dt.date:
        value: dt.date = self.cleaned_data["dato"]
        if value > self.today:
            raise forms.ValidationError(_("Datoen må ikke ligge i fremtiden."))
        if value < self.trigger_date:
            raise forms.ValidationError(
                _("Datoen må ikke ligge før opgaven blev udløst (%(date)s).")
                % {"date": self.trigger_date.strftime("%d-%m-%Y")})
        return value


class TaskWaiveForm(forms.Form):
    begrundelse = forms.CharField(
        label=gettext_lazy("Begrundelse"), max_length=REASON_MAX, strip=True,
        help_text=gettext_lazy("Kort begrundelse. Skriv ingen helbredsoplysninger eller "
                               "diagnoser."),
        widget=forms.TextInput(attrs={"maxlength": REASON_MAX, "size": 30}))


class PeriodForm(forms.Form):
    fra = forms.DateField(label=gettext_lazy("Fra"), required=False,
                          widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    til = forms.DateField(label=gettext_lazy("Til"), required=False,
                          widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))

    def __init__(self, data: object, *, last: dt.date) -> None:
        super().__init__(data)  # type: ignore[arg-type]
        self.last = last

    def _check(self, name: str) -> dt.date | None:
        value: dt.date | None = self.cleaned_data.get(name)
        if value is not None and not FIRST_DATE <= value <= self.last:
            raise forms.ValidationError(
                _("Vælg en dato mellem %(first)s og %(last)s.")
                % {"first": FIRST_DATE.strftime("%d-%m-%Y"), "last": self.last.strftime("%d-%m-%Y")})
        return value

    def clean_fra(self) -> dt.date | None:
        return self._check("fra")

    def clean_til(self) -> dt.date | None:
        return self._check("til")

    def clean(self) -> dict[str, object]:
        cleaned = super().clean() or {}
        start, end = cleaned.get("fra"), cleaned.get("til")
        if isinstance(start, dt.date) and isinstance(end, dt.date) and start > end:
            raise forms.ValidationError(_("Fra-datoen skal ligge før til-datoen."))
        return cleaned

"""What a management-information page shows: period kind, the month the period ends in,
scope and staff group. Parsed from the query string by a form, so a shared URL shows the
same figures and a bad parameter re-renders the page with a message instead of failing."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace
from urllib.parse import urlencode

from django import forms
from django.utils.translation import gettext_lazy as _

from naervaer.core.metrics.periods import PERIOD_KINDS
from naervaer.core.months import add_months, last_complete_month, month_end, month_start

ALL_STAFF_GROUPS = "*"
KIND_LABELS = {
    "month": _("Måned"),
    "quarter": _("Kvartal"),
    "year": _("År"),
    "rolling12": _("Rullende 12 måneder"),
}
SCOPE_LABELS = {"subtree": _("Enheden med underenheder"), "own": _("Kun enheden selv")}


# The month arithmetic lives in the core; the pages import it from here too.
default_month = last_complete_month


@dataclass(frozen=True)
class Selection:
    kind: str              # a period kind of the metrics spec
    month: dt.date         # first day of the month the period ends in (or contains)
    scope: str             # subtree | own
    staff_group: str       # "*" or one staff group

    @property
    def period_start(self) -> dt.date:
        if self.kind == "month":
            return self.month
        if self.kind == "quarter":
            return self.month.replace(month=(self.month.month - 1) // 3 * 3 + 1)
        if self.kind == "year":
            return self.month.replace(month=1)
        return add_months(self.month, -11)

    @property
    def period_end(self) -> dt.date:
        if self.kind == "month" or self.kind == "rolling12":
            return month_end(self.month)
        if self.kind == "quarter":
            return month_end(add_months(self.period_start, 2))
        return self.month.replace(month=12, day=31)

    def shifted_years(self, years: int) -> Selection:
        return replace(self, month=self.month.replace(year=self.month.year + years))

    def query(self, **changes: str) -> str:
        """The query string of this selection with ``changes`` (for links)."""
        values = {"art": self.kind, "periode": self.month.strftime("%Y-%m"),
                  "omfang": self.scope, "gruppe": self.staff_group}
        values.update(changes)
        return "?" + urlencode(values)


class SelectionForm(forms.Form):
    art = forms.ChoiceField(label=_("Opgørelse"), required=False,
                            choices=[(kind, KIND_LABELS[kind]) for kind in PERIOD_KINDS])
    periode = forms.DateField(label=_("Periode (måned)"), required=False, input_formats=["%Y-%m"],
                              widget=forms.DateInput(attrs={"type": "month"}, format="%Y-%m"))
    omfang = forms.ChoiceField(label=_("Omfang"), required=False,
                               choices=list(SCOPE_LABELS.items()))
    gruppe = forms.ChoiceField(label=_("Personalegruppe"), required=False)

    def __init__(self, data: object, *, staff_groups: list[str], first_month: dt.date,
                 last_month: dt.date) -> None:
        super().__init__(data)  # type: ignore[arg-type]
        self.first_month, self.last_month = first_month, last_month
        group_field = self.fields["gruppe"]
        assert isinstance(group_field, forms.ChoiceField)
        group_field.choices = [(ALL_STAFF_GROUPS, _("Alle")), *((group, group) for group in staff_groups)]

    def clean_periode(self) -> dt.date | None:
        value = self.cleaned_data.get("periode")
        if value is not None and not self.first_month <= value <= self.last_month:
            raise forms.ValidationError(
                _("Vælg en måned mellem %(first)s og %(last)s."),
                params={"first": self.first_month.strftime("%m-%Y"),
                        "last": self.last_month.strftime("%m-%Y")})
        return value

    def selection(self, default: Selection) -> Selection:
        """The valid parts of the request over ``default`` (call after ``is_valid``)."""
        data = getattr(self, "cleaned_data", {})
        return Selection(
            kind=data.get("art") or default.kind,
            month=month_start(data["periode"]) if data.get("periode") else default.month,
            scope=data.get("omfang") or default.scope,
            staff_group=data.get("gruppe") or default.staff_group,
        )

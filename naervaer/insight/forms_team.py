"""Forms of the team's days: the period shown and the staffing ladder's steps."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.utils.translation import gettext_lazy as _

from naervaer.insight.models import TEXT_MAX
from naervaer.insight.services.ladder import TITLE_MAX, StepData, ladder_problems

FIRST_YEAR = 2000


class TeamDaysForm(forms.Form):
    """``?periode=YYYY-MM&art=month|quarter&omfang=own|subtree`` (each optional)."""

    art = forms.ChoiceField(label=_("Vis"), required=False,
                            choices=[("month", _("Måned")), ("quarter", _("Kvartal"))])
    periode = forms.DateField(label=_("Måned"), required=False, input_formats=["%Y-%m"],
                              widget=forms.DateInput(attrs={"type": "month"}, format="%Y-%m"))
    omfang = forms.ChoiceField(label=_("Omfang"), required=False,
                               choices=[("own", _("Kun enheden selv")),
                                        ("subtree", _("Enheden med underenheder"))])

    def __init__(self, data: object, *, today: dt.date) -> None:
        super().__init__(data)  # type: ignore[arg-type]
        self.today = today

    def clean_periode(self) -> dt.date | None:
        value = self.cleaned_data.get("periode")
        if value is not None and not FIRST_YEAR <= value.year <= self.today.year + 1:
            raise forms.ValidationError(
                _("Vælg en måned mellem %(first)d og %(last)d."),
                params={"first": FIRST_YEAR, "last": self.today.year + 1})
        return value


class StepForm(forms.Form):
    min_absent = forms.IntegerField(label=_("Fra antal fraværende"), min_value=0, max_value=999)
    max_absent = forms.IntegerField(label=_("Til antal fraværende"), min_value=0, max_value=999,
                                    required=False, help_text=_("Tom = og derover"))
    title = forms.CharField(label=_("Overskrift"), max_length=TITLE_MAX)
    tasks = forms.CharField(label=_("Opgaver"), max_length=TEXT_MAX, required=False,
                            widget=forms.Textarea(attrs={"rows": 3}))

    def step(self) -> StepData:
        data = self.cleaned_data
        return StepData(data["min_absent"], data.get("max_absent"), data["title"],
                        data.get("tasks") or "")


class BaseLadderFormSet(forms.BaseFormSet):
    def kept_forms(self) -> list[StepForm]:
        """Forms of steps to keep: not marked for deletion and not left empty."""
        return [form for form in self.forms
                if form.has_changed() or form.initial
                if not (self.can_delete and self._should_delete_form(form))]  # type: ignore[attr-defined]

    def steps(self) -> list[StepData]:
        return [form.step() for form in self.kept_forms()]

    def clean(self) -> None:
        super().clean()
        if any(form.errors for form in self.kept_forms()):
            return
        problems = ladder_problems(self.steps())
        if problems:
            raise forms.ValidationError(problems)


LadderFormSet = forms.formset_factory(StepForm, formset=BaseLadderFormSet, extra=1,
                                      can_delete=True, max_num=20, validate_max=True)

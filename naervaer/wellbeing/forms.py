from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from naervaer.organisation.models import Employee, Unit
from naervaer.web.forms import KeyModelChoiceField
from naervaer.wellbeing.models import DESCRIPTION_HINT, IncidentKind, IncidentTaskStatus
from naervaer.wellbeing.selectors import incident_units_in_scope

DATE_FORMATS = ["%Y-%m-%d", "%d-%m-%Y", "%d.%m.%Y"]


class IncidentForm(forms.Form):
    unit: forms.ModelChoiceField = KeyModelChoiceField(label=_("Enhed"), queryset=Unit.objects.none())
    date = forms.DateField(label=_("Dato"), input_formats=DATE_FORMATS,
                           widget=forms.DateInput(attrs={"type": "date"}))
    kind = forms.ChoiceField(label=_("Art"), choices=IncidentKind.choices)
    description = forms.CharField(
        label=_("Kort beskrivelse"), required=False, max_length=300, help_text=DESCRIPTION_HINT,
        widget=forms.Textarea(attrs={"rows": 3, "maxlength": 300}))
    employee: forms.ModelChoiceField = KeyModelChoiceField(
        label=_("Medarbejder (valgfri)"), required=False, queryset=Employee.objects.none(),
        help_text=_("Den medarbejder, der var udsat for hændelsen, hvis lederen skal følge op "
                    "med vedkommende."))

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        units = incident_units_in_scope(user)
        self.fields["unit"].queryset = units  # type: ignore[attr-defined]
        today = timezone.localdate()
        self.fields["employee"].queryset = (  # type: ignore[attr-defined]
            Employee.objects.filter(employments__unit__in=units)
            .exclude(employments__end_date__lt=today - dt.timedelta(days=365))
            .distinct().order_by("name", "employee_id"))
        if not self.is_bound:
            self.initial.setdefault("date", today)

    def clean_date(self) -> dt.date:
        day: dt.date = self.cleaned_data["date"]
        if day > timezone.localdate():
            raise forms.ValidationError(_("Datoen ligger i fremtiden."))
        return day


class StepForm(forms.Form):
    status = forms.ChoiceField(choices=IncidentTaskStatus.choices)


class WellbeingUploadForm(forms.Form):
    file = forms.FileField(label=_("Fil"), help_text=_(
        "CSV eller XLSX med kolonnerne unit_id, year, measure, value (og evt. source)."))
    dry_run = forms.BooleanField(label=_("Prøvekørsel (kontrollér uden at gemme)"), required=False)

    def clean_file(self) -> UploadedFile:
        upload: UploadedFile = self.cleaned_data["file"]
        limit = settings.NAERVAER_MAX_UPLOAD_BYTES
        if (upload.size or 0) > limit:
            raise forms.ValidationError(_("Filen er for stor."))
        return upload


class YearForm(forms.Form):
    aar = forms.IntegerField(required=False, min_value=2000, max_value=2100)

from __future__ import annotations

from django import forms
from django.conf import settings
from django.core.files.uploadedfile import UploadedFile

from naervaer.imports.reading import table_of


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    widget = MultipleFileInput

    def clean(self, data, initial=None):  # type: ignore[no-untyped-def]
        single = super().clean
        if isinstance(data, list | tuple) and data:
            return [single(item, initial) for item in data]
        if isinstance(data, list | tuple):
            data = None  # nothing chosen: let FileField say "required"
        return [single(data, initial)]


class ImportUploadForm(forms.Form):
    files = MultipleFileField(  # type: ignore[assignment]  # a field, as in Django's docs
        label="Filer",
        help_text="units, employments og/eller absences som .csv eller .xlsx",
    )
    dry_run = forms.BooleanField(
        label="Prøvekørsel (kontrollér uden at gemme)", required=False
    )
    replace_absences_from = forms.DateField(
        label="Erstat fravær fra dato",
        required=False,
        input_formats=["%Y-%m-%d", "%d-%m-%Y", "%d.%m.%Y"],
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text="Fravær for de importerede ansættelser fra denne dato, som ikke står i "
                  "filen, slettes (til månedlige fulde udtræk fra lønsystemet).",
    )

    def clean_files(self) -> list[UploadedFile]:
        files: list[UploadedFile] = self.cleaned_data["files"]
        total = sum(upload.size or 0 for upload in files)
        limit = settings.NAERVAER_MAX_UPLOAD_BYTES
        if total > limit:
            raise forms.ValidationError(
                f"Filerne fylder {total / 1e6:.1f} MB; grænsen er {limit / 1e6:.0f} MB."
            )
        unknown = [upload.name for upload in files if not table_of(upload.name or "")]
        if unknown:
            raise forms.ValidationError(
                "Ukendt filnavn: " + ", ".join(str(name) for name in unknown)
                + ". Navnet skal være units, employments eller absences (.csv eller .xlsx)."
            )
        return files

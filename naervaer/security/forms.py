"""The six-digit code from the authenticator app."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

CODE_DIGITS = 6


class CodeForm(forms.Form):
    code = forms.CharField(
        label=_("Kode fra appen (6 cifre)"),
        max_length=12,
        widget=forms.TextInput(attrs={
            "inputmode": "numeric", "autocomplete": "one-time-code", "autofocus": True,
            "pattern": "[0-9 ]*", "size": 8,
        }),
    )

    def clean_code(self) -> str:
        code = "".join(self.cleaned_data["code"].split())
        if len(code) != CODE_DIGITS or not code.isdigit():
            raise forms.ValidationError(
                _("Koden skal være %(digits)d cifre, som appen viser dem."),
                code="code_format", params={"digits": CODE_DIGITS},
            )
        return code

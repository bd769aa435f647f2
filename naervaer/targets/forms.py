from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from naervaer.organisation.models import Unit
from naervaer.targets.models import Measure


class UnitChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Unit) -> str:  # type: ignore[override]
        return f"{'– ' * obj.depth}{obj.name}"


def _units() -> forms.ModelChoiceField:
    return UnitChoiceField(label=_("Enhed"), queryset=Unit.objects.order_by("unit_id"),
                           to_field_name="unit_id")


class TargetForm(forms.Form):
    unit = _units()
    measure = forms.ChoiceField(label=_("Mål for"), choices=Measure.choices)
    value = forms.FloatField(label=_("Måltal (rullende 12 mdr. ved årets udgang)"), min_value=0)
    short_value = forms.FloatField(label=_("Måltal for korttidsfravær (valgfrit)"), min_value=0,
                                   required=False)

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["unit"] = _units()


class BreakDownForm(forms.Form):
    unit = _units()
    method = forms.ChoiceField(label=_("Fordeling"), choices=[
        ("proportional", _("Forholdsmæssigt efter enhedernes nuværende niveau")),
        ("equal", _("Samme måltal til alle"))])
    whole_subtree = forms.BooleanField(label=_("Alle enheder nedenunder (ikke kun de nærmeste)"),
                                       required=False)

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["unit"] = _units()


class SuggestForm(forms.Form):
    unit = _units()
    measure = forms.ChoiceField(label=_("Mål for"), choices=Measure.choices)

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["unit"] = _units()


class ClearForm(forms.Form):
    unit = _units()

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["unit"] = _units()

"""Forms of HR's policy pages. A policy version is edited as YAML; a definition that cannot
be used is refused with the core's "where: why" message and the text is kept."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext_lazy as _

from naervaer.core.followup.policy import PolicyError, policy_from_dict
from naervaer.core.followup.policy import PolicyVersion as CorePolicyVersion
from naervaer.core.followup.presets import PRESETS
from naervaer.followup.models import Policy
from naervaer.organisation.models import Unit

YAML_MAX_BYTES = 100 * 1024
DATE_FORMATS = ["%Y-%m-%d", "%d-%m-%Y", "%d.%m.%Y", "%d/%m/%Y"]
FIRST_YEAR, LAST_YEAR = 2000, 2100
NEW_POLICY = ""


def _date_field(label: Any, *, required: bool = True, help_text: Any = "") -> forms.DateField:
    return forms.DateField(label=label, required=required, input_formats=DATE_FORMATS,
                           help_text=help_text, widget=forms.DateInput(attrs={"type": "date"},
                                                                        format="%Y-%m-%d"))


def _check_year(day: dt.date | None) -> dt.date | None:
    if day is not None and not FIRST_YEAR <= day.year <= LAST_YEAR:
        raise forms.ValidationError(_("Vælg en dato mellem år %(first)d og %(last)d."),
                                    params={"first": FIRST_YEAR, "last": LAST_YEAR})
    return day


def _choice_field(form: forms.Form, name: str) -> forms.ChoiceField:
    field = form.fields[name]
    assert isinstance(field, forms.ChoiceField)
    return field


def _policy_error(error: PolicyError) -> forms.ValidationError:
    return forms.ValidationError(_("Politikken kan ikke bruges – %(error)s"),
                                 params={"error": str(error)}, code="policy")


def _load_yaml(text: str) -> object:
    """YAML to plain values, dates left as text (PyYAML would fail on 2025-13-01 with a
    bare ValueError; as text, the core says "effective_from: must be a date")."""
    import yaml

    class Loader(yaml.SafeLoader):
        pass

    Loader.yaml_implicit_resolvers = {
        key: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
        for key, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()}
    try:
        return yaml.load(text, Loader=Loader)  # a SafeLoader subclass: plain values only
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f"line {mark.line + 1}" if mark is not None else "yaml"
        raise PolicyError(f"{where}: {getattr(error, 'problem', None) or error}") from None


def parse_version(text: str, effective_from: dt.date | None = None) -> CorePolicyVersion:
    """A version from YAML (as ``policy_from_yaml``); ``effective_from`` (when given) is
    the date of the form field, and the YAML may leave it out but not contradict it."""
    data = _load_yaml(text)
    if effective_from is None or not isinstance(data, dict):
        return policy_from_dict(data)
    written = data.get("effective_from")
    if written not in (None, ""):
        try:
            written_day = dt.date.fromisoformat(str(written))
        except ValueError:
            raise PolicyError("effective_from: must be a date like 2025-01-01") from None
        if written_day != effective_from:
            raise PolicyError(
                f"effective_from: {written_day.isoformat()} differs from the date field "
                f"({effective_from.isoformat()}); remove the line or use the same date")
    return policy_from_dict({**data, "effective_from": effective_from.isoformat()})


class VersionForm(forms.Form):
    """A new version: the effective date and the rules as YAML."""

    ikraft = _date_field(_("Træder i kraft"), help_text=_(
        "Sygeforløb, der begynder denne dag eller senere, følges op efter den nye version. "
        "Datoen skal ligge efter den seneste versions."))
    yaml = forms.CharField(label=_("Versionen som YAML"), strip=False,
                           widget=forms.Textarea(attrs={"rows": 30, "cols": 100, "spellcheck": "false",
                                                        "class": "code"}))

    def __init__(self, *args: Any, latest: dt.date | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.latest = latest
        self.version: CorePolicyVersion | None = None

    def clean_ikraft(self) -> dt.date | None:
        day = _check_year(self.cleaned_data.get("ikraft"))
        if day is not None and self.latest is not None and day <= self.latest:
            raise forms.ValidationError(
                _("Datoen skal ligge efter den seneste versions ikrafttræden (%(date)s). "
                  "Versioner er historik og ændres ikke bagud."),
                params={"date": self.latest.strftime("%d-%m-%Y")}, code="effective_from")
        return day

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        day, text = data.get("ikraft"), data.get("yaml")
        if day is not None and text:
            try:
                self.version = parse_version(text, day)
            except PolicyError as error:
                self.add_error("yaml", _policy_error(error))
        return data


class YamlUploadField(forms.FileField):
    """An uploaded .yaml file as text: UTF-8 (a BOM is allowed), at most 100 kB."""

    def clean(self, data: Any, initial: Any = None) -> str:  # type: ignore[override]
        upload: UploadedFile | None = super().clean(data, initial)
        if upload is None:
            raise forms.ValidationError(_("Vælg en fil."), code="required")
        if upload.size is not None and upload.size > YAML_MAX_BYTES:
            raise forms.ValidationError(
                _("Filen er for stor (%(size)d kB). En politik fylder højst %(max)d kB."),
                params={"size": (upload.size + 1023) // 1024, "max": YAML_MAX_BYTES // 1024},
                code="too_big")
        content = upload.read(YAML_MAX_BYTES + 1)
        if len(content) > YAML_MAX_BYTES:
            raise forms.ValidationError(_("Filen er for stor. En politik fylder højst %(max)d kB."),
                                        params={"max": YAML_MAX_BYTES // 1024}, code="too_big")
        try:
            return content.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise forms.ValidationError(
                _("Filen er ikke UTF-8-kodet tekst. Gem den som UTF-8 (fx i en teksteditor) og "
                  "prøv igen."), code="encoding") from None


class ImportForm(forms.Form):
    """An uploaded YAML version: a new version of an existing policy or a new policy."""

    fil = YamlUploadField(label=_("YAML-fil"), widget=forms.ClearableFileInput(
        attrs={"accept": ".yaml,.yml,application/yaml,text/yaml"}))
    politik = forms.ChoiceField(label=_("Indlæs som"), required=False)
    navn = forms.CharField(label=_("Navn på den nye politik"), required=False, max_length=120,
                           help_text=_("Tom: navnet i filen."))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _choice_field(self, "politik").choices = [(NEW_POLICY, _("Ny politik"))] + [
            (str(policy.pk), _("Ny version af %(name)s") % {"name": policy.name})
            for policy in Policy.objects.order_by("name")]
        self.version: CorePolicyVersion | None = None
        self.policy: Policy | None = None

    def clean_politik(self) -> str:
        value: str = self.cleaned_data.get("politik", "")
        self.policy = Policy.objects.filter(pk=int(value)).first() if value else None
        return value

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        text = data.get("fil")
        if text is not None:
            try:
                self.version = parse_version(text)
            except PolicyError as error:
                self.add_error("fil", _policy_error(error))
        return data


class PresetForm(forms.Form):
    """A new policy from one of the presets."""

    skabelon = forms.ChoiceField(label=_("Skabelon"))
    navn = forms.CharField(label=_("Navn"), max_length=120, required=False,
                           help_text=_("Tom: skabelonens navn."))
    ikraft = _date_field(_("Træder i kraft"), required=False, help_text=_("Tom: skabelonens dato."))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _choice_field(self, "skabelon").choices = [(key, preset.name) for key, preset in PRESETS.items()]

    def clean_ikraft(self) -> dt.date | None:
        return _check_year(self.cleaned_data.get("ikraft"))


class CopyForm(forms.Form):
    navn = forms.CharField(label=_("Navn på kopien"), max_length=120)


class UnitPolicyForm(forms.Form):
    """Attach a policy to a unit, or detach its own (it inherits again)."""

    enhed = forms.ChoiceField(label=_("Enhed"))
    politik = forms.ChoiceField(label=_("Politik"), required=False)

    def __init__(self, *args: Any, unit_choices: list[tuple[str, str]] | None = None,
                 **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if unit_choices is None:
            unit_choices = [(unit.unit_id, f"{unit.name} ({unit.unit_id})")
                            for unit in Unit.objects.order_by("depth", "name")]
        _choice_field(self, "enhed").choices = unit_choices
        inherit = (NEW_POLICY, _("Ingen egen – arv fra overordnet enhed"))
        _choice_field(self, "politik").choices = [inherit] + [
            (str(policy.pk), policy.name) for policy in Policy.objects.order_by("name")]
        self.unit: Unit | None = None
        self.policy: Policy | None = None

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("enhed"):
            self.unit = Unit.objects.filter(unit_id=data["enhed"]).first()
        if data.get("politik"):
            self.policy = Policy.objects.filter(pk=int(data["politik"])).first()
        return data


class PreviewForm(forms.Form):
    """A made-up absence: first day, last day (empty: still sick) and the day to look at."""

    eksempel_fra = _date_field(_("Første fraværsdag"))
    eksempel_til = _date_field(_("Sidste fraværsdag"), required=False,
                               help_text=_("Tom: stadig syg."))
    eksempel_dato = _date_field(_("Set på dato"))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for name in ("eksempel_fra", "eksempel_til", "eksempel_dato"):
            try:
                _check_year(data.get(name))
            except forms.ValidationError as error:
                self.add_error(name, error)
        first, last, day = data.get("eksempel_fra"), data.get("eksempel_til"), data.get("eksempel_dato")
        if first and last and last < first:
            self.add_error("eksempel_til", _("Sidste fraværsdag kan ikke ligge før den første."))
        if first and day and day < first:
            self.add_error("eksempel_dato", _("Datoen kan ikke ligge før første fraværsdag."))
        return data

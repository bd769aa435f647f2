"""HR's policy pages (/politikker/): the policies and which units follow them, a policy's
versions shown readably, new versions as YAML, YAML export and import, and a preview of
the tasks a made-up absence would give. HR only."""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Any

import polars as pl
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from naervaer.accounts.models import Role
from naervaer.accounts.selectors import user_role
from naervaer.core.followup.engine import SPELL_SCHEMA, derive_tasks
from naervaer.core.followup.policy import FrequentTrigger, Step, policy_to_dict, policy_to_yaml
from naervaer.core.followup.policy import PolicyVersion as CorePolicyVersion
from naervaer.core.followup.presets import PRESETS
from naervaer.followup.forms_policies import (
    NEW_POLICY,
    CopyForm,
    ImportForm,
    PresetForm,
    PreviewForm,
    UnitPolicyForm,
    VersionForm,
)
from naervaer.followup.models import Policy, PolicyVersion, TaskStatus
from naervaer.followup.selectors_policies import (
    UnitRow,
    as_core,
    extra_days_off,
    policy_rows,
    unit_rows,
    version_in_force,
    versions_of,
)
from naervaer.followup.services_policies import (
    PolicyRuleError,
    policy_copy,
    policy_from_preset,
    policy_import,
    policy_version_create,
    policy_version_delete,
    presets_install_logged,
    unit_policy_change,
)

YAML_TYPE = "application/yaml; charset=utf-8"
EXAMPLE_UNIT = "EX"
EXAMPLE_EMPLOYEE = "EKSEMPEL"

ACTION_LABELS = {
    "contact": gettext_lazy("Kontakt"),
    "conversation": gettext_lazy("Samtale"),
    "invitation": gettext_lazy("Indkaldelse"),
    "hr_involvement": gettext_lazy("HR inddrages"),
    "jobcenter": gettext_lazy("Jobcenter"),
    "plan_review": gettext_lazy("Opfølgning på plan"),
    "risk_screening": gettext_lazy("Risikovurdering"),
    "other": gettext_lazy("Andet"),
}
RESPONSIBLE_LABELS = {"leader": gettext_lazy("Nærmeste leder"), "hr": gettext_lazy("HR")}
CONDITION_LABELS = {
    "": "",
    "retention_plan": gettext_lazy("Kun når der er lavet en fastholdelsesplan"),
    "no_retention_plan": gettext_lazy("Kun når der ikke er lavet en fastholdelsesplan"),
}
PARTICIPANT_LABELS = {
    "retention_consultant": gettext_lazy("fastholdelseskonsulent"),
    "hr": gettext_lazy("HR"),
    "tr": gettext_lazy("tillidsrepræsentant"),
    "amr": gettext_lazy("arbejdsmiljørepræsentant"),
    "jobcenter": gettext_lazy("jobcenter"),
}
SOURCE_LABELS = {"legal": gettext_lazy("Loven"), "policy": gettext_lazy("Politikken"),
                 "frequent": gettext_lazy("Hyppigt fravær")}
STATUS_LABELS = dict(TaskStatus.choices)


def require_hr(request: HttpRequest) -> None:
    if user_role(request.user) != Role.HR:
        raise PermissionDenied(_("Siden er kun for HR."))


# --- readable versions ------------------------------------------------------------------

def _days(count: int) -> str:
    if count == 0:
        return _("samme dag")
    return _("1 dag") if count == 1 else _("%(count)d dage") % {"count": count}


def _step_day(step: Step) -> str:
    if step.after_return:
        text = _("Dag %(day)d efter raskmelding") % {"day": step.day}
        if step.min_spell_days:
            text += " " + _("(forløb på mindst %(days)d dage)") % {"days": step.min_spell_days}
        return text
    if step.count == "sick_workdays":
        return _("%(day)d. sygearbejdsdag") % {"day": step.day}
    return _("Dag %(day)d") % {"day": step.day}


def step_row(step: Step) -> dict[str, str]:
    """A ladder step in Danish, one table row."""
    participants = ", ".join(str(PARTICIPANT_LABELS.get(name, name)) for name in step.participants)
    return {
        "code": step.code,
        "day": _step_day(step),
        "title": step.title,
        "action": str(ACTION_LABELS.get(step.action, step.action)),
        "due": (_("samme dag") if step.due_days == 0
                else _("inden for %(days)s") % {"days": _days(step.due_days)}),
        "responsible": str(RESPONSIBLE_LABELS.get(step.responsible, step.responsible)),
        "participants": participants,
        "repeats": (_("hver %(days)d. dag, så længe fraværet varer") % {"days": step.repeat_every}
                    if step.repeat_every else "–"),
        "condition": str(CONDITION_LABELS.get(step.condition, step.condition)) or "–",
        "agenda": step.agenda,
    }


def trigger_text(trigger: FrequentTrigger) -> str:
    """"Mindst 3 fraværsperioder eller mindst 6 sygedage inden for 182 dage"."""
    parts = []
    if trigger.spells is not None:
        parts.append(_("mindst %(count)d fraværsperioder") % {"count": trigger.spells})
    if trigger.days is not None:
        parts.append(_("én periode på mindst %(count)d sammenhængende dage") % {"count": trigger.days}
                     if trigger.days_mode == "consecutive"
                     else _("mindst %(count)d sygedage i alt") % {"count": trigger.days})
    joined = (" " + (_("eller") if trigger.combine == "or" else _("og")) + " ").join(parts)
    text = _("%(rule)s inden for %(window)d dage") % {"rule": joined, "window": trigger.window_days}
    return text[:1].upper() + text[1:]


def version_view(version: CorePolicyVersion) -> dict[str, Any]:
    return {
        "version": version,
        "steps": [step_row(step) for step in sorted(version.steps, key=lambda s: (s.after_return, s.day))],
        "triggers": [{"code": trigger.code, "title": trigger.title, "rule": trigger_text(trigger),
                      "due": _days(trigger.due_days)} for trigger in version.triggers],
    }


# --- list and units ---------------------------------------------------------------------

def _unit_label(row: UnitRow) -> str:
    return "\u00a0\u00a0" * row.depth + f"{row.unit.name} ({row.unit.unit_id})"


def _list_context(request: HttpRequest, unit_form: UnitPolicyForm | None = None) -> dict[str, Any]:
    today = timezone.localdate()
    units = unit_rows()
    if unit_form is None:
        chosen = request.GET.get("enhed", "")
        unit_form = UnitPolicyForm(unit_choices=[(row.unit.unit_id, _unit_label(row)) for row in units],
                                   initial={"enhed": chosen, "politik": next(
                                       (str(row.own.pk) for row in units
                                        if row.unit.unit_id == chosen and row.own is not None), "")})
    return {
        "policies": policy_rows(today, units),
        "units": units,
        "unit_form": unit_form,
        "preset_form": PresetForm(),
        "import_form": ImportForm(),
        "today": today,
        "presets_missing": [preset.name for preset in PRESETS.values()
                            if not Policy.objects.filter(name=preset.name).exists()],
    }


@login_required
def policy_list(request: HttpRequest) -> HttpResponse:
    require_hr(request)
    return render(request, "followup/policies/list.html", _list_context(request))


@login_required
@require_POST
def presets_install_view(request: HttpRequest) -> HttpResponse:
    require_hr(request)
    created = presets_install_logged(user=request.user)
    if created:
        messages.success(request, _("Skabelonerne er installeret: %(names)s.") % {
            "names": ", ".join(created)})
    else:
        messages.info(request, _("Alle skabeloner var allerede installeret."))
    return HttpResponseRedirect(reverse("policies:list"))


@login_required
@require_POST
def unit_policy_view(request: HttpRequest) -> HttpResponse:
    require_hr(request)
    units = unit_rows()
    form = UnitPolicyForm(request.POST,
                          unit_choices=[(row.unit.unit_id, _unit_label(row)) for row in units])
    if not form.is_valid() or form.unit is None or (form.cleaned_data.get("politik") and form.policy is None):
        if form.is_valid():
            form.add_error(None, _("Enheden eller politikken findes ikke længere."))
        return render(request, "followup/policies/list.html", _list_context(request, form), status=400)
    unit_policy_change(unit=form.unit, policy=form.policy, user=request.user)
    if form.policy is not None:
        messages.success(request, _("%(unit)s følger nu %(policy)s (og underenheder uden egen politik "
                                    "arver den).") % {"unit": form.unit.name, "policy": form.policy.name})
    else:
        messages.success(request, _("%(unit)s har ikke længere sin egen politik og arver fra den "
                                    "overordnede enhed.") % {"unit": form.unit.name})
    return HttpResponseRedirect(reverse("policies:list") + "#enheder")


@login_required
@require_http_methods(["GET", "POST"])
def policy_new(request: HttpRequest) -> HttpResponse:
    """A new policy from a preset."""
    require_hr(request)
    form = PresetForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        key = form.cleaned_data["skabelon"]
        try:
            policy = policy_from_preset(key=key, name=form.cleaned_data["navn"] or PRESETS[key].name,
                                        effective_from=form.cleaned_data["ikraft"], user=request.user)
        except PolicyRuleError as error:
            form.add_error("navn", str(error))
        else:
            messages.success(request, _("Politikken %(name)s er oprettet.") % {"name": policy.name})
            return HttpResponseRedirect(reverse("policies:detail", args=[policy.pk]))
    return render(request, "followup/policies/new.html", {"form": form, "presets": [
        (key, preset, version_view(preset)) for key, preset in PRESETS.items()]},
                  status=400 if form.is_bound else 200)


@login_required
@require_http_methods(["GET", "POST"])
def policy_import_view(request: HttpRequest) -> HttpResponse:
    """Upload a YAML version: a new version of a policy or a new policy."""
    require_hr(request)
    if request.method == "POST":
        form = ImportForm(request.POST, request.FILES)
        if form.is_valid() and form.version is not None:
            try:
                policy = policy_import(version=form.version, policy=form.policy,
                                       name=form.cleaned_data["navn"], user=request.user)
            except PolicyRuleError as error:
                form.add_error("navn" if form.policy is None else "fil", str(error))
            else:
                messages.success(request, _("Versionen fra filen er indlæst i %(name)s.") % {
                    "name": policy.name})
                return HttpResponseRedirect(reverse("policies:detail", args=[policy.pk]))
        return render(request, "followup/policies/import.html", {"form": form}, status=400)
    form = ImportForm(initial={"politik": request.GET.get("politik", NEW_POLICY)})
    return render(request, "followup/policies/import.html", {"form": form})


# --- one policy -------------------------------------------------------------------------

def preview_tasks(version: CorePolicyVersion, *, first: dt.date, last: dt.date | None,
                  as_of: dt.date, days_off: tuple[str, ...] = ()) -> pl.DataFrame:
    """The tasks a made-up spell would give under ``version`` (no database involved).
    The version is taken to be in force on the spell's first day."""
    if version.effective_from > first:
        version = dataclasses.replace(version, effective_from=first)
    spells = pl.DataFrame([{"employee_id": EXAMPLE_EMPLOYEE, "unit_id": EXAMPLE_UNIT,
                            "spell_start": first, "spell_end": last or as_of, "is_open": last is None}],
                          schema=SPELL_SCHEMA)
    return derive_tasks(spells=spells, unit_policies={EXAMPLE_UNIT: [version]}, as_of=as_of,
                        extra_days_off=days_off)


def _preview_rows(tasks: pl.DataFrame) -> list[dict[str, Any]]:
    return [{**row, "source_label": SOURCE_LABELS.get(row["source"], row["source"]),
             "action_label": ACTION_LABELS.get(row["action"], row["action"]),
             "responsible_label": RESPONSIBLE_LABELS.get(row["responsible"], row["responsible"]),
             "status_label": STATUS_LABELS.get(row["status"], row["status"])}
            for row in tasks.sort("trigger_date", "due_date", "code", "seq").iter_rows(named=True)]


def _shown_version(request: HttpRequest, versions: list[PolicyVersion],
                   today: dt.date) -> PolicyVersion | None:
    wanted = request.GET.get("version", "")
    if wanted.isdigit():
        chosen = next((version for version in versions if version.pk == int(wanted)), None)
        if chosen is not None:
            return chosen
    return version_in_force(versions, today) or (versions[0] if versions else None)


@login_required
def policy_detail(request: HttpRequest, policy_id: int) -> HttpResponse:
    require_hr(request)
    policy = get_object_or_404(Policy, pk=policy_id)
    today = timezone.localdate()
    versions = versions_of(policy)
    shown = _shown_version(request, versions, today)
    current = version_in_force(versions, today)
    core = as_core(shown) if shown is not None else None
    preview_data = {key: value for key, value in request.GET.items() if key.startswith("eksempel_")}
    preview_form = PreviewForm(preview_data or None, initial={"eksempel_dato": today})
    preview = None
    if preview_form.is_bound and preview_form.is_valid() and core is not None:
        data = preview_form.cleaned_data
        preview = _preview_rows(preview_tasks(core, first=data["eksempel_fra"],
                                              last=data["eksempel_til"], as_of=data["eksempel_dato"],
                                              days_off=extra_days_off()))
    units = unit_rows()
    context = {
        "policy": policy,
        "preset_name": PRESETS[policy.preset].name if policy.preset in PRESETS else policy.preset,
        "versions": [(version, version == current, version.effective_from > today) for version in versions],
        "shown": shown,
        "shown_is_current": shown is not None and shown == current,
        "view": version_view(core) if core is not None else None,
        "preview_form": preview_form,
        "preview": preview,
        "own_units": [row for row in units if row.own is not None and row.own.pk == policy.pk],
        "inherited": [row for row in units if row.own is None and row.policy is not None
                      and row.policy.pk == policy.pk],
        "copy_form": CopyForm(initial={"navn": _("Kopi af %(name)s") % {"name": policy.name}}),
        "today": today,
    }
    return render(request, "followup/policies/detail.html", context)


def _suggested_date(latest: PolicyVersion | None, today: dt.date) -> dt.date:
    after_latest = latest.effective_from + dt.timedelta(days=1) if latest is not None else today
    return max(after_latest, today + dt.timedelta(days=1))


def _yaml_without_date(version: CorePolicyVersion) -> str:
    import yaml

    data = policy_to_dict(version)
    data.pop("effective_from")
    return str(yaml.safe_dump(data, sort_keys=False, allow_unicode=True))


@login_required
@require_http_methods(["GET", "POST"])
def version_new(request: HttpRequest, policy_id: int) -> HttpResponse:
    """A new version written as YAML, prefilled with the latest version."""
    require_hr(request)
    policy = get_object_or_404(Policy, pk=policy_id)
    versions = versions_of(policy)
    latest = versions[-1] if versions else None
    today = timezone.localdate()
    latest_date = latest.effective_from if latest is not None else None
    if request.method == "POST":
        form = VersionForm(request.POST, latest=latest_date)
        if form.is_valid() and form.version is not None:
            try:
                policy_version_create(policy=policy, version=form.version, user=request.user)
            except PolicyRuleError as error:
                form.add_error("ikraft", str(error))
            else:
                messages.success(request, _("Den nye version af %(name)s træder i kraft %(date)s.") % {
                    "name": policy.name, "date": form.version.effective_from.strftime("%d-%m-%Y")})
                return HttpResponseRedirect(reverse("policies:detail", args=[policy.pk]))
        status = 400
    else:
        text = _yaml_without_date(as_core(latest)) if latest is not None else ""
        form = VersionForm(initial={"ikraft": _suggested_date(latest, today), "yaml": text},
                           latest=latest_date)
        status = 200
    return render(request, "followup/policies/version_new.html",
                  {"policy": policy, "form": form, "latest": latest}, status=status)


@login_required
@require_POST
def policy_copy_view(request: HttpRequest, policy_id: int) -> HttpResponse:
    require_hr(request)
    policy = get_object_or_404(Policy, pk=policy_id)
    form = CopyForm(request.POST)
    if form.is_valid():
        try:
            copy = policy_copy(policy=policy, name=form.cleaned_data["navn"], user=request.user)
        except PolicyRuleError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("%(copy)s er oprettet som kopi af %(name)s.") % {
                "copy": copy.name, "name": policy.name})
            return HttpResponseRedirect(reverse("policies:detail", args=[copy.pk]))
    else:
        messages.error(request, _("Kopien skal have et navn (højst 120 tegn)."))
    return HttpResponseRedirect(reverse("policies:detail", args=[policy.pk]) + "#kopier")


def _version_of(policy_id: int, version_id: int) -> PolicyVersion:
    return get_object_or_404(PolicyVersion.objects.select_related("policy"), pk=version_id,
                             policy_id=policy_id)


@login_required
def version_yaml(request: HttpRequest, policy_id: int, version_id: int) -> HttpResponse:
    """A version as a .yaml download."""
    require_hr(request)
    version = _version_of(policy_id, version_id)
    name = f"{slugify(version.policy.name) or 'politik'}-{version.effective_from.isoformat()}.yaml"
    response = HttpResponse(policy_to_yaml(as_core(version)), content_type=YAML_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@login_required
@require_POST
def version_delete(request: HttpRequest, policy_id: int, version_id: int) -> HttpResponse:
    """Delete a version that has not yet taken effect."""
    require_hr(request)
    version = _version_of(policy_id, version_id)
    try:
        policy_version_delete(version=version, today=timezone.localdate(), user=request.user)
    except PolicyRuleError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Versionen fra %(date)s er slettet.") % {
            "date": version.effective_from.strftime("%d-%m-%Y")})
    return HttpResponseRedirect(reverse("policies:detail", args=[policy_id]))

"""/maal/: the unit tree with each unit's target (own or inherited) for a year, and for
HR the forms to set, break down, suggest and clear targets; /maal/eskaleringer/: the
escalations with their tasks.

Roles: HR (and superusers) edit targets and see every escalation. Leaders, TRIO and
direktion see the targets of the units they may open, read-only. Leaders see the
escalations of their own units and those below, and mark their tasks done; TRIO,
direktion and employees get 403 on the escalations (they are management tasks), and
employees get 403 on the targets as well."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from naervaer.accounts.models import Role
from naervaer.accounts.selectors import user_role, visible_units
from naervaer.core import targets as core
from naervaer.insight.tables import Cell, Column, Table
from naervaer.insight.views.common import wants_xlsx, xlsx_response
from naervaer.organisation.models import Unit
from naervaer.targets import selectors, services
from naervaer.targets.forms import BreakDownForm, ClearForm, SuggestForm, TargetForm
from naervaer.targets.models import EscalationTask, Measure

READERS = (Role.HR, Role.LEADER, Role.TRIO, Role.DIREKTION)


def _year(request: HttpRequest) -> int:
    try:
        year = int(request.GET.get("aar", ""))
    except ValueError:
        year = 0
    if 2000 <= year <= 2100:
        return year
    latest = selectors.latest_month()
    return (latest or timezone.localdate()).year


def targets_table(units: list[Unit], year: int) -> Table:
    resolved = selectors.resolved_targets(year)
    month = selectors.latest_month()
    rows = selectors.rolling_rows([core.month_end(month)]) if month else {}
    table = Table("maal", _("Måltal %(year)d") % {"year": year}, [
        Column("unit", _("Enhed")),
        Column("absence_pct", _("Sygefravær %, rullende 12 mdr."), "pct", "absence_pct"),
        Column("days_per_fte", _("Sygedage pr. årsværk, rullende 12 mdr."), "dec1", "days_per_fte"),
        Column("target", _("Måltal"), "dec2"),
        Column("measure", _("Mål for")),
        Column("short", _("Måltal korttid"), "dec2"),
        Column("origin", _("Eget eller arvet")),
        Column("source", _("Kilde")),
        Column("gap", _("Afstand til måltal"), "dec2"),
    ])
    end = core.month_end(month) if month else None
    for unit in units:
        row = rows.get((unit.unit_id, end)) if end else None
        found = resolved.get(unit.unit_id)
        name = Cell(f"{'  ' * unit.depth}{unit.name}",
                    link=reverse("unit-detail", args=[unit.unit_id]))
        current_pct = selectors.measure_value(row, "absence_pct")
        current_days = selectors.measure_value(row, "days_per_fte")
        if found is None:
            table.add(name, Cell(current_pct), Cell(current_days), Cell(None), Cell(""), Cell(None),
                      Cell(_("intet måltal")), Cell(""), Cell(None))
            continue
        item, stored = found
        current = current_pct if item.target.measure == "absence_pct" else current_days
        origin = (_("arvet fra %(unit)s") % {"unit": stored.unit.name} if item.inherited
                  else _("eget"))
        table.add(name, Cell(current_pct), Cell(current_days), Cell(item.target.value),
                  Cell(str(Measure(item.target.measure).label)), Cell(item.target.short_value),
                  Cell(origin), Cell(str(stored.get_source_display())),
                  Cell(None if current is None else current - item.target.value,
                       css="worse" if current is not None and current > item.target.value else ""))
    table.note = _("Et måltal gælder den rullende 12-måneders periode, der slutter i december. "
                   "En enhed uden eget måltal arver det fra nærmeste enhed ovenover.")
    return table


@login_required
def targets_page(request: HttpRequest) -> HttpResponse:
    role = user_role(request.user)
    if role not in READERS:
        raise PermissionDenied(_("Du har ikke adgang til måltallene."))
    can_edit = role == Role.HR
    year = _year(request)
    if request.method == "POST":
        if not can_edit:
            raise PermissionDenied(_("Kun HR kan sætte måltal."))
        return _post(request, year)
    units = list(visible_units(request.user).order_by("depth", "name"))
    units = _tree_order(units)
    table = targets_table(units, year)
    if wants_xlsx(request):
        return xlsx_response(request, [table], name=f"maal-{year}", subtitle=str(year))
    chosen = request.GET.get("enhed", "")
    initial = {"unit": chosen} if chosen else {}
    suggestion = None
    if can_edit and chosen:
        unit = Unit.objects.filter(unit_id=chosen).first()
        suggestion = selectors.target_suggest(unit, year) if unit else None
    context: dict[str, Any] = {
        "year": year, "table": table, "can_edit": can_edit, "export_query": f"?aar={year}",
        # Four forms on one page with the same field names: give each its own ids, so
        # every label points at its own field.
        "target_form": TargetForm(initial=initial, auto_id="saet-%s"),
        "break_down_form": BreakDownForm(initial=initial, auto_id="bryd-%s"),
        "suggest_form": SuggestForm(initial=initial, auto_id="forslag-%s"),
        "clear_form": ClearForm(initial=initial, auto_id="fjern-%s"),
        "suggestion": suggestion, "chosen": chosen, "years": [year - 1, year, year + 1],
    }
    return render(request, "targets/targets.html", context)


def _tree_order(units: list[Unit]) -> list[Unit]:
    """Depth-first, children by name, so the table reads as the tree."""
    ids = {unit.pk for unit in units}
    children: dict[int | None, list[Unit]] = {}
    for unit in units:
        parent = unit.parent_id if unit.parent_id in ids else None
        children.setdefault(parent, []).append(unit)
    ordered: list[Unit] = []

    def walk(parent: int | None) -> None:
        for unit in sorted(children.get(parent, []), key=lambda item: item.name):
            ordered.append(unit)
            walk(unit.pk)

    walk(None)
    return ordered


def _post(request: HttpRequest, year: int) -> HttpResponse:
    action = request.POST.get("action", "")
    back = f"{reverse('targets:targets')}?aar={year}"
    forms = {"set": TargetForm, "break_down": BreakDownForm, "suggest": SuggestForm, "clear": ClearForm}
    if action not in forms:
        messages.error(request, _("Ukendt handling."))
        return redirect(back)
    form = forms[action](request.POST)
    if not form.is_valid():
        messages.error(request, _("Tjek felterne: %(errors)s") % {
            "errors": "; ".join(f"{field}: {' '.join(str(error) for error in errors)}"
                                for field, errors in form.errors.items())})
        return redirect(back)
    data = form.cleaned_data
    unit: Unit = data["unit"]
    back += f"&enhed={unit.unit_id}"
    try:
        if action == "set":
            services.target_set(unit=unit, year=year, measure=data["measure"], value=data["value"],
                                short_value=data.get("short_value"), by=request.user)
            messages.success(request, _("Måltallet for %(unit)s er gemt.") % {"unit": unit.name})
        elif action == "break_down":
            done = services.targets_break_down(unit=unit, year=year, method=data["method"],
                                               whole_subtree=data["whole_subtree"], by=request.user)
            messages.success(request, _("%(n)d enheder under %(unit)s har fået måltal.") % {
                "n": len(done), "unit": unit.name})
        elif action == "suggest":
            services.target_apply_suggestion(unit=unit, year=year, measure=data["measure"],
                                             by=request.user)
            messages.success(request, _("Forslaget er gemt som måltal for %(unit)s.") % {"unit": unit.name})
        else:
            services.target_clear(unit=unit, year=year)
            messages.success(request, _("%(unit)s arver nu måltallet ovenfra.") % {"unit": unit.name})
    except ValueError:
        messages.error(request, _("Det kunne ikke lade sig gøre: enheden har intet måltal at bryde ned, "
                                  "eller der er ingen landstal og personaledata at foreslå ud fra."))
    return redirect(back)


# ------------------------------------------------------------------------- escalations

def escalations_table(escalations: list[Any]) -> Table:
    table = Table("eskaleringer", _("Eskaleringer"), [
        Column("unit", _("Enhed")),
        Column("quarter", _("Kvartal")),
        Column("reason", _("Årsag")),
        Column("value", _("Rullende 12 mdr. ved kvartalets udgang"), "dec2"),
        Column("target", _("Måltal"), "dec2"),
        Column("explain", _("Forklar udviklingen")),
        Column("meet_hr", _("Møde med HR")),
        Column("revise_plan", _("Handleplan")),
    ])
    for escalation in escalations:
        tasks = {task.kind: task for task in escalation.tasks.all()}
        cells = []
        for kind in ("explain", "meet_hr", "revise_plan"):
            task = tasks.get(kind)
            text = "" if task is None else (
                _("udført %(date)s") % {"date": task.done_at.strftime("%d-%m-%Y")}
                if task.status == "done" and task.done_at else
                _("åben, frist %(date)s") % {"date": task.due_date.strftime("%d-%m-%Y")})
            # Saving the unit's plan closes this task (strategy.signals.plan_revised).
            link = reverse("strategy:plan", args=[escalation.unit.pk]) if kind == "revise_plan" else ""
            cells.append(Cell(text, link=link))
        table.add(Cell(escalation.unit.name, link=reverse("unit-detail", args=[escalation.unit.unit_id])),
                  escalation.quarter_label, str(escalation.get_reason_display()),
                  Cell(escalation.value), Cell(escalation.target), *cells)
    return table


@login_required
def escalations_page(request: HttpRequest) -> HttpResponse:
    role = user_role(request.user)
    if role not in (Role.HR, Role.LEADER):
        raise PermissionDenied(_("Kun HR og ledere ser eskaleringer."))
    escalations = selectors.escalations_visible_to(request.user)
    if request.method == "POST":
        task_id = request.POST.get("task", "")
        task = get_object_or_404(EscalationTask, pk=int(task_id) if task_id.isdigit() else 0,
                                 escalation__in=escalations)
        if request.POST.get("action") == "reopen":
            services.escalation_task_reopen(task=task)
        else:
            services.escalation_task_done(task=task, by=request.user,
                                          note=request.POST.get("note", "")[:2000])
        return redirect("targets:escalations")
    shown = request.GET.get("status", "open")
    items = list(escalations)
    if shown == "open":
        items = [item for item in items if not item.done]
    table = escalations_table(items)
    if wants_xlsx(request):
        return xlsx_response(request, [table], name="eskaleringer")
    return render(request, "targets/escalations.html", {
        "escalations": items, "table": table, "shown": shown, "is_hr": role == Role.HR,
        "export_query": f"?status={shown}", "today": dt.date.today(),
        "filters": [("open", _("Med åbne opgaver")), ("all", _("Alle"))],
    })

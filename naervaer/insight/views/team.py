"""The team's days (how many colleagues are away on each day of a month or quarter) and
the unit's staffing priority ladder (prioriteringstrappe). Counts only, never names; for
roles without person access a day of a small group is suppressed."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any, cast
from urllib.parse import urlencode

import polars as pl
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _

from naervaer.accounts.selectors import can_see_persons
from naervaer.core.metrics.daily import calendar_days, day_counts
from naervaer.insight.forms_team import BaseLadderFormSet, LadderFormSet, TeamDaysForm
from naervaer.insight.models import StaffingStep
from naervaer.insight.selection import add_months, month_end, month_start
from naervaer.insight.selectors.team import staffing_steps, team_frames
from naervaer.insight.services.ladder import (
    can_edit_ladder,
    default_steps,
    ladder_replace,
    ladder_start_from_defaults,
    step_for,
)
from naervaer.insight.tables import Cell, Column, Table
from naervaer.insight.views.common import breadcrumbs, unit_in_scope, wants_xlsx, xlsx_response
from naervaer.metrics.selectors import metrics_config
from naervaer.organisation.selectors import get_settings

STEP_CLASSES = 6     # css classes heat--step-0 … heat--step-5 (later steps reuse the last)
COUNT_CLASSES = 5    # without a ladder: heat--count-0 … heat--count-4 (bands of the count)


def count_band_width(maximum: int) -> int:
    """Without a ladder the colour shows the count in four bands of equal width up to the
    period's highest count (1, 2, 3, 4+ when that is at most 4)."""
    return max(1, -(-maximum // (COUNT_CLASSES - 1)))


def count_band(absent: int, width: int) -> int:
    return 0 if absent <= 0 else min(COUNT_CLASSES - 1, 1 + (absent - 1) // width)


def count_legend(width: int) -> list[tuple[str, str]]:
    legend = [("heat--count-0", "0")]
    for band in range(1, COUNT_CLASSES):
        low, high = 1 + (band - 1) * width, band * width
        label = str(low) if low == high else f"{low}–{high}"
        if band == COUNT_CLASSES - 1:
            label = f"{low}+"
        legend.append((f"heat--count-{band}", label))
    return legend


def weekday_names() -> list[tuple[str, str]]:
    """(abbreviation, full name) Monday … Sunday in the active language."""
    return [(_("ma"), _("mandag")), (_("ti"), _("tirsdag")), (_("on"), _("onsdag")),
            (_("to"), _("torsdag")), (_("fr"), _("fredag")), (_("lø"), _("lørdag")),
            (_("sø"), _("søndag"))]


def month_name(day: dt.date) -> str:
    return formats.date_format(day, "F Y")


def holiday_language() -> str:
    return "da" if (get_language() or "da").startswith("da") else "en_US"


@dataclass
class DayCell:
    date: dt.date
    css: str
    number: str           # the big figure ("3", "–" or "")
    split: str            # the small line ("2+1")
    label: str            # the full text (visually hidden and title)
    step: int | None      # ladder step number (1-based) or None


def _weeks(cells: list[DayCell]) -> list[list[DayCell | None]]:
    """A month's cells in rows of seven, Monday first; None pads before and after."""
    padded: list[DayCell | None] = [None] * cells[0].date.weekday() + list(cells)
    padded += [None] * (-len(padded) % 7)
    return [padded[index:index + 7] for index in range(0, len(padded), 7)]


def _period(form: TeamDaysForm, today: dt.date) -> tuple[str, str, dt.date, dt.date]:
    data = getattr(form, "cleaned_data", {})
    kind = data.get("art") or "month"
    scope = data.get("omfang") or "own"
    month = month_start(data.get("periode") or today)
    if kind == "quarter":
        first = month.replace(month=(month.month - 1) // 3 * 3 + 1)
        return kind, scope, first, month_end(add_months(first, 2))
    return kind, scope, month, month_end(month)


def _period_label(kind: str, first: dt.date) -> str:
    if kind == "quarter":
        return _("%(quarter)d. kvartal %(year)d") % {"quarter": (first.month - 1) // 3 + 1,
                                                     "year": first.year}
    return month_name(first)


def _day_label(row: dict[str, Any], *, suppressed: bool, step: StaffingStep | None, step_number: int | None,
               future: bool) -> str:
    parts = [formats.date_format(row["date"], "l j. F Y")]
    if row["holiday_name"]:
        parts.append(row["holiday_name"])
    if suppressed:
        parts.append(_("skjult: færre end %(threshold)d ansatte") % {"threshold": row["threshold"]})
    else:
        parts.append(ngettext("%(count)d fraværende", "%(count)d fraværende", row["absent"])
                     % {"count": row["absent"]})
        parts.append(_("%(sick)d syge, %(other)d andet fravær, %(employed)d ansatte")
                     % {"sick": row["absent_sick"], "other": row["absent_other"],
                        "employed": row["employed"]})
        if step is not None:
            parts.append(_("trin %(number)d: %(title)s") % {"number": step_number, "title": step.title})
    if future:
        parts.append(_("fremtidig dag: kun registreret, planlagt fravær"))
    return " · ".join(parts)


@login_required
def team_days(request: HttpRequest, unit_id: str) -> HttpResponse:
    unit = unit_in_scope(request, unit_id)
    persons = can_see_persons(request.user, unit)
    settings = get_settings()
    threshold = settings.small_group_threshold
    today = timezone.localdate()
    form = TeamDaysForm(request.GET, today=today)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, _("%(error)s Viser standardvalget i stedet.") % {"error": error})
    kind, scope, first, last = _period(form, today)

    config = metrics_config(settings)
    employments, absences = team_frames(unit, scope=scope, date_from=first, date_to=last)
    days = calendar_days(first, last, config.extra_days_off, holiday_language()).join(
        day_counts(employments, absences, first, last, today, config), on="date")
    steps = staffing_steps(unit)

    table = Table(slug="dage", title=_("Fravær pr. dag"), columns=[
        Column("date", _("Dato")), Column("weekday", _("Ugedag")),
        Column("absent_sick", _("Syge"), "int"), Column("absent_other", _("Andet fravær"), "int"),
        Column("employed", _("Ansatte"), "int"), Column("step", _("Trin")),
    ])
    names = weekday_names()
    cells: list[DayCell] = []
    any_suppressed = False
    shown = days.filter(pl.lit(persons) | (pl.col("employed") >= threshold))
    width = count_band_width(int(shown["absent"].max() or 0) if shown.height else 0)  # type: ignore[arg-type]
    for row in days.with_columns(threshold=pl.lit(threshold)).iter_rows(named=True):
        suppressed = not persons and row["employed"] < threshold
        any_suppressed |= suppressed
        step = None if suppressed else step_for(steps, row["absent"])
        step_number = steps.index(step) + 1 if step is not None else None
        future = row["date"] > today
        css = ["heat"]
        if suppressed:
            css.append("heat--suppressed")
        elif steps:
            css.append(f"heat--step-{min(step_number or 0, STEP_CLASSES - 1)}")
        else:
            css.append(f"heat--count-{count_band(row['absent'], width)}")
        if not row["is_workday"]:
            css.append("heat--off")
        if future:
            css.append("heat--future")
        label = _day_label(row, suppressed=suppressed, step=step, step_number=step_number,
                           future=future)
        cells.append(DayCell(
            date=row["date"], css=" ".join(css), label=label, step=step_number,
            number="–" if suppressed else str(row["absent"]),
            split="" if suppressed or not row["absent"] else f"{row['absent_sick']}+{row['absent_other']}",
        ))
        hidden = Cell(None, suppressed=True)
        table.add(
            Cell(row["date"].strftime("%d-%m-%Y"), title=row["holiday_name"] or ""),
            names[row["weekday"] - 1][1],
            hidden if suppressed else row["absent_sick"],
            hidden if suppressed else row["absent_other"],
            hidden if suppressed else row["employed"],
            "" if step is None else f"{step_number}. {step.title}",
        )
    if any_suppressed:
        table.note = _("Dage med færre end %(threshold)d ansatte vises som “–” for at beskytte "
                       "den enkelte.") % {"threshold": threshold}

    period_name = _period_label(kind, first)
    if wants_xlsx(request):
        return xlsx_response(request, [table], name=f"{unit.unit_id}-dage-{first:%Y-%m}",
                             subtitle=f"{unit.name} · {period_name}")

    months: list[tuple[str, list[list[DayCell | None]]]] = []
    month = first
    while month <= last:
        in_month = [cell for cell in cells if cell.date.month == month.month]
        months.append((month_name(month), _weeks(in_month)))
        month = add_months(month, 1)
    step_back = add_months(first, -3 if kind == "quarter" else -1)
    step_ahead = add_months(first, 3 if kind == "quarter" else 1)

    def query(month: dt.date, **changes: str) -> str:
        values = {"art": kind, "periode": month.strftime("%Y-%m"), "omfang": scope}
        values.update(changes)
        return "?" + urlencode(values)

    context = {
        "unit": unit,
        "breadcrumbs": breadcrumbs(request, unit),
        "form": TeamDaysForm({"art": kind, "periode": first.strftime("%Y-%m"), "omfang": scope},
                             today=today),
        "period_name": period_name,
        "months": months,
        "weekdays": names,
        "steps": [(index, step, f"heat--step-{min(index, STEP_CLASSES - 1)}")
                  for index, step in enumerate(steps, start=1)],
        "count_legend": count_legend(width),
        "table": table,
        "export_query": query(first),
        "previous_query": query(step_back),
        "next_query": query(step_ahead),
        "scope": scope,
        "persons": persons,
        "threshold": threshold,
        "any_suppressed": any_suppressed,
        "can_edit": can_edit_ladder(request.user, unit),
    }
    return render(request, "insight/team_days.html", context)


def _ladder_url(unit_id: str) -> str:
    return reverse("staffing-ladder", args=[unit_id])


@login_required
def staffing_ladder(request: HttpRequest, unit_id: str) -> HttpResponse:
    unit = unit_in_scope(request, unit_id)
    editor = can_edit_ladder(request.user, unit)
    steps = staffing_steps(unit)
    initial = [{"min_absent": step.min_absent, "max_absent": step.max_absent,
                "title": step.title, "tasks": step.tasks} for step in steps]
    formset = LadderFormSet(initial=initial, prefix="trin") if editor else None
    if request.method == "POST":
        if not editor:
            raise PermissionDenied(_("Kun HR og enhedens leder kan ændre prioriteringstrappen."))
        if request.POST.get("handling") == "standard":
            if steps:
                messages.error(request, _("Enheden har allerede en prioriteringstrappe."))
            else:
                ladder_start_from_defaults(user=request.user, unit=unit)
                messages.success(request, _("Standardtrappen er oprettet. Tilpas den til jeres opgaver."))
            return HttpResponseRedirect(_ladder_url(unit.unit_id))
        formset = cast(BaseLadderFormSet, LadderFormSet(request.POST, initial=initial, prefix="trin"))
        if formset.is_valid():
            try:
                ladder_replace(user=request.user, unit=unit, steps=formset.steps())
            except ValidationError as error:
                for message in error.messages:
                    messages.error(request, message)
            else:
                messages.success(request, _("Prioriteringstrappen er gemt."))
                return HttpResponseRedirect(_ladder_url(unit.unit_id))
        else:
            messages.error(request, _("Trappen er ikke gemt. Ret fejlene nedenfor."))
    context = {
        "unit": unit,
        "breadcrumbs": breadcrumbs(request, unit),
        "steps": [(index, step, f"heat--step-{min(index, STEP_CLASSES - 1)}")
                  for index, step in enumerate(steps, start=1)],
        "editor": editor,
        "formset": formset,
        "defaults": default_steps(),
    }
    return render(request, "insight/staffing_ladder.html", context)

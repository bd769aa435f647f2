"""The employee page, audit-logged: the employee's own page for every role, and for HR
and the leader the calendar tool (kalenderværktøj) of a 1:1 conversation: the year's
absence day by day, the sick-absence spells, rolling figures with the Bradford factor and
the colour status, and the weekday pattern. Leaders see only employments in their units,
and every figure is computed from those employments alone."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import polars as pl
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.dates import MONTHS, WEEKDAYS
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from naervaer.accounts.selectors import (
    can_see_employee,
    role_sees_persons,
    user_profile,
    visible_employments,
    visible_units,
)
from naervaer.accounts.services import audit_record
from naervaer.core.metrics.config import HOLIDAY_TYPE, OTHER_TYPES
from naervaer.core.metrics.daily import (
    absence_by_day,
    calendar_days,
    employee_spells,
    primary_types,
    weekday_pattern,
)
from naervaer.followup.selectors import tasks_visible_to
from naervaer.followup.views import by_urgency, task_rows
from naervaer.insight.selectors.employee import employee_frames, employee_person_figures
from naervaer.insight.tables import Cell, Column, Table
from naervaer.insight.views.common import wants_xlsx, xlsx_response
from naervaer.insight.views.team import holiday_language, month_name, weekday_names
from naervaer.metrics.selectors import metrics_config
from naervaer.organisation.models import AbsenceType, Employee
from naervaer.organisation.selectors import get_settings
from naervaer.web.selectors import employee_absences

FIRST_YEAR = 2000
CALENDAR_TYPES = ("egen_sygdom", "graviditet", *OTHER_TYPES, HOLIDAY_TYPE)


def _own_employee_pk(request: HttpRequest) -> int | None:
    profile = user_profile(request.user)
    return profile.employee_id if profile is not None else None


def type_codes() -> dict[str, str]:
    """One letter per absence type, so the calendar reads without colour."""
    return {
        "egen_sygdom": pgettext("kalenderkode for egen sygdom", "S"),
        "graviditet": pgettext("kalenderkode for graviditetsbetinget sygdom", "G"),
        "arbejdsskade": pgettext("kalenderkode for arbejdsskade", "A"),
        "barns_sygdom": pgettext("kalenderkode for barns sygdom", "B"),
        "barsel": pgettext("kalenderkode for barsel", "O"),
        "andet": pgettext("kalenderkode for andet fravær", "X"),
        "ferie": pgettext("kalenderkode for ferie", "F"),
    }


@dataclass
class CalendarCell:
    date: dt.date
    css: str
    code: str
    label: str

    def html(self) -> str:
        """The day's ``<td>``, made here rather than in the template: a year is 365 cells
        and the template's tags per cell were a third of the page's time."""
        if self.code:
            return format_html(
                '<td class="{}" title="{}"><span class="cal-num" aria-hidden="true">{}</span>'
                '<span class="cal-code" aria-hidden="true">{}</span>'
                '<span class="visually-hidden">{}</span></td>',
                self.css, self.label, self.date.day, self.code, self.label)
        return format_html('<td class="{}"><span class="cal-num" aria-hidden="true">{}</span>'
                           '<span class="visually-hidden">{}</span></td>',
                           self.css, self.date.day, self.label)


def _date(day: dt.date | None) -> str:
    return day.strftime("%d-%m-%Y") if day else "–"


def _year(request: HttpRequest, today: dt.date) -> int:
    raw = request.GET.get("aar")
    if raw is None or raw == "":
        return today.year
    try:
        year = int(raw)
    except ValueError:
        year = 0
    if not FIRST_YEAR <= year <= today.year + 1:
        messages.error(request, _("“%(value)s” er ikke et år mellem %(first)d og %(last)d. Viser "
                                  "%(year)d i stedet.") % {"value": raw[:10], "first": FIRST_YEAR,
                                                           "last": today.year + 1, "year": today.year})
        return today.year
    return year


def _calendar(days: pl.DataFrame, year: int, today: dt.date, extra_days_off: tuple[str, ...],
              ) -> tuple[list[tuple[str, list[list[CalendarCell | None]]]], Table]:
    """12 month blocks of cells and the same days as a table (days with absence only)."""
    labels = dict(AbsenceType.choices)
    codes = type_codes()
    first, last = dt.date(year, 1, 1), dt.date(year, 12, 31)
    by_day = {row["date"]: row for row in primary_types(days).iter_rows(named=True)}
    names = weekday_names()
    # date_format(day, "l j. F") for each of 365 days, from the names looked up once.
    weekday_long = [str(WEEKDAYS[number]) for number in range(7)]
    month_long = {number: str(MONTHS[number]) for number in range(1, 13)}
    table = Table(slug="kalender", title=_("Fraværsdage %(year)d") % {"year": year}, columns=[
        Column("date", _("Dato")), Column("weekday", _("Ugedag")), Column("type", _("Fravær")),
        Column("code", _("Kode")), Column("day", _("Dagtype"))])
    months: list[tuple[str, list[list[CalendarCell | None]]]] = []
    current: list[CalendarCell] = []
    for row in calendar_days(first, last, extra_days_off, holiday_language()).iter_rows(named=True):
        day: dt.date = row["date"]
        absence = by_day.get(day)
        css, code, parts = ["cal-day"], "", [
            f"{weekday_long[day.weekday()]} {day.day}. {month_long[day.month]}"]
        kind = ""
        if row["holiday_name"]:
            kind = row["holiday_name"]
            css.append("cal-holiday")
        elif row["day_off"]:
            kind = _("fridag")
        elif row["weekday"] > 5:
            kind = _("weekend")
        if kind:
            parts.append(kind)
        if not row["is_workday"]:
            css.append("cal-off")
        if absence is not None:
            css.append(f"t-{absence['type']}")
            code = codes.get(absence["type"], "?")
            described = ", ".join(str(labels.get(name, name)) for name in absence["types"])
            parts.append(described)
            table.add(day.strftime("%d-%m-%Y"), names[row["weekday"] - 1][1], described,
                      "".join(codes.get(name, "?") for name in absence["types"]), kind)
        if day == today:
            css.append("cal-today")
            parts.append(_("i dag"))
        current.append(CalendarCell(day, " ".join(css), code, " · ".join(parts)))
        if day.month != (day + dt.timedelta(days=1)).month:
            padded: list[CalendarCell | None] = [None] * current[0].date.weekday() + list(current)
            padded += [None] * (-len(padded) % 7)
            months.append((month_name(day), [padded[i:i + 7] for i in range(0, len(padded), 7)]))
            current = []
    return months, table


def _figures_table(figures: pl.DataFrame) -> tuple[Table, dict[str, object]]:
    table = Table(slug="noegletal", title=_("Rullende tal (sygefravær)"), columns=[
        Column("figure", _("Nøgletal")), Column("value", _("Værdi"), "int")])
    row = figures.row(0, named=True) if figures.height else {}
    for key, label in [
        ("spells_182", _("Sygeforløb de seneste 182 dage")),
        ("sick_days_182", _("Sygedage de seneste 182 dage")),
        ("spells_365", _("Sygeforløb de seneste 365 dage")),
        ("sick_days_365", _("Sygedage de seneste 365 dage")),
        ("bradford_factor", _("Bradford-faktor (365 dage)")),
    ]:
        table.add(label, row.get(key, 0))
    return table, row


STATUS_CSS = {"green": "status--green", "yellow": "status--yellow", "red": "status--red"}


def _status(row: dict[str, object]) -> dict[str, str]:
    status = str(row.get("status") or "green")
    reason = str(row.get("status_reason") or "")
    labels = {"green": _("Grøn"), "yellow": _("Gul"), "red": _("Rød")}
    reasons = {
        "open_long_spell": _("et igangværende langvarigt sygeforløb"),
        "spells": _("antallet af sygeforløb de seneste 182 dage (grænse: 3)"),
        "days": _("antallet af sygedage de seneste 182 dage (grænse: 6)"),
        "": _("under alle grænser"),
    }
    return {"label": labels.get(status, status), "css": STATUS_CSS.get(status, ""),
            "reason": reasons.get(reason, reason)}


@login_required
def employee_page(request: HttpRequest, employee_id: str) -> HttpResponse:
    employee = Employee.objects.filter(employee_id=employee_id).first()
    if not role_sees_persons(request.user):
        # Roles without person access may only see themselves; do not reveal
        # whether other ids exist.
        if employee is None or employee.pk != _own_employee_pk(request):
            raise PermissionDenied(_("Du har kun adgang til dine egne oplysninger."))
    elif employee is None:
        raise Http404(_("Ukendt medarbejder."))
    if not can_see_employee(request.user, employee):
        raise PermissionDenied(_("Medarbejderen er ikke ansat i dit område."))
    employments = visible_employments(request.user, employee).select_related("unit")
    visible_unit_pks = set(
        visible_units(request.user)
        .filter(pk__in=[employment.unit_id for employment in employments])
        .values_list("pk", flat=True)
    )
    audit_record(
        user=request.user,
        action="view_employee",
        object_type="employee",
        object_id=employee.employee_id,
        detail={"employments": [employment.employment_id for employment in employments]},
    )
    today = timezone.localdate()
    year = _year(request, today)
    config = metrics_config(get_settings())
    jobs, records = employee_frames(employments)
    first, last = dt.date(year, 1, 1), dt.date(year, 12, 31)
    days = absence_by_day(jobs, records, first, last, today, config)
    months, calendar_table = _calendar(days, year, today, config.extra_days_off)

    spells = employee_spells(jobs, records, today, config)
    spell_table = Table(slug="forloeb", title=_("Sygeforløb"), columns=[
        Column("first", _("Første dag")), Column("last", _("Sidste dag")),
        Column("length", _("Længde (kalenderdage)"), "int"), Column("band", _("Kort/lang")),
        Column("open", _("Igangværende"))])
    for spell in spells.iter_rows(named=True):
        spell_table.add(_date(spell["first_date"]),
                        _("til i dag") if spell["is_open"] else _date(spell["last_date"]),
                        spell["length_days"],
                        Cell(_("Lang") if spell["is_long"] else _("Kort"),
                             title=_("Kort: 1–%(days)d dage; lang: derover")
                             % {"days": config.short_max_days}),
                        _("Ja") if spell["is_open"] else _("Nej"))

    figures = employee_person_figures(jobs, records, today, config)
    figures_table, figure_row = _figures_table(figures)

    pattern = weekday_pattern(days, first, min(last, today) if year == today.year else last,
                              config.extra_days_off)
    names = weekday_names()
    pattern_table = Table(slug="ugedage", title=_("Sygedage pr. ugedag %(year)d") % {"year": year},
                          columns=[Column("weekday", _("Ugedag")), Column("days", _("Sygedage"), "int")])
    for weekday, sick_days in pattern.iter_rows():
        pattern_table.add(names[weekday - 1][1], sick_days)

    employment_table = Table(slug="ansaettelser", title=_("Ansættelser"), columns=[
        Column("employment", _("Ansættelse")), Column("unit", _("Enhed")),
        Column("group", _("Personalegruppe")), Column("hours", _("Timer pr. uge"), "dec2"),
        Column("start", _("Start")), Column("end", _("Slut"))])
    for employment in employments:
        link = (reverse("unit-detail", args=[employment.unit.unit_id])
                if employment.unit_id in visible_unit_pks else "")
        employment_table.add(employment.employment_id, Cell(employment.unit.name, link=link),
                             employment.staff_group, float(employment.weekly_hours),
                             _date(employment.start_date), _date(employment.end_date))

    labels = dict(AbsenceType.choices)
    absence_table = Table(slug="fravaer", title=_("Fraværsregistreringer"), columns=[
        Column("type", _("Type")), Column("from", _("Fra")), Column("to", _("Til")),
        Column("degree", _("Grad")), Column("hours", _("Timer"), "dec2"),
        Column("employment", _("Ansættelse"))])
    for absence in employee_absences(employments):
        absence_table.add(str(labels.get(absence.type, absence.type)), _date(absence.start_date),
                          _date(absence.end_date) if absence.end_date else _("igangværende"),
                          f"{absence.degree} %", None if absence.hours is None else float(absence.hours),
                          absence.employment.employment_id)

    tables = [calendar_table, spell_table, figures_table, pattern_table, employment_table,
              absence_table]
    if wants_xlsx(request):
        return xlsx_response(request, tables, name=f"{employee.employee_id}-{year}",
                             subtitle=f"{employee.name or employee.employee_id} · {year}")

    show_followup = role_sees_persons(request.user)
    followup_rows = (task_rows(by_urgency(tasks_visible_to(request.user).filter(employee=employee),
                                          today), today) if show_followup else [])

    codes = type_codes()
    max_days = max([int(value) for value in pattern["sick_days"].to_list()] + [1])
    first_year = min([employment.start_date.year for employment in employments] + [today.year])
    context = {
        "employee": employee,
        "year": year,
        "years": list(range(max(FIRST_YEAR, first_year), today.year + 2)),
        "previous_year": year - 1 if year > FIRST_YEAR else None,
        "next_year": year + 1 if year <= today.year else None,
        "months": months,
        "weekdays": names,
        "legend": [(f"t-{name}", codes[name], labels.get(name, name)) for name in CALENDAR_TYPES],
        "calendar_table": calendar_table,
        "spell_table": spell_table,
        "spell_count": spells.height,
        "figures_table": figures_table,
        "status": _status(figure_row) if figure_row else None,
        "pattern": [(names[weekday - 1][1], sick_days, max_days)
                    for weekday, sick_days in pattern.iter_rows()],
        "pattern_table": pattern_table,
        "employment_table": employment_table,
        "absence_table": absence_table,
        "has_employments": bool(employments),
        "export_query": f"?aar={year}",
        "today": today,
        "show_followup": show_followup,
        "followup_rows": followup_rows,
        "followup_next": f"{request.get_full_path()}#opfoelgning",
    }
    return render(request, "insight/employee.html", context)

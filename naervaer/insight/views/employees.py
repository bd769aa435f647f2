"""The employees of a unit (roles that may see persons), audit-logged: sick days per
month of the last twelve, the person figures (spells, days, Bradford factor) and the
colour status that puts a person in the target group for a conversation."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from urllib.parse import urlencode

import polars as pl
from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Page, Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import dateformat, timezone
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from naervaer.accounts.selectors import can_see_persons, role_sees_persons
from naervaer.accounts.services import audit_record
from naervaer.core.metrics import FrequentAbsenceTrigger, person_figures
from naervaer.core.metrics.person_months import person_month_days
from naervaer.insight.selection import add_months, default_month, month_end, month_start
from naervaer.insight.selectors.employees import SubtreePeople, subtree_people
from naervaer.insight.tables import Cell, Column, Table
from naervaer.insight.templatetags.insight import formatted
from naervaer.insight.views.common import breadcrumbs, unit_in_scope, wants_xlsx, xlsx_response
from naervaer.metrics.cube import read_manifest
from naervaer.organisation.models import Unit

EMPLOYEES_PER_PAGE = 100
MONTHS = 12
TABLE_SLUG = "medarbejdere"
FIRST_MONTH = dt.date(2000, 1, 1)
STATUS_RANK = {"green": 0, "yellow": 1, "red": 2}
STATUS_LABELS = {"green": gettext_lazy("Grøn"), "yellow": gettext_lazy("Gul"),
                 "red": gettext_lazy("Rød")}


def reference_date() -> dt.date:
    """The date the figures are computed at: the cube's, else today."""
    manifest = read_manifest()
    return manifest.as_of if manifest is not None else timezone.localdate()


class EmployeesForm(forms.Form):
    periode = forms.DateField(label=gettext_lazy("Seneste måned"), required=False,
                              input_formats=["%Y-%m"],
                              widget=forms.DateInput(attrs={"type": "month"}, format="%Y-%m"))
    maalgruppe = forms.BooleanField(label=gettext_lazy("Kun målgruppen"), required=False)
    alle = forms.BooleanField(label=gettext_lazy("Også fratrådte (seneste 12 måneder)"),
                              required=False)

    def __init__(self, data: object, *, last_month: dt.date) -> None:
        super().__init__(data)  # type: ignore[arg-type]
        self.last_month = last_month

    def clean_periode(self) -> dt.date | None:
        value = self.cleaned_data.get("periode")
        if value is not None and not FIRST_MONTH <= value <= self.last_month:
            raise forms.ValidationError(
                _("Vælg en måned mellem %(first)s og %(last)s."),
                params={"first": FIRST_MONTH.strftime("%m-%Y"),
                        "last": self.last_month.strftime("%m-%Y")})
        return value


@dataclass
class StatusCell(Cell):
    """The colour status: sorted by severity, its reason also for screen readers."""

    status: str = "green"
    rank: int = 0


@dataclass
class TargetCell(Cell):
    in_target: bool = False


@dataclass(frozen=True)
class Listing:
    """The people of the page (all of them, sorted by name, with their person figures and
    status) and what is needed to add their month columns."""

    rows: pl.DataFrame
    data: SubtreePeople
    months: list[dt.date]
    at: dt.date
    as_of: dt.date
    trigger: FrequentAbsenceTrigger

    def with_months(self, rows: pl.DataFrame) -> pl.DataFrame:
        """``rows`` (some of ``self.rows``) with sick days per month ``m0`` … ``m11``
        (oldest first; only the subtree's employments; null when not employed there)."""
        data = self.data
        employments = data.metric_employments().filter(
            pl.col("employee_id").is_in(rows["employee_id"].implode()))
        by_month = person_month_days(
            units=data.units, employments=employments, absences=data.absences,
            first_month=self.months[0], last_month=self.months[-1], as_of=self.as_of,
            config=data.config, unit_ids=data.unit_ids)
        keys = month_keys(self.months)
        wide = (
            by_month.join(pl.DataFrame({"month": self.months, "column": keys}), on="month")
            .with_columns(pl.col("absence_days").round(2))
            .pivot(on="column", index="employee_id", values="absence_days")
        )
        wide = wide.with_columns(pl.lit(None, dtype=pl.Float64).alias(key)
                                 for key in keys if key not in wide.columns)
        return rows.join(wide.select("employee_id", *keys), on="employee_id", how="left",
                         maintain_order="left")


def month_keys(months: list[dt.date]) -> list[str]:
    return [f"m{index}" for index in range(len(months))]


def status_reason(row: dict[str, object], trigger: FrequentAbsenceTrigger) -> str:
    reason = row["status_reason"]
    window = trigger.window_days
    if reason == "open_long_spell":
        return _("Åben langvarig fraværsperiode")
    if reason == "spells":
        count = int(row[f"spells_{window}"])  # type: ignore[call-overload]
        return ngettext(
            "%(count)d fraværsperiode på %(window)d dage (grænse %(limit)d)",
            "%(count)d fraværsperioder på %(window)d dage (grænse %(limit)d)",
            count) % {"count": count, "window": window, "limit": trigger.spells}
    if reason == "days":
        count = int(row[f"sick_days_{window}"])  # type: ignore[call-overload]
        return ngettext(
            "%(count)d sygedag på %(window)d dage (grænse %(limit)d)",
            "%(count)d sygedage på %(window)d dage (grænse %(limit)d)",
            count) % {"count": count, "window": window, "limit": trigger.days}
    return _("Under alle grænser")


def compute_listing(unit: Unit, *, month: dt.date, as_of: dt.date, show_all: bool,
                    target_only: bool) -> Listing:
    """One row per listed person: name, units and staff groups in the subtree, and the
    person figures over all their employments with the status, for the twelve months
    ending with ``month``."""
    trigger = FrequentAbsenceTrigger()
    at = min(month_end(month), as_of)
    first_month = add_months(month, 1 - MONTHS)
    reach = max(365, trigger.window_days, (at - first_month).days)
    data = subtree_people(
        unit, as_of=as_of, employed_since=as_of - dt.timedelta(days=365) if show_all else None,
        at=at, reach_days=reach, absences_to=month_end(month))
    months = [add_months(first_month, index) for index in range(MONTHS)]
    figures = person_figures(units=data.units, employments=data.metric_employments(),
                             absences=data.absences, at=at, as_of=as_of, config=data.config,
                             trigger=trigger)
    # The units and staff groups that list the person, the latest employment first.
    people = data.employments.filter(pl.col("listed")).sort(
        "start_date", "employment_id", descending=[True, False]
    ).group_by("employee_id", maintain_order=True).agg(
        pl.col("employee_name").first().alias("name"),
        pl.col("unit_name").unique(maintain_order=True).str.join(", ").alias("units"),
        pl.col("staff_group").unique(maintain_order=True).str.join(", ").alias("staff_groups"),
    )
    rows = (
        people.join(figures, on="employee_id", how="left")
        .with_columns(pl.col("status").fill_null("green"), pl.col("status_reason").fill_null(""))
        .with_columns(in_target=pl.col("status") == "red")
        .sort(pl.col("name").str.to_lowercase(), "employee_id")
    )
    if target_only:
        rows = rows.filter(pl.col("in_target"))
    return Listing(rows, data, months, at, as_of, trigger)


def build_table(listing: Listing, rows: pl.DataFrame) -> Table:
    columns = [
        Column("name", _("Medarbejder")),
        Column("unit", _("Enhed")),
        Column("staff_group", _("Personalegruppe")),
        *[Column(f"m{index}", dateformat.format(month, "b y"), "dec1")
          for index, month in enumerate(listing.months)],
        Column("spells_182", _("Perioder 182 dage"), "int"),
        Column("sick_days_182", _("Sygedage 182 dage"), "int"),
        Column("spells_365", _("Perioder 365 dage"), "int"),
        Column("sick_days_365", _("Sygedage 365 dage"), "int"),
        Column("bradford_factor", _("Bradford-faktor"), "int"),
        Column("status", _("Status")),
        Column("target", _("Målgruppe")),
    ]
    table = Table(TABLE_SLUG, _("Sygefraværsdage pr. medarbejder"), columns)
    keys = month_keys(listing.months)
    for row in listing.with_months(rows).iter_rows(named=True):
        status = str(row["status"])
        reason = status_reason(row, listing.trigger)
        table.rows.append([
            Cell(row["name"] or row["employee_id"],
                 link=reverse("employee-detail", args=[row["employee_id"]])),
            Cell(row["units"]),
            Cell(row["staff_groups"]),
            *[Cell(row[key]) for key in keys],
            *[Cell(int(row[key] or 0)) for key in (
                "spells_182", "sick_days_182", "spells_365", "sick_days_365", "bradford_factor")],
            StatusCell(str(STATUS_LABELS[status]), title=reason, css=f"status--{status}",
                       status=status, rank=STATUS_RANK[status]),
            TargetCell(_("Ja") if row["in_target"] else _("Nej"), in_target=bool(row["in_target"])),
        ])
    table.note = _("Sygedage pr. måned tæller kun fravær i ansættelser i enheden og dens "
                   "underenheder. Fraværsperioder, sygedage for 182 og 365 dage, "
                   "Bradford-faktor og status gælder hele personens sygefravær, på tværs af "
                   "ansættelser.")
    return table


def row_html(row: list[Cell], columns: list[Column]) -> SafeString:
    """One table row as HTML. A hundred rows of twenty-odd cells through template tags
    cost a quarter of a second; formatted here, a few milliseconds."""
    parts = []
    for cell, column in zip(row, columns, strict=True):
        if isinstance(cell, StatusCell):
            parts.append(format_html(
                '<td data-value="{}" title="{}"><span class="status {}">{}</span>'
                '<span class="visually-hidden">: {}</span></td>',
                cell.rank, cell.title, cell.css, cell.value, cell.title))
        elif isinstance(cell, TargetCell):
            parts.append(format_html(
                '<td data-value="1"><span class="target-group">'
                '<span aria-hidden="true">⚑ </span>{}</span></td>', cell.value)
                if cell.in_target else format_html('<td data-value="0">{}</td>', cell.value))
        elif column.key == "name":
            parts.append(format_html('<th scope="row"><a href="{}">{}</a></th>',
                                     cell.link, cell.value))
        elif column.format == "text":
            parts.append(format_html("<td>{}</td>", formatted(cell, column)))
        elif cell.value is None:
            parts.append(format_html('<td class="num">{}</td>', formatted(cell, column)))
        else:
            parts.append(format_html('<td class="num" data-value="{}">{}</td>',
                                     cell.value, formatted(cell, column)))
    in_target = any(isinstance(cell, TargetCell) and cell.in_target for cell in row)
    return format_html('<tr{}>{}</tr>', mark_safe(' class="in-target-group"') if in_target else "",
                       mark_safe("".join(parts)))


def _kept_params(request: HttpRequest) -> list[tuple[str, str]]:
    """The query's parameters other than the page and the download."""
    return [(key, value) for key, values in request.GET.lists()
            if key not in ("side", "format", "tabel") for value in values]


def _page_links(request: HttpRequest, page: Page) -> dict[str, str]:
    """Links to the previous and next page, keeping the other parameters."""
    kept = _kept_params(request)
    links = {}
    if page.has_previous():
        links["previous"] = "?" + urlencode([("side", page.previous_page_number()), *kept])
    if page.has_next():
        links["next"] = "?" + urlencode([("side", page.next_page_number()), *kept])
    return links


@login_required
def unit_employees(request: HttpRequest, unit_id: str) -> HttpResponse:
    if not role_sees_persons(request.user):
        raise PermissionDenied(_("Din rolle giver ikke adgang til personoplysninger."))
    unit = unit_in_scope(request, unit_id)
    if not can_see_persons(request.user, unit):
        raise PermissionDenied(_("Din rolle giver ikke adgang til personoplysninger."))
    as_of = reference_date()
    query = request.GET.copy()
    query.setdefault("periode", default_month(as_of).strftime("%Y-%m"))  # shown in the form
    form = EmployeesForm(query, last_month=month_start(as_of))
    form.is_valid()  # a bad month shows as a form error; the page uses the default
    data = getattr(form, "cleaned_data", {})
    month = month_start(data["periode"]) if data.get("periode") else default_month(as_of)
    show_all = bool(data.get("alle"))
    target_only = bool(data.get("maalgruppe"))
    listing = compute_listing(unit, month=month, as_of=as_of, show_all=show_all,
                              target_only=target_only)
    rows = listing.rows
    target_count = int(rows["in_target"].sum()) if rows.height else 0
    if wants_xlsx(request):
        # Every row (all pages); audit-logged once the download is made.
        subtitle = _("%(unit)s, 12 måneder til og med %(month)s, opgjort %(as_of)s") % {
            "unit": unit.name, "month": dateformat.format(month, "F Y"),
            "as_of": listing.at.strftime("%d-%m-%Y")}
        response = xlsx_response(request, [build_table(listing, rows)], name=unit.unit_id,
                                 subtitle=subtitle)
        audit_record(user=request.user, action="export_employee_list", object_type="unit",
                     object_id=unit.unit_id,
                     detail={"all": show_all, "month": month.strftime("%Y-%m"),
                             "target_only": target_only, "rows": rows.height})
        return response
    page = Paginator(range(rows.height), EMPLOYEES_PER_PAGE).get_page(request.GET.get("side"))
    page_rows = rows.slice(page.start_index() - 1, len(page.object_list)) if rows.height else rows
    table = build_table(listing, page_rows)
    audit_record(
        user=request.user,
        action="view_employee_list",
        object_type="unit",
        object_id=unit.unit_id,
        detail={"all": show_all, "page": page.number, "month": month.strftime("%Y-%m"),
                "target_only": target_only},
    )
    export_params = _kept_params(request)
    context = {
        "unit": unit,
        "breadcrumbs": breadcrumbs(request, unit),
        "form": form,
        "table": table,
        "rows_html": [row_html(row, list(table.columns)) for row in table.rows],
        "page": page,
        "page_links": _page_links(request, page),
        "export_query": "?" + urlencode(export_params) if export_params else "",
        "show_all": show_all,
        "target_only": target_only,
        "target_count": target_count,
        "listed_count": rows.height,
        "month": month,
        "at": listing.at,
        "trigger": listing.trigger,
    }
    return render(request, "insight/unit_employees.html", context)

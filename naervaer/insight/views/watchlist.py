"""HR's watch list (/overvaagning/): units with particularly high or rising sick absence,
so that HR can offer its help where it is needed."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _

from naervaer.accounts.models import Role
from naervaer.accounts.selectors import user_role
from naervaer.insight.forms_hr import WatchlistForm
from naervaer.insight.selection import default_month, month_start
from naervaer.insight.selectors.watchlist import (
    DEFAULT_HIGH_PCT,
    DEFAULT_RISE_DAYS,
    MIN_HEADCOUNT,
    Watchlist,
)
from naervaer.insight.selectors.watchlist import (
    watchlist as watchlist_rows,
)
from naervaer.insight.tables import Cell, Column, Table
from naervaer.insight.views.common import wants_xlsx, xlsx_response
from naervaer.metrics.cube import read_manifest
from naervaer.organisation.selectors import get_settings

TABLE_SLUG = "overvaagning"


def require_hr(request: HttpRequest) -> None:
    if user_role(request.user) != Role.HR:
        raise PermissionDenied(_("Siden er kun for HR."))


def _signal(high: bool, rising: bool) -> str:
    return ", ".join(label for label, on in ((_("høj"), high), (_("stigende"), rising)) if on)


def _table(result: Watchlist, *, show_all: bool) -> Table:
    columns = [
        Column("unit", _("Enhed")),
        Column("parent", _("Overordnet enhed")),
        Column("signal", _("Signal")),
        Column("days_per_fte", _("Dage pr. fuldtidsansat"), "dec1", "days_per_fte"),
        Column("before", _("Samme periode året før"), "dec1", "days_per_fte"),
        Column("change", _("Ændring"), "dec1", "days_per_fte"),
        Column("absence_pct", _("Fraværsprocent"), "pct", "absence_pct"),
        Column("headcount", _("Ansatte"), "int", "headcount"),
        Column("level", _("Organisationens niveau"), "dec1", "days_per_fte"),
    ]
    table = Table(slug=TABLE_SLUG,
                  title=_("Enheder med højt eller stigende sygefravær") if not show_all
                  else _("Alle enheder"),
                  columns=columns)
    for row in result.rows if show_all else result.flagged:
        table.add(
            Cell(row.name, link=reverse("unit-detail", args=[row.unit_id])),
            row.parent_name,
            Cell(_signal(row.high, row.rising), css="target-group" if row.flagged else ""),
            row.days_per_fte, row.days_per_fte_before, row.change, row.absence_pct,
            row.headcount, row.organisation_level)
    table.note = _(
        "Dage pr. fuldtidsansat over 12 måneder (enheden med underenheder, alle "
        "personalegrupper). %(count)d enheder med under %(min)d ansatte er udeladt: for så få "
        "personer svinger tallet for meget til at sige noget sikkert."
    ) % {"count": result.too_small, "min": result.min_headcount}
    return table


@login_required
def watchlist(request: HttpRequest) -> HttpResponse:
    require_hr(request)
    manifest = read_manifest()
    context: dict[str, object] = {"manifest": manifest}
    if manifest is None:
        return render(request, "insight/watchlist.html", context)
    last_month = month_start(manifest.as_of)
    form = WatchlistForm(request.GET or None, first_month=month_start(manifest.date_from),
                         last_month=last_month)
    valid = form.is_valid() if form.is_bound else True
    data = form.cleaned_data if form.is_bound else {}
    month = data.get("periode") or default_month(manifest.as_of)
    high_pct = float(data["hoej"]) if data.get("hoej") is not None else DEFAULT_HIGH_PCT
    rise_days = float(data["stigning"]) if data.get("stigning") is not None else DEFAULT_RISE_DAYS
    show_all = bool(data.get("alle"))
    min_headcount = max(MIN_HEADCOUNT, get_settings().small_group_threshold)
    result = watchlist_rows(month_start(month), high_pct=high_pct, rise_days=rise_days,
                            min_headcount=min_headcount)
    if result is None:
        return render(request, "insight/watchlist.html", {"manifest": None})
    table = _table(result, show_all=show_all)
    query = {"periode": month.strftime("%Y-%m"), "hoej": f"{high_pct:g}",
             "stigning": f"{rise_days:g}"}
    if show_all:
        query["alle"] = "on"
    if wants_xlsx(request):
        subtitle = _("12 måneder %(start)s – %(end)s; høj ≥ %(high)s %% over organisationen; "
                     "stigende ≥ %(rise)s dage pr. fuldtidsansat") % {
            "start": result.period_start.strftime("%m-%Y"),
            "end": result.period_end.strftime("%m-%Y"),
            "high": f"{high_pct:g}", "rise": f"{rise_days:g}"}
        return xlsx_response(request, [table], name="overvaagning", subtitle=subtitle)
    if not form.is_bound:
        form = WatchlistForm(query, first_month=form.first_month, last_month=last_month)
        form.is_valid()
    context.update({
        "form": form,
        "valid": valid,
        "result": result,
        "table": table,
        "export_query": "?" + urlencode(query),
        "high_pct": high_pct,
        "rise_days": rise_days,
        "show_all": show_all,
        "flagged_count": len(result.flagged),
    })
    return render(request, "insight/watchlist.html", context)

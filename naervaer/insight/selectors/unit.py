"""The unit page's figures, read from the stored cube: headline tiles with the change
against the same period last year, the monthly development, the child units side by
side, staff groups and the distribution of spell lengths.

Suppression: for a role without person access every figure of a group whose headcount
is below the organisation's threshold is hidden (spec/metrics.md, "Privacy in
aggregated views"); ``persons`` says whether the viewer may see the unit's persons.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import polars as pl
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from naervaer.insight import charts
from naervaer.insight.models import TimelineNote, UnitComment
from naervaer.insight.selection import ALL_STAFF_GROUPS, Selection, add_months
from naervaer.insight.selectors.annotations import comment_for, timeline_notes
from naervaer.insight.tables import Cell, Column, Table
from naervaer.metrics import cube
from naervaer.organisation.models import Unit
from naervaer.organisation.selectors import get_settings, unit_descendants

DEVELOPMENT_MONTHS = 24


@dataclass(frozen=True)
class Tile:
    key: str
    label: str
    value: float | None
    previous: float | None          # the same period last year
    format: str                     # "dec1" | "dec2" | "pct" | "int"
    suppressed: bool
    help_anchor: str
    higher_is_worse: bool = True

    @property
    def change(self) -> float | None:
        if self.suppressed or self.value is None or self.previous is None:
            return None
        return self.value - self.previous

    @property
    def trend(self) -> str:
        """"up" when the change is for the worse, "down" when for the better."""
        change = self.change
        if not change:
            return ""
        worse = change > 0 if self.higher_is_worse else change < 0
        return "up" if worse else "down"


@dataclass
class Chart:
    slug: str
    title: str
    spec: dict[str, Any]


@dataclass
class UnitOverview:
    unit: Unit
    selection: Selection
    as_of: dt.date | None
    persons: bool
    threshold: int
    suppressed: bool = False        # the unit's own figures are hidden (small group)
    tiles: list[Tile] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)
    charts: dict[str, Chart] = field(default_factory=dict)
    staff_groups: list[str] = field(default_factory=list)
    headcount: int = 0
    period_days_per_fte: Tile | None = None  # of the selected period itself (the report)
    comment: UnitComment | None = None       # the leader's comment on this month/quarter
    notes: list[TimelineNote] = field(default_factory=list)  # within the development chart

    def table(self, slug: str) -> Table | None:
        return next((table for table in self.tables if table.slug == slug), None)


def cube_bounds() -> tuple[dt.date, dt.date, dt.date] | None:
    """(reference date, first month, last month) of the stored cube, or None."""
    manifest = cube.read_manifest()
    if manifest is None or not cube.cube_complete():
        return None
    return manifest.as_of, manifest.date_from.replace(day=1), manifest.as_of.replace(day=1)


def staff_groups_of(unit: Unit) -> list[str]:
    rows = cube.unit_rows("year", unit.unit_id)
    if rows is None:
        return []
    return sorted(set(rows["staff_group"].to_list()) - {ALL_STAFF_GROUPS})


def _pick(rows: pl.DataFrame | None, selection: Selection, *, kind_end: dt.date | None = None,
          scope: str | None = None) -> dict[str, Any] | None:
    if rows is None:
        return None
    hit = rows.filter((pl.col("period_end") == (kind_end or selection.period_end))
                      & (pl.col("scope") == (scope or selection.scope))
                      & (pl.col("staff_group") == selection.staff_group))
    return hit.row(0, named=True) if hit.height else None


def _by_period_end(rows: pl.DataFrame | None, selection: Selection) -> dict[dt.date, dict[str, Any]]:
    """The rows of the selection's scope and staff group, by the last day of their period."""
    if rows is None:
        return {}
    hit = rows.filter((pl.col("scope") == selection.scope)
                      & (pl.col("staff_group") == selection.staff_group))
    return {row["period_end"]: row for row in hit.iter_rows(named=True)}


def _hidden(row: dict[str, Any] | None, persons: bool, threshold: int) -> bool:
    return not persons and (row is None or (row["headcount"] or 0) < threshold)


def _per_fte(row: dict[str, Any], key: str) -> float | None:
    return row[key] / row["fte"] if row.get("fte") else None


def unit_overview(unit: Unit, selection: Selection, *, persons: bool,
                  child_visible: dict[int, bool] | None = None,
                  child_persons: dict[int, bool] | None = None,
                  target_pct: float | None = None) -> UnitOverview:
    """Everything the unit page and the monthly report show for ``selection``.

    ``child_visible`` says which children the viewer may open (links);
    ``child_persons`` which ones the viewer sees at person level (no suppression)."""
    settings = get_settings()
    bounds = cube_bounds()
    overview = UnitOverview(unit, selection, bounds[0] if bounds else None, persons,
                            settings.small_group_threshold)
    if bounds is None:
        return overview
    overview.staff_groups = staff_groups_of(unit)
    threshold = settings.small_group_threshold
    kind_rows = cube.unit_rows(selection.kind, unit.unit_id)
    rolling_rows = (kind_rows if selection.kind == "rolling12"
                    else cube.unit_rows("rolling12", unit.unit_id))
    month_rows = kind_rows if selection.kind == "month" else cube.unit_rows("month", unit.unit_id)
    last_year = selection.shifted_years(-1)
    now = _pick(kind_rows, selection)
    before = _pick(kind_rows, last_year)
    rolling_now = _pick(rolling_rows, selection, kind_end=_rolling_end(selection.month))
    rolling_before = _pick(rolling_rows, selection, kind_end=_rolling_end(last_year.month))
    overview.headcount = int(now["headcount"]) if now else 0
    overview.suppressed = _hidden(now, persons, threshold)
    hide_before = _hidden(before, persons, threshold)
    # One read of the spell list serves the open-spell tiles and the length distribution.
    spells = _spells_in_scope(unit, selection)
    open_long_now, open_long_before = (_open_long_spells(spells, selection),
                                       _open_long_spells(spells, last_year))

    def tile(key: str, label: str, row: dict[str, Any] | None, previous: dict[str, Any] | None,
             format: str, anchor: str, hidden: bool, *, higher_is_worse: bool = True) -> Tile:
        value = row.get(key) if row else None
        old = previous.get(key) if previous and not hide_before else None
        return Tile(key, label, value, old, format, hidden, anchor, higher_is_worse)

    hidden = overview.suppressed
    overview.tiles = [
        tile("days_per_fte", _("Sygedage pr. årsværk, rullende 12 mdr."), rolling_now, rolling_before,
             "dec1", "days_per_fte", _hidden(rolling_now, persons, threshold)),
        tile("absence_pct", _("Sygefravær i procent"), now, before, "pct", "absence_pct", hidden),
        tile("short_days", _("Korttidsfravær (dage)"), now, before, "dec1", "short_days", hidden),
        tile("long_days", _("Langtidsfravær (dage)"), now, before, "dec1", "long_days", hidden),
        tile("share_without_absence", _("Andel uden sygefravær"), now, before, "pct",
             "share_without_absence", hidden, higher_is_worse=False),
        Tile("open_long_spells", _("Åbne langvarige fraværsperioder"), open_long_now,
             None if hide_before else open_long_before, "int", hidden, "open_spells"),
    ]
    overview.period_days_per_fte = tile("days_per_fte", _("Sygedage pr. årsværk"), now, before,
                                        "dec2", "days_per_fte", hidden)
    comment_kind = "quarter" if selection.kind == "quarter" else "month"
    overview.comment = comment_for(unit, comment_kind, selection.month)
    overview.notes = list(timeline_notes(unit, add_months(selection.month, -(DEVELOPMENT_MONTHS - 1)),
                                         selection.period_end))
    _development(overview, month_rows, rolling_rows, threshold, target_pct)
    _children(overview, child_visible or {}, child_persons or {}, now)
    _staff_groups(overview, kind_rows, threshold)
    _spell_distribution(overview, spells, settings.distribution_bands)
    return overview


def month_label(month: dt.date) -> str:
    """"okt 26" in the active language."""
    return f"{date_format(month, 'M')[:3].lower()} {month:%y}"


def _rolling_end(month: dt.date) -> dt.date:
    return add_months(month, 1) - dt.timedelta(days=1)


def _suppression_note(threshold: int) -> str:
    return _("“–”: færre end %(n)d medarbejdere; tallet vises ikke, så ingen kan genkendes.") % {
        "n": threshold}


def _development(overview: UnitOverview, month_rows: pl.DataFrame | None,
                 rolling_rows: pl.DataFrame | None, threshold: int,
                 target_pct: float | None = None) -> None:
    selection = overview.selection
    first = add_months(selection.month, -(DEVELOPMENT_MONTHS - 1))
    table = Table("udvikling", _("Udvikling måned for måned"), [
        Column("month", _("Måned")),
        Column("absence_pct", _("Sygefravær %"), "pct", "absence_pct"),
        Column("rolling_pct", _("Rullende 12 mdr. %"), "pct", "period_kinds"),
        Column("days_per_fte", _("Sygedage pr. årsværk, rullende 12 mdr."), "dec1", "days_per_fte"),
        Column("short_days", _("Korttid (dage)"), "dec1", "short_days"),
        Column("long_days", _("Langtid (dage)"), "dec1", "long_days"),
        Column("headcount", _("Medarbejdere"), "int", "headcount"),
    ])
    points = []
    # One filter per table, then a lookup per month (not two filters per month).
    monthly_by_end = _by_period_end(month_rows, selection)
    rolling_by_end = _by_period_end(rolling_rows, selection)
    month = first
    while month <= selection.month:
        end = _rolling_end(month)
        monthly, rolling = monthly_by_end.get(end), rolling_by_end.get(end)
        if monthly is not None:
            hide = _hidden(monthly, overview.persons, threshold)
            hide_rolling = _hidden(rolling, overview.persons, threshold)
            label = month.strftime("%m-%Y")
            table.add(label, Cell(monthly["absence_pct"], hide),
                      Cell(rolling["absence_pct"] if rolling else None, hide_rolling),
                      Cell(rolling["days_per_fte"] if rolling else None, hide_rolling),
                      Cell(monthly["short_days"], hide), Cell(monthly["long_days"], hide),
                      Cell(monthly["headcount"], hide))
            if not hide:
                points.append({"label": month_label(month), "value": monthly["absence_pct"],
                               "rolling": None if hide_rolling or not rolling else rolling["absence_pct"]})
        month = add_months(month, 1)
    if not overview.persons:
        table.note = _suppression_note(threshold)
    overview.tables.append(table)
    overview.charts["udvikling"] = Chart("udvikling", _("Sygefravær i procent, måned og rullende 12 mdr."),
                                         charts.development_chart(
        points, title=_("Sygefravær i procent"), month_label=_("Måned"),
        bar_label=_("Sygefravær % (måned)"), line_label=_("Rullende 12 mdr. %"),
        notes=[{"label": month_label(note.date), "text": note.text} for note in overview.notes],
        target=None if overview.suppressed else target_pct,
        target_label=_("Måltal (rullende 12 mdr. %)")))


def _children(overview: UnitOverview, visible: dict[int, bool], persons: dict[int, bool],
              parent_row: dict[str, Any] | None) -> None:
    unit, selection, threshold = overview.unit, overview.selection, overview.threshold
    children = list(unit.children.order_by("name"))
    if not children:
        return
    rows = cube.units_rows(selection.kind, [child.unit_id for child in children])
    by_unit = {}
    if rows is not None:
        picked = rows.filter((pl.col("period_end") == selection.period_end)
                             & (pl.col("scope") == "subtree")
                             & (pl.col("staff_group") == selection.staff_group))
        by_unit = {row["unit_id"]: row for row in picked.iter_rows(named=True)}
    table = Table("underenheder", _("Underenheder side om side"), [
        Column("name", _("Enhed")),
        Column("headcount", _("Medarbejdere"), "int", "headcount"),
        Column("fte", _("Årsværk"), "dec1", "fte"),
        Column("days_per_fte", _("Sygedage pr. årsværk"), "dec1", "days_per_fte"),
        Column("short_per_fte", _("Heraf korttid"), "dec1", "short_days"),
        Column("long_per_fte", _("Heraf langtid"), "dec1", "long_days"),
        Column("absence_pct", _("Sygefravær %"), "pct", "absence_pct"),
        Column("share_without_absence", _("Andel uden fravær %"), "pct", "share_without_absence"),
    ])
    points = []
    for child in children:
        row = by_unit.get(child.unit_id)
        hide = row is None or (not persons.get(child.pk, overview.persons)
                               and (row["headcount"] or 0) < threshold)
        link = (reverse("unit-detail", args=[child.unit_id]) + selection.query()
                if visible.get(child.pk) else "")
        if row is None:
            table.add(Cell(child.name, link=link), *[Cell(None, True) for _ in range(7)])
            continue
        short, long = _per_fte(row, "short_days"), _per_fte(row, "long_days")
        table.add(Cell(child.name, link=link), Cell(row["headcount"], hide), Cell(row["fte"], hide),
                  Cell(row["days_per_fte"], hide), Cell(short, hide), Cell(long, hide),
                  Cell(row["absence_pct"], hide), Cell(row["share_without_absence"], hide))
        if not hide:
            points.append({"name": child.name, "short": short, "long": long})
    table.note = _("Tallene gælder hver underenhed med dens egne underenheder.")
    if any(cell.suppressed for row in table.rows for cell in row[1:]):
        table.note += " " + _suppression_note(threshold)
    overview.tables.append(table)
    reference = None if overview.suppressed or not parent_row else parent_row["days_per_fte"]
    overview.charts["underenheder"] = Chart("underenheder", _("Sygedage pr. årsværk i underenhederne"),
                                            charts.split_bar_chart(
        points, title=_("Sygedage pr. årsværk"), category_label=_("Enhed"),
        value_label=_("Sygedage pr. årsværk"), short_label=_("Korttid"), long_label=_("Langtid"),
        reference=reference, reference_label=_("%(unit)s i alt") % {"unit": unit.name}))


def _staff_groups(overview: UnitOverview, kind_rows: pl.DataFrame | None, threshold: int) -> None:
    if kind_rows is None:
        return
    selection = overview.selection
    rows = kind_rows.filter((pl.col("period_end") == selection.period_end)
                            & (pl.col("scope") == selection.scope)
                            & (pl.col("staff_group") != ALL_STAFF_GROUPS)
                            & (pl.col("headcount") > 0)).sort("staff_group")
    table = Table("personalegrupper", _("Personalegrupper"), [
        Column("staff_group", _("Personalegruppe")),
        Column("headcount", _("Medarbejdere"), "int", "headcount"),
        Column("days_per_fte", _("Sygedage pr. årsværk"), "dec1", "days_per_fte"),
        Column("absence_pct", _("Sygefravær %"), "pct", "absence_pct"),
        Column("short_days", _("Korttid (dage)"), "dec1", "short_days"),
        Column("long_days", _("Langtid (dage)"), "dec1", "long_days"),
    ])
    points = []
    for row in rows.iter_rows(named=True):
        hide = not overview.persons and row["headcount"] < threshold
        table.add(row["staff_group"], Cell(row["headcount"], hide), Cell(row["days_per_fte"], hide),
                  Cell(row["absence_pct"], hide), Cell(row["short_days"], hide),
                  Cell(row["long_days"], hide))
        if not hide:
            points.append({"name": row["staff_group"], "value": row["days_per_fte"]})
    if not overview.persons:
        table.note = _suppression_note(threshold)
    overview.tables.append(table)
    overview.charts["personalegrupper"] = Chart(
        "personalegrupper", _("Sygedage pr. årsværk pr. personalegruppe"), charts.bar_chart(
        points, title=_("Sygedage pr. årsværk"), category_label=_("Personalegruppe"),
        value_label=_("Sygedage pr. årsværk"), horizontal=True))


def _scope_unit_ids(unit: Unit, scope: str) -> list[str]:
    if scope == "own":
        return [unit.unit_id]
    return list(unit_descendants(unit).values_list("unit_id", flat=True))


def _spells_in_scope(unit: Unit, selection: Selection) -> pl.DataFrame | None:
    spells = cube.spell_rows(_scope_unit_ids(unit, selection.scope))
    if spells is None:
        return None
    if selection.staff_group != ALL_STAFF_GROUPS:
        spells = spells.filter(pl.col("staff_group") == selection.staff_group)
    return spells


def _open_long_spells(spells: pl.DataFrame | None, selection: Selection) -> int | None:
    """Long spells open at the end of the period (or at the reference date): counted in
    the unit of the spell's last day (the cube keeps one unit per spell)."""
    manifest = cube.read_manifest()
    if spells is None or manifest is None:
        return None
    at = min(selection.period_end, manifest.as_of)
    return spells.filter(
        pl.col("is_long") & (pl.col("first_date") <= at)
        & ((pl.col("last_date") > at) | (pl.col("is_open") & (pl.col("last_date") == at)))).height


def _band_label(low: int, high: int | None) -> str:
    if high is None:
        return _("%(low)d+ dage") % {"low": low}
    if low == high:
        return _("%(low)d dag") % {"low": low} if low == 1 else _("%(low)d dage") % {"low": low}
    return _("%(low)d–%(high)d dage") % {"low": low, "high": high}


def _spell_distribution(overview: UnitOverview, spells: pl.DataFrame | None,
                        bands: list[list[int | None]]) -> None:
    selection = overview.selection
    if spells is None:
        return
    ended = spells.filter(~pl.col("is_open") & pl.col("last_date").is_between(
        selection.period_start, selection.period_end))
    lengths = ended["length_days"].to_numpy()
    table = Table("fravaersperioder", _("Afsluttede fraværsperioder efter længde"), [
        Column("band", _("Længde")),
        Column("count", _("Fraværsperioder"), "int", "spell"),
        Column("share", _("Andel %"), "pct", "spell"),
    ])
    hide = overview.suppressed
    points = []
    total = len(lengths)
    for low, high in bands:
        assert low is not None
        inside = lengths >= low if high is None else (lengths >= low) & (lengths <= high)
        count = int(np.count_nonzero(inside))
        label = _band_label(low, high)
        table.add(label, Cell(count, hide), Cell(100 * count / total if total else None, hide))
        if not hide:
            points.append({"name": label, "value": count})
    table.note = _("Fraværsperioder der sluttede i perioden, efter hele periodens længde "
                   "(også den del der lå før perioden).")
    overview.tables.append(table)
    overview.charts["fravaersperioder"] = Chart("fravaersperioder", _("Fraværsperioder efter længde"),
                                                charts.bar_chart(
        points, title=_("Fraværsperioder"), category_label=_("Længde"),
        value_label=_("Antal")))

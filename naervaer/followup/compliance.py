"""Compliance with the absence policy, read from the stored tasks: per unit (with its
subunits), per responsible leader and per action kind for a period. The figures are
computed by ``naervaer.core.followup.compliance``; this module reads the rows, decides
the scope and builds the tables the pages show (and export as XLSX).

Scope checks are made by the callers: they pass the tasks and units a user may see."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import polars as pl
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from naervaer.core.followup import compliance as core
from naervaer.followup.models import Task, TaskStatus
from naervaer.insight.tables import Cell, Column, Table
from naervaer.organisation.models import Unit, UnitClosure
from naervaer.organisation.selectors import get_settings

HR_GROUP = "__hr__"
NO_LEADER = "__none__"
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


def default_period(today: dt.date) -> tuple[dt.date, dt.date]:
    """The last twelve months up to and including ``today``."""
    try:
        start = today.replace(year=today.year - 1)
    except ValueError:  # 29 February
        start = today.replace(year=today.year - 1, day=28)
    return start + dt.timedelta(days=1), today


def task_frame(tasks: QuerySet[Task], *, date_from: dt.date, date_to: dt.date,
               as_of: dt.date) -> pl.DataFrame:
    """The rows of ``tasks`` that matter for the period: due in it, or overdue now."""
    wanted = tasks.exclude(status=TaskStatus.NOT_NEEDED).filter(
        Q(due_date__range=(date_from, date_to))
        | Q(status__in=[TaskStatus.OPEN, TaskStatus.OVERDUE], due_date__lt=as_of))
    rows = [(pk, unit_id, action, responsible, status, due, done, notified is not None)
            for pk, unit_id, action, responsible, status, due, done, notified in wanted.values_list(
                "pk", "unit__unit_id", "action", "responsible", "status", "due_date",
                "done_date", "notified_at").order_by()]
    return pl.DataFrame(rows, schema=core.TASK_SCHEMA, orient="row")


def subtree_pairs(units: Iterable[Unit] | QuerySet[Unit] | None = None) -> pl.DataFrame:
    """(unit_id = descendant, group = ancestor) for every ancestor in ``units`` (all
    when None): joined to tasks, a unit's figures cover its subunits."""
    links = UnitClosure.objects.all()
    if units is not None:
        links = links.filter(ancestor__in=units)
    rows = links.values_list("descendant__unit_id", "ancestor__unit_id")
    return pl.DataFrame(list(rows), schema={"unit_id": pl.String, "group": pl.String},
                        orient="row")


def unit_leaders() -> tuple[pl.DataFrame, dict[str, str]]:
    """(unit_id, group = leader's user id) for the nearest leaders of every unit that
    has any (as ``selectors.leaders_of_unit`` decides), and the leaders' display names."""
    from naervaer.accounts.models import Profile, Role

    profiles = (Profile.objects.filter(role=Role.LEADER, user__is_active=True)
                .select_related("user").prefetch_related("units"))
    by_unit: dict[int, set[str]] = {}
    names: dict[str, str] = {}
    for profile in profiles:
        key = str(profile.user.pk)
        names[key] = profile.user.get_full_name() or profile.user.get_username()
        for unit in profile.units.all():
            by_unit.setdefault(unit.pk, set()).add(key)
    nearest: dict[str, tuple[int, set[str]]] = {}
    links = (UnitClosure.objects.filter(ancestor__in=list(by_unit))
             .values_list("descendant__unit_id", "distance", "ancestor_id"))
    for unit_id, distance, ancestor in links:
        if unit_id not in nearest or distance < nearest[unit_id][0]:
            nearest[unit_id] = (distance, by_unit[ancestor])
    rows = [(unit_id, leader) for unit_id, (_, leaders) in nearest.items() for leader in leaders]
    return pl.DataFrame(rows, schema={"unit_id": pl.String, "group": pl.String},
                        orient="row"), names


def by_unit(frame: pl.DataFrame, units: QuerySet[Unit] | None, *, date_from: dt.date,
            date_to: dt.date, as_of: dt.date) -> pl.DataFrame:
    """Figures per unit in ``units`` (all when None) over its subtree (``group`` =
    unit_id); ``frame`` from ``task_frame``."""
    expanded = core.expand(frame, subtree_pairs(units), on="unit_id")
    return core.summary(expanded, by=["group"], date_from=date_from, date_to=date_to, as_of=as_of)


def by_leader(frame: pl.DataFrame, *, date_from: dt.date, date_to: dt.date,
              as_of: dt.date) -> tuple[pl.DataFrame, dict[str, str]]:
    """Figures per responsible: each nearest leader of the task's unit, ``HR_GROUP`` for
    HR's steps, ``NO_LEADER`` where no leader is assigned."""
    leaders, names = unit_leaders()
    leader_tasks = frame.filter(pl.col("responsible") != "hr")
    with_leader = core.expand(leader_tasks, leaders, on="unit_id")
    without = leader_tasks.join(leaders, on="unit_id", how="anti").with_columns(
        pl.lit(NO_LEADER).alias("group"))
    hr = frame.filter(pl.col("responsible") == "hr").with_columns(pl.lit(HR_GROUP).alias("group"))
    combined = pl.concat([with_leader, without, hr], how="vertical")
    return core.summary(combined, by=["group"], date_from=date_from, date_to=date_to,
                        as_of=as_of), names


def by_action(frame: pl.DataFrame, *, date_from: dt.date, date_to: dt.date,
              as_of: dt.date) -> pl.DataFrame:
    return core.summary(frame, by=["action"], date_from=date_from, date_to=date_to, as_of=as_of)


def total(frame: pl.DataFrame, *, date_from: dt.date, date_to: dt.date,
          as_of: dt.date) -> dict[str, Any]:
    return core.summary(frame, by=[], date_from=date_from, date_to=date_to, as_of=as_of).row(
        0, named=True)


# Tables --------------------------------------------------------------------------------

def figure_columns() -> list[Column]:
    return [
        Column("tasks", _("Opgaver"), "int"),
        Column("done", _("Udført"), "int"),
        Column("on_time_pct", _("Til tiden"), "pct"),
        Column("done_late", _("For sent"), "int"),
        Column("median_days_late", _("Dage for sent (median)"), "dec1"),
        Column("not_done", _("Ikke udført"), "int"),
        Column("waived", _("Fravalgt"), "int"),
        Column("overdue_now", _("Over tid nu"), "int"),
        Column("notices_held_pct", _("Varslede samtaler holdt"), "pct"),
    ]


def figure_cells(row: dict[str, Any], *, suppressed: bool = False) -> list[Cell]:
    return [Cell(row[column.key], suppressed=suppressed) for column in figure_columns()]


def suppression_note(threshold: int) -> str:
    return _("Tal for færre end %(n)d opgaver vises ikke (–), så ingen kan genkendes.") % {
        "n": threshold}


def action_table(frame: pl.DataFrame, *, threshold: int | None = None) -> Table:
    """Per action kind; rows with fewer than ``threshold`` tasks are suppressed (when
    a threshold is given: for roles that do not see persons)."""
    table = Table(slug="handlinger", title=_("Overholdelse pr. handling"),
                  columns=[Column("action", _("Handling")), *figure_columns()])
    suppressed_any = False
    for row in frame.sort("tasks", descending=True).iter_rows(named=True):
        suppressed = threshold is not None and row["tasks"] < threshold
        suppressed_any |= suppressed
        table.add(str(ACTION_LABELS.get(row["action"], row["action"])),
                  *figure_cells(row, suppressed=suppressed))
    if suppressed_any and threshold is not None:
        table.note = suppression_note(threshold)
    return table


@dataclass
class UnitCompliance:
    """The figures of one unit (with its subunits) for a period: totals and per action
    kind. No persons; ``suppressed`` when a role without person access would see too few
    tasks (the small-group rule)."""

    unit: Unit
    date_from: dt.date
    date_to: dt.date
    as_of: dt.date
    figures: dict[str, Any]
    actions: Table
    suppressed: bool
    threshold: int
    tables: list[Table] = field(default_factory=list)


def unit_compliance(unit: Unit, date_from: dt.date, date_to: dt.date, *, persons: bool = False,
                    as_of: dt.date | None = None) -> UnitCompliance:
    """The compliance panel of a unit (``insight/_compliance.html``): for the unit page
    and the monthly report. ``persons``: whether the viewer may see the unit's persons;
    when not, fewer than the small-group threshold of tasks are not shown."""
    as_of = as_of or timezone.localdate()
    threshold = get_settings().small_group_threshold
    subtree = UnitClosure.objects.filter(ancestor=unit).values("descendant")
    tasks = Task.objects.filter(unit__in=subtree)
    frame = task_frame(tasks, date_from=date_from, date_to=date_to, as_of=as_of)
    period = {"date_from": date_from, "date_to": date_to, "as_of": as_of}
    figures = total(frame, **period)
    suppressed = not persons and figures["tasks"] < threshold
    actions = action_table(by_action(frame, **period), threshold=None if persons else threshold)
    if suppressed:
        actions.rows = []
        figures = {key: None for key in figures}
    return UnitCompliance(unit=unit, date_from=date_from, date_to=date_to, as_of=as_of,
                          figures=figures, actions=actions, suppressed=suppressed,
                          threshold=threshold, tables=[actions])

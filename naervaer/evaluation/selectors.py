"""An initiative's evaluation from the stored cube (the method: naervaer.core.evaluation)."""

from __future__ import annotations

from dataclasses import dataclass

import polars as pl

from naervaer.core.evaluation import Evaluation, EvaluationSettings, add_months, evaluate
from naervaer.evaluation.models import Initiative
from naervaer.metrics.cube import read_manifest, units_rows
from naervaer.organisation.models import Unit


class NoCube(Exception):
    """The metric cube has not been built yet."""


@dataclass(frozen=True)
class InitiativeEvaluation:
    initiative: Initiative
    evaluation: Evaluation
    names: dict[str, str]          # unit_id → name, for every unit in the evaluation

    def unit_names(self, unit_ids: tuple[str, ...]) -> list[str]:
        return [self.names.get(unit_id, unit_id) for unit_id in unit_ids]


def covered_unit_ids(initiative: Initiative) -> list[str]:
    """The units the initiative covers with every unit below them."""
    return sorted(set(Unit.objects.filter(
        ancestor_links__ancestor__in=initiative.units.all()).values_list("unit_id", flat=True)))


def other_initiatives_units(initiative: Initiative, settings: EvaluationSettings) -> set[str]:
    """Units covered by another initiative that started within this one's window: they
    did take part in something, so they are no comparison."""
    first = add_months(initiative.start_date.replace(day=1), -settings.pre_months)
    last = add_months(initiative.start_date.replace(day=1), settings.post_months + 1)
    others = Initiative.objects.exclude(pk=initiative.pk).filter(start_date__gte=first,
                                                                 start_date__lt=last)
    return set(Unit.objects.filter(ancestor_links__ancestor__initiatives__in=others)
               .values_list("unit_id", flat=True))


def initiative_evaluation(initiative: Initiative,
                          settings: EvaluationSettings | None = None) -> InitiativeEvaluation:
    """Treated: the covered units and their descendants; candidates: every other unit
    except those of other initiatives in the same window. Each unit with its own
    employees only (scope ``own``), so nobody counts twice."""
    settings = settings or EvaluationSettings()
    manifest = read_manifest()
    names = dict(Unit.objects.values_list("unit_id", "name"))
    rows = units_rows("month", sorted(names))
    if manifest is None or rows is None:
        raise NoCube
    treated = covered_unit_ids(initiative)
    candidates = sorted(set(names) - set(treated) - other_initiatives_units(initiative, settings))
    result = evaluate(rows.filter(pl.col("scope") == "own"), treated=treated, candidates=candidates,
                      start=initiative.start_date, complete_until=manifest.as_of, settings=settings)
    return InitiativeEvaluation(initiative, result, names)

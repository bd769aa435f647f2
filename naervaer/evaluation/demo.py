"""The demo's two initiatives: one whose effect the generator planted
(``naervaer.demo.generator.initiatives.plant_initiative_effect``) and a placebo.

Call after the demo data is imported (the units must exist)::

    data = plant_initiative_effect(generate(...), end_date=end_date, seed=seed)
    ...
    demo_initiatives(end_date=end_date)
"""

from __future__ import annotations

import datetime as dt

import polars as pl
from django.contrib.auth import get_user_model

from naervaer.demo.generator.initiatives import effect_units, initiative_start, placebo_units
from naervaer.evaluation.models import Initiative
from naervaer.organisation.models import Unit

EFFECT_NAME = "Nærvær i plejen"
PLACEBO_NAME = "Trivselsdag i dagtilbud"


def demo_initiatives(*, end_date: dt.date) -> list[Initiative]:
    """Create (or recreate) the two demo initiatives; returns [effect, placebo]."""
    units = pl.DataFrame(
        list(Unit.objects.values_list("unit_id", "parent__unit_id")),
        schema={"unit_id": pl.String, "parent_id": pl.String}, orient="row")
    start = initiative_start(end_date)
    creator = get_user_model().objects.filter(username="hr").first()
    made = []
    for name, description, unit_ids in (
        (EFFECT_NAME, "Tidlig dialog, fast sygefraværsteam og ledertræning i plejecentre og hjemmepleje.",
         effect_units(units)),
        (PLACEBO_NAME, "En årlig trivselsdag for personalet i dagtilbuddene.", placebo_units(units)),
    ):
        Initiative.objects.filter(name=name).delete()
        initiative = Initiative.objects.create(name=name, description=description, start_date=start,
                                               created_by=creator)
        initiative.units.set(Unit.objects.filter(unit_id__in=unit_ids))
        made.append(initiative)
    return made

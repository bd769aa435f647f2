"""``naervaer evaluate INITIATIVE_ID``: did the initiative work? (naervaer.core.evaluation)"""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError, CommandParser

from naervaer.evaluation.models import Initiative
from naervaer.evaluation.selectors import NoCube, initiative_evaluation
from naervaer.evaluation.verdict import number, verdict


class Command(BaseCommand):
    help = "Evaluate an initiative: absence before and after against comparable units."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("initiative_id", type=int)

    def handle(self, *args: object, **options: object) -> None:
        initiative_id: int = options["initiative_id"]  # type: ignore[assignment]
        initiative = Initiative.objects.filter(pk=initiative_id).first()
        if initiative is None:
            known = ", ".join(f"{i.pk} ({i.name})" for i in Initiative.objects.order_by("pk"))
            raise CommandError(f"indsats {initiative_id} findes ikke; kendte: {known or 'ingen'}")
        try:
            result = initiative_evaluation(initiative)
        except NoCube:
            raise CommandError("nøgletallene er ikke beregnet; kør `naervaer refresh_metrics`") from None
        e = result.evaluation
        found = verdict(e)
        write = self.stdout.write
        write(f"Indsats {initiative.pk}: {initiative.name} (start {initiative.start_date.isoformat()})")
        write(f"Deltagende enheder ({len(e.treated_units)}): {', '.join(e.treated_units) or '-'}")
        write(f"Sammenlignelige enheder ({len(e.comparison_units)}): {', '.join(e.comparison_units) or '-'}")
        write(f"Måneder før/efter: {e.pre_months}/{e.post_months}")
        if e.estimate is not None:
            write(f"Virkning: {number(e.estimate.effect, 2)} procentpoint "
                  f"(95 % interval {number(e.estimate.low, 2)} til {number(e.estimate.high, 2)}; "
                  f"{number(e.relative_effect, 0)} % af niveauet før start), p = {e.estimate.p_value:.3f}")
        if e.pre_trend is not None:
            write(f"Udvikling før start: {number(e.pre_trend.effect, 2)} procentpoint om året, "
                  f"p = {e.pre_trend.p_value:.3f}")
        write(f"Kategori: {e.verdict}" + (f" ({', '.join(e.reasons)})" if e.reasons else ""))
        write("")
        write(found.headline)
        for paragraph in found.paragraphs:
            write(paragraph)

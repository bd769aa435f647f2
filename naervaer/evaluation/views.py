"""HR's pages: the list of initiatives (and a form to add one) and an initiative's
evaluation: chart, table and the verdict in plain Danish."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from naervaer.accounts.models import Role
from naervaer.accounts.selectors import user_role
from naervaer.core.evaluation import Evaluation
from naervaer.evaluation.charts import before_after_chart
from naervaer.evaluation.forms import InitiativeForm
from naervaer.evaluation.models import Initiative
from naervaer.evaluation.selectors import NoCube, initiative_evaluation
from naervaer.evaluation.verdict import verdict
from naervaer.insight.selectors.unit import Chart
from naervaer.insight.tables import Column, Table
from naervaer.insight.views.common import wants_xlsx, xlsx_response


def _require_hr(request: HttpRequest) -> None:
    if user_role(request.user) != Role.HR:
        raise PermissionDenied(_("Kun HR kan evaluere indsatser."))


@login_required
def initiative_list(request: HttpRequest) -> HttpResponse:
    _require_hr(request)
    form = InitiativeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        initiative = form.save(commit=False)
        initiative.created_by = request.user  # type: ignore[assignment]
        initiative.save()
        form.save_m2m()
        return redirect("evaluation:detail", initiative.pk)
    initiatives = Initiative.objects.prefetch_related("units").order_by("-start_date", "name")
    return render(request, "evaluation/initiatives.html", {"form": form, "initiatives": initiatives})


def month_table(evaluation: Evaluation) -> Table:
    table = Table("maaneder", _("Fraværsprocent pr. måned"), [
        Column("month", _("Måned")), Column("period", _("Før/efter")),
        Column("treated", _("Deltagende enheder, %"), "dec2"),
        Column("comparison", _("Sammenlignelige enheder, %"), "dec2"),
        Column("difference", _("Forskel, procentpoint"), "dec2")])
    for point in evaluation.months:
        difference = (point.treated_pct - point.comparison_pct
                      if point.treated_pct is not None and point.comparison_pct is not None else None)
        table.add(point.month.strftime("%Y-%m"), _("efter") if point.post else _("før"),
                  point.treated_pct, point.comparison_pct, difference)
    return table


def evaluation_chart(evaluation: Evaluation) -> Chart:
    treated, comparison = _("Deltagende enheder"), _("Sammenlignelige enheder")
    rows = [{"month": point.month.isoformat(), "series": label, "value": round(value, 3)}
            for point in evaluation.months
            for label, value in ((treated, point.treated_pct), (comparison, point.comparison_pct))
            if value is not None]
    title = _("Fraværsprocent før og efter start")
    spec = before_after_chart(rows, title=title, month_label=_("Måned"), value_label=_("Fravær, %"),
                              series_label=_("Enheder"), treated_label=treated,
                              comparison_label=comparison,
                              start_month=evaluation.first_post_month.isoformat(),
                              start_label=_("Start"))
    return Chart("evaluering", title, spec)


@login_required
def initiative_detail(request: HttpRequest, initiative_id: int) -> HttpResponse:
    _require_hr(request)
    initiative = get_object_or_404(Initiative.objects.prefetch_related("units"), pk=initiative_id)
    context: dict[str, object] = {"initiative": initiative, "export_query": ""}
    try:
        result = initiative_evaluation(initiative)
    except NoCube:
        context["no_cube"] = True
        return render(request, "evaluation/initiative.html", context)
    table = month_table(result.evaluation)
    if wants_xlsx(request):
        return xlsx_response(request, [table], name=initiative.name)
    context.update({
        "result": result, "evaluation": result.evaluation, "verdict": verdict(result.evaluation),
        "chart": evaluation_chart(result.evaluation), "table": table,
        "treated_names": result.unit_names(result.evaluation.treated_units),
        "comparison_names": result.unit_names(result.evaluation.comparison_units),
    })
    return render(request, "evaluation/initiative.html", context)

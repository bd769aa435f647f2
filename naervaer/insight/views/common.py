"""What every management-information view needs: the unit in scope, breadcrumbs, the
selection from the query string and the XLSX download of a page's tables."""

from __future__ import annotations

from collections.abc import Sequence

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils.text import slugify
from django.utils.translation import gettext as _

from naervaer.accounts.selectors import can_see_unit, visible_units
from naervaer.insight.tables import Table, table_xlsx
from naervaer.organisation.models import Unit
from naervaer.organisation.selectors import unit_ancestors

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def unit_in_scope(request: HttpRequest, unit_id: str) -> Unit:
    unit = get_object_or_404(Unit, unit_id=unit_id)
    if not can_see_unit(request.user, unit):
        raise PermissionDenied(_("Enheden ligger uden for dit område."))
    return unit


def breadcrumbs(request: HttpRequest, unit: Unit) -> list[tuple[Unit, bool]]:
    """The units above ``unit``, each with whether the user may open it (names of
    units above the scope are shown, not linked)."""
    ancestors = unit_ancestors(unit)[:-1]
    linked = set(
        visible_units(request.user)
        .filter(pk__in=[ancestor.pk for ancestor in ancestors])
        .values_list("pk", flat=True)
    )
    return [(ancestor, ancestor.pk in linked) for ancestor in ancestors]


def wants_xlsx(request: HttpRequest) -> bool:
    return request.GET.get("format") == "xlsx"


def xlsx_response(request: HttpRequest, tables: Sequence[Table], *, name: str,
                  subtitle: str = "") -> HttpResponse:
    """The table named by ``?tabel=`` as an XLSX download (404 page for an unknown name)."""
    wanted = request.GET.get("tabel", "")
    table = next((table for table in tables if table.slug == wanted), None)
    if table is None:
        from django.http import Http404
        raise Http404(_("Ukendt tabel."))
    response = HttpResponse(table_xlsx(table, subtitle=subtitle), content_type=XLSX_TYPE)
    filename = slugify(f"{name}-{table.slug}") or "tabel"
    response["Content-Disposition"] = f'attachment; filename="{filename}.xlsx"'
    return response

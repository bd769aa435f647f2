"""The leader's comment on a month or quarter, and notes on the unit's time line.
Everyone who sees the unit reads them; HR and the unit's leaders write them."""

from __future__ import annotations

import datetime as dt
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from naervaer.insight.forms_annotations import (
    PRIVACY_HINT,
    CommentForm,
    NoteDeleteForm,
    NoteForm,
    PeriodForm,
)
from naervaer.insight.models import PeriodKind
from naervaer.insight.selection import default_month
from naervaer.insight.selectors.annotations import (
    can_annotate,
    comment_for,
    period_start_of,
    unit_comments,
)
from naervaer.insight.selectors.annotations import (
    timeline_notes as notes_of,
)
from naervaer.insight.services.annotations import (
    timeline_note_add,
    timeline_note_delete,
    unit_comment_delete,
    unit_comment_save,
)
from naervaer.insight.views.common import breadcrumbs, unit_in_scope
from naervaer.metrics.cube import read_manifest
from naervaer.organisation.models import Unit


def _default_month() -> dt.date:
    manifest = read_manifest()
    return default_month(manifest.as_of if manifest else timezone.localdate())


def _period_label(kind: str, start: dt.date) -> str:
    if kind == PeriodKind.QUARTER:
        return _("%(quarter)d. kvartal %(year)d") % {"quarter": (start.month - 1) // 3 + 1,
                                                     "year": start.year}
    return start.strftime("%m-%Y")


def _comment_url(unit: Unit, kind: str, month: dt.date) -> str:
    return reverse("unit-comment", args=[unit.unit_id]) + "?" + urlencode(
        {"art": kind, "periode": month.strftime("%Y-%m")})


@login_required
def unit_comment(request: HttpRequest, unit_id: str) -> HttpResponse:
    unit = unit_in_scope(request, unit_id)
    writer = can_annotate(request.user, unit)
    kind, month = PeriodKind.MONTH.value, _default_month()
    period_form = PeriodForm(request.GET if request.GET else None,
                             initial={"art": kind, "periode": month})
    if period_form.is_bound and period_form.is_valid():
        kind = period_form.cleaned_data["art"] or kind
        month = period_form.cleaned_data["periode"] or month
    form: CommentForm | None = None
    if request.method == "POST":
        if not writer:
            raise PermissionDenied(_("Kun HR og enhedens leder kan skrive kommentarer."))
        form = CommentForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            kind, month = data["art"], data["periode"]
            try:
                if data.get("handling") == "slet":
                    if unit_comment_delete(user=request.user, unit=unit, kind=kind, month=month):
                        messages.success(request, _("Kommentaren er slettet."))
                else:
                    unit_comment_save(user=request.user, unit=unit, kind=kind, month=month,
                                      text=data["tekst"])
                    messages.success(request, _("Kommentaren er gemt."))
            except ValidationError as error:
                form.add_error("tekst", error)
            else:
                return HttpResponseRedirect(_comment_url(unit, kind, month))
    start = period_start_of(kind, month)
    comment = comment_for(unit, kind, start)
    if form is None and writer:
        form = CommentForm(initial={"art": kind, "periode": month.strftime("%Y-%m"),
                                    "tekst": comment.text if comment else ""})
    context = {
        "unit": unit,
        "breadcrumbs": breadcrumbs(request, unit),
        "period_form": period_form,
        "form": form,
        "writer": writer,
        "comment": comment,
        "kind": kind,
        "month": month,
        "period_label": _period_label(kind, start),
        "privacy_hint": PRIVACY_HINT,
        "others": [(other, _period_label(other.period_kind, other.period_start),
                    _comment_url(unit, other.period_kind, other.period_start))
                   for other in unit_comments(unit)],
    }
    return render(request, "insight/unit_comment.html", context)


@login_required
def timeline_notes(request: HttpRequest, unit_id: str) -> HttpResponse:
    unit = unit_in_scope(request, unit_id)
    writer = can_annotate(request.user, unit)
    form: NoteForm | None = NoteForm() if writer else None
    if request.method == "POST":
        if not writer:
            raise PermissionDenied(_("Kun HR og enhedens leder kan skrive noter."))
        url = reverse("timeline-notes", args=[unit.unit_id])
        if request.POST.get("handling") == "slet":
            delete_form = NoteDeleteForm(request.POST)
            if delete_form.is_valid() and timeline_note_delete(
                    user=request.user, unit=unit, note_id=delete_form.cleaned_data["note"]):
                messages.success(request, _("Noten er slettet."))
            else:
                messages.error(request, _("Noten findes ikke (længere) for denne enhed."))
            return HttpResponseRedirect(url)
        form = NoteForm(request.POST)
        if form.is_valid():
            try:
                timeline_note_add(user=request.user, unit=unit, date=form.cleaned_data["dato"],
                                  text=form.cleaned_data["tekst"])
            except ValidationError as error:
                form.add_error("tekst", error)
            else:
                messages.success(request, _("Noten er gemt."))
                return HttpResponseRedirect(url)
    context = {
        "unit": unit,
        "breadcrumbs": breadcrumbs(request, unit),
        "notes": list(notes_of(unit)),
        "form": form,
        "writer": writer,
        "privacy_hint": PRIVACY_HINT,
    }
    return render(request, "insight/timeline_notes.html", context)

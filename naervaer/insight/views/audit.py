"""The audit log for HR (/revisionslog/): who looked at or changed what, and when.
Looking at the log is itself logged."""

from __future__ import annotations

import json
from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from naervaer.accounts.models import AuditEvent
from naervaer.accounts.services import audit_record
from naervaer.insight.forms_hr import AuditFilterForm
from naervaer.insight.selectors.audit import audit_actions, audit_events
from naervaer.insight.tables import Column, Table
from naervaer.insight.views.common import wants_xlsx, xlsx_response
from naervaer.insight.views.watchlist import require_hr

EVENTS_PER_PAGE = 50
XLSX_MAX_ROWS = 100_000
TABLE_SLUG = "revisionslog"
ACTION_LABELS = {
    "view_employee": gettext_lazy("Så medarbejder"),
    "view_employee_list": gettext_lazy("Så medarbejderliste"),
    "view_audit_log": gettext_lazy("Så revisionslog"),
    "import": gettext_lazy("Import"),
    "role_change": gettext_lazy("Ændrede rolle eller adgang"),
    "retention_policy_change": gettext_lazy("Ændrede opbevaringsperioder"),
    "purge": gettext_lazy("Slettede og anonymiserede udløbne oplysninger"),
    "subject_export": gettext_lazy("Udleverede oplysninger til medarbejderen"),
    "comment_create": gettext_lazy("Skrev kommentar"),
    "comment_update": gettext_lazy("Rettede kommentar"),
    "comment_delete": gettext_lazy("Slettede kommentar"),
    "timeline_note_create": gettext_lazy("Skrev tidslinjenote"),
    "timeline_note_delete": gettext_lazy("Slettede tidslinjenote"),
    "staffing_ladder_update": gettext_lazy("Rettede prioriteringstrappe"),
    "export_employee_list": gettext_lazy("Hentede medarbejderliste"),
    "export_followup_compliance": gettext_lazy("Hentede overholdelse"),
    "view_followup_inbox": gettext_lazy("Så opfølgningsopgaver"),
    "followup_task_done": gettext_lazy("Markerede opgave udført"),
    "followup_task_waived": gettext_lazy("Fravalgte opgave"),
    "sick_report_create": gettext_lazy("Registrerede sygemelding"),
    "sick_report_return": gettext_lazy("Registrerede raskmelding"),
    "policy_create": gettext_lazy("Oprettede fraværspolitik"),
    "policy_version_add": gettext_lazy("Ny version af fraværspolitik"),
    "policy_version_delete": gettext_lazy("Slettede version af fraværspolitik"),
    "policy_presets_install": gettext_lazy("Installerede skabeloner"),
    "policy_attach": gettext_lazy("Knyttede politik til enhed"),
    "policy_detach": gettext_lazy("Fjernede politik fra enhed"),
    "view_case": gettext_lazy("Så forløb"),
    "view_case_list": gettext_lazy("Så forløbsliste"),
    "view_employee_cases": gettext_lazy("Så medarbejderens forløb"),
    "case_open": gettext_lazy("Åbnede forløb"),
    "case_close": gettext_lazy("Afsluttede forløb"),
    "case_guest_invite": gettext_lazy("Inviterede til forløb"),
    "case_guest_revoke": gettext_lazy("Fjernede invitation til forløb"),
    "conversation_record": gettext_lazy("Registrerede samtale"),
    "conversation_minutes": gettext_lazy("Skrev referat"),
    "conversation_confirm": gettext_lazy("Bekræftede referat"),
    "retention_plan_save": gettext_lazy("Gemte fastholdelsesplan"),
    "retention_plan_request": gettext_lazy("Anmodning om fastholdelsesplan"),
    "event_record": gettext_lazy("Registrerede hændelse i forløb"),
    "event_status": gettext_lazy("Ændrede hændelse i forløb"),
    "risk_screening": gettext_lazy("Registrerede risikovurdering"),
}


def action_label(action: str) -> str:
    label = ACTION_LABELS.get(action)
    return f"{label} ({action})" if label else action


def _when(event: AuditEvent) -> str:
    return timezone.localtime(event.at).strftime("%d-%m-%Y %H:%M:%S")


def _detail(event: AuditEvent) -> str:
    return json.dumps(event.detail, ensure_ascii=False, sort_keys=True) if event.detail else ""


def _table(events: list[AuditEvent], *, truncated: bool) -> Table:
    table = Table(slug=TABLE_SLUG, title=_("Revisionslog"), columns=[
        Column("at", _("Tidspunkt")),
        Column("user", _("Bruger")),
        Column("action", _("Handling")),
        Column("object_type", _("Objekttype")),
        Column("object_id", _("Objekt-id")),
        Column("detail", _("Detaljer")),
    ])
    for event in events:
        table.add(_when(event), event.username or "–", action_label(event.action),
                  event.object_type, event.object_id, _detail(event))
    if truncated:
        table.note = _("Kun de nyeste %(count)d hændelser er med; indsnævr filtrene.") % {
            "count": XLSX_MAX_ROWS}
    return table


@login_required
def audit_log(request: HttpRequest) -> HttpResponse:
    require_hr(request)
    actions = audit_actions()
    form = AuditFilterForm(request.GET or None,
                           actions=[(action, action_label(action)) for action in actions])
    valid = form.is_valid() if form.is_bound else True
    filters = form.filters() if form.is_bound else {}
    events = audit_events(**filters)  # type: ignore[arg-type]
    query = {key: value.isoformat() if hasattr(value, "isoformat") else str(value)
             for key, value in filters.items()}
    if wants_xlsx(request):
        rows = list(events[:XLSX_MAX_ROWS + 1])
        audit_record(user=request.user, action="view_audit_log", object_type="audit_log",
                     object_id="", detail={"filters": query, "format": "xlsx",
                                           "rows": min(len(rows), XLSX_MAX_ROWS)})
        table = _table(rows[:XLSX_MAX_ROWS], truncated=len(rows) > XLSX_MAX_ROWS)
        subtitle = _("Udtrukket %(when)s") % {
            "when": timezone.localtime().strftime("%d-%m-%Y %H:%M")}
        return xlsx_response(request, [table], name="revisionslog", subtitle=subtitle)
    page = Paginator(events, EVENTS_PER_PAGE).get_page(request.GET.get("side"))
    shown = list(page.object_list)
    audit_record(user=request.user, action="view_audit_log", object_type="audit_log",
                 object_id="", detail={"filters": query, "page": page.number})
    context = {
        "form": form,
        "valid": valid,
        "page": page,
        "events": [(event, _when(event), action_label(event.action), _detail(event))
                   for event in shown],
        "filter_query": urlencode(query),
        "export_query": "?" + urlencode({**query, "tabel": TABLE_SLUG, "format": "xlsx"}),
    }
    return render(request, "insight/audit_log.html", context)

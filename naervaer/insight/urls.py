"""Management-information pages. Source keys may contain "/" (they come from payroll
systems), hence <path:>; the suffixed unit routes come before the unit page so that
".../dage/" is not read as part of a key."""

from django.urls import path

from naervaer.insight.views import (
    annotations,
    audit,
    employee,
    employees,
    help,
    report,
    team,
    unit,
    watchlist,
)

urlpatterns = [
    path("enheder/<path:unit_id>/medarbejdere/", employees.unit_employees, name="unit-employees"),
    path("enheder/<path:unit_id>/dage/", team.team_days, name="team-days"),
    path("enheder/<path:unit_id>/prioriteringstrappe/", team.staffing_ladder, name="staffing-ladder"),
    path("enheder/<path:unit_id>/rapport.pdf", report.unit_report, name="unit-report"),
    path("enheder/<path:unit_id>/kommentar/", annotations.unit_comment, name="unit-comment"),
    path("enheder/<path:unit_id>/tidslinje/", annotations.timeline_notes, name="timeline-notes"),
    path("enheder/<path:unit_id>/", unit.unit_page, name="unit-detail"),
    path("medarbejdere/<path:employee_id>/", employee.employee_page, name="employee-detail"),
    path("overvaagning/", watchlist.watchlist, name="watchlist"),
    path("hjaelp/", help.help_page, name="help"),
    path("revisionslog/", audit.audit_log, name="audit-log"),
]

"""The page header: who is logged in, their role and scope, and the navigation."""

from __future__ import annotations

from django.http import HttpRequest
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from naervaer.accounts.models import Role
from naervaer.accounts.selectors import top_units, user_profile, user_role

ROLE_LABELS = {
    Role.HR: gettext_lazy("HR"),
    Role.LEADER: gettext_lazy("Leder"),
    Role.TRIO: gettext_lazy("TRIO/MED"),
    Role.DIREKTION: gettext_lazy("Direktion"),
    Role.EMPLOYEE: gettext_lazy("Medarbejder"),
}
SCOPE_NAMES_SHOWN = 2


def _url(name: str, fallback: str) -> str:
    # The import pages belong to the imports app; until their URLs exist use the paths.
    try:
        return reverse(name)
    except NoReverseMatch:
        return fallback


def scope_label(user) -> str:  # type: ignore[no-untyped-def]
    role = user_role(user)
    if role in (Role.HR, Role.DIREKTION):
        return _("Hele organisationen")
    if role in (Role.LEADER, Role.TRIO):
        names = [unit.name for unit in top_units(user)]
        shown = ", ".join(names[:SCOPE_NAMES_SHOWN])
        if len(names) > SCOPE_NAMES_SHOWN:
            return _("%(units)s og %(count)d flere") % {
                "units": shown, "count": len(names) - SCOPE_NAMES_SHOWN,
            }
        return shown or _("ingen enheder")
    profile = user_profile(user)
    if profile is not None and profile.employee is not None:
        return str(profile.employee)
    return _("ingen adgang")


def _followup_link(request: HttpRequest) -> tuple[str, str, str | None]:
    """The task inbox, with the number of tasks over their due date in the user's area."""
    from django.db.models import Q
    from django.utils import timezone

    from naervaer.followup.selectors import tasks_visible_to

    today = timezone.localdate()
    overdue = tasks_visible_to(request.user).filter(
        Q(status="overdue") | Q(status="open", due_date__lt=today)).count()
    url = _url("followup:inbox", "/opfoelgning/")
    label = _("Opfølgning")
    if overdue:
        label = _("Opfølgning (%(count)d over tid)") % {"count": overdue}
    return label, url, url


def _nav_links(request: HttpRequest, role: str | None) -> list[dict[str, object]]:
    # (label, url, path prefix that marks the link as current)
    units_url = reverse("unit-tree")
    links: list[tuple[str, str, str | None]] = [(_("Enheder"), units_url, units_url)]
    if role == Role.HR:
        watchlist_url, audit_url = reverse("watchlist"), reverse("audit-log")
        links += [
            (_("Overvågning"), watchlist_url, watchlist_url),
            (_("Import"), _url("imports:upload", "/import/"), None),
            (_("Importlog"), _url("imports:batches", "/import/log/"), "/import/log/"),
            (_("Revisionslog"), audit_url, audit_url),
        ]
        links.append((_("Politikker"), reverse("policies:list"), reverse("policies:list")))
    elif role == Role.EMPLOYEE:
        links = []
    reports_url = reverse("sick-reports")
    if role in (Role.HR, Role.LEADER):
        cases_url = reverse("cases:list")
        links[1:1] = [_followup_link(request), (_("Forløb"), cases_url, cases_url),
                      (_("Sygemeldinger"), reports_url, reports_url)]
    elif role == Role.EMPLOYEE:
        links.append((_("Sygemelding"), reports_url, reports_url))
    if role in (Role.HR, Role.LEADER, Role.TRIO, Role.DIREKTION):
        wheels_url = reverse("strategy:wheels")
        links.append((_("Årshjul"), wheels_url, wheels_url))
    if role == Role.HR:
        plans_url = reverse("strategy:overview")
        links.append((_("Handleplaner"), plans_url, "/handleplan"))
        targets_url = reverse("targets:targets")
        links.append((_("Måltal"), targets_url, targets_url))
        initiatives_url = reverse("evaluation:list")
        links.append((_("Initiativer"), initiatives_url, initiatives_url))
    if role in (Role.HR, Role.LEADER):
        escalations_url = reverse("targets:escalations")
        links.append((_("Eskaleringer"), escalations_url, escalations_url))
    if role in (Role.HR, Role.LEADER, Role.TRIO, Role.DIREKTION):
        incidents_url = reverse("wellbeing:incidents")
        links.append((_("Hændelser"), incidents_url, incidents_url))
    if role == Role.HR:
        scores_url = reverse("wellbeing:scores")
        links.append((_("Trivsel"), scores_url, scores_url))
    if role is not None and role != Role.EMPLOYEE:
        benchmark_url = reverse("benchmark")
        links.append((_("Sammenligning"), benchmark_url, benchmark_url))
        help_url = reverse("help")
        links.append((_("Sådan regner vi"), help_url, help_url))
    path = request.path
    return [
        {
            "label": label,
            "url": url,
            "current": path == url or bool(prefix and path.startswith(prefix)),
        }
        for label, url, prefix in links
    ]


def navigation(request: HttpRequest) -> dict[str, object]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav": None}
    role = user_role(user)
    return {
        "nav": {
            "username": user.get_username(),
            "role": role,
            "role_label": (ROLE_LABELS.get(Role(role)) if role else None) or _("Ingen rolle"),
            "scope_label": scope_label(user),
            "links": _nav_links(request, role),
        }
    }

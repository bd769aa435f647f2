"""The route table: every URL pattern of ``naervaer.config.urls`` with who may use it.

Read by ``test_route_matrix.py``, which walks the resolver and fails when a pattern is
missing here (a new route must be classified) or when the table names a pattern that
no longer exists. ``docs/security-routes.md`` is this table in prose.

Roles (one user each in the test's organisation)::

    anonymous  not logged in
    nobody     logged in, no profile (no role)
    staff      Django ``is_staff`` without permissions and without a profile
    employee   medarbejder Anna (SOL)
    leader     leder of SOL (Plejecenter Solgården)
    trio       TRIO/MED of SOL
    direktion  direktion (organisation-wide, aggregated)
    hr         HR (organisation-wide, person level)
    superuser  Django superuser (counts as HR in the app; the only one in the admin)

What "allowed" means comes from the spec's "Who uses it" (../shared/spec/domain.md)
and ``naervaer/accounts/selectors.py``: leaders see their own units' persons; HR sees
every person; TRIO and direktion see aggregated figures only, never persons; an
employee sees only their own absence and own plans. A leader also sees the sibling
units of their own unit aggregated (to compare), never their persons.

A probe is one concrete URL of a pattern; its ``{placeholders}`` are filled from the
objects the test builds (``unit_own`` = SOL, ``unit_sibling`` = ENG, ``unit_outside``
= SKO, ``employee_own`` = Anna in SOL …). Person-level patterns have a probe inside and
one outside the leader's scope. Expected statuses:

    200, 403, 404, 405   that status code
    LOGIN                302 to the login page (anonymous)
    ADMIN_LOGIN          302 to the admin's login page (not staff)
    REDIRECT             302 anywhere else

A probe whose view handles POST (a form or an action; ``post``) names its ``writers``:
the roles its POST is allowed for (they are not POSTed: the matrix checks refusals).
Every other role's POST must be refused (302 to a login page, 403, 404 or 405) and must
not change the database. Views that only read are not POSTed.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

ROLES = ("anonymous", "nobody", "staff", "employee", "leader", "trio", "direktion", "hr",
         "superuser")
SIGNED_IN = tuple(role for role in ROLES if role != "anonymous")
HR = ("hr", "superuser")
PERSONS = (*HR, "leader")
AGGREGATE = (*PERSONS, "trio", "direktion")

LOGIN = "login"
ADMIN_LOGIN = "admin-login"
REDIRECT = "redirect"
Expect = int | str
REFUSED: frozenset[Expect] = frozenset({LOGIN, ADMIN_LOGIN, 403, 404, 405})


def access(ok: Iterable[str] = (), *, status: Expect = 200, others: Expect = 403,
           anonymous: Expect = LOGIN, **overrides: Expect) -> dict[str, Expect]:
    """Expected status per role: ``status`` for the roles in ``ok``, ``others`` for the
    other signed-in roles, ``anonymous`` for anonymous, then ``overrides`` by role."""
    allowed = set(ok)
    table: dict[str, Expect] = {
        role: anonymous if role == "anonymous" else status if role in allowed else others
        for role in ROLES}
    for role, expect in overrides.items():
        assert role in ROLES, role
        table[role] = expect
    return table


def post_only() -> dict[str, Expect]:
    """A view behind ``require_POST``: every GET is 405 once logged in."""
    return access(others=405)


@dataclass(frozen=True)
class Probe:
    label: str
    path: str
    get: dict[str, Expect]
    writers: frozenset[str] | None = None  # None: the roles whose GET is not refused
    post_data: dict[str, str] = field(default_factory=dict)
    post: bool = False  # the view handles POST (a form or an action): refusals are checked

    def post_writers(self) -> frozenset[str]:
        if self.writers is not None:
            return self.writers
        return frozenset(role for role, expect in self.get.items() if expect not in REFUSED)


@dataclass(frozen=True)
class Route:
    pattern: str
    probes: tuple[Probe, ...]
    note: str = ""


def route(pattern: str, *probes: Probe, note: str = "") -> Route:
    return Route(pattern, probes, note)


def probe(label: str, path: str, get: dict[str, Expect], *, writers: Iterable[str] | None = None,
          post_data: dict[str, str] | None = None, post: bool = False) -> Probe:
    """A probe; it handles POST when ``post``, ``writers`` or ``post_data`` is given."""
    return Probe(label, path, get, None if writers is None else frozenset(writers),
                 post_data or {}, post or writers is not None or bool(post_data))


def unit_probes(suffix: str, *, persons: bool = False, writers_own: Iterable[str] | None = None,
                post_data: dict[str, str] | None = None) -> tuple[Probe, ...]:
    """The own unit (SOL), the sibling a leader compares with (ENG) and a unit outside
    the leader's and TRIO's area (SKO), for ``/enheder/<unit_id>/<suffix>``.
    Aggregated pages: leader, TRIO (own area), direktion and HR; the leader also the
    sibling. Person pages (``persons``): leader (own area) and HR only."""
    path = "/enheder/{{{}}}/" + suffix
    if persons:
        own, sibling, outside = access(PERSONS), access(HR), access(HR)
    else:
        own = access(AGGREGATE)
        sibling = access((*HR, "direktion", "leader"))
        outside = access((*HR, "direktion"))
    writers_outside = None if writers_own is None else HR
    return (
        probe("own", path.format("unit_own"), own, writers=writers_own, post_data=post_data),
        probe("sibling", path.format("unit_sibling"), sibling, writers=writers_outside,
              post_data=post_data),
        probe("outside", path.format("unit_outside"), outside, writers=writers_outside,
              post_data=post_data),
    )


def strategy_probes(path: str, *, editors_only: bool = False, only_post: bool = False,
                    status: Expect = 200, post_data: dict[str, str] | None = None,
                    writes: bool = True) -> tuple[Probe, ...]:
    """A body's plan or wheel in SOL (leader and TRIO edit, direktion reads, HR edits)
    and in SKO (outside the leader's and TRIO's area). ``path`` has ``{which}`` for
    ``own``/``outside`` object keys."""
    editors_own = (*HR, "leader", "trio")
    readers_own = editors_own if editors_only else (*editors_own, "direktion")

    def data(which: str) -> dict[str, str]:  # field names may name the object: a{action}-status
        return {name.format(which=which): value for name, value in (post_data or {}).items()}

    readers_outside = HR if editors_only else (*HR, "direktion")
    if only_post:
        return (probe("own", path.format(which="own"), post_only(), writers=editors_own,
                      post_data=data("own")),
                probe("outside", path.format(which="outside"), post_only(), writers=HR,
                      post_data=data("outside")))
    return (probe("own", path.format(which="own"), access(readers_own, status=status),
                  writers=editors_own if writes else None, post_data=data("own")),
            probe("outside", path.format(which="outside"), access(readers_outside, status=status),
                  writers=HR if writes else None, post_data=data("outside")))


# --- the application's routes ---------------------------------------------------------------

APP_ROUTES: tuple[Route, ...] = (
    # web: login, start page, unit tree
    route("login/", probe("", "/login/", access(anonymous=200, others=REDIRECT),
                          writers=ROLES)),
    route("logout/", probe("", "/logout/", access(anonymous=405, others=405), writers=ROLES),
          note="POST only (Django's LogoutView)"),
    route("", probe("", "/", access(("nobody", "staff"), others=REDIRECT))),
    route("enheder/", probe("", "/enheder/", access(SIGNED_IN)),
          note="the tree of the units the user may see; empty without a role"),
    route("i18n/setlang/", probe("", "/i18n/setlang/", access(anonymous=REDIRECT, others=REDIRECT),
                                 writers=ROLES),
          note="sets the language cookie"),
    # security: second login step and the optional second factor (naervaer/security)
    route("login/kode/", probe("", "/login/kode/", access(SIGNED_IN, status=REDIRECT),
                               writers=SIGNED_IN),
          note="second login step; without an enrolled device it sends the user on"),
    route("to-faktor/", probe("", "/to-faktor/", access((*HR, "direktion")), post=True),
          note="enrol a second factor: HR and direktion only"),
    route("to-faktor/qr.svg", probe("", "/to-faktor/qr.svg", access(("hr", "direktion"),
                                                                    superuser=404)),
          note="the pending device's QR code (HR and direktion have one; 404 without)"),
    # imports (HR)
    route("import/", probe("", "/import/", access(HR), writers=HR)),
    route("import/log/", probe("", "/import/log/", access(HR))),
    # insight: unit pages
    route("enheder/<path:unit_id>/", *unit_probes("")),
    route("enheder/<path:unit_id>/dage/", *unit_probes("dage/")),
    route("enheder/<path:unit_id>/prioriteringstrappe/",
          *unit_probes("prioriteringstrappe/", writers_own=PERSONS,
                       post_data={"handling": "standard"})),
    route("enheder/<path:unit_id>/rapport.pdf", *unit_probes("rapport.pdf")),
    route("enheder/<path:unit_id>/kommentar/",
          *unit_probes("kommentar/", writers_own=PERSONS,
                       post_data={"art": "month", "periode": "2024-03", "tekst": "Matrix"})),
    route("enheder/<path:unit_id>/tidslinje/",
          *unit_probes("tidslinje/", writers_own=PERSONS,
                       post_data={"dato": "2024-03-04", "tekst": "Matrix"})),
    route("enheder/<path:unit_id>/medarbejdere/", *unit_probes("medarbejdere/", persons=True)),
    # insight: persons and HR pages
    route("medarbejdere/<path:employee_id>/",
          probe("own", "/medarbejdere/{employee_own}/", access((*PERSONS, "employee"))),
          probe("colleague", "/medarbejdere/{employee_colleague}/", access(PERSONS)),
          probe("outside", "/medarbejdere/{employee_outside}/", access(HR)),
          probe("unknown", "/medarbejdere/P-NOSUCH/", access(others=403, hr=404, superuser=404,
                                                             leader=404)),
          note="own: Anna (SOL), the employee user herself; colleague: Bo (SOL)"),
    route("overvaagning/", probe("", "/overvaagning/", access(HR))),
    route("hjaelp/", probe("", "/hjaelp/", access(SIGNED_IN))),
    route("revisionslog/", probe("", "/revisionslog/", access(HR))),
    route("indstillinger/advis/", probe("", "/indstillinger/advis/", access(PERSONS),
                                        post_data={"mode": "weekly", "weekday": "2"})),
    # follow-up policies (HR)
    route("politikker/", probe("", "/politikker/", access(HR))),
    route("politikker/skabeloner/", probe("", "/politikker/skabeloner/", post_only(), writers=HR)),
    route("politikker/enheder/", probe("", "/politikker/enheder/", post_only(), writers=HR,
                                       post_data={"enhed": "{unit_own}", "politik": "{policy}"})),
    route("politikker/ny/", probe("", "/politikker/ny/", access(HR), writers=HR)),
    route("politikker/importer/", probe("", "/politikker/importer/", access(HR), writers=HR)),
    route("politikker/<int:policy_id>/", probe("", "/politikker/{policy}/", access(HR))),
    route("politikker/<int:policy_id>/ny-version/",
          probe("", "/politikker/{policy}/ny-version/", access(HR), writers=HR)),
    route("politikker/<int:policy_id>/kopier/",
          probe("", "/politikker/{policy}/kopier/", post_only(), writers=HR)),
    route("politikker/<int:policy_id>/versioner/<int:version_id>/yaml/",
          probe("", "/politikker/{policy}/versioner/{policy_version}/yaml/", access(HR))),
    route("politikker/<int:policy_id>/versioner/<int:version_id>/slet/",
          probe("", "/politikker/{policy}/versioner/{policy_version}/slet/", post_only(),
                writers=HR)),
    # follow-up tasks
    route("opfoelgning/", probe("", "/opfoelgning/", access(PERSONS))),
    route("opfoelgning/opgaver/<int:pk>/udfoert/",
          probe("inside", "/opfoelgning/opgaver/{task_inside}/udfoert/", post_only(),
                writers=PERSONS, post_data={"dato": "{today}"}),
          probe("outside", "/opfoelgning/opgaver/{task_outside}/udfoert/", post_only(),
                writers=HR, post_data={"dato": "{today}"})),
    route("opfoelgning/opgaver/<int:pk>/fravalg/",
          probe("inside", "/opfoelgning/opgaver/{task_inside}/fravalg/", post_only(),
                writers=PERSONS, post_data={"begrundelse": "Matrix"}),
          probe("outside", "/opfoelgning/opgaver/{task_outside}/fravalg/", post_only(),
                writers=HR, post_data={"begrundelse": "Matrix"})),
    route("opfoelgning/overholdelse/", probe("", "/opfoelgning/overholdelse/", access(PERSONS))),
    # sick reports
    route("sygemeldinger/", probe("", "/sygemeldinger/", access((*PERSONS, "employee")))),
    route("sygemeldinger/<int:report_id>/rask/",
          probe("inside", "/sygemeldinger/{report_inside}/rask/", post_only(),
                writers=(*PERSONS, "employee"), post_data={"returned_on": "{tomorrow}"}),
          probe("outside", "/sygemeldinger/{report_outside}/rask/", post_only(), writers=HR,
                post_data={"returned_on": "{tomorrow}"}),
          note="inside: Anna's report (the employee's own); outside: Erik's (ENG)"),
    # cases
    route("forloeb/", probe("", "/forloeb/", access(PERSONS))),
    route("forloeb/medarbejder/",
          probe("own", "/forloeb/medarbejder/?medarbejder={employee_own}",
                access((*PERSONS, "employee")), writers=PERSONS,
                post_data={"handling": "bekymring", "enhed": "{unit_own}", "dato": "{today}"}),
          probe("outside", "/forloeb/medarbejder/?medarbejder={employee_outside}", access(HR),
                post_data={"handling": "bekymring", "enhed": "{unit_sibling}",
                           "dato": "{today}"}),
          note="the employee named by ?medarbejder="),
    route("forloeb/<int:pk>/",
          probe("inside", "/forloeb/{case_inside}/", access((*PERSONS, "employee")),
                writers=(*PERSONS, "employee"),
                post_data={"handling": "luk", "udfald": "full_return", "dato": "{today}"}),
          probe("outside", "/forloeb/{case_outside}/", access(HR),
                post_data={"handling": "luk", "udfald": "full_return", "dato": "{today}"}),
          note="inside: Anna's case (SOL; she reads it); outside: Erik's (ENG)"),
    # benchmark
    route("sammenligning/landstal/", probe("", "/sammenligning/landstal/", access(HR),
                                           post=True)),
    route("sammenligning/", probe("", "/sammenligning/", access(AGGREGATE, status=REDIRECT))),
    route("sammenligning/<path:unit_id>/", *(
        Probe(p.label, p.path.replace("/enheder/", "/sammenligning/"), p.get)
        for p in unit_probes(""))),
    # evaluation (HR)
    route("initiativer/", probe("", "/initiativer/", access(HR),
                                post_data={"name": "Matrix", "start_date": "2024-01-01",
                                           "units": "{unit_own_pk}"})),
    route("initiativer/<int:initiative_id>/",
          probe("", "/initiativer/{initiative}/", access(HR))),
    # targets
    route("maal/", probe("", "/maal/", access((*PERSONS, "trio", "direktion")), writers=HR,
                         post_data={"action": "set", "unit": "{unit_own}", "measure": "absence_pct",
                                    "value": "4"})),
    route("maal/eskaleringer/", probe("", "/maal/eskaleringer/", access(PERSONS), post=True),
          note="POST records an escalation task (none exist in the test: 404 for HR)"),
    # well-being and incidents
    route("haendelser/", probe("", "/haendelser/", access(AGGREGATE)),
          note="HR and leaders see the register, TRIO and direktion counts only"),
    route("haendelser/ny/", probe("", "/haendelser/ny/", access(PERSONS),
                                  post_data={"unit": "{unit_own_pk}", "date": "{today}",
                                             "kind": "violence"})),
    route("haendelser/<int:pk>/",
          probe("inside", "/haendelser/{incident_inside}/", access(PERSONS)),
          probe("outside", "/haendelser/{incident_outside}/", access(HR))),
    route("haendelser/<int:pk>/trin/<int:task_pk>/",
          probe("inside", "/haendelser/{incident_inside}/trin/{incident_task_inside}/",
                post_only(), writers=PERSONS, post_data={"status": "done"}),
          probe("outside", "/haendelser/{incident_outside}/trin/{incident_task_outside}/",
                post_only(), writers=HR, post_data={"status": "done"})),
    route("trivsel/", probe("", "/trivsel/", access(HR), post=True)),
    # strategy: action plans and annual wheels
    route("handleplaner/", probe("", "/handleplaner/", access(HR))),
    route("handleplaner/skabelon/", probe("", "/handleplaner/skabelon/", access(HR),
                                          post_data={"name": "Matrix", "headings": "A\nB"})),
    route("handleplan/<int:unit_pk>/",
          *strategy_probes("/handleplan/{{unit_{which}_pk}}/",
                           post_data={"status": "active", "heading_0": "Matrix"})),
    route("handleplan/<int:unit_pk>/handlinger/",
          *strategy_probes("/handleplan/{{unit_{which}_pk}}/handlinger/", only_post=True,
                           post_data={"ny-text": "Matrix", "ny-status": "open",
                                      "ny-core_element": "prevention"})),
    route("handleplan/handling/<int:pk>/",
          *strategy_probes("/handleplan/handling/{{action_{which}}}/", only_post=True,
                           post_data={"a{{action_{which}}}-status": "done"})),
    route("aarshjul/", probe("", "/aarshjul/", access(SIGNED_IN)),
          note="the bodies the user works with; empty without one"),
    route("aarshjul/<int:unit_pk>/naeste-moede/",
          *strategy_probes("/aarshjul/{{unit_{which}_pk}}/naeste-moede/", status=REDIRECT,
                           writes=False)),
    route("aarshjul/<int:unit_pk>/<int:year>/",
          *strategy_probes("/aarshjul/{{unit_{which}_pk}}/{{year}}/",
                           post_data={"date": "{today}", "topic": "Matrix"})),
    route("aarshjul/moede/<int:pk>/",
          *strategy_probes("/aarshjul/moede/{{meeting_{which}}}/", writes=False)),
    route("aarshjul/moede/<int:pk>/rediger/",
          *strategy_probes("/aarshjul/moede/{{meeting_{which}}}/rediger/", editors_only=True,
                           post_data={"delete": "1"})),
    route("aarshjul/moede/<int:pk>/dagsorden.pdf",
          *strategy_probes("/aarshjul/moede/{{meeting_{which}}}/dagsorden.pdf", writes=False)),
    route("aarshjul/moede/<int:pk>/referat/",
          *strategy_probes("/aarshjul/moede/{{meeting_{which}}}/referat/", only_post=True,
                           post_data={"minutes": "Matrix"})),
    route("aarshjul/moede/<int:pk>/beslutninger/",
          *strategy_probes("/aarshjul/moede/{{meeting_{which}}}/beslutninger/", only_post=True,
                           post_data={"text": "Matrix"})),
    route("aarshjul/beslutning/<int:pk>/handling/",
          *strategy_probes("/aarshjul/beslutning/{{decision_{which}}}/handling/", only_post=True)),
)


# --- the Django admin (superusers only) -----------------------------------------------------

# "app/model" of every ModelAdmin; a newly registered model adds patterns the test
# reports as unclassified until it is added here.
ADMIN_MODELS = (
    "auth/group", "organisation/unit", "organisation/employee", "organisation/employment",
    "organisation/absence", "organisation/organisationsettings", "imports/importbatch",
    "accounts/profile", "accounts/auditevent", "auth/user", "notices/noticepreference",
    "notices/notice", "benchmark/nationalreferencerate", "strategy/plantemplate",
    "privacy/retentionpolicy", "privacy/anonymisation", "axes/accessattempt",
    "axes/accessfailurelog", "axes/accesslog", "otp_totp/totpdevice",
    "notices/outboxmessage", "notices/joblock",
)
# The admin's app index pattern lists the apps with a ModelAdmin in registration order;
# the test sorts them (see ``app_list_pattern``).
ADMIN_APP_LABELS = sorted({model.split("/")[0] for model in ADMIN_MODELS})


def app_list_pattern(labels: Iterable[str]) -> str:
    return "admin/^(?P<app_label>" + "|".join(sorted(labels)) + ")/$"


ADMIN_APP_LIST = app_list_pattern(ADMIN_APP_LABELS)
# The superuser's status where it is not 200 (the model's admin forbids the action).
ADMIN_SUPERUSER: dict[tuple[str, str], Expect] = {
    # written by the application only (ReadOnlyModelAdmin): viewed, never added or deleted
    ("accounts/auditevent", "add"): 403, ("accounts/auditevent", "delete"): 403,
    ("imports/importbatch", "add"): 403, ("imports/importbatch", "delete"): 403,
    ("privacy/anonymisation", "add"): 403, ("privacy/anonymisation", "delete"): 403,
    # one row each, never added twice or deleted
    ("organisation/organisationsettings", "add"): 403,
    ("organisation/organisationsettings", "delete"): 403,
    ("privacy/retentionpolicy", "add"): 403, ("privacy/retentionpolicy", "delete"): 403,
    # django-axes records attempts itself
    ("axes/accessattempt", "add"): 403, ("axes/accessfailurelog", "add"): 403,
    ("axes/accesslog", "add"): 403,
}


def _admin_access(superuser: Expect = 200, staff: Expect = 403) -> dict[str, Expect]:
    return access(others=ADMIN_LOGIN, anonymous=ADMIN_LOGIN, superuser=superuser, staff=staff)


def _admin_model_routes(model: str) -> tuple[Route, ...]:
    key = "{admin_" + model.replace("/", "_") + "}"
    base = f"/admin/{model}/"
    pages = (
        ("", "changelist", base),
        ("add/", "add", base + "add/"),
        ("<path:object_id>/history/", "history", f"{base}{key}/history/"),
        ("<path:object_id>/delete/", "delete", f"{base}{key}/delete/"),
        ("<path:object_id>/change/", "change", f"{base}{key}/change/"),
        ("<path:object_id>/", "redirect", f"{base}{key}/"),
    )
    routes = []
    for suffix, page, path in pages:
        default: Expect = REDIRECT if page == "redirect" else 200
        superuser = ADMIN_SUPERUSER.get((model, page), default)
        # The redirect to the change page is the admin's own; it checks nothing itself.
        staff: Expect = REDIRECT if page == "redirect" else 403
        routes.append(route(f"admin/{model}/{suffix}",
                            probe("", path, _admin_access(superuser, staff),
                                  post=page in ("changelist", "add", "change", "delete"))))
    return tuple(routes)


ADMIN_ROUTES: tuple[Route, ...] = (
    route("admin/", probe("", "/admin/", _admin_access(staff=200)),
          note="staff without permissions sees an empty index"),
    route("admin/login/", probe("", "/admin/login/", access(
        anonymous=200, others=200, staff=REDIRECT, superuser=REDIRECT), writers=ROLES)),
    route("admin/logout/", probe("", "/admin/logout/", access(
        anonymous=REDIRECT, others=REDIRECT, staff=405, superuser=405), writers=ROLES),
          note="not staff: sent to the admin index (then its login); staff: POST only"),
    route("admin/password_change/", probe("", "/admin/password_change/",
                                          _admin_access(staff=200), post=True)),
    route("admin/password_change/done/", probe("", "/admin/password_change/done/",
                                               _admin_access(staff=200))),
    route("admin/autocomplete/", probe("", "/admin/autocomplete/",
                                       _admin_access(superuser=403, staff=403))),
    route("admin/jsi18n/", probe("", "/admin/jsi18n/", _admin_access(staff=200))),
    route("admin/r/<path:content_type_id>/<path:object_id>/",
          probe("", "/admin/r/{unit_content_type}/{unit_own_pk}/",
                _admin_access(superuser=404, staff=404))),
    route(ADMIN_APP_LIST, probe("", "/admin/organisation/", _admin_access(staff=404))),
    route("admin/(?P<url>.*)$", probe("", "/admin/no-such-page/",
                                      _admin_access(superuser=404, staff=404))),
    route("admin/otp_totp/totpdevice/<int:pk>/config/",
          probe("", "/admin/otp_totp/totpdevice/{admin_otp_totp_totpdevice}/config/",
                _admin_access(superuser=403)),
          note="hidden from everybody (OTP_ADMIN_HIDE_SENSITIVE_DATA)"),
    route("admin/otp_totp/totpdevice/<int:pk>/qrcode/",
          probe("", "/admin/otp_totp/totpdevice/{admin_otp_totp_totpdevice}/qrcode/",
                _admin_access(superuser=403)),
          note="hidden from everybody (OTP_ADMIN_HIDE_SENSITIVE_DATA)"),
    route("admin/auth/user/<id>/password/",
          probe("", "/admin/auth/user/{admin_auth_user}/password/", _admin_access(),
                post=True)),
    *(admin_route for model in ADMIN_MODELS for admin_route in _admin_model_routes(model)),
)

ROUTES: tuple[Route, ...] = (*APP_ROUTES, *ADMIN_ROUTES)

"""HR's policy pages (/politikker/): access, presets, new versions as YAML, the effective
date rule, YAML export and import, the preview of a made-up absence, and attaching a
policy to a unit."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from naervaer.accounts.models import AuditEvent
from naervaer.core.followup.policy import policy_to_dict, policy_to_yaml
from naervaer.core.followup.presets import HOSPITAL_1_5_15, PRESETS
from naervaer.followup.models import Policy, PolicyVersion, UnitPolicy
from naervaer.followup.selectors_policies import as_core, unit_rows
from naervaer.followup.services import policy_create, unit_policy_set
from naervaer.followup.services_policies import PolicyRuleError, policy_version_create
from naervaer.followup.views_policies import preview_tasks
from tests.factories import make_org

pytestmark = pytest.mark.django_db

ROLES = ["hr", "leader", "trio", "direktion", "employee", "leader_engly", "nobody"]


@pytest.fixture
def org(db):  # type: ignore[no-untyped-def]
    return make_org()


@pytest.fixture
def client_for(org):  # type: ignore[no-untyped-def]
    def build(name: str | None) -> Client:
        client = Client()
        if name is not None:
            client.force_login(getattr(org, name))
        return client

    return build


@pytest.fixture
def hospital(org):  # type: ignore[no-untyped-def]
    return policy_create(name="Sygehus 1-5-15", version=HOSPITAL_1_5_15, preset="hospital_1_5_15")


def _text(response) -> str:  # type: ignore[no-untyped-def]
    return response.content.decode()


def _yaml_without_date(text: str) -> str:
    return "\n".join(line for line in text.splitlines() if not line.startswith("effective_from:"))


# --- access -----------------------------------------------------------------------------

@pytest.mark.parametrize("role", ROLES)
def test_only_hr_sees_the_policy_pages(client_for, hospital, role):
    version = hospital.versions.get()
    urls = [reverse("policies:list"), reverse("policies:new"), reverse("policies:import"),
            reverse("policies:detail", args=[hospital.pk]),
            reverse("policies:version-new", args=[hospital.pk]),
            reverse("policies:version-yaml", args=[hospital.pk, version.pk])]
    client = client_for(role)
    expected = 200 if role == "hr" else 403
    for url in urls:
        assert client.get(url).status_code == expected, url
    posts = [reverse("policies:presets-install"), reverse("policies:unit-set"),
             reverse("policies:copy", args=[hospital.pk]),
             reverse("policies:version-delete", args=[hospital.pk, version.pk])]
    for url in posts:
        assert client.post(url, {}).status_code in ((302, 400) if role == "hr" else (403,)), url
    if role != "hr":
        assert Policy.objects.count() == 1 and UnitPolicy.objects.count() == 0


def test_anonymous_is_sent_to_login(client_for, hospital):
    assert client_for(None).get(reverse("policies:list")).status_code == 302
    assert client_for(None).post(reverse("policies:presets-install")).status_code == 302
    assert Policy.objects.count() == 1


def test_the_menu_links_the_policies_for_hr_only(client_for):
    url = reverse("policies:list")
    assert f'href="{url}"' in _text(client_for("hr").get(reverse("unit-tree")))
    assert f'href="{url}"' not in _text(client_for("leader").get(reverse("unit-tree")))


# --- presets ----------------------------------------------------------------------------

def test_installing_the_presets_creates_each_once_and_is_audited(client_for):
    client = client_for("hr")
    assert "Der er ingen politikker endnu" in _text(client.get(reverse("policies:list")))
    response = client.post(reverse("policies:presets-install"), follow=True)
    assert sorted(Policy.objects.values_list("name", flat=True)) == sorted(p.name for p in PRESETS.values())
    assert "Skabelonerne er installeret" in _text(response)
    assert AuditEvent.objects.filter(action="policy_presets_install").count() == 1
    response = client.post(reverse("policies:presets-install"), follow=True)
    assert Policy.objects.count() == len(PRESETS)
    assert "allerede installeret" in _text(response)


def test_new_policy_from_a_preset_takes_the_chosen_name(client_for):
    client = client_for("hr")
    response = client.post(reverse("policies:new"), {"skabelon": "koege", "navn": "Vores politik",
                                                      "ikraft": "2025-01-01"})
    policy = Policy.objects.get(name="Vores politik")
    assert response.status_code == 302 and response["Location"] == reverse("policies:detail",
                                                                           args=[policy.pk])
    version = as_core(policy.versions.get())
    assert (version.name, version.effective_from, policy.preset) == (
        "Vores politik", dt.date(2025, 1, 1), "koege")
    assert version.steps == PRESETS["koege"].steps
    again = client.post(reverse("policies:new"), {"skabelon": "aarhus", "navn": "vores politik"})
    assert again.status_code == 400 and "findes allerede" in _text(again)
    assert Policy.objects.count() == 1


def test_copy_keeps_every_version(client_for, hospital):
    policy_version_create(policy=hospital, user=None, version=policy_from_text(
        policy_to_yaml(HOSPITAL_1_5_15).replace("2020-01-01", "2025-01-01")))
    response = client_for("hr").post(reverse("policies:copy", args=[hospital.pk]), {"navn": "Kopi"})
    copy = Policy.objects.get(name="Kopi")
    assert response["Location"] == reverse("policies:detail", args=[copy.pk])
    assert list(copy.versions.values_list("effective_from", flat=True)) == [
        dt.date(2020, 1, 1), dt.date(2025, 1, 1)]
    assert as_core(copy.versions.first()).steps == HOSPITAL_1_5_15.steps  # type: ignore[arg-type]


def policy_from_text(text: str):  # type: ignore[no-untyped-def]
    from naervaer.core.followup.policy import policy_from_yaml

    return policy_from_yaml(text)


# --- the policy page --------------------------------------------------------------------

def test_the_policy_page_shows_the_current_version_in_danish(client_for, hospital):
    page = _text(client_for("hr").get(reverse("policies:detail", args=[hospital.pk])))
    assert "Den gældende version" in page and "01-01-2020" in page
    for text in ("Kontakt den sygemeldte (dag 5)", "Dag 5", "Kontakt", "Samtale", "samme dag", "inden for 1 dag",
                 "inden for 3 dage", "Nærmeste leder", "Mindst 3 fraværsperioder eller mindst 6 "
                 "sygedage i alt inden for 182 dage", "2 dage før fristen", "udløses på dag 8"):
        assert text in page, text


def test_the_eldercare_ladder_shows_repeats_conditions_and_hr(client_for):
    eldercare = policy_create(name="Ældre", version=PRESETS["eldercare"])
    page = _text(client_for("hr").get(reverse("policies:detail", args=[eldercare.pk])))
    for text in ("hver 14. dag, så længe fraværet varer", "Kun når der er lavet en fastholdelsesplan",
                 "30. sygearbejdsdag", "HR inddrages", "fastholdelseskonsulent",
                 "Dag 1 efter raskmelding (forløb på mindst 15 dage)", "Opfølgning på plan"):
        assert text in page, text


# --- new versions -----------------------------------------------------------------------

def test_the_new_version_form_is_prefilled_with_the_latest_version(client_for, hospital):
    page = _text(client_for("hr").get(reverse("policies:version-new", args=[hospital.pk])))
    assert "contact_day_5" in page and "conversation_day_15" in page
    assert "effective_from" not in page.split("<textarea", 1)[1].split("</textarea>")[0]


def test_a_valid_new_version_is_saved_and_audited(client_for, hospital):
    text = _yaml_without_date(policy_to_yaml(HOSPITAL_1_5_15)).replace("day: 15", "day: 10")
    response = client_for("hr").post(reverse("policies:version-new", args=[hospital.pk]),
                                     {"ikraft": "2025-07-01", "yaml": text})
    assert response.status_code == 302
    new = hospital.versions.get(effective_from=dt.date(2025, 7, 1))
    assert [step.day for step in as_core(new).steps] == [1, 5, 10]
    event = AuditEvent.objects.get(action="policy_version_add")
    assert event.detail["effective_from"] == "2025-07-01"


@pytest.mark.parametrize(("text", "message"), [
    ("name: [unclosed\nsteps: []\n", "line "),
    (_yaml_without_date(policy_to_yaml(HOSPITAL_1_5_15)).replace("action: contact", "action: ring", 1),
     "steps[0] (contact_day_1): action must be one of"),
    (_yaml_without_date(policy_to_yaml(HOSPITAL_1_5_15)).replace("due_days: 0", "due_dayz: 0", 1),
     "steps[0]: unknown field(s): due_dayz"),
    ("- just\n- a list\n", "policy: must be a mapping"),
    (policy_to_yaml(HOSPITAL_1_5_15), "effective_from: 2020-01-01 differs from the date field"),
])
def test_an_invalid_version_shows_where_and_why_keeps_the_text_and_saves_nothing(
        client_for, hospital, text, message):
    response = client_for("hr").post(reverse("policies:version-new", args=[hospital.pk]),
                                     {"ikraft": "2025-07-01", "yaml": text})
    page = _text(response)
    assert response.status_code == 400
    assert message in page.replace("&#x27;", "'")
    textarea = page.split("<textarea", 1)[1].split(">\n", 1)[1].split("</textarea>")[0]
    assert textarea.replace("&#x27;", "'").replace("&quot;", '"') == text
    assert hospital.versions.count() == 1
    assert not AuditEvent.objects.filter(action="policy_version_add").exists()


def test_a_new_version_must_take_effect_after_the_latest(client_for, hospital):
    text = _yaml_without_date(policy_to_yaml(HOSPITAL_1_5_15))
    client = client_for("hr")
    for day in ("2019-06-01", "2020-01-01"):
        response = client.post(reverse("policies:version-new", args=[hospital.pk]),
                               {"ikraft": day, "yaml": text})
        assert response.status_code == 400
        assert "Datoen skal ligge efter den seneste versions ikrafttræden (01-01-2020)" in _text(response)
    assert hospital.versions.count() == 1
    # The service checks it too (the import path and any other caller).
    with pytest.raises(PolicyRuleError):
        policy_version_create(policy=hospital, version=HOSPITAL_1_5_15, user=None)
    assert client.post(reverse("policies:version-new", args=[hospital.pk]),
                       {"ikraft": "2020-01-02", "yaml": text}).status_code == 302


def test_only_a_version_not_yet_in_force_may_be_deleted(client_for, hospital):
    future = policy_version_create(policy=hospital, user=None, version=policy_from_text(
        policy_to_yaml(HOSPITAL_1_5_15).replace("2020-01-01", "2099-01-01")))
    in_force = hospital.versions.get(effective_from=dt.date(2020, 1, 1))
    client = client_for("hr")
    page = _text(client.post(reverse("policies:version-delete", args=[hospital.pk, in_force.pk]),
                             follow=True))
    assert "er trådt i kraft, er historik" in page
    assert client.post(reverse("policies:version-delete", args=[hospital.pk, future.pk])).status_code == 302
    assert list(hospital.versions.values_list("pk", flat=True)) == [in_force.pk]
    assert AuditEvent.objects.filter(action="policy_version_delete").count() == 1


# --- YAML export and import -------------------------------------------------------------

def test_export_then_import_gives_the_same_version(client_for, hospital):
    client = client_for("hr")
    version = hospital.versions.get()
    response = client.get(reverse("policies:version-yaml", args=[hospital.pk, version.pk]))
    assert response["Content-Type"].startswith("application/yaml")
    assert 'filename="sygehus-1-5-15-2020-01-01.yaml"' in response["Content-Disposition"]
    upload = SimpleUploadedFile("politik.yaml", response.content, content_type="application/yaml")
    response = client.post(reverse("policies:import"), {"fil": upload, "politik": "", "navn": "Kopi"})
    imported = Policy.objects.get(name="Kopi")
    assert response["Location"] == reverse("policies:detail", args=[imported.pk])
    assert policy_to_dict(as_core(imported.versions.get())) == policy_to_dict(as_core(version))
    assert policy_to_dict(as_core(imported.versions.get())) == policy_to_dict(HOSPITAL_1_5_15)


def test_import_as_a_new_version_follows_the_date_rule(client_for, hospital):
    client = client_for("hr")
    same_date = policy_to_yaml(HOSPITAL_1_5_15).encode()
    response = client.post(reverse("policies:import"), {
        "fil": SimpleUploadedFile("p.yaml", same_date), "politik": str(hospital.pk)})
    assert response.status_code == 400 and "skal ligge efter den seneste versions" in _text(response)
    later = policy_to_yaml(HOSPITAL_1_5_15).replace("2020-01-01", "2025-03-01").encode()
    response = client.post(reverse("policies:import"), {
        "fil": SimpleUploadedFile("p.yaml", later), "politik": str(hospital.pk)})
    assert response.status_code == 302
    assert hospital.versions.count() == 2


@pytest.mark.parametrize(("content", "message"), [
    ("name: Ø\n".encode("latin-1"), "ikke UTF-8"),
    (b"# " + b"x" * (100 * 1024) + b"\n", "for stor"),
    (b"name: X\neffective_from: 2025-13-01\n", "effective_from: must be a date"),
    (b"name: X\neffective_from: 2025-01-01\nsteps:\n  - code: a\n", "steps[0]"),
])
def test_a_bad_upload_is_refused_with_a_clear_message(client_for, content, message):
    response = client_for("hr").post(reverse("policies:import"), {
        "fil": SimpleUploadedFile("p.yaml", content), "politik": ""})
    assert response.status_code == 400
    assert message in _text(response)
    assert Policy.objects.count() == 0


def test_an_import_under_an_existing_name_is_refused(client_for, hospital):
    response = client_for("hr").post(reverse("policies:import"), {
        "fil": SimpleUploadedFile("p.yaml", policy_to_yaml(HOSPITAL_1_5_15).encode()), "politik": ""})
    assert response.status_code == 400 and "findes allerede" in _text(response)


# --- preview ----------------------------------------------------------------------------

def _preview(client, policy, **params):  # type: ignore[no-untyped-def]
    return client.get(reverse("policies:detail", args=[policy.pk]), params)


def test_the_preview_shows_the_tasks_of_a_made_up_absence(client_for, hospital):
    tasks_before = PolicyVersion.objects.count()
    response = _preview(client_for("hr"), hospital, eksempel_fra="2025-06-02", eksempel_til="",
                        eksempel_dato="2025-06-20")
    rows = {row["code"]: row for row in response.context["preview"]}
    expected = {"contact_day_1": (dt.date(2025, 6, 2), dt.date(2025, 6, 2)),
                "contact_day_5": (dt.date(2025, 6, 6), dt.date(2025, 6, 7)),
                "legal_conversation": (dt.date(2025, 6, 9), dt.date(2025, 6, 30)),
                "conversation_day_15": (dt.date(2025, 6, 16), dt.date(2025, 6, 19))}
    for code, (trigger, due) in expected.items():
        assert (rows[code]["trigger_date"], rows[code]["due_date"]) == (trigger, due), code
    assert rows["legal_conversation"]["status"] == "open"
    assert rows["contact_day_1"]["status"] == "overdue"
    assert "municipality_notice" not in rows  # day 31 has not come
    page = _text(response)
    assert 'data-code="legal_conversation"' in page and "30-06-2025" in page and "Overskredet" in page
    assert PolicyVersion.objects.count() == tasks_before


def test_the_preview_of_a_short_absence_closes_open_tasks(hospital):
    tasks = preview_tasks(HOSPITAL_1_5_15, first=dt.date(2025, 6, 2), last=dt.date(2025, 6, 10),
                          as_of=dt.date(2025, 6, 20))
    statuses = dict(zip(tasks["code"], tasks["status"], strict=True))
    assert "conversation_day_15" not in statuses
    assert statuses["legal_conversation"] == "not_needed"
    assert statuses["contact_day_1"] == "overdue"  # missed while the employee was sick


def test_the_preview_applies_the_version_even_before_its_effective_date():
    later = policy_from_text(policy_to_yaml(HOSPITAL_1_5_15).replace("2020-01-01", "2030-01-01"))
    tasks = preview_tasks(later, first=dt.date(2025, 6, 2), last=None, as_of=dt.date(2025, 6, 3))
    assert list(tasks["code"]) == ["contact_day_1"]


@pytest.mark.parametrize(("params", "field", "message"), [
    ({"eksempel_fra": "2025-06-10", "eksempel_til": "2025-06-01", "eksempel_dato": "2025-06-20"},
     "eksempel_til", "før den første"),
    ({"eksempel_fra": "2025-06-10", "eksempel_dato": "2025-06-01"}, "eksempel_dato", "før første"),
    ({"eksempel_fra": "10-13-2025", "eksempel_dato": "2025-06-01"}, "eksempel_fra", "gyldig dato"),
    ({"eksempel_fra": "1900-01-01", "eksempel_dato": "2025-06-01"}, "eksempel_fra", "mellem år"),
    ({"eksempel_dato": "2025-06-01"}, "eksempel_fra", "påkrævet"),
])
def test_bad_preview_dates_are_form_errors(client_for, hospital, params, field, message):
    response = _preview(client_for("hr"), hospital, **params)
    assert response.status_code == 200
    assert response.context["preview"] is None
    errors = " ".join(response.context["preview_form"].errors[field])
    assert message in errors.lower() or message in errors


# --- units ------------------------------------------------------------------------------

def test_attach_and_detach_a_policy_and_inheritance_shows(client_for, org, hospital):
    koege = policy_create(name="Køge", version=PRESETS["koege"])
    client = client_for("hr")
    url = reverse("policies:unit-set")
    assert client.post(url, {"enhed": "AE", "politik": str(hospital.pk)}).status_code == 302
    assert client.post(url, {"enhed": "ENG", "politik": str(koege.pk)}).status_code == 302
    rows = {row.unit.unit_id: row for row in unit_rows()}
    assert rows["AE"].own == hospital and rows["SOLA"].policy == hospital
    assert rows["SOLA"].source == org.aeldre and rows["ENG"].policy == koege
    assert rows["K"].policy is None and rows["SKO"].policy is None
    page = _text(client.get(reverse("policies:list")))
    assert "Arvet fra Ældreforvaltningen" in page and "Egen" in page
    assert re.search(r"Plejecenter Solgården.*?Sygehus 1-5-15.*?Arvet fra Ældreforvaltningen", page, re.S)
    # The policy list counts own links and inheriting units (SOL, SOLA; ENG has its own).
    assert re.search(r"Sygehus 1-5-15</a>.*?Ældreforvaltningen</td>\s*<td class=\"num\">2 enheder", page, re.S)
    detail = _text(client.get(reverse("policies:detail", args=[hospital.pk])))
    assert "Ældreforvaltningen (AE) – egen" in detail and "2 underenheder arver politikken" in detail
    events = AuditEvent.objects.filter(action="policy_attach").order_by("id")
    assert [(e.object_id, e.detail["after"]) for e in events] == [("AE", "Sygehus 1-5-15"), ("ENG", "Køge")]
    # Detach ENG: it inherits the hospital policy from Ældreforvaltningen again.
    assert client.post(url, {"enhed": "ENG", "politik": ""}).status_code == 302
    assert not UnitPolicy.objects.filter(unit=org.engly).exists()
    assert {row.unit.unit_id: row for row in unit_rows()}["ENG"].policy == hospital
    detach = AuditEvent.objects.get(action="policy_detach")
    assert (detach.object_id, detach.detail) == ("ENG", {"before": "Køge", "after": None})


def test_a_bad_unit_form_is_refused(client_for, hospital):
    response = client_for("hr").post(reverse("policies:unit-set"), {"enhed": "NOPE", "politik": "1"})
    assert response.status_code == 400
    assert UnitPolicy.objects.count() == 0


def test_the_edit_link_preselects_the_unit_and_its_policy(client_for, org, hospital):
    unit_policy_set(unit=org.sol, policy=hospital)
    form = client_for("hr").get(reverse("policies:list"), {"enhed": "SOL"}).context["unit_form"]
    assert form.initial == {"enhed": "SOL", "politik": str(hospital.pk)}

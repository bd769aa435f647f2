"""What the pages show: tree, headcounts and suppression, persons, audit log."""

from __future__ import annotations

import re

from django.urls import reverse

from naervaer.accounts.models import AuditEvent

NAMES = ["Anna Andersen", "Bo Bertelsen", "Carl Christensen", "Ditte Dahl", "Erik Eriksen",
         "Freja Frost"]


def text_of(response) -> str:  # type: ignore[no-untyped-def]
    return re.sub(r"\s+", " ", response.content.decode())


def test_login_page_is_danish_and_labelled(client):
    response = client.get(reverse("login"))
    page = text_of(response)
    assert response.status_code == 200
    assert '<html lang="da">' in page
    assert "<h1>Log ind</h1>" in page
    assert '<label for="id_username">Brugernavn</label>' in page
    assert '<label for="id_password">Adgangskode</label>' in page
    assert "<script>" not in page  # no inline script (CSP)


def test_login_and_logout(org, client):
    response = client.post(reverse("login"), {"username": "leder", "password": "test-password"})
    assert response.status_code == 302 and response["Location"] == reverse("home")
    assert client.get(reverse("logout")).status_code == 405  # logout is POST only
    response = client.post(reverse("logout"))
    assert response.status_code == 302 and response["Location"] == reverse("login")
    assert client.get(reverse("unit-tree")).status_code == 302


def test_header_shows_user_role_scope_and_navigation(client_for):
    page = text_of(client_for("leader").get(reverse("unit-detail", args=["SOL"])))
    assert "leder" in page and "Leder · Plejecenter Solgården" in page
    assert '<header class="site-header">' in page and "<main" in page and "<nav" in page
    assert f'href="{reverse("unit-tree")}"' in page
    assert "/import/" not in page
    assert 'action="/i18n/setlang/"' in page and 'action="/logout/"' in page
    assert page.count("<h1") == 1


def test_hr_header_links_to_import_pages(client_for):
    page = text_of(client_for("hr").get(reverse("unit-tree")))
    assert "HR · Hele organisationen" in page
    assert 'href="/import/"' in page and 'href="/import/log/"' in page


def test_employee_header_names_the_employee(client_for):
    page = text_of(client_for("employee").get(reverse("employee-detail", args=["P-ANNA"])))
    assert "Medarbejder · Anna Andersen" in page


def test_unit_tree_is_nested_and_scoped(client_for):
    page = text_of(client_for("leader").get(reverse("unit-tree")))
    assert "<details open>" in page
    assert reverse("unit-detail", args=["SOLA"]) in page
    assert reverse("unit-detail", args=["ENG"]) in page  # a sibling, to compare
    assert reverse("unit-detail", args=["K"]) not in page
    page = text_of(client_for("hr").get(reverse("unit-tree")))
    for unit_id in ["K", "AE", "SOL", "SOLA", "ENG", "SKO"]:
        assert reverse("unit-detail", args=[unit_id]) in page


def test_employee_list_shows_current_employments_in_the_subtree(client_for):
    page = text_of(client_for("leader").get(reverse("unit-employees", args=["SOL"])))
    for name in ["Anna Andersen", "Bo Bertelsen", "Carl Christensen"]:
        assert name in page
    assert "Ditte Dahl" not in page and "Erik Eriksen" not in page
    assert "Plejecenter Solgården" in page and "Social- og sundhedsassistent" in page
    assert reverse("employee-detail", args=["P-ANNA"]) in page
    # ?alle=1 adds those employed in the last 12 months; Ditte left in 2021.
    page = text_of(client_for("leader").get(reverse("unit-employees", args=["SOL"]) + "?alle=1"))
    assert "Anna Andersen" in page and "Ditte Dahl" not in page


def test_employee_list_is_audited(org, client_for):
    client_for("leader").get(reverse("unit-employees", args=["SOL"]) + "?alle=1")
    event = AuditEvent.objects.exclude(action="role_change").get()  # not the fixture's users
    assert (event.user, event.username, event.action, event.object_type, event.object_id) == (
        org.leader, "leder", "view_employee_list", "unit", "SOL")
    assert event.detail["all"] is True


def test_employee_page_shows_employments_and_absences_in_danish(org, client_for):
    page = text_of(client_for("hr").get(reverse("employee-detail", args=["P-ANNA"])))
    assert "<h1>Anna Andersen</h1>" in page
    assert "E-ANNA" in page and "Plejecenter Solgården" in page
    assert "Egen sygdom" in page and "04-03-2024" in page and "06-03-2024" in page
    assert "100 %" in page and "22,2" in page


def test_leader_sees_only_employments_and_absences_in_scope(client_for):
    page = text_of(client_for("leader_engly").get(reverse("employee-detail", args=["P-FREJA"])))
    assert "E-FREJA-ENG" in page and "Barns sygdom" in page and "igangværende" in page
    assert ">E-FREJA<" not in page and "Skoleområdet" not in page
    assert "02-09-2024" not in page


def test_employee_page_is_audited(org, client_for):
    client_for("employee").get(reverse("employee-detail", args=["P-ANNA"]))
    client_for("trio").get(reverse("employee-detail", args=["P-ANNA"]))  # refused: not logged
    event = AuditEvent.objects.exclude(action="role_change").get()  # not the fixture's users
    assert (event.username, event.action, event.object_type, event.object_id) == (
        "anna", "view_employee", "employee", "P-ANNA")
    assert event.detail == {"employments": ["E-ANNA"]}


def test_employee_list_paginates(org, client_for):
    from tests.factories import make_employment

    for _ in range(101):
        make_employment(unit=org.sol_a)
    client = client_for("hr")
    first = text_of(client.get(reverse("unit-employees", args=["SOL"])))
    assert "Side 1 af 2" in first and "?side=2" in first
    second = client.get(reverse("unit-employees", args=["SOL"]) + "?side=2")
    assert second.status_code == 200
    assert client.get(reverse("unit-employees", args=["SOL"]) + "?side=x").status_code == 200


def test_language_switch_to_english_keeps_pages_working(client_for):
    client = client_for("hr")
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/enheder/"})
    assert response.status_code == 302
    page = text_of(client.get(reverse("unit-tree")))
    assert '<html lang="en">' in page


def test_employee_list_has_full_breadcrumbs(client_for):
    page = text_of(client_for("hr").get(reverse("unit-employees", args=["SOLA"])))
    for unit_id in ["K", "AE", "SOL", "SOLA"]:
        assert f'href="{reverse("unit-detail", args=[unit_id])}"' in page


def test_source_keys_with_slashes_and_spaces_work(org, client_for):
    from tests.factories import make_employee, make_employment, make_unit

    odd_unit = make_unit(unit_id="1200/3 A", name="Team 3 A", parent=org.sol)
    odd_person = make_employee(employee_id="P/42", name="Gitte Gram")
    make_employment(employee=odd_person, unit=odd_unit)
    client = client_for("leader")
    unit_url = reverse("unit-detail", args=["1200/3 A"])
    assert unit_url == "/enheder/1200/3%20A/"
    assert client.get(unit_url).status_code == 200
    page = text_of(client.get(reverse("unit-employees", args=["1200/3 A"])))
    assert "Gitte Gram" in page and reverse("employee-detail", args=["P/42"]) in page
    assert client.get(reverse("employee-detail", args=["P/42"])).status_code == 200

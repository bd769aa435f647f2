"""Who may open which page: every page as every role, and anonymous."""

from __future__ import annotations

import pytest
from django.urls import reverse

ROLES = ["hr", "leader", "trio", "direktion", "employee", "leader_engly", "nobody"]


def unit(unit_id: str) -> str:
    return reverse("unit-detail", args=[unit_id])


def employees(unit_id: str) -> str:
    return reverse("unit-employees", args=[unit_id])


def person(employee_id: str) -> str:
    return reverse("employee-detail", args=[employee_id])


# page -> status for each role in ROLES order
MATRIX = {
    unit("K"): [200, 403, 403, 200, 403, 403, 403],
    unit("SOL"): [200, 200, 200, 200, 403, 200, 403],  # ENG's leader: sibling, aggregated
    unit("SOLA"): [200, 200, 200, 200, 403, 403, 403],
    unit("ENG"): [200, 200, 403, 200, 403, 200, 403],  # SOL's leader: sibling, aggregated
    employees("SOL"): [200, 200, 403, 403, 403, 403, 403],
    employees("SOLA"): [200, 200, 403, 403, 403, 403, 403],
    employees("ENG"): [200, 403, 403, 403, 403, 200, 403],
    employees("K"): [200, 403, 403, 403, 403, 403, 403],
    person("P-ANNA"): [200, 200, 403, 403, 200, 403, 403],
    person("P-CARL"): [200, 200, 403, 403, 403, 403, 403],
    person("P-DITTE"): [200, 200, 403, 403, 403, 403, 403],
    person("P-ERIK"): [200, 403, 403, 403, 403, 200, 403],
    person("P-FREJA"): [200, 403, 403, 403, 403, 200, 403],
    unit("NOPE"): [404, 404, 404, 404, 404, 404, 404],
    employees("NOPE"): [404, 404, 403, 403, 403, 404, 403],
    person("NOPE"): [404, 404, 403, 403, 403, 404, 403],
    reverse("unit-tree"): [200] * 7,
}
CASES = [
    (url, role, statuses[index])
    for url, statuses in MATRIX.items()
    for index, role in enumerate(ROLES)
]


@pytest.mark.parametrize(("url", "role", "status"), CASES)
def test_page_status_by_role(client_for, url, role, status):
    response = client_for(role).get(url)
    assert response.status_code == status
    assert response["Content-Type"].startswith("text/html")


@pytest.mark.parametrize(
    "url",
    [reverse("home"), reverse("unit-tree"), unit("SOL"), employees("SOL"), person("P-ANNA"),
     unit("NOPE"), person("NOPE")],
)
def test_anonymous_is_sent_to_login(client_for, url):
    response = client_for(None).get(url)
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('login')}?next={url}"


@pytest.mark.parametrize(
    ("role", "target"),
    [
        ("hr", unit("K")),
        ("direktion", unit("K")),
        ("leader", unit("SOL")),
        ("trio", unit("SOL")),
        ("leader_engly", unit("ENG")),
        ("employee", person("P-ANNA")),
    ],
)
def test_home_redirects_to_the_top_unit_or_own_page(client_for, role, target):
    response = client_for(role).get(reverse("home"))
    assert response.status_code == 302
    assert response["Location"] == target


def test_home_lists_several_top_units(org, client_for):
    from tests.factories import make_user

    org.multi = make_user(role="leader", username="multi", units=[org.engly, org.skole])
    response = client_for("multi").get(reverse("home"))
    assert response.status_code == 200
    assert unit("ENG") in response.text and unit("SKO") in response.text


def test_home_without_role_explains(client_for):
    response = client_for("nobody").get(reverse("home"))
    assert response.status_code == 200
    assert "ikke adgang til nogen enheder" in response.text


def test_403_page_is_a_full_page(client_for):
    response = client_for("trio").get(employees("SOL"))
    assert response.status_code == 403
    assert "<h1>Ingen adgang</h1>" in response.text
    assert "<main" in response.text

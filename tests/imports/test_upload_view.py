"""The upload page and the import log, through the Django test client."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from naervaer.accounts.models import AuditEvent
from naervaer.imports.models import ImportBatch
from naervaer.organisation.models import Absence, Unit
from tests.factories import make_user

from .exports import ABSENCES, EMPLOYMENTS, UNITS

pytestmark = pytest.mark.django_db


def upload(name: str, text: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, text.encode("cp1252"), content_type="text/csv")


@pytest.fixture
def hr_client() -> Client:
    client = Client()
    client.force_login(make_user(role="hr", username="hr"))
    return client


def test_hr_uploads_an_export_and_sees_it_in_the_log(hr_client):
    response = hr_client.post(reverse("imports:upload"), {
        "files": [upload("units.csv", UNITS), upload("employments.csv", EMPLOYMENTS),
                  upload("absences.csv", ABSENCES)],
    })

    assert response.status_code == 200
    body = response.content.decode()
    assert "Import gennemført" in body
    assert "bemærkning" in body  # the free-text column is named as not imported
    assert Unit.objects.count() == 5
    batch = ImportBatch.objects.get()
    assert batch.source == ImportBatch.Source.UPLOAD
    assert batch.counts["absences"]["created"] == 4
    assert AuditEvent.objects.filter(action="import").count() == 1

    log = hr_client.get(reverse("imports:batches"))
    assert log.status_code == 200
    assert "employments.csv" in log.content.decode()
    assert batch.files[0]["sha256"][:12] in log.content.decode()


def test_bad_upload_lists_every_problem_and_writes_nothing(hr_client):
    bad = ABSENCES + ";A1;ferie;32-01-2024;;;;\n;A7;egen_sygdom;01-02-2024;;;;\n"

    response = hr_client.post(reverse("imports:upload"), {
        "files": [upload("units.csv", UNITS), upload("employments.csv", EMPLOYMENTS),
                  upload("absences.csv", bad)],
    })

    assert response.status_code == 400
    body = response.content.decode()
    assert "absences.csv:6: start_date: &#x27;32-01-2024&#x27; er ikke en gyldig dato" in body
    assert "absences.csv:7: employment_id: ansættelsen &#x27;A7&#x27; findes ikke" in body
    assert Unit.objects.count() == 0 and Absence.objects.count() == 0
    assert ImportBatch.objects.count() == 0


def test_dry_run_from_the_page_writes_nothing(hr_client):
    response = hr_client.post(reverse("imports:upload"), {
        "files": [upload("units.csv", UNITS)], "dry_run": "on",
    })

    assert response.status_code == 200
    assert "Prøvekørsel uden fejl" in response.content.decode()
    assert Unit.objects.count() == 0


def test_form_errors_re_render_with_a_message(hr_client):
    no_files = hr_client.post(reverse("imports:upload"), {})
    wrong_name = hr_client.post(reverse("imports:upload"),
                                {"files": [upload("personer.csv", "a;b\n")]})
    bad_date = hr_client.post(reverse("imports:upload"), {
        "files": [upload("units.csv", UNITS)], "replace_absences_from": "i går"})

    assert no_files.status_code == 200 and "Dette felt er påkrævet" in no_files.content.decode()
    assert "Ukendt filnavn: personer.csv" in wrong_name.content.decode()
    assert bad_date.status_code == 200 and "errorlist" in bad_date.content.decode()
    assert Unit.objects.count() == 0


def test_oversized_upload_is_refused_with_a_message(hr_client, settings):
    settings.NAERVAER_MAX_UPLOAD_BYTES = 100

    response = hr_client.post(reverse("imports:upload"), {"files": [upload("units.csv", UNITS)]})

    assert "grænsen er" in response.content.decode()
    assert Unit.objects.count() == 0


@pytest.mark.parametrize("role", ["leader", "trio", "direktion", "employee"])
def test_only_hr_may_import(role, client):
    unit = Unit.objects.create(unit_id="K", name="Kommune")
    user = make_user(role=role, units=[unit] if role in {"leader", "trio"} else [],
                     employee=None if role != "employee" else _employee())
    client.force_login(user)

    assert client.get(reverse("imports:upload")).status_code == 403
    assert client.post(reverse("imports:upload"),
                       {"files": [upload("units.csv", UNITS)]}).status_code == 403
    assert client.get(reverse("imports:batches")).status_code == 403


def test_anonymous_is_sent_to_login(client):
    response = client.get(reverse("imports:upload"))
    assert response.status_code == 302 and "/login/" in response["Location"]


def _employee():  # type: ignore[no-untyped-def]
    from tests.factories import make_employee

    return make_employee()

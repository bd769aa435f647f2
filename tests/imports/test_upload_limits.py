"""The upload page refuses what is too big, or unreadable, with a Danish message, not a bare
400/500, and before it reads an oversized body."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from naervaer.imports.models import ImportBatch
from naervaer.organisation.models import Unit
from tests.factories import make_user

from .exports import UNITS

pytestmark = pytest.mark.django_db

MB = 1024 * 1024


@pytest.fixture
def hr_client() -> Client:
    client = Client()
    client.force_login(make_user(role="hr", username="hr"))
    return client


def _units_file(size: int) -> SimpleUploadedFile:
    """A units export padded with valid rows to about ``size`` bytes."""
    rows, length, row_number = [UNITS], len(UNITS), 0
    while length < size:
        row_number += 1
        rows.append(f"X{row_number};Enhed {row_number};K;team\n")
        length += len(rows[-1])
    return SimpleUploadedFile("units.csv", "".join(rows).encode("cp1252"), content_type="text/csv")


def test_a_file_over_the_limit_is_refused_by_the_form(hr_client, settings):
    settings.NAERVAER_MAX_UPLOAD_BYTES = 4000

    response = hr_client.post(reverse("imports:upload"), {"files": [_units_file(10_000)]})

    assert response.status_code == 200
    assert "grænsen er 0 MB" in response.content.decode()  # 4000 bytes, shown in MB
    assert Unit.objects.count() == 0


def test_a_body_over_the_limit_is_refused_before_it_is_read(hr_client, settings):
    settings.NAERVAER_MAX_UPLOAD_BYTES = 1000
    # Not multipart at all: had the body been parsed, the answer would be "could not be read".
    body = b"--not-a-boundary\r\n" + b"x" * (2 * MB)

    response = hr_client.generic("POST", reverse("imports:upload"), body,
                                 content_type="multipart/form-data; boundary=zzz")

    assert response.status_code == 413
    text = response.content.decode()
    assert "Upload afvist: forespørgslen fylder 2.1 MB; grænsen er 0 MB" in text
    assert "naervaer import" in text
    assert 'enctype="multipart/form-data"' in text  # the form is shown again


def test_a_real_upload_over_the_limit_writes_nothing(hr_client, settings):
    settings.NAERVAER_MAX_UPLOAD_BYTES = 1000

    response = hr_client.post(reverse("imports:upload"), {"files": [_units_file(int(1.5 * MB))]})

    assert response.status_code == 413
    assert Unit.objects.count() == 0 and ImportBatch.objects.count() == 0


def test_an_oversized_form_field_gets_a_message_not_a_bare_400(hr_client, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000

    response = hr_client.post(reverse("imports:upload"), {
        "files": [SimpleUploadedFile("units.csv", UNITS.encode(), content_type="text/csv")],
        "replace_absences_from": "x" * 5000,
    })

    assert response.status_code == 400
    assert "Upload afvist: forespørgslen kunne ikke læses" in response.content.decode()
    assert Unit.objects.count() == 0


def test_a_broken_multipart_body_gets_a_message(hr_client):
    response = hr_client.generic("POST", reverse("imports:upload"), b"garbage",
                                 content_type="multipart/form-data; boundary=")

    assert response.status_code == 400
    assert "Upload afvist" in response.content.decode()


def test_the_size_guard_keeps_the_csrf_check():
    client = Client(enforce_csrf_checks=True)
    client.force_login(make_user(role="hr", username="hr"))

    response = client.post(reverse("imports:upload"),
                           {"files": [SimpleUploadedFile("units.csv", UNITS.encode())]})

    assert response.status_code == 403
    assert Unit.objects.count() == 0


def test_anonymous_oversized_post_goes_to_login(settings):
    settings.NAERVAER_MAX_UPLOAD_BYTES = 1000

    response = Client().generic("POST", reverse("imports:upload"), b"x" * (2 * MB),
                                content_type="multipart/form-data; boundary=zzz")

    assert response.status_code == 302 and "/login/" in response["Location"]


def test_other_pages_answer_an_unreadable_body_with_a_danish_page(hr_client):
    """Outside the upload page Django's own 400 is shown with the app's 400 template."""
    response = hr_client.generic("POST", "/indstillinger/advis/", b"garbage",
                                 content_type="multipart/form-data; boundary=")

    assert response.status_code == 400
    assert "Forespørgslen kunne ikke læses" in response.content.decode()

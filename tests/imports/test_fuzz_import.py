"""Mutation fuzzing of ``import_files`` (the one write path of the CLI, upload page and demo).

Valid exports built in code are re-encoded, re-delimited, truncated, given huge fields,
formulas, NUL bytes, broken headers and mixed date formats (CSV), or written as XLSX
with other sheet names, merged cells, formulas, numbers for text and dates as serials or
strings, then corrupted at the byte level (``tests/imports/fuzzing.py``). Whatever
arrives, the import either succeeds (and a repeat changes nothing) or is refused with
problems naming the file and line, writing nothing. ``scripts/fuzz-import.py`` runs the
same property for thousands of inputs and counts the outcomes.
"""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.test import Client
from django.urls import reverse
from hypothesis import HealthCheck, example, given, settings

from tests.factories import make_user
from tests.imports import fuzzing
from tests.imports.fuzzing import Files

pytestmark = pytest.mark.django_db

FUZZ = settings(max_examples=120, deadline=None,
                suppress_health_check=[HealthCheck.function_scoped_fixture,
                                       HealthCheck.too_slow, HealthCheck.data_too_large])


def _assert_holds(files: Files, *, preload: bool) -> None:
    # Each example runs in a savepoint that is rolled back, so examples do not meet.
    with transaction.atomic():
        if preload:
            fuzzing.load_base()
        outcome = fuzzing.check_import(files)
        transaction.set_rollback(True)
    assert not outcome.failed, f"{outcome.kind}: {outcome.detail}\nfiles: {_describe(files)}"


def _describe(files: Files) -> str:
    return ", ".join(f"{name} ({len(data)} B) {data[:120]!r}" for name, data in files)


def test_the_base_export_imports_and_a_repeat_changes_nothing():
    outcome = fuzzing.check_import(fuzzing.base_files())

    assert outcome.kind == "success", outcome.detail
    assert "'created': 4" in outcome.detail  # units, as a sanity check of the base data


@FUZZ
@given(files=fuzzing.export_files(formats=("csv",)), preload=fuzzing.st.booleans())
@example(files=[("units.csv", fuzzing.base_csv("units").replace(b"Demo Kommune", fuzzing.HUGE.encode()))],
         preload=True)
@example(files=[("absences.csv", b"\xef\xbb\xbf" + fuzzing.base_csv("absences"))], preload=True)
@example(files=[("units.csv", fuzzing.base_csv("units").decode().encode("utf-16"))], preload=False)
@example(files=[("units.csv", b"")], preload=True)
@example(files=[("units.csv", b"unit_id;name\r")], preload=False)
@example(files=[("units.csv", b"unit_id|name|parent_id\nK|Kommune|\n")], preload=False)
@example(files=[("employments.csv", fuzzing.base_csv("employments")[:-40])], preload=True)
def test_fuzzed_csv_imports_or_is_refused_cleanly(files, preload):
    _assert_holds(files, preload=preload)


@FUZZ
@given(files=fuzzing.export_files(formats=("xlsx",)), preload=fuzzing.st.booleans())
# Found by the fuzzer: a broken deflate stream raised zlib.error out of the importer.
@example(files=[("units.xlsx", fuzzing.corrupt_deflate(fuzzing.base_xlsx("units")))],
         preload=True)
@example(files=[("employments.xlsx", fuzzing.base_xlsx("employments")[:3000])], preload=True)
# Found by scripts/fuzz-import.py (seed 4): an entry packed with a method zipfile lacks.
@example(files=[("units.xlsx", fuzzing.unsupported_compression(fuzzing.base_xlsx("units")))],
         preload=True)
def test_fuzzed_xlsx_imports_or_is_refused_cleanly(files, preload):
    _assert_holds(files, preload=preload)


@settings(FUZZ, max_examples=60)
@given(files=fuzzing.export_files(), preload=fuzzing.st.booleans())
def test_fuzzed_mixed_exports_import_or_are_refused_cleanly(files, preload):
    _assert_holds(files, preload=preload)


@settings(FUZZ, max_examples=60)
@given(data=fuzzing.st.binary(max_size=2000),
       name=fuzzing.st.sampled_from(["units.csv", "employments.xlsx", "absences.csv"]))
def test_random_bytes_are_refused_with_a_place(data, name):
    _assert_holds([(name, data)], preload=True)


def test_a_failing_import_leaves_stored_rows_exactly_as_they_were():
    """The property's own check: a refused import over stored data changes nothing."""
    fuzzing.load_base()
    before = fuzzing.fingerprint()
    broken = fuzzing.base_csv("employments").replace(b"2020-01-01", b"2020-13-01")
    renamed = fuzzing.base_csv("units").replace(b"Demo Kommune", b"Ny Kommune")

    outcome = fuzzing.check_import([("units.csv", renamed), ("employments.csv", broken)])

    assert outcome.kind == "error" and "employments.csv:2: start_date" in outcome.detail
    assert fuzzing.fingerprint() == before


def test_utf16_and_corrupt_workbooks_are_answered_precisely():
    """Regressions of what the fuzzer found: Excel's "Unicode text" (UTF-16 with a BOM) was
    refused as "not text"; a damaged deflate stream in a workbook crashed the import."""
    utf16 = fuzzing.base_csv("units").decode().replace(";", "\t").encode("utf-16")
    assert fuzzing.check_import([("units.csv", utf16)]).kind == "success"

    outcome = fuzzing.check_import([("units.xlsx", fuzzing.corrupt_deflate(fuzzing.base_xlsx("units")))])
    assert outcome.kind == "error" and outcome.detail.startswith("units.xlsx:1: -: ulæseligt regneark")


@settings(FUZZ, max_examples=40)
@given(files=fuzzing.export_files(), preload=fuzzing.st.booleans())
def test_fuzzed_uploads_never_500_and_errors_are_shown_with_nothing_written(files, preload):
    """The upload page: a success (200), or the problems listed (400) with nothing written."""
    client = Client()
    with transaction.atomic():
        client.force_login(make_user(role="hr", username="hr-fuzz"))
        if preload:
            fuzzing.load_base()
        before = fuzzing.fingerprint()
        uploads = [SimpleUploadedFile(name, data, content_type="application/octet-stream")
                   for name, data in files]
        response = client.post(reverse("imports:upload"), {"files": uploads})
        after = fuzzing.fingerprint()
        transaction.set_rollback(True)
    body = response.content.decode()
    assert response.status_code in (200, 400), response.status_code
    if response.status_code == 400:
        assert "Importen er afvist" in body and after == before
    elif "Import gennemført" not in body:  # the form refused the files (e.g. a wrong name)
        assert "errorlist" in body and after == before

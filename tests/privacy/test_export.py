"""The data subject's export (naervaer/privacy/export.py and `naervaer subject-export`)."""

from __future__ import annotations

import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from pypdf import PdfReader

from naervaer.accounts.models import AuditEvent

KINDS = ["employments", "absences", "spells", "followup_tasks", "spell_facts", "sick_reports",
         "cases", "conversations", "retention_plans", "return_weeks", "case_events",
         "risk_screenings", "case_guests", "incidents", "notices", "user_accounts", "audit_events"]


@pytest.fixture
def exported(held, tmp_path):  # type: ignore[no-untyped-def]
    call_command("subject-export", "P-ANNA", "--out", str(tmp_path / "ud"))
    return tmp_path / "ud"


def test_the_json_holds_a_record_of_every_kind(exported):
    data = json.loads((exported / "P-ANNA.json").read_text(encoding="utf-8"))

    assert data["employee"] == {"employee_id": "P-ANNA", "name": "Anna Andersen"}
    for kind in KINDS:
        assert data[kind], kind
    assert data["person_figures"]["employee_id"] == "P-ANNA"
    assert {row["kind"] for row in data["conversations"]} == {"sygefravaerssamtale", "trivselssamtale"}
    assert "kortere vagter" in data["conversations"][0]["minutes"]
    assert data["user_accounts"][0]["user"] == "anna"
    actions = {(row["action"], row["username"]) for row in data["audit_events"]}
    assert ("view_employee", "leder") in actions       # who looked at her data
    assert ("subject_export", "") in actions           # the export itself (command line)
    # Nothing about anyone else.
    text = json.dumps(data, ensure_ascii=False)
    assert "Ditte" not in text and "P-BO" not in text


def test_the_pdf_is_readable_text_with_the_name(exported):
    text = "\n".join(page.extract_text() for page in PdfReader(exported / "P-ANNA.pdf").pages)
    assert "Oplysninger om Anna Andersen" in text
    for heading in ["Fraværsregistreringer", "Samtaler og referater", "Fastholdelsesplaner",
                    "Hvem har set eller ændret dine oplysninger"]:
        assert heading in text, heading
    assert "kortere vagter" in text


def test_the_export_is_logged(exported):
    event = AuditEvent.objects.get(action="subject_export")
    assert (event.object_type, event.object_id) == ("employee", "P-ANNA")


def test_an_unknown_employee_is_a_clear_error(held, tmp_path):
    with pytest.raises(CommandError, match="Ukendt medarbejder: P-NOBODY"):
        call_command("subject-export", "P-NOBODY", "--out", str(tmp_path))
    assert not list(tmp_path.iterdir())
    assert not AuditEvent.objects.filter(action="subject_export").exists()


def test_the_console_command_exits_non_zero_for_an_unknown_id(held, tmp_path, capsys):
    from naervaer.cli import main

    with pytest.raises(SystemExit) as exit_info:
        main(["subject-export", "P-NOBODY", "--out", str(tmp_path)])
    assert exit_info.value.code != 0
    assert "Ukendt medarbejder" in capsys.readouterr().err

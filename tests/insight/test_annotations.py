"""Leader's comments and time-line notes: who reads, who writes, bad input, audit."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from naervaer.accounts.models import AuditEvent
from naervaer.insight.models import TimelineNote, UnitComment
from naervaer.insight.selectors.annotations import comment_for, timeline_notes

ROLES = ["hr", "leader", "trio", "direktion", "employee", "leader_engly", "nobody"]


def comment_url(unit_id: str, query: str = "?art=month&periode=2024-03") -> str:
    return reverse("unit-comment", args=[unit_id]) + query


def notes_url(unit_id: str) -> str:
    return reverse("timeline-notes", args=[unit_id])


# GET status for each role in ROLES order: everyone who sees the unit reads (a leader
# also sees the sibling units, to compare).
READ = {
    "SOL": [200, 200, 200, 200, 403, 200, 403],
    "ENG": [200, 200, 403, 200, 403, 200, 403],
    "K": [200, 403, 403, 200, 403, 403, 403],
}
# POST status: HR and the leader of the unit write (302 = saved); the rest 403.
WRITE = {
    "SOL": [302, 302, 403, 403, 403, 403, 403],
    "ENG": [302, 403, 403, 403, 403, 302, 403],
}


@pytest.mark.parametrize(("unit_id", "role", "status"),
                         [(u, r, s[i]) for u, s in READ.items() for i, r in enumerate(ROLES)])
def test_reading_follows_unit_scope(client_for, unit_id, role, status):
    assert client_for(role).get(comment_url(unit_id)).status_code == status
    assert client_for(role).get(notes_url(unit_id)).status_code == status


@pytest.mark.parametrize(("unit_id", "role", "status"),
                         [(u, r, s[i]) for u, s in WRITE.items() for i, r in enumerate(ROLES)])
def test_writing_is_for_hr_and_the_units_leader(client_for, unit_id, role, status):
    client = client_for(role)
    response = client.post(comment_url(unit_id), {"art": "month", "periode": "2024-03",
                                                  "tekst": "Ny leder fra marts."})
    assert response.status_code == status
    response = client.post(notes_url(unit_id), {"dato": "2024-03-01", "tekst": "Ny leder"})
    assert response.status_code == status
    written = status == 302
    assert UnitComment.objects.filter(unit__unit_id=unit_id).exists() is written
    assert TimelineNote.objects.filter(unit__unit_id=unit_id).exists() is written


def test_anonymous_is_sent_to_login(client_for):
    assert client_for(None).get(comment_url("SOL")).status_code == 302
    assert client_for(None).post(notes_url("SOL"), {"dato": "2024-03-01", "tekst": "x"}).status_code == 302
    assert not TimelineNote.objects.exists()


def test_one_comment_per_period_editing_replaces_and_is_audited(client_for, org):
    client = client_for("leader")
    page = client.get(comment_url("SOL")).content.decode()
    assert "Skriv ikke helbredsoplysninger eller navne" in page
    client.post(comment_url("SOL"), {"art": "month", "periode": "2024-03", "tekst": "Første"})
    response = client.post(comment_url("SOL"), {"art": "month", "periode": "2024-03",
                                                "tekst": "Anden udgave"}, follow=True)
    assert "Kommentaren er gemt" in response.content.decode()
    assert "Anden udgave" in response.content.decode()
    assert UnitComment.objects.filter(unit=org.sol).count() == 1
    comment = comment_for(org.sol, "month", dt.date(2024, 3, 1))
    assert comment is not None and comment.text == "Anden udgave" and comment.author == org.leader
    # A quarter comment is a separate comment; any month of the quarter finds it.
    client.post(comment_url("SOL"), {"art": "quarter", "periode": "2024-02", "tekst": "Q1"})
    quarter = comment_for(org.sol, "quarter", dt.date(2024, 1, 1))
    assert quarter is not None and quarter.text == "Q1"
    assert quarter.period_start == dt.date(2024, 1, 1)
    actions = list(AuditEvent.objects.filter(object_id="SOL").values_list("action", flat=True))
    assert sorted(actions) == ["comment_create", "comment_create", "comment_update"]
    assert all("Anden" not in str(event.detail) for event in AuditEvent.objects.all())
    # Trio reads the comment but gets no form.
    page = client_for("trio").get(comment_url("SOL")).content.decode()
    assert "Anden udgave" in page and "<textarea" not in page
    # Delete.
    client.post(comment_url("SOL"), {"art": "month", "periode": "2024-03", "handling": "slet"})
    assert comment_for(org.sol, "month", dt.date(2024, 3, 1)) is None
    assert AuditEvent.objects.filter(action="comment_delete").count() == 1


@pytest.mark.parametrize("data", [
    {"art": "month", "periode": "2024-03", "tekst": "   "},
    {"art": "month", "periode": "2024-03", "tekst": "x" * 1001},
    {"art": "month", "periode": "marts", "tekst": "Tekst"},
    {"art": "week", "periode": "2024-03", "tekst": "Tekst"},
    {"art": "month", "periode": "1899-01", "tekst": "Tekst"},
    {"art": "month", "periode": "2024-03", "tekst": "Ring til 010180-1234"},
    {},
])
def test_bad_comment_input_re_renders_with_a_message(client_for, data):
    response = client_for("hr").post(comment_url("SOL"), data)
    assert response.status_code == 200
    assert 'class="error"' in response.content.decode()
    assert not UnitComment.objects.exists()


@pytest.mark.parametrize("query", ["?art=year&periode=2024-13", "?periode=abc", "?art=quarter"])
def test_bad_period_in_the_query_shows_a_message_not_an_error(client_for, query):
    response = client_for("leader").get(comment_url("SOL", query))
    assert response.status_code == 200


def test_timeline_notes_add_list_delete(client_for, org):
    client = client_for("leader")
    response = client.post(notes_url("SOL"), {"dato": "2024-05-01", "tekst": "Ombygning"},
                           follow=True)
    page = response.content.decode()
    assert "Ombygning" in page and "01-05-2024" in page
    client.post(notes_url("SOL"), {"dato": "2023-01-10", "tekst": "Ny leder"})
    notes = list(timeline_notes(org.sol, dt.date(2024, 1, 1), dt.date(2024, 12, 31)))
    assert [note.text for note in notes] == ["Ombygning"]
    assert [n.text for n in timeline_notes(org.sol, None, None)] == ["Ny leder", "Ombygning"]
    # Trio reads, cannot delete.
    note = notes[0]
    page = client_for("trio").get(notes_url("SOL")).content.decode()
    assert "Ombygning" in page and 'name="note"' not in page
    assert client_for("trio").post(notes_url("SOL"), {"handling": "slet", "note": note.pk}).status_code == 403
    # Another leader's note id cannot be deleted through this unit.
    other = TimelineNote.objects.create(unit=org.engly, date=dt.date(2024, 1, 1), text="Engly")
    response = client.post(notes_url("SOL"), {"handling": "slet", "note": other.pk}, follow=True)
    assert "findes ikke" in response.content.decode()
    assert TimelineNote.objects.filter(pk=other.pk).exists()
    client.post(notes_url("SOL"), {"handling": "slet", "note": "abc"})
    client.post(notes_url("SOL"), {"handling": "slet", "note": note.pk})
    assert not TimelineNote.objects.filter(pk=note.pk).exists()
    actions = sorted(AuditEvent.objects.filter(object_id="SOL").values_list("action", flat=True))
    assert actions == ["timeline_note_create", "timeline_note_create", "timeline_note_delete"]


@pytest.mark.parametrize("data", [
    {"dato": "2024-02-30", "tekst": "Ny leder"},
    {"dato": "", "tekst": "Ny leder"},
    {"dato": "2024-02-01", "tekst": ""},
    {"dato": "2024-02-01", "tekst": "x" * 201},
    {"dato": "2024-02-01", "tekst": "CPR 0101801234"},
])
def test_bad_note_input_re_renders_with_a_message(client_for, data):
    response = client_for("hr").post(notes_url("SOL"), data)
    assert response.status_code == 200
    assert 'class="error"' in response.content.decode()
    assert not TimelineNote.objects.exists()

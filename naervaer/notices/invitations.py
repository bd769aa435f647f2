"""Calendar invitations (.ics, iTIP ``METHOD:REQUEST``) for conversation tasks, built with
``icalendar``. A task's invitation has a UID derived from the task's key, so a later
invitation for the same task updates the event in the leader's calendar instead of
adding a second one."""

from __future__ import annotations

import datetime as dt
import hashlib
from email.mime.text import MIMEText
from email.utils import parseaddr
from zoneinfo import ZoneInfo

import icalendar

from naervaer.followup.models import Task

# Actions whose tasks are meetings: the notice carries a proposed calendar entry.
CALENDAR_ACTIONS = frozenset({"conversation", "invitation"})
ZONE = ZoneInfo("Europe/Copenhagen")
MEETING_START = dt.time(10, 0)
MEETING_LENGTH = dt.timedelta(minutes=45)
PRODID = "-//Naervaer//Opfoelgning//DA"


def has_invitation(task: Task) -> bool:
    return task.action in CALENDAR_ACTIONS


def task_uid(task: Task) -> str:
    """Stable per task key (employee, spell, step, repeat), without exposing the
    payroll's employee id."""
    key = f"{task.employee.employee_id}|{task.spell_start.isoformat()}|{task.code}|{task.seq}"
    return f"{hashlib.sha256(key.encode()).hexdigest()[:32]}@naervaer"


def event_summary(task: Task) -> str:
    return f"{task.title} – {task.employee.name}"


def task_invitation(task: Task, *, organizer: str, attendee: str, url: str, now: dt.datetime) -> bytes:
    """The .ics text: one VEVENT on the due date at 10:00 Copenhagen time, 45 minutes,
    summary = task title and employee name. Nothing else about the person."""
    start = dt.datetime.combine(task.due_date, MEETING_START, tzinfo=ZONE)
    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("method", "REQUEST")
    event = icalendar.Event()
    event.add("uid", task_uid(task))
    event.add("sequence", 0)
    event.add("dtstamp", now.astimezone(dt.UTC))
    event.add("dtstart", start)
    event.add("dtend", start + MEETING_LENGTH)
    event.add("summary", event_summary(task))
    event.add("description",
              "Foreslået tidspunkt på opgavens frist. Flyt aftalen, når tidspunktet er aftalt "
              f"med medarbejderen.\nOpgaven i Nærvær: {url}")
    event.add("url", url)
    event.add("status", "CONFIRMED")
    event.add("transp", "OPAQUE")
    _, organizer_address = parseaddr(organizer)
    event.add("organizer", icalendar.vCalAddress(f"mailto:{organizer_address or organizer}"),
              parameters={"CN": "Nærvær"})
    event.add("attendee", icalendar.vCalAddress(f"mailto:{attendee}"),
              parameters={"ROLE": "REQ-PARTICIPANT", "PARTSTAT": "ACCEPTED", "RSVP": "FALSE"})
    calendar.add_component(event)
    calendar.add_missing_timezones(first_date=dt.date(task.due_date.year, 1, 1),
                                   last_date=dt.date(task.due_date.year + 1, 1, 1))
    return bytes(calendar.to_ical())


def invitation_part(ics: bytes, filename: str) -> MIMEText:
    """The attachment: ``text/calendar; method=REQUEST`` so mail clients offer to add it."""
    part = MIMEText(ics.decode("utf-8"), "calendar", "utf-8")
    part.set_param("method", "REQUEST")
    part.add_header("Content-Disposition", "attachment", filename=filename)
    return part

"""The ladder after a violent, threatening or otherwise stressful incident, as the
municipalities describe it: defusing the same day, the leader's call the next day and a
debriefing within 2–5 days. Pure: dates in, dates out."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

DEFUSING = "defusing"
LEADER_CALL = "leader_call"
DEBRIEFING = "debriefing"


@dataclass(frozen=True)
class Rung:
    code: str
    due_offset: int      # days after the incident the step is due
    notice_offset: int   # days after the incident the leader is told


# The debriefing may happen from day 2; the leader hears of it when the window opens.
LADDER = (
    Rung(DEFUSING, 0, 0),
    Rung(LEADER_CALL, 1, 0),
    Rung(DEBRIEFING, 5, 2),
)


def ladder_dates(incident_date: dt.date) -> list[tuple[str, dt.date, dt.date]]:
    """(code, due date, notice date) of each step after an incident on ``incident_date``."""
    return [(rung.code, incident_date + dt.timedelta(days=rung.due_offset),
             incident_date + dt.timedelta(days=rung.notice_offset)) for rung in LADDER]

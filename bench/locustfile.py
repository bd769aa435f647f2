"""Locust users for `bench/load_bench.py` (not run on its own by `make bench`).

Each simulated user logs in through the login form (GET for the CSRF token, POST),
then browses like its role does:

* a leader (``leader``) opens their own unit's page, their own employees' pages and
  the follow-up inbox;
* HR (``hr``) opens any unit, any employee and the inbox of the whole organisation.

Who logs in as whom, and which units and employees each may open, comes from the plan
file `load_bench.py` writes (``LOAD_PLAN``, JSON). Every request's time and outcome is
kept and written to ``LOAD_SAMPLES`` (JSON) when locust quits, so the bench computes
exact percentiles itself. Each unit page is also checked for "half an import"
(`unit_page_problem`); violations are written to the same file, apart from errors.

Users browse only once all ``LOAD_USERS`` have logged in (a gate): the logins are a
burst of their own, measured on their own, and the browsing that follows is 50 users at
their desks. When the gate opens its time is written to ``LOAD_GATE``, from which
`load_bench.py` times the run; each user then reads for one think time before its
first page, as after any page.
"""

from __future__ import annotations

import itertools
import json
import os
import random
import re
import sys
import threading
import time
from pathlib import Path
from typing import Any

import gevent.event
from locust import HttpUser, between, events, task

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _load_check import unit_page_problem  # noqa: E402

PLAN: dict[str, Any] = json.loads(Path(os.environ["LOAD_PLAN"]).read_text()) \
    if os.environ.get("LOAD_PLAN") else {"users": [], "all_units": [], "all_employees": []}
SAMPLES_PATH = os.environ.get("LOAD_SAMPLES", "")
_WAIT = [float(part) for part in os.environ.get("LOAD_WAIT", "1-5").split("-")]

_samples: list[tuple[str, float, bool, float]] = []  # (page type, milliseconds, ok, finished at)
_violations: list[dict[str, str]] = []
_accounts = itertools.cycle(PLAN["users"])
_lock = threading.Lock()
_USERS = int(os.environ.get("LOAD_USERS") or 50)
_GATE_PATH = os.environ.get("LOAD_GATE", "")
_gate = gevent.event.Event()
_logged_in = 0

CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


@events.request.add_listener
def _record(request_type: str, name: str, response_time: float, response_length: int,
            exception: BaseException | None = None, **_: Any) -> None:
    with _lock:
        _samples.append((name, response_time, exception is None, time.time()))


@events.quitting.add_listener
def _dump(environment: Any, **_: Any) -> None:
    if SAMPLES_PATH:
        with _lock:
            Path(SAMPLES_PATH).write_text(json.dumps({"samples": _samples, "violations": _violations}))


def _through_gate() -> None:
    """Wait until every user has logged in (at most ten minutes), then one think time."""
    global _logged_in
    with _lock:
        _logged_in += 1
        if _logged_in >= _USERS and not _gate.is_set():
            if _GATE_PATH:
                # Written aside and renamed: the bench never reads half a number.
                written = Path(_GATE_PATH + ".tmp")
                written.write_text(str(time.time()))
                written.replace(_GATE_PATH)
            _gate.set()
    _gate.wait(timeout=600)
    gevent.sleep(random.uniform(*_WAIT))


class Browser(HttpUser):
    """One person at a desk: a page, a few seconds of reading, the next page."""

    wait_time = between(*_WAIT)

    def on_start(self) -> None:
        with _lock:
            self.account = next(_accounts)
        response = self.client.get("/login/", name="login")
        token = CSRF.search(response.text)
        with self.client.post("/login/", name="login", catch_response=True, allow_redirects=True,
                               data={"username": self.account["username"],
                                     "password": PLAN["password"],
                                     "csrfmiddlewaretoken": token.group(1) if token else ""},
                               headers={"Referer": self.host + "/login/"}) as answer:
            if answer.status_code != 200 or "/login/" in answer.url:
                answer.failure(f"login as {self.account['username']} failed ({answer.status_code})")
        _through_gate()

    def _units(self) -> list[dict[str, Any]]:
        return self.account["units"] if self.account["role"] == "leader" else PLAN["all_units"]

    def _employees(self) -> list[str]:
        return self.account["employees"] if self.account["role"] == "leader" else PLAN["all_employees"]

    @task(5)
    def unit_page(self) -> None:
        unit = random.choice(self._units())
        with self.client.get(f"/enheder/{unit['unit_id']}/", name="unit", catch_response=True) as answer:
            if answer.status_code != 200:
                answer.failure(f"status {answer.status_code}")
                return
            problem = unit_page_problem(answer.text, unit.get("own_days"))
            if problem is not None:
                with _lock:
                    _violations.append({"unit": unit["unit_id"], "problem": problem})

    @task(3)
    def employee_page(self) -> None:
        employees = self._employees()
        if not employees:
            return
        employee_id = random.choice(employees)
        with self.client.get(f"/medarbejdere/{employee_id}/", name="employee",
                             catch_response=True) as answer:
            if answer.status_code != 200:
                answer.failure(f"status {answer.status_code}")

    @task(2)
    def inbox(self) -> None:
        with self.client.get("/opfoelgning/", name="inbox", catch_response=True) as answer:
            if answer.status_code != 200:
                answer.failure(f"status {answer.status_code}")

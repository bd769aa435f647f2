"""``naervaer followup_daily [--as-of DATE]``: the daily job. Runs the follow-up engine
(as ``naervaer followup`` does), opens the cases of long and frequent absence, sends the
notices that have come due, and prints one summary line. Exits non-zero when an e-mail
failed (it is tried again on the next run), so a service manager can report it.

The whole job holds the ``followup_daily`` job lock (``naervaer.notices.joblock``): a
second run started while one is running prints "another run is in progress" and exits
0 without doing anything. Even without the lock nothing is doubled: tasks are stored by
their unique key and every e-mail goes through the outbox under its own key."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from naervaer.cases.services import cases_open_automatically
from naervaer.commandline import date_type
from naervaer.followup.models import FollowupRun
from naervaer.followup.services import followup_run
from naervaer.notices.joblock import JobLocked, job_lock
from naervaer.notices.services import notices_send
from naervaer.strategy.services import meeting_reminders_send
from naervaer.targets.services import targets_daily
from naervaer.wellbeing.services import incident_notices_send

_DATE = date_type()
LOCK_NAME = "followup_daily"


class Command(BaseCommand):
    help = ("The daily follow-up job: run the engine for a day (default today) and send the "
            "notices (advis) that have come due, by e-mail.")

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--as-of", type=_DATE, default=None,
                            help="the day to run for (default: today)")

    def handle(self, *args: Any, **options: Any) -> None:
        as_of: dt.date = options["as_of"] or timezone.localdate()
        try:
            with job_lock(LOCK_NAME):
                self._run(as_of)
        except JobLocked as locked:
            self.stdout.write(f"followup_daily {as_of}: {locked}; this run does nothing")

    def _run(self, as_of: dt.date) -> None:
        run = followup_run(as_of=as_of)
        opened = cases_open_automatically(as_of=as_of)
        notices = notices_send(as_of=as_of)
        reminders = meeting_reminders_send(as_of=as_of)  # TRIO/MED meetings (naervaer.strategy)
        escalations = targets_daily(as_of=as_of)  # quarterly escalation of units above their target
        incident_notices_send(as_of)  # the incident ladder's notices (naervaer.wellbeing)
        latest = FollowupRun.objects.filter(as_of=as_of).order_by("-started_at", "-pk").first()
        if latest is not None:
            latest.notices = notices.sent
            latest.save(update_fields=["notices"])
        self.stdout.write(
            f"followup_daily {as_of}: tasks {run.created} new, {run.updated} changed, "
            f"{run.closed} closed; {len(opened)} cases opened; "
            f"notices {notices.sent} e-mails ({notices.task_mails} task, "
            f"{notices.digests} digest) covering {notices.noticed} task notices, "
            f"{notices.skipped_no_email} skipped (no e-mail address), {notices.errors} failed; "
            f"{reminders.sent} meeting reminders; {len(escalations.created)} unit escalations")
        if notices.errors:
            raise CommandError(f"{notices.errors} e-mail(s) failed (to {', '.join(notices.failed_users)}); "
                               "they are tried again on the next run")

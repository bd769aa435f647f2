"""Writes of the case app. Every write is audit-logged (without any free text: minutes and
agreements stay in the case). Recording a retention plan, an expected return, a high-risk
screening or the employee's request for a plan also stores the matching
``followup.SpellFact``, so the engine's legal duties react at the next daily run."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import polars as pl
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from naervaer.accounts.services import audit_record
from naervaer.cases.agendas import agenda_for
from naervaer.cases.models import (
    PARTICIPANTS,
    RISK_INDICATORS,
    Case,
    CaseEvent,
    CaseGuest,
    CaseOutcome,
    CaseReason,
    CaseStatus,
    Conversation,
    ConversationKind,
    EventKind,
    EventStatus,
    GuestCapacity,
    RetentionPlan,
    ReturnWeek,
    RiskLevel,
    RiskScreening,
)
from naervaer.followup.models import FactKind, SpellFact, Task, TaskStatus
from naervaer.organisation.models import Employee, Unit

LONG_SPELL_DAY = 15          # a spell reaching its 15th calendar day is long
MAX_WEEKLY_HOURS = Decimal(80)


def _audit(user: Any, action: str, case: Case | None, **detail: Any) -> None:
    audit_record(user=user, action=action, object_type="case" if case is not None else "employee",
                 object_id=case.pk if case is not None else detail.get("employee_id", ""),
                 detail={key: str(value) if isinstance(value, dt.date) else value
                         for key, value in detail.items()})


def _fact(case: Case, kind: str, date: dt.date, user: Any, value_date: dt.date | None = None
          ) -> SpellFact | None:
    """The fact for the engine (a case without a spell has none: the duties are per spell)."""
    if case.spell_start is None:
        return None
    fact, _created = SpellFact.objects.get_or_create(
        employee=case.employee, spell_start=case.spell_start, kind=kind, date=date,
        value_date=value_date, defaults={"recorded_by": _user_or_none(user)})
    return fact


def _user_or_none(user: Any) -> Any:
    return user if user is not None and getattr(user, "is_authenticated", False) else None


def _require_open(case: Case) -> None:
    if case.status != CaseStatus.OPEN:
        raise ValidationError(_("Forløbet er afsluttet."), code="closed")


# --- opening and closing -----------------------------------------------------------------

@dataclass(frozen=True)
class Candidate:
    employee_pk: int
    spell_start: dt.date
    unit_pk: int
    reason: str


def _long_spells(spells: pl.DataFrame, as_of: dt.date) -> set[tuple[str, dt.date]]:
    """(employee_id, spell_start) of the spells that reached day 15 by ``as_of``."""
    if spells.is_empty():
        return set()
    last = pl.when(pl.col("is_open")).then(pl.lit(as_of)).otherwise(
        pl.min_horizontal("spell_end", pl.lit(as_of)))
    reached = spells.filter((last - pl.col("spell_start")).dt.total_days() >= LONG_SPELL_DAY - 1)
    return set(reached.select("employee_id", "spell_start").iter_rows())


def case_candidates(as_of: dt.date, spells: pl.DataFrame) -> list[Candidate]:
    """The spells that should have a case on ``as_of``: a long spell with a legal or
    policy task, or a spell with a frequent-absence task (the long reason wins)."""
    long_spells = _long_spells(spells, as_of)
    tasks = (Task.objects.filter(trigger_date__lte=as_of, source__in=["legal", "policy", "frequent"])
             .exclude(status=TaskStatus.NOT_NEEDED)
             .order_by("trigger_date", "pk")
             .values_list("employee_id", "employee__employee_id", "spell_start", "unit_id", "source"))
    found: dict[tuple[int, dt.date], Candidate] = {}
    for employee_pk, employee_id, spell_start, unit_pk, source in tasks:
        key = (employee_pk, spell_start)
        if source == "frequent":
            reason = CaseReason.FREQUENT
        elif (employee_id, spell_start) in long_spells:
            reason = CaseReason.LONG_SPELL
        else:
            continue
        known = found.get(key)
        if known is None or (known.reason == CaseReason.FREQUENT and reason == CaseReason.LONG_SPELL):
            found[key] = Candidate(employee_pk, spell_start, unit_pk, reason)
    return sorted(found.values(), key=lambda c: (c.spell_start, c.employee_pk))


@transaction.atomic
def cases_open_automatically(*, as_of: dt.date, spells: pl.DataFrame | None = None) -> list[Case]:
    """Open a case for every spell that needs one and has none (open or closed): an open
    concern case of the employee without a spell takes the spell instead of a new case.
    Idempotent: running it again for the same data opens nothing. ``spells`` default to
    ``followup.selectors.followup_spells(as_of)``."""
    if spells is None:
        from naervaer.followup.selectors import followup_spells

        spells = followup_spells(as_of)
    existing = set(Case.objects.filter(spell_start__isnull=False)
                   .values_list("employee_id", "spell_start"))
    concern = {case.employee_id: case for case in
               Case.objects.filter(spell_start__isnull=True, status=CaseStatus.OPEN).order_by("opened_at")}
    opened: list[Case] = []
    for candidate in case_candidates(as_of, spells):
        if (candidate.employee_pk, candidate.spell_start) in existing:
            continue
        case = concern.pop(candidate.employee_pk, None)
        if case is not None:
            case.spell_start = candidate.spell_start
            case.save(update_fields=["spell_start"])
            _audit(None, "case_spell_attached", case, spell_start=candidate.spell_start)
        else:
            case = Case.objects.create(employee_id=candidate.employee_pk, unit_id=candidate.unit_pk,
                                       spell_start=candidate.spell_start, opened_at=as_of,
                                       opened_reason=candidate.reason)
            _audit(None, "case_open", case, reason=candidate.reason, spell_start=candidate.spell_start)
        existing.add((candidate.employee_pk, candidate.spell_start))
        opened.append(case)
    return opened


def case_open_concern(*, employee: Employee, unit: Unit, date: dt.date, user: Any) -> Case:
    """A case opened by hand at a concern (bekymring for sygemelding), before any spell."""
    if Case.objects.filter(employee=employee, spell_start__isnull=True, status=CaseStatus.OPEN).exists():
        raise ValidationError(_("Medarbejderen har allerede et åbent forløb ved bekymring."),
                              code="duplicate")
    case = Case.objects.create(employee=employee, unit=unit, spell_start=None, opened_at=date,
                               opened_reason=CaseReason.CONCERN, opened_by=_user_or_none(user))
    _audit(user, "case_open", case, reason=CaseReason.CONCERN)
    return case


def case_close(*, case: Case, outcome: str, date: dt.date, user: Any) -> Case:
    _require_open(case)
    if outcome not in CaseOutcome.values:
        raise ValidationError(_("Vælg et udfald."), code="outcome")
    if date < case.opened_at:
        raise ValidationError(_("Forløbet kan ikke afsluttes før det blev oprettet (%(date)s).")
                              % {"date": case.opened_at.strftime("%d-%m-%Y")}, code="date")
    case.status, case.outcome, case.closed_at = CaseStatus.CLOSED, outcome, date
    case.closed_by = _user_or_none(user)
    case.save(update_fields=["status", "outcome", "closed_at", "closed_by"])
    _audit(user, "case_close", case, outcome=outcome, closed_at=date)
    return case


# --- conversations -----------------------------------------------------------------------

def conversation_record(*, employee: Employee, case: Case | None, date: dt.date, kind: str,
                        participants: Mapping[str, bool], agenda: str = "", minutes: str = "",
                        unit: Unit | None = None, user: Any) -> Conversation:
    """A conversation; without a case only a preventive wellbeing conversation. An empty
    agenda gets the kind's template."""
    if kind not in ConversationKind.values:
        raise ValidationError(_("Ukendt samtaletype."), code="kind")
    if case is None and kind != ConversationKind.WELLBEING:
        raise ValidationError(_("Kun en forebyggende trivselssamtale kan holdes uden et forløb."),
                              code="case_required")
    if case is not None:
        _require_open(case)
        if case.employee_id != employee.pk:
            raise ValidationError(_("Samtalen hører til en anden medarbejder."), code="employee")
        unit = case.unit
    elif unit is None:
        raise ValidationError(_("Vælg den enhed, samtalen holdes i."), code="unit_required")
    flags = {name: bool(participants.get(name, False)) for name, _label in PARTICIPANTS}
    conversation = Conversation.objects.create(
        case=case, employee=employee, unit=unit, date=date, kind=kind, **flags,
        agenda=agenda.strip() or agenda_for(kind), minutes=minutes.strip(),
        recorded_by=_user_or_none(user))
    _audit(user, "conversation_record", case, conversation=conversation.pk, kind=kind, date=date,
           employee_id=employee.employee_id)
    return conversation


def conversation_minutes_save(*, conversation: Conversation, minutes: str, user: Any) -> Conversation:
    """New minutes need to be confirmed again by both."""
    if conversation.case is not None:
        _require_open(conversation.case)
    minutes = minutes.strip()
    if minutes != conversation.minutes:
        conversation.minutes = minutes
        conversation.employee_confirmed_at = conversation.leader_confirmed_at = None
        conversation.leader_confirmed_by = None
        conversation.save(update_fields=["minutes", "employee_confirmed_at", "leader_confirmed_at",
                                         "leader_confirmed_by"])
    _audit(user, "conversation_minutes", conversation.case, conversation=conversation.pk,
           employee_id=conversation.employee.employee_id)
    return conversation


def conversation_confirm(*, conversation: Conversation, side: str, user: Any) -> Conversation:
    """The leader's or the employee's confirmation of the minutes."""
    if not conversation.minutes:
        raise ValidationError(_("Der er intet referat at bekræfte endnu."), code="no_minutes")
    now = timezone.now()
    if side == "leader":
        conversation.leader_confirmed_at, conversation.leader_confirmed_by = now, _user_or_none(user)
        fields = ["leader_confirmed_at", "leader_confirmed_by"]
    elif side == "employee":
        conversation.employee_confirmed_at = now
        fields = ["employee_confirmed_at"]
    else:
        raise ValueError(f"side must be leader or employee, not {side!r}")
    conversation.save(update_fields=fields)
    _audit(user, "conversation_confirm", conversation.case, conversation=conversation.pk, side=side,
           employee_id=conversation.employee.employee_id)
    return conversation


# --- retention plan ----------------------------------------------------------------------

@dataclass(frozen=True)
class WeekInput:
    week_start: dt.date
    planned_hours: Decimal
    actual_hours: Decimal | None = None
    tasks: str = ""


def weeks_check(weeks: Iterable[WeekInput]) -> list[str]:
    """The problems of a return schedule (Danish): hours 0–80, weeks in order, no week twice."""
    problems: list[str] = []
    previous: dt.date | None = None
    for number, week in enumerate(weeks, start=1):
        for label, hours in ((_("planlagte"), week.planned_hours), (_("faktiske"), week.actual_hours)):
            if hours is not None and not Decimal(0) <= hours <= MAX_WEEKLY_HOURS:
                problems.append(_("Uge %(n)d: %(label)s timer skal være mellem 0 og %(max)s.")
                                % {"n": number, "label": label, "max": MAX_WEEKLY_HOURS})
        if previous is not None and week.week_start <= previous:
            problems.append(_("Uge %(n)d: ugerne skal stå i rækkefølge, hver efter den forrige.")
                            % {"n": number})
        previous = week.week_start
    return problems


def next_review(agreed_on: dt.date, every_days: int, today: dt.date) -> dt.date:
    """The first review date (agreed date + k × interval, k ≥ 1) on or after ``today``."""
    every = max(1, every_days)
    if today <= agreed_on:
        return agreed_on + dt.timedelta(days=every)
    periods = -(-(today - agreed_on).days // every)
    return agreed_on + dt.timedelta(days=max(1, periods) * every)


@transaction.atomic
def retention_plan_save(*, case: Case, agreed_on: dt.date, weeks: Iterable[WeekInput],
                        contact: str = "", adjustments: str = "", aids: str = "",
                        section_56: bool = False, mentor: bool = False, work_aids: bool = False,
                        review_every_days: int = 14, user: Any) -> RetentionPlan:
    """Create or replace the case's retention plan and its weekly schedule."""
    _require_open(case)
    weeks = list(weeks)
    problems = weeks_check(weeks)
    if not 1 <= review_every_days <= 91:
        problems.append(_("Opfølgning skal ske mellem hver 1. og hver 91. dag."))
    if problems:
        raise ValidationError(problems, code="plan")
    plan, created = RetentionPlan.objects.update_or_create(case=case, defaults={
        "agreed_on": agreed_on, "contact": contact.strip(), "adjustments": adjustments.strip(),
        "aids": aids.strip(), "section_56": section_56, "mentor": mentor, "work_aids": work_aids,
        "review_every_days": review_every_days, "recorded_by": _user_or_none(user)})
    plan.weeks.all().delete()
    ReturnWeek.objects.bulk_create([
        ReturnWeek(plan=plan, week_start=week.week_start, planned_hours=week.planned_hours,
                   actual_hours=week.actual_hours, tasks=week.tasks.strip()[:300]) for week in weeks])
    if case.spell_start is not None:
        # One plan per spell: the fact follows the plan's agreed date.
        SpellFact.objects.filter(employee=case.employee, spell_start=case.spell_start,
                                 kind=FactKind.RETENTION_PLAN).exclude(date=agreed_on).delete()
        _fact(case, FactKind.RETENTION_PLAN, agreed_on, user)
    _audit(user, "retention_plan_save", case, created=created, agreed_on=agreed_on, weeks=len(weeks))
    return plan


def retention_plan_request(*, case: Case, date: dt.date, user: Any) -> Case:
    """The employee asked for a retention plan (§ 7b: the employer must make one)."""
    _require_open(case)
    case.plan_requested_on = date
    case.save(update_fields=["plan_requested_on"])
    _fact(case, FactKind.RETENTION_PLAN_REQUESTED, date, user)
    _audit(user, "retention_plan_request", case, date=date)
    return case


# --- events and risk ---------------------------------------------------------------------

def event_record(*, case: Case, kind: str, date: dt.date, status: str = EventStatus.ACTIVE,
                 value_date: dt.date | None = None, note: str = "", user: Any) -> CaseEvent:
    _require_open(case)
    if kind not in EventKind.values:
        raise ValidationError(_("Ukendt hændelse."), code="kind")
    if status not in EventStatus.values:
        raise ValidationError(_("Ukendt status."), code="status")
    if kind == EventKind.EXPECTED_RETURN:
        if value_date is None:
            raise ValidationError(_("Angiv den forventede dato for raskmelding."), code="value_date")
        if value_date < date:
            raise ValidationError(_("Den forventede raskmelding kan ikke ligge før registreringen."),
                                  code="value_date")
    event = CaseEvent.objects.create(case=case, kind=kind, date=date, status=status,
                                     value_date=value_date, note=note.strip()[:200],
                                     recorded_by=_user_or_none(user))
    if kind == EventKind.EXPECTED_RETURN:
        _fact(case, FactKind.EXPECTED_RETURN, date, user, value_date=value_date)
    _audit(user, "event_record", case, event=event.pk, kind=kind, status=status, date=date)
    return event


def event_status_set(*, event: CaseEvent, status: str, user: Any) -> CaseEvent:
    _require_open(event.case)
    if status not in EventStatus.values:
        raise ValidationError(_("Ukendt status."), code="status")
    event.status = status
    event.save(update_fields=["status"])
    _audit(user, "event_status", event.case, event=event.pk, status=status)
    return event


def risk_result(answers: Mapping[str, bool]) -> str:
    """Low/medium/high from the indicators: an expected absence over 8 weeks (the legal
    fast-track trigger) or three indicators or more is high, two is medium."""
    yes = sum(1 for name, _question in RISK_INDICATORS if answers.get(name))
    if answers.get("expects_long_absence") or yes >= 3:
        return RiskLevel.HIGH
    return RiskLevel.MEDIUM if yes == 2 else RiskLevel.LOW


def risk_screening_record(*, case: Case, date: dt.date, answers: Mapping[str, bool],
                          user: Any) -> RiskScreening:
    _require_open(case)
    flags = {name: bool(answers.get(name, False)) for name, _question in RISK_INDICATORS}
    screening = RiskScreening.objects.create(case=case, date=date, result=risk_result(flags),
                                             recorded_by=_user_or_none(user), **flags)
    if screening.result == RiskLevel.HIGH:
        _fact(case, FactKind.RISK_HIGH, date, user)
    _audit(user, "risk_screening", case, screening=screening.pk, result=screening.result, date=date)
    return screening


# --- guests -----------------------------------------------------------------------------

def case_guest_invite(*, case: Case, username: str, capacity: str, user: Any) -> CaseGuest:
    """Invite an existing user to read this one case (they see nothing else through it)."""
    from django.contrib.auth import get_user_model

    if capacity not in GuestCapacity.values:
        raise ValidationError(_("Vælg hvem den inviterede er."), code="capacity")
    guest = get_user_model().objects.filter(username=(username or "").strip(), is_active=True).first()
    if guest is None:
        raise ValidationError(_("Der findes ingen aktiv bruger med det brugernavn."), code="user")
    if guest.pk == case.employee_id or CaseGuest.objects.filter(
            case=case, user=guest, revoked_at__isnull=True).exists():
        raise ValidationError(_("Brugeren er allerede inviteret."), code="duplicate")
    invitation = CaseGuest.objects.create(case=case, user=guest, capacity=capacity,
                                          invited_by=_user_or_none(user))
    _audit(user, "case_guest_invite", case, guest=guest.get_username(), capacity=capacity)
    return invitation


def case_guest_revoke(*, invitation: CaseGuest, user: Any) -> None:
    from django.utils import timezone

    invitation.revoked_at = timezone.now()
    invitation.save(update_fields=["revoked_at"])
    _audit(user, "case_guest_revoke", invitation.case, guest=invitation.user.get_username())


def conversation_agenda_send(*, conversation: Conversation, user: Any) -> str:
    """E-mail the agenda to the employee ahead of the conversation (to the address of the
    user linked to the employee); returns the address. Only the agenda, date and kind
    are sent: never minutes or anything else from the case."""
    from django.conf import settings
    from django.core.mail import EmailMultiAlternatives

    from naervaer.accounts.models import Profile

    profile = (Profile.objects.filter(employee=conversation.employee, user__is_active=True)
               .exclude(user__email="").select_related("user").first())
    if profile is None:
        raise ValidationError(_("Medarbejderen har ingen e-mailadresse i Nærvær. Giv dagsordenen "
                                "på papir eller i en besked."), code="no_email")
    subject = _("Dagsorden: %(kind)s %(date)s") % {
        "kind": conversation.get_kind_display(), "date": conversation.date.strftime("%d-%m-%Y")}
    body = _("Dagsorden til vores samtale den %(date)s:\n\n%(agenda)s\n") % {
        "date": conversation.date.strftime("%d-%m-%Y"), "agenda": conversation.agenda}
    EmailMultiAlternatives(subject, body, settings.DEFAULT_FROM_EMAIL, [profile.user.email]).send()
    from django.utils import timezone

    conversation.agenda_sent_at = timezone.now()
    conversation.save(update_fields=["agenda_sent_at"])
    _audit(user, "conversation_agenda_send", conversation.case, conversation=conversation.pk)
    return str(profile.user.email)

"""Writes of the leader's comments and time-line notes. Every write checks who may write
(defence in depth: the views check first) and records an audit event; the audit detail
holds the period or date, never the free text."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.models import AnonymousUser, User
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from naervaer.accounts.services import audit_record
from naervaer.insight.models import TEXT_MAX, PeriodKind, TimelineNote, UnitComment
from naervaer.insight.selectors.annotations import can_annotate, period_start_of
from naervaer.organisation.models import Unit

NOTE_MAX = TimelineNote._meta.get_field("text").max_length or 200

UserLike = User | AnonymousUser


def _require_writer(user: UserLike, unit: Unit) -> None:
    if not can_annotate(user, unit):
        raise PermissionDenied(_("Du kan ikke skrive kommentarer for denne enhed."))


def _clean_text(text: str, limit: int) -> str:
    text = (text or "").strip()
    if not text:
        raise ValidationError(_("Skriv en tekst."), code="required")
    if len(text) > limit:
        raise ValidationError(_("Højst %(limit)d tegn."), code="max_length",
                              params={"limit": limit})
    return text


@transaction.atomic
def unit_comment_save(*, user: UserLike, unit: Unit, kind: str, month: dt.date,
                      text: str) -> UnitComment:
    """Save the comment on ``unit`` for the month or quarter containing ``month``; an
    existing comment for that period is replaced."""
    _require_writer(user, unit)
    if kind not in PeriodKind.values:
        raise ValidationError(_("Ukendt periodetype."), code="kind")
    text = _clean_text(text, TEXT_MAX)
    start = period_start_of(kind, month)
    author = user if user.is_authenticated else None
    comment, created = UnitComment.objects.update_or_create(
        unit=unit, period_kind=kind, period_start=start,
        defaults={"text": text, "author": author})
    audit_record(user=user, action="comment_create" if created else "comment_update",
                 object_type="unit", object_id=unit.unit_id,
                 detail={"period_kind": kind, "period_start": start.isoformat(),
                         "comment": comment.pk})
    return comment


@transaction.atomic
def unit_comment_delete(*, user: UserLike, unit: Unit, kind: str, month: dt.date) -> bool:
    """Delete the comment for the period containing ``month``; False when there was none."""
    _require_writer(user, unit)
    start = period_start_of(kind, month)
    deleted, _rows = UnitComment.objects.filter(unit=unit, period_kind=kind,
                                                period_start=start).delete()
    if deleted:
        audit_record(user=user, action="comment_delete", object_type="unit",
                     object_id=unit.unit_id,
                     detail={"period_kind": kind, "period_start": start.isoformat()})
    return bool(deleted)


@transaction.atomic
def timeline_note_add(*, user: UserLike, unit: Unit, date: dt.date, text: str) -> TimelineNote:
    _require_writer(user, unit)
    text = _clean_text(text, NOTE_MAX)
    author = user if user.is_authenticated else None
    note = TimelineNote.objects.create(unit=unit, date=date, text=text, author=author)
    audit_record(user=user, action="timeline_note_create", object_type="unit",
                 object_id=unit.unit_id, detail={"note": note.pk, "date": date.isoformat()})
    return note


@transaction.atomic
def timeline_note_delete(*, user: UserLike, unit: Unit, note_id: int) -> bool:
    """Delete one of ``unit``'s notes; False when the unit has no such note."""
    _require_writer(user, unit)
    note = TimelineNote.objects.filter(unit=unit, pk=note_id).first()
    if note is None:
        return False
    date = note.date
    note.delete()
    audit_record(user=user, action="timeline_note_delete", object_type="unit",
                 object_id=unit.unit_id, detail={"note": note_id, "date": date.isoformat()})
    return True

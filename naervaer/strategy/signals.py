"""Signals other apps listen to, so strategy does not import them.

``plan_revised`` is sent after a leader or TRIO saves a unit's action plan (text,
status or revision date); targets uses it to close the escalation task "write or
revise the action plan" for that unit.
"""

from django.dispatch import Signal

# Sent with sender=ActionPlan, plan=<ActionPlan>, user=<user or None>, at=<datetime>.
plan_revised = Signal()

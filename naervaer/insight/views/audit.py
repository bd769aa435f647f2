"""Page under construction."""

from naervaer.insight.views._stub import not_yet

audit_log = not_yet

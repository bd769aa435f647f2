"""Page under construction."""

from naervaer.insight.views._stub import not_yet

unit_comment = not_yet
timeline_notes = not_yet

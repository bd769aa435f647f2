"""Page under construction."""

from naervaer.insight.views._stub import not_yet

unit_report = not_yet

"""Page under construction."""

from naervaer.insight.views._stub import not_yet

team_days = not_yet
staffing_ladder = not_yet

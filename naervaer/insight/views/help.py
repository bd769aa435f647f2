"""Page under construction."""

from naervaer.insight.views._stub import not_yet

help_page = not_yet

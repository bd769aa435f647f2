"""Page under construction."""

from naervaer.insight.views._stub import not_yet

watchlist = not_yet

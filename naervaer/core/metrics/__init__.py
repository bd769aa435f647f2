"""Absence metrics (spec/metrics.md) on Polars frames: no Django, no I/O, no "today"."""

from naervaer.core.metrics.config import MetricsConfig
from naervaer.core.metrics.persons import FrequentAbsenceTrigger, person_figures
from naervaer.core.metrics.table import OUTPUT_COLUMNS, group_table

__all__ = ["OUTPUT_COLUMNS", "FrequentAbsenceTrigger", "MetricsConfig", "group_table",
           "person_figures"]

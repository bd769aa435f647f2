"""Sent inside the import's transaction after its rows are written, so that other apps
(follow-up's sick reports) can bring their own records in line without the importer
knowing them."""

from django.dispatch import Signal

# sender: the ImportBatch class; kwargs: counts (the import's counts per table)
import_written = Signal()

"""Synthetic demo municipality: organisation, employments and absence records.

Pure and vectorised (numpy + polars, no Django). ``generate`` builds three data
frames in the shape of the import format (``docs/demo-model.md`` describes the
model and its parameters); ``write_csv`` writes them as ``units.csv``,
``employments.csv`` and ``absences.csv``.

The same ``(employees, years, seed, end_date)`` always gives identical frames and
byte-identical files. Nothing loops per employee, employment, absence or day; the
Python loops are per unit, per staff group, per absence type, per year or per
"generation" of successive occupants of a position.

``employees`` is the number of *positions* (the headcount on any given day, up
to a few percent); with turnover, the files hold more distinct people than that.

Modules, in the order ``generate`` uses them: ``parameters`` (the tables and rates),
``organisation`` (units and positions), ``people`` (people and employments),
``absences`` (+ ``ferie``, ``spells``, ``overlaps``), ``frames`` (the output frames),
``export`` (``write_csv``); ``calibration`` summarises generated data.
"""

from __future__ import annotations

from .calibration import calibration
from .export import write_csv
from .frames import DemoData
from .generation import generate
from .parameters import ABSENCE_TYPES

__all__ = ["DemoData", "generate", "write_csv", "calibration", "ABSENCE_TYPES"]

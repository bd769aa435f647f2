"""Payroll exports built in code, in the shape Danish payroll systems write them."""

from __future__ import annotations

from pathlib import Path

UNITS = """unit_id;name;parent_id;unit_type
K;Demo Kommune;;kommune
F1;Ældre og Sundhed;K;forvaltning
O1;Område Øst;F1;område
T1;Plejecenter Solgården;O1;afdeling
T2;Hjemmeplejen Nord;O1;afdeling
"""

EMPLOYMENTS = """employment_id;employee_id;name;unit_id;staff_group;weekly_hours;start_date;end_date;birth_year;gender;hourly_cost
A1;P1;Søs Ærø;T1;Social- og sundhedsassistent;32,5;01-01-2020;;1975;K;245,50
A2;P2;Bo Øgaard;T2;Social- og sundhedshjælper;37;01.03.2021;31-12-2024;1990;M;230
A3;P2;Bo Øgaard;T1;Social- og sundhedshjælper;37;01-01-2025;;1990;M;230
"""

ABSENCES = """absence_id;employment_id;type;start_date;end_date;degree;hours;bemærkning
;A1;egen_sygdom;02-01-2024;05-01-2024;;;forkølet
;A1;ferie;01-07-2024;19-07-2024;;;
;A1;egen_sygdom;01-10-2024;;50;;
;A2;barns_sygdom;15-01-2024;15-01-2024;;7,4;
"""


def write_export(folder: Path, *, units: str = UNITS, employments: str = EMPLOYMENTS,
                 absences: str = ABSENCES, encoding: str = "cp1252") -> Path:
    """Write the three tables as a Windows-1252, semicolon, DD-MM-YYYY export."""
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in (("units", units), ("employments", employments), ("absences", absences)):
        if text is not None:
            (folder / f"{name}.csv").write_bytes(text.replace("\n", "\r\n").encode(encoding))
    return folder

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
"""

from __future__ import annotations

import datetime as dt
import math
import pathlib
from dataclasses import dataclass

import holidays
import numpy as np
import polars as pl

__all__ = ["DemoData", "generate", "write_csv", "calibration", "ABSENCE_TYPES"]

EPOCH = dt.date(1970, 1, 1)
ABSENCE_TYPES = (
    "egen_sygdom",
    "graviditet",
    "arbejdsskade",
    "barns_sygdom",
    "barsel",
    "ferie",
    "andet",
)
T_SICK, T_GRAV, T_ARB, T_BARN, T_BARSEL, T_FERIE, T_ANDET = range(7)

UNIT_COLUMNS = ["unit_id", "name", "parent_id", "unit_type"]
EMPLOYMENT_COLUMNS = [
    "employment_id", "employee_id", "name", "unit_id", "staff_group", "weekly_hours",
    "start_date", "end_date", "birth_year", "gender", "hourly_cost",
]
ABSENCE_COLUMNS = ["absence_id", "employment_id", "type", "start_date", "end_date", "degree", "hours"]


@dataclass(frozen=True)
class DemoData:
    units: pl.DataFrame
    employments: pl.DataFrame
    absences: pl.DataFrame


# --------------------------------------------------------------------------- parameters


@dataclass(frozen=True)
class StaffGroup:
    name: str
    sick_rate: float  # expected egen_sygdom spells per year for an average person
    long_mult: float  # multiplier on the probability of spells of 15+ days
    hours: tuple[float, ...]  # weekly hours values ...
    hours_p: tuple[float, ...]  # ... and their probabilities
    female: float  # share of women
    cost: float  # mean hourly cost, DKK
    turnover: float  # employments ending per year (leavers + transfers)


STAFF_GROUPS: tuple[StaffGroup, ...] = (
    StaffGroup("Social- og sundhedshjælper", 2.15, 1.85,
               (37, 32, 30, 28, 25), (.25, .30, .25, .12, .08), .88, 232, .17),
    StaffGroup("Social- og sundhedsassistent", 1.95, 1.65,
               (37, 34, 32, 30), (.40, .15, .30, .15), .88, 258, .14),
    StaffGroup("Sygeplejerske", 1.55, 1.20, (37, 32, 30), (.60, .30, .10), .93, 318, .12),
    StaffGroup("Terapeut", 1.40, 1.00, (37, 32), (.75, .25), .80, 298, .11),
    StaffGroup("Pædagog", 1.90, 1.30, (37, 34, 32, 30), (.45, .20, .25, .10), .80, 272, .12),
    StaffGroup("Pædagogmedhjælper", 2.00, 1.30, (37, 32, 30, 25), (.30, .30, .25, .15), .75, 214, .18),
    StaffGroup("Lærer", 1.45, 1.10, (37, 32), (.85, .15), .68, 312, .10),
    StaffGroup("Administrativ medarbejder", 1.25, 0.95, (37, 32, 30), (.80, .15, .05), .78, 262, .10),
    StaffGroup("Akademiker", 1.05, 0.75, (37, 32), (.92, .08), .55, 342, .11),
    StaffGroup("Håndværker", 1.45, 1.15, (37,), (1.0,), .08, 268, .09),
    StaffGroup("Leder", 0.95, 0.80, (37,), (1.0,), .70, 392, .08),
)
G = {g.name: i for i, g in enumerate(STAFF_GROUPS)}
LEDER = G["Leder"]

# Forvaltninger: id, name, share of positions, area kinds (kind, område name, share)
FORVALTNINGER = (
    ("F1", "Ældre og Sundhed", 0.42, (
        ("pleje", "Plejecentre", 0.40),
        ("hjemmepleje", "Hjemmeplejen", 0.30),
        ("sundhed", "Sundhed og Rehabilitering", 0.12),
        ("handicap", "Handicap og Psykiatri", 0.18),
    )),
    ("F2", "Børn og Unge", 0.40, (
        ("dagtilbud", "Dagtilbud", 0.55),
        ("skole", "Skoler", 0.45),
    )),
    ("F3", "Teknik og Administration", 0.18, (
        ("administration", "Administration", 0.55),
        ("teknik", "Teknik og Miljø", 0.45),
    )),
)

_HOUSES = ("Solgården", "Egebakken", "Lindegården", "Rosenhaven", "Birkely", "Bøgehøj", "Fjordbo",
           "Kastaniegården", "Skovly", "Åhaven", "Møllehaven", "Engbo", "Humlebo", "Toftegården",
           "Vibegården", "Søbakken", "Lærkely", "Granly", "Kildevang", "Ryttergården")
_AREAS = ("Nord", "Syd", "Øst", "Vest", "Midt", "Centrum", "Land", "By", "Kyst", "Å-dalen")
_FLOWERS = ("Mælkebøtten", "Regnbuen", "Solsikken", "Mariehønen", "Troldebo", "Spiren", "Bikuben",
            "Myretuen", "Kastanjen", "Ellebo", "Valmuen", "Humlebien", "Krudtuglen", "Skovmusen",
            "Fuglereden", "Kløverengen", "Abildgården", "Tusindfryd")
_SCHOOLS = ("Solbakke", "Nørre", "Vester", "Øster", "Sønder", "Bakke", "Skov", "Kilde", "Humle",
            "Lunde", "Mølle", "Strand", "Hede", "Eng", "Ådals", "Bøge")
_STREETS = ("Lærkevej", "Egely", "Kløvervang", "Toften", "Bakkehuset", "Stjernen", "Fyrrehøj",
            "Kornvej", "Havrevang", "Lyngbo", "Nøddehegnet", "Pilehuset")

_CARE_MIX = {"Social- og sundhedshjælper": .45, "Social- og sundhedsassistent": .35,
             "Sygeplejerske": .12, "Terapeut": .08}
# leaf kinds: (name template, place pool, staff-group mix); several templates per kind
LEAF_KINDS: dict[str, tuple[tuple[str, tuple[str, ...], dict[str, float]], ...]] = {
    "pleje": (("Plejecenter {}", _HOUSES, _CARE_MIX),),
    "hjemmepleje": (("Hjemmeplejen {}", _AREAS + _HOUSES, {
        "Social- og sundhedshjælper": .55, "Social- og sundhedsassistent": .30,
        "Sygeplejerske": .10, "Terapeut": .05}),),
    "sundhed": (
        ("Sygeplejen {}", _AREAS, {"Sygeplejerske": .70, "Social- og sundhedsassistent": .30}),
        ("Træning og Rehabilitering {}", _AREAS, {"Terapeut": .70, "Social- og sundhedsassistent": .20,
                                                  "Sygeplejerske": .10}),
    ),
    "handicap": (
        ("Botilbud {}", _STREETS, {"Social- og sundhedsassistent": .50, "Social- og sundhedshjælper": .35,
                                   "Sygeplejerske": .08, "Terapeut": .07}),
        ("Bofællesskabet {}", _STREETS, {"Social- og sundhedsassistent": .45,
                                         "Social- og sundhedshjælper": .45, "Terapeut": .10}),
    ),
    "dagtilbud": (
        ("Børnehuset {}", _FLOWERS, {"Pædagog": .60, "Pædagogmedhjælper": .40}),
        ("Vuggestuen {}", _FLOWERS, {"Pædagog": .55, "Pædagogmedhjælper": .45}),
    ),
    "skole": (("{}skolen", _SCHOOLS, {"Lærer": .75, "Pædagog": .15, "Pædagogmedhjælper": .10}),),
    "administration": tuple(
        (n + "{}", ("",), {"Administrativ medarbejder": .65, "Akademiker": .35})
        for n in ("Løn og Personale", "Økonomi", "Borgerservice", "IT og Digitalisering",
                  "Jura og Sekretariat", "HR og Arbejdsmiljø", "Indkøb og Udbud", "Kommunikation")
    ),
    "teknik": (
        ("Vej og Park{}", ("",), {"Håndværker": .80, "Administrativ medarbejder": .10, "Akademiker": .10}),
        ("Byggeri og Miljø{}", ("",), {"Akademiker": .60, "Administrativ medarbejder": .30,
                                        "Håndværker": .10}),
        ("Ejendomsservice{}", ("",), {"Håndværker": .75, "Administrativ medarbejder": .25}),
        ("Natur og Vand{}", ("",), {"Akademiker": .50, "Håndværker": .35, "Administrativ medarbejder": .15}),
        ("Plan og Byg{}", ("",), {"Akademiker": .65, "Administrativ medarbejder": .35}),
    ),
}

FIRST_K = ("Anne", "Mette", "Kirsten", "Hanne", "Helle", "Susanne", "Lene", "Maria", "Marianne", "Camilla",
           "Louise", "Pia", "Charlotte", "Tina", "Gitte", "Bente", "Lone", "Karen", "Julie", "Sofie",
           "Ida", "Emma", "Laura", "Christina", "Rikke", "Maja", "Signe", "Line", "Katrine", "Malene",
           "Birgit", "Inge", "Dorthe", "Jette", "Heidi", "Trine", "Sara", "Nanna", "Amalie", "Freja")
FIRST_M = ("Peter", "Michael", "Lars", "Jens", "Thomas", "Henrik", "Søren", "Christian", "Martin",
           "Jan", "Morten", "Niels", "Anders", "Rasmus", "Jesper", "Mads", "Kim", "Hans", "Per",
           "Ole", "Frederik", "Mikkel", "Jonas", "Kasper", "Jakob", "Bo", "Torben", "Brian", "Simon",
           "Emil", "Lasse", "Claus", "Kenneth", "Poul", "Erik", "Steen")
LAST = ("Nielsen", "Jensen", "Hansen", "Pedersen", "Andersen", "Christensen", "Larsen", "Sørensen",
        "Rasmussen", "Jørgensen", "Petersen", "Madsen", "Kristensen", "Olsen", "Thomsen",
        "Christiansen", "Poulsen", "Johansen", "Møller", "Mortensen", "Knudsen", "Jakobsen",
        "Mikkelsen", "Olesen", "Frederiksen", "Laursen", "Henriksen", "Lund", "Holm", "Schmidt",
        "Eriksen", "Kristiansen", "Simonsen", "Clausen", "Svendsen", "Andreasen", "Iversen",
        "Østergaard", "Jeppesen", "Vestergaard", "Nissen", "Lauridsen", "Kjær", "Jespersen",
        "Mogensen", "Nørgaard", "Jepsen", "Frandsen", "Søndergaard", "Bach", "Dahl", "Skov",
        "Ahmed", "Hussein", "Kowalski", "Nguyen")
# Zipf-like popularity: the common Danish surnames dominate
_LAST_P = 1.0 / np.arange(1, len(LAST) + 1) ** 0.8
_LAST_P /= _LAST_P.sum()

LEAF_MEAN = 60  # employees per leaf unit
LEAVES_PER_GROUP = 5  # leaves per område (or teams per afdeling)
TEAM_LEVEL_FROM = 150  # leaves per forvaltning above which a team level is added
AFD_PER_OMR = 8
TRANSFER_SHARE = 0.20  # share of employment ends (not retirements) that are internal transfers
SECOND_JOB_P = 0.025  # part-timers (<= 32 h) with a second concurrent part-time employment
HIGH_UNIT_SHARE = 0.07  # leaf units with clearly high absence ...
HIGH_UNIT_MULT = 1.65  # ... and their multiplier
UNIT_SIGMA = 0.15  # log-sd of the ordinary unit multiplier
FRAILTY_SHAPE = 4.0  # gamma shape of the person-level frailty (mean 1)
SICK_SCALE = 0.9  # global multiplier on sick spell rates

# sick spell length bands (calendar days) and base probabilities
SICK_BANDS = ((1, 3), (4, 14), (15, 56), (57, 300))
SICK_BAND_P = (0.69, 0.20, 0.075, 0.035)
MONTH_SICK = (1.35, 1.40, 1.25, 1.00, 0.90, 0.80, 0.65, 0.80, 0.95, 1.05, 1.10, 1.10)
DOW_SICK = (1.55, 1.10, 1.00, 0.95, 0.85, 0.30, 0.30)  # Monday .. Sunday
MONTH_CHILD = (1.45, 1.45, 1.30, 1.00, 0.85, 0.70, 0.40, 0.70, 0.95, 1.05, 1.15, 1.20)

_OPEN = np.int64(1 << 40)  # sentinel end for "still running at end_date"


# --------------------------------------------------------------------------- helpers


def _day(x: dt.date) -> int:
    return (x - EPOCH).days


def _jan1(year: np.ndarray) -> np.ndarray:
    """Day number of 1 January of each year (vectorised)."""
    return (np.asarray(year, dtype=np.int64) - 1970).astype("datetime64[Y]").astype("datetime64[D]").astype(
        np.int64
    )


def _years_before(d: dt.date, years: int) -> dt.date:
    try:
        return d.replace(year=d.year - years)
    except ValueError:  # 29 February
        return d.replace(year=d.year - years, day=28)


def _largest_remainder(weights: np.ndarray, total: int) -> np.ndarray:
    w = np.asarray(weights, dtype=float)
    raw = w / w.sum() * total
    out = np.floor(raw).astype(np.int64)
    rest = total - int(out.sum())
    if rest > 0:
        order = np.lexsort((np.arange(len(w)), -(raw - out)))
        out[order[:rest]] += 1
    return out


def _choice(rng: np.random.Generator, p: np.ndarray, n: int) -> np.ndarray:
    return rng.choice(len(p), size=n, p=np.asarray(p, dtype=float) / np.sum(p))


def _prev_end_same_group(grp: np.ndarray, end: np.ndarray) -> np.ndarray:
    """For rows sorted by group: max ``end`` over the earlier rows of the same group (-1 if none)."""
    key = grp.astype(np.int64) * (1 << 42) + end.astype(np.int64)
    cm = np.maximum.accumulate(key)
    prev = np.empty_like(cm)
    prev[0] = -1
    prev[1:] = cm[:-1]
    same = (prev >= 0) & ((prev >> 42) == grp)
    return np.where(same, prev & ((1 << 42) - 1), -1)


def _resolve(emp: np.ndarray, s: np.ndarray, e: np.ndarray) -> np.ndarray:
    """Keep-mask: drop each interval that overlaps any earlier-starting one of the same employment.

    The kept intervals of one employment are pairwise disjoint (each starts after every earlier end).
    """
    if len(emp) == 0:
        return np.zeros(0, dtype=bool)
    order = np.lexsort((e, s, emp))
    prev = _prev_end_same_group(emp[order], e[order])
    keep_sorted = s[order] > prev
    keep = np.empty(len(emp), dtype=bool)
    keep[order] = keep_sorted
    return keep


def _overlaps_fixed(emp, s, e, femp, fs, fe) -> np.ndarray:
    """For each candidate: does it overlap one of the fixed intervals (disjoint per employment)?"""
    if len(femp) == 0 or len(emp) == 0:
        return np.zeros(len(emp), dtype=bool)
    m = np.int64(1 << 42)
    fkey = femp.astype(np.int64) * m + fs
    order = np.argsort(fkey, kind="stable")
    fkey, femp, fe = fkey[order], femp[order], fe[order]
    idx = np.searchsorted(fkey, emp.astype(np.int64) * m + e, side="right") - 1
    ok = idx >= 0
    idx = np.clip(idx, 0, None)
    return ok & (femp[idx] == emp) & (fe[idx] >= s)


def _place_starts(rng, day_cum: np.ndarray, a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Sample one start day per row in [a, b] (period-relative indices) with the given day weights."""
    lo = day_cum[a]
    hi = day_cum[b + 1]
    u = lo + rng.random(len(a)) * (hi - lo)
    d = np.searchsorted(day_cum, u, side="right") - 1
    return np.clip(d, a, b)


def _log_uniform_int(rng, lo: int, hi: int, n: int) -> np.ndarray:
    x = np.exp(rng.uniform(math.log(lo), math.log(hi + 1), n))
    return np.clip(np.floor(x).astype(np.int64), lo, hi)


# --------------------------------------------------------------------------- organisation


@dataclass
class _Org:
    units: pl.DataFrame
    leaf_unit_row: np.ndarray  # leaf index -> row in units
    leaf_kind: np.ndarray  # leaf index -> kind code
    leaf_forv: np.ndarray
    leaf_mix: np.ndarray  # leaf index -> mix id
    mixes: list[np.ndarray]  # mix id -> probability vector over staff groups
    kinds: list[str]
    omr_unit_row: np.ndarray  # område index -> row in units
    omr_forv: np.ndarray
    omr_kind: np.ndarray


def _build_org(rng: np.random.Generator, employees: int) -> tuple[_Org, np.ndarray, np.ndarray]:
    """Units plus the initial positions (slot -> leaf or område, slot -> staff group)."""
    ids: list[str] = ["K"]
    names: list[str] = ["Demo Kommune"]
    parents: list[str | None] = [None]
    types: list[str] = ["kommune"]
    kinds: list[str] = []
    mixes: list[np.ndarray] = []
    mix_of: dict[tuple[str, int], int] = {}
    leaf_rows: list[int] = []
    leaf_kind: list[int] = []
    leaf_forv: list[int] = []
    leaf_mix: list[int] = []
    omr_rows: list[int] = []
    omr_forv: list[int] = []
    omr_kind: list[int] = []
    leaf_sizes: list[np.ndarray] = []
    omr_leader_idx: list[int] = []  # områder that get a leader position of their own
    counters: dict[str, int] = {}

    n_forv = _largest_remainder(np.array([f[2] for f in FORVALTNINGER]), employees)
    for fi, (fid, fname, _share, area_kinds) in enumerate(FORVALTNINGER):
        ids.append(fid)
        names.append(fname)
        parents.append("K")
        types.append("forvaltning")
        n_f = int(n_forv[fi])
        n_leaves = max(1, round(n_f / LEAF_MEAN))
        team_level = n_leaves > TEAM_LEVEL_FROM
        n_groups = max(1, round(n_leaves / LEAVES_PER_GROUP))  # leaf parents (områder or afdelinger)
        n_omr = max(1, round(n_groups / AFD_PER_OMR)) if team_level else n_groups
        n_omr = min(n_omr, n_groups)
        omr_by_kind = _largest_remainder(np.array([k[2] for k in area_kinds]), n_omr)
        # at least one område per kind when there is room
        for k in range(len(area_kinds)):
            if omr_by_kind[k] == 0 and omr_by_kind.max() > 1:
                omr_by_kind[np.argmax(omr_by_kind)] -= 1
                omr_by_kind[k] += 1
        omr_kind_list = np.repeat(np.arange(len(area_kinds)), omr_by_kind)
        # leaf parents distributed over områder, leaves over leaf parents
        groups_per_omr = _largest_remainder(np.ones(n_omr), n_groups) if team_level else np.ones(n_omr, int)
        leaves_per_group = _largest_remainder(np.ones(n_groups), n_leaves)
        leaves_per_group = np.maximum(leaves_per_group, 1)
        omr_leader = n_f >= 20 * n_omr
        n_leaf_slots = n_f - (n_omr if omr_leader else 0)
        gi = 0
        area_counter: dict[int, int] = {}
        for oi in range(n_omr):
            kcode_local = int(omr_kind_list[oi])
            kind, area_name, _ = area_kinds[kcode_local]
            if kind not in kinds:
                kinds.append(kind)
            kcode = kinds.index(kind)
            ac = area_counter.get(kcode_local, 0)
            area_counter[kcode_local] = ac + 1
            suffix = _AREAS[ac % len(_AREAS)] + (f" {ac // len(_AREAS) + 1}" if ac >= len(_AREAS) else "")
            oid = f"{fid}-O{oi + 1}"
            ids.append(oid)
            names.append(f"{area_name} {suffix}")
            parents.append(fid)
            types.append("område")
            omr_rows.append(len(ids) - 1)
            omr_forv.append(fi)
            omr_kind.append(kcode)
            for ai in range(int(groups_per_omr[oi])):
                n_l = int(leaves_per_group[gi])
                gi += 1
                if team_level:
                    afd_name, mix_id = _leaf_name(kind, counters, mix_of, mixes)
                    aid = f"{oid}-A{ai + 1}"
                    ids.append(aid)
                    names.append(afd_name)
                    parents.append(oid)
                    types.append("afdeling")
                    for ti in range(n_l):
                        ids.append(f"{aid}-T{ti + 1}")
                        names.append(f"{afd_name}, Team {ti + 1}")
                        parents.append(aid)
                        types.append("team")
                        leaf_rows.append(len(ids) - 1)
                        leaf_kind.append(kcode)
                        leaf_forv.append(fi)
                        leaf_mix.append(mix_id)
                else:
                    for _ in range(n_l):
                        lname, mix_id = _leaf_name(kind, counters, mix_of, mixes)
                        ids.append(f"{oid}-A{_next(counters, oid)}")
                        names.append(lname)
                        parents.append(oid)
                        types.append("afdeling")
                        leaf_rows.append(len(ids) - 1)
                        leaf_kind.append(kcode)
                        leaf_forv.append(fi)
                        leaf_mix.append(mix_id)
        n_leaves_f = sum(1 for f in leaf_forv if f == fi)
        w = rng.uniform(0.55, 1.45, n_leaves_f)
        leaf_sizes.append(_largest_remainder(w, max(n_leaf_slots, 0)))
        if omr_leader:
            omr_leader_idx.extend(range(len(omr_rows) - n_omr, len(omr_rows)))

    org = _Org(
        units=pl.DataFrame(
            {"unit_id": ids, "name": names, "parent_id": parents, "unit_type": types},
            schema={"unit_id": pl.String, "name": pl.String, "parent_id": pl.String, "unit_type": pl.String},
        ),
        leaf_unit_row=np.array(leaf_rows, dtype=np.int64),
        leaf_kind=np.array(leaf_kind, dtype=np.int64),
        leaf_forv=np.array(leaf_forv, dtype=np.int64),
        leaf_mix=np.array(leaf_mix, dtype=np.int64),
        mixes=mixes,
        kinds=kinds,
        omr_unit_row=np.array(omr_rows, dtype=np.int64),
        omr_forv=np.array(omr_forv, dtype=np.int64),
        omr_kind=np.array(omr_kind, dtype=np.int64),
    )
    # positions: leaves first (forvaltning by forvaltning), then område leaders.
    sizes = np.concatenate(leaf_sizes)
    slot_leaf = np.repeat(np.arange(len(sizes)), sizes)
    first_in_leaf = np.zeros(len(slot_leaf), dtype=bool)
    starts = np.concatenate([[0], np.cumsum(sizes)[:-1]])
    first_in_leaf[starts[sizes >= 8]] = True
    slot_group = np.empty(len(slot_leaf), dtype=np.int64)
    mix_of_slot = org.leaf_mix[slot_leaf]
    for mid, p in enumerate(mixes):
        sel = np.flatnonzero(mix_of_slot == mid)
        slot_group[sel] = _choice(rng, p, len(sel))
    slot_group[first_in_leaf] = LEDER
    # område leaders are encoded as unit row with negative leaf index: -(1 + område index)
    omr_slot_idx = np.array(omr_leader_idx, dtype=np.int64)
    slot_place = np.concatenate([slot_leaf, -(1 + omr_slot_idx)])
    slot_group = np.concatenate([slot_group, np.full(len(omr_slot_idx), LEDER)])
    return org, slot_place, slot_group


def _next(counters: dict[str, int], key: str) -> int:
    counters[key] = counters.get(key, 0) + 1
    return counters[key]


def _leaf_name(kind: str, counters: dict[str, int], mix_of: dict, mixes: list) -> tuple[str, int]:
    templates = LEAF_KINDS[kind]
    j = _next(counters, "kind:" + kind) - 1
    ti = j % len(templates)
    tmpl, pool, mix = templates[ti]
    k = j // len(templates)
    x = pool[k % len(pool)]
    cycle = k // len(pool)
    name = tmpl.format(x) + (f" {cycle + 1}" if cycle else "")
    if (kind, ti) not in mix_of:
        p = np.zeros(len(STAFF_GROUPS))
        for g, share in mix.items():
            p[G[g]] = share
        mix_of[(kind, ti)] = len(mixes)
        mixes.append(p / p.sum())
    return name, mix_of[(kind, ti)]


# --------------------------------------------------------------------------- people and employments


def _draw_hours(rng, group: np.ndarray) -> np.ndarray:
    out = np.empty(len(group), dtype=np.float64)
    for gi, g in enumerate(STAFF_GROUPS):
        sel = np.flatnonzero(group == gi)
        if len(sel):
            out[sel] = np.asarray(g.hours, dtype=float)[_choice(rng, np.array(g.hours_p), len(sel))]
    return out


def _draw_cost(rng, group: np.ndarray) -> np.ndarray:
    mean = np.array([g.cost for g in STAFF_GROUPS])[group]
    return np.round(np.clip(mean * rng.lognormal(0.0, 0.07, len(group)), 180, 460), 2)


def _tenure_days(rng, group: np.ndarray) -> np.ndarray:
    """Days until an employment ends (leaving or transfer); early quits within the first year."""
    h = np.array([g.turnover for g in STAFF_GROUPS])[group]
    base = rng.exponential(1.0, len(group)) / h * 365.25
    early = rng.random(len(group)) < 0.10
    short = rng.uniform(30, 365, len(group))
    return np.floor(np.where(early, short, base + 30)).astype(np.int64)


def _new_people(rng, group: np.ndarray, age_at: np.ndarray, at_day: np.ndarray) -> dict[str, np.ndarray]:
    n = len(group)
    female_p = np.array([g.female for g in STAFF_GROUPS])[group]
    female = rng.random(n) < female_p
    year = (at_day.astype("datetime64[D]").astype("datetime64[Y]").astype(np.int64) + 1970)
    return {
        "female": female,
        "birth_year": year - age_at,
        "frailty": rng.gamma(FRAILTY_SHAPE, 1.0 / FRAILTY_SHAPE, n),
        "first": np.where(female, rng.integers(0, len(FIRST_K), n), rng.integers(0, len(FIRST_M), n)),
        "last": _choice(rng, _LAST_P, n),
        "last2": np.where(rng.random(n) < 0.12, _choice(rng, _LAST_P, n), -1),
    }


def _build_employments(rng, org: _Org, slot_place: np.ndarray, slot_group: np.ndarray, p0: int, p1: int):
    n_slots = len(slot_place)
    # leaves of each kind, for transfers
    kind_leaves = [np.flatnonzero(org.leaf_kind == k) for k in range(len(org.kinds))]

    people: list[dict[str, np.ndarray]] = []
    n_people = 0
    emp_parts: list[dict[str, np.ndarray]] = []

    # generation 0: the people in post at the start of the period
    age0 = np.clip(np.round(rng.normal(44.5, 11.0, n_slots)), 21, 66).astype(np.int64)
    pp = _new_people(rng, slot_group, age0, np.full(n_slots, p0))
    people.append(pp)
    person = np.arange(n_slots, dtype=np.int64)
    n_people = n_slots
    birth = pp["birth_year"]
    h = np.array([g.turnover for g in STAFF_GROUPS])[slot_group]
    elapsed = np.floor(rng.exponential(1.0, n_slots) / h * 365.25).astype(np.int64)
    career = _jan1(birth + 20) + 212  # ~ 1 August of the year they turn 20
    start = np.maximum(p0 - elapsed, np.minimum(career, p0))
    end = p0 + np.floor(rng.exponential(1.0, n_slots) / h * 365.25).astype(np.int64)
    place = slot_place.copy()
    hours = _draw_hours(rng, slot_group)
    slot = np.arange(n_slots, dtype=np.int64)
    group = slot_group.copy()

    while len(slot):
        retire = _jan1(birth + 67) + 30
        retired = retire <= end
        end = np.minimum(end, retire)
        emp_parts.append({"slot": slot, "person": person, "place": place, "group": group, "hours": hours,
                          "start": start, "end": end})
        ended = end < p1
        slot, person, place, group, hours, end, birth, retired = (
            x[ended] for x in (slot, person, place, group, hours, end, birth, retired)
        )
        n = len(slot)
        if n == 0:
            break
        transfer = (~retired) & (place >= 0) & (rng.random(n) < TRANSFER_SHARE)
        # transfers: same person, same position, another leaf of the same kind
        new_place = place.copy()
        tk = np.flatnonzero(transfer)
        if len(tk):
            kind = org.leaf_kind[place[tk]]
            for k in np.unique(kind):
                sel = tk[kind == k]
                cand = kind_leaves[k]
                if len(cand) > 1:
                    pick = cand[rng.integers(0, len(cand) - 1, len(sel))]
                    # skip over the current leaf (uniform over the others)
                    pick = np.where(pick >= place[sel], cand[np.minimum(np.searchsorted(cand, pick) + 1,
                                                                        len(cand) - 1)], pick)
                    new_place[sel] = pick
                else:
                    transfer[sel] = False
        gap = 7 + rng.geometric(1 / 30, n)
        new_start = np.where(transfer, end + 1, end + 1 + gap)
        # new people for the positions that are not transfers
        hire = ~transfer
        hi = np.flatnonzero(hire)
        age_h = np.clip(np.round(20 + rng.gamma(2.2, 7.0, len(hi))), 20, 60).astype(np.int64)
        nh = _new_people(rng, group[hi], age_h, new_start[hi])
        people.append(nh)
        new_person = person.copy()
        new_person[hi] = n_people + np.arange(len(hi))
        n_people += len(hi)
        new_birth = birth.copy()
        new_birth[hi] = nh["birth_year"]
        new_hours = hours.copy()
        new_hours[hi] = _draw_hours(rng, group[hi])
        new_end = new_start + _tenure_days(rng, group)
        ok = new_start <= p1
        slot, person, place, group, hours, start, end, birth = (
            x[ok] for x in (slot, new_person, new_place, group, new_hours, new_start, new_end, new_birth)
        )

    emp = {k: np.concatenate([p[k] for p in emp_parts]) for k in emp_parts[0]}
    ppl = {k: np.concatenate([p[k] for p in people]) for k in people[0]}
    emp["second_of"] = np.full(len(emp["slot"]), -1, dtype=np.int64)
    emp["cost"] = _draw_cost(rng, emp["group"])

    # a few people with a second, concurrent part-time employment in another unit
    a = np.maximum(emp["start"], p0)
    b = np.minimum(emp["end"], p1)
    elig = np.flatnonzero((emp["hours"] <= 32) & (emp["place"] >= 0) & (b - a >= 180))
    pick = elig[rng.random(len(elig)) < SECOND_JOB_P]
    if len(pick):
        kind = org.leaf_kind[emp["place"][pick]]
        new_place = emp["place"][pick].copy()
        for k in np.unique(kind):
            sel = np.flatnonzero(kind == k)
            cand = kind_leaves[k]
            new_place[sel] = cand[rng.integers(0, len(cand), len(sel))]
        s2 = a[pick] + np.floor(rng.random(len(pick)) * (b[pick] - a[pick]) / 2).astype(np.int64)
        second = {
            "slot": np.full(len(pick), -1, dtype=np.int64),
            "person": emp["person"][pick],
            "place": new_place,
            "group": emp["group"][pick],
            "hours": np.array([6.0, 8.0, 10.0, 12.0])[rng.integers(0, 4, len(pick))],
            "start": s2,
            "end": emp["end"][pick],
            "second_of": pick,
            "cost": emp["cost"][pick],
        }
        emp = {k: np.concatenate([emp[k], second[k]]) for k in emp}
    return emp, ppl


# --------------------------------------------------------------------------- absences


def _day_weights(p0: int, p1: int, month_f, dow_f, holiday_f: float) -> np.ndarray:
    days = np.arange(p0, p1 + 1, dtype=np.int64)
    month = days.astype("datetime64[D]").astype("datetime64[M]").astype(np.int64) % 12
    dow = (days + 3) % 7
    w = np.asarray(month_f)[month] * np.asarray(dow_f)[dow]
    first_year = (days[0].astype("datetime64[D]").astype("datetime64[Y]").astype(np.int64)) + 1970
    last_year = (days[-1].astype("datetime64[D]").astype("datetime64[Y]").astype(np.int64)) + 1970
    hol = holidays.country_holidays("DK", years=range(int(first_year), int(last_year) + 1))
    hd = np.array(sorted(_day(d) for d in hol), dtype=np.int64)
    hd = hd[(hd >= p0) & (hd <= p1)]
    w[hd - p0] *= holiday_f
    cum = np.zeros(len(w) + 1)
    cum[1:] = np.cumsum(w)
    return cum


def _poisson_rows(rng, rate_per_year: np.ndarray, a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Employment index repeated by a Poisson number of events over its exposure [a, b]."""
    n = rng.poisson(np.maximum(rate_per_year, 0) * (b - a + 1) / 365.25)
    return np.repeat(np.arange(len(a)), n)


def _build_absences(rng, emp: dict, ppl: dict, unit_mult: np.ndarray, p0: int, p1: int):
    prim = np.flatnonzero(emp["second_of"] < 0)
    a = np.maximum(emp["start"], p0) - p0  # period-relative exposure
    b = np.minimum(emp["end"], p1) - p0
    ongoing = emp["end"] >= p1  # end null in the output
    P = p1 - p0
    person = emp["person"]
    group = emp["group"]
    female = ppl["female"][person]
    birth = ppl["birth_year"][person]
    age_mid = (p0 + p1) / 2 / 365.25 + 1970 - birth  # age in mid-period
    frailty = ppl["frailty"][person]
    umult = unit_mult

    sick_cum = _day_weights(p0, p1, MONTH_SICK, DOW_SICK, 0.3)
    weekday_cum = _day_weights(p0, p1, [1.0] * 12, (1, 1, 1, 1, 1, 0, 0), 0.0)
    child_cum = _day_weights(p0, p1, MONTH_CHILD, (1.3, 1.0, 1.0, 1.0, 0.9, 0, 0), 0.0)
    flat_cum = _day_weights(p0, p1, [1.0] * 12, (1, 1, 1, 1, 1, 1, 1), 1.0)

    parts: list[tuple[np.ndarray, ...]] = []  # (emp, type, start, end, degree)

    def add(rows, typ, s, length, deg=None):
        e = s + length - 1
        over = e > b[rows]
        # beyond the employment's last day: clipped; beyond end_date with an ongoing employment: open
        open_ = over & ongoing[rows] & (typ != T_FERIE)
        e = np.where(over, b[rows], e)
        e = np.where(open_, _OPEN, e)
        d = np.full(len(rows), 100, dtype=np.int64) if deg is None else deg
        parts.append((rows.astype(np.int64), np.full(len(rows), typ, dtype=np.int64), s, e, d))

    pa, pb = a[prim], b[prim]
    # ---- egen_sygdom
    g_rate = np.array([g.sick_rate for g in STAFF_GROUPS])[group]
    g_long = np.array([g.long_mult for g in STAFF_GROUPS])[group]
    age_rate = np.where(age_mid < 30, 1.15, 1.0)
    sex_rate = np.where(female, 1.08, 0.90)
    rate = SICK_SCALE * g_rate * frailty * umult * age_rate * sex_rate
    rows = prim[_poisson_rows(rng, rate[prim], pa, pb)]
    s = _place_starts(rng, sick_cum, a[rows], b[rows])
    lm = g_long[rows] * np.clip(1 + 0.025 * (age_mid[rows] - 45), 0.6, 1.6) * np.sqrt(umult[rows])
    bp = np.array(SICK_BAND_P)
    p_long = bp[None, 2:] * lm[:, None]
    p_mid = bp[1] * np.sqrt(lm)
    p_short = np.maximum(1 - p_long.sum(1) - p_mid, 0.3)
    cum = np.cumsum(np.column_stack([p_short, p_mid, p_long]), axis=1)
    band = (rng.random(len(rows))[:, None] * cum[:, -1:] > cum).sum(1)
    length = np.empty(len(rows), dtype=np.int64)
    sel = band == 0
    length[sel] = _choice(rng, np.array([.46, .31, .23]), int(sel.sum())) + 1
    for bi in (1, 2, 3):
        sel = band == bi
        lo, hi = SICK_BANDS[bi]
        length[sel] = _log_uniform_int(rng, lo, hi, int(sel.sum()))
    add(rows, T_SICK, s, length)

    # ---- arbejdsskade (care staff and craftsmen more)
    risky = np.isin(group, [G["Social- og sundhedshjælper"], G["Social- og sundhedsassistent"],
                            G["Håndværker"], G["Pædagogmedhjælper"]])
    rows = prim[_poisson_rows(rng, np.where(risky, 0.06, 0.015)[prim], pa, pb)]
    s = _place_starts(rng, weekday_cum, a[rows], b[rows])
    band = _choice(rng, np.array([.6, .3, .1]), len(rows))
    length = np.where(band == 0, rng.integers(1, 6, len(rows)),
                      np.where(band == 1, rng.integers(6, 31, len(rows)), rng.integers(31, 121, len(rows))))
    add(rows, T_ARB, s, length)

    # ---- barns_sygdom (1-2 days, parents of young children)
    parent_rate = np.where((age_mid >= 25) & (age_mid <= 47), np.where(female, 0.65, 0.45), 0.05)
    rows = prim[_poisson_rows(rng, parent_rate[prim], pa, pb)]
    s = _place_starts(rng, child_cum, a[rows], b[rows])
    add(rows, T_BARN, s, 1 + (rng.random(len(rows)) < 0.4).astype(np.int64))

    # ---- andet (omsorgsdage, velfærdsdage, tjenestefri)
    rows = prim[_poisson_rows(rng, np.full(len(pa), 0.14), pa, pb)]
    s = _place_starts(rng, weekday_cum, a[rows], b[rows])
    length = np.where(rng.random(len(rows)) < 0.7, 1, rng.integers(2, 6, len(rows)))
    add(rows, T_ANDET, s, length)
    n_other = len(parts)

    # ---- pregnancies: graviditet (some) followed by barsel; fathers' barsel
    mother_rate = np.where(female & (age_mid >= 24) & (age_mid <= 42),
                           np.where((age_mid >= 27) & (age_mid <= 36), 0.09, 0.04), 0.0)
    rows = prim[_poisson_rows(rng, mother_rate[prim], pa, pb)]
    bs = _place_starts(rng, flat_cum, a[rows], b[rows])
    blen = rng.integers(250, 366, len(rows))
    grav = (rng.random(len(rows)) < 0.45)
    glen = rng.integers(14, 91, len(rows))
    gs = bs - glen
    gsel = grav & (gs >= a[rows])
    preg_parts_start = len(parts)
    add(rows, T_BARSEL, bs, blen)
    add(rows[gsel], T_GRAV, gs[gsel], glen[gsel])
    father_rate = np.where(~female & (age_mid >= 25) & (age_mid <= 47), 0.05, 0.0)
    rows = prim[_poisson_rows(rng, father_rate[prim], pa, pb)]
    s = _place_starts(rng, weekday_cum, a[rows], b[rows])
    length = np.where(rng.random(len(rows)) < 0.55, 14, rng.integers(15, 78, len(rows)))
    add(rows, T_BARSEL, s, length)

    # ---- resolve overlaps: pregnancy records first, then the others, then ferie
    def cat(ps):
        if not ps:
            z = np.zeros(0, dtype=np.int64)
            return z, z, z, z, z
        return tuple(np.concatenate([p[i] for p in ps]) for i in range(5))

    def eff(e):
        return np.minimum(e, P)

    pe, pt, ps_, pe_end, pdg = cat(parts[preg_parts_start:])
    keep = _resolve(pe, ps_, eff(pe_end))
    preg = tuple(x[keep] for x in (pe, pt, ps_, pe_end, pdg))
    oe, ot, os_, oe_end, odg = cat(parts[:n_other])
    keep = ~_overlaps_fixed(oe, os_, eff(oe_end), preg[0], preg[2], eff(preg[3]))
    oe, ot, os_, oe_end, odg = (x[keep] for x in (oe, ot, os_, oe_end, odg))
    keep = _resolve(oe, os_, eff(oe_end))
    other = tuple(x[keep] for x in (oe, ot, os_, oe_end, odg))
    fixed = tuple(np.concatenate([preg[i], other[i]]) for i in range(5))

    # ---- ferie, as payroll sends it: summer block, autumn week, winter week
    parts.clear()
    y0 = (np.int64(p0).astype("datetime64[D]").astype("datetime64[Y]").astype(np.int64)) + 1970
    y1 = (np.int64(p1).astype("datetime64[D]").astype("datetime64[Y]").astype(np.int64)) + 1970
    blocks = (  # (weeks, probabilities, taken with prob, length in weeks (3 or 2 for summer))
        ((26, 27, 28, 29, 30), (.10, .22, .30, .26, .12), 0.95, "summer"),
        ((40, 41, 42, 43), (.10, .15, .60, .15), 0.35, "week"),
        ((7, 8, 52), (.45, .25, .30), 0.35, "week"),
    )
    for year in range(int(y0), int(y1) + 1):
        for weeks, wp, take, kind in blocks:
            wk = np.asarray(weeks)[_choice(rng, np.asarray(wp), len(pa))]
            mondays = np.array([_day(dt.date.fromisocalendar(year, int(w), 1)) for w in weeks],
                               dtype=np.int64)
            monday = mondays[np.searchsorted(np.asarray(weeks), wk)] - p0
            if kind == "summer":
                n_weeks = np.where(rng.random(len(pa)) < 0.8, 3, 2)
            else:
                n_weeks = np.ones(len(pa), dtype=np.int64)
            taken = (rng.random(len(pa)) < take) & (monday >= pa) & (monday <= pb)
            r = prim[taken]
            add(r, T_FERIE, monday[taken], n_weeks[taken] * 7 - 2)
    fe, ft, fs, fe_end, fdg = cat(parts)
    keep = ~_overlaps_fixed(fe, fs, eff(fe_end), fixed[0], fixed[2], eff(fixed[3]))
    fe, ft, fs, fe_end, fdg = (x[keep] for x in (fe, ft, fs, fe_end, fdg))
    keep = _resolve(fe, fs, eff(fe_end))
    ferie = tuple(x[keep] for x in (fe, ft, fs, fe_end, fdg))

    ae, at, as_, aend, adg = (np.concatenate([fixed[i], ferie[i]]) for i in range(5))
    ahours = np.full(len(ae), np.nan)

    # ---- partial sick leave: some long spells end with a partial return, a few are partial throughout
    e_eff = eff(aend)
    span = e_eff - as_ + 1
    long_ = (at == T_SICK) & (span >= 15)
    u = rng.random(len(ae))
    whole = long_ & (u < 0.08)
    adg = np.where(whole, np.array([50, 50, 60, 75])[rng.integers(0, 4, len(ae))], adg)
    split = long_ & (u >= 0.08) & (u < 0.40)
    cut = as_ + np.floor(span * rng.uniform(0.45, 0.8, len(ae))).astype(np.int64)  # first day of part 2
    split &= (cut > as_) & (cut <= e_eff)
    si = np.flatnonzero(split)
    deg2 = np.array([25, 50, 50, 50, 75])[rng.integers(0, 5, len(si))]
    tail = (ae[si], at[si], cut[si], aend[si], deg2, ahours[si])
    aend = np.where(split, cut - 1, aend)
    ae, at, as_, aend, adg, ahours = (np.concatenate([x, t]) for x, t in
                                      zip((ae, at, as_, aend, adg, ahours), tail, strict=True))

    # ---- payroll hours on some one-day records ("went home sick")
    shift = np.isin(group[ae], [G["Social- og sundhedshjælper"], G["Social- og sundhedsassistent"],
                                G["Pædagogmedhjælper"], G["Sygeplejerske"]])
    one_day = (at == T_SICK) & (aend == as_) & shift & (adg == 100)
    hsel = one_day & (rng.random(len(ae)) < 0.06)
    norm = emp["hours"][ae] / 5
    hrs = np.round(rng.uniform(0.2, 0.8, len(ae)) * norm * 4) / 4
    ahours = np.where(hsel, np.maximum(hrs, 0.5), ahours)

    # ---- second jobs share the absence records of the main employment (clipped to their dates)
    sec = np.flatnonzero(emp["second_of"] >= 0)
    if len(sec):
        main_to_sec = np.full(len(emp["slot"]), -1, dtype=np.int64)
        main_to_sec[emp["second_of"][sec]] = sec
        tgt = main_to_sec[ae]
        m = tgt >= 0
        idx = np.flatnonzero(m)
        t = tgt[idx]
        s2, e2 = a[t], b[t]
        cs = np.maximum(as_[idx], s2)
        ce = np.where(aend[idx] == _OPEN, _OPEN, np.minimum(aend[idx], e2))
        ok = (cs <= np.minimum(ce, P)) & (as_[idx] <= e2)
        idx, t, cs, ce = idx[ok], t[ok], cs[ok], ce[ok]
        hrs2 = np.where(np.isnan(ahours[idx]), np.nan,
                        np.round(ahours[idx] * emp["hours"][t] / emp["hours"][ae[idx]] * 4) / 4)
        hrs2 = np.where(hrs2 <= 0, 0.25, hrs2)
        ae, at, as_, aend, adg, ahours = (
            np.concatenate([x, y]) for x, y in zip(
                (ae, at, as_, aend, adg, ahours), (t, at[idx], cs, ce, adg[idx], hrs2), strict=True)
        )
    return ae, at, as_ + p0, np.where(aend == _OPEN, -1, aend + p0), adg, ahours


# --------------------------------------------------------------------------- public API


def _fmt_id(prefix: str, values: np.ndarray, width: int, largest: int) -> pl.Series:
    """``prefix`` + zero-padded number; the width fits ``largest`` so that all ids of a kind align."""
    w = max(width, len(str(largest)))
    digits = pl.Series(values, dtype=pl.Int64).cast(pl.String).str.zfill(w)
    return pl.select(pl.lit(prefix, dtype=pl.String) + digits).to_series()


def generate(*, employees: int = 3000, years: int = 3, seed: int = 1, end_date: dt.date) -> DemoData:
    """Generate the demo municipality.

    ``employees`` positions (headcount on a given day), ``years`` whole years of absence
    ending at ``end_date`` (end_date 2026-10-31, years 3: absences from 2023-11-01).
    """
    if employees < 10:
        raise ValueError("employees must be at least 10")
    if years < 1:
        raise ValueError("years must be at least 1")
    rng = np.random.Generator(np.random.PCG64([seed, employees, years, end_date.toordinal()]))
    p1 = _day(end_date)
    p0 = _day(_years_before(end_date, years)) + 1

    org, slot_place, slot_group = _build_org(rng, employees)
    emp, ppl = _build_employments(rng, org, slot_place, slot_group, p0, p1)

    n_leaves = len(org.leaf_unit_row)
    leaf_mult = rng.lognormal(0.0, UNIT_SIGMA, n_leaves)
    leaf_mult = np.where(rng.random(n_leaves) < HIGH_UNIT_SHARE, leaf_mult * HIGH_UNIT_MULT, leaf_mult)
    place = emp["place"]
    unit_mult = np.where(place >= 0, leaf_mult[np.maximum(place, 0)], 0.9)
    unit_row = np.where(place >= 0, org.leaf_unit_row[np.maximum(place, 0)],
                        org.omr_unit_row[np.maximum(-place - 1, 0)])

    ae, at, as_, aend, adg, ahours = _build_absences(rng, emp, ppl, unit_mult, p0, p1)

    # ---- employments frame: people numbered in order of appearance, employments by person and start
    order = np.lexsort((emp["second_of"] >= 0, emp["start"], emp["person"]))
    emp_id_of = np.empty(len(order), dtype=np.int64)
    emp_id_of[order] = np.arange(1, len(order) + 1)
    person = emp["person"][order]
    names = _names(ppl)
    unit_ids = org.units["unit_id"]
    employments = pl.DataFrame({
        "employment_id": _fmt_id("A", np.arange(1, len(order) + 1), 7, len(order)),
        "employee_id": _fmt_id("P", person + 1, 6, int(person.max(initial=0)) + 1),
        "name": names.gather(person),
        "unit_id": unit_ids.gather(unit_row[order]),
        "staff_group": pl.Series([g.name for g in STAFF_GROUPS], dtype=pl.String).gather(emp["group"][order]),
        "weekly_hours": emp["hours"][order].astype(np.float64),
        "start_date": pl.Series(emp["start"][order].astype(np.int32)).cast(pl.Date),
        "end_date": _nullable_date(emp["end"][order], emp["end"][order] >= p1),
        "birth_year": pl.Series(ppl["birth_year"][person], dtype=pl.Int64),
        "gender": pl.Series(np.where(ppl["female"][person], "K", "M"), dtype=pl.String),
        "hourly_cost": emp["cost"][order].astype(np.float64),
    })

    # ---- absences frame, sorted by employment and start
    eid = emp_id_of[ae]
    aorder = np.lexsort((at, as_, eid))
    eid, at, as_, aend, adg, ahours = (x[aorder] for x in (eid, at, as_, aend, adg, ahours))
    absences = pl.DataFrame({
        "absence_id": _fmt_id("F", np.arange(1, len(eid) + 1), 8, len(eid)),
        "employment_id": _fmt_id("A", eid, 7, len(order)),
        "type": pl.Series(ABSENCE_TYPES, dtype=pl.String).gather(at),
        "start_date": pl.Series(as_.astype(np.int32)).cast(pl.Date),
        "end_date": _nullable_date(aend, aend < 0),
        "degree": pl.Series(adg, dtype=pl.Int64),
        "hours": pl.Series(ahours, dtype=pl.Float64, nan_to_null=True),
    })
    return DemoData(units=org.units, employments=employments, absences=absences)


def _nullable_date(days: np.ndarray, is_null: np.ndarray) -> pl.Series:
    s = pl.Series(np.where(is_null, 0, days).astype(np.int32)).cast(pl.Date)
    return pl.select(pl.when(pl.Series(~is_null)).then(s).otherwise(None)).to_series()


def _names(ppl: dict[str, np.ndarray]) -> pl.Series:
    first = pl.Series(FIRST_K + FIRST_M, dtype=pl.String).gather(
        np.where(ppl["female"], ppl["first"], ppl["first"] + len(FIRST_K)))
    last_s = pl.Series(LAST, dtype=pl.String)
    last = last_s.gather(ppl["last"])
    has2 = ppl["last2"] >= 0
    last2 = last_s.gather(np.maximum(ppl["last2"], 0))
    return pl.select(
        pl.when(pl.Series(has2) & (last2 != last))
        .then(first + " " + last2 + " " + last)
        .otherwise(first + " " + last)
    ).to_series().alias("name")


def write_csv(data: DemoData, out_dir: pathlib.Path) -> list[pathlib.Path]:
    """Write ``units.csv``, ``employments.csv`` and ``absences.csv`` (import format) into ``out_dir``."""
    out_dir = pathlib.Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    paths = []
    for name, frame, cols in (
        ("units", data.units, UNIT_COLUMNS),
        ("employments", data.employments, EMPLOYMENT_COLUMNS),
        ("absences", data.absences, ABSENCE_COLUMNS),
    ):
        path = out_dir / f"{name}.csv"
        frame.select(cols).write_csv(path, separator=",", null_value="", date_format="%Y-%m-%d",
                                     include_header=True, line_terminator="\n", quote_style="necessary")
        paths.append(path)
    return paths


# --------------------------------------------------------------------------- calibration


def calibration(data: DemoData, start: dt.date, end: dt.date) -> pl.DataFrame:
    """Rough sick-absence figures per forvaltning and in total, for the window [start, end].

    Weekdays only (public holidays are ignored); possible hours are net of ferie; an open
    absence runs to ``end``. Columns: forvaltning, headcount, sick_pct, sick_days_per_employee,
    share_without_pct, top5_share_pct.
    """
    w0, w1 = _day(start), _day(end)
    e = data.employments
    es = e["start_date"].cast(pl.Int32).to_numpy().astype(np.int64)
    ee = e["end_date"].cast(pl.Int32).fill_null(w1).to_numpy().astype(np.int64)
    s0, s1 = np.maximum(es, w0), np.minimum(ee, w1)
    active = s0 <= s1
    bd = np.where(active, np.busday_count(s0.astype("datetime64[D]"), (np.maximum(s1, s0 - 1) + 1)
                                          .astype("datetime64[D]")), 0)
    norm = e["weekly_hours"].to_numpy() / 5
    ab = data.absences.join(
        e.select("employment_id", pl.int_range(pl.len()).alias("row")), on="employment_id", how="left"
    )
    row = ab["row"].to_numpy()
    a0 = np.maximum(ab["start_date"].cast(pl.Int32).to_numpy().astype(np.int64), w0)
    a1 = np.minimum(ab["end_date"].cast(pl.Int32).fill_null(w1).to_numpy().astype(np.int64), w1)
    ok = a0 <= a1
    abd = np.where(ok, np.busday_count(a0.astype("datetime64[D]"),
                                       (np.maximum(a1, a0 - 1) + 1).astype("datetime64[D]")), 0)
    hrs = abd * norm[row] * ab["degree"].to_numpy() / 100
    given = ab["hours"].to_numpy()
    hrs = np.where(np.isnan(given) | ~ok, hrs, np.where(ok, given, 0))
    typ = ab["type"].to_numpy()
    sick = np.isin(typ, ["egen_sygdom", "graviditet"])
    ferie = typ == "ferie"
    n = len(e)
    sick_h = np.bincount(row[sick], weights=hrs[sick], minlength=n)
    ferie_h = np.bincount(row[ferie], weights=hrs[ferie], minlength=n)
    poss = bd * norm - ferie_h
    frame = pl.DataFrame({
        "forvaltning": e["unit_id"].str.split("-").list.first(),
        "employee_id": e["employee_id"],
        "active": active,
        "possible": poss,
        "sick": sick_h,
    }).filter(pl.col("active"))
    per_person = frame.group_by("forvaltning", "employee_id").agg(
        pl.col("sick").sum(), pl.col("possible").sum()
    )

    def summarise(df: pl.DataFrame, label: str) -> dict:
        per = df.group_by("employee_id").agg(pl.col("sick").sum(), pl.col("possible").sum())
        sick_sorted = np.sort(per["sick"].to_numpy())[::-1]
        k = max(1, math.ceil(0.05 * len(sick_sorted)))
        total = sick_sorted.sum()
        return {
            "forvaltning": label,
            "headcount": len(per),
            "sick_pct": 100 * total / max(per["possible"].sum(), 1e-9),
            "sick_days_per_employee": total / 7.4 / max(len(per), 1),
            "share_without_pct": 100 * float((per["sick"] <= 0).sum()) / len(per) if len(per) else 0.0,
            "top5_share_pct": 100 * sick_sorted[:k].sum() / total if total > 0 else 0.0,
        }

    rows = [summarise(per_person.filter(pl.col("forvaltning") == f), f)
            for f in sorted(per_person["forvaltning"].unique().to_list())]
    rows.append(summarise(frame, "*"))
    return pl.DataFrame(rows)

"""Parameters of the demo municipality: staff groups, forvaltninger, unit and person names, rates.

``docs/demo-model.md`` describes the model these numbers feed.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

ABSENCE_TYPES = (
    "egen_sygdom",
    "graviditet",
    "arbejdsskade",
    "barns_sygdom",
    "barsel",
    "ferie",
    "andet",
)
# absence type codes: index into ABSENCE_TYPES
(TYPE_EGEN_SYGDOM, TYPE_GRAVIDITET, TYPE_ARBEJDSSKADE, TYPE_BARNS_SYGDOM, TYPE_BARSEL, TYPE_FERIE,
 TYPE_ANDET) = range(7)


@dataclass(frozen=True)
class StaffGroup:
    name: str
    sick_rate: float  # expected egen_sygdom spells per year for an average person
    long_multiplier: float  # multiplier on the probability of spells of 15+ days
    hours: tuple[float, ...]  # weekly hours values ...
    hours_probabilities: tuple[float, ...]  # ... and their probabilities
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
GROUP_INDEX = {g.name: i for i, g in enumerate(STAFF_GROUPS)}
LEDER = GROUP_INDEX["Leder"]

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
AREA_SUFFIXES = ("Nord", "Syd", "Øst", "Vest", "Midt", "Centrum", "Land", "By", "Kyst", "Å-dalen")
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
    "hjemmepleje": (("Hjemmeplejen {}", AREA_SUFFIXES + _HOUSES, {
        "Social- og sundhedshjælper": .55, "Social- og sundhedsassistent": .30,
        "Sygeplejerske": .10, "Terapeut": .05}),),
    "sundhed": (
        ("Sygeplejen {}", AREA_SUFFIXES, {"Sygeplejerske": .70, "Social- og sundhedsassistent": .30}),
        ("Træning og Rehabilitering {}", AREA_SUFFIXES, {"Terapeut": .70, "Social- og sundhedsassistent": .20,
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

FIRST_NAMES_WOMEN = ("Anne", "Mette", "Kirsten", "Hanne", "Helle", "Susanne", "Lene", "Maria", "Marianne",
                     "Camilla", "Louise", "Pia", "Charlotte", "Tina", "Gitte", "Bente", "Lone", "Karen",
                     "Julie", "Sofie", "Ida", "Emma", "Laura", "Christina", "Rikke", "Maja", "Signe", "Line",
                     "Katrine", "Malene", "Birgit", "Inge", "Dorthe", "Jette", "Heidi", "Trine", "Sara",
                     "Nanna", "Amalie", "Freja")
FIRST_NAMES_MEN = ("Peter", "Michael", "Lars", "Jens", "Thomas", "Henrik", "Søren", "Christian", "Martin",
                   "Jan", "Morten", "Niels", "Anders", "Rasmus", "Jesper", "Mads", "Kim", "Hans", "Per",
                   "Ole", "Frederik", "Mikkel", "Jonas", "Kasper", "Jakob", "Bo", "Torben", "Brian", "Simon",
                   "Emil", "Lasse", "Claus", "Kenneth", "Poul", "Erik", "Steen")
LAST_NAMES = ("Nielsen", "Jensen", "Hansen", "Pedersen", "Andersen", "Christensen", "Larsen", "Sørensen",
              "Rasmussen", "Jørgensen", "Petersen", "Madsen", "Kristensen", "Olsen", "Thomsen",
              "Christiansen", "Poulsen", "Johansen", "Møller", "Mortensen", "Knudsen", "Jakobsen",
              "Mikkelsen", "Olesen", "Frederiksen", "Laursen", "Henriksen", "Lund", "Holm", "Schmidt",
              "Eriksen", "Kristiansen", "Simonsen", "Clausen", "Svendsen", "Andreasen", "Iversen",
              "Østergaard", "Jeppesen", "Vestergaard", "Nissen", "Lauridsen", "Kjær", "Jespersen",
              "Mogensen", "Nørgaard", "Jepsen", "Frandsen", "Søndergaard", "Bach", "Dahl", "Skov", "Ahmed",
              "Hussein", "Kowalski", "Nguyen")
# Zipf-like popularity: the common Danish surnames dominate
LAST_NAME_WEIGHTS = 1.0 / np.arange(1, len(LAST_NAMES) + 1) ** 0.8
LAST_NAME_WEIGHTS /= LAST_NAME_WEIGHTS.sum()

LEAF_MEAN_SIZE = 60  # employees per leaf unit
LEAVES_PER_GROUP = 5  # leaves per område (or teams per afdeling)
TEAM_LEVEL_FROM = 150  # leaves per forvaltning above which a team level is added
AFDELINGER_PER_AREA = 8  # afdelinger per område when there is a team level
TRANSFER_SHARE = 0.20  # share of employment ends (not retirements) that are internal transfers
SECOND_JOB_SHARE = 0.025  # part-timers (<= 32 h) with a second concurrent part-time employment
HIGH_UNIT_SHARE = 0.07  # leaf units with clearly high absence ...
HIGH_UNIT_MULTIPLIER = 1.65  # ... and their multiplier
UNIT_SIGMA = 0.15  # log-sd of the ordinary unit multiplier
FRAILTY_SHAPE = 4.0  # gamma shape of the person-level frailty (mean 1)
SICK_SCALE = 0.9  # global multiplier on sick spell rates

# sick spell length bands (calendar days) and base probabilities
SICK_BANDS = ((1, 3), (4, 14), (15, 56), (57, 300))
SICK_BAND_PROBABILITIES = (0.69, 0.20, 0.075, 0.035)
SICK_BY_MONTH = (1.35, 1.40, 1.25, 1.00, 0.90, 0.80, 0.65, 0.80, 0.95, 1.05, 1.10, 1.10)
SICK_BY_WEEKDAY = (1.55, 1.10, 1.00, 0.95, 0.85, 0.30, 0.30)  # Monday .. Sunday
CHILD_SICK_BY_MONTH = (1.45, 1.45, 1.30, 1.00, 0.85, 0.70, 0.40, 0.70, 0.95, 1.05, 1.15, 1.20)

"""What the screening template contains: sheets, columns, and what each column means.

The template writer, the reader/validator and the instructions sheet all read this module, so a
column is described in exactly one place. Column ``code`` is the name of the matching column in the
``screening_tasks`` table.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Literal

from screening.kontoplan import function_terms
from screening.vocabulary import COOPERATION_FORMS, GOALS, SERVICE_AREAS, TASK_TYPES, Term

TEMPLATE_VERSION = "1.0"
TASK_SHEET = "Opgaver"
INSTRUCTIONS_SHEET = "Vejledning"
METADATA_SHEET = "Om skabelonen"
LISTS_SHEET = "Lister"

HEADER_ROW = 1  # Excel row of the headers
HELP_ROW = 2  # Excel row with a short hint per column; the reader skips it
FIRST_TASK_ROW = 3  # first Excel row a task can be written in
TEMPLATE_ROWS = 200  # rows prepared with dropdowns

Kind = Literal["text", "choice", "choices", "flag", "number", "integer"]

# Metadata keys on the metadata sheet (column A label, column B value).
META_VERSION = "Skabelonversion"
META_MUNICIPALITY = "Kommune"
META_ROUND = "Screeningsrunde"


@dataclass(frozen=True)
class Column:
    code: str
    header: str
    kind: Kind
    required: bool
    help: str  # one line shown under the header
    explanation: str  # the instructions sheet's longer text
    choices: tuple[Term, ...] = ()
    minimum: float | None = None
    maximum: float | None = None
    width: int = 18
    # Other headers that mean this column: English, and those of older template versions.
    aliases: tuple[str, ...] = ()
    max_length: int | None = None  # longest text accepted, in characters


def goal_column_code(goal_code: str) -> str:
    return f"goal_{goal_code}"


GOAL_COLUMNS: tuple[Column, ...] = tuple(
    Column(
        code=goal_column_code(goal.code),
        header=f"Mål: {goal.short}",
        kind="flag",
        required=False,
        help="Ja, hvis målet gælder",
        explanation=f"{goal.label}. {goal.explanation} Sæt «Ja» ved hvert mål, der gælder; "
        "mindst ét mål skal være valgt.",
        width=14,
    )
    for goal in GOALS
)

COLUMNS: tuple[Column, ...] = (
    Column(
        "title",
        "Opgave",
        "text",
        True,
        "Kort navn på opgaven",
        "Opgavens navn, som den kendes i kommunen, fx «Lønadministration» eller "
        "«Hjælpemiddeldepot».",
        width=32,
    ),
    Column(
        "description",
        "Beskrivelse",
        "text",
        True,
        "Hvad opgaven omfatter i dag",
        "To-tre sætninger om, hvad opgaven omfatter, og hvordan den løses i dag.",
        width=48,
    ),
    Column(
        "service_area",
        "Fagområde",
        "choice",
        True,
        "Vælg fra listen",
        "Det fagområde, opgaven hører under. Vælg fra listen.",
        choices=SERVICE_AREAS,
        width=26,
    ),
    *GOAL_COLUMNS,
    Column(
        "task_type",
        "Opgavetype",
        "choice",
        True,
        "Vælg fra listen",
        "Hvilken slags opgave der kan løses i fællesskab: "
        + "; ".join(f"{t.label}: {t.explanation}" for t in TASK_TYPES),
        choices=TASK_TYPES,
        width=20,
    ),
    Column(
        "cooperation_form",
        "Samdriftsform",
        "choice",
        True,
        "Vælg fra listen",
        "Den foreslåede form for samarbejde, fra mindst til mest forpligtende: "
        + "; ".join(f"{c.label}: {c.explanation}" for c in COOPERATION_FORMS),
        choices=COOPERATION_FORMS,
        width=18,
    ),
    Column(
        "authority_exercise",
        "Myndighedsudøvelse",
        "flag",
        True,
        "Ja eller Nej",
        "Ja, hvis opgaven indebærer myndighedsudøvelse (afgørelser over for borgere eller "
        "virksomheder). En kommune må ikke overlade myndighedsudøvelse til en anden kommune, "
        "medmindre en lov tillader det – forslaget markeres derfor på bruttolisten.",
        width=18,
    ),
    Column(
        "cost_base_dkk",
        "Årlig udgiftsbase (kr.)",
        "number",
        False,
        "Kr. pr. år, fx 2500000",
        "Kommunens samlede årlige udgift til opgaven i kroner (løn, drift, licenser).",
        minimum=0,
        width=20,
    ),
    Column(
        "fte",
        "Årsværk",
        "number",
        False,
        "Antal, fx 3,5",
        "Antal årsværk, der i dag bruges på opgaven i kommunen.",
        minimum=0,
        maximum=10000,
        width=10,
    ),
    Column(
        "potential_dkk",
        "Skønnet potentiale (kr. pr. år)",
        "number",
        False,
        "Kr. pr. år, fx 300000",
        "Skønnet årlig gevinst for kommunen ved et driftsfællesskab, i kroner. Et groft skøn "
        "er bedre end ingenting.",
        minimum=0,
        width=22,
    ),
    Column(
        "complexity",
        "Kompleksitet (1-5)",
        "integer",
        False,
        "1 = enkel, 5 = meget kompleks",
        "Hvor svært det er at etablere fællesskabet: 1 = enkel aftale, 3 = fælles organisation "
        "eller system, 5 = stor omlægning med overdragelse af personale.",
        minimum=1,
        maximum=5,
        width=14,
    ),
    Column(
        "time_horizon_years",
        "Tidshorisont (år)",
        "number",
        False,
        "År til fuld effekt, fx 2",
        "Antal år fra beslutning til fuld effekt.",
        minimum=0,
        maximum=20,
        width=14,
    ),
    Column(
        "partners",
        "Relevante samarbejdskommuner",
        "text",
        False,
        "Fx Haderslev, Tønder",
        "Hvilke andre kommuner det giver mening at samarbejde med om opgaven.",
        width=26,
    ),
    Column(
        "barriers",
        "Kendte barrierer",
        "text",
        False,
        "Fx lovgivning, kontrakter",
        "Kendte hindringer: lovgivning, bindende kontrakter, systemvalg, geografi, personale.",
        width=30,
    ),
    Column(
        "contact",
        "Kontaktperson",
        "text",
        False,
        "Navn og e-mail",
        "Hvem projektgruppen kan spørge om forslaget.",
        width=24,
    ),
    Column(
        "remarks",
        "Bemærkninger",
        "text",
        False,
        "Frit felt",
        "Alt andet, direktionen bør vide.",
        width=30,
    ),
    Column(
        "function",
        "Funktion (kontoplan)",
        "choice",
        False,
        "Fx 6.45.51; valgfri",
        "Den funktion i den autoriserede kontoplan, opgavens udgifter konteres på (fx 6.45.52 "
        "Fælles IT og telefoni). Skriv nummeret eller navnet, eller vælg fra listen. Feltet er "
        "valgfrit; står det tomt, foreslår vi en funktion ud fra opgavens ord.",
        choices=function_terms(),
        width=30,
    ),
)

# Headers people and older template versions use (version 0.9 was the 2014 paper form).
HEADER_ALIASES: dict[str, tuple[str, ...]] = {
    "title": ("Opgavenavn", "Opgavens navn", "Navn", "Titel", "Task", "Title", "Task name"),
    "description": ("Kort beskrivelse", "Beskrivelse af opgaven", "Description"),
    "service_area": ("Område", "Fagomraade", "Forvaltningsområde", "Service area", "Area"),
    "task_type": ("Type", "Type af opgave", "Task type"),
    "cooperation_form": (
        "Samarbejdsform",
        "Form for samdrift",
        "Foreslået samdriftsform",
        "Cooperation form",
    ),
    "authority_exercise": ("Myndighed", "Myndighedsopgave", "Authority exercise"),
    "cost_base_dkk": (
        "Udgiftsbase",
        "Årlig udgift",
        "Udgift (kr.)",
        "Udgiftsbase (kr.)",
        "Budget",
        "Cost base",
        "Annual cost",
        "Annual cost (DKK)",
    ),
    "fte": ("Antal årsværk", "Årsværk (antal)", "Medarbejdere", "FTE", "Staff"),
    "potential_dkk": ("Potentiale", "Potentiale (kr.)", "Skønnet potentiale", "Potential"),
    "complexity": ("Kompleksitet", "Implementeringskompleksitet", "Complexity", "Effort"),
    "time_horizon_years": ("Tidshorisont", "Tidshorisont i år", "Time horizon"),
    "partners": ("Samarbejdskommuner", "Relevante kommuner", "Partners"),
    "barriers": ("Barrierer", "Barriers"),
    "contact": ("Kontakt", "Kontaktperson (navn)", "Contact"),
    "remarks": ("Bemærkning", "Kommentarer", "Noter", "Remarks", "Comments"),
    "function": ("Funktion", "Kontoplan", "Funktion i kontoplanen", "Kontonummer", "Konto"),
}

TEXT_LIMITS = {
    "title": 150,
    "description": 4000,
    "partners": 500,
    "barriers": 2000,
    "contact": 300,
    "remarks": 4000,
}

COLUMNS = tuple(
    replace(c, aliases=HEADER_ALIASES.get(c.code, ()), max_length=TEXT_LIMITS.get(c.code))
    for c in COLUMNS
)

# Accepted on read, never written: older templates had one goals column, several per cell.
GOALS_LIST_COLUMN = Column(
    "goals",
    "Mål",
    "choices",
    False,
    "Fx Rationel drift; Mindre sårbarhed",
    "Et eller flere mål, adskilt af semikolon.",
    choices=GOALS,
    aliases=("Mål og rationale", "Rationale", "Formål", "Goals"),
)
READ_COLUMNS: tuple[Column, ...] = (*COLUMNS, GOALS_LIST_COLUMN)

COLUMNS_BY_CODE: dict[str, Column] = {c.code: c for c in COLUMNS}

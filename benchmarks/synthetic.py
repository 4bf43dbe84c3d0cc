"""Synthetic filled screening templates at any scale, for benchmarks and load tests.

``generate(folder, municipalities=98, tasks=300, seed=0)`` writes one filled template per
municipality (with :func:`screening.template.writer.write_template`), a screening config naming
exactly those municipalities (same format as ``config/screening.toml``) and ``families.csv``, the
true task family of every written row, so a benchmark can measure match quality too. The task
families are data, in ``task_families.toml`` beside this module.

The tasks come from a catalogue of some 200 task families (payroll, IT operations, joint
procurement of one category, assistive-device depot, winter service, …). A municipality screens
the popular families nearly always and the rare ones sometimes; each row is written the way a
person would: one of the family's usual titles, now and then with a «Fælles …» prefix, a typo, the
words swapped or æøå typed as ae/oe/aa; Danish labels, alias spellings and «x» for yes; numbers
as numbers or as «1.250.000 kr.», «1,5 mio.» and «10 %». The other rows (a quarter, or more when
a municipality has more rows than the catalogue has families to give) are the municipality's own
tasks, named after invented local places («Kolbjergmølle»); each is its own true family. About
one row in 200 carries an error the validator rejects, and some files a note row. Same
arguments and seed, same files.
"""

from __future__ import annotations

import csv
import functools
import json
import random
import tomllib
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from screening.template.spec import FIRST_TASK_ROW, goal_column_code
from screening.template.writer import write_template
from screening.text import fold
from screening.vocabulary import (
    COOPERATION_FORMS,
    GOALS,
    NO_LABEL,
    SERVICE_AREAS,
    TASK_TYPES,
    YES_LABEL,
    by_code,
)

GENERATOR_VERSION = "2"  # raise when the output changes, so cached data is regenerated
ROUND_ID = "2026"
SINGLETON_SHARE = 0.25  # share of a municipality's rows that are its own local tasks
MAX_FAMILY_SHARE = 0.9  # a municipality screens at most this share of the catalogue
ERROR_RATE = 0.005

# The four Sønderjylland municipalities first, so a 4-municipality sample is the real group.
MUNICIPALITY_NAMES: tuple[str, ...] = tuple(
    "Aabenraa Haderslev Sønderborg Tønder Albertslund Allerød Assens Ballerup Billund Bornholm "
    "Brøndby Brønderslev Dragør Egedal Esbjerg Fanø Favrskov Faxe Fredensborg Fredericia "
    "Frederiksberg Frederikshavn Frederikssund Furesø Faaborg-Midtfyn Gentofte Gladsaxe Glostrup "
    "Greve Gribskov Guldborgsund Halsnæs Hedensted Helsingør Herlev Herning Hillerød Hjørring "
    "Holbæk Holstebro Horsens Hvidovre Høje-Taastrup Hørsholm Ikast-Brande Ishøj Jammerbugt "
    "Kalundborg Kerteminde Kolding København Køge Langeland Lejre Lemvig Lolland Lyngby-Taarbæk "
    "Læsø Mariagerfjord Middelfart Morsø Norddjurs Nordfyns Nyborg Næstved Odder Odense "
    "Odsherred Randers Rebild Ringkøbing-Skjern Ringsted Roskilde Rudersdal Rødovre Samsø "
    "Silkeborg Skanderborg Skive Slagelse Solrød Sorø Stevns Struer Svendborg Syddjurs Thisted "
    "Tårnby Vallensbæk Varde Vejen Vejle Vesthimmerland Viborg Vordingborg Ærø Aalborg "
    "Aarhus".split()
)
# Rough 2024 populations of the real group (DOMAIN.md), relative to a 60,000 municipality.
KNOWN_SIZE = {"Sønderborg": 74 / 60, "Aabenraa": 59 / 60, "Haderslev": 56 / 60, "Tønder": 37 / 60}


@dataclass(frozen=True)
class TaskFamily:
    """One task as many municipalities know it, under several names."""

    code: str
    service_area: str
    task_type: str
    cooperation_form: str
    authority_exercise: bool
    goals: tuple[str, ...]
    cost_mio: float  # typical annual cost base of a 60,000-inhabitant municipality, DKK million
    popularity: int  # 1-9: how often a municipality would screen it
    titles: tuple[str, ...]  # the usual names, most common first
    description: str


# Some 200 task families, as data: see the file's own header for what each field means.
FAMILIES_FILE = Path(__file__).with_name("task_families.toml")


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


@functools.cache
def catalogue() -> tuple[TaskFamily, ...]:
    """Every task family the generator draws from."""
    data = tomllib.loads(FAMILIES_FILE.read_text(encoding="utf-8"))
    families = [
        TaskFamily(
            family["code"],
            family["service_area"],
            family["task_type"],
            family["cooperation_form"],
            family["authority_exercise"],
            tuple(family["goals"]),
            float(family["cost_mio"]),
            int(family["popularity"]),
            tuple(family["titles"]),
            family["description"],
        )
        for family in data["family"]
    ]
    for entry in data["procurement"]:
        category = entry["category"]
        titles = (
            f"Fælles udbud af {category}",
            f"Udbud af {category}",
            f"Indkøbsaftale for {category}",
            f"{_capital(category)} – fælles indkøb",
        )
        text = f"Rammeaftale om {entry['covers']}; i dag har hver kommune sin egen aftale."
        families.append(
            TaskFamily(
                f"udbud_{fold(category).replace(' ', '_')}",
                "procurement",
                "organisation",
                "joint_procurement",
                False,
                ("economic_efficiency", "rational_operation"),
                2.0,
                int(entry["popularity"]),
                titles,
                text,
            )
        )
    for entry in data["system"]:
        system = entry["system"]
        titles = (f"Fælles {system}", f"Drift af {system}", _capital(system), f"Udbud af {system}")
        text = (
            f"Licenser, drift og support af {system}et, som i dag købes og drives af hver kommune."
        )
        families.append(
            TaskFamily(
                f"system_{fold(system).replace(' ', '_')}",
                entry["service_area"],
                "systems",
                "shared_service",
                False,
                ("economic_efficiency", "reduced_vulnerability"),
                1.5,
                int(entry["popularity"]),
                titles,
                text,
            )
        )
    return tuple(families)


@dataclass(frozen=True)
class SyntheticRound:
    """Where a generated round lives; ``config_path`` is a screening config for exactly it."""

    folder: Path
    templates_dir: Path
    config_path: Path
    truth_path: Path
    municipalities: int
    tasks: int
    seed: int

    @classmethod
    def at(cls, folder: Path, municipalities: int, tasks: int, seed: int) -> SyntheticRound:
        folder = Path(folder)
        return cls(
            folder,
            folder / "templates",
            folder / "screening.toml",
            folder / "families.csv",
            municipalities,
            tasks,
            seed,
        )


def municipality_code(name: str) -> str:
    return fold(name).replace(" ", "-")


def generate(
    folder: Path, municipalities: int = 98, tasks: int = 300, seed: int = 0
) -> SyntheticRound:
    """Write ``municipalities`` filled templates of ``tasks`` rows each, the screening config
    and the true families into ``folder`` (``templates/``, ``screening.toml``, ``families.csv``).

    Municipality ``i`` gets the same rows whatever ``municipalities`` is, so a smaller round is
    the first part of a larger one.
    """
    if not 1 <= municipalities <= len(MUNICIPALITY_NAMES):
        raise ValueError(f"municipalities must be 1-{len(MUNICIPALITY_NAMES)}")
    target = SyntheticRound.at(folder, municipalities, tasks, seed)
    target.templates_dir.mkdir(parents=True, exist_ok=True)
    names = MUNICIPALITY_NAMES[:municipalities]
    families = catalogue()
    truth_rows: list[tuple[str, int, str]] = []
    for index, name in enumerate(names):
        rows = _municipality_rows(index, name, tasks, seed, families, names)
        path = target.templates_dir / f"{municipality_code(name)}.xlsx"
        write_template(path, name, ROUND_ID, [row for _, row in rows])
        truth_rows += [
            (name, FIRST_TASK_ROW + offset, family)
            for offset, (family, _) in enumerate(rows)
            if family
        ]
    with open(target.truth_path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["municipality", "source_row", "family"])
        writer.writerows(truth_rows)
    write_screening_config(target.config_path, names)
    return target


def write_resubmission(target: SyntheticRound, index: int, path: Path) -> Path:
    """Municipality number ``index`` of ``target`` sends a revised template: its rows redrawn."""
    names = MUNICIPALITY_NAMES[: target.municipalities]
    revised_seed = target.seed + 1
    rows = _municipality_rows(index, names[index], target.tasks, revised_seed, catalogue(), names)
    return write_template(path, names[index], ROUND_ID, [row for _, row in rows])


def write_screening_config(path: Path, names: Iterable[str], round_id: str = ROUND_ID) -> Path:
    """A screening config naming ``names`` as the participants (``config/screening.toml``'s
    format)."""
    lines = [
        "# Generated by benchmarks.synthetic: a synthetic screening round.",
        "",
        "[round]",
        f'id = "{round_id}"',
        f'label = "Screeningsrunde {round_id} (syntetiske data)"',
    ]
    for name in names:
        lines += ["", "[[municipalities]]", f'code = "{municipality_code(name)}"']
        lines.append(f"name = {json.dumps(name, ensure_ascii=False)}")
    Path(path).write_text("\n".join(lines) + "\n", encoding="utf-8")
    return Path(path)


def _municipality_rows(
    index: int,
    name: str,
    n_tasks: int,
    seed: int,
    families: tuple[TaskFamily, ...],
    names: tuple[str, ...],
) -> list[tuple[str | None, dict]]:
    """(true family or None for a note row, the row as typed) for one municipality."""
    rng = random.Random(f"{seed}:{index}:{name}")
    size = KNOWN_SIZE.get(name, rng.lognormvariate(0.0, 0.6))
    n_family = min(round(n_tasks * (1 - SINGLETON_SHARE)), int(len(families) * MAX_FAMILY_SHARE))
    weights = np.array([f.popularity**2 for f in families], dtype=float)
    picks = np.random.default_rng([seed, index]).choice(
        len(families), size=n_family, replace=False, p=weights / weights.sum()
    )
    rows: list[tuple[str | None, dict]] = [
        (families[i].code, _family_row(families[i], rng, size, name, names)) for i in picks
    ]
    places = set()
    while len(rows) < n_tasks:
        place = _place(rng)
        if place not in places:
            places.add(place)
            family = f"lokal:{municipality_code(name)}:{fold(place)}"
            rows.append((family, _local_row(place, rng, size)))
    rng.shuffle(rows)
    for _, row in rows:
        if rng.random() < ERROR_RATE:
            _spoil(row, rng)
    if rng.random() < 0.1:  # a note typed between the tasks
        rows.insert(rng.randrange(len(rows) + 1), (None, {"title": "NB: Tallene er foreløbige."}))
    return rows


def _family_row(family: TaskFamily, rng: random.Random, size: float, name: str, names) -> dict:
    title_weights = [1.0 / (k + 1) for k in range(len(family.titles))]
    title = _vary_title(rng.choices(family.titles, title_weights)[0], rng)
    fte = family.cost_mio * size * 1.6 * rng.uniform(0.7, 1.3)
    description = family.description
    if rng.random() < 0.6:
        description += f" Opgaven løses i dag af {_dk_number(round(fte * 2) / 2)} årsværk."
    if rng.random() < 0.3:
        description += " " + rng.choice(_EXTRA_SENTENCES)
    area = family.service_area if rng.random() < 0.88 else rng.choice(SERVICE_AREAS).code
    task_type = family.task_type if rng.random() < 0.9 else rng.choice(TASK_TYPES).code
    form = family.cooperation_form if rng.random() < 0.75 else rng.choice(COOPERATION_FORMS).code
    goals = {g for g in family.goals if rng.random() < 0.8}
    goals |= {g.code for g in GOALS if rng.random() < 0.08}
    authority = family.authority_exercise != (rng.random() < 0.03)
    row = _typed_row(title, description, area, task_type, form, goals or {family.goals[0]}, rng)
    row["authority_exercise"] = YES_LABEL if authority else NO_LABEL
    _economics(row, family.cost_mio * size, family.cooperation_form, rng)
    _people(row, rng, name, names)
    return row


def _local_row(place: str, rng: random.Random, size: float) -> dict:
    where, subject = place.split(" ", 1)
    title = f"{where}{subject.lower()}"
    description = f"{rng.choice(_LOCAL_WHAT)} {subject.lower()} i {where}."
    if rng.random() < 0.5:
        description += f" {rng.choice(_LOCAL_NOTES)}."
    goals = {rng.choice(GOALS).code}
    area, kind = rng.choice(SERVICE_AREAS).code, rng.choice(TASK_TYPES).code
    form = rng.choice(COOPERATION_FORMS).code
    row = _typed_row(title, description, area, kind, form, goals, rng)
    row["authority_exercise"] = NO_LABEL
    _economics(row, rng.uniform(0.2, 3.0) * size, form, rng)
    return row


def _typed_row(title, description, area, task_type, form, goals, rng) -> dict:
    row = {
        "title": title,
        "description": description,
        "service_area": _spell(by_code(SERVICE_AREAS)[area], rng),
        "task_type": _spell(by_code(TASK_TYPES)[task_type], rng),
        "cooperation_form": _spell(by_code(COOPERATION_FORMS)[form], rng),
    }
    for goal in GOALS:
        if goal.code in goals:
            row[goal_column_code(goal.code)] = rng.choices(["Ja", "x", "ja", "X"], [85, 8, 5, 2])[0]
        elif rng.random() < 0.1:
            row[goal_column_code(goal.code)] = NO_LABEL
    return row


_TYPED_AS = {
    "systems": ("IT", "it-systemer"),
    "organisation": ("Organisation",),
    "processes": ("Proces",),
    "joint_procurement": ("Fællesudbud", "udbud"),
    "shared_service": ("SSC",),
}


def _spell(term, rng: random.Random) -> str:
    """The label as chosen from the dropdown, or what someone typed instead."""
    roll = rng.random()
    if roll < 0.9:
        return term.label
    if roll < 0.95 and term.code in _TYPED_AS:
        return rng.choice(_TYPED_AS[term.code])
    return term.short.lower() if roll < 0.98 else term.short


def _economics(row: dict, cost_mio: float, form: str, rng: random.Random) -> None:
    cost = round(cost_mio * 1e6 * rng.lognormvariate(0.0, 0.35), -4)
    if rng.random() < 0.9:
        row["cost_base_dkk"] = _as_typed_amount(cost, rng)
    if rng.random() < 0.85:
        fte = round(cost / rng.uniform(500_000, 650_000) * 2) / 2
        row["fte"] = fte if rng.random() < 0.9 else _dk_number(fte)
    if rng.random() < 0.8:
        if "cost_base_dkk" in row and rng.random() < 0.05:
            row["potential_dkk"] = f"{rng.randint(3, 20)} %"
        else:
            row["potential_dkk"] = _as_typed_amount(round(cost * rng.uniform(0.03, 0.2), -4), rng)
    base = {"network": 1, "partnership": 2, "shared_service": 4, "joint_procurement": 2}[form]
    if rng.random() < 0.9:
        row["complexity"] = min(5, max(1, base + rng.choice((-1, 0, 0, 1))))
    if rng.random() < 0.85:
        years = rng.choice((1, 1, 2, 2, 2, 3, 3, 4, 5))
        row["time_horizon_years"] = years if rng.random() < 0.95 else f"{years} år"


def _as_typed_amount(amount: float, rng: random.Random) -> float | str:
    roll = rng.random()
    if roll < 0.85:
        return amount
    if roll < 0.93 or amount < 1_000_000:
        return f"{int(amount):,} kr.".replace(",", ".")
    return f"{_dk_number(round(amount / 1e6, 1))} mio. kr."


def _dk_number(number: float) -> str:
    return f"{number:g}".replace(".", ",")


def _people(row: dict, rng: random.Random, name: str, names: tuple[str, ...]) -> None:
    roll = rng.random()
    # The partners are drawn from a generator of their own, seeded by one draw: how many
    # municipalities there are to choose from then leaves the rest of the rows unchanged.
    partner_rng = random.Random(rng.random())
    if roll < 0.4 and len(names) > 1:
        others = [n for n in names if n != name]
        picked = partner_rng.sample(others, min(len(others), partner_rng.randint(1, 3)))
        row["partners"] = ", ".join(picked)
    elif roll < 0.5:
        row["partners"] = "Alle"
    if rng.random() < 0.8:
        first, last = rng.choice(_FIRST_NAMES), rng.choice(_LAST_NAMES)
        mail = f"{fold(first)[:2]}{fold(last)[:2]}@{municipality_code(name)}.dk"
        row["contact"] = f"{first} {last}, {mail}"
    if rng.random() < 0.25:
        row["barriers"] = rng.choice(_BARRIERS)
    if rng.random() < 0.1:
        row["remarks"] = rng.choice(_EXTRA_SENTENCES)


def _vary_title(title: str, rng: random.Random) -> str:
    """What people make of a title: prefixes, swapped words, typos, æøå as ae/oe/aa."""
    if rng.random() < 0.12 and not title.startswith("Fælles"):
        title = f"Fælles {title[:1].lower()}{title[1:]}"
    if rng.random() < 0.04 and " og " in title:
        left, right = title.split(" og ", 1)
        title = _capital(f"{right} og {left[:1].lower()}{left[1:]}")
    if rng.random() < 0.06:
        title = _typo(title, rng)
    if rng.random() < 0.04:
        title = title.replace("æ", "ae").replace("ø", "oe").replace("å", "aa")
    if rng.random() < 0.04:
        title = title.lower()
    if rng.random() < 0.04:
        title = title + rng.choice((" mv.", " – drift", " (samarbejde)", "  "))
    return title


def _typo(text: str, rng: random.Random) -> str:
    words = text.split(" ")
    long = [i for i, w in enumerate(words) if len(w) >= 6 and w.isalpha()]
    if not long:
        return text
    i = rng.choice(long)
    word, at = words[i], rng.randrange(1, len(words[i]) - 2)
    kind = rng.randrange(3)
    if kind == 0:
        word = word[:at] + word[at + 1] + word[at] + word[at + 2 :]
    elif kind == 1:
        word = word[:at] + word[at + 1 :]
    else:
        word = word[:at] + word[at] + word[at:]
    words[i] = word
    return " ".join(words)


def _spoil(row: dict, rng: random.Random) -> None:
    """An error the validator rejects, as people make them."""
    kind = rng.randrange(3)
    if kind == 0:
        row["complexity"] = 7
    elif kind == 1:
        row["service_area"] = "Andet"
    else:
        row.pop("description", None)


# Invented local places («Kolbjerg», «Tingelstrup»), some 12,000 of them.
_PLACE_START = (
    "Ves Øs Kol Bjern Sø Hol Ting Lund Frede Hjor Ran Sten Hvid Mølle Ask Bøg Eg Hasle Rosen "
    "Skov Mark Klit Fjord Bakke Eng Mose Hede Lyng Strand Kær Ore Sol Stor Lille Gammel Ny "
    "Nør Sønder Vester Øster Hjort Ulv Rav Trane Ege Kirke Borg Kongs Dron Grev Abild"
).split()
_PLACE_MIDDLE = ("", "e", "s", "el", "en", "ing", "ke", "ter", "bjerg", "stru", "ved", "mo")
_PLACE_END = (
    "rup rød by lev sted høj holm lund bjerg ager torp have dal vig løse bæk skov mark næs "
    "strup ved"
).split()
# What a local task is about, named after its place: «Kolbjerg Mølle», «Tingelstrup Havn».
_LOCAL_SUBJECTS = (
    "Mølle Slot Havn Festival Marked Museum Sø Skov Strand Kirke Station Bro Plantage Fyr "
    "Voldsted Kro Herregård Hede Klint Vandrerhjem Kaserne Teglværk Mejeri Banegård Værft "
    "Gadekær Dige Sluse Skanse Kunsthal"
).split()
_LOCAL_WHAT = (
    "Drift og vedligehold af",
    "Formidling og åbningstider ved",
    "Tilskud til foreningen bag",
    "Istandsættelse af",
    "Arrangementer ved",
    "Bevaring af",
)
_LOCAL_NOTES = (
    "Vi overvejer en ny driftsaftale",
    "Frivillige står for en stor del af arbejdet",
    "Bygningen trænger til renovering",
    "Lokalrådet ønsker længere åbningstid",
    "Aftalen med ejeren skal genforhandles",
    "Tilskuddet evalueres næste år",
    "Besøgstallet er faldet siden 2020",
    "Skal måske overdrages til en forening",
)
_EXTRA_SENTENCES = (
    "Kontrakten udløber i 2027.",
    "Vi oplever stigende efterspørgsel.",
    "Der er svært at rekruttere medarbejdere med de rette kompetencer.",
    "Systemet skal udskiftes inden for tre år.",
    "Opgaven er delvist udliciteret i dag.",
    "Vi har gode erfaringer med et mindre samarbejde med nabokommunen.",
)
_BARRIERS = (
    "Forskellige IT-systemer i kommunerne.",
    "Bindende kontrakt til 2027.",
    "Geografisk afstand mellem kommunerne.",
    "Personalet skal virksomhedsoverdrages.",
    "Lovgivningen tillader ikke overdragelse af myndighedsudøvelse.",
    "Politisk ønske om lokal forankring.",
)
_FIRST_NAMES = (
    "Anne Mette Karen Hanne Lene Søren Jens Lars Mikkel Peter Maria Sofie Ole Birgit".split()
)
_LAST_NAMES = (
    "Jensen Nielsen Hansen Pedersen Andersen Christensen Sørensen Møller Kristensen".split()
)


def _place(rng: random.Random) -> str:
    """An invented place and what is there, e.g. «Kolbjerg Mølle»."""
    where = rng.choice(_PLACE_START) + rng.choice(_PLACE_MIDDLE) + rng.choice(_PLACE_END)
    return f"{where[:1].upper()}{where[1:].lower()} {rng.choice(_LOCAL_SUBJECTS)}"

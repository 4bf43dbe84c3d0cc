"""The municipal chart of accounts (den autoriserede kontoplan) as knowledge of what a task is.

Every Danish municipality books its spending on the authorised chart of accounts: hovedkonto 0-6
and functions such as 6.45.51. The finance staff who fill in the template think in it, so it is
the natural shared key for «the same task» across municipalities. Two data files carry it (their
source and what must be checked: ``data/KILDE.md``):

- ``data/kontoplan.csv``: functions (number, hovedkonto, name) and how sure the list is of each
  (``sikker``, or ``tjek``: to be checked against the ministry's list);
- ``data/kontoplan_opgaver.csv``: the tasks finance staff book under a function, each with the
  words town halls use for it («vognpark», «flåde», «kommunale biler», «tjenestebiler» are one
  task under 2.22.01). A task's words (title counts double) point at one of them, or at none.

The template's column «Funktion (kontoplan)» reads a function by number or name; matching uses
the knowledge through :mod:`screening.matching.functions`.
"""

from __future__ import annotations

import csv
import functools
from dataclasses import dataclass
from pathlib import Path

from screening.text import fold
from screening.vocabulary import Term

DATA = Path(__file__).parent / "data"
TITLE_WEIGHT = 2  # a word in the title says more about the task than one in its description
MIN_SCORE = 2  # a title word, or two description words


@dataclass(frozen=True)
class Function:
    number: str  # «6.45.51»
    main_account: int  # hovedkonto 0-6
    name: str
    checked: bool  # False: the number and name are to be checked against the ministry's list

    @property
    def label(self) -> str:
        return f"{self.number} {self.name}"


@dataclass(frozen=True)
class KnownTask:
    name: str
    function: str
    words: tuple[str, ...]  # folded; «word*» also matches the words it begins


@functools.cache
def functions() -> dict[str, Function]:
    with open(DATA / "kontoplan.csv", encoding="utf-8", newline="") as handle:
        return {
            r["funktion"]: Function(
                r["funktion"], int(r["hovedkonto"]), r["navn"], r["sikkerhed"] == "sikker"
            )
            for r in csv.DictReader(handle)
        }


@functools.cache
def known_tasks() -> tuple[KnownTask, ...]:
    with open(DATA / "kontoplan_opgaver.csv", encoding="utf-8", newline="") as handle:
        return tuple(
            KnownTask(r["opgave"], r["funktion"], tuple(r["ord"].split("|")))
            for r in csv.DictReader(handle)
        )


@functools.cache
def function_terms() -> tuple[Term, ...]:
    """The functions as vocabulary terms: read by number («6.45.52») or name."""
    # The number is the short form: finance staff write «6.45.52», and it is read as written.
    return tuple(Term(f.number, f.label, f.number, f.name) for f in functions().values())


def _hits(words: set[str], text: str, known: KnownTask) -> int:
    """How many of the known task's words the text uses: «word» as written, «word*» also as
    the beginning of a word («hjælpemid*» in «hjælpemiddeldepotet»), «two words» as a phrase."""
    found = 0
    for word in known.words:
        if " " in word:
            found += f" {word} " in f" {text} "
        elif word.endswith("*"):
            found += any(w.startswith(word[:-1]) for w in words)
        else:
            found += word in words
    return found


# A title with one of these names something done *about* a task, not the task itself: its IT
# system («Byggesagssystem»), a tender or purchase of it («Fælles udbud af fødevarer»,
# «Indkøbsaftale for kørestole»), a grant («Bevilling af hjælpemidler») or an allowance
# («Kørselsgodtgørelse»). Such a title names a known task only if the task's words explain all of
# it («Indkøb og udbud»).
OTHER_TASK_MARKERS = ("system", "udbud", "indkoeb", "indkoebsaftale", "bevilling", "godtgoerelse")
_GENERIC = frozenset(
    "af og i for til med paa fra den det de en et samt faelles kommunal kommunale kommunens "
    "drift ordning".split()
)


def names_another_task(title_text: str, title_words: set[str], known: KnownTask) -> bool:
    """Whether the title names another task than ``known`` (a marker word such as «-system»
    that the known task's own words do not explain); shared with the whole-sheet proposals in
    :mod:`screening.intake.function_proposals`, which apply the same rule."""
    if not any(m in w for w in title_words for m in OTHER_TASK_MARKERS):
        return False
    # The words of the known task's phrases in the title («indkøb og udbud») are its own.
    phrased = {
        w for p in known.words if " " in p and f" {p} " in f" {title_text} " for w in p.split()
    }
    return not all(_explains(known, w) for w in title_words - _GENERIC - phrased)


def _explains(known: KnownTask, word: str) -> bool:
    """The known task's words name ``word``, its marker too («udbudsenhed*» explains
    «udbudsenheden», «jobcent*» does not explain «jobcentersystem»)."""
    markers = [m for m in OTHER_TASK_MARKERS if m in word]
    for listed in known.words:
        stem = listed.rstrip("*")
        if (word == stem or (listed.endswith("*") and word.startswith(stem))) and all(
            m in stem for m in markers
        ):
            return True
    return False


@functools.cache
def word_index() -> tuple[dict[str, list[tuple[int, int]]], dict, list[tuple[str, int, int]]]:
    """The known tasks' listed words, for looking a text's words up instead of trying every
    listed word on every task: (exact words, word beginnings, phrases), each entry naming
    (known task, listed word)."""
    exact: dict[str, list[tuple[int, int]]] = {}
    prefix: dict[str, list[tuple[int, int]]] = {}
    phrases: list[tuple[str, int, int]] = []
    for k, known in enumerate(known_tasks()):
        for w, word in enumerate(known.words):
            if " " in word:
                phrases.append((word, k, w))
            elif word.endswith("*"):
                prefix.setdefault(word[:-1], []).append((k, w))
            else:
                exact.setdefault(word, []).append((k, w))
    return exact, prefix, phrases


def _scores(text: str, weight: int, scores: dict[int, int]) -> None:
    exact, prefix, phrases = word_index()
    found: set[tuple[int, int]] = set()
    for word in set(text.split()):
        found.update(exact.get(word, ()))
        for end in range(1, len(word) + 1):
            found.update(prefix.get(word[:end], ()))
    padded = f" {text} "
    found.update((k, w) for phrase, k, w in phrases if f" {phrase} " in padded)
    for k, _w in found:
        scores[k] = scores.get(k, 0) + weight


@functools.lru_cache(maxsize=1 << 16)
def known_task(title: str | None, description: str | None) -> KnownTask | None:
    """The task of the chart a task's words name, when one is named more than any other."""
    title_text, description_text = fold(title or ""), fold(description or "")
    title_words = set(title_text.split())
    scores: dict[int, int] = {}
    _scores(title_text, TITLE_WEIGHT, scores)
    _scores(description_text, 1, scores)
    catalogue = known_tasks()
    ranked = sorted(
        (
            (score, k)
            for k, score in scores.items()
            if score >= MIN_SCORE and not names_another_task(title_text, title_words, catalogue[k])
        ),
        reverse=True,
    )
    if not ranked or (len(ranked) > 1 and ranked[1][0] == ranked[0][0]):
        return None  # none named, or two named as much: no guess
    return catalogue[ranked[0][1]]


def propose(title: str | None, description: str | None) -> Function | None:
    """The function a task is most likely booked under, from its words."""
    known = known_task(title, description)
    return functions().get(known.function) if known else None

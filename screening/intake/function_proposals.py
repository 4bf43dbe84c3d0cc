"""The chart of accounts' proposal for a whole sheet's tasks at once: what
:func:`screening.kontoplan.propose` says for each task, computed once per distinct text.

A national round asks for 29,000 proposals. One at a time, each folds its title and description
in Python and looks every beginning of every word up. Here a sheet's texts are folded as one
column (:mod:`screening.intake.folding`), each distinct text is scored once, and each distinct
word is looked up once for as long as the process lives. The rule (the words' index, the title's
weight, the minimum score, a title naming another task, no guess on a tie) is kontoplan's own; a
test holds the two equal.
"""

from __future__ import annotations

import functools
import re

from screening import kontoplan
from screening.intake.folding import folded
from screening.kontoplan import MIN_SCORE, TITLE_WEIGHT, Function, functions, known_tasks

_word_hits: dict[str, tuple] = {}  # word -> what _listed_in_word says of it
# a folded text -> {known task: how many of its listed words the text uses}
_text_hits: dict[str, dict[int, int]] = {}
_names_another: dict[tuple[str, int], bool] = {}  # (title, known task) -> names another?
_MAX_REMEMBERED = 50_000  # a long-lived process reads many rounds' texts


def proposed_functions(
    titles: list[str | None], descriptions: list[str | None]
) -> list[Function | None]:
    """For each (title, description), the function kontoplan would propose, or None."""
    if len(_text_hits) > _MAX_REMEMBERED or len(_word_hits) > _MAX_REMEMBERED:
        _text_hits.clear()
        _word_hits.clear()
        _names_another.clear()
    titles = folded([title or "" for title in titles])
    descriptions = folded([description or "" for description in descriptions])
    catalogue, by_number = known_tasks(), functions()
    proposed: list[Function | None] = []
    for title, description in zip(titles, descriptions, strict=True):
        in_title = _text_hits.get(title)
        if in_title is None:
            in_title = _text_hits[title] = _hits_in(title)
        in_description = _text_hits.get(description)
        if in_description is None:
            in_description = _text_hits[description] = _hits_in(description)
        if not in_title and not in_description:
            proposed.append(None)
            continue
        scores = {known: hits * TITLE_WEIGHT for known, hits in in_title.items()}
        for known, hits in in_description.items():
            scores[known] = scores.get(known, 0) + hits
        best = _best(scores, title, catalogue)
        proposed.append(None if best is None else by_number.get(catalogue[best].function))
    return proposed


def _hits_in(text: str) -> dict[int, int]:
    """How many of each known task's listed words a folded text uses, as kontoplan counts."""
    found: set[tuple[int, int]] = set()
    for word in text.split():
        of_word = _word_hits.get(word)
        if of_word is None:
            of_word = _word_hits[word] = _listed_in_word(word)
        if of_word:  # most words name no known task
            listed, phrases = of_word
            found |= listed
            for phrase, known, phrase_index in phrases:
                if phrase in f" {text} ":
                    found.add((known, phrase_index))
    hits: dict[int, int] = {}
    for known, _listed in found:
        hits[known] = hits.get(known, 0) + 1
    return hits


def _listed_in_word(word: str) -> tuple:
    """The (known task, listed word) pairs one word uses, as written or as a listed word's
    beginning, and the listed phrases that begin with it (a phrase is in a text only if its
    first word is); () when there are none."""
    lengths = _prefix_lengths()
    if word[: lengths[0]] not in _shortest_beginnings() and word not in _whole_words():
        return ()  # most words: told by two set look-ups
    exact, prefix, _ = kontoplan.word_index()
    listed = list(exact.get(word, ()))
    # Only as long as a listed beginning, and only a word that begins as one of them does:
    # most words are shorter, or begin otherwise.
    if word[: lengths[0]] in _shortest_beginnings():
        for end in lengths:
            if end > len(word):
                break
            listed.extend(prefix.get(word[:end], ()))
    starting = _phrases_by_first_word().get(word, ())
    return (frozenset(listed), starting) if listed or starting else ()


@functools.cache
def _prefix_lengths() -> list[int]:
    return sorted({len(beginning) for beginning in kontoplan.word_index()[1]})


@functools.cache
def _shortest_beginnings() -> frozenset[str]:
    """The listed beginnings cut to the shortest one's length."""
    return frozenset(beginning[: _prefix_lengths()[0]] for beginning in kontoplan.word_index()[1])


@functools.cache
def _whole_words() -> frozenset[str]:
    """The words that name something as written: listed words and phrases' first words."""
    return frozenset(kontoplan.word_index()[0]) | frozenset(_phrases_by_first_word())


@functools.cache
def _phrases_by_first_word() -> dict[str, tuple[tuple[str, int, int], ...]]:
    by_first: dict[str, tuple[tuple[str, int, int], ...]] = {}
    for phrase, known, listed in kontoplan.word_index()[2]:
        first = phrase.split()[0]
        by_first[first] = (*by_first.get(first, ()), (f" {phrase} ", known, listed))
    return by_first


def _another_task(title: str, known: int, catalogue) -> bool:
    """kontoplan.names_another_task, once per title and known task for as long as the process
    lives: a round's files share many titles."""
    said = _names_another.get((title, known))
    if said is None:
        said = _names_another[title, known] = kontoplan.names_another_task(
            title, set(title.split()), catalogue[known]
        )
    return said


# A marker word anywhere in a folded title (its words are separated by single spaces only).
_MARKERS = re.compile("|".join(map(re.escape, kontoplan.OTHER_TASK_MARKERS)))


def _best(scores: dict[int, int], title: str, catalogue) -> int | None:
    ranked = sorted(
        ((score, known) for known, score in scores.items() if score >= MIN_SCORE), reverse=True
    )
    # Most titles hold none of the marker words, and then the rule cannot drop a known task.
    if _MARKERS.search(title):
        ranked = [
            (score, known) for score, known in ranked if not _another_task(title, known, catalogue)
        ]
    if not ranked or (len(ranked) > 1 and ranked[1][0] == ranked[0][0]):
        return None  # none named, or two named as much: no guess
    return ranked[0][1]

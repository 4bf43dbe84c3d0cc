"""Properties of the cell parsers, over every way people write numbers, yes/no and vocabulary:
the value they meant comes back, and no text whatever makes a parser raise."""

from __future__ import annotations

import datetime as dt
import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from screening.danish import number as danish_number
from screening.intake.parsing import (
    format_number,
    parse_choice,
    parse_choices,
    parse_flag,
    parse_number,
)
from screening.vocabulary import (
    COOPERATION_FORMS,
    GOALS,
    SERVICE_AREAS,
    TASK_TYPES,
    spellings,
)

VOCABULARIES = {
    "goals": GOALS,
    "task_types": TASK_TYPES,
    "cooperation_forms": COOPERATION_FORMS,
    "service_areas": SERVICE_AREAS,
}
SPELLINGS = [
    (name, term.code, spelling)
    for name, terms in VOCABULARIES.items()
    for term in terms
    for spelling in spellings(term)
]
YES = ["ja", "j", "yes", "y", "x", "1", "sand", "true", "✓", "✔"]
NO = ["nej", "n", "no", "0", "falsk", "false", "-"]

anything_typed = st.one_of(
    st.text(),
    st.text(alphabet="0123456789.,- kr%mio.ca"),
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(allow_nan=True, allow_infinity=True),
    st.dates(),
    st.datetimes(),
    st.times(),
)


def danish(number: int) -> str:
    """1250000 -> "1.250.000", as a Dane writes it."""
    return f"{number:,}".replace(",", ".")


@st.composite
def retyped(draw, text: str) -> str:
    """``text`` as a person might type it: any case, extra or missing spaces, hyphens for
    spaces, æ/ø/å as ae/oe/aa, or å decomposed as a Mac may send it."""
    chars = []
    for ch in text:
        if ch == " ":
            ch = draw(st.sampled_from([" ", "  ", "-", " - ", ""]))
        elif ch.lower() in "æøå" and draw(st.booleans()):
            ch = {"æ": "ae", "ø": "oe", "å": "aa"}[ch.lower()]
        if draw(st.booleans()):
            ch = ch.upper() if draw(st.booleans()) else ch.lower()
        chars.append(ch)
    typed = "".join(chars)
    if draw(st.booleans()):
        typed = unicodedata.normalize("NFD", typed)
    return draw(st.sampled_from(["", " ", "\u00a0"])) + typed + draw(st.sampled_from(["", " "]))


# --- numbers -------------------------------------------------------------------------------------


@given(st.integers(min_value=-(10**12), max_value=10**12))
def test_whole_kroner_with_thousands_dots_read_as_written(number: int):
    parsed = parse_number(danish(number))
    assert parsed.ok and parsed.value == number
    assert parsed.note is None  # a plain Danish number needs no warning


@given(
    st.integers(min_value=0, max_value=10**12),
    st.sampled_from([" kr.", " kr", "kr.", " DKK", " Kr."]),
)
def test_kroner_suffix_is_dropped_and_noted(number: int, suffix: str):
    parsed = parse_number(danish(number) + suffix)
    assert parsed.value == number
    assert parsed.note == f"tolket som {danish(number)}"


@given(
    st.integers(min_value=0, max_value=10**9),
    st.text(alphabet="0123456789", min_size=1, max_size=4),
    st.booleans(),
)
def test_decimal_comma_read_as_written(whole: int, decimals: str, with_dots: bool):
    typed = f"{danish(whole) if with_dots else whole},{decimals}"
    parsed = parse_number(typed)
    assert parsed.value == float(f"{whole}.{decimals}")
    assert parsed.note is None


@given(
    st.integers(min_value=0, max_value=999),
    st.text(alphabet="0123456789", max_size=2),
    st.sampled_from([" mio.", " mio", " mio. kr.", " mill.", " millioner", "mio"]),
    st.sampled_from(["", "ca. ", "Ca. ", "cirka "]),
)
def test_millions_multiply_by_a_million(whole: int, decimals: str, unit: str, about: str):
    typed = f"{about}{whole}{',' + decimals if decimals else ''}{unit}"
    parsed = parse_number(typed)
    assert parsed.value == pytest.approx(float(f"{whole}.{decimals or 0}") * 1_000_000)
    assert parsed.note is not None and parsed.note.startswith("tolket som ")


@given(st.one_of(st.integers(-(10**15), 10**15), st.floats(allow_nan=False)))
def test_numbers_excel_stored_as_numbers_are_taken_as_they_are(number):
    parsed = parse_number(number)
    assert parsed.value == float(number) and parsed.note is None


@given(anything_typed)
def test_no_cell_makes_the_number_parser_raise(value):
    parsed = parse_number(value)
    assert parsed.ok or parsed.value is None
    assert parsed.value is None or isinstance(parsed.value, float)


def test_words_and_dates_are_not_numbers():
    assert not parse_number("en del").ok
    assert not parse_number(dt.date(2026, 5, 7)).ok
    assert not parse_number(True).ok


# --- yes / no ------------------------------------------------------------------------------------


@given(st.sampled_from(YES), st.data())
def test_every_yes_is_yes_in_any_case(word: str, data):
    typed = data.draw(retyped(word))
    assert parse_flag(typed).value is True


@given(st.sampled_from(NO), st.data())
def test_every_no_is_no_in_any_case(word: str, data):
    typed = data.draw(retyped(word))
    assert parse_flag(typed).value is False


def test_only_ja_and_nej_are_read_without_a_note():
    assert parse_flag("JA").note is None and parse_flag("Nej").note is None
    assert parse_flag("x").note == "tolket som «Ja»"
    assert parse_flag("n").note == "tolket som «Nej»"


@given(anything_typed)
def test_no_cell_makes_the_flag_parser_raise(value):
    parsed = parse_flag(value)
    assert parsed.value in (True, False, None)
    assert parsed.ok or parsed.value is None


# --- vocabulary ----------------------------------------------------------------------------------


@pytest.mark.parametrize(("vocabulary", "code", "spelling"), SPELLINGS)
def test_every_spelling_as_typed_maps_to_its_own_term(vocabulary, code, spelling):
    @settings(max_examples=30)
    @given(retyped(spelling))
    def check(typed: str):
        parsed = parse_choice(typed, VOCABULARIES[vocabulary])
        assert parsed.ok and parsed.value == code, typed

    check()


@pytest.mark.parametrize("vocabulary", VOCABULARIES)
def test_labels_in_any_case_are_read_without_a_note(vocabulary):
    for term in VOCABULARIES[vocabulary]:
        for written in (term.label, term.label.upper(), f" {term.short.lower()} "):
            assert parse_choice(written, VOCABULARIES[vocabulary]).note is None, written


@given(
    st.lists(st.sampled_from(GOALS), min_size=1, max_size=6, unique=True),
    st.sampled_from(["label", "short"]),
    st.sampled_from(["; ", ";", "\n", " ;\n"]),
)
def test_several_goals_in_one_cell_are_all_found(goals, form, separator):
    cell = separator.join(getattr(goal, form) for goal in goals)
    found, unknown = parse_choices(cell, GOALS)
    assert found == [g.code for g in GOALS if g in goals]  # in the vocabulary's order
    assert unknown == []


@given(st.lists(st.sampled_from(GOALS), min_size=1, max_size=6, unique=True))
def test_short_goal_names_may_be_joined_by_commas_and_og(goals):
    names = [g.short for g in goals]
    cell = ", ".join(names[:-1]) + (" og " if len(names) > 1 else "") + names[-1]
    assert parse_choices(cell, GOALS) == ([g.code for g in GOALS if g in goals], [])


@given(st.sampled_from(list(VOCABULARIES)), anything_typed)
def test_no_cell_makes_the_vocabulary_parsers_raise(vocabulary, value):
    terms = VOCABULARIES[vocabulary]
    parsed = parse_choice(value, terms)
    assert parsed.value is None or parsed.value in {t.code for t in terms}
    found, unknown = parse_choices(value, terms)
    assert set(found) <= {t.code for t in terms}
    assert all(isinstance(part, str) and part for part in unknown)


@settings(max_examples=2000)
@given(
    st.one_of(
        # Babel itself gives up past 28 digits (see the test below).
        st.floats(min_value=-1e20, max_value=1e20),
        st.floats(min_value=0, max_value=1e7).map(lambda x: round(x, 3)),
        st.integers(min_value=-(10**20), max_value=10**20),
    )
)
def test_numbers_said_back_as_babel_writes_them(number):
    """A number said back in a finding reads as Babel writes it for da_DK, whatever it is."""
    decimals = 0 if float(number).is_integer() else 2
    assert format_number(number) == danish_number(number, decimals)


def test_a_huge_amount_is_said_back_without_stopping_the_reading():
    parsed = parse_number("10000000000000000000000000000 kr.")
    assert parsed.value == 1e28
    assert parsed.note == "tolket som 10.000.000.000.000.000.000.000.000.000"

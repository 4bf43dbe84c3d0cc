"""What people type in a cell becomes the value they meant, and odd values are noted."""

import pytest

from screening.intake.parsing import parse_choice, parse_flag, parse_number
from screening.vocabulary import COOPERATION_FORMS, TASK_TYPES


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        (1250000, 1_250_000),
        ("1.250.000", 1_250_000),
        ("1.250.000 kr.", 1_250_000),
        ("1,5 mio. kr.", 1_500_000),
        ("ca. 2 mio", 2_000_000),
        ("12,5", 12.5),
        (7.5, 7.5),
        # As budgets and accounts write amounts.
        ("6.000 t.kr.", 6_000_000),
        ("3.000 (t.kr.)", 3_000_000),
        ("Tkr. 300", 300_000),
        ("4 (mio. kr.)", 4_000_000),
        ("9.100.000,-", 9_100_000),
        ("1.300.000 kr./år", 1_300_000),
        ("2\u202f000\u202f000", 2_000_000),
        ("\u2212100.000", -100_000),
        ("(150.000)", -150_000),
        (".5", 0.5),
        ("13\u200b", 13),  # an invisible space pasted along
    ],
)
def test_danish_numbers(typed, expected):
    assert parse_number(typed).value == pytest.approx(expected)


def test_number_written_as_text_is_noted_but_plain_number_is_not():
    assert parse_number("1,5 mio. kr.").note == "tolket som 1.500.000"
    assert parse_number(1_500_000).note is None


def test_words_are_not_numbers():
    assert not parse_number("en del").ok
    assert not parse_number("1/2").ok  # not twelve
    assert not parse_number("(t.kr.)").ok


@pytest.mark.parametrize(
    ("typed", "expected"),
    [("Ja", True), ("x", True), ("✓", True), ("nej", False), ("", None), ("Ja\u200b", True)],
)
def test_yes_no(typed, expected):
    assert parse_flag(typed).value is expected


def test_vocabulary_compared_by_meaning():
    assert parse_choice("shared-service", COOPERATION_FORMS).value == "shared_service"
    assert parse_choice("Fælles udbud", COOPERATION_FORMS).value == "joint_procurement"
    assert parse_choice("faelles udbud", COOPERATION_FORMS).note == "tolket som «Fælles udbud»"
    assert parse_choice("Systemer (IT)", TASK_TYPES).value == "systems"
    assert not parse_choice("Outsourcing", COOPERATION_FORMS).ok

"""The reader's language: Danish by default, English from the catalogues, Babel's formats."""

from __future__ import annotations

import threading
from datetime import date

from screening import i18n
from screening.i18n import _


def test_danish_is_the_default_and_english_comes_from_the_catalogue():
    i18n.use_language("da")
    assert _("Bruttoliste") == "Bruttoliste"
    i18n.use_language("en")
    assert _("Bruttoliste") == "Gross list"
    # A text without an English entry is shown in Danish, never as nothing.
    assert _("En tekst uden oversættelse") == "En tekst uden oversættelse"
    i18n.use_language("da")


def test_an_unknown_language_means_danish():
    assert i18n.use_language("xx") == "da"
    assert _("Bruttoliste") == "Bruttoliste"


def test_numbers_money_and_dates_follow_the_language():
    i18n.use_language("da")
    assert i18n.number(1234567.5) == "1.234.568"
    assert i18n.number(7.26, decimals=1) == "7,3"
    assert i18n.money(1234567.5, decimals=2) == "1.234.567,50\xa0kr."
    assert i18n.date_text(date(2026, 12, 2)) == "2. december 2026"
    i18n.use_language("en")
    assert i18n.number(1234567.5) == "1,234,568"
    assert i18n.money(1234567.5) == "DKK\xa01,234,568"
    assert i18n.date_text(date(2026, 12, 2)) == "2 December 2026"
    i18n.use_language("da")


def test_one_readers_language_does_not_leak_into_another_thread():
    seen: list[str] = []
    i18n.use_language("en")

    def other_reader() -> None:
        seen.append(_("Bruttoliste"))

    thread = threading.Thread(target=other_reader)
    thread.start()
    thread.join()
    assert seen == ["Bruttoliste"]
    i18n.use_language("da")


def test_a_text_in_two_areas_catalogues_reads_the_same_in_both():
    """One Danish text, one English: the areas' catalogues are read together, so two readings
    would make the last file read decide what a page shows."""
    from babel.messages.pofile import read_po

    first: dict[str, tuple[str, str]] = {}
    differing = []
    for path in sorted((i18n.CATALOGUE_DIR / "en").glob("*.po")):
        with path.open("rb") as handle:
            for message in read_po(handle):
                if not (message.id and isinstance(message.id, str) and message.string):
                    continue
                where, english = first.setdefault(message.id, (path.name, message.string))
                if english != message.string:
                    differing.append((message.id, where, english, path.name, message.string))
    assert differing == []


def test_any_figure_a_file_can_hold_is_written_out() -> None:
    """A cell typed with far too many digits, or a figure near nought, is written back in full
    in both languages (in a finding, on a page), not a crash in the number formatting."""
    from screening.danish import number as danish_number

    try:
        for language in i18n.LANGUAGES:
            i18n.use_language(language)
            for value in (1e30, -1e300, 1.7976931348623157e308, 1e-90, 5e-324):
                assert i18n.number(value).lstrip("-")[:1].isdigit()
                assert any(c.isdigit() for c in i18n.money(value))
                assert any(c.isdigit() for c in i18n.percent(value))
                assert danish_number(value, 2).lstrip("-")[:1].isdigit()
        i18n.use_language("en")
        assert i18n.money(1e30) == "DKK\xa01,000,000,000,000,000,000,000,000,000,000"
    finally:
        i18n.use_language(i18n.DEFAULT_LANGUAGE)
    assert danish_number(1e30) == "1.000.000.000.000.000.000.000.000.000.000"

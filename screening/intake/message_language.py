"""What the intake wrote about a file, in the reader's language: a finding's message, and what
a file changed against the municipality's current one.

The reader writes these in Danish, and the warehouse keeps them that way: they are the same for
every reader, and a file read once is not read again for a reader of another language. So the
English is found where they are shown. Each message is written from a template (the checks'
f-strings); ``screening/locale/en/findings.po`` holds those templates as msgids with their
values as named placeholders, and the English for each. A message is matched against the
templates, the most specific first, and written again with the English template and the same
values; a message of several sentences no one template matches (what a file changed) is
matched sentence by sentence.

A placeholder's name says what its value is: ``…_number`` is a number written the Danish way
(written again the reader's way), ``…_text`` is a part that is itself a template, ``…_list`` is
such parts separated by «; »; any other value (a cell's text, a header, a file's name) is said
back as it was written, since that is what the sender sees in the file.

A message no template matches is shown in Danish rather than not at all; the tests read every
message the corpus of real-world files gives and require each to be matched in full.
"""

from __future__ import annotations

import decimal
import re
from dataclasses import dataclass
from decimal import Decimal
from functools import cache, lru_cache

from babel import numbers as babel_numbers
from babel.messages.pofile import read_po

from screening.danish import ALL_DIGITS
from screening.i18n import CATALOGUE_DIR, DEFAULT_LANGUAGE, LOCALES, current_language

FINDINGS_CATALOGUE = "findings.po"
_PLACEHOLDER = re.compile(r"\{(\w+)\}")
# Danish digits: «1.500.000», «0,50», «-3».
_DANISH_NUMBER = r"-?\d[\d.]*(?:,\d+)?"


@dataclass(frozen=True)
class Translation:
    text: str
    complete: bool  # every part of the message matched a template


@dataclass(frozen=True)
class _Template:
    pattern: re.Pattern
    translation: str


def in_reader_language(message: str | None) -> str | None:
    """``message`` (a finding's, or what a file changed, in Danish) in the reader's language."""
    language = current_language()
    if language == DEFAULT_LANGUAGE or not message:
        return message
    return translation(message, language).text


@lru_cache(maxsize=20_000)
def translation(message: str, language: str) -> Translation:
    """``message`` written with ``language``'s template; the Danish text where none matches."""
    for template in _templates(language):
        found = template.pattern.fullmatch(message)
        if found is None:
            continue
        values, complete = {}, True
        for name, value in found.groupdict().items():
            values[name], part_complete = _value(name, value, language)
            complete = complete and part_complete
        return Translation(template.translation.format(**values), complete)
    sentences = _sentences(message)
    if len(sentences) > 1:
        parts = [translation(sentence, language) for sentence in sentences]
        return Translation(" ".join(p.text for p in parts), all(p.complete for p in parts))
    return Translation(message, False)


def _sentences(text: str) -> list[str]:
    """``text`` cut after each «. » outside quotes and brackets: a title in «…» may hold one."""
    sentences, start, depth = [], 0, 0
    for index, character in enumerate(text):
        if character in "«(":
            depth += 1
        elif character in "»)":
            depth = max(depth - 1, 0)
        elif character == "." and depth == 0 and text[index + 1 : index + 2] == " ":
            sentences.append(text[start : index + 1])
            start = index + 2
    return [*sentences, text[start:]] if start < len(text) else sentences


def _value(name: str, value: str, language: str) -> tuple[str, bool]:
    if name.endswith("_number"):
        return _number(value, language), True
    if name.endswith("_text"):
        part = translation(value, language)
        return part.text, part.complete
    if name.endswith("_list"):
        parts = [translation(item, language) for item in value.split("; ")]
        return "; ".join(p.text for p in parts), all(p.complete for p in parts)
    return value, True


def _number(danish: str, language: str) -> str:
    """A number as the Danish message wrote it, in ``language``'s way, with as many decimals."""
    whole, _, decimals = danish.replace(".", "").partition(",")
    pattern = "#,##0" + ("." + "0" * len(decimals) if decimals else "")
    value = Decimal(f"{whole}.{decimals}" if decimals else whole)
    with decimal.localcontext(ALL_DIGITS):
        return babel_numbers.format_decimal(value, format=pattern, locale=LOCALES[language])


@cache
def _templates(language: str) -> tuple[_Template, ...]:
    """The catalogue's templates, the one with the most fixed text first: where a message fits
    two (a value that happens to hold a template's words), the more specific one is meant."""
    path = CATALOGUE_DIR / language / FINDINGS_CATALOGUE
    if not path.is_file():
        return ()
    with path.open("rb") as handle:
        catalogue = read_po(handle, locale=LOCALES[language])
    entries = [(m.id, m.string) for m in catalogue if m.id and m.string]
    entries.sort(key=lambda entry: -len(_PLACEHOLDER.sub("", entry[0])))
    return tuple(_Template(_pattern(danish), english) for danish, english in entries)


def _pattern(template: str) -> re.Pattern:
    parts, position = [], 0
    for placeholder in _PLACEHOLDER.finditer(template):
        parts.append(re.escape(template[position : placeholder.start()]))
        name = placeholder.group(1)
        value = _DANISH_NUMBER if name.endswith("_number") else ".*?"
        parts.append(f"(?P<{name}>{value})")
        position = placeholder.end()
    parts.append(re.escape(template[position:]))
    return re.compile("".join(parts), re.DOTALL)

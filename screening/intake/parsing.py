"""Turn what people type in a cell into typed values: numbers, yes/no and vocabulary codes.

Each parser returns the value and, when it had to interpret what was written, a note saying how;
the caller turns notes into warnings so nothing is guessed silently.
"""

from __future__ import annotations

import math
import re
import unicodedata
from dataclasses import dataclass
from decimal import ROUND_HALF_EVEN, Context, Decimal

from screening.danish import number as danish_number
from screening.text import cell_text
from screening.vocabulary import Term, interpret_term


@dataclass(frozen=True)
class Parsed:
    value: object
    ok: bool = True
    note: str | None = None  # set when the value was interpreted, not read as written


# Not \b before the unit: "2mio" is as common as "2 mio".
_MILLION = re.compile(r"(?<![a-zæøå])(mio|mill|million|millioner)\b\.?")
_BILLION = re.compile(r"(?<![a-zæøå])(mia|mrd|milliard|milliarder)\b\.?")
# «t.kr.», «tkr.», «tusind kr.»: thousands of kroner, as budgets are often written.
_THOUSAND = re.compile(r"(?<![a-zæøå])(t\.\s?kr|tkr|tusinde? kr)\b\.?")
# «9.100.000,-» (whole kroner) and «kr./år», «pr. år»: nothing the number needs.
_NUMBER_TAIL = re.compile(r",-+$|(/|\bpr\.?)\s*(år|aar)\b")
# Spaces between thousands (the no-break and the thin ones Word and Excel put there) and the
# minus signs typographers use.
# Invisible characters pasted along with a value from a web page or a document («13\u200b»).
_ZERO_WIDTH = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff"))
_NUMBER_MARKS = str.maketrans({"\u00a0": " ", "\u202f": " ", "\u2009": " ", "\u2212": "-"})
# An amount followed by a note in brackets; the note may not hold brackets itself (no nesting,
# so the match stays linear).
_BRACKETED_NOTE = re.compile(r"([^()]*)\(([^()]*)\)")
_NUMBER_NOISE = re.compile(r"(kr\.?|dkk|ca\.?|cirka|omkring|årsværk|aarsvaerk|år|aar)", re.I)


def parse_number(value: object) -> Parsed:
    """A Danish number: 1250000, "1.250.000", "1.250.000 kr.", "1,5 mio. kr.", "12,5"."""
    if isinstance(value, bool):
        return Parsed(None, ok=False)
    if isinstance(value, int | float):
        return Parsed(float(value))
    text = cell_text(value).translate(_ZERO_WIDTH).lower()
    if not text:
        return Parsed(None)
    if text.endswith(")") and (bracketed := _BRACKETED_NOTE.fullmatch(text)) is not None:
        amount, note = bracketed.group(1), bracketed.group(2)
        if not amount.strip():
            # «(150.000)»: a negative amount, as accountants write it.
            inside = parse_number(note)
            if inside.value is None or not re.search(r"\d", note):
                return Parsed(None, ok=False)
            number = -float(inside.value)  # type: ignore[arg-type]
            return Parsed(number, note=f"tolket som {format_number(number)}")
        if _is_unit(note):
            # «3.000 (t.kr.)»: the note is the amount's unit.
            return parse_number(f"{amount} {note}")
        # «2.400.000 (budget 2026)»: the amount, and the note said back so it is not lost.
        parsed = parse_number(amount)
        if parsed.value is None:
            return Parsed(None, ok=False)
        shown = cell_text(value)[bracketed.start(2) : bracketed.end(2)]
        return Parsed(
            parsed.value,
            note=f"tolket som {format_number(parsed.value)}; noten «{shown}» i parentesen er "
            "ikke en del af tallet",
        )
    text = _NUMBER_TAIL.sub(" ", text.translate(_NUMBER_MARKS).replace("–", "-"))
    factor = 1.0
    if _MILLION.search(text):
        factor = 1_000_000.0
        text = _MILLION.sub(" ", text)
    elif _BILLION.search(text):
        factor = 1_000_000_000.0
        text = _BILLION.sub(" ", text)
    elif _THOUSAND.search(text):
        factor = 1_000.0
        text = _THOUSAND.sub(" ", text)
    text = _NUMBER_NOISE.sub(" ", text).strip(" ").rstrip(" .")
    # «.5» is a half; a dot before anything else is left from a unit («kr.») and goes.
    text = "0" + text if text[:1] == "." and text[1:2].isdigit() else text.lstrip(" .")
    text = text.replace(" ", "")
    if not re.fullmatch(r"-?[\d.,]+", text or "x"):
        return Parsed(None, ok=False)
    if "," in text:
        # Danish: dots group thousands, the comma is the decimal mark.
        text = text.replace(".", "").replace(",", ".")
    elif re.fullmatch(r"-?\d{1,3}(\.\d{3})+", text):
        text = text.replace(".", "")
    try:
        # Rounded to øre: 8.2 * 1e6 is 8199999.999999999 in binary, and must read 8.200.000.
        number = round(float(text) * factor, 2) if factor != 1.0 else float(text)
    except ValueError:
        return Parsed(None, ok=False)
    note = None
    if factor != 1.0 or not _PLAIN_DANISH_NUMBER.fullmatch(cell_text(value)):
        note = f"tolket som {format_number(number)}"
    return Parsed(number, note=note)


def _is_unit(note: str) -> bool:
    """«t.kr.», «mio. kr.», «kr.»: a note in brackets that only says the amount's unit."""
    if re.search(r"\d", note):
        return False
    rest = _NUMBER_NOISE.sub(" ", _BILLION.sub(" ", _MILLION.sub(" ", _THOUSAND.sub(" ", note))))
    return not rest.strip(" .") and note.strip() != ""


# "1250000", "1.250.000", "12,5", "1.250.000,50": read as written, nothing to note.
_PLAIN_DANISH_NUMBER = re.compile(r"-?(\d+|\d{1,3}(\.\d{3})+)(,\d+)?")


def format_number(number: float) -> str:
    """How an interpreted number is shown back: whole numbers without decimals, else two."""
    decimals = 0 if float(number).is_integer() else 2
    if not math.isfinite(number):
        return danish_number(number, decimals)
    # What Babel writes for da_DK (the number as written, rounded half to even, dots between
    # thousands, a decimal comma), without its pattern machinery: a round's findings say
    # thousands of numbers back. The context holds any float's digits, where Babel's default
    # one gives up past 28 («10000000000000000000000000000 kr.» must not stop the reading).
    written = Decimal(str(number)).quantize(_QUANTUM[decimals], context=_EVERY_DIGIT)
    return format(written, ",f").translate(_DANISH_MARKS)


_QUANTUM = {0: Decimal(1), 2: Decimal("0.01")}
_EVERY_DIGIT = Context(prec=400, rounding=ROUND_HALF_EVEN)
_DANISH_MARKS = str.maketrans(",.", ".,")


_YES = {"ja", "j", "yes", "y", "x", "1", "sand", "true", "✓", "✔"}
_NO = {"nej", "n", "no", "0", "falsk", "false", "-"}


def parse_flag(value: object) -> Parsed:
    """Yes/no: Ja/Nej and the variants people type (x, ✓, 1, yes ...). Blank is no answer."""
    if isinstance(value, bool):
        return Parsed(value)
    if isinstance(value, int | float):
        if value in (0, 1):
            return Parsed(bool(value))
        return Parsed(None, ok=False)
    text = cell_text(value).translate(_ZERO_WIDTH).strip().lower()
    if not text:
        return Parsed(None)
    if text in _YES:
        return Parsed(True, note=None if text == "ja" else "tolket som «Ja»")
    if text in _NO:
        return Parsed(False, note=None if text == "nej" else "tolket som «Nej»")
    if text.startswith("delvis"):
        # Partly authority exercise is authority exercise: it must be flagged, never ranked as
        # free of it.
        return Parsed(True, note=f"«{cell_text(value)}» tolket som «Ja», fordi en del er det")
    return Parsed(None, ok=False)


def parse_choice(value: object, terms: tuple[Term, ...], by_words: bool = True) -> Parsed:
    """A vocabulary value: label, short form, code or a known alias, compared by meaning; else
    a misspelling of one, or the words it shares with one (see
    :func:`screening.vocabulary.interpret_term`). Anything but the label itself is noted."""
    text = cell_text(value)
    if not text:
        return Parsed(None)
    found = interpret_term(text, terms, by_words=by_words)
    if found is None:
        return Parsed(None, ok=False)
    term = found.term
    # Only case and spacing differ from the label ("partnerskab"): read as written.
    exact = _as_written(text) in (_as_written(term.label), _as_written(term.short))
    return Parsed(term.code, note=None if exact else f"tolket som «{term.label}»")


def _as_written(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).split()).casefold()


# «;» and line breaks always separate values; «,», «/», «+», «og» and «&» only where the text
# between them is not a value on its own (the goals' labels contain «,», «/» and «og»).
# No «\s*» around them: tried from every space of a long run of spaces, it made the split
# quadratic (16,000 spaces in one cell: 7 s); the parts are stripped instead.
_LIST_SEPARATORS = re.compile(r"[;\n]")
_WEAK_SEPARATORS = re.compile(r"(?:[,/+]|\bog\b|&)")


def parse_choices(value: object, terms: tuple[Term, ...]) -> tuple[list[str], list[str]]:
    """Several values in one cell ("rationel drift; sårbarhed"): the codes found, in vocabulary
    order, and the parts that matched nothing. The whole cell is tried first, but only by its
    spelling (the labels contain «,», «/» and «og»): by shared words, «Økonomi, sårbarhed»
    would read as one goal. Each part is then tried by spelling and by words."""
    text = cell_text(value)
    whole = parse_choice(text, terms, by_words=False)
    if whole.ok and whole.value:
        return [whole.value], []
    found, unknown = set(), []
    for part in map(str.strip, _LIST_SEPARATORS.split(text)):
        parsed = parse_choice(part, terms, by_words=False)
        if parsed.ok and parsed.value:
            found.add(parsed.value)
            continue
        for piece in map(str.strip, _WEAK_SEPARATORS.split(part)):
            if not piece:
                continue
            parsed = parse_choice(piece, terms)
            if parsed.ok and parsed.value:
                found.add(parsed.value)
            else:
                unknown.append(piece.strip())
    return [t.code for t in terms if t.code in found], unknown

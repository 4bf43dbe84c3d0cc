"""Figures that read fine but are hardly what was meant: warnings, never errors, each on its
cell, so the sender checks them and nothing is changed.

- a potential above the cost base (more saved than is spent);
- a cost base per årsværk outside what a municipal task costs: below ``MIN_COST_PER_FTE``
  the amount is most likely written in thousands of kroner, above ``MAX_COST_PER_FTE`` the
  årsværk or the amount has a digit too many;
- a figure ``SIZE_FACTOR`` times larger or smaller than the same column's median in the
  file's other rows (kroner against thousands of kroner, or a typo).

Time horizons that are negative, a year («2027») or beyond the template's limit are refused by
the cell reader itself (see task_rows), also as warnings.
"""

from __future__ import annotations

import bisect

import numpy as np

from screening.danish import number as danish_number
from screening.intake.column_letters import column_letter
from screening.intake.findings import WARNING, Finding
from screening.intake.parsing import format_number
from screening.template.spec import Column

MIN_COST_PER_FTE = 100_000  # kr.: less than a fifth of one salary per årsværk
MAX_COST_PER_FTE = 20_000_000  # kr.: contracts and materiel, but not this much per person
SIZE_FACTOR = 100  # times the median of the other rows
MIN_OTHER_ROWS = 4  # a median of fewer rows says too little about the file
_SIZED = ("cost_base_dkk", "fte", "potential_dkk")


def _kr(value: float) -> str:
    return danish_number(value, 0)


def plausibility_findings(
    tasks: dict[str, list], columns: dict[int, Column], file: str, sheet: str | None
) -> list[Finding]:
    """Warnings on a sheet's figures; ``tasks`` are its tasks' columns (see task_table)."""
    index_of = {c.code: i for i, c in columns.items()}
    findings: list[Finding] = []

    def warn(source_row: int, code: str, value, message: str) -> None:
        column = columns[index_of[code]]
        findings.append(
            Finding(
                WARNING,
                file,
                message,
                sheet=sheet,
                row=source_row,
                column=column_letter(index_of[code]),
                header=column.header,
                value=None if value is None else danish_number(value, 0 if value % 1 == 0 else 2),
            )
        )

    # Each column's filled figures sorted once: the median of the other rows is then read off
    # by position instead of sorting the column again for every row.
    figures = [tasks[code] for code in _SIZED]
    arrays = _finite_arrays(figures)
    if arrays is None:  # the rule itself decides for every row
        filled = {code: sorted(v for v in tasks[code] if v) for code in _SIZED}
        to_check: list[int] = list(range(len(figures[0])))
    else:
        # Sorted as sorted() sorts them: the same figures (no NaN among them, nor 0 and -0).
        ordered = {
            code: np.sort(a[(a != 0) & ~np.isnan(a)])
            for code, a in zip(_SIZED, arrays, strict=True)
        }
        to_check = _rows_to_check(arrays, ordered, index_of)
        filled = {code: column.tolist() for code, column in ordered.items()} if to_check else {}
    # Only the rows whose figures could be warned about are gone through here; which ones is
    # worked out for the whole sheet at once (a superset: the rule below decides).
    for place in to_check:
        source_row = tasks["source_row"][place]
        cost, fte, potential = (column[place] for column in figures)
        warned = set()  # one warning per cell is enough: the per-årsværk one says which unit
        if cost and potential and potential > cost and "potential_dkk" in index_of:
            warn(
                source_row,
                "potential_dkk",
                potential,
                f"Potentialet ({_kr(potential)} kr.) er større end udgiftsbasen ({_kr(cost)} kr.): "
                "der kan ikke spares mere, end opgaven koster. Tjek begge tal.",
            )
            warned.add("potential_dkk")
        if cost and fte and fte >= 0.5 and "cost_base_dkk" in index_of:
            per_fte = cost / fte
            if per_fte < MIN_COST_PER_FTE:
                warn(
                    source_row,
                    "cost_base_dkk",
                    cost,
                    f"Udgiftsbasen er kun {_kr(per_fte)} kr. pr. årsværk ({_kr(cost)} kr. for "
                    f"{format_number(fte)} årsværk). Er beløbet skrevet i 1.000 kr.? Skriv "
                    "det i hele kroner.",
                )
                warned.add("cost_base_dkk")
            elif per_fte > MAX_COST_PER_FTE:
                warn(
                    source_row,
                    "cost_base_dkk",
                    cost,
                    f"Udgiftsbasen er {_kr(per_fte)} kr. pr. årsværk ({_kr(cost)} kr. for "
                    f"{format_number(fte)} årsværk). Tjek beløbet og antallet af årsværk.",
                )
                warned.add("cost_base_dkk")
        for code, value in zip(_SIZED, (cost, fte, potential), strict=True):
            if not value or code not in index_of or code in warned:
                continue
            if len(filled[code]) - 1 < MIN_OTHER_ROWS:
                continue
            median = _median_without(filled[code], value)
            if median and not 1 / SIZE_FACTOR <= value / median <= SIZE_FACTOR:
                ratio = value / median
                size = (
                    f"{_kr(ratio)} gange større end"
                    if ratio > 1
                    # A figure near nought against the others' makes the ratio nought itself.
                    else f"{_kr(1 / ratio if ratio else median / value)} gange mindre end"
                )
                findings_text = (
                    f"Tallet er {size} det typiske i filens andre rækker "
                    f"({danish_number(median, 0 if median % 1 == 0 else 1)}). Er det skrevet i "
                    "en anden enhed (kroner mod 1.000 kr.), eller er der et ciffer for meget? "
                    "Ret cellen, hvis det ikke er det, I mente."
                )
                warn(source_row, code, value, findings_text)
    return findings


def _finite_arrays(figures: list[list]) -> list[np.ndarray] | None:
    """The columns as arrays, a blank as NaN; None when a figure is not a plain finite number."""
    arrays = []
    for column in figures:
        if not set(map(type, column)) <= {float, type(None)}:
            return None
        array = np.array(column, dtype=np.float64)  # None becomes NaN
        if np.count_nonzero(~np.isfinite(array)) != column.count(None):
            return None  # a NaN or an infinity
        arrays.append(array)
    return arrays


def _rows_to_check(arrays: list[np.ndarray], ordered: dict[str, np.ndarray], index_of) -> list:
    """The places of the rows that may break a rule above, with some margin on every bound."""
    cost, fte, potential = arrays
    # A ratio past a float's range is an infinity or nought, which the margins below still catch.
    with np.errstate(invalid="ignore", divide="ignore", over="ignore", under="ignore"):
        # NaN (a blank) compares false, as a blank is falsy above.
        check = (cost != 0) & (potential != 0) & (potential > cost)
        per_fte = cost / fte
        check |= (
            (cost != 0)
            & ~np.isnan(cost)
            & (fte >= 0.5)
            & ~((per_fte >= MIN_COST_PER_FTE * 1.01) & (per_fte <= MAX_COST_PER_FTE * 0.99))
        )
        for code, values in zip(_SIZED, arrays, strict=True):
            if code not in index_of or len(ordered[code]) - 1 < MIN_OTHER_ROWS:
                continue
            median = _medians_without(ordered[code], values)
            ratio = values / median
            inside = (ratio >= 1.01 / SIZE_FACTOR) & (ratio <= SIZE_FACTOR * 0.99)
            check |= (values != 0) & ~np.isnan(values) & ~inside
    return np.flatnonzero(check).tolist()


def _medians_without(ordered: np.ndarray, values: np.ndarray) -> np.ndarray:
    """:func:`_median_without` of each of ``values`` (NaN for a blank), at once."""
    # A blank (NaN; the only value here that is not finite) searched for as nought.
    left_out = np.searchsorted(ordered, np.where(np.isnan(values), 0.0, values), side="left")
    n = len(ordered) - 1

    def at(i: int) -> np.ndarray:
        return ordered[np.where(i < left_out, i, i + 1)]

    if n % 2:
        return at(n // 2)
    return (at(n // 2 - 1) + at(n // 2)) / 2


def _median_without(ordered: list, value) -> float:
    """The median of ``ordered`` (sorted) with one occurrence of ``value`` left out, computed as
    :func:`statistics.median` computes it (the middle value, or the mean of the middle two)."""
    left_out = bisect.bisect_left(ordered, value)
    n = len(ordered) - 1

    def at(i: int):
        return ordered[i if i < left_out else i + 1]

    if n % 2:
        return at(n // 2)
    return (at(n // 2 - 1) + at(n // 2)) / 2

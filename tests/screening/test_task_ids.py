"""A sheet's task ids, made for all its titles at once, are the ids made title by title: the
municipality and the title's slug, numbered from the second task of the same title on."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from screening.intake.folding import folded
from screening.intake.task_table import task_ids
from screening.text import fold


def one_by_one(titles: list[str], municipality: str) -> list[str]:
    seen: dict[str, int] = {}
    ids = []
    prefix = fold(municipality).replace(" ", "-")[:60] or "opgave"
    for title in titles:
        base = f"{prefix}:{fold(title).replace(' ', '-')[:60] or 'opgave'}"
        seen[base] = seen.get(base, 0) + 1
        ids.append(base if seen[base] == 1 else f"{base}-{seen[base]}")
    return ids


titles = st.lists(
    st.one_of(st.sampled_from(["", "  ", "Løn", "løn!", "Vej og park", "x" * 70]), st.text()),
    max_size=8,
)


@settings(max_examples=200)
@given(titles, st.sampled_from(["Aabenraa", "Ærø Kommune", ""]))
def test_ids_for_a_sheet_at_once_are_the_ids_title_by_title(texts, municipality):
    assert task_ids(folded(texts), municipality) == one_by_one(texts, municipality)

"""The domain's refusals and reasons read in the language of the run that asks for them: Danish by
default (a command, a Dagster run, the decision log), English when a page has set it."""

from __future__ import annotations

from collections.abc import Iterator

import polars as pl
import pytest

from screening import i18n
from screening.decisions import rights
from screening.decisions.attention import causes
from screening.decisions.rights import NotAllowed
from screening.decisions.users import User
from screening.matching.placement import CHANGED, REGROUPED

DIRECTOR = User("haderslev.direktion", "Anders Fog", "Haderslev", ("direktion",))


@pytest.fixture
def english() -> Iterator[None]:
    i18n.use_language("en")
    yield
    i18n.use_language(i18n.DEFAULT_LANGUAGE)


def _refusal(action: str, municipality: str | None = None) -> str:
    with pytest.raises(NotAllowed) as refused:
        rights.check(DIRECTOR, action, municipality)
    return str(refused.value)


def test_a_refusal_is_danish_by_default() -> None:
    assert _refusal(rights.SNAPSHOT) == (
        "Anders Fog må ikke fastfryse bruttolisten: det kræver rollen «projektgruppe»."
    )
    assert _refusal(rights.PRIORITY, "Aabenraa") == (
        "Anders Fog må ikke registrere direktionens prioriteringer for Aabenraa, kun for Haderslev."
    )


def test_a_refusal_reads_in_english_for_an_english_reader(english: None) -> None:
    assert _refusal(rights.SNAPSHOT) == (
        "Anders Fog may not freeze the gross list: it takes the role «project group»."
    )
    assert _refusal(rights.POLITICAL) == (
        "Anders Fog may not record political decisions: it takes the role «secretariat»."
    )
    assert _refusal(rights.PRIORITY, "Aabenraa") == (
        "Anders Fog may not record the directorate's priorities for Aabenraa, only for Haderslev."
    )


def _causes() -> pl.DataFrame:
    """Two decisions made ambiguous: Aabenraa changed its task, the project group moved one."""
    flagged = pl.DataFrame(
        {
            "candidate_id": ["K-1", "K-2"],
            "members": [2, 2],
            "task_ids": [["aabenraa:Løn", "haderslev:Løn"], ["toender:Kantine"]],
            "elsewhere": [[], ["K-9"]],
            "on_list": [False, False],
        },
        schema_overrides={"members": pl.UInt64},
    )
    home = pl.DataFrame(
        {"task_id": ["aabenraa:Løn", "toender:Kantine"], "candidate_id": ["K-5", "K-9"]}
    )
    # Haderslev's other task names the municipality whose payroll task is gone.
    tasks = pl.DataFrame(
        {
            "task_id": ["aabenraa:Løn", "toender:Kantine", "haderslev:Rengøring"],
            "municipality": ["Aabenraa", "Tønder", "Haderslev"],
            "title": ["Lønadministration", "Kantine", "Rengøring"],
            "placement": [CHANGED, REGROUPED, CHANGED],
        }
    )
    return causes(flagged, home, tasks)


def test_why_a_decision_needs_attention_follows_the_readers_language(english: None) -> None:
    english_causes = _causes()
    assert english_causes["cause"].to_list() == [
        "Aabenraa has changed «Lønadministration» so much that it is no longer the same task; "
        "Haderslev has removed the task from its file.",
        "The project group has merged the candidate with another («merge») or recomputed the "
        "matching from scratch.",
    ]
    assert english_causes["settle"].to_list()[1] == (
        "Record the decision again on the candidate the tasks now belong to."
    )
    i18n.use_language("da")
    assert _causes()["cause"].to_list()[0] == (
        "Aabenraa har ændret «Lønadministration», så den ikke længere er den samme opgave; "
        "Haderslev har fjernet opgaven fra sin fil."
    )

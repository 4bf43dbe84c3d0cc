"""«Juridisk parathed» for a whole list, read from the log once, says what the legal screen says
candidate by candidate, in the list's order."""

from __future__ import annotations

import json

import polars as pl

from screening.decisions.store import EVENT_SCHEMA
from screening.phase3 import legal
from screening.vocabulary import LEGAL_CHECKLIST


def _answer(event_id: int, candidate: str, item: str, value: str, version: int = 1) -> dict:
    return {
        "event_id": event_id,
        "recorded_at": f"2026-11-0{event_id}T10:00:00+00:00",
        "kind": legal.ANSWER,
        "subject": legal.answer_subject(candidate, item),
        "version": version,
        "phase": 3,
        "candidate_id": candidate,
        "new_value": value,
        "details": json.dumps({"note": "", "source": ""}),
        "user_name": "Projektgruppen",
    }


def test_the_list_shows_each_candidates_own_readiness_in_the_lists_order() -> None:
    items = [item.code for item in LEGAL_CHECKLIST]
    rows = [
        _answer(1, "c-hindrance", items[0], legal.OBSTACLE),
        *(_answer(2 + i, "c-clear", item, legal.OK) for i, item in enumerate(items)),
        _answer(20, "c-open", items[1], legal.OK),
        # A later answer replaces the earlier one: the hindrance on c-later is resolved.
        _answer(21, "c-later", items[0], legal.OBSTACLE),
        _answer(22, "c-later", items[0], legal.OK, version=2),
    ]
    log = pl.DataFrame(rows, schema=EVENT_SCHEMA)
    candidates = ["c-none", "c-clear", "c-hindrance", "c-other", "c-open", "c-later"]

    shown = legal.readiness_by_candidate(log, candidates)

    assert shown["legal_readiness"].to_list() == [legal.readiness(log, c) for c in candidates]
    assert dict(zip(shown["candidate_id"], shown["legal_readiness"], strict=True)) == {
        "c-none": legal.NO_ANSWERS,
        "c-clear": legal.CLEAR,
        "c-hindrance": legal.OBSTACLE,
        "c-other": legal.NO_ANSWERS,
        "c-open": legal.OPEN_QUESTIONS,
        "c-later": legal.OPEN_QUESTIONS,
    }


def test_an_empty_log_gives_every_candidate_no_answers() -> None:
    log = pl.DataFrame(schema=EVENT_SCHEMA)
    shown = legal.readiness_by_candidate(log, ["a", "b"])
    assert shown["legal_readiness"].to_list() == [legal.NO_ANSWERS] * 2
    assert shown["legal_readiness_label"].to_list() == [legal.readiness_label(log, "a")] * 2

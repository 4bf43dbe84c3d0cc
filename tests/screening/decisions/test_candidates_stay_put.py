"""One municipality's new rows never reshuffle the candidates the others have decided on.

The sample round is sent as real templates, matched, and decided on by all four
municipalities in a real decision store (SQLite and PostgreSQL); then Tønder sends its file
again with three rows more, among them «Vintertjeneste og snerydning», its winter service in
other words.
"""

from __future__ import annotations

import polars as pl
import pytest

from screening.decisions import record
from screening.decisions.store import open_store
from tests.screening.decisions.sample_round import TOENDER_EXTRA, USERS, LivedRound

WINTER = ("Tønder", "Glatførebekæmpelse og snerydning")
FOUR = ("Aabenraa", "Haderslev", "Sønderborg", "Tønder")


@pytest.fixture
def decided_round(tmp_path, store_url) -> LivedRound:
    lived = LivedRound(tmp_path / "skabeloner", open_store(store_url))
    lived.send_all()
    lived.run()
    winter = lived.candidate_of(*WINTER)
    # Every directorate prioritises the winter service (Aabenraa would join), the list is
    # frozen, and every committee wants it analysed.
    for municipality in FOUR:
        lived.prioritise(municipality, winter)
    lived.freeze()
    for municipality in FOUR:
        lived.decide_politically(municipality, winter)
    return lived


def test_toenders_extra_rows_leave_every_task_and_decision_where_it_was(decided_round):
    lived = decided_round
    before = dict(lived.tasks.select("task_id", "candidate_id").iter_rows())
    winter = lived.candidate_of(*WINTER)
    assert len(lived.members(winter)) == 3

    lived.send("Tønder", lived.files["Tønder"] + TOENDER_EXTRA)
    after = dict(lived.run().select("task_id", "candidate_id").iter_rows())

    moved = {t: (c, after.get(t)) for t, c in before.items() if after.get(t) != c}
    assert moved == {}
    assert lived.candidate_of(*WINTER) == winter
    assert lived.attention().is_empty()
    # Tønder's new «Vintertjeneste og snerydning» is its winter service in other words: with
    # nobody to ask, it joins beside Tønder's own task and is reported.
    new_winter = lived.tasks.filter(pl.col("title") == "Vintertjeneste og snerydning")
    assert new_winter["candidate_id"].item() == winter
    assert lived.matching.beside().select("task_id", "beside_task_id").rows() == [
        (new_winter["task_id"].item(), "toender:glatfoerebekaempelse-og-snerydning")
    ]


def rows_with(rows: list[dict], which: str, **changes) -> list[dict]:
    """``rows`` with the row titled ``which`` changed."""
    return [dict(row, **changes) if row["title"] == which else row for row in rows]


def test_a_corrected_description_keeps_the_task_and_every_decision(decided_round):
    lived = decided_round
    winter = lived.candidate_of(*WINTER)
    corrected = rows_with(
        lived.files["Tønder"],
        WINTER[1],
        description="Vintertjeneste på ca. 1.450 km vej i et stort landdistrikt, herunder "
        "saltning, snerydning og vagtordning. Udføres med egne køretøjer og lokale vognmænd.",
    )
    lived.send("Tønder", corrected)
    lived.run()
    assert lived.candidate_of(*WINTER) == winter
    assert lived.attention().is_empty()


def test_a_task_its_municipality_rewrote_leaves_and_asks_only_that_municipality(decided_round):
    lived = decided_round
    supervision = ("Tønder", "Tilsyn med kommunale byggerier")
    shared = lived.candidate_of(*supervision)
    for municipality in FOUR:
        lived.prioritise(municipality, shared, "middel")
    # Tønder writes another task into the row, keeping the title.
    rewritten = rows_with(
        lived.files["Tønder"],
        supervision[1],
        description="Opkrævning af parkeringsafgifter og kontrol med parkering i byen.",
        service_area="Borgerservice",
        task_type="Processer",
    )
    lived.send("Tønder", rewritten)
    lived.run()
    assert lived.candidate_of(*supervision) != shared
    assert "Tønder" not in [m for m, _ in lived.members(shared)]
    attention = lived.attention()
    # Only Tønder's own priority: the others' candidate stands, one partner fewer.
    assert attention.select("municipality", "candidate_id").rows() == [("Tønder", shared)]
    assert attention["caused_by"].to_list() == [["Tønder"]]
    assert attention["cause"].item() == (
        "Tønder har ændret «Tilsyn med kommunale byggerier», så den ikke længere er den samme "
        "opgave."
    )
    assert "registrér beslutningen igen" in attention["settle"].item()


def test_the_project_groups_split_asks_everyone_and_says_so(decided_round):
    lived = decided_round
    winter = lived.candidate_of(*WINTER)
    for other in (
        ("Haderslev", "Vintertjeneste på kommunale veje"),
        ("Sønderborg", "Vejvedligeholdelse og vintertjeneste"),
    ):
        lived.decide_match("adskil", WINTER, other)
    lived.run()
    assert lived.candidate_of(*WINTER) != winter
    attention = lived.attention()
    assert attention.height == 8
    assert set(attention["municipality"]) == set(FOUR)
    assert attention["caused_by"].to_list() == [["projektgruppen"]] * 8
    assert attention["cause"][0] == "Projektgruppen har delt kandidaten («adskil»)."


def test_the_preview_says_what_the_next_run_does(decided_round):
    lived = decided_round
    winter = lived.candidate_of(*WINTER)
    winter_title = lived.gross_list().filter(pl.col("candidate_id") == winter)["title"].item()
    rows = lived.files["Tønder"] + TOENDER_EXTRA
    effects, predicted = lived.preview("Tønder", rows)
    assert effects.joins == (
        ("Vintertjeneste og snerydning", winter_title),
        ("Tolkebistand", "Tolkebistand"),  # Sønderborg's interpreters
    )
    assert effects.creates == ("Kantklipning og græsslåning",)
    assert effects.leaves == ()
    assert effects.others_changed == ()
    assert effects.attention == 0
    [near] = effects.near_duplicates
    assert near.question() == (
        "«Vintertjeneste og snerydning» ligner jeres egen «Glatførebekæmpelse og snerydning», "
        f"som er med i kandidaten «{winter_title}» sammen med Haderslev og Sønderborg. Er det "
        "den samme opgave?"
    )
    lines = effects.lines()
    assert "Andre kommuners kandidater, der ændrer sig: ingen." in lines
    assert "Registrerede beslutninger, der vil kræve opmærksomhed: ingen." in lines

    lived.send("Tønder", rows)
    lived.run()
    assert dict(lived.tasks.select("task_id", "candidate_id").iter_rows()) == dict(
        predicted.select("task_id", "candidate_id").iter_rows()
    )


def test_the_senders_answer_to_the_near_duplicate_question_is_kept(decided_round):
    lived = decided_round
    winter = lived.candidate_of(*WINTER)
    rows = lived.files["Tønder"] + TOENDER_EXTRA
    # «Nej, det er en anden opgave»: the project group's «adskil» for the two.
    record.record_match_override(
        lived.engine,
        USERS["toender.projektgruppe"],
        "adskil",
        lived.task_id(*WINTER),
        "toender:vintertjeneste-og-snerydning",  # the new row's id (municipality and title)
    )
    effects, _ = lived.preview("Tønder", rows)
    assert effects.near_duplicates == ()
    assert "Vintertjeneste og snerydning" in effects.creates
    lived.send("Tønder", rows)
    lived.run()
    assert lived.candidate_of("Tønder", "Vintertjeneste og snerydning") != winter
    assert lived.candidate_of(*WINTER) == winter
    assert lived.attention().is_empty()


def test_a_retitled_task_is_no_change_to_the_list(decided_round):
    lived = decided_round
    payroll = lived.candidate_of("Tønder", "Lønbehandling")
    rows = rows_with(lived.files["Tønder"], "Lønbehandling", title="Lønbehandling og fravær")
    effects, _ = lived.preview("Tønder", rows)
    assert (effects.joins, effects.creates, effects.leaves) == ((), (), ())
    lived.send("Tønder", rows)
    lived.run()
    assert lived.candidate_of("Tønder", "Lønbehandling og fravær") == payroll
    assert lived.attention().is_empty()

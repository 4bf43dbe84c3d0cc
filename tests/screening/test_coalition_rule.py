"""The group's coalition rule, from config/screening.toml: its words and its arithmetic come
from one place, a stricter rule keeps a two-municipality candidate out of phase 3, a bad value
is refused with the file and the key, and a closed round keeps the rule it ran under."""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest

from screening.coalition import CoalitionRule, CoalitionRuleError, load_coalition_rule
from screening.config import CONFIG_DIR, load_screening_config
from screening.decisions import record, state
from screening.decisions.record import find_candidate
from screening.decisions.store import open_store, read_events
from screening.decisions.users import load_users
from screening.rounds.archive import read_round


def _config_with(tmp_path: Path, section: str) -> Path:
    text = (CONFIG_DIR / "screening.toml").read_text(encoding="utf-8")
    path = tmp_path / "screening.toml"
    path.write_text(text.replace("[coalition]\nmin_willing = 2", section), encoding="utf-8")
    return path


def test_the_rule_in_words_and_numbers():
    assert load_coalition_rule().minimum() == 2
    assert load_coalition_rule().text() == "mindst to kommuner"
    three_of_four = CoalitionRule(2, 0.75, 4)
    assert (three_of_four.minimum(), three_of_four.text()) == (3, "mindst 3 af 4 kommuner")
    assert CoalitionRule(2, 1.0, 4).minimum() == 4  # all of them
    assert CoalitionRule(3).text() == "mindst tre kommuner"


def test_a_bad_rule_is_refused_with_the_file_and_the_key(tmp_path):
    with pytest.raises(CoalitionRuleError, match="screening.toml, \\[coalition\\] min_share"):
        load_coalition_rule(_config_with(tmp_path, "[coalition]\nmin_willing = 2\nmin_share = 3"))
    with pytest.raises(CoalitionRuleError, match="kun 4 kommuner"):
        load_coalition_rule(_config_with(tmp_path, "[coalition]\nmin_willing = 5"))


def test_a_stricter_rule_keeps_two_willing_out_of_phase_3(store_url, tmp_path, monkeypatch):
    config = load_screening_config()
    users = load_users(config)
    engine = open_store(store_url)
    gross = pl.DataFrame(
        {
            "candidate_id": ["K-it"],
            "rank": [1],
            "title": ["IT-drift"],
            "municipalities": [["Aabenraa", "Tønder"]],
            "task_ids": [["aabenraa:it"]],
        }
    )
    none = {"candidate_id": pl.String, "municipality": pl.String, "priority": pl.String}
    record.freeze_snapshot(
        engine, users["aabenraa.projektgruppe"], "KU", gross, pl.DataFrame(schema=none)
    )
    for user_id in ("aabenraa.sekretariat", "toender.sekretariat"):
        record.record_political_decision(
            engine, users[user_id], find_candidate(gross, "K-it"), "ønsker at gå videre",
            committee="Økonomiudvalget", meeting_date="2027-02-01",
        )  # fmt: skip
    assert state.phase_status(gross, read_events(engine))["advances"].to_list() == [True]
    strict = _config_with(tmp_path, "[coalition]\nmin_willing = 2\nmin_share = 0.75")
    monkeypatch.setenv("SCREENING_CONFIG", str(strict))
    assert state.phase_status(gross, read_events(engine))["advances"].to_list() == [False]
    assert load_coalition_rule().text() == "mindst 3 af 4 kommuner"


def test_a_closed_round_keeps_its_own_rule(tmp_path):
    folder = tmp_path / "2014"
    folder.mkdir()
    (folder / "round.toml").write_text(
        '[round]\nid = "2014"\nlabel = "Screening 2014"\n'
        'municipalities = ["Aabenraa", "Haderslev", "Sønderborg", "Tønder"]\n\n'
        "[coalition]\nmin_willing = 3\n\n"
        '[[milestones]]\ncode = "mandate_approved"\nstart = 2014-04-01\nend = 2014-05-19\n',
        encoding="utf-8",
    )
    back = read_round(folder)
    assert back.round.coalition.text() == "mindst tre kommuner"
    assert "[coalition]\nmin_willing = 2" in CoalitionRule().toml()

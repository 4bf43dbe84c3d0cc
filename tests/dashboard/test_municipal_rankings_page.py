"""«Kommunernes rangordener» as the coordination committee reads it: each directorate's ranking
beside the group profile's, the most disputed candidate first."""

from __future__ import annotations

from app_runner import open_page
from dashboard_sample_round import ScreeningRun

from dashboard.shell import page_paths
from screening.config import CONFIG_DIR, load_screening_config
from screening.decisions.store import open_store
from screening.decisions.users import load_users
from screening.decisions.weight_profiles import save_weight_profile
from screening.ranking.ahp import ahp_profile, ahp_weights
from screening.ranking.scoring import CRITERIA, load_scoring_config

SCORING = load_scoring_config(CONFIG_DIR / "scoring.toml")


def save_favouring(engine, user, favourite: str, label: str) -> None:
    judgements = {
        (a, b): 7.0 if a == favourite else (1 / 7 if b == favourite else 1.0)
        for i, a in enumerate(CRITERIA)
        for b in CRITERIA[i + 1 :]
    }
    result = ahp_weights(judgements)
    profile = ahp_profile(result, "x", label, SCORING.profile())
    save_weight_profile(engine, user, profile, SCORING, ahp_matrix=result.matrix.tolist())


def test_without_profiles_the_page_says_how_to_make_one(published: ScreeningRun) -> None:
    at = open_page(page_paths.MUNICIPAL_RANKINGS)
    assert any("Ingen direktion har gemt en vægtprofil" in i.value for i in at.info)


def test_the_rankings_stand_side_by_side_with_the_group_profile(
    published: ScreeningRun, decision_store: str
) -> None:
    engine = open_store(decision_store)
    users = load_users(load_screening_config())
    save_favouring(engine, users["aabenraa.direktion"], "potential", "Aabenraa: økonomien først")
    save_favouring(engine, users["toender.direktion"], "breadth", "Tønder: bredden først")
    at = open_page(page_paths.MUNICIPAL_RANKINGS)
    assert not at.exception
    profiles, rankings = (frame.value for frame in at.dataframe)
    assert profiles["Kommune"].tolist() == ["Aabenraa", "Tønder", "Fælles"]
    assert profiles["Vægtprofil"].tolist()[:2] == [
        "Aabenraa: økonomien først",
        "Tønder: bredden først",
    ]
    assert list(rankings.columns) == [
        "Kandidat",
        "Aabenraa",
        "Tønder",
        "Fælles profil",
        "Bruttolisten",
        "Forskel i placering",
    ]
    spread = rankings["Forskel i placering"].tolist()
    assert spread == sorted(spread, reverse=True) and spread[0] > 0
    first = rankings.iloc[0]
    ranks = [first["Aabenraa"], first["Tønder"], first["Fælles profil"]]
    assert spread[0] == max(ranks) - min(ranks)
    assert first["Aabenraa"] != first["Tønder"]  # economy first and breadth first disagree
    assert any("Haderslev, Sønderborg" in c.value for c in at.caption)
    assert len(rankings) == len(published.gross_list)


def test_the_demo_cycle_gives_the_committee_every_municipalitys_ranking(
    published: ScreeningRun,
) -> None:
    from screening.demo.cycle import write_demo_cycle

    config = load_screening_config()
    write_demo_cycle(open_store(), published.gross_list, load_users(config), config)
    at = open_page(page_paths.MUNICIPAL_RANKINGS)
    assert not at.exception
    profiles, rankings = (frame.value for frame in at.dataframe)
    names = config.municipality_names()
    assert profiles["Kommune"].tolist() == [*names, "Fælles"]
    assert {*names} <= set(rankings.columns) and len(rankings) == published.gross_list.height
    assert rankings["Forskel i placering"].max() > 0  # the directorates do not all agree

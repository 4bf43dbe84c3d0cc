"""The chart of accounts as knowledge of what a task is: municipal jargon for one task is found
through it, and what is done *about* a task (its system, a tender of it) is not that task."""

from __future__ import annotations

import polars as pl
import pytest

from screening.kontoplan import function_terms, functions, known_task, propose
from screening.matching import functions as functions_module
from screening.matching.candidates import assign_candidates, task_links


def tasks(*rows: tuple[str, str, str]) -> pl.DataFrame:
    return pl.DataFrame(
        {
            "task_id": [f"{m}:{i}" for i, (m, _, _) in enumerate(rows)],
            "municipality": [m for m, _, _ in rows],
            "title": [t for _, t, _ in rows],
            "description": [d for _, _, d in rows],
            "service_area": [None] * len(rows),
            "task_type": [None] * len(rows),
        }
    )


def test_every_function_has_a_hovedkonto_its_number_begins_with():
    for number, function in functions().items():
        assert int(number.split(".")[0]) == function.main_account
        assert 0 <= function.main_account <= 6
    assert {t.short for t in function_terms()} >= {"6.45.51", "6.45.52", "2.22.01"}


def test_fleet_jargon_names_one_task():
    fleet = [
        ("Vognpark", ""),
        ("Flådestyring", ""),
        ("Kommunale biler", ""),
        ("Fælles bilordning", "Puljebiler og booking"),
        ("Leasing af tjenestebiler", ""),
    ]
    assert {known_task(t, d).name for t, d in fleet} == {"vognpark"}
    assert propose("Vognpark", "").label == "2.22.01 Fælles funktioner"


def test_a_system_or_a_tender_of_a_task_is_not_the_task():
    assert known_task("Fælles udbud af fødevarer", "Udbud af fødevarer til køkkenerne") is None
    assert known_task("Byggesagssystem", "Fælles system til byggesager") is None
    assert known_task("Indkøb og udbud", "").name == "indkøb og udbud"


def test_the_same_known_task_under_other_words_becomes_one_candidate():
    found = tasks(
        ("Hjørring", "Vognpark", "Biler, busser og maskiner."),
        ("Brønderslev", "Flådestyring", "Brændstof, service og GPS."),
        ("Rebild", "Leasing af tjenestebiler", "Leasingaftaler og fordeling."),
        ("Hjørring", "Juridisk rådgivning", "Jurister rådgiver forvaltningerne."),
    )
    assignments, _ = assign_candidates(found, task_links(found))
    candidate = dict(assignments.iter_rows())
    assert candidate["Hjørring:0"] == candidate["Brønderslev:1"] == candidate["Rebild:2"]
    assert candidate["Hjørring:3"] != candidate["Hjørring:0"]


def test_functions_under_different_hovedkonti_count_against_a_link(monkeypatch):
    pair = tasks(
        ("Hjørring", "Drift af vandløb", "Grødeskæring og drift."),
        ("Rebild", "Drift af servere", "Netværk og drift."),
    )
    against = task_links(pair)["confidence"].to_list()
    monkeypatch.setattr(functions_module, "OTHER_MAIN_ACCOUNT", 0.0)
    without = task_links(pair)["confidence"].to_list()
    assert against == [] or against[0] == pytest.approx(without[0] - 0.10)
    assert len(without) == 1

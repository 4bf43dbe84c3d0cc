"""One number, one source: after a full demo cycle (priorities, a frozen list, the committees'
decisions, phase 3 with one operation established) the funnel's figures read the same on every
page that shows them, in both committee annexes read back from the files, and in the
warehouse's ``phase_status`` table the Dagster job wrote."""

from __future__ import annotations

import dataclasses
import re
import subprocess

import duckdb
import pytest
from app_runner import figure, open_page
from dashboard_sample_round import ScreeningRun
from docx import Document

from dashboard.shell import page_paths
from pipelines.run import run_screening
from screening import store
from screening.config import load_screening_config
from screening.decisions import state
from screening.decisions.store import open_store, read_events
from screening.decisions.users import load_users
from screening.demo.cycle import write_demo_cycle
from screening.documents.annex import build_annex, write_annex
from screening.phase3 import state as phase3_state


@pytest.fixture
def demo_round(published: ScreeningRun, tmp_path, monkeypatch) -> ScreeningRun:
    """The sample round with the demo cycle in the test's store, then built again by the real
    job, so the warehouse holds what the store says."""
    config = load_screening_config()
    write_demo_cycle(open_store(), published.gross_list, load_users(config), config)
    warehouse = tmp_path / "db" / "warehouse.duckdb"
    run = dataclasses.replace(
        published,
        warehouse=warehouse,
        published=store.published_path(warehouse),
        inbox=tmp_path / "inbox",
    )
    for name, value in run.env().items():
        monkeypatch.setenv(name, value)
    monkeypatch.delenv("DAGSTER_HOME", raising=False)
    assert run_screening().success
    return run


def funnel_on(page: str) -> dict[str, int]:
    at = open_page(page)
    (chart,) = [
        f
        for f in (figure(at, i) for i in range(len(at.get("plotly_chart"))))
        if f["data"] and f["data"][0].get("type") == "funnel"
    ]
    trace = chart["data"][0]
    return dict(zip(trace["y"], trace["x"], strict=True))


def test_the_funnel_reads_the_same_on_every_page_in_both_annexes_and_in_the_warehouse(
    demo_round, tmp_path
) -> None:
    engine = open_store()
    log = read_events(engine)
    established = phase3_state.established(log)
    assert len(established) == 1  # the demo establishes one operation
    counts = state.stage_counts(state.phase_status(demo_round.gross_list, log))
    assert counts["established"] == 1
    expected = {
        label: counts[code] for code, label in state.FUNNEL_STAGES
    }  # the Danish labels the pages show

    # Every page with the funnel: the overview and the committee's home.
    for page in (page_paths.OVERVIEW, page_paths.HOME_COMMITTEE):
        assert funnel_on(page) == expected, page
    # «Fase 3» links to the follow-up with the same count.
    phase3 = open_page(page_paths.PHASE3_ANALYSES)
    links = [link.label for link in phase3.get("page_link")]
    assert "1 etableret – se opfølgningen" in links

    # The warehouse tables the job wrote from the same store.
    with duckdb.connect(str(demo_round.warehouse), read_only=True) as con:
        in_warehouse = con.execute(
            "SELECT count(*) FILTER (established), count(*) FILTER (advances), count(*) "
            "FROM phase_status"
        ).fetchone()
        accepted, participants = con.execute(
            "SELECT count(*) FILTER (accepted), count(*) FROM submission_status WHERE round_id = ?",
            [load_screening_config().round.id],
        ).fetchone()
    assert in_warehouse == (counts["established"], counts["in_analysis"], counts["screened"])
    # «Kommuner, der har indsendt» on the overview is the round status's «Godkendt» count.
    overview = open_page(page_paths.OVERVIEW)
    (submitted,) = [m.value for m in overview.metric if m.label == "Kommuner, der har indsendt"]
    assert submitted == f"{accepted} af {participants}"

    # Both annexes, read back as a reader opens them. They count the frozen list the committee
    # was shown, which in the demo is the whole published list.
    content = build_annex(engine, load_screening_config(), "Koordinationsudvalget")
    docx = write_annex(content, tmp_path / "bilag.docx")
    pdf = write_annex(content, tmp_path / "bilag.pdf")
    sentence = (
        f"{counts['screened']} kandidater på listen; {counts['prioritised']} er prioriteret af "
        f"mindst én direktion, {counts['selected']} er valgt af mindst ét udvalg, "
        f"{counts['in_analysis']} har mindst to kommuner"
    )
    ending = f"og {counts['established']} er besluttet etableret."
    word = "\n".join(p.text for p in Document(str(docx)).paragraphs)
    assert sentence in word and ending in word
    text = subprocess.run(
        ["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    flat = re.sub(r"\s+", " ", text)
    assert sentence in flat and ending in flat

"""AppTest runs of every page against a real published screening round, and without any data."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import polars as pl
import pytest
from app_runner import PAGES, open_page, texts
from dashboard_sample_round import ScreeningRun
from streamlit.testing.v1 import AppTest

from dashboard.common import formatting
from dashboard.common.data import NO_DATA_MESSAGE
from dashboard.ranking.tables import AUTHORITY_FLAG, MUNICIPALITIES_HEADER, TITLE_HEADER
from dashboard.shell import page_paths
from screening import store


def multiselect(at: AppTest, label: str):
    # Elements are rebuilt on every run, so look the widget up afresh each time.
    return next(m for m in at.multiselect if m.label == label)


def shown_titles(at: AppTest) -> list[str]:
    return at.dataframe[0].value[TITLE_HEADER].tolist()


def test_overview_shows_key_figures_and_charts(published: ScreeningRun) -> None:
    at = open_page(page_paths.OVERVIEW)
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Kandidater på bruttolisten"] == str(published.gross_list.height)
    assert metrics["Indsendte opgaver"] == str(published.screening_tasks.height)
    assert metrics["Kommuner, der har indsendt"] == "4 af 4"
    shared = published.gross_list.filter(pl.col("n_municipalities") >= 2).height
    assert metrics["Foreslået af mindst 2 kommuner"] == str(shared)
    total = published.screening_tasks["potential_dkk"].sum()
    assert metrics["Samlet skønnet potentiale"] == formatting.kroner_compact(total)
    # The four charts of the gross list, the funnel of where the candidates stand, and the
    # round plan's timeline.
    assert len(at.get("plotly_chart")) == 6


def test_gross_list_is_ranked_with_the_top_candidate_first(published: ScreeningRun) -> None:
    at = open_page(page_paths.GROSS_LIST)
    table = at.dataframe[0].value
    assert table["Nr."].tolist() == list(range(1, published.gross_list.height + 1))
    assert shown_titles(at)[0] == published.top["title"]
    assert table[MUNICIPALITIES_HEADER][0] == ", ".join(published.top["municipalities"])
    # The picker below the table starts on the top candidate and links to its page.
    picker = next(s for s in at.selectbox if s.label == "Kandidat")
    assert picker.value == published.top["candidate_id"]
    # On the page itself (the sidebar's menu is links too).
    assert [link.value for link in at.main.get("page_link")] == ["Åbn kandidaten"]


def test_gross_list_flags_authority_exercise(published: ScreeningRun) -> None:
    at = open_page(page_paths.GROSS_LIST)
    table = at.dataframe[0].value
    flagged = published.gross_list.filter(pl.col("authority_exercise"))["title"].to_list()
    assert flagged, "the sample round should contain an authority-exercise candidate"
    assert (
        table.loc[table["Myndighedsudøvelse"] == AUTHORITY_FLAG, TITLE_HEADER].tolist() == flagged
    )


def test_gross_list_filters_and_search(published: ScreeningRun) -> None:
    at = open_page(page_paths.GROSS_LIST)
    at.checkbox[0].check().run()
    assert set(shown_titles(at)) == set(
        published.gross_list.filter(pl.col("n_municipalities") >= 2)["title"]
    )
    at.checkbox[0].uncheck().run()

    at.text_input[0].input("tandreg").run()
    assert shown_titles(at) == ["Tandregulering"]
    at.text_input[0].input("findes ikke").run()
    assert any("Ingen kandidater passer" in i.value for i in at.info)
    at.text_input[0].input("").run()

    multiselect(at, "Kommune").select("Sønderborg").run()
    expected = published.gross_list.filter(pl.col("municipalities").list.contains("Sønderborg"))
    assert shown_titles(at) == expected["title"].to_list()
    multiselect(at, "Kommune").unselect("Sønderborg").run()

    assert "Systemer (IT)" in multiselect(at, "Opgavetype").options  # labels, never codes
    multiselect(at, "Opgavetype").select("systems").run()
    expected = published.gross_list.filter(pl.col("task_type") == "systems")
    assert shown_titles(at) == expected["title"].to_list()
    assert not at.exception


def test_gross_list_sorts_by_potential_as_numbers(published: ScreeningRun) -> None:
    at = open_page(page_paths.GROSS_LIST)
    next(s for s in at.selectbox if s.label == "Sortér efter").select_index(1).run()
    expected = published.gross_list.sort("potential_dkk", descending=True, nulls_last=True)
    assert shown_titles(at) == expected["title"].to_list()


def test_candidate_page_defaults_to_the_top_candidate(published: ScreeningRun) -> None:
    at = open_page(page_paths.CANDIDATE)
    assert [h.value for h in at.header] == [published.top["title"]]
    subheaders = [s.value for s in at.subheader]
    for municipality in published.top["municipalities"]:
        assert municipality in subheaders
    assert at.query_params[page_paths.CANDIDATE_PARAM] == published.top["candidate_id"]


def test_candidate_page_from_link_shows_sources_and_score_parts(published: ScreeningRun) -> None:
    candidate = published.gross_list.filter(pl.col("authority_exercise")).row(0, named=True)
    at = open_page(page_paths.CANDIDATE, {page_paths.CANDIDATE_PARAM: candidate["candidate_id"]})
    assert [h.value for h in at.header] == [candidate["title"]]
    assert [s.value for s in at.subheader][1 : 1 + len(candidate["municipalities"])] == candidate[
        "municipalities"
    ]
    assert any(AUTHORITY_FLAG in w.value for w in at.warning)
    # Each municipality's own figures, side by side.
    sources = published.screening_tasks.filter(pl.col("candidate_id") == candidate["candidate_id"])
    page_text = texts(at)
    for task in sources.iter_rows(named=True):
        assert formatting.kroner(task["cost_base_dkk"]) in page_text
    # The score parts add up to the score shown.
    parts = at.dataframe[0].value
    assert parts["Kriterium"].iloc[-1] == "Score i alt"
    assert parts["Point"].iloc[-1] == formatting.points(candidate["score"])
    # The waterfall of its score, and its score beside another candidate's.
    assert len(at.get("plotly_chart")) == 2


def test_candidate_choice_updates_the_link(published: ScreeningRun) -> None:
    at = open_page(page_paths.CANDIDATE)
    last = published.gross_list.row(-1, named=True)
    at.selectbox(key="candidate_choice").set_value(last["candidate_id"]).run()
    assert not at.exception
    assert [h.value for h in at.header] == [last["title"]]
    assert at.query_params[page_paths.CANDIDATE_PARAM] == last["candidate_id"]


def test_candidate_page_with_unknown_link_falls_back_to_the_top(published: ScreeningRun) -> None:
    at = open_page(page_paths.CANDIDATE, {page_paths.CANDIDATE_PARAM: "findes-ikke"})
    assert any("findes ikke" in w.value for w in at.warning)
    assert [h.value for h in at.header] == [published.top["title"]]


def test_blank_economics_show_as_missing_not_zero(published: ScreeningRun) -> None:
    blank = published.gross_list.filter(pl.col("potential_dkk").is_null())
    assert blank.height, "the sample round has a task without economics"
    at = open_page(page_paths.GROSS_LIST)
    table = at.dataframe[0].value
    row = table.loc[table[TITLE_HEADER] == blank["title"][0]].iloc[0]
    assert row["Skønnet potentiale (kr. pr. år)"] == formatting.MISSING


@pytest.mark.parametrize("page", PAGES)
def test_every_page_explains_when_there_is_no_data(
    page: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SCREENING_DB", str(tmp_path / "warehouse.duckdb"))
    at = open_page(page)
    assert [i.value for i in at.info] == [NO_DATA_MESSAGE]
    assert not at.dataframe and not at.metric


def test_a_new_publish_shows_without_restarting(
    screening_run: ScreeningRun, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    warehouse = tmp_path / "warehouse.duckdb"
    published = store.published_path(warehouse)
    shutil.copy(screening_run.published, published)
    monkeypatch.setenv("SCREENING_DB", str(warehouse))
    at = open_page(page_paths.GROSS_LIST)
    assert shown_titles(at)[0] == screening_run.top["title"]

    # The pipeline publishes by renaming a finished file over the old one; do the same.
    staging = tmp_path / "staging.duckdb"
    shutil.copy(screening_run.published, staging)
    with store.connect(staging) as con:
        con.execute("UPDATE gross_list SET title = 'Lønadministration (ny runde)' WHERE rank = 1")
    os.replace(staging, published)
    at.run()
    assert not at.exception
    assert shown_titles(at)[0] == "Lønadministration (ny runde)"

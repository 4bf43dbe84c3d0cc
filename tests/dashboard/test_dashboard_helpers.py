"""The dashboard's pure helpers: Danish formatting, gross-list filters and the score chart."""

from __future__ import annotations

import polars as pl
import pytest
from dashboard_sample_round import ScreeningRun

from dashboard.common import formatting, queries, safe_text
from dashboard.ranking import charts, tables
from screening.ranking.scoring import CRITERION_LABELS


@pytest.mark.parametrize(
    ("value", "expected"),
    [(1_250_000, "1.250.000 kr."), (0, "0 kr."), (999.6, "1.000 kr."), (None, "–")],
)
def test_kroner_in_danish(value: float | None, expected: str) -> None:
    assert formatting.kroner(value) == expected


def test_numbers_in_danish() -> None:
    assert formatting.number(7.5, decimals=1) == "7,5"
    assert formatting.points(-0.0) == "0,0"  # a zero deduction must not read as "-0,0"
    assert formatting.quantity(6.0) == "6"
    assert formatting.quantity(3.5) == "3,5"
    assert formatting.kroner_compact(8_270_000) == "8,3 mio. kr."
    assert formatting.kroner_compact(800_000) == "800.000 kr."


def test_free_text_is_shown_literally() -> None:
    assert safe_text.markdown("Pris $5 *ca.*") == r"Pris \$5 \*ca\.\*"


def test_filters_combine(screening_run: ScreeningRun) -> None:
    gross_list = screening_run.gross_list
    chosen = tables.GrossListFilter(municipalities=["Tønder"], task_types=["systems"])
    shown = tables.filter_gross_list(gross_list, chosen)
    assert shown["title"].to_list() == ["IT-drift og servere"]
    assert tables.filter_gross_list(gross_list, tables.GrossListFilter()).equals(gross_list)


def test_search_is_case_insensitive_and_literal(screening_run: ScreeningRun) -> None:
    gross_list = screening_run.gross_list
    found = tables.filter_gross_list(gross_list, tables.GrossListFilter(search="  LØN "))
    assert found["title"].to_list() == ["Lønadministration"]
    nothing = tables.filter_gross_list(gross_list, tables.GrossListFilter(search="(.*"))
    assert nothing.is_empty()


def test_table_keeps_rank_order_and_danish_labels(screening_run: ScreeningRun) -> None:
    table = tables.gross_list_table(screening_run.gross_list)
    assert table[tables.RANK_HEADER].to_list() == sorted(table[tables.RANK_HEADER].to_list())
    assert set(table["Opgavetype"]) <= {
        "Processer",
        "Systemer (IT)",
        "Organisering",
        "Lokationer/anlæg",
    }


def test_score_chart_parts_add_up_to_the_score(screening_run: ScreeningRun) -> None:
    for candidate in screening_run.gross_list.iter_rows(named=True):
        figure = charts.score_contributions(candidate)
        waterfall = figure.data[0]
        parts = list(waterfall.x[:-1])
        assert list(waterfall.y[:-1]) == list(CRITERION_LABELS.values())
        assert sum(parts) == pytest.approx(candidate["score"])
        assert waterfall.x[-1] == pytest.approx(candidate["score"])
        assert waterfall.measure[-1] == "total"


def test_category_charts_use_danish_labels_and_show_empty_categories(
    screening_run: ScreeningRun,
) -> None:
    forms = charts.candidates_per_cooperation_form(screening_run.gross_list).data[0]
    assert list(forms.y) == ["Netværk", "Partnerskab", "Shared service", "Fælles udbud"]
    assert sum(forms.x) == screening_run.gross_list.height
    no_candidates = screening_run.gross_list.clear()
    assert list(charts.candidates_per_task_type(no_candidates).data[0].x) == [0, 0, 0, 0]


def test_municipality_chart_counts_shared_and_own(screening_run: ScreeningRun) -> None:
    figure = charts.candidates_per_municipality(
        screening_run.gross_list, ["Aabenraa", "Haderslev", "Sønderborg", "Tønder", "Fanø"]
    )
    shared, own = figure.data
    assert list(shared.y)[-1] == "Fanø" and shared.x[-1] == 0 and own.x[-1] == 0
    proposals = screening_run.gross_list.explode("municipalities").height
    assert sum(shared.x) + sum(own.x) == proposals


def test_blank_economics_are_missing_not_zero(screening_run: ScreeningRun) -> None:
    gross_list = queries.read_gross_list(screening_run.published)
    winter = gross_list.filter(pl.col("title") == "Vintertjeneste på kommuneveje").row(
        0, named=True
    )
    assert winter["potential_dkk"] is None and winter["cost_base_dkk"] is None


def test_a_service_area_none_of_ours_fits_is_shown_in_the_municipalitys_words() -> None:
    from dashboard.common import formatting

    other = {"service_area": "other", "service_area_written": "Administration"}
    assert formatting.service_area(other) == "Andet (ikke genkendt): Administration"
    assert formatting.service_area({"service_area": "payroll_hr"}) == "Løn og personale"
    assert formatting.service_area({"service_area": None}) == formatting.MISSING


def test_what_a_file_changed_shows_its_titles_as_written() -> None:
    """The verdict on «Datakvalitet» quotes the municipality's task titles; Markdown in a title
    is shown as typed, not rendered (a link, bold)."""
    from app_runner import as_read

    from dashboard.intake import quality
    from screening.intake.resubmission import Change

    titled = "**Løn** [se her](https://example.org)"
    changes = Change(1, added=(titled,)).describe()
    row = {"status": "modtaget", "n_tasks": 2, "municipality": "Tønder", "changes": changes}
    shown = quality.verdict(row)
    assert "**Løn**" not in shown and "](" not in shown
    assert as_read(shown).replace("\u2060", "").endswith(changes)  # word joiners stop links

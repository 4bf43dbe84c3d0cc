"""The benchmark's code path on a tiny round (3 municipalities × 20 tasks): every stage is
measured and the gross list it builds has tasks that several municipalities share. No timing is
asserted; that is what the benchmark itself reports."""

from pathlib import Path

import pytest

from benchmarks.report import STAGES, markdown_table
from benchmarks.run import Runner, benchmark


@pytest.fixture(scope="module")
def result(tmp_path_factory) -> dict:
    data_root = tmp_path_factory.mktemp("benchmark")
    return benchmark(
        3,
        20,
        seed=1,
        runner=Runner(isolate=False),
        data_root=data_root,
        dagster=False,
        upload=False,  # the run worker is measured on the sample and national rounds only
        decisions=False,  # measured on its own below
        scale_municipalities=1,
        rerank_repeats=2,
        sensitivity_repeats=1,
        repeats=1,  # one run: its total is the sum of its stages (medians are tested below)
    )


def test_every_stage_has_a_positive_time(result: dict):
    stages = result["pipeline"]["stages_s"]
    assert set(stages) == set(STAGES)
    assert all(seconds > 0 for seconds in stages.values()), stages
    assert result["pipeline"]["total_s"] == pytest.approx(sum(stages.values()), abs=1e-3)
    assert all(peak > 0 for peak in result["pipeline"]["stage_peak_rss_mib"].values())


def test_the_gross_list_has_candidates_shared_by_several_municipalities(result: dict):
    pipeline = result["pipeline"]
    assert pipeline["tasks_read"] > 50  # 60 rows, a few held back by their seeded errors
    assert pipeline["shared_candidates"] > 0
    assert pipeline["largest_candidate_municipalities"] >= 2
    assert 0 < pipeline["match_quality"]["pair_recall"] <= 1


def test_dashboard_baseline_and_partial_refresh_are_measured(result: dict):
    dashboard = result["pipeline"]["dashboard"]
    assert dashboard["rerank_ms_median"] > 0
    assert dashboard["sensitivity_s_median"] is None or dashboard["sensitivity_s_median"] > 0
    assert result["baseline"]["read_s"] > 0
    assert result["baseline"]["ingest_ratio_ours_over_baseline"] > 0
    assert result["pipeline"]["incremental"]["one_file_read_validate_s_median_of_3"] > 0
    assert result["scale_check"]["data_ratio"] > 1


def test_every_target_is_reported(result: dict):
    assert set(result["targets"]) == {
        "templates_to_gross_list_s",
        "ingest_speedup_vs_pandas_openpyxl",
        "scale_4x_data_at_most_5x_time",
        "rerank_ms",
        "sensitivity_1000_draws_s",
        "peak_memory_mib",
    }
    for name, target in result["targets"].items():
        # The sensitivity module may be absent in an older checkout: then it is not measured.
        assert target["met"] in (True, False) or name == "sensitivity_1000_draws_s"


def test_generated_round_is_cached_and_has_its_own_config(result: dict):
    folder = Path(result["data"])
    assert (folder / "manifest.json").exists()
    assert len(list((folder / "templates").glob("*.xlsx"))) == 3
    assert "Aabenraa" in (folder / "screening.toml").read_text(encoding="utf-8")


def test_growth_table_is_markdown(result: dict):
    table = markdown_table([result["pipeline"]])
    assert table.startswith("| municipalities × tasks |")
    assert "3 × 20" in table


def test_repeated_runs_report_the_median_of_each_stage_and_of_the_totals():
    from benchmarks.report import median_run

    def run(read: float, match: float) -> dict:
        return {
            "stages_s": {"read": read, "match": match},
            "stage_details_s": {"x": read},
            "stage_peak_rss_mib": {"read": 100 * read},
            "total_s": read + match,
            "process_peak_rss_mib": 200 * read,
        }

    median = median_run([run(1.0, 9.0), run(3.0, 2.0), run(2.0, 1.0)])
    assert median["stages_s"] == {"read": 2.0, "match": 2.0}
    assert median["total_s"] == 5.0  # the median of the totals 10, 5 and 3, not 2 + 2
    assert median["repetitions"] == "median of 3 runs"


def test_the_decision_store_figures_are_measured():
    from benchmarks.decisions import measure

    figures = measure(repeats=5, status_repeats=2, candidates=300)
    assert figures["candidates"] == 300
    assert figures["events_in_store"] > 300  # every proposing municipality decided, twice
    assert figures["record_decision_ms_median"] > 0
    assert figures["phase_status_ms_median"] > 0
    assert 0 < figures["advancing_candidates"] < 300
    assert set(figures["targets"]) == {"record_decision_ms", "phase_status_national_ms"}

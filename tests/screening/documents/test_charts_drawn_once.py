"""A frozen list's charts are drawn once: the next municipality's annex shows the same charts
without a browser, and a decision that changes the funnel has the funnel drawn anew."""

from __future__ import annotations

import shutil

import pytest

from screening.decisions import record, state
from screening.decisions.record import find_candidate
from screening.decisions.store import open_store, read_events
from screening.documents import charts
from screening.documents.annex import build_annex

pytestmark = [
    pytest.mark.skipif(
        shutil.which("chromium") is None and not charts.Path(charts.DEBIAN_CHROMIUM).is_file(),
        reason="needs Debian's chromium",
    ),
    pytest.mark.slow,  # starts chromium up to twice
]


def _pngs(content) -> list[bytes]:
    return [chart.png for section in content.sections for chart in section.charts]


def test_the_next_annex_on_the_same_list_reuses_the_charts(
    tmp_path, users, config, gross_list
) -> None:
    engine = open_store(f"sqlite:///{tmp_path / 'decisions.sqlite'}")
    record.freeze_snapshot(
        engine,
        users["aabenraa.projektgruppe"],
        "Forelagt KU",
        gross_list,
        state.priorities(read_events(engine)),
    )
    charts.forget_drawn()
    score, funnel = _pngs(build_annex(engine, config, "Aabenraa"))
    charts._RENDERER.close()  # a drawing would have to start a browser
    started = charts._RENDERER.started

    assert _pngs(build_annex(engine, config, "Haderslev")) == [score, funnel]
    assert charts._RENDERER.started == started  # no browser was needed

    record.record_political_decision(
        engine,
        users["aabenraa.sekretariat"],
        find_candidate(gross_list, "K-aabenraa:loen"),
        "ønsker at gå videre",
        committee="Økonomiudvalget",
        meeting_date="2027-01-21",
    )
    score_after, funnel_after = _pngs(build_annex(engine, config, "Haderslev"))
    assert score_after == score  # the frozen list's scores did not change
    assert funnel_after != funnel  # one more candidate is chosen by a committee
    assert charts._RENDERER.started == started + 1

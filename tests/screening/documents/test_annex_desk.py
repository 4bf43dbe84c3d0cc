"""One annex drawn at a time, each drawn once: a second click or a second user gets the same
file at once, a user asking while another annex is drawn is told they wait, and a new decision
gives a new annex."""

from __future__ import annotations

import threading

from screening.decisions import record, state
from screening.decisions.record import find_candidate
from screening.decisions.store import open_store, read_events
from screening.documents import annex_desk


def test_concurrent_requests_draw_once_and_queue(tmp_path, users, config, gross_list) -> None:
    engine = open_store(f"sqlite:///{tmp_path / 'decisions.sqlite'}")
    record.freeze_snapshot(
        engine,
        users["aabenraa.projektgruppe"],
        "Forelagt KU",
        gross_list,
        state.priorities(read_events(engine)),
    )
    start = threading.Barrier(3)
    results, told_to_wait = {}, []

    def ask(name: str, audience: str) -> None:
        start.wait()
        results[name] = annex_desk.annex_file(
            engine, config, audience, ".docx", waiting=lambda: told_to_wait.append(name)
        )

    threads = [
        threading.Thread(target=ask, args=("first", "Aabenraa")),
        threading.Thread(target=ask, args=("second", "Aabenraa")),
        threading.Thread(target=ask, args=("committee", "Koordinationsudvalget")),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    same = [results["first"], results["second"]]
    assert same[0].data == same[1].data
    assert sorted(r.from_cache for r in same) == [False, True]  # drawn once
    assert len(told_to_wait) >= 1  # someone queued behind a drawing, and was told
    assert not annex_desk.busy()
    again = annex_desk.annex_file(engine, config, "Aabenraa", ".docx")
    assert again.from_cache and again.data == same[0].data
    # A decision recorded since: the next annex is drawn anew.
    record.record_political_decision(
        engine,
        users["aabenraa.sekretariat"],
        find_candidate(gross_list, "K-aabenraa:loen"),
        "ønsker at gå videre",
        committee="Økonomiudvalget",
        meeting_date="2027-01-21",
    )
    fresh = annex_desk.annex_file(engine, config, "Aabenraa", ".docx")
    assert not fresh.from_cache and fresh.data != same[0].data

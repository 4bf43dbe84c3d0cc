"""The dashboard's start-up guards as a reader meets them (AppTest): one refusal page, or a
banner on every page of a demo opened on purpose. A good secret and the forged login cookie are
in test_login.py (a real login needs a real server)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from app_runner import texts
from dashboard_sample_round import APP
from streamlit import config as streamlit_config
from streamlit.testing.v1 import AppTest

from screening.operations.startup import DEMO_BANNER, EXAMPLE_SECRET, REFUSAL_TITLE


def _auth(cookie_secret: str) -> dict[str, str]:
    return {
        "redirect_uri": "http://127.0.0.1:8501/oauth2callback",
        "cookie_secret": cookie_secret,
        "client_id": "x",
        "client_secret": "y",
        "server_metadata_url": "http://127.0.0.1:1/.well-known/openid-configuration",
    }


def _run(auth: dict | None = None) -> AppTest:
    at = AppTest.from_file(str(APP), default_timeout=60)
    if auth is not None:
        at.secrets["auth"] = auth
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


@pytest.fixture
def address() -> Iterator[callable]:
    before = streamlit_config.get_option("server.address")

    def set_address(value: str | None) -> None:
        streamlit_config.set_option("server.address", value)

    yield set_address
    streamlit_config.set_option("server.address", before)


@pytest.mark.parametrize("cookie_secret", [EXAMPLE_SECRET, "kort", ""])
def test_a_guessable_login_secret_gives_one_danish_page_and_nothing_else(cookie_secret) -> None:
    at = _run(_auth(cookie_secret))
    assert [t.value for t in at.title] == [REFUSAL_TITLE]
    assert "cookie_secret" in at.error[0].value
    # Nothing else: no menu, no language switch, no login button, no data.
    assert not at.sidebar.children or not any(at.sidebar.get(k) for k in ("radio", "button"))
    assert not at.button and not at.dataframe and not at.selectbox


def test_demo_mode_on_an_open_address_is_refused(address) -> None:
    address("0.0.0.0")
    at = _run()
    assert [t.value for t in at.title] == [REFUSAL_TITLE]
    assert "SCREENING_DEMO=1" in at.error[0].value
    assert not at.selectbox  # no user picker


def test_demo_mode_opened_on_purpose_says_so_on_every_page(address, monkeypatch) -> None:
    address("0.0.0.0")
    monkeypatch.setenv("SCREENING_DEMO", "1")
    at = _run()
    assert REFUSAL_TITLE not in texts(at)
    assert DEMO_BANNER in [w.value for w in at.warning]
    at.switch_page("app_pages/gross_list.py").run()
    assert DEMO_BANNER in [w.value for w in at.warning]


def test_demo_mode_on_this_machine_has_no_banner() -> None:
    at = _run()
    assert DEMO_BANNER not in [w.value for w in at.warning]


def test_a_store_restored_from_an_older_backup_is_told_to_the_project_group(
    published, decision_store: str, tmp_path, monkeypatch
) -> None:
    from app_runner import open_page
    from test_homes import as_user

    from dashboard.shell import page_paths
    from screening import store as warehouse
    from screening.config import load_screening_config
    from screening.decisions.record import find_candidate, record_priority
    from screening.decisions.store import dispose_all, open_store, read_events
    from screening.decisions.users import load_users

    users = load_users(load_screening_config())
    top = find_candidate(published.gross_list, published.gross_list["candidate_id"][0])
    engine = open_store(decision_store)
    record_priority(engine, users["aabenraa.direktion"], top, "høj")
    record_priority(engine, users["haderslev.direktion"], top, "lav")
    # The list was last built from both decisions ...
    copy = tmp_path / "db" / "warehouse.published.duckdb"
    copy.parent.mkdir()
    copy.write_bytes(published.published.read_bytes())
    with warehouse.connect(copy) as con:
        warehouse.write_table(con, "decision_log", read_events(engine))
    monkeypatch.setenv("SCREENING_DB", str(tmp_path / "db" / "warehouse.duckdb"))
    # ... and the store is now an older copy holding only the first.
    dispose_all()
    older = f"sqlite:///{tmp_path / 'older.sqlite'}"
    record_priority(open_store(older), users["aabenraa.direktion"], top, "høj")
    monkeypatch.setenv("SCREENING_DECISIONS_URL", older)
    at = as_user(open_page(page_paths.HOME_PROJECT_GROUP), "haderslev.projektgruppe")
    assert any("Beslutningsdatabasen har færre beslutninger (1" in e.value for e in at.error)
    # A director is not the one to act on it.
    at = as_user(open_page(page_paths.HOME_DIRECTOR), "haderslev.direktion")
    assert not any("færre beslutninger" in e.value for e in at.error)

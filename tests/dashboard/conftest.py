"""Shared fixtures for the dashboard tests: one real screening run, built once per session, and
one Chromium per session for the browser tests.

The data is made the way a real round is: filled templates are written with the template writer,
and the real Dagster job runs in this process (no mocks) and publishes the dashboard's copy.
Environment variables are set only while the job runs and, per test, through ``monkeypatch``, so
the other test folders never see these temporary paths.

A session is one test process: under pytest-xdist each worker builds its own run in its own
temporary folder and launches its own browser, so workers share no file, port or database.
"""

from __future__ import annotations

import dataclasses
import functools
import json
import os
import shutil
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import polars as pl
import pytest
from dashboard_sample_round import ScreeningRun, write_sample_templates
from live_dashboard import (
    CHROMIUM,
    CHROMIUM_ARGS,
    JOURNEY_VIEWPORT,
    PORT_ATTEMPTS,
    SCREENSHOTS_ENV,
    Journey,
    free_port,
    start,
    stop,
)
from login_flow import PEOPLE, STREAMLIT_PROBE
from playwright.sync_api import Browser, Page, expect, sync_playwright
from streamlit.components.v2 import manifest_scanner
from streamlit.runtime.scriptrunner.script_cache import ScriptCache
from streamlit.testing.v1 import app_test

from dashboard.common import queries
from pipelines.run import run_screening
from screening import store
from screening.config import CONFIG_DIR, load_screening_config
from screening.decisions.store import dispose_all, open_store
from screening.decisions.users import load_users
from screening.demo.cycle import write_demo_cycle


@pytest.fixture(scope="session", autouse=True)
def app_test_setup_once() -> Iterator[None]:
    """What a served dashboard does once, at start, AppTest does again for every test or run:

    - each new AppTest looks through the metadata of every installed package for Streamlit
      components (about half a second, more than most page runs);
    - each run compiles the entry and the page anew, with Streamlit's "magic" rewrite of the
      syntax tree (about a tenth of a page run's time).

    The installed packages and the scripts do not change during a session, so both are done
    once per test process, as the server does them once per process.
    """
    scripts = ScriptCache()
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(
            manifest_scanner,
            "scan_component_manifests",
            functools.cache(manifest_scanner.scan_component_manifests),
        )
        patch.setattr(app_test, "ScriptCache", lambda: scripts)
        yield


@pytest.fixture(scope="session")
def screening_run(tmp_path_factory: pytest.TempPathFactory) -> ScreeningRun:
    root = tmp_path_factory.mktemp("screening_round")
    warehouse = root / "db" / "warehouse.duckdb"
    run = ScreeningRun(
        templates=root / "templates",
        warehouse=warehouse,
        published=store.published_path(warehouse),
        inbox=root / "inbox",
        overrides=root / "overrides" / "matches.csv",
        weights=root / "config" / "scoring.toml",
        gross_list=pl.DataFrame(),
        screening_tasks=pl.DataFrame(),
    )
    write_sample_templates(run.templates)
    run.weights.parent.mkdir(parents=True)
    shutil.copyfile(CONFIG_DIR / "scoring.toml", run.weights)
    with pytest.MonkeyPatch.context() as env:
        for name, value in run.env().items():
            env.setenv(name, value)
        env.delenv("DAGSTER_HOME", raising=False)  # keep the run out of any real Dagster instance
        result = run_screening()
    assert result.success, "the screening job failed on the sample templates"
    assert run.published.is_file(), "the job did not publish the dashboard's copy"
    return dataclasses.replace(
        run,
        gross_list=queries.read_gross_list(run.published),
        screening_tasks=queries.read_screening_tasks(run.published),
    )


@pytest.fixture
def own_round(screening_run: ScreeningRun, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the sample round; returns the published copy the dashboard reads."""
    templates = tmp_path / "templates"
    shutil.copytree(screening_run.templates, templates)
    warehouse = tmp_path / "db" / "warehouse.duckdb"
    warehouse.parent.mkdir()
    shutil.copyfile(screening_run.published, store.published_path(warehouse))
    for name, value in screening_run.env().items():
        monkeypatch.setenv(name, value)
    monkeypatch.setenv("SCREENING_TEMPLATES", str(templates))
    monkeypatch.setenv("SCREENING_DB", str(warehouse))
    monkeypatch.setenv("SCREENING_INBOX", str(tmp_path / "inbox"))
    monkeypatch.delenv("DAGSTER_HOME", raising=False)
    return store.published_path(warehouse)


@pytest.fixture(autouse=True)
def decision_store(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[str]:
    """Every test gets an empty decision store of its own, never the project's
    data/decisions.sqlite: the pages read it live, so a test that forgot would write there."""
    url = decisions_url(tmp_path)
    monkeypatch.setenv("SCREENING_DECISIONS_URL", url)
    yield url
    dispose_all()


def decisions_url(folder: Path) -> str:
    return f"sqlite:///{folder / 'decisions.sqlite'}"


@pytest.fixture
def published(screening_run: ScreeningRun, monkeypatch: pytest.MonkeyPatch) -> ScreeningRun:
    """The sample round, with the environment pointing the app at it for this test only."""
    for name, value in screening_run.env().items():
        monkeypatch.setenv(name, value)
    return screening_run


# --- The browser tests ---------------------------------------------------------------------------


@pytest.fixture(scope="session")
def chromium() -> Iterator[Browser]:
    """One Chromium per test process (each pytest-xdist worker has its own); every test or
    module opens a context of its own in it, a fresh profile without another test's cookies."""
    if not CHROMIUM.is_file():
        pytest.fail(
            f"Chromium is missing at {CHROMIUM}; the browser tests need it. "
            "Install it with: apt-get update && apt-get install -y chromium"
        )
    # An expectation waits up to 30 s (the tests' own explicit waits) for what it expects, not
    # Playwright's 5 s: with the suite on both cores, a page can take longer to draw. What is
    # expected is unchanged; a page that never shows it still fails.
    expect.set_options(timeout=30_000)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(chromium: Browser) -> Iterator[Page]:
    """A fresh browser profile for one test, at a desktop size, in Danish."""
    context = chromium.new_context(
        viewport={"width": 1600, "height": 1100}, locale="da-DK", accept_downloads=True
    )
    yield context.new_page()
    context.close()


@pytest.fixture(scope="session")
def identity_provider(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A local OpenID Connect provider standing in for Entra ID, knowing ``login_flow.PEOPLE``."""
    log = tmp_path_factory.mktemp("oidc") / "oidc.log"
    for _attempt in range(PORT_ATTEMPTS):
        port = free_port()
        command = [sys.executable, "-m", "oidc_provider_mock", "--port", str(port)]
        for person in PEOPLE:
            command += ["--user-claims", json.dumps(person, ensure_ascii=False)]
        provider = start(command, log, dict(os.environ))
        url = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 30
        while provider.poll() is None and time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(f"{url}/.well-known/openid-configuration", timeout=2):
                    break
            except OSError:
                time.sleep(0.3)
        else:
            if provider.poll() is None or "already in use" not in log.read_text():
                stop(provider)
                pytest.fail(f"the identity provider did not start:\n{log.read_text()}")
            continue  # another process took the port meanwhile: another one
        try:
            yield url
        finally:
            stop(provider)
        return
    pytest.fail(f"no free port for the identity provider after {PORT_ATTEMPTS} tries")


@pytest.fixture
def strict_page(chromium: Browser, dashboard_url: str) -> Iterator[Page]:
    """A fresh browser profile per test (no login cookie), failing on any console error of the
    dashboard at ``dashboard_url``. (The test provider's own page loads a stylesheet from a CDN
    this machine cannot reach; that page is the stand-in for Entra ID's, not ours.)"""
    context = chromium.new_context(viewport={"width": 1600, "height": 1000}, locale="da-DK")
    opened = context.new_page()
    errors: list[str] = []

    def on_console(message) -> None:
        where = message.location.get("url", "") if message.location else ""
        if STREAMLIT_PROBE.search(where):
            return
        if message.type == "error" and opened.url.startswith(dashboard_url):
            errors.append(f"{message.text} ({where})")

    opened.on("console", on_console)
    opened.on("pageerror", lambda error: errors.append(str(error)))
    yield opened
    context.close()
    assert errors == [], f"console errors: {errors}"


# --- The audiences' days (the test_journey_* modules) --------------------------------------------


@pytest.fixture(scope="module")
def fresh_start(
    screening_run: ScreeningRun, tmp_path_factory: pytest.TempPathFactory
) -> tuple[ScreeningRun, dict[str, str]]:
    """What ``screening up`` leaves on a new machine, for one module's dashboard: the sample
    round as the job built it, in folders of its own (a run worker may archive files and build
    it again), and the demo cycle written afterwards into an empty decision store, as
    ``screening up`` does. Returns the run and the environment its dashboard (and run worker)
    are started with."""
    folder = tmp_path_factory.mktemp("fresh_start")
    shutil.copytree(screening_run.templates, folder / "templates")
    (folder / "config").mkdir()
    shutil.copyfile(screening_run.weights, folder / "config" / "scoring.toml")
    warehouse = folder / "db" / "warehouse.duckdb"
    warehouse.parent.mkdir()
    shutil.copyfile(screening_run.warehouse, warehouse)
    shutil.copyfile(screening_run.published, store.published_path(warehouse))
    run = dataclasses.replace(
        screening_run,
        templates=folder / "templates",
        warehouse=warehouse,
        published=store.published_path(warehouse),
        inbox=folder / "inbox",
        overrides=folder / "overrides" / "matches.csv",
        weights=folder / "config" / "scoring.toml",
    )
    env = {**run.env(), "SCREENING_DECISIONS_URL": decisions_url(folder)}
    config = load_screening_config()
    with pytest.MonkeyPatch.context() as patch:  # the demo reads the round's own weights
        for name, value in env.items():
            patch.setenv(name, value)
        written = write_demo_cycle(
            open_store(env["SCREENING_DECISIONS_URL"]), run.gross_list, load_users(config), config
        )
    dispose_all()
    assert "ikke skrevet" not in written, written
    return run, env


@pytest.fixture(scope="session")
def screenshot_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """``SCREENING_SCREENSHOTS`` when set (the user guide's pictures), else a temporary folder."""
    if wanted := os.environ.get(SCREENSHOTS_ENV):
        Path(wanted).mkdir(parents=True, exist_ok=True)
        return Path(wanted)
    return tmp_path_factory.mktemp("screenshots")


@pytest.fixture
def journey(
    chromium: Browser,
    screenshot_folder: Path,
    request: pytest.FixtureRequest,
    capsys: pytest.CaptureFixture[str],
    record_property,
) -> Iterator[Journey]:
    """A fresh browser profile at 1280×720 in Danish, with the day's steps timed; the slowest
    step is printed (past pytest's capture) and recorded in the test's report."""
    context = chromium.new_context(viewport=JOURNEY_VIEWPORT, locale="da-DK", accept_downloads=True)
    walked = Journey(
        context.new_page(), screenshot_folder, for_guide=bool(os.environ.get(SCREENSHOTS_ENV))
    )
    yield walked
    context.close()
    label, seconds = walked.slowest()
    record_property("slowest_step", f"{label}: {seconds:.1f} s")
    record_property("steps", walked.summary())
    with capsys.disabled():
        print(f"\n{request.node.name}: {walked.summary()}")

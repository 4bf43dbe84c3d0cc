"""The dashboard as a user's browser meets it: ``streamlit run`` as a subprocess, Chromium through
Playwright. The browser test modules start their servers and read their pages with these helpers;
the browser itself is the ``chromium`` fixture in conftest.py (one per test process).

Every server gets a free port of its own, so several test processes (pytest-xdist workers) run
their dashboards side by side; a port taken between the probe and Streamlit's bind is retried.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

import pytest
from dashboard_sample_round import APP
from playwright.sync_api import Locator, Page

from pipelines import serve

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
# How long a test waits for a dashboard to answer: it prepares its start page before it does
# (dashboard/shell/serve.py), 3-6 s of CPU, and three test workers share two cores; on a loaded
# machine a start has taken over a minute. How fast it starts is the benchmark's
# question (benchmarks/README.md «First page load»), not these tests'.
STARTUP_SECONDS = 150
PORT_ATTEMPTS = 3
EXCEPTION = '[data-testid="stException"]'
USER_PICKER = "Demo-tilstand: vælg bruger"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def start(command: Sequence[str], log: Path, env: dict[str, str]) -> subprocess.Popen:
    with open(log, "w") as output:
        return subprocess.Popen(
            list(command), env=env, cwd=APP.parents[1], stdout=output, stderr=subprocess.STDOUT
        )


def stop(process: subprocess.Popen) -> None:
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()


class PortTaken(Exception):
    """Another process bound the probed port before the server did."""


def wait_until_healthy(url: str, server: subprocess.Popen, log: Path) -> None:
    if serve.wait_until_answers(url, server, seconds=STARTUP_SECONDS, interval=0.5):
        return
    if server.poll() is not None:
        if "already in use" in log.read_text():
            raise PortTaken(url)
        pytest.fail(f"the server for {url} stopped during start-up:\n{log.read_text()}")
    pytest.fail(f"{url} did not answer within {STARTUP_SECONDS} s:\n{log.read_text()}")


def start_dashboard(
    folder: Path, env: dict[str, str], extra_args: Callable[[str], Sequence[str]] | None = None
) -> tuple[subprocess.Popen, str]:
    """``streamlit run`` of the app on a free port, healthy; ``env`` is laid over this process's
    environment (without ``DAGSTER_HOME``, so a recompute stays out of any real instance).
    ``extra_args`` gives more command-line options for the server's own address."""
    folder.mkdir(parents=True, exist_ok=True)
    full_env = {
        **{k: v for k, v in os.environ.items() if k != "DAGSTER_HOME"},
        "STREAMLIT_BROWSER_GATHER_USAGE_STATS": "false",
        **env,
    }
    log = folder / "streamlit.log"
    for attempt in range(PORT_ATTEMPTS):
        port = free_port()
        url = f"http://127.0.0.1:{port}"
        # As `screening up` starts it: the start page's libraries imported before it answers.
        command = [sys.executable, "-m", "dashboard.shell.serve", "run", str(APP),
                   "--server.headless", "true", "--server.address", "127.0.0.1",
                   "--server.port", str(port),
                   *(extra_args(url) if extra_args else ())]  # fmt: skip
        server = start(command, log, full_env)
        try:
            wait_until_healthy(url, server, log)
            return server, url
        except PortTaken:
            if attempt == PORT_ATTEMPTS - 1:
                pytest.fail(f"no free port for streamlit after {PORT_ATTEMPTS} tries")
        except BaseException:
            stop(server)
            raise
    raise AssertionError("unreachable")


@contextmanager
def dashboard(folder: Path, env: dict[str, str]) -> Iterator[str]:
    """A running dashboard's address for the ``with`` block; the server stops after it."""
    server, url = start_dashboard(folder, env)
    try:
        yield url
    finally:
        stop(server)


def settle(page: Page) -> None:
    # Wait for the script run to end, so an exception raised late in the page is on screen too.
    page.locator('[data-testid="stStatusWidget"]').wait_for(state="hidden", timeout=30_000)
    page.wait_for_timeout(500)


def choose(page: Page, label: str, option: str) -> None:
    """Pick ``option`` in the selectbox ``label``, the way a user does, and wait for the rerun.

    Scrolled into view first, as a reader scrolls the long sidebar before clicking: a click
    while the sidebar is still scrolling closes the list as it opens."""
    box = page.get_by_role("combobox", name=label)
    box.scroll_into_view_if_needed()
    page.wait_for_timeout(300)
    box.click()
    page.get_by_role("option", name=option, exact=True).click()
    settle(page)


# --- One audience's day, walked in the browser (the test_journey_* modules) ----------------------

# Where a journey's screenshots go when set (the user guide's pictures are made this way, once,
# into docs/img/); otherwise a temporary folder of the test run.
SCREENSHOTS_ENV = "SCREENING_SCREENSHOTS"
# The smallest desktop screen the product is checked at.
JOURNEY_VIEWPORT = {"width": 1280, "height": 720}
# Colours kept in a screenshot made for the user guide: a dashboard's flat colours and text stay
# sharp with far fewer, and the file is a quarter of the size.
GUIDE_COLOURS = 96


class Journey:
    """A user's day as steps: each step timed, so the slowest is known, and screenshots of the
    screen as the user sees it (the viewport, or one element scrolled into it)."""

    def __init__(self, page: Page, folder: Path, for_guide: bool) -> None:
        self.page = page
        self.folder = folder
        self.for_guide = for_guide
        self.seconds: dict[str, float] = {}

    @contextmanager
    def step(self, label: str) -> Iterator[None]:
        started = time.monotonic()
        yield
        self.seconds[label] = time.monotonic() - started

    def screenshot(self, name: str, element: Locator | None = None) -> Path:
        path = self.folder / f"{name}.png"
        settle(self.page)  # the page as drawn, not mid-run
        if element is None:
            self.page.screenshot(path=path)
        else:
            element.screenshot(path=path)
        if self.for_guide:
            from PIL import Image  # Pillow comes with Streamlit

            with Image.open(path) as shot:
                small = shot.convert("RGB").quantize(GUIDE_COLOURS, dither=Image.Dither.NONE)
            small.save(path, optimize=True)
        return path

    def slowest(self) -> tuple[str, float]:
        return max(self.seconds.items(), key=lambda item: item[1], default=("–", 0.0))

    def summary(self) -> str:
        label, seconds = self.slowest()
        steps = ", ".join(f"{name} {s:.1f} s" for name, s in self.seconds.items())
        return f"slowest step: {label} ({seconds:.1f} s); all: {steps}"

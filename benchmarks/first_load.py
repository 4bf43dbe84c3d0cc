"""How long a visitor waits for the dashboard's first page after the server has started,
measured the way the visitor meets it: a real server and Chromium through Playwright.

    uv run python -m benchmarks.first_load                   # the sample round, 3 fresh starts
    uv run python -m benchmarks.first_load --floor           # and the floor under any page
    uv run python -m benchmarks.first_load --repeats 5 --importtime imports.txt

The sample round is built first with the real job (not timed). Then, for each repeat, a fresh
server is started as ``screening up`` starts it (``python -m dashboard.shell.serve run
dashboard/streamlit_app.py``; the browser already open, so its own start does not count) and
timed until it answers its health check; a first visitor then opens the start page in a new
browser context (nothing cached), and the clock runs until that page's script has finished and
its title is drawn (``first_page_load_s``). The page takes that moment itself, at the first frame
painted after it (``MOMENTS_SCRIPT``), beside earlier and later ones: Streamlit's frontend
running, the title drawn, and the page complete (no element still a placeholder, every chart
drawn). ``polled`` is when Playwright noticed, which can be half a second later. A second visitor
in a new context gives ``second_page_load_s``: what every later visitor waits.

Beside the wall times, ``first_page_server_cpu_s`` is the server process's CPU time (all its
threads) during the first visit: on a machine other work keeps busy the wall time includes
waiting for a core, the CPU time is what the page itself costs the server. With ``--floor`` the
same is measured with a page that draws only a title and one that adds a single Plotly chart:
what Streamlit's frontend and Plotly cost in the browser whatever the page. With
``--importtime FILE`` the server runs under ``python -X importtime``; the modules imported during
the first visit (not during the server's own start) are summed by top-level package.

Target: ``first_page_load_s`` ≤ 2 s on the sample.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

from benchmarks.page_speed import APP, SAMPLE_TEMPLATES, build_round
from pipelines import serve

TARGET_S = 2.0
CHROMIUM = Path("/usr/bin/chromium")
STARTUP_TIMEOUT_S = 120
PAGE_TIMEOUT_MS = 120_000
# The first run has finished (Streamlit's ScriptRunState) and nothing asks for another.
DRAWN = '[data-testid="stApp"][data-test-script-state="notRunning"]'
TITLE = "h1"
# Timestamps the page takes itself, in the page's clock (ms since navigation began): Playwright
# looks for a selector at growing intervals (up to every 500 ms) and only when the page's main
# thread is free, so its own "found" can come up to half a second after the reader saw the page.
# Each moment is taken at the first frame painted after the state holds (a callback of the next
# animation frame, then a task: after that frame's paint), so a page still busy is not counted
# as seen. ``app``: Streamlit's frontend running (its bundle loaded); ``title``: the title drawn;
# ``drawn``: the script finished and the title drawn (the target's moment); ``complete``: that,
# and no element still a grey placeholder while its code loads (charts and tables are: Plotly's
# code alone is 4.7 MB) and every Plotly chart has drawn its figure.
MOMENTS_SCRIPT = """
(() => {
  const moments = window.__firstLoad = {};
  const conditions = {
    app: () => document.querySelector('[data-testid="stApp"]'),
    title: () => { const t = document.querySelector('h1'); return t && t.checkVisibility(); },
    drawn: () => conditions.title() && document.querySelector(DRAWN_SELECTOR),
    complete: () => conditions.drawn() && !document.querySelector('[data-testid="stSkeleton"]')
      && [...document.querySelectorAll('[data-testid="stPlotlyChart"]')].every(
        chart => chart.querySelector('.main-svg')),
  };
  const pending = new Set(Object.keys(conditions));
  const check = () => {
    for (const name of [...pending]) {
      if (!conditions[name]()) continue;
      pending.delete(name);
      requestAnimationFrame(() => setTimeout(() => { moments[name] = performance.now(); }));
    }
    if (!pending.size) observer.disconnect();
  };
  const observer = new MutationObserver(check);
  observer.observe(document, {subtree: true, childList: true, attributes: true});
})();
""".replace("DRAWN_SELECTOR", json.dumps(DRAWN))
# The floor under any page (``--floor``): the same server and visit with a page that draws only a
# title, and one that adds a single Plotly chart. The first is what Streamlit's frontend and its
# session cost in Chromium; the second adds what Plotly's code costs in the browser.
FLOOR_PAGES = {
    "title_only": 'import streamlit as st\n\nst.title("Overblik")\n',
    "title_and_one_chart": (
        "import plotly.graph_objects as go\nimport streamlit as st\n\n"
        'st.title("Overblik")\nst.plotly_chart(go.Figure(go.Bar(x=[1, 2, 3], y=[3, 1, 2])))\n'
    ),
}
IMPORT_LINE = re.compile(r"^import time:\s+(\d+) \|\s+(\d+) \|( *)(\S+)")


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _cpu_s(pid: int) -> float:
    """CPU time (user + system, all threads) the process has used so far."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _wait_healthy(url: str, server: subprocess.Popen, log: Path) -> None:
    # Looked for often: the visit's clock starts when the health check answers.
    if serve.wait_until_answers(url, server, seconds=STARTUP_TIMEOUT_S, interval=0.05):
        return
    if server.poll() is not None:
        raise RuntimeError(f"streamlit stopped during start-up:\n{log.read_text()}")
    raise RuntimeError(f"streamlit did not answer within {STARTUP_TIMEOUT_S} s")


def _visit(browser, url: str) -> dict[str, float]:
    """Seconds from opening ``url`` in a fresh context until each moment of its first page
    (``MOMENTS_SCRIPT``), and until Playwright found it drawn (``polled``)."""
    context = browser.new_context(viewport={"width": 1280, "height": 720}, locale="da-DK")
    try:
        page = context.new_page()
        page.add_init_script(MOMENTS_SCRIPT)
        start = time.perf_counter()
        start_epoch_ms = time.time() * 1000
        page.goto(url)
        page.locator(DRAWN).wait_for(timeout=PAGE_TIMEOUT_MS)
        page.locator(TITLE).first.wait_for(timeout=PAGE_TIMEOUT_MS)
        polled = time.perf_counter() - start
        if page.locator('[data-testid="stException"]').count():
            raise RuntimeError(f"the first page shows an exception:\n{page.inner_text('body')}")
        page.wait_for_function("window.__firstLoad.complete !== undefined", timeout=PAGE_TIMEOUT_MS)
        origin_ms, moments = page.evaluate("[performance.timeOrigin, window.__firstLoad]")
        # The page's clock starts when navigation began, a moment after ``goto`` was called.
        offset_ms = origin_ms - start_epoch_ms
        return {
            **{name: round((offset_ms + ms) / 1000, 2) for name, ms in moments.items()},
            "polled": round(polled, 2),
        }
    finally:
        context.close()


def _imports_by_package(lines: list[str]) -> dict[str, float]:
    """Milliseconds of import time per top-level package, from ``-X importtime`` lines (each
    module's own time, so nested imports are not counted twice)."""
    by_package: dict[str, float] = defaultdict(float)
    for line in lines:
        if match := IMPORT_LINE.match(line):
            by_package[match.group(4).split(".")[0]] += int(match.group(1)) / 1000
    return dict(sorted(by_package.items(), key=lambda item: -item[1]))


def one_start(
    browser, env: dict[str, str], folder: Path, importtime: bool, app: Path = APP
) -> dict:
    """One fresh server: its start, the first visit and a second one."""
    port = _free_port()
    url = f"http://127.0.0.1:{port}"
    log = folder / f"streamlit_{port}.log"
    command = [sys.executable, *(["-X", "importtime"] if importtime else []), "-m",
               "dashboard.shell.serve", "run", str(app), "--server.headless", "true",
               "--server.address", "127.0.0.1", "--server.port", str(port),
               "--browser.gatherUsageStats", "false"]  # fmt: skip
    full_env = {**{k: v for k, v in os.environ.items() if k != "DAGSTER_HOME"}, **env}
    with open(log, "w") as output:
        start = time.perf_counter()
        server = subprocess.Popen(
            command, env=full_env, cwd=APP.parents[1], stdout=output, stderr=subprocess.STDOUT
        )
    try:
        _wait_healthy(url, server, log)
        ready = time.perf_counter() - start
        lines_at_ready = len(log.read_text().splitlines())
        cpu_at_ready = _cpu_s(server.pid)
        first = _visit(browser, url)
        first_cpu = _cpu_s(server.pid) - cpu_at_ready
        lines = log.read_text().splitlines()
        cpu_before_second = _cpu_s(server.pid)
        second = _visit(browser, url)
        second_cpu = _cpu_s(server.pid) - cpu_before_second
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
    result = {
        "server_ready_s": round(ready, 2),
        "first_page_load_s": first["drawn"],
        "first_page_server_cpu_s": round(first_cpu, 2),
        "first_page_moments_s": first,
        "second_page_load_s": second["drawn"],
        "second_page_server_cpu_s": round(second_cpu, 2),
        "second_page_moments_s": second,
        "server_start_cpu_s": round(cpu_at_ready, 2),
    }
    if importtime:
        during_first = _imports_by_package(lines[lines_at_ready:])
        result["imported_during_first_page_ms"] = round(sum(during_first.values()))
        result["heaviest_imports_during_first_page_ms"] = {
            name: round(ms) for name, ms in list(during_first.items())[:15]
        }
        result["log"] = str(log)
    return result


def _medians(runs: list[dict]) -> dict:
    def median(key: str) -> float:
        return round(statistics.median(run[key] for run in runs), 2)

    def median_moments(key: str) -> dict[str, float]:
        return {
            name: round(statistics.median(run[key][name] for run in runs), 2)
            for name in runs[0][key]
        }

    return {
        "first_page_load_s": median("first_page_load_s"),
        "first_page_server_cpu_s": median("first_page_server_cpu_s"),
        "first_page_moments_s": median_moments("first_page_moments_s"),
        "second_page_load_s": median("second_page_load_s"),
        "second_page_moments_s": median_moments("second_page_moments_s"),
        "second_page_server_cpu_s": median("second_page_server_cpu_s"),
        "server_ready_s": median("server_ready_s"),
    }


def measure(repeats: int, importtime_out: Path | None, floor: bool = False) -> dict:
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory(prefix="first_load_") as tmp:
        folder = Path(tmp)
        env = build_round(SAMPLE_TEMPLATES, None, folder)
        runs, floors = [], {}
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=str(CHROMIUM), args=["--no-sandbox", "--disable-gpu"]
            )
            try:
                for _ in range(repeats):
                    runs.append(one_start(browser, env, folder, importtime_out is not None))
                for name, source in FLOOR_PAGES.items() if floor else ():
                    page = folder / f"{name}.py"
                    page.write_text(source, encoding="utf-8")
                    floors[name] = _medians(
                        [one_start(browser, env, folder, False, page) for _ in range(repeats)]
                    )
            finally:
                browser.close()
        if importtime_out is not None:
            importtime_out.write_text(Path(runs[-1].pop("log")).read_text(), encoding="utf-8")
            for run in runs:
                run.pop("log", None)
        from screening.decisions.store import dispose_all

        dispose_all()  # the SQLite file is deleted with the folder

    medians = _medians(runs)
    return {
        "load_average_1_5_15_min": [round(x, 2) for x in os.getloadavg()],
        **medians,
        "target_s": TARGET_S,
        "met": medians["first_page_load_s"] <= TARGET_S,
        **({"floor": floors} if floor else {}),
        "runs": runs,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.first_load", description=__doc__)
    parser.add_argument("--repeats", type=int, default=3, help="fresh server starts (median)")
    parser.add_argument(
        "--importtime", type=Path, help="run the server under -X importtime; its log goes here"
    )
    parser.add_argument(
        "--floor", action="store_true", help="also measure a title-only page and a one-chart page"
    )
    parser.add_argument("--out", type=Path)
    args = parser.parse_args(argv)
    report = measure(args.repeats, args.importtime, args.floor)
    text = json.dumps(report, indent=2, ensure_ascii=False)
    if args.out:
        args.out.write_text(text + "\n", encoding="utf-8")
    print(text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

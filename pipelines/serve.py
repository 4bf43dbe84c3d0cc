"""``screening up``: build the gross list, then serve the dashboard and the Dagster UI, and
start the run worker (:mod:`pipelines.worker`) that runs the job when files arrive in the inbox.

Both servers bind to 127.0.0.1; stop them together with Ctrl+C. The console shows a short
banner (the two addresses and the demo users); Dagster's and Streamlit's own logs go to
``data/logs/``, and Dagster's telemetry and welcome pop-up are off through its instance
settings (``dagster.yaml``).
"""

from __future__ import annotations

import argparse
import contextlib
import os
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from screening.config import DATA_DIR, PROJECT_ROOT

# Dagster's own settings for a local instance: no usage data sent, and no «Join the Dagster
# community» pop-up in front of the UI on the first visit.
DAGSTER_SETTINGS = """\
# Written by `screening up`; Dagster reads it from DAGSTER_HOME.
telemetry:
  enabled: false
nux:
  enabled: false
"""


def dagster_home() -> Path:
    """One Dagster home for the CLI run and the UI, so the first run is visible there; its
    settings written when the file is new or still the empty one earlier versions left."""
    home = DATA_DIR / "dagster_home"
    home.mkdir(parents=True, exist_ok=True)
    settings = home / "dagster.yaml"
    if not settings.exists() or not settings.read_text(encoding="utf-8").strip():
        settings.write_text(DAGSTER_SETTINGS, encoding="utf-8")
    return home


def banner(dashboard_port: int, dagster_port: int, summary: str, log_dir: Path) -> str:
    """What the person who started it needs: where to go, who to be, how to stop (Danish and
    English, since whoever runs it may be either)."""
    return (
        "\n"
        "Driftsfællesskaber – bruttoliste / gross list of shared operations\n"
        f"  Dashboard:  http://127.0.0.1:{dashboard_port}\n"
        f"  Dagster UI: http://127.0.0.1:{dagster_port}\n"
        "  Demo: vælg en bruger øverst i sidepanelet / pick a user at the top of the sidebar\n"
        "        (fx/e.g. Karen Holm, projektgruppe; Anders Fog, direktion; config/users.toml)\n"
        f"  {summary.splitlines()[0] if summary else ''}\n"
        f"  Logs: {log_dir}\n"
        "  Stop: Ctrl+C\n"
    )


def wait_until_answers(
    url: str, server: subprocess.Popen, seconds: float = 120, interval: float = 0.25
) -> bool:
    """Whether the Streamlit server at ``url`` answers its health check within ``seconds``
    (False at once if it stops)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline and server.poll() is None:
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
                if response.read().strip() == b"ok":
                    return True
        except OSError:
            pass
        time.sleep(interval)
    return False


def serve(dashboard_port: int = 8501, dagster_port: int = 3000) -> int:
    os.environ["DAGSTER_HOME"] = str(dagster_home())
    log_dir = DATA_DIR / "logs"
    log_dir.mkdir(parents=True, exist_ok=True)

    from pipelines.run import run_screening, summarise

    print("Danner bruttolisten … / Building the gross list …", flush=True)
    with (
        open(log_dir / "dagster.log", "a", encoding="utf-8") as log,
        contextlib.redirect_stdout(log),
        contextlib.redirect_stderr(log),
    ):
        result = run_screening()
        summary = summarise(result)
        print(summary, flush=True)
        # A new user's first start shows a populated funnel; an existing store is left alone.
        from cli.decisions import run as decisions_command

        decisions_command(argparse.Namespace(command="demo"))

    bin_dir = os.path.dirname(sys.executable)
    dagster_log = open(log_dir / "dagster.log", "a", encoding="utf-8")  # noqa: SIM115
    dashboard_log = open(log_dir / "dashboard.log", "a", encoding="utf-8")  # noqa: SIM115
    servers = [
        subprocess.Popen(
            [
                os.path.join(bin_dir, "dagster"),
                "dev",
                "-m",
                "pipelines.definitions",
                "--host",
                "127.0.0.1",
                "--port",
                str(dagster_port),
            ],
            cwd=PROJECT_ROOT,
            stdout=dagster_log,
            stderr=subprocess.STDOUT,
        ),
        # The run worker: a sent file on the list in seconds (the sensor is its fallback).
        subprocess.Popen([sys.executable, "-m", "pipelines.worker"], cwd=PROJECT_ROOT),
        subprocess.Popen(
            [
                # `streamlit run` with the start page's libraries imported before it answers.
                sys.executable,
                "-m",
                "dashboard.shell.serve",
                "run",
                "dashboard/streamlit_app.py",
                "--server.address",
                "127.0.0.1",
                "--server.port",
                str(dashboard_port),
                "--server.headless",
                "true",
                "--browser.gatherUsageStats",
                "false",
            ],
            cwd=PROJECT_ROOT,
            stdout=dashboard_log,
            stderr=subprocess.STDOUT,
        ),
    ]
    # The dashboard prepares its start page before it answers; the addresses are printed once it
    # does, so the first click on them opens the page rather than «connection refused».
    print("Starter dashboardet … / Starting the dashboard …", flush=True)
    if not wait_until_answers(f"http://127.0.0.1:{dashboard_port}", servers[-1]):
        print(
            f"Dashboardet svarer ikke; se {log_dir / 'dashboard.log'}. / "
            f"The dashboard does not answer; see {log_dir / 'dashboard.log'}.",
            flush=True,
        )
    print(banner(dashboard_port, dagster_port, summary, log_dir), flush=True)
    try:
        while all(server.poll() is None for server in servers):
            time.sleep(1)
    except KeyboardInterrupt:
        pass
    finally:
        for server in servers:
            if server.poll() is None:
                server.send_signal(signal.SIGINT)
        for server in servers:
            try:
                server.wait(timeout=15)
            except subprocess.TimeoutExpired:
                server.kill()
        dagster_log.close()
        dashboard_log.close()
    return 0 if result.success else 1

"""``screening up``: build the gross list, then serve the dashboard and the Dagster UI, and
start the run worker (:mod:`pipelines.worker`) that runs the job when files arrive in the inbox.

Both servers bind to 127.0.0.1; stop them together with Ctrl+C.
"""

from __future__ import annotations

import argparse
import os
import signal
import subprocess
import sys
import time

from screening.config import DATA_DIR, PROJECT_ROOT


def serve(dashboard_port: int = 8501, dagster_port: int = 3000) -> int:
    # One Dagster home for the CLI run and the UI, so the first run is visible there.
    dagster_home = DATA_DIR / "dagster_home"
    dagster_home.mkdir(parents=True, exist_ok=True)
    (dagster_home / "dagster.yaml").touch()  # the defaults suit a local run; an empty file says so
    os.environ["DAGSTER_HOME"] = str(dagster_home)

    from pipelines.run import run_screening, summarise

    result = run_screening()
    print(summarise(result), flush=True)
    # A new user's first start shows a populated funnel; an existing store is left alone.
    from cli.decisions import run as decisions_command

    decisions_command(argparse.Namespace(command="demo"))

    bin_dir = os.path.dirname(sys.executable)
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
        ),
        # The run worker: a sent file on the list in seconds (the sensor is its fallback).
        subprocess.Popen([sys.executable, "-m", "pipelines.worker"], cwd=PROJECT_ROOT),
        subprocess.Popen(
            [
                os.path.join(bin_dir, "streamlit"),
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
        ),
    ]
    print(
        f"\nDashboard:  http://127.0.0.1:{dashboard_port}\n"
        f"Dagster UI: http://127.0.0.1:{dagster_port}\nStop med Ctrl+C.",
        flush=True,
    )
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
    return 0 if result.success else 1

"""`screening up` starts quietly: Dagster's telemetry and its welcome pop-up are off through
Dagster's own instance settings, and the console banner says where to go and who to be."""

from __future__ import annotations

import http.server
import subprocess
import sys
import threading
import time

import dagster as dg

from pipelines import serve


def test_dagster_home_turns_telemetry_and_the_welcome_pop_up_off(tmp_path, monkeypatch) -> None:
    monkeypatch.setattr(serve, "DATA_DIR", tmp_path)
    home = serve.dagster_home()
    (home / "dagster.yaml").write_text("", encoding="utf-8")  # as earlier versions left it
    home = serve.dagster_home()
    monkeypatch.setenv("DAGSTER_HOME", str(home))
    with dg.DagsterInstance.get() as instance:
        assert instance.telemetry_enabled is False
        assert instance.nux_enabled is False  # no «Join the Dagster community»
    # A file the operator has written is theirs: never overwritten.
    (home / "dagster.yaml").write_text("telemetry:\n  enabled: true\n", encoding="utf-8")
    serve.dagster_home()
    assert "enabled: true" in (home / "dagster.yaml").read_text(encoding="utf-8")


def test_the_banner_is_short_and_names_both_addresses_and_a_demo_user(tmp_path) -> None:
    text = serve.banner(8501, 3000, "Kandidater på bruttolisten: 42.\nDatabasen: /x", tmp_path)
    lines = text.strip().splitlines()
    assert len(lines) <= 10
    assert "http://127.0.0.1:8501" in text and "http://127.0.0.1:3000" in text
    assert "Karen Holm" in text and "Kandidater på bruttolisten: 42." in text
    assert "Databasen" not in text and str(tmp_path) in text  # where the logs went


def _health_server(answer_after: float) -> tuple[http.server.HTTPServer, str]:
    """A stand-in for a server still preparing: ``/_stcore/health`` answers «ok» only after
    ``answer_after`` seconds, as Streamlit's does once the dashboard has rehearsed its page."""
    ready_at = time.monotonic() + answer_after

    class Health(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            ready = time.monotonic() >= ready_at and self.path == "/_stcore/health"
            self.send_response(200 if ready else 503)
            self.end_headers()
            self.wfile.write(b"ok" if ready else b"")

        def log_message(self, *args) -> None:
            pass

    server = http.server.HTTPServer(("127.0.0.1", 0), Health)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}"


def test_the_addresses_are_printed_only_once_the_dashboard_answers() -> None:
    health, url = _health_server(answer_after=1.0)
    process = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(30)"])
    try:
        started = time.monotonic()
        assert serve.wait_until_answers(url, process, seconds=20)
        assert time.monotonic() - started >= 1.0  # it waited for «ok», not for the port
        # A dashboard that stops while preparing is reported at once, not after the whole wait.
        process.kill()
        process.wait()
        started = time.monotonic()
        assert not serve.wait_until_answers(url + "/nothing-here", process, seconds=20)
        assert time.monotonic() - started < 5
    finally:
        process.kill()
        health.shutdown()

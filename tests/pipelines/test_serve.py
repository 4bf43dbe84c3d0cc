"""`screening up` starts quietly: Dagster's telemetry and its welcome pop-up are off through
Dagster's own instance settings, and the console banner says where to go and who to be."""

from __future__ import annotations

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

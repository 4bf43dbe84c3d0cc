"""Imports run one way (README, «Layout»): a change that makes one run back up fails here."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def imported_modules(folder: str) -> dict[str, set[str]]:
    """Every module each .py file under ``folder`` imports, by its dotted name."""
    found: dict[str, set[str]] = {}
    for path in (ROOT / folder).rglob("*.py"):
        names: set[str] = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names.update(alias.name for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                names.add(node.module)
                # ``from dashboard.common import data`` imports the module dashboard.common.data
                names.update(f"{node.module}.{alias.name}" for alias in node.names)
        found[str(path.relative_to(ROOT))] = names
    return found


def offenders(folder: str, forbidden: tuple[str, ...]) -> list[str]:
    return sorted(
        f"{path} imports {name}"
        for path, names in imported_modules(folder).items()
        for name in names
        if any(name == f or name.startswith(f + ".") for f in forbidden)
    )


@pytest.mark.parametrize(
    ("folder", "forbidden"),
    [
        (
            "screening",
            ("dagster", "streamlit", "pipelines", "assets", "dashboard", "benchmarks", "cli"),
        ),
        ("assets", ("pipelines", "cli", "dashboard", "streamlit", "benchmarks")),
        ("pipelines", ("dashboard", "streamlit", "benchmarks")),
        # The commands that never drive Dagster: pipelines/cli.py registers them, not the reverse.
        ("cli", ("dagster", "pipelines", "assets", "dashboard", "streamlit", "benchmarks")),
        ("dashboard", ("dagster", "pipelines", "assets", "cli", "benchmarks")),
        ("screening/matching", ("screening.intake", "screening.decisions")),
        ("screening/intake", ("screening.decisions", "screening.matching", "screening.ranking")),
        ("screening/template", ("screening.intake", "screening.matching", "screening.ranking")),
        ("screening/ranking", ("screening.intake", "screening.matching", "screening.decisions")),
    ],
)
def test_imports_run_one_way(folder: str, forbidden: tuple[str, ...]) -> None:
    assert offenders(folder, forbidden) == []


STAGES = sorted(
    path.name
    for path in (ROOT / "screening").iterdir()
    if (path / "__init__.py").exists() and path.name != "demo"
)


@pytest.mark.parametrize("stage", STAGES)
def test_only_the_demo_imports_the_demo(stage: str) -> None:
    """The demo may import every stage; a stage that imported the demo would tie the product
    to invented decisions."""
    assert offenders(f"screening/{stage}", ("screening.demo",)) == []


def test_the_demos_live_in_one_place() -> None:
    stray = [
        str(path.relative_to(ROOT))
        for path in (ROOT / "screening").rglob("*demo*.py")
        if path.parent.name != "demo"
    ]
    assert stray == []


DASHBOARD_FEATURES = (
    "intake",
    "matching",
    "ranking",
    "decisions",
    "documents",
    "phase3",
    "rounds",
    "recompute",
)


def test_the_dashboard_is_grouped_by_feature() -> None:
    loose = sorted(p.name for p in (ROOT / "dashboard").glob("*.py"))
    assert loose == ["__init__.py", "streamlit_app.py"]
    folders = {p.name for p in (ROOT / "dashboard").iterdir() if (p / "__init__.py").exists()}
    assert folders == {"shell", "common", *DASHBOARD_FEATURES}


def test_feature_builders_are_pure_and_widgets_say_so() -> None:
    """In a feature folder only a ``*_view.py`` draws with Streamlit; the rest build frames and
    figures a plain test can check."""
    drawing = [
        f"{path} imports {name}"
        for feature in DASHBOARD_FEATURES
        for path, names in imported_modules(f"dashboard/{feature}").items()
        if not path.endswith("_view.py")
        for name in names
        if name == "streamlit" or name.startswith("streamlit.")
    ]
    assert drawing == []


@pytest.mark.parametrize(
    ("folder", "forbidden"),
    [
        # Pages use features; features, the shell and the shared parts never reach back.
        ("dashboard/common", ("dashboard.app_pages", "dashboard.shell")),
        *((f"dashboard/{f}", ("dashboard.app_pages",)) for f in ("shell", *DASHBOARD_FEATURES)),
        ("dashboard/common", tuple(f"dashboard.{f}" for f in DASHBOARD_FEATURES)),
        ("dashboard/shell", tuple(f"dashboard.{f}" for f in DASHBOARD_FEATURES)),
    ],
)
def test_dashboard_imports_run_from_pages_to_features(
    folder: str, forbidden: tuple[str, ...]
) -> None:
    assert offenders(folder, forbidden) == []


def test_every_test_module_has_a_name_of_its_own() -> None:
    """The test folders are not packages, so pytest imports each module by its file name: a
    second ``test_x.py`` anywhere stops the whole run at collection."""
    names = sorted(path.name for path in (ROOT / "tests").rglob("test_*.py"))
    assert sorted({n for n in names if names.count(n) > 1}) == []

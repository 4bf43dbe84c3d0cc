"""The screenshots in docs/brugervejledning.md, taken from the sample round in a real browser.

    uv run python docs/screenshots.py            # writes docs/sider/*.png

Builds the sample round in a temporary folder (the same job production runs), starts the
dashboard on 127.0.0.1 and opens each page through the sidebar in Chromium at 1440×900.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.page_speed import SAMPLE_TEMPLATES, build_round  # noqa: E402

OUT = ROOT / "docs" / "sider"
APP = ROOT / "dashboard" / "streamlit_app.py"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
# (sidebar link, heading, file name)
PAGES = [
    ("Overblik", "Overblik", "overblik.png"),
    ("Bruttoliste", "Bruttoliste", "bruttoliste.png"),
    ("Kandidat", None, "kandidat.png"),
    ("Prioritering", "Prioritering", "prioritering.png"),
    ("Indsats og værdi", "Indsats og værdi", "indsats-og-vaerdi.png"),
    ("Datakvalitet", "Datakvalitet", "datakvalitet.png"),
]


def _port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _healthy(url: str) -> None:
    for _ in range(120):
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as answer:
                if answer.read().strip() == b"ok":
                    return
        except OSError:
            time.sleep(0.5)
    raise RuntimeError("the dashboard did not start")


def main() -> None:
    from playwright.sync_api import expect, sync_playwright

    OUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="screenshots_") as tmp:
        env = {**os.environ, **build_round(SAMPLE_TEMPLATES, None, Path(tmp))}
        port = _port()
        server = subprocess.Popen(
            [sys.executable, "-m", "streamlit", "run", str(APP), "--server.headless", "true",
             "--server.address", "127.0.0.1", "--server.port", str(port)],
            env={**env, "STREAMLIT_BROWSER_GATHER_USAGE_STATS": "false"},
            cwd=ROOT,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )  # fmt: skip
        try:
            url = f"http://127.0.0.1:{port}"
            _healthy(url)
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(
                    executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS
                )
                page = browser.new_page(viewport={"width": 1440, "height": 900}, locale="da-DK")
                page.goto(url)
                expect(page.get_by_role("heading", name="Overblik")).to_be_visible(timeout=60_000)

                def settle() -> None:
                    status = page.locator('[data-testid="stStatusWidget"]')
                    status.wait_for(state="hidden", timeout=60_000)
                    page.wait_for_timeout(1500)

                for link, heading, name in PAGES:
                    page.get_by_role("link", name=link, exact=True).click()
                    if heading:
                        expect(page.get_by_role("heading", name=heading, exact=True)).to_be_visible(
                            timeout=60_000
                        )
                    settle()
                    page.screenshot(path=OUT / name)
                # A broken file's findings, and the same overview in English.
                page.get_by_role("link", name="Indsend skabelon", exact=True).click()
                settle()
                broken = Path(tmp) / "tønder.xlsx"
                broken.write_bytes(b"Ikke et regneark.")
                page.locator('input[type="file"]').set_input_files(broken)
                page.locator('[data-testid="stTable"]').wait_for(timeout=60_000)
                settle()
                page.screenshot(path=OUT / "indsend-afvist.png")
                page.get_by_text("English", exact=True).click()
                settle()
                page.get_by_role("link", name="Overblik", exact=True).click()
                expect(page.get_by_role("heading", name="Overview")).to_be_visible(timeout=60_000)
                settle()
                page.screenshot(path=OUT / "overview-english.png")
                browser.close()
        finally:
            server.terminate()
            server.wait(timeout=10)
    for path in sorted(OUT.glob("*.png")):
        print(path.relative_to(ROOT), f"{path.stat().st_size // 1024} KiB")


if __name__ == "__main__":
    main()

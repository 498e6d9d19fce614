"""A real server and a real browser: `streamlit run dashboard.py` driven by Playwright in Debian's
chromium (never a downloaded browser). Skips on a machine without chromium, fails under CI."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from benchmarks.served import ARGS, CHROMIUM, serve, stop
from tests.conftest import ROOT, need

ARTEFACTS = ROOT / "test-artefacts"


def start_app(database_url: str, home: Path, **extra_env: str):
    """The dashboard served on loopback with this database and home (`benchmarks.served.serve`),
    its output in home/server.log; (process, url)."""
    home.mkdir(parents=True, exist_ok=True)
    env = {**os.environ, "DATABASE_URL": database_url, "TRAJECTORIES_HOME": str(home), **extra_env}
    return serve(ROOT / "dashboard.py", env, log=home / "server.log")


@pytest.fixture(scope="session")
def app_url(bundled_db, tmp_path_factory):
    proc, url = start_app(bundled_db, tmp_path_factory.mktemp("app-home"))
    yield url
    stop(proc)


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        need(f"no chromium at {CHROMIUM} (Debian: apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
        yield b
        b.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, accept_downloads=True)
    pg = context.new_page()
    errors: list[str] = []
    pg.on("pageerror", lambda exc: errors.append(str(exc)))
    pg.errors = errors
    yield pg
    context.close()


def screenshot(page, name: str) -> Path:
    ARTEFACTS.mkdir(exist_ok=True)
    path = ARTEFACTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path

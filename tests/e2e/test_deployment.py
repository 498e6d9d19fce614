"""Several app processes on one PostgreSQL database (docs/deployment.md): a letter loaded from the
command line is seen by every process at its next page run, not after the cache TTL.

Two `streamlit run` processes share one PostgreSQL schema. Each first shows the page of an
authority with no visit yet (and caches what it read); then a letter about it is loaded with `python -m trajectories ingest --db`; then a new browser tab
on each process shows the new authority. Skips without PostgreSQL or chromium (fails under CI)."""

from __future__ import annotations

import os
import subprocess
import sys
import time

import pytest
from playwright.sync_api import expect
from sqlalchemy import text

from tests.conftest import ROOT, SEED, _postgres_engine
from tests.e2e.conftest import screenshot, start_app

TIMEOUT = 60_000
LETTER = ROOT / "data" / "ofsted" / "ofsted_focused_visits" / "2532283_dorset" / "2019-10-24_childrens-services-focused-visit.txt"
DORSET = "E06000059"


@pytest.fixture
def shared_database(tmp_path):
    """A PostgreSQL schema initialised once, as `python -m trajectories init` would before the
    processes start; dropped afterwards."""
    from trajectories.ingest import ingest, prepare

    engine, admin, schema = _postgres_engine()
    try:
        prepare(engine)
        assert ingest(engine, [SEED]).ok
        yield engine.url.render_as_string(hide_password=False)
    finally:
        engine.dispose()
        with admin.begin() as conn:
            conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


def authority_page(page, url: str):
    page.goto(f"{url}/Authority_trajectory?authority={DORSET}")
    return page


def test_a_load_through_the_command_line_is_seen_by_every_process(shared_database, browser, tmp_path):
    from trajectories.authorities import by_code

    dorset = f"{by_code()[DORSET].name} — England"
    apps = [start_app(shared_database, tmp_path / f"home-{i}") for i in range(2)]
    try:
        for i, (_, url) in enumerate(apps):
            page = browser.new_page(viewport={"width": 1400, "height": 1000})
            # Dorset has no visit yet: the page says so (and caches what it read).
            expect(authority_page(page, url).get_by_text("No authority with any loaded inspection matches")).to_be_visible(
                timeout=TIMEOUT)
            screenshot(page, f"deployment-before-{i}")
            page.close()
        env = {**os.environ, "TRAJECTORIES_HOME": str(tmp_path / "home-cli")}
        done = subprocess.run([sys.executable, "-m", "trajectories", "ingest", str(LETTER), "--db", shared_database],
                              cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
        assert done.returncode == 0 and "loaded 1" in done.stdout, done.stdout + done.stderr
        loaded = time.monotonic()
        for i, (_, url) in enumerate(apps):
            page = browser.new_page(viewport={"width": 1400, "height": 1000})
            errors: list[str] = []
            page.on("pageerror", lambda exc: errors.append(str(exc)))
            chart_title = authority_page(page, url).locator('[data-testid="stPlotlyChart"] .gtitle').first
            expect(chart_title).to_have_text(dorset, timeout=TIMEOUT)
            expect(page.get_by_text("focused visit", exact=False).first).to_be_visible(timeout=TIMEOUT)
            screenshot(page, f"deployment-after-{i}")
            assert not errors, errors
            page.close()
        assert time.monotonic() - loaded < 120  # far inside the cache TTL (an hour): the data version did it
    finally:
        for proc, _ in apps:
            proc.terminate()
        for proc, _ in apps:
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()

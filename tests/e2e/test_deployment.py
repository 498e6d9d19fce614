"""Several app processes on one PostgreSQL database (docs/deployment.md): a letter uploaded through
one process is seen by the other at its next page run, not after the cache TTL.

Two `streamlit run` processes share one PostgreSQL schema and one state folder, as the deployment
guide sets them up. Each first shows the page of an authority with no visit yet (and caches what
it read); then an admin uploads a letter about it on the Upload page of the first process; then a
new browser tab on the second process (and on the first) shows the new authority. Skips without
PostgreSQL or chromium (fails under CI)."""

from __future__ import annotations

import hashlib
import time

import pytest
from playwright.sync_api import expect
from sqlalchemy import text

from benchmarks.served import stop
from tests.conftest import ROOT, SEED, _postgres_engine
from tests.e2e.conftest import screenshot, start_app

TIMEOUT = 60_000
LETTER = (
    ROOT
    / "data"
    / "ofsted"
    / "ofsted_focused_visits"
    / "2532283_dorset"
    / "2019-10-24_childrens-services-focused-visit.txt"
)
DORSET = "E06000059"
SECRET = "s3cret-for-deployment-test"
NOT_YET = "No authority with any loaded inspection matches"


@pytest.fixture
def shared_database():
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


def open_authority(browser, url: str):
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    page.errors = []
    page.on("pageerror", lambda exc: page.errors.append(str(exc)))
    page.goto(f"{url}/Authority_trajectory?authority={DORSET}")
    return page


def test_a_letter_uploaded_through_one_process_is_seen_by_the_other(shared_database, browser, tmp_path):
    from trajectories.authorities import by_code

    dorset = f"{by_code()[DORSET].name} — England"
    home = tmp_path / "home"  # one state folder for every process (the originals of uploaded files)
    apps = [start_app(shared_database, home, TRAJECTORIES_ADMIN_SECRET=SECRET) for _ in range(2)]
    (_, first), (_, second) = apps
    try:
        for i, (_, url) in enumerate(apps):
            # Dorset has no visit yet: each process says so (and caches what it read).
            page = open_authority(browser, url)
            expect(page.get_by_text(NOT_YET)).to_be_visible(timeout=TIMEOUT)
            screenshot(page, f"deployment-before-{i}")
            page.close()

        upload = browser.new_page(viewport={"width": 1400, "height": 1000})
        upload.goto(first + "/Upload")
        upload.get_by_label("Admin secret").fill(SECRET)
        upload.get_by_label("Admin secret").press("Enter")
        upload.locator('[data-testid="stFileUploaderDropzoneInput"]').set_input_files(str(LETTER))
        expect(upload.get_by_text("What would be read")).to_be_visible(timeout=TIMEOUT)
        upload.get_by_role("button", name="Load 1 readable file(s)").click()
        expect(upload.get_by_text("loaded 1, unchanged 0, failed 0")).to_be_visible(timeout=TIMEOUT)
        screenshot(upload, "deployment-upload")
        upload.close()
        loaded = time.monotonic()

        for i, url in enumerate((second, first)):  # the other process first: it was told nothing
            page = open_authority(browser, url)
            expect(page.locator('[data-testid="stPlotlyChart"] .gtitle').first).to_have_text(dorset, timeout=TIMEOUT)
            expect(page.get_by_text("focused visit", exact=False).first).to_be_visible(timeout=TIMEOUT)
            expect(page.get_by_text(NOT_YET)).to_have_count(0)
            screenshot(page, f"deployment-after-{i}")
            assert not page.errors, page.errors
            page.close()
        assert time.monotonic() - loaded < 120  # far inside the cache TTL (an hour): the data version did it
        sha = hashlib.sha256(LETTER.read_bytes()).hexdigest()
        assert (home / "documents" / sha[:2] / sha).exists(), "the uploaded original is kept in the shared folder"
    finally:
        for proc, _ in apps:
            stop(proc)

"""Caches and the data version (docs/deployment.md): pages serve cached results until the data
changes, and a load or undo made elsewhere (another process, the command line) is seen at the next
page run without clearing any cache. The two-process version of this runs in a real browser in
tests/e2e/test_deployment.py."""

from __future__ import annotations

import time

import pytest
from streamlit.testing.v1 import AppTest

from tests.conftest import ROOT, SEED
from trajectories.db import queries
from trajectories.ingest import ingest, prepare, undo

LETTER = (
    ROOT
    / "data"
    / "ofsted"
    / "ofsted_focused_visits"
    / "2532283_dorset"
    / "2019-10-24_childrens-services-focused-visit.txt"
)
DORSET = "E06000059"


@pytest.fixture
def small_db(tmp_path, monkeypatch):
    """A database holding one letter; the app pointed at it with empty caches."""
    import streamlit as st

    from trajectories.db.engine import make_engine

    url = f"sqlite:///{tmp_path / 'small.db'}"
    engine = make_engine(url)
    prepare(engine)
    assert ingest(engine, [SEED]).ok
    monkeypatch.setenv("DATABASE_URL", url)
    st.cache_data.clear()
    st.cache_resource.clear()
    yield engine
    st.cache_data.clear()
    st.cache_resource.clear()
    engine.dispose()


NOT_YET = "No authority with any loaded inspection matches"


def shown(at: AppTest) -> str:
    """The trajectory chart's title, or the page's message when there is no chart."""
    import json

    charts = at.get("plotly_chart")
    if charts:
        return json.loads(charts[0].proto.spec)["layout"]["title"]["text"]
    return " ".join(i.value for i in at.info)


def authority_page() -> AppTest:
    at = AppTest.from_file(str(ROOT / "pages" / "1_Authority_trajectory.py"), default_timeout=60)
    at.query_params["authority"] = DORSET
    at.run()
    assert not at.exception, at.exception
    return at


def test_the_data_version_changes_with_every_load_and_undo(small_db):
    with small_db.connect() as conn:
        before = queries.data_version(conn)
    report = ingest(small_db, [LETTER])
    with small_db.connect() as conn:
        loaded = queries.data_version(conn)
    undo(small_db, report.run_id)
    with small_db.connect() as conn:
        undone = queries.data_version(conn)
    assert len({before, loaded, undone}) == 3


def test_a_load_elsewhere_is_seen_at_the_next_run_without_clearing_caches(small_db, monkeypatch):
    from ui import engine as ui_engine

    assert NOT_YET in shown(authority_page())  # Dorset has no visit yet
    stamp = ui_engine.data_version()
    assert ingest(small_db, [LETTER]).loaded  # as another process or the command line would: no cache cleared
    with monkeypatch.context() as m:
        m.setattr(ui_engine, "data_version", lambda: stamp)
        assert NOT_YET in shown(authority_page()), "the cached page is served while the version stands"
    time.sleep(ui_engine.VERSION_EVERY + 0.1)
    assert shown(authority_page()).startswith("Dorset")


def test_a_server_that_cannot_start_is_reported_at_once_with_its_own_words(tmp_path):
    """The helper that serves the app for the browser tests and benchmarks keeps the server's
    output in a file and, when the process exits, says so straight away quoting it."""
    import os

    from benchmarks.served import serve

    started = time.monotonic()
    with pytest.raises(RuntimeError, match=r"(?s)missing_app\.py did not start.*does not exist"):
        serve(tmp_path / "missing_app.py", dict(os.environ), log=tmp_path / "server.log", timeout=90)
    assert time.monotonic() - started < 60  # noticed when it exited, not at the timeout

"""Shared test fixtures: the real documents, the two database engines, clean Streamlit caches.

Tests read the real public documents beside the checkout (`../shared/data`) when they are there
and the bundled copies in `data/` otherwise. Database tests run against SQLite and PostgreSQL;
PostgreSQL tests skip with the reason when no server answers, except under CI (`CI=true`),
where a skip of them is a failure.
"""

from __future__ import annotations

import os
import uuid
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared" / "data"
DATA = ROOT / "data"
SEED = DATA / "seed" / "ciw-wrexham-2021-04-monitoring-letter.txt"
PG_URL = os.environ.get("TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test")
IN_CI = os.environ.get("CI", "").lower() == "true"


def shared(*parts: str) -> Path:
    """A file of the real corpus: ../shared/data when present, else the bundled copy."""
    path = SHARED.joinpath(*parts)
    if path.exists():
        return path
    bundled = DATA.joinpath(*parts)
    if bundled.exists():
        return bundled
    pytest.skip(f"real document not available: {'/'.join(parts)}")


def need(reason: str) -> None:
    """Skip for a missing service on a laptop; fail under CI, where it is required."""
    if IN_CI:
        pytest.fail(f"required under CI: {reason}")
    pytest.skip(reason)


@pytest.fixture(autouse=True)
def _isolated_state(tmp_path, monkeypatch):
    """Every test gets its own state folder and no inherited DATABASE_URL."""
    monkeypatch.setenv("TRAJECTORIES_HOME", str(tmp_path / "state"))
    monkeypatch.delenv("DATABASE_URL", raising=False)
    yield


def _postgres_engine():
    from sqlalchemy import text

    from trajectories.db.engine import make_engine

    schema = f"t_{uuid.uuid4().hex[:10]}"
    try:
        admin = make_engine(PG_URL)
        with admin.begin() as conn:
            conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    except Exception as exc:  # no server on this machine
        need(f"PostgreSQL not reachable at {PG_URL}: {exc.__class__.__name__}")
    sep = "&" if "?" in PG_URL else "?"
    engine = make_engine(f"{PG_URL}{sep}options=-csearch_path%3D{schema}")
    return engine, admin, schema


@pytest.fixture(params=["sqlite", "postgresql"])
def engine(request, tmp_path):
    """An empty, migrated database on each engine; dropped afterwards."""
    from sqlalchemy import text

    from trajectories.ingest import prepare

    if request.param == "sqlite":
        from trajectories.db.engine import make_engine

        eng = make_engine(f"sqlite:///{tmp_path / 'test.db'}")
        prepare(eng)
        yield eng
        eng.dispose()
        return
    eng, admin, schema = _postgres_engine()
    try:
        prepare(eng)
        yield eng
    finally:
        eng.dispose()
        with admin.begin() as conn:
            conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


@pytest.fixture(scope="session")
def bundled_db(tmp_path_factory) -> str:
    """A SQLite database built once from the bundled data, as a first run builds it."""
    from trajectories.db.engine import make_engine
    from trajectories.ingest import ensure_loaded

    folder = tmp_path_factory.mktemp("bundled")
    url = f"sqlite:///{folder / 'bundled.db'}"
    engine = make_engine(url)
    with pytest.MonkeyPatch.context() as mp:  # its stored originals go beside it, not into the checkout
        mp.setenv("TRAJECTORIES_HOME", str(folder))
        report = ensure_loaded(engine)
    engine.dispose()
    assert report is not None and report.loaded, "the bundled data did not load"
    return url


@pytest.fixture
def app_db(bundled_db, monkeypatch):
    """Point the app at the bundled database and start each test with empty Streamlit caches."""
    import streamlit as st

    monkeypatch.setenv("DATABASE_URL", bundled_db)
    st.cache_data.clear()
    st.cache_resource.clear()
    yield bundled_db
    st.cache_data.clear()
    st.cache_resource.clear()

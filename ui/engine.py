"""The database engine and the caches every page reads through.

Contract:
- `engine()` prepares the database once per process (on a fresh machine it loads the bundled
  data) and tunes the process's garbage collector for the server (`tune_collector`): both happen
  at the first page run, never at import.
- `cached(func)`: `st.cache_data` for `TTL` seconds, at most `MAX_ENTRIES` results per function,
  keyed by the arguments and by `data_version()`: a stamp of the newest load run, checked at most
  every `VERSION_EVERY` seconds, so a load, upload or undo made through any process (or the command
  line) is seen by every process at its next page run, and nothing computed before a load is
  served after it.
- `shared(func)`: `cached`, but every reader gets the same object (`st.cache_resource`): no pickling
  on the way in or out (for a plotly figure, no re-validating it). For results pages only read.
"""

from __future__ import annotations

import functools
import gc
import time

import streamlit as st

from trajectories import ingest
from trajectories.db import queries
from trajectories.db.engine import database_url, make_engine

TTL = 3600  # a bound on memory; fresh data is noticed through data_version()
MAX_ENTRIES = 64  # per cached function
VERSION_EVERY = 1.0  # seconds
GC_FIRST_GENERATION = 50_000  # objects allocated between the garbage collector's youngest passes


def tune_collector() -> None:
    """A page's first run after a load turns a hundred thousand rows into tuples, frames and lists:
    at Python's default (a pass every 700 new objects, and each tenth of those over every object the
    process keeps) the collector takes a large share of it at 100x (docs/scaling.md). The server
    runs only this app, so its youngest pass waits for GC_FIRST_GENERATION new objects."""
    if gc.get_threshold()[0] < GC_FIRST_GENERATION:
        gc.set_threshold(GC_FIRST_GENERATION, *gc.get_threshold()[1:])


@st.cache_resource(show_spinner="Preparing the database (the first run loads the bundled documents)…")
def engine():
    tune_collector()
    eng = make_engine(database_url())
    ingest.ensure_loaded(eng)
    return eng


_versions: dict[str, tuple[float, tuple]] = {}


def data_version() -> tuple:
    """The data's stamp (`queries.data_version`), read at most every VERSION_EVERY seconds."""
    url, now = database_url(), time.monotonic()
    checked = _versions.get(url)
    if checked is None or now - checked[0] > VERSION_EVERY:
        with engine().connect() as conn:
            checked = _versions[url] = (now, queries.data_version(conn))
    return checked[1]


def cached(func, store=st.cache_data):
    """`st.cache_data` whose key also holds the data version: results computed before a load are
    never served after it, in any process."""

    def run(version, *args, **kwargs):
        return func(*args, **kwargs)

    run.__qualname__ = f"{func.__qualname__}.cached"  # one cache per function (the key is the name)
    run = store(ttl=TTL, max_entries=MAX_ENTRIES, show_spinner=False)(run)

    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        return run(data_version(), *args, **kwargs)

    wrapper.clear = run.clear
    return wrapper


def shared(func):
    """`cached`, but every reader gets the same object instead of a copy (`st.cache_resource`)."""
    return cached(func, store=st.cache_resource)

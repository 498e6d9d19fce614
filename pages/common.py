"""What every page shares: the cached engine, cached queries and the filters in the URL.

Pages call `engine()` and the `load_*` functions; the database is prepared (and, on a fresh
machine, filled from the bundled data) once per process. Query results are cached for a short
time so a filter change only re-runs what changed.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd
import streamlit as st

from trajectories import ingest
from trajectories.db import queries
from trajectories.db.engine import database_url, make_engine
from trajectories.domain import Filters

TTL = 300


@st.cache_resource(show_spinner="Preparing the database (first run loads the bundled documents)…")
def engine():
    eng = make_engine(database_url())
    ingest.ensure_loaded(eng)
    return eng


@st.cache_data(ttl=TTL, show_spinner=False)
def load_authorities() -> pd.DataFrame:
    with engine().connect() as conn:
        return queries.authorities(conn)


@st.cache_data(ttl=TTL, show_spinner=False)
def load(kind: str, filters: Filters) -> pd.DataFrame:
    """One of the query functions by name ("events", "judgements", "directions", "statuses", "findings")."""
    with engine().connect() as conn:
        return getattr(queries, kind)(conn, filters)


@st.cache_data(ttl=TTL, show_spinner=False)
def load_findings(filters: Filters, event_ids: tuple[int, ...] | None = None, text: str | None = None) -> pd.DataFrame:
    with engine().connect() as conn:
        return queries.findings(conn, filters, event_ids=list(event_ids) if event_ids is not None else None, text=text)


def authority_from_url(options: pd.DataFrame, default: str | None) -> str | None:
    """The authority named in `?authority=` (ONS code), else the default."""
    wanted = st.query_params.get("authority")
    if wanted in set(options["code"]):
        return wanted
    return default


def today() -> dt.date:
    return dt.date.today()


def event_labels(events: pd.DataFrame) -> dict[int, str]:
    """A unique, readable label for each event, in date order: '2021-04-26 — ciw monitoring activity'."""
    labels: dict[int, str] = {}
    seen: dict[str, int] = {}
    for row in events.to_dict("records"):
        label = f"{'Planned: ' if row['planned'] else ''}{row['start_date']} — {str(row['event_type']).replace('_', ' ')}"
        seen[label] = seen.get(label, 0) + 1
        if seen[label] > 1:
            label = f"{label} ({seen[label]})"
        labels[int(row["event_id"])] = label
    return labels

"""Visits as a reader meets them: planned follow-ups and what became of them, and the visit to show first.

Contract: planned events are never judgements; `planned_events` returns them apart, each with whether
a real visit of the same kind took place.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd

from trajectories import positions

PLANNED_SLACK_DAYS = 183  # a planned visit that happened up to six months after its window still took place


def planned_events(events: pd.DataFrame, today: dt.date | None = None) -> pd.DataFrame:
    """Planned follow-ups with what became of them: `took_place` (the day of the first real visit
    of the same kind from the window's start to six months after its end), `overdue` (the window
    has passed with no such visit) and `outcome` in words: "planned", "planned; took place on 15
    November 2021" or "planned; no record of it"."""
    today = today or dt.date.today()
    if events.empty:
        return events.assign(
            overdue=pd.Series(dtype=bool), took_place=pd.Series(dtype=object), outcome=pd.Series(dtype=object)
        )
    planned = events[events["planned"].astype(bool)].copy()
    actual = events[~events["planned"].astype(bool)]
    happened: dict[tuple, list[dt.date]] = {}
    for code, kind, s, e, p in zip(
        actual["authority_code"].tolist(),
        actual["event_type"].tolist(),
        actual["start_date"].tolist(),
        actual["end_date"].tolist(),
        actual["published_date"].tolist(),
        strict=True,
    ):
        day = positions._day(s) or positions._day(e) or positions._day(p)
        if day is not None:
            happened.setdefault((code, positions.family(kind)), []).append(day)
    took, overdue, outcome = [], [], []
    for code, kind, s, e in zip(
        planned["authority_code"].tolist(),
        planned["event_type"].tolist(),
        planned["start_date"].tolist(),
        planned["end_date"].tolist(),
        strict=True,
    ):
        start, end = positions._day(s), positions._day(e) or positions._day(s)
        found = None
        if start is not None:
            late = end + dt.timedelta(days=PLANNED_SLACK_DAYS)
            days = sorted(
                d
                for d in happened.get((code, positions.family(kind)), ())
                if start - dt.timedelta(days=positions.SAME_VISIT_DAYS) <= d <= late
            )
            found = days[0] if days else None
        passed = end is not None and end < today
        took.append(found)
        overdue.append(passed and found is None)
        outcome.append(
            f"planned; took place on {found.day} {found:%B %Y}"
            if found
            else "planned; no record of it"
            if passed
            else "planned"
        )
    planned["took_place"] = pd.Series(took, index=planned.index, dtype=object)
    planned["overdue"] = overdue
    planned["outcome"] = outcome
    return planned


def is_document(kind: str) -> bool:
    """True for letters and reports; False for rows of outcome tables and compiled timelines."""
    return not str(kind).startswith("table")


def default_event(events: pd.DataFrame) -> int | None:
    """The event a reader most likely wants first: the latest visit read from a letter or report,
    else the latest visit from any source, else the first planned one."""
    if events.empty:
        return None
    actual = events[~events["planned"].astype(bool)]
    documents = actual[actual["source_kind"].map(is_document)]
    for pool in (documents, actual, events):
        if not pool.empty:
            return int(pool.sort_values(["start_date", "event_id"]).iloc[-1]["event_id"])
    return None

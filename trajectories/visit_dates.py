"""The dates that make rows one visit: pure helpers of `positions.visit_ids` (the rule is stated there).

Contract: `visit_days(frame)` gives each row's fieldwork (first, last) and publication day as
ordinals; `join_fieldwork` and `join_publications` give the rows of one kind of visit of one
authority their visit ids, the first those dated by fieldwork, then those known only by their
publication day. `positions` re-exports `SAME_VISIT_DAYS`, `PUBLISHED_WITHIN_DAYS` and `_day`.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd

SAME_VISIT_DAYS = 14

PUBLISHED_WITHIN_DAYS = 183  # a report is published within six months of its fieldwork, pauses included


def _day(v) -> dt.date | None:
    return v if isinstance(v, dt.date) and not (isinstance(v, float) and v != v) else None


def visit_days(frame: pd.DataFrame) -> tuple[list, list]:
    """Per row: its fieldwork as (first, last) day ordinals or None, and its publication day or None."""
    fieldwork, published = [], []
    for s, e, p in zip(
        frame["start_date"].tolist(), frame["end_date"].tolist(), frame["published_date"].tolist(), strict=True
    ):
        days = [d.toordinal() for d in (_day(s), _day(e)) if d is not None]
        fieldwork.append((min(days), max(days)) if days else None)
        published.append(_day(p).toordinal() if _day(p) is not None else None)
    return fieldwork, published


def join_fieldwork(rows: list[int], fieldwork: list, published: list, out: np.ndarray, next_id: int):
    """Give the rows dated by fieldwork their visit ids (in `out`): overlapping or near rows share one.
    Returns the visits, as [id, first day, last fieldwork day, last day, publication days] in
    order of first day, and the last id given."""
    dated = sorted((i for i in rows if fieldwork[i] is not None), key=lambda i: fieldwork[i])
    visits: list[list] = []
    for i in dated:
        lo, hi = fieldwork[i]
        top = max(hi, published[i] or hi)
        if visits and lo <= visits[-1][3] + SAME_VISIT_DAYS:
            v = visits[-1]
            v[2], v[3] = max(v[2], hi), max(v[3], top)
        else:
            next_id += 1
            v = [next_id, lo, hi, top, set()]
            visits.append(v)
        if published[i] is not None:
            v[4].add(published[i])
        out[i] = v[0]
    return visits, next_id


def join_publications(
    rows: list[int], fieldwork: list, published: list, visits: list[list], out: np.ndarray, next_id: int
) -> int:
    """Give the rows known only by their publication day their visit ids (in `out`): the latest
    visit that can have been published then, or a new one. Returns the last id given."""
    for i in sorted((i for i in rows if fieldwork[i] is None), key=lambda i: published[i] or 0):
        day = published[i]
        match = None
        if day is not None:
            for v in reversed(visits):
                if v[2] > day:
                    continue
                agrees = not v[4] or any(abs(day - p) <= SAME_VISIT_DAYS for p in v[4])
                if day - v[2] <= PUBLISHED_WITHIN_DAYS and agrees:
                    match = v
                break
        if match is None:
            next_id += 1
            match = [next_id, day, day, day, {day} if day is not None else set()]
            if day is not None:
                visits.append(match)
                visits.sort(key=lambda v: v[1])
        else:
            match[4].add(day)
        out[i] = match[0]
    return next_id

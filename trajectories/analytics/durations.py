"""How long inadequate episodes last: shares still open after N months and the Kaplan–Meier estimate.

Contract: an episode still open is censored at its current length, never counted as ended; an episode
that began fewer than N months ago is never counted at N months.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd

from trajectories.summaries import _months


def still_open_after(episodes: pd.DataFrame, months: list[int], today: dt.date | None = None) -> pd.DataFrame:
    """Share of episodes still inadequate N months after they began, among episodes that began at
    least N months ago (so a recent episode is never counted as having ended)."""
    today = today or dt.date.today()
    # Each episode's age once, not once per N (docs/scaling.md, "Figures behind choices in the code").
    ages = np.array([_months(d, today) for d in episodes["start"].tolist()]) if not episodes.empty else np.array([])
    rows = []
    for n in months:
        eligible = episodes[ages >= n]
        if eligible.empty:
            rows.append({"months": n, "episodes": 0, "still_open": 0, "share": None})
            continue
        still = int((eligible["months"] > n).sum())
        rows.append({"months": n, "episodes": len(eligible), "still_open": still, "share": still / len(eligible)})
    return pd.DataFrame(rows)


KM_COLUMNS = ["months", "at_risk", "exits", "censored", "still_inadequate"]


def time_to_better(episodes: pd.DataFrame) -> tuple[pd.DataFrame, float | None]:
    """The Kaplan–Meier estimate of how long an inadequate episode lasts: episodes still open are
    censored at their current length, never counted as ended. Returns one row per month at which
    an episode ended or was censored (`KM_COLUMNS`: how many were still at risk, ended, were
    censored, and the estimated share still inadequate after it), and the median in months (None
    while more than half are estimated still inadequate at the longest follow-up)."""
    if episodes.empty:
        return pd.DataFrame(columns=KM_COLUMNS), None
    months = episodes["months"].astype(float).to_numpy()
    ended = ~episodes["open"].astype(bool).to_numpy()
    rows, survival, median = [], 1.0, None
    for t in np.unique(months):
        at_risk = int((months >= t).sum())
        exits = int(((months == t) & ended).sum())
        censored = int(((months == t) & ~ended).sum())
        if at_risk and exits:
            survival *= 1 - exits / at_risk
        if median is None and survival <= 0.5:
            median = float(t)
        rows.append(
            {"months": float(t), "at_risk": at_risk, "exits": exits, "censored": censored, "still_inadequate": survival}
        )
    return pd.DataFrame(rows, columns=KM_COLUMNS), median


def at_risk_table(km: pd.DataFrame, marks: tuple[int, ...] = (0, 12, 24, 36, 48, 60, 84, 120)) -> pd.DataFrame:
    """The number at risk and the estimated share still inadequate at each month mark (the
    estimate's table under its chart), for the marks the follow-up reaches."""
    rows = []
    if km.empty:
        return pd.DataFrame(columns=["months", "at_risk", "still_inadequate"])
    longest = float(km["months"].max())
    total = int(km["at_risk"].iloc[0])
    for m in marks:
        if m > longest:
            break
        before = km[km["months"] < m]
        at_risk = int(km.loc[km["months"] >= m, "at_risk"].iloc[0]) if (km["months"] >= m).any() else 0
        rows.append(
            {
                "months": m,
                "at_risk": at_risk if m else total,
                "still_inadequate": float(before["still_inadequate"].iloc[-1]) if not before.empty else 1.0,
            }
        )
    return pd.DataFrame(rows, columns=["months", "at_risk", "still_inadequate"])

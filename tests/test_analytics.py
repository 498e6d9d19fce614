"""Analyses on the frames the queries return."""

from __future__ import annotations

import datetime as dt

import pandas as pd

from trajectories import analytics


def test_only_rows_inside_an_inadequate_episode_of_their_own_authority_count():
    d = dt.date
    rows = pd.DataFrame(
        {
            "authority_code": ["A", "A", "A", "B"],
            "start_date": [d(2019, 1, 1), d(2020, 6, 1), d(2022, 1, 1), d(2020, 6, 1)],
            "end_date": [None, d(2020, 6, 3), None, None],
            "published_date": [None, None, None, None],
            "theme": ["t1", "t2", "t3", "t4"],
        }
    )
    episodes = pd.DataFrame({"authority_code": ["A"], "start": [d(2020, 1, 1)], "end": [d(2022, 1, 1)]})
    inside = analytics.inside_episodes(rows, episodes)
    # before the episode, on the day it ended, and another authority's row on a day inside A's episode: out
    assert list(inside["theme"]) == ["t2"]
    assert analytics.inside_episodes(rows, episodes.iloc[0:0]).empty


def test_a_recent_episode_is_never_counted_as_ended_after_n_months():
    d, today = dt.date, dt.date(2024, 1, 1)
    episodes = pd.DataFrame(
        {
            "start": [d(2020, 1, 1), d(2021, 1, 1), d(2023, 7, 1)],  # about 48, 36 and 6 months before today
            "months": [40.0, 12.0, 6.0],  # the first ended after 40 months, the second after 12; the third still open
        }
    )
    curve = analytics.still_open_after(episodes, [6, 12, 24, 60], today=today).set_index("months")
    assert (
        curve.loc[6, "episodes"] == 3 and curve.loc[6, "still_open"] == 2
    )  # the open one is exactly 6.0 months old: eligible, not past 6
    assert curve.loc[12, "episodes"] == 2 and curve.loc[12, "share"] == 0.5  # the recent one is not eligible
    assert curve.loc[24, "episodes"] == 2 and curve.loc[24, "still_open"] == 1
    assert curve.loc[60, "episodes"] == 0 and pd.isna(curve.loc[60, "share"])  # none began five years ago
    assert analytics.still_open_after(episodes.iloc[0:0], [6], today=today)["episodes"].tolist() == [0]

"""Analyses on the frames the queries return."""

from __future__ import annotations

import datetime as dt

import pandas as pd

from trajectories import analytics


def test_only_rows_inside_an_inadequate_episode_of_their_own_authority_count():
    d = dt.date
    rows = pd.DataFrame({
        "authority_code": ["A", "A", "A", "B"],
        "start_date": [d(2019, 1, 1), d(2020, 6, 1), d(2022, 1, 1), d(2020, 6, 1)],
        "end_date": [None, d(2020, 6, 3), None, None],
        "published_date": [None, None, None, None],
        "theme": ["t1", "t2", "t3", "t4"],
    })
    episodes = pd.DataFrame({"authority_code": ["A"], "start": [d(2020, 1, 1)], "end": [d(2022, 1, 1)]})
    inside = analytics.inside_episodes(rows, episodes)
    # before the episode, on the day it ended, and another authority's row on a day inside A's episode: out
    assert list(inside["theme"]) == ["t2"]
    assert analytics.inside_episodes(rows, episodes.iloc[0:0]).empty

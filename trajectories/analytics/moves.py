"""Transitions: each authority's successive graded judgements counted as (from, to) moves.

Contract: levels are rounded to their band (approximate mappings included); an authority's moves are
read in date order from `positions.steps` or from the stored positions' `levels`.
"""

from __future__ import annotations

import itertools

import pandas as pd

TRANSITION_COLUMNS = ["from_level", "to_level", "count", "authorities"]


def transitions(steps: pd.DataFrame) -> pd.DataFrame:
    """Successive graded judgements of each authority: one row per (from, to) move with the
    authorities in it. Levels are rounded to their band (approximate mappings included)."""
    if steps.empty:
        return pd.DataFrame(columns=TRANSITION_COLUMNS)
    # Each authority's steps in date order, walked over plain lists (a record per row costs more).
    df = steps.loc[steps["authority_code"].notna(), ["authority_code", "authority_name", "level", "date"]]
    df = df.sort_values("date").sort_values("authority_code", kind="stable")
    sequences: dict[str, tuple[str, list]] = {}
    for c, n, lv in zip(
        df["authority_code"].tolist(), df["authority_name"].tolist(), df["level"].tolist(), strict=True
    ):
        sequences.setdefault(c, (n, []))[1].append(lv)
    return transitions_of(sequences.values())


def transitions_of(sequences) -> pd.DataFrame:
    """`transitions` from each authority's (name, levels in date order), e.g. the `levels` of
    `authority_positions` with the authorities' names."""
    pairs: dict[tuple[int, int], list[str]] = {}
    for name, levels in sequences:
        for a, b in itertools.pairwise(levels):
            pairs.setdefault((int(round(a)), int(round(b))), []).append(name)
    rows = [
        {"from_level": a, "to_level": b, "count": len(names), "authorities": sorted(set(names))}
        for (a, b), names in sorted(pairs.items())
    ]
    return pd.DataFrame(rows, columns=TRANSITION_COLUMNS)

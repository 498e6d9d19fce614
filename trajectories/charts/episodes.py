"""Inadequate episodes: how long they last (a step curve) and the moves between graded judgements (a grid)."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from trajectories.charts.base import FONT, empty_figure
from trajectories.domain import LEVEL_LABELS


def still_open(curve: pd.DataFrame) -> go.Figure:
    """Share of inadequate episodes still open N months after they began (a step, never a slope)."""
    if curve.empty or curve["episodes"].sum() == 0:
        return empty_figure("No inadequate episodes in this selection")
    fig = go.Figure(
        go.Scatter(
            x=curve["months"],
            y=curve["share"],
            mode="lines+markers",
            line=dict(shape="hv", color="#D55E00", width=3),
            text=[
                f"{s:.0%} of {e} episodes" if e else "no episodes"
                for s, e in zip(curve["share"].fillna(0), curve["episodes"], strict=True)
            ],
            hovertemplate="%{x} months: %{text}<extra></extra>",
            name="still inadequate",
        )
    )
    fig.update_yaxes(range=[0, 1.05], tickformat=".0%", title_text="Episodes still inadequate")
    fig.update_xaxes(title_text="Months since the inadequate judgement")
    fig.update_layout(
        title="How long inadequate episodes last", height=380, font=FONT, margin=dict(l=20, r=20, t=50, b=20)
    )
    return fig


def transition_matrix(transitions: pd.DataFrame) -> go.Figure:
    """From each graded judgement to the next: counts in a grid with words on both axes."""
    if transitions.empty:
        return empty_figure("No authority has two graded judgements in this selection")
    grid = [[0] * 4 for _ in range(4)]
    for row in transitions.to_dict("records"):
        if 1 <= row["from_level"] <= 4 and 1 <= row["to_level"] <= 4:
            grid[row["from_level"] - 1][row["to_level"] - 1] = row["count"]
    words = [LEVEL_LABELS[i] for i in (1, 2, 3, 4)]
    fig = go.Figure(
        go.Heatmap(
            z=grid,
            x=words,
            y=words,
            colorscale=[[0, "#FFFFFF"], [1, "#0072B2"]],
            text=grid,
            texttemplate="%{text}",
            colorbar=dict(title="moves"),
            hovertemplate="from %{y} to %{x}: %{z}<extra></extra>",
        )
    )
    fig.update_layout(
        title="From one graded judgement to the next",
        height=420,
        font=FONT,
        xaxis_title="Next judgement",
        yaxis_title="Judgement before",
        margin=dict(l=20, r=20, t=50, b=20),
    )
    return fig

"""Overview charts: authorities at each current level (stacked bars) and one authority's sub-judgements
as small multiples, one step chart per judged dimension."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from trajectories import labels
from trajectories.charts.base import (
    FONT,
    LEVEL_COLOURS,
    QUALITY_SYMBOLS,
    empty_figure,
    legend_below,
    legend_margin,
    level_colour,
    step_line,
    today_rule,
)

LEVEL_ORDER = [
    "Inadequate",
    "Requires improvement",
    "Good",
    "Outstanding",
    "Area grades only (no overall grade)",
    "Not graded since last review",
    "No graded judgement",
]


def level_counts(counts: pd.DataFrame, by: str = "nation") -> go.Figure:
    """Horizontal stacked bars: authorities at each current level, per nation or region."""
    if counts.empty:
        return empty_figure("No authorities to count")
    fig = go.Figure()
    groups = sorted(counts[by].unique())
    for label in LEVEL_ORDER + sorted(set(counts["level_words"]) - set(LEVEL_ORDER)):
        part = counts[counts["level_words"] == label].set_index(by)["authorities"]
        if part.empty:
            continue
        level = next(
            (
                k
                for k, v in {1: "Inadequate", 2: "Requires improvement", 3: "Good", 4: "Outstanding"}.items()
                if v == label
            ),
            None,
        )
        fig.add_trace(
            go.Bar(
                y=groups,
                x=[int(part.get(g, 0)) for g in groups],
                name=label,
                orientation="h",
                marker=dict(color=LEVEL_COLOURS.get(level, "#BDBDBD"), pattern=dict(shape="" if level else "/")),
                text=[str(int(part.get(g, 0))) if part.get(g, 0) else "" for g in groups],
                textposition="inside",
                insidetextanchor="middle",
                constraintext="none",
                hovertemplate=f"%{{y}}: %{{x}} authorities — {label}<extra></extra>",
            )
        )
    # Bars at least 40 px thick so a count fits inside; the legend sits below the axis title.
    fig.update_layout(
        barmode="stack",
        height=max(300, 70 + legend_margin(2) + 44 * len(groups)),
        font=FONT,
        title="Authorities by where they stand now",
        xaxis_title="Number of authorities",
        yaxis_title=by.capitalize(),
        legend=legend_below(2),
        uniformtext=dict(minsize=11, mode="show"),
        margin=dict(l=20, r=20, t=50, b=legend_margin(2)),
    )
    return fig


DIMENSION_LABELS = {k: v for k, v in labels.DIMENSIONS.items() if k not in ("overall", "lscb")}


def dimension_multiples(steps_by_dimension: dict[str, pd.DataFrame], today: dt.date | None = None) -> go.Figure:
    """Small multiples: one step chart per judged dimension (never two dimensions on one line)."""
    present = [(d, s) for d, s in steps_by_dimension.items() if not s.empty]
    if not present:
        return empty_figure("No sub-judgements for this authority")
    today = today or dt.date.today()
    fig = make_subplots(
        rows=len(present),
        cols=1,
        shared_xaxes=True,
        vertical_spacing=0.08,
        subplot_titles=[DIMENSION_LABELS.get(d, d) for d, _ in present],
    )
    for row, (dim, steps) in enumerate(present, start=1):
        _dimension_row(fig, row, dim, steps.sort_values("date"))
    fig.update_layout(shapes=[today_rule(today)])
    fig.update_layout(
        height=170 * len(present) + 60,
        font=FONT,
        title="Sub-judgements (each dimension on its own chart)",
        margin=dict(l=20, r=20, t=60, b=20),
    )
    return fig


def _dimension_row(fig: go.Figure, row: int, dim: str, steps: pd.DataFrame) -> None:
    """One dimension's chart: its steps as a grey line, and a marker per judgement."""
    xs, ys = step_line(steps)
    last = steps.iloc[-1]
    if last["in_force"]:
        xs, ys = xs + [None, last["date"], last["until"]], ys + [None, last["level"], last["level"]]
    fig.add_trace(
        go.Scatter(x=xs, y=ys, mode="lines", line=dict(color="#8C8C8C", width=2), showlegend=False, hoverinfo="skip"),
        row=row,
        col=1,
    )
    fig.add_trace(
        go.Scatter(
            x=list(steps["date"]),
            y=list(steps["level"]),
            mode="markers",
            showlegend=False,
            marker=dict(
                symbol=[QUALITY_SYMBOLS.get(q, "circle") for q in steps["mapping_quality"]],
                size=11,
                color=[level_colour(v) for v in steps["level"]],
                line=dict(width=1.5, color="#8C8C8C"),
            ),
            hovertext=[
                f"{DIMENSION_LABELS.get(dim, dim)}: “{p}” ({labels.day(d)})"
                for p, d in zip(steps["raw_phrase"], steps["date"], strict=True)
            ],
            hoverinfo="text",
        ),
        row=row,
        col=1,
    )
    fig.update_yaxes(
        row=row,
        col=1,
        range=[0.5, 4.5],
        tickvals=[1, 2, 3, 4],
        ticktext=["Inadequate", "Req. improvement", "Good", "Outstanding"],
    )

"""Compare: several authorities' level steps on one axis, by calendar date or aligned on the month each
was first judged inadequate; lines are never joined across authorities."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import plotly.graph_objects as go

from trajectories import labels
from trajectories.charts.base import (
    FONT,
    QUALITY_SYMBOLS,
    SERIES_COLOURS,
    empty_figure,
    legend_below,
    legend_margin,
    today_rule,
)
from trajectories.domain import LEVEL_LABELS

ROLE_STYLES = {
    "chosen": ("solid", 4.0, "chosen authority"),
    "neighbour": ("dash", 2.0, "statistical neighbour"),
    "region": ("dot", 1.6, "same region"),
}
OFFSET = 0.045  # levels between lines that would otherwise lie on one another
SPREAD = 0.36  # the most all the lines together are spread over (well inside one level's band)


def compare(
    aligned: pd.DataFrame,
    align: str = "calendar",
    highlight: str | None = None,
    roles: dict[str, str] | None = None,
    today: dt.date | None = None,
) -> go.Figure:
    """Several authorities' level steps on one axis (never joined across authorities)."""
    if aligned.empty:
        return empty_figure(
            "No graded judgements to compare" + (" (none was judged inadequate)" if align != "calendar" else "")
        )
    fig = go.Figure()
    roles = roles or ({highlight: "chosen"} if highlight else {})
    rank = {"chosen": 0, "neighbour": 1, "region": 2}
    groups = sorted(aligned.groupby("authority_code", sort=False), key=lambda g: rank.get(roles.get(g[0], ""), 3))
    n = len(groups)
    for i, (code, group) in enumerate(groups):
        fig.add_trace(_authority_line(group.sort_values("x"), i, n, roles.get(code)))
    fig.update_yaxes(
        range=[0.5, 4.5], tickvals=[1, 2, 3, 4], ticktext=[LEVEL_LABELS[i] for i in (1, 2, 3, 4)], title_text="Level"
    )
    fig.update_xaxes(title_text="Date" if align == "calendar" else "Months since first judged inadequate")
    shapes = []
    if align == "calendar":
        shapes.append(today_rule(today or dt.date.today()))
        fig.add_trace(
            go.Scatter(
                x=[None],
                y=[None],
                mode="lines",
                name="today",
                hoverinfo="skip",
                line=dict(color="#999999", width=1, dash="dash", shape="hv"),
            )
        )
    _finish_layout(fig, n, roles, shapes, align)
    return fig


def _authority_line(group: pd.DataFrame, i: int, n: int, role: str | None) -> go.Scatter:
    """One authority's steps, styled by its role. Each line is nudged a little up or down (its true
    grade is in its hover), so lines at the same level for the same months stay apart instead of
    lying on one another."""
    dash, width, role_words = ROLE_STYLES.get(role, ("solid", 3.0, ""))
    colour = "#000000" if role == "chosen" else SERIES_COLOURS[i % len(SERIES_COLOURS)]
    name = group["authority_name"].iloc[0]
    # The chosen (first) line keeps its true level; the others step out around it, alternately.
    step = min(OFFSET, SPREAD / max(n - 1, 1))
    nudge = ((i + 1) // 2) * step * (1 if i % 2 else -1)
    xs = list(group["x"]) + [group["x_until"].iloc[-1]]
    ys = [v + nudge for v in list(group["level"]) + [group["level"].iloc[-1]]]
    return go.Scatter(
        x=xs,
        y=ys,
        mode="lines+markers",
        name=name,
        line=dict(shape="hv", color=colour, width=width, dash=dash),
        marker=dict(
            symbol=[QUALITY_SYMBOLS.get(q, "circle") for q in group["mapping_quality"]] + ["circle"],
            size=[10] * len(group) + [0],
            color=colour,
        ),
        hovertext=[
            f"{name}{' (' + role_words + ')' if role_words else ''}: {labels.level(v)} — “{p}” ({labels.day(d)})"
            for v, p, d in zip(group["level"], group["raw_phrase"], group["date"], strict=True)
        ]
        + [""],
        hoverinfo="text",
    )


def _finish_layout(fig: go.Figure, n: int, roles: dict[str, str], shapes: list[dict], align: str) -> None:
    # The legend below the axis title, room for an entry a row (what it needs at 1024 pixels; wider,
    # entries of a fixed width share rows); its title says which line style is which role.
    rows = n + 3
    legend = legend_below(rows) | dict(entrywidth=210, entrywidthmode="pixels")
    if roles:
        legend["title"] = dict(
            text="solid: chosen authority · dashed: statistical neighbours · dotted: same region", side="top"
        )
    fig.update_layout(
        height=420 + legend_margin(rows),
        font=FONT,
        hovermode="closest",
        shapes=shapes,
        title="Graded judgements in force" + ("" if align == "calendar" else ", aligned on the inadequate judgement"),
        legend=legend,
        margin=dict(l=20, r=20, t=50, b=legend_margin(rows)),
    )

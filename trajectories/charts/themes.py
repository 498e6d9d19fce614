"""Theme charts: findings per theme and year as a heat map, and one bar per theme."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from trajectories.charts.base import FONT, empty_figure, theme_label


def themes_heatmap(by_year: pd.DataFrame, value: str = "concerns") -> go.Figure:
    """Themes × years: how many findings were concerns (or strengths) each year; numbers in the cells."""
    if by_year.empty:
        return empty_figure("No findings with themes in this selection")
    table = by_year.pivot_table(index="theme", columns="year", values=value, aggfunc="sum", fill_value=0)
    labels = [theme_label(t) for t in table.index]
    colours = [[0, "#FFFFFF"], [1, "#D55E00" if value == "concerns" else "#0072B2"]]
    fig = go.Figure(
        go.Heatmap(
            z=table.values,
            x=[str(c) for c in table.columns],
            y=labels,
            colorscale=colours,
            text=table.values,
            texttemplate="%{text}",
            colorbar=dict(title="findings"),
            hovertemplate="%{y}, %{x}: %{z} " + value + "<extra></extra>",
        )
    )
    fig.update_layout(
        title=f"Findings that are {value}, by theme and year",
        height=120 + 28 * len(labels),
        font=FONT,
        xaxis_title="Year of the visit",
        yaxis_title="Theme",
        margin=dict(l=20, r=20, t=50, b=20),
    )
    return fig


def theme_bars(df: pd.DataFrame, value: str, title: str, axis: str, percent: bool = True) -> go.Figure:
    """One horizontal bar per theme (value column), largest first; words on both axes."""
    if df.empty:
        return empty_figure("Not enough visits to compare")
    d = df.sort_values(value)
    texts = [_share(v, signed=value == "change") if percent else str(v) for v in d[value]]
    fig = go.Figure(
        go.Bar(
            x=d[value],
            y=[theme_label(t) for t in d["theme"]],
            orientation="h",
            marker=dict(color=["#D55E00" if v > 0 else "#0072B2" for v in d[value]])
            if value == "change"
            else dict(color="#D55E00"),
            text=texts,
            textposition="outside",
            cliponaxis=False,
            customdata=texts,
            hovertemplate="%{y}: %{customdata}<extra></extra>",
        )
    )
    # Room beyond the longest bar (both ways for a change) so its value is never cut off.
    lo, hi = min(0.0, float(d[value].min())), max(0.0, float(d[value].max()))
    pad = (hi - lo or 1.0) * 0.18
    fig.update_xaxes(range=[lo - (pad if lo < 0 else 0), hi + pad], automargin=True)
    fig.update_yaxes(automargin=True)
    fig.update_layout(
        title=dict(text=title, font=dict(size=14)),
        height=140 + 26 * len(d),
        font=FONT,
        xaxis_title=axis,
        yaxis_title=None,
        margin=dict(l=20, r=30, t=60, b=50),
    )
    if percent:
        fig.update_xaxes(tickformat=".0%")
    return fig


def _share(value, signed: bool = False) -> str:
    """A share as a whole percentage: '12%', '+3%' for a change; a change that rounds to nothing is '0%'."""
    whole = round(float(value) * 100)
    return f"{whole:+d}%" if signed and whole else f"{whole}%"

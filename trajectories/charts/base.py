"""What every chart shares: the colour-blind-safe palette, marker shapes, font, legend placement,
hover words, the step line of a level held over time, the "today" rule and the empty figure."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import plotly.graph_objects as go

from trajectories import labels

LEVEL_COLOURS = {1: "#D55E00", 2: "#E69F00", 3: "#009E73", 4: "#0072B2"}
DIRECTION_COLOURS = {-2: "#D55E00", -1: "#E69F00", 0: "#7F7F7F", 1: "#56B4E9", 2: "#0072B2"}
SERIES_COLOURS = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#F0E442", "#000000"]
QUALITY_SYMBOLS = {"exact": "circle", "approximate": "diamond-open", "narrative_inferred": "circle-open"}
QUALITY_NAMES = labels.QUALITIES
FRAMEWORK_CHANGES = {  # England only (docs/domain-rules.md §1.2)
    dt.date(2013, 11, 1): "SIF begins",
    dt.date(2018, 1, 1): "ILACS begins",
    dt.date(2023, 1, 1): "ILACS: care leavers judged apart",
}
FONT = dict(family="DejaVu Sans, Arial, sans-serif", size=13)
PRINT_TEMPLATE = "plotly_white"


def legend_below(rows: int = 2) -> dict:
    """A horizontal legend in the chart's bottom margin, below the x axis and its title (never over
    the plotting area); the margin it needs is `legend_margin(rows)`."""
    return dict(
        orientation="h", yref="container", y=0.0, yanchor="bottom", xanchor="left", x=0, maxheight=legend_margin(rows)
    )


def legend_margin(rows: int = 2) -> int:
    return 60 + 24 * rows


def level_colour(level: float) -> str:
    return LEVEL_COLOURS.get(int(round(level)), "#7F7F7F")


def hover_text(row, what: str) -> str:
    phrase = str(row.get("raw_phrase") or "")
    return f"<b>{what}</b><br>“{phrase}”<br>{labels.day(row['date'])}<br>{_quality_note(row.get('mapping_quality'))}"


def _quality_note(quality) -> str:
    return labels.quality(quality) if not labels.blank(quality) else ""


def theme_chips(themes: list[str]) -> str:
    return ("<br>most found: " + " · ".join(theme_label(t) for t in themes)) if themes else ""


def empty_figure(message: str) -> go.Figure:
    fig = go.Figure()
    fig.add_annotation(text=message, showarrow=False, x=0.5, y=0.5, xref="paper", yref="paper", font=dict(size=16))
    fig.update_xaxes(visible=False)
    fig.update_yaxes(visible=False)
    fig.update_layout(height=300, font=FONT, margin=dict(l=20, r=20, t=40, b=20))
    return fig


def step_line(group: pd.DataFrame) -> tuple[list, list]:
    """x and y of the steps that have ended: each level held from its date until the next full
    inspection, joined to the next step only where that inspection graded it (None breaks the
    line where an inspection without an overall grade ended it)."""
    xs, ys = [], []
    recs = group.to_dict("records")
    for k, r in enumerate(recs):
        if r["in_force"]:
            if xs and xs[-1] == r["date"]:  # the riser up or down to the grade still in force
                xs.append(r["date"])
                ys.append(r["level"])
            break
        xs += [r["date"], r["until"]]
        ys += [r["level"], r["level"]]
        if k + 1 < len(recs) and recs[k + 1]["date"] != r["until"]:
            xs.append(None)
            ys.append(None)
    return xs, ys


def theme_label(theme: str) -> str:
    from trajectories.themes import THEMES

    return THEMES.get(theme, (theme, ""))[0]


def today_rule(today: dt.date) -> dict:
    """A dashed vertical line at today over the whole plotting area (a layout shape)."""
    return dict(
        type="line",
        x0=today,
        x1=today,
        xref="x",
        y0=0,
        y1=1,
        yref="paper",
        line=dict(color="#999999", width=1, dash="dash"),
    )

"""The trajectory figure of one authority (or a few): a level lane of steps, a direction lane of
glyphs and a rug of inspections, visits and letters, over one shared time axis."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from trajectories import labels
from trajectories.charts.base import (
    DIRECTION_COLOURS,
    FONT,
    FRAMEWORK_CHANGES,
    QUALITY_NAMES,
    QUALITY_SYMBOLS,
    SERIES_COLOURS,
    hover_text,
    legend_below,
    legend_margin,
    level_colour,
    step_line,
    theme_chips,
    today_rule,
)
from trajectories.domain import DIRECTION_GLYPHS, DIRECTION_LABELS, LEVEL_LABELS

BAND_COLOURS = ["rgba(213,94,0,0.10)", "rgba(230,159,0,0.14)", "rgba(204,121,167,0.14)", "rgba(86,180,233,0.14)"]

UNGRADED_MARK_Y = 0.72  # where inspections without an overall grade are marked: under the levels, clear of band labels


def _ungraded_marks(fig: go.Figure, states: pd.DataFrame) -> list[dict]:
    """Markers (and a note at the first) for full inspections that gave no overall grade: the area
    grades or "not graded" in their hover, never placed on a level they did not give."""
    notes = []
    for kind, label, symbol in (
        ("areas", "inspection: area grades only, no overall grade", "star-diamond-open"),
        ("ungraded", "inspection or review: not graded", "hexagon-open"),
    ):
        part = states[states["kind"] == kind]
        if part.empty:
            continue
        fig.add_trace(
            go.Scatter(
                x=list(part["date"]),
                y=[UNGRADED_MARK_Y] * len(part),
                mode="markers",
                marker=dict(symbol=symbol, size=14, color="#555555", line=dict(width=2)),
                name=label,
                customdata=list(part["event_id"]),
                hoverinfo="text",
                hovertext=[
                    f"<b>{labels.day(r['date'])}: {label}</b><br>{r['position']}"
                    + ("<br>judged inadequate in: " + ", ".join(r["inadequate_areas"]) if r["inadequate_areas"] else "")
                    + f"<br>read from {labels.document(r['source_kind'], r['inspectorate'], None, r['date'])}"
                    for r in part.to_dict("records")
                ],
            ),
            row=1,
            col=1,
        )
        # The note goes where a level stops: the first such inspection after a graded one.
        ordered = states.sort_values("date")
        after = ordered["kind"].eq("graded").cummax().shift(fill_value=False)
        starts = ordered[(ordered["kind"] == kind) & after]
        first = (starts if not starts.empty else part).iloc[0]
        # to the left of the mark: later reviews tend to follow soon after, to its right
        notes.append(
            dict(
                x=first["date"],
                y=UNGRADED_MARK_Y,
                xref="x",
                yref="y",
                showarrow=False,
                xanchor="right",
                xshift=-10,
                font=dict(size=11, color="#444444"),
                text="no overall grade from here" if kind == "areas" else "not graded from here",
            )
        )
    return notes


def trajectory(
    steps: pd.DataFrame,
    directions: pd.DataFrame,
    events: pd.DataFrame,
    *,
    title: str = "",
    today: dt.date | None = None,
    nation: str | None = None,
    predecessors: pd.DataFrame | None = None,
    bands: pd.DataFrame | None = None,
    themes_by_event: dict[int, list[str]] | None = None,
    states: pd.DataFrame | None = None,
) -> go.Figure:
    """Level lane (steps), direction lane (glyphs) and event rug (ticks, planned hollow).

    Each overall grade holds until the next full inspection (`positions.steps`); `states` marks
    the full inspections that gave no overall grade. `predecessors` (the graded history of
    councils this one replaced) is drawn apart: grey, dashed, and named as a predecessor, never
    joined to the successor's line."""
    today = today or dt.date.today()
    fig = _three_lanes()
    _level_lane(fig, steps)
    # Shapes and notes are collected as plain layout entries and set once at the end (plotly's
    # add_vline/add_vrect re-validate the whole layout on every call: most of a build's time).
    shapes: list[dict] = []
    notes: list[dict] = []
    if states is not None and not states.empty:
        notes += _ungraded_marks(fig, states)
    if bands is not None and not bands.empty:
        shapes += _status_bands(fig, bands)
    if predecessors is not None and not predecessors.empty:
        _predecessor_lines(fig, predecessors)
    if not directions.empty:
        _direction_lane(fig, directions)
    if not events.empty:
        _event_rug(fig, events, today, themes_by_event)
    _lane_axes(fig)
    # A vertical rule over the three lanes (they share the x axis): today, and England's framework changes.
    shapes.append(today_rule(today))
    fig.add_trace(
        go.Scatter(
            x=[None],
            y=[None],
            mode="lines",
            name="today",
            line=dict(color="#999999", width=1, dash="dash", shape="hv"),
            hoverinfo="skip",
        ),
        row=1,
        col=1,
    )
    if nation == "England":
        _framework_changes(steps, events, today, shapes, notes)
    _finish_layout(fig, title, shapes, notes)
    return fig


def _three_lanes() -> go.Figure:
    return make_subplots(
        rows=3,
        cols=1,
        shared_xaxes=True,
        row_heights=[0.6, 0.22, 0.18],
        vertical_spacing=0.06,
        subplot_titles=(
            "Graded level — overall judgement",
            "Direction of travel (signals, not grades)",
            "Inspections, visits and letters",
        ),
    )


def _level_lane(fig: go.Figure, steps: pd.DataFrame) -> None:
    """Each authority's steps (grey alone, a colour each when several), its grade still in force
    dotted on to today, and a marker per judgement shaped by how exact its level is."""
    multi = steps["authority_code"].nunique() > 1 if not steps.empty else False
    shown_quality: set[str] = set()
    for i, (code, group) in enumerate(steps.groupby("authority_code", sort=False) if not steps.empty else []):
        group = group.sort_values("date")
        name = group["authority_name"].iloc[0]
        colour = SERIES_COLOURS[i % len(SERIES_COLOURS)] if multi else "#8C8C8C"
        xs, ys = step_line(group)
        if xs:
            fig.add_trace(
                go.Scatter(
                    x=xs,
                    y=ys,
                    mode="lines",
                    line=dict(color=colour, width=3),
                    name=f"{name}: judgement in force" if multi else "judgement in force",
                    hoverinfo="skip",
                    legendgroup=code,
                ),
                row=1,
                col=1,
            )
        last = group.iloc[-1]
        if last["in_force"]:
            fig.add_trace(
                go.Scatter(
                    x=[last["date"], last["until"]],
                    y=[last["level"], last["level"]],
                    mode="lines",
                    line=dict(color=colour, width=3, dash="dot"),
                    name="still in force — no newer full inspection",
                    hoverinfo="skip",
                    legendgroup="in_force",
                    showlegend=i == 0,
                ),
                row=1,
                col=1,
            )
        for quality, qgroup in group.groupby("mapping_quality"):
            fig.add_trace(_level_markers(quality, qgroup, colour, quality not in shown_quality), row=1, col=1)
            shown_quality.add(quality)


def _level_markers(quality: str, qgroup: pd.DataFrame, colour: str, showlegend: bool) -> go.Scatter:
    """The judgements of one mapping quality: its marker shape, and a bar from low to high when approximate."""
    error = None
    if quality == "approximate":
        error = dict(
            type="data",
            symmetric=False,
            array=list(qgroup["level_high"] - qgroup["level"]),
            arrayminus=list(qgroup["level"] - qgroup["level_low"]),
            color=colour,
            thickness=1.5,
            width=6,
        )
    return go.Scatter(
        x=list(qgroup["date"]),
        y=list(qgroup["level"]),
        mode="markers",
        marker=dict(
            symbol=QUALITY_SYMBOLS.get(quality, "circle"),
            size=14,
            color=[level_colour(v) for v in qgroup["level"]],
            line=dict(width=2, color=colour),
        ),
        error_y=error,
        name=QUALITY_NAMES.get(quality, quality),
        legendgroup=f"q_{quality}",
        showlegend=showlegend,
        customdata=list(qgroup["event_id"]),
        hovertext=[
            hover_text(r, f"{r['authority_name']}: {LEVEL_LABELS.get(int(round(r['level'])), r['level'])}")
            for r in qgroup.to_dict("records")
        ],
        hoverinfo="text",
    )


def _status_bands(fig: go.Figure, bands: pd.DataFrame) -> list[dict]:
    """Shaded spans of regulatory status (returned as layout shapes), each named by a legend entry."""
    shapes: list[dict] = []
    for i, (label, group) in enumerate(bands.groupby("label", sort=False)):
        shapes += [
            dict(
                type="rect",
                x0=rec["start"],
                x1=rec["end"],
                xref="x",
                y0=0,
                y1=1,
                yref="y domain",
                fillcolor=BAND_COLOURS[i % len(BAND_COLOURS)],
                line_width=0,
                layer="below",
            )
            for rec in group.to_dict("records")
        ]
        # The band's name is a legend entry (a square of its colour), never a label on the chart:
        # labels of bands that start close together would overlap each other and the framework notes.
        fig.add_trace(
            go.Scatter(
                x=[None],
                y=[None],
                mode="markers",
                name=f"shaded: {label}",
                marker=dict(
                    symbol="square",
                    size=14,
                    color=BAND_COLOURS[i % len(BAND_COLOURS)],
                    line=dict(width=1, color="#999999"),
                ),
                hoverinfo="skip",
                legendgroup=f"band_{i}",
            ),
            row=1,
            col=1,
        )
    return shapes


def _predecessor_lines(fig: go.Figure, predecessors: pd.DataFrame) -> None:
    for _code, group in predecessors.groupby("authority_code"):
        group = group.sort_values("date")
        xs = list(group["date"]) + [group["until"].iloc[-1]]
        ys = list(group["level"]) + [group["level"].iloc[-1]]
        fig.add_trace(
            go.Scatter(
                x=xs,
                y=ys,
                mode="lines+markers",
                line=dict(shape="hv", color="#9E9E9E", width=2, dash="dash"),
                marker=dict(symbol="square-open", size=10, color="#9E9E9E"),
                name=f"predecessor council: {group['authority_name'].iloc[0]}",
                hovertext=[
                    f"Predecessor {group['authority_name'].iloc[0]}: “{p}” ({labels.day(d)})"
                    for p, d in zip(group["raw_phrase"], group["date"], strict=True)
                ]
                + [""],
                hoverinfo="text",
            ),
            row=1,
            col=1,
        )


def _direction_lane(fig: go.Figure, directions: pd.DataFrame) -> None:
    """One trace, glyph and colour per point; the lane's tick words are its key."""
    dirs = directions.sort_values("date")
    values = [int(v) for v in dirs["direction"]]
    fig.add_trace(
        go.Scatter(
            x=list(dirs["date"]),
            y=values,
            mode="markers",
            marker=dict(
                symbol=["triangle-up" if v > 0 else "triangle-down" if v < 0 else "circle" for v in values],
                size=12,
                color=[DIRECTION_COLOURS[v] for v in values],
            ),
            name="direction of travel",
            showlegend=False,
            customdata=list(dirs["event_id"]),
            hovertext=[
                f"<b>{DIRECTION_GLYPHS[v]} {DIRECTION_LABELS[v]}</b>{_about(r)}<br>“{r['raw_phrase']}”"
                f"<br>{labels.day(r['date'])}<br>read from {labels.basis(r['basis'])}"
                for v, r in zip(values, dirs.to_dict("records"), strict=True)
            ],
            hoverinfo="text",
        ),
        row=2,
        col=1,
    )


EVENT_NAMES = {
    "future": "planned visit",
    "past": "planned visit (its window has passed)",
    "actual": "inspection, visit or letter",
}


def _event_rug(
    fig: go.Figure, events: pd.DataFrame, today: dt.date, themes_by_event: dict[int, list[str]] | None
) -> None:
    """One tick per real visit, however many sources describe it; planned visits hollow."""
    from trajectories.analytics import distinct_events, planned_events

    is_planned = events["planned"].astype(bool)
    ev = pd.concat([distinct_events(events[~is_planned]), events[is_planned]], ignore_index=True)
    ev["x"] = ev["start_date"].where(ev["start_date"].notna(), ev["published_date"])
    outcome = dict(zip(*(planned_events(events, today)[c].tolist() for c in ("event_id", "outcome")), strict=True))
    ev["kind"] = [
        "future" if p and outcome.get(e) == "planned" else "past" if p else "actual"
        for p, e in zip(ev["planned"].astype(bool).tolist(), ev["event_id"].tolist(), strict=True)
    ]
    for kind, egroup in ev.groupby("kind", sort=False):
        planned = kind != "actual"
        fig.add_trace(
            go.Scatter(
                x=list(egroup["x"]),
                y=[0] * len(egroup),
                mode="markers",
                marker=dict(
                    symbol=("circle-open" if kind == "future" else "circle-x-open") if planned else "line-ns-open",
                    size=16 if planned else 22,
                    color="#7F7F7F" if planned else "#8C8C8C",
                    line=dict(width=2),
                ),
                name=EVENT_NAMES[kind],
                customdata=list(egroup["event_id"]),
                showlegend=planned,  # the lane's title names the visits; only planned ones need a key
                hovertext=[_event_hover(r, planned, outcome, themes_by_event or {}) for r in egroup.to_dict("records")],
                hoverinfo="text",
            ),
            row=3,
            col=1,
        )


def _event_hover(r: dict, planned: bool, outcome: dict, themes_by_event: dict[int, list[str]]) -> str:
    return (
        f"<b>{outcome.get(r['event_id'], '').capitalize() + ': ' if planned else ''}"
        f"{labels.event_type(r['event_type'])}</b><br>{r['title'] or ''}<br>{labels.day(r['x'])}"
        + (f" to {labels.day(r['end_date'])}" if r["end_date"] and r["end_date"] != r["start_date"] else "")
        + (
            "<br>date approximate (publication)"
            if not planned and r["x"] is not None and r["start_date"] is None and r["end_date"] is None
            else ""
        )
        + theme_chips(themes_by_event.get(int(r["event_id"]), []))
    )


def _lane_axes(fig: go.Figure) -> None:
    fig.update_yaxes(
        row=1,
        col=1,
        range=[0.5, 4.5],
        tickvals=[1, 2, 3, 4],
        ticktext=[LEVEL_LABELS[i] for i in (1, 2, 3, 4)],
        title_text="Level",
        gridcolor="#DDDDDD",
    )
    fig.update_yaxes(
        row=2,
        col=1,
        range=[-2.7, 2.7],
        tickvals=[-2, -1, 0, 1, 2],
        ticktext=["▼▼ worse", "▼ slow", "● mixed", "▲ progress", "▲▲ strong"],
        title_text="Direction",
        gridcolor="#EEEEEE",
    )
    fig.update_yaxes(row=3, col=1, visible=False, range=[-1, 1])
    fig.update_xaxes(title_text="Date", row=3, col=1, showgrid=True, gridcolor="#EEEEEE")


def _framework_changes(
    steps: pd.DataFrame, events: pd.DataFrame, today: dt.date, shapes: list[dict], notes: list[dict]
) -> None:
    """A thin rule and a note for each of England's framework changes since the first record."""
    lo = min(
        [
            d
            for d in (
                steps["date"].min() if not steps.empty else None,
                events["start_date"].min() if not events.empty else None,
            )
            if d is not None
        ],
        default=None,
    )
    for when, label in FRAMEWORK_CHANGES.items():
        if lo is not None and lo <= when <= today:
            shapes.append(
                dict(
                    type="line",
                    x0=when,
                    x1=when,
                    xref="x",
                    y0=0,
                    y1=1,
                    yref="paper",
                    line=dict(color="#BBBBBB", width=1),
                )
            )
            notes.append(
                dict(
                    x=when,
                    y=1.0,
                    xref="x",
                    yref="y domain",
                    text=label,
                    showarrow=False,
                    textangle=-90,
                    xanchor="right",
                    font=dict(size=10, color="#777777"),
                )
            )


def _finish_layout(fig: go.Figure, title: str, shapes: list[dict], notes: list[dict]) -> None:
    # Tick labels are short words and dates inside the margins: plotly need not measure each one on
    # every draw to hide those that would spill past the chart.
    fig.update_xaxes(ticklabeloverflow="allow")
    fig.update_yaxes(ticklabeloverflow="allow")
    # Room below for the legend as it wraps at 1024 pixels (an entry a row, the longest ones).
    rows = sum(1 for t in fig.data if t.showlegend is not False and t.name) + 1
    fig.update_layout(
        title=dict(text=title),
        height=560 + legend_margin(rows),
        font=FONT,
        hovermode="closest",
        legend=legend_below(rows),
        margin=dict(l=20, r=20, t=70, b=legend_margin(rows)),
        shapes=shapes,
        annotations=list(fig.layout.annotations) + notes,
    )


def _about(row: dict) -> str:
    """A direction about part of a service says so in its hover (docs/domain-rules.md §2.3: scope)."""
    scope = row.get("scope")
    return f" (about {scope})" if isinstance(scope, str) and scope and scope != "overall" else ""

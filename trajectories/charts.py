"""Plotly figure builders: DataFrames in, `go.Figure` out; colours, shapes and order in one place.

Contract (docs/domain-rules.md §2.5, honest charts):
- Levels are steps, never interpolated, each held until the next full inspection; the last is
  drawn on to today as a dotted "still in force" segment only while no newer full inspection
  exists, and an inspection without an overall grade is marked, never given a level. The y axis
  is labelled with words.
- Marker shape says how exact a level is: filled circle = exact; hollow diamond with a bar from
  low to high = approximate; hollow circle = inferred from narrative. Colours are the Okabe-Ito
  colour-blind-safe palette and never the only cue.
- Direction of travel has its own lane of unconnected glyphs; it never moves the level line.
- Planned events are hollow markers in the future; framework changes are thin vertical rules.
No Streamlit here; every figure has a table equivalent in the page that shows it. Figures carry
no template of their own: on screen the dashboard's theme styles them (light or dark, and a
template is most of what a browser spends redrawing a figure); `PRINT_TEMPLATE` is what images
for documents are drawn with (`exports.figure_png`).
"""

from __future__ import annotations

import datetime as dt

import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from trajectories import labels
from trajectories.domain import DIRECTION_GLYPHS, DIRECTION_LABELS, LEVEL_LABELS

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


def _level_colour(level: float) -> str:
    return LEVEL_COLOURS.get(int(round(level)), "#7F7F7F")


def _hover(row, what: str) -> str:
    phrase = str(row.get("raw_phrase") or "")
    return f"<b>{what}</b><br>“{phrase}”<br>{labels.day(row['date'])}<br>{_quality_note(row.get('mapping_quality'))}"


def _quality_note(quality) -> str:
    return labels.quality(quality) if not labels.blank(quality) else ""


def _chips(themes: list[str]) -> str:
    return ("<br>most found: " + " · ".join(_theme_label(t) for t in themes)) if themes else ""


def empty_figure(message: str) -> go.Figure:
    fig = go.Figure()
    fig.add_annotation(text=message, showarrow=False, x=0.5, y=0.5, xref="paper", yref="paper", font=dict(size=16))
    fig.update_xaxes(visible=False)
    fig.update_yaxes(visible=False)
    fig.update_layout(height=300, font=FONT, margin=dict(l=20, r=20, t=40, b=20))
    return fig


BAND_COLOURS = ["rgba(213,94,0,0.10)", "rgba(230,159,0,0.14)", "rgba(204,121,167,0.14)", "rgba(86,180,233,0.14)"]


def _step_line(group: pd.DataFrame) -> tuple[list, list]:
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
    fig = make_subplots(
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
    multi = steps["authority_code"].nunique() > 1 if not steps.empty else False
    shown_quality: set[str] = set()
    for i, (code, group) in enumerate(steps.groupby("authority_code", sort=False) if not steps.empty else []):
        group = group.sort_values("date")
        name = group["authority_name"].iloc[0]
        colour = SERIES_COLOURS[i % len(SERIES_COLOURS)] if multi else "#8C8C8C"
        xs, ys = _step_line(group)
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
            fig.add_trace(
                go.Scatter(
                    x=list(qgroup["date"]),
                    y=list(qgroup["level"]),
                    mode="markers",
                    marker=dict(
                        symbol=QUALITY_SYMBOLS.get(quality, "circle"),
                        size=14,
                        color=[_level_colour(v) for v in qgroup["level"]],
                        line=dict(width=2, color=colour),
                    ),
                    error_y=error,
                    name=QUALITY_NAMES.get(quality, quality),
                    legendgroup=f"q_{quality}",
                    showlegend=quality not in shown_quality,
                    customdata=list(qgroup["event_id"]),
                    hovertext=[
                        _hover(r, f"{r['authority_name']}: {LEVEL_LABELS.get(int(round(r['level'])), r['level'])}")
                        for r in qgroup.to_dict("records")
                    ],
                    hoverinfo="text",
                ),
                row=1,
                col=1,
            )
            shown_quality.add(quality)
    # Shapes and notes are collected as plain layout entries and set once at the end (plotly's
    # add_vline/add_vrect re-validate the whole layout on every call: most of a build's time).
    shapes: list[dict] = []
    notes: list[dict] = []
    if states is not None and not states.empty:
        notes += _ungraded_marks(fig, states)
    if bands is not None and not bands.empty:
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
    if predecessors is not None and not predecessors.empty:
        for code, group in predecessors.groupby("authority_code"):
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
    if not directions.empty:  # one trace, glyph and colour per point; the lane's tick words are its key
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
    if not events.empty:
        from trajectories.analytics import distinct_events, planned_events

        # one tick per real visit, however many sources describe it
        is_planned = events["planned"].astype(bool)
        ev = pd.concat([distinct_events(events[~is_planned]), events[is_planned]], ignore_index=True)
        ev["x"] = ev["start_date"].where(ev["start_date"].notna(), ev["published_date"])
        outcome = dict(zip(*(planned_events(events, today)[c].tolist() for c in ("event_id", "outcome")), strict=True))
        ev["kind"] = [
            "future" if p and outcome.get(e) == "planned" else "past" if p else "actual"
            for p, e in zip(ev["planned"].astype(bool).tolist(), ev["event_id"].tolist(), strict=True)
        ]
        names = {
            "future": "planned visit",
            "past": "planned visit (its window has passed)",
            "actual": "inspection, visit or letter",
        }
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
                    name=names[kind],
                    customdata=list(egroup["event_id"]),
                    showlegend=planned,  # the lane's title names the visits; only planned ones need a key
                    hovertext=[
                        f"<b>{outcome.get(r['event_id'], '').capitalize() + ': ' if planned else ''}"
                        f"{labels.event_type(r['event_type'])}</b><br>{r['title'] or ''}<br>{labels.day(r['x'])}"
                        + (
                            f" to {labels.day(r['end_date'])}"
                            if r["end_date"] and r["end_date"] != r["start_date"]
                            else ""
                        )
                        + (
                            "<br>date approximate (publication)"
                            if not planned and r["x"] is not None and r["start_date"] is None and r["end_date"] is None
                            else ""
                        )
                        + _chips((themes_by_event or {}).get(int(r["event_id"]), []))
                        for r in egroup.to_dict("records")
                    ],
                    hoverinfo="text",
                ),
                row=3,
                col=1,
            )
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
    # A vertical rule over the three lanes (they share the x axis): today, and England's framework changes.
    shapes.append(
        dict(
            type="line",
            x0=today,
            x1=today,
            xref="x",
            y0=0,
            y1=1,
            yref="paper",
            line=dict(color="#999999", width=1, dash="dash"),
        )
    )
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
    return fig


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


def _theme_label(theme: str) -> str:
    from trajectories.themes import THEMES

    return THEMES.get(theme, (theme, ""))[0]


def themes_heatmap(by_year: pd.DataFrame, value: str = "concerns") -> go.Figure:
    """Themes × years: how many findings were concerns (or strengths) each year; numbers in the cells."""
    if by_year.empty:
        return empty_figure("No findings with themes in this selection")
    table = by_year.pivot_table(index="theme", columns="year", values=value, aggfunc="sum", fill_value=0)
    labels = [_theme_label(t) for t in table.index]
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
            y=[_theme_label(t) for t in d["theme"]],
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
    # Each line is nudged a little up or down (its true grade is in its hover), so lines at the
    # same level for the same months stay apart instead of lying on one another.
    n = len(groups)
    for i, (code, group) in enumerate(groups):
        group = group.sort_values("x")
        role = roles.get(code)
        dash, width, role_words = ROLE_STYLES.get(role, ("solid", 3.0, ""))
        colour = "#000000" if role == "chosen" else SERIES_COLOURS[i % len(SERIES_COLOURS)]
        name = group["authority_name"].iloc[0]
        # The chosen (first) line keeps its true level; the others step out around it, alternately.
        step = min(OFFSET, SPREAD / max(n - 1, 1))
        nudge = ((i + 1) // 2) * step * (1 if i % 2 else -1)
        xs = list(group["x"]) + [group["x_until"].iloc[-1]]
        ys = [v + nudge for v in list(group["level"]) + [group["level"].iloc[-1]]]
        fig.add_trace(
            go.Scatter(
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
        )
    fig.update_yaxes(
        range=[0.5, 4.5], tickvals=[1, 2, 3, 4], ticktext=[LEVEL_LABELS[i] for i in (1, 2, 3, 4)], title_text="Level"
    )
    fig.update_xaxes(title_text="Date" if align == "calendar" else "Months since first judged inadequate")
    shapes = []
    if align == "calendar":
        today = today or dt.date.today()
        shapes.append(
            dict(
                type="line",
                x0=today,
                x1=today,
                xref="x",
                y0=0,
                y1=1,
                yref="paper",
                line=dict(color="#999999", width=1, dash="dash"),
            )
        )
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
    return fig


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
        steps = steps.sort_values("date")
        xs, ys = _step_line(steps)
        last = steps.iloc[-1]
        if last["in_force"]:
            xs, ys = xs + [None, last["date"], last["until"]], ys + [None, last["level"], last["level"]]
        fig.add_trace(
            go.Scatter(
                x=xs, y=ys, mode="lines", line=dict(color="#8C8C8C", width=2), showlegend=False, hoverinfo="skip"
            ),
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
                    color=[_level_colour(v) for v in steps["level"]],
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
    fig.update_layout(
        shapes=[
            dict(
                type="line",
                x0=today,
                x1=today,
                xref="x",
                y0=0,
                y1=1,
                yref="paper",
                line=dict(color="#999999", width=1, dash="dash"),
            )
        ]
    )
    fig.update_layout(
        height=170 * len(present) + 60,
        font=FONT,
        title="Sub-judgements (each dimension on its own chart)",
        margin=dict(l=20, r=20, t=60, b=20),
    )
    return fig


def _about(row: dict) -> str:
    """A direction about part of a service says so in its hover (docs/domain-rules.md §2.3: scope)."""
    scope = row.get("scope")
    return f" (about {scope})" if isinstance(scope, str) and scope and scope != "overall" else ""

"""What the pages draw, as typed values built from the analyses (no Streamlit here).

Contract:
- Each page's view is a frozen dataclass whose fields are what it shows, built by a pure function
  from frames the query layer and the analyses give; the UI (`ui.data`) loads those frames, caches
  the result and the page only draws its fields.
- `select_authorities(authorities, filters)`: the reference rows the filters select (current
  authorities, or any named explicitly).
- `whole_record(filters)`: the same filters from the earliest date: where an authority stands, the
  grade before a movement and an episode that began before the period are read from the whole
  record, so a later start narrows what moved, never who is where.
- `overview(whole, episodes, filters)` -> `Overview`: the sentence of what moved, the recent
  movements, the figures, the counts by level (by nation, or by region within one nation), who is
  judged inadequate now and every authority's row, most severe first (`overview_table`).
- `authority_choice(authorities, filters)` -> `AuthorityChoice`: every authority with a loaded
  visit (the sidebar's filters never limit it), those the filters select, and a label for each.
- `authority_page(row, record, today, date_to)` -> `AuthorityPage`: one authority's judgements,
  steps, directions, events, trajectory figure, where it stands now in words, its visits' labels
  and rows by id, the visit shown first and a file-name stem for its downloads.
- `visit_findings(found)` -> `VisitFindings`, `top_themes(by_theme)` and `ordered_findings`: one
  visit's findings, by theme, actions required first.
Words come from `trajectories.labels`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace
from typing import Any, NamedTuple

import pandas as pd

from trajectories import analytics, charts, labels, positions, story
from trajectories.domain import EARLIEST, Filters

MOVEMENTS_SHOWN = 12  # the newest; the rest are one click away in the table below
INADEQUATE_COLUMNS = [
    "Authority",
    "Nation",
    "Where it stands",
    "Inadequate since",
    "Time inadequate",
    "Latest visit",
    "Kind of latest visit",
    "Next planned visit",
    "Latest direction, as written",
]
POLARITY_ORDER = ["action_required", "concern", "strength", "neutral"]


def select_authorities(authorities: pd.DataFrame, filters: Filters) -> pd.DataFrame:
    """The reference rows the filters select (current authorities, or any named explicitly)."""
    df = authorities
    if filters.authorities:
        return df[df["code"].isin(filters.authorities)]
    if filters.nations:
        df = df[df["nation"].isin(filters.nations)]
    if filters.regions:
        df = df[df["region"].isin(filters.regions)]
    return df[df["valid_to"].isna() | (df["events"] > 0)]


def whole_record(filters: Filters) -> Filters:
    """The filters from the earliest date (the same value when they already start there)."""
    return filters if filters.date_from in (None, EARLIEST) else replace(filters, date_from=EARLIEST)


# ---------------------------------------------------------------------------------------- Overview


@dataclass(frozen=True)
class Overview:
    sentence: str
    movements: list[dict[str, Any]]  # `story.recent_movements` records, the newest MOVEMENTS_SHOWN
    movements_total: int
    authorities: int
    graded: int  # with a graded judgement in force
    inadequate_now: int
    median_time: str  # at the current grade, in words
    figure: Any  # plotly Figure: authorities by level and by nation or region
    counts: pd.DataFrame  # the figure as a table
    inadequate: pd.DataFrame  # those judged inadequate now, longest first (INADEQUATE_COLUMNS)
    inadequate_names: list[str]
    table: pd.DataFrame  # every authority, most severe first (`overview_table`)


def overview_table(summary: pd.DataFrame) -> pd.DataFrame:
    """Every authority's row as a reader sees it: judged inadequate first, then the lowest grade
    (the overall grade, or the lowest area grade where only areas are graded), then the longest
    at it (for those inadequate, the longest inadequate); words for codes, time at the grade in
    years and months (the whole months beside it, to sort by), dates written out, blanks empty."""
    bad = summary["inadequate"].astype(bool)
    severity = summary["level"].fillna(summary["lowest_area"]).fillna(99.0).where(~bad, 0.0)
    months = summary["months_at_level"].astype(float)
    longest = summary["months_inadequate"].astype(float).where(bad, months)
    ordered = summary.assign(
        _severity=severity, _months=months.fillna(-1.0), _longest=longest.fillna(-1.0)
    ).sort_values(["_severity", "_longest", "name"], ascending=[True, False, True])
    table = pd.DataFrame(
        {
            "Open": "Authority_trajectory?authority=" + ordered["code"],
            "Authority": ordered["name"],
            "Nation": ordered["nation"],
            "Region": ordered["region"].map(labels.cell),
            "Where it stands": ordered["position"],
            "Grade in force": ordered["level_words"],
            "Time at this grade": ordered["months_at_level"].map(labels.duration),
            "Months at this grade": pd.array([int(m) if m >= 0 else None for m in ordered["_months"]], dtype="Int64"),
            "Since": ordered["since"].map(labels.day),
            "Inadequate since": ordered["inadequate_since"].map(labels.day),
            "Time inadequate": ordered["months_inadequate"].map(labels.duration),
            "Latest visit": ordered["last_visit"].map(labels.day),
            "Kind of latest visit": ordered["last_visit_type"].map(labels.event_type),
            "Next planned visit": ordered["next_planned"].map(labels.day),
            "Direction": ordered["direction"].map(labels.direction),
            "Latest direction, as written": ordered["direction_phrase"].map(labels.cell),
            "Graded levels over time": ordered["trajectory"],
            "code": ordered["code"],
        }
    )
    return table.reset_index(drop=True)


def overview(whole: pd.DataFrame, episodes: pd.DataFrame, filters: Filters) -> Overview:
    """The Overview of a selection that is not empty. `whole` is the summary of the selection read
    from the whole record (`analytics.authority_summary` of `whole_record(filters)`), `episodes`
    its inadequate episodes; the movements are those inside the filters' period."""
    summary = whole[whole["exists"]]  # an abolished council is never counted in a current figure
    graded = summary[summary["position_kind"].isin([positions.KIND_GRADED, positions.KIND_AREAS])]
    inadequate = summary[summary["inadequate"]]
    by = (
        "region"
        if filters.nations == ("England",) or (filters.regions and summary["nation"].nunique() == 1)
        else "nation"
    )
    counts = analytics.level_counts(summary, by=by)
    movements = story.recent_movements(whole, filters.date_from, filters.date_to)
    return Overview(
        sentence=story.selection_sentence(summary, episodes, filters.date_from, filters.date_to),
        movements=movements.head(MOVEMENTS_SHOWN).to_dict("records"),
        movements_total=len(movements),
        authorities=len(summary),
        graded=len(graded),
        inadequate_now=len(inadequate),
        median_time=labels.months(graded["months_at_level"].median()) if not graded.empty else "—",
        figure=charts.level_counts(counts, by=by),
        counts=counts.pivot_table(index=by, columns="level_words", values="authorities", fill_value=0)
        .astype(int)
        .rename_axis(index=labels.header(by), columns="Grade in force"),
        inadequate=overview_table(inadequate.sort_values("inadequate_since"))[INADEQUATE_COLUMNS],
        inadequate_names=sorted(inadequate["name"]),
        table=overview_table(summary),
    )


# -------------------------------------------------------------------------------- Authority page


class AuthorityChoice(NamedTuple):
    every: list[str]  # codes of every authority with a loaded visit, by label
    selected: list[str]  # codes of those the filters select; the first is shown when nothing else is asked
    labels: dict[str, str]  # code -> "Name (Nation)"


def authority_choice(authorities: pd.DataFrame, filters: Filters) -> AuthorityChoice:
    """Every authority with a loaded visit, by name (the filters never limit it), those the filters
    select (named in `filters.authorities`, else those of its nations and regions), and a label
    ("Name (Nation)") for each."""
    visited = authorities[authorities["events"] > 0]
    pool = select_authorities(visited, filters)
    named = {
        c: f"{n} ({nation})"
        for c, n, nation in zip(
            visited["code"].tolist(), visited["name"].tolist(), visited["nation"].tolist(), strict=True
        )
    }
    return AuthorityChoice(sorted(named, key=lambda c: named[c].casefold()), pool["code"].tolist(), named)


@dataclass(frozen=True)
class AuthorityRecord:
    """One authority's rows in the period (the query layer's frames), and what the page reads
    from outside it: its predecessors' steps and, when the period starts later, its whole record."""

    judgements: pd.DataFrame
    events: pd.DataFrame
    directions: pd.DataFrame
    statuses: pd.DataFrame
    theme_counts: pd.DataFrame
    predecessors: pd.DataFrame  # `analytics.level_steps` of the councils it succeeded
    whole_judgements: pd.DataFrame | None = None  # None: the period already starts at the earliest date
    whole_events: pd.DataFrame | None = None


@dataclass(frozen=True)
class AuthorityPage:
    sentence: str
    where_now: str | None  # where it stands now and what set it, in words
    judgements: pd.DataFrame
    sub: pd.DataFrame  # the sub-judgements (every dimension but the overall one)
    steps: pd.DataFrame
    states: pd.DataFrame
    position: dict[str, Any] | None  # `positions.as_at` row of where it stands now
    directions: pd.DataFrame
    events: pd.DataFrame
    figure: Any  # plotly Figure: the trajectory
    visit_rows: dict[int, dict[str, Any]]  # each visit's row by event id
    visit_labels: dict[int, str]  # each visit's unique label by event id, in date order
    first: int | None  # the visit shown when none is asked for
    stem: str  # file-name stem for its downloads


def authority_page(
    row: dict[str, Any], record: AuthorityRecord, today: dt.date, date_to: dt.date | None
) -> AuthorityPage:
    """What the authority page draws for one authority (`row`: its reference row, with "code")."""
    judgements, events = record.judgements, record.events
    steps = analytics.level_steps(judgements, today=today, events=events)
    states = positions.states(judgements, events, today=today)
    directions = analytics.direction_points(record.directions)
    fig = charts.trajectory(
        steps,
        directions,
        events,
        title=f"{row['name']} — {row['nation']}",
        today=today,
        nation=row["nation"],
        predecessors=record.predecessors,
        bands=analytics.status_bands(states, record.statuses, today=today),
        themes_by_event=analytics.event_themes(record.theme_counts),
        states=states,
    )
    visits = analytics.distinct_events(events) if not events.empty else events
    # Where it stands, and its episodes, from the whole record: a later start never hides an older grade in force.
    whole_events = events if record.whole_events is None else record.whole_events
    whole_states = (
        states
        if record.whole_judgements is None
        else positions.states(record.whole_judgements, whole_events, today=today)
    )
    now = positions.as_at(whole_states, min(today, date_to or today))
    position = now.iloc[0].to_dict() if not now.empty else None
    episodes = analytics.inadequate_episodes(whole_states, whole_events, today=today)
    short = row["short_name"]
    return AuthorityPage(
        sentence=story.authority_sentence(row["name"], steps, episodes, visits, today, position=position),
        where_now=where_now(position),
        judgements=judgements,
        sub=judgements[judgements["dimension"] != "overall"],
        steps=steps,
        states=states,
        position=position,
        directions=directions,
        events=events,
        figure=fig,
        visit_rows={int(r["event_id"]): r for r in visits.to_dict("records")},
        visit_labels=event_labels(visits) if not visits.empty else {},
        first=analytics.default_event(visits) if not visits.empty else None,
        stem=short.replace(" ", "-").lower() if isinstance(short, str) else row["code"],
    )


def where_now(position: dict[str, Any] | None) -> str | None:
    """Where an authority stands now and the visit that set it, in one line (None: nowhere yet)."""
    if position is None:
        return None
    where = f"Where it stands now: {position['position']}"
    if position["inadequate"]:
        where += f" — judged inadequate since {position['inadequate_since']:%B %Y}" + (
            f" ({', '.join(position['inadequate_areas'])})" if position["inadequate_areas"] else ""
        )
    day = position["position_date"]
    what = "inspection or review" if position["inspectorate"] == "ciw" else "inspection"
    return (
        where
        + f". Set by the {what} of {day.day} {day:%B %Y}"
        + (" (date approximate: publication)" if position["approximate_date"] else "")
        + "."
    )


def event_labels(events: pd.DataFrame) -> dict[int, str]:
    """A unique, readable label for each event, in date order: '26 April 2021 — CIW monitoring visit'."""
    labels_by_id: dict[int, str] = {}
    seen: dict[str, int] = {}
    for row in events.to_dict("records"):
        planned = "Planned: " if row["planned"] else ""
        label = f"{planned}{labels.day(row['start_date'])} — {labels.event_type(row['event_type'])}"
        seen[label] = seen.get(label, 0) + 1
        if seen[label] > 1:
            label = f"{label} ({seen[label]})"
        labels_by_id[int(row["event_id"])] = label
    return labels_by_id


def dimensions_figure(judgements: pd.DataFrame, today: dt.date, events: pd.DataFrame | None = None):
    """Each area's grades as steps, each held until the next full inspection (`events` adds those with no grade)."""
    multiples = {
        dim: analytics.level_steps(judgements, dimension=dim, today=today, events=events)
        for dim in charts.DIMENSION_LABELS
    }
    return charts.dimension_multiples(multiples, today=today)


# ---------------------------------------------------------------------------------------- A visit


class VisitFindings(NamedTuple):
    found: pd.DataFrame  # the visit's findings, in document order
    by_theme: pd.DataFrame  # the same, one row per theme (`analytics.findings_by_theme`)
    counts: pd.Series  # findings per theme, most first


def visit_findings(found: pd.DataFrame) -> VisitFindings:
    by_theme = analytics.findings_by_theme(found)
    return VisitFindings(found, by_theme, by_theme.groupby("theme").size().sort_values(ascending=False))


def ordered_findings(visit: VisitFindings, theme: str | None) -> list[dict[str, Any]]:
    """The visit's findings about `theme` (all of them for None): the actions required first, then
    concerns, strengths and the rest, each in document order."""
    shown = visit.found if theme is None else visit.by_theme[visit.by_theme["theme"] == theme]
    shown = shown.assign(_order=shown["polarity"].map(POLARITY_ORDER.index)).sort_values(["_order", "seq"])
    return shown.to_dict("records")


def top_themes(by_theme: pd.DataFrame, top: int = 3) -> tuple[list[tuple[str, int]], list[tuple[str, int]]]:
    """A visit's most frequent themes among its concerns (actions required included) and among
    its strengths: ([(theme name, findings)], [...])."""
    if by_theme.empty:
        return [], []

    def ranked(df: pd.DataFrame) -> list[tuple[str, int]]:
        counts = df.groupby("theme").size().sort_values(ascending=False).head(top)
        return [(labels.theme(t) or "Not tagged", int(n)) for t, n in counts.items()]

    concern = by_theme[by_theme["polarity"].isin(analytics.CONCERN_POLARITIES)]
    return ranked(concern), ranked(by_theme[by_theme["polarity"] == "strength"])

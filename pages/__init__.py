"""The pages' shared UI code (this file is not a page): the cached engine and queries, and the
filters kept in the URL. Each page starts with `filters = sidebar_filters()`.

- `engine()` prepares the database once per process (on a fresh machine it loads the bundled
  data); query results (and the heavier analyses built on them) are cached for `TTL` seconds,
  keyed by the frozen `Filters` value and by `data_version()`: a stamp of the newest load run,
  checked at most every `VERSION_EVERY` seconds, so a load, upload or undo made through any
  process (or the command line) is seen by every process at its next page run. `shared` results
  (one authority's page: its frames and figure; the whole-selection tables below) are the same
  objects for every reader, never copied or pickled; pages only read them.
- The whole-selection loaders (`load_summary`, `load_episodes`, `load_transitions`) keep what
  `trajectories.selection` gives: the store's summaries where they serve exactly, the rows for
  the other authorities (`rows_left`, read once for the three), side by side. They are `shared`
  too (pickling 20,000 rows of summary, lists of levels included, cost 0.2 s at 100×, paid by
  every reader); the pages only read them.
- `sidebar_filters()` draws the shared filters (authorities, nations, regions, inspectorates,
  period) and writes every one of them into the URL query string explicitly, defaults included,
  so a copied link reopens the same view. The widgets' state lives in `st.session_state` under
  the keys in `KEYS`, so it also survives moving between pages. Its list of authorities
  (`authority_options`) is `shared` per nations and regions.
- What a page reruns on every change is only drawing: the Overview's parts (`overview`), the
  authority page's choice (`picker`), its authority (`trajectory_view`) and each visit's
  findings by theme (`visit_findings_html`) are `shared`, worked out once per filters,
  authority, visit and theme.
- Everything a page shows is worded by `trajectories.labels` (headers, kinds of visit, grades,
  durations, documents): the table helpers here (`steps_table`, `findings_table`, ...) give
  frames whose headers and values are words. `table_download`/`table_xlsx` offer a table as
  shown, stating what it is, the filters, the "as at" date, sources and licence.
- `navigation()` lists the pages under their names in the sidebar (the automatic list, which
  names the Overview by its file, is off in .streamlit/config.toml); `enter_applies_dates()`
  makes Enter in a date field apply the date.
- The process's garbage collector makes its youngest pass every `GC_FIRST_GENERATION` new
  objects instead of every 700 (set once, when this module is first imported).
- `server_limits()` (run by `sidebar_filters`, so by every page) keeps Streamlit's own upload
  endpoint to the product's limits: `server.maxUploadSize` is the largest file an upload may be
  (`admin.MAX_FILE_BYTES`) while an admin secret is set, and 0 (every file refused) while the
  product is read-only; `admin_secret()` is the configured secret or None.
- Words from documents are shown as written, never as markdown or HTML that could run: with
  `show_text()` (plain text), inside markdown only through `literal()` (every markdown
  character escaped), as `note()` does, or inside HTML only escaped, as `findings_html()` does.
"""

from __future__ import annotations

import datetime as dt
import functools
import gc
import html
import inspect
import re
import time

import pandas as pd
import streamlit as st

from trajectories import admin, analytics, charts, ingest, labels, positions, selection, story
from trajectories.db import queries
from trajectories.db.engine import database_url, make_engine
from trajectories.domain import EARLIEST, INSPECTORATE_NAMES, Filters, Inspectorate

TTL = 3600  # a bound on memory; fresh data is noticed through data_version()
MAX_ENTRIES = 64  # per cached function
EPISODE_THEMES_LIMIT = 500  # inadequate episodes the Themes page compares theme by theme
VERSION_EVERY = 1.0  # seconds
# URL parameter -> session_state key of its widget.
KEYS = {
    "authority": "f_authority",
    "nation": "f_nation",
    "region": "f_region",
    "inspectorate": "f_inspectorate",
    "from": "f_from",
    "to": "f_to",
}
SAVED = "_filters_saved"
NATIONS = ["England", "Wales", "Scotland"]
INSPECTORATES = [
    i.value
    for i in (Inspectorate.OFSTED, Inspectorate.CIW, Inspectorate.CI_SCOT, Inspectorate.WELSH_GOV, Inspectorate.DFE)
]
PAGE_LINKS = [
    ("dashboard.py", "Overview"),
    ("pages/1_Authority_trajectory.py", "Authority trajectory"),
    ("pages/2_Themes.py", "Themes"),
    ("pages/3_Compare.py", "Compare"),
    ("pages/4_Inadequate_episodes.py", "Inadequate episodes"),
    ("pages/5_Findings_search.py", "Findings search"),
    ("pages/6_About_the_data.py", "About the data"),
    ("pages/7_Upload.py", "Upload"),
]
GC_FIRST_GENERATION = 50_000  # objects allocated between the garbage collector's youngest passes

# A page's first run after a load turns a hundred thousand rows into tuples, frames and lists: at
# Python's default (a pass every 700 new objects, and each tenth of those over every object the
# process keeps) the collector took 15-20 % of it at 100x. The server runs only this app.
if gc.get_threshold()[0] < GC_FIRST_GENERATION:
    gc.set_threshold(GC_FIRST_GENERATION, *gc.get_threshold()[1:])


@st.cache_resource(show_spinner="Preparing the database (the first run loads the bundled documents)…")
def engine():
    eng = make_engine(database_url())
    ingest.ensure_loaded(eng)
    return eng


_versions: dict[str, tuple[float, tuple]] = {}


def data_version() -> tuple:
    """The data's stamp (`queries.data_version`), read at most every VERSION_EVERY seconds."""
    url, now = database_url(), time.monotonic()
    checked = _versions.get(url)
    if checked is None or now - checked[0] > VERSION_EVERY:
        with engine().connect() as conn:
            checked = _versions[url] = (now, queries.data_version(conn))
    return checked[1]


def cached(func, store=st.cache_data):
    """`st.cache_data` whose key also holds the data version: results computed before a load are
    never served after it, in any process."""

    def run(version, *args, **kwargs):
        return func(*args, **kwargs)

    run.__qualname__ = f"{func.__qualname__}.cached"  # one cache per function (the key is the name)
    run = store(ttl=TTL, max_entries=MAX_ENTRIES, show_spinner=False)(run)

    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        return run(data_version(), *args, **kwargs)

    wrapper.clear = run.clear
    return wrapper


def shared(func):
    """`cached`, but every reader gets the same object instead of a copy (`st.cache_resource`):
    no pickling on the way in or out, which for a plotly figure means no re-validating it. For
    the results of one authority's page, which the page only reads and never changes."""
    return cached(func, store=st.cache_resource)


@cached
def load_authorities() -> pd.DataFrame:
    with engine().connect() as conn:
        return queries.authorities(conn)


@cached
def load(kind: str, filters: Filters, columns: tuple[str, ...] | None = None) -> pd.DataFrame:
    """One of the query functions by name ("events", "judgements", "directions", "statuses"),
    optionally only some of its columns (what an analysis reads: `analytics.VISIT_READS`, ...)."""
    with engine().connect() as conn:
        return getattr(queries, kind)(conn, filters, **({"columns": columns} if columns else {}))


@cached
def load_findings(
    filters: Filters, event_ids: tuple[int, ...] | None = None, text: str | None = None, limit: int | None = None
) -> pd.DataFrame:
    with engine().connect() as conn:
        return queries.findings(
            conn, filters, event_ids=list(event_ids) if event_ids is not None else None, text=text, limit=limit
        )


@cached
def load_steps(filters: Filters, today: dt.date) -> pd.DataFrame:
    """The overall grades' steps, each ended by the next full inspection (`positions.steps`)."""
    with engine().connect() as conn:
        judgements = queries.judgements(
            conn, filters, dimension=analytics.POSITION_DIMENSIONS, columns=analytics.STEP_READS
        )
        events = queries.events(conn, filters, columns=analytics.VISIT_READS)
    return analytics.level_steps(judgements, today=today, events=events)


@cached
def coverage(filters: Filters, today: dt.date) -> queries.Coverage:
    """Which authorities the store's summaries serve exactly for these filters (`queries.coverage`)."""
    with engine().connect() as conn:
        return queries.coverage(conn, filters, today)


@shared
def rows_left(filters: Filters, today: dt.date) -> selection.Rows:
    """`selection.rows_left`, shared by the summary, the episodes and the transitions. Keyed by
    the filters, not by the authorities' codes (thousands at 100×: hashing them for each cache
    look-up cost 0.1 s); never pickled (the analyses only read them)."""
    with engine().connect() as conn:
        return selection.rows_left(conn, filters, coverage(filters, today), today)


@shared
def load_positions(filters: Filters, today: dt.date) -> pd.DataFrame:
    """`selection.positions`, shared by the summary (Overview) and the transitions (Inadequate
    episodes): worked out once per filters, never pickled (20,000 rows of levels cost as much to
    pickle as to query); both only read it."""
    with engine().connect() as conn:
        return selection.positions(conn, filters, coverage(filters, today), lambda: rows_left(filters, today))


@shared
def load_summary(filters: Filters, today: dt.date) -> pd.DataFrame:
    """The overview table for the authorities the filters select: their positions
    (`load_positions`) and their planned visits."""
    authorities = select_authorities(load_authorities(), filters)
    with engine().connect() as conn:
        planned = queries.events(conn, filters, columns=analytics.VISIT_READS, planned=True)
    return analytics.authority_summary(
        authorities, None, planned, None, today=today, positions=load_positions(filters, today)
    )


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
MOVEMENTS_SHOWN = 12  # the newest; the rest are one click away in the table below


def _overview_table(summary: pd.DataFrame) -> pd.DataFrame:
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


@shared
def overview(filters: Filters, today: dt.date) -> dict:
    """What the Overview draws for a selection that is not empty (`load_summary`): the sentence of
    what moved (`story.selection_sentence`) and the recent movements, its figures (how many
    authorities, how many with a graded judgement in force, judged inadequate now, the median
    time at the current grade), the counts of authorities by level and by nation, or by region
    when the selection is one nation's, as a figure and as a table, the authorities judged
    inadequate now (longest first) and every authority's row, most severe first. Shared per
    filters (20,000 rows at 100×), so a rerun only draws."""
    # Where each authority stands, the grade before a movement and an episode that began before the
    # period are read from the whole record: a later start narrows what moved, never who is where.
    everything = (
        filters if filters.date_from in (None, EARLIEST) else Filters(**{**filters.__dict__, "date_from": EARLIEST})
    )
    whole = load_summary(everything, today)
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
    table = _overview_table(summary)
    inadequate_rows = inadequate.sort_values("inadequate_since")
    return dict(
        sentence=story.selection_sentence(
            summary, load_episodes(everything, today), filters.date_from, filters.date_to
        ),
        movements=movements.head(MOVEMENTS_SHOWN).to_dict("records"),
        movements_total=len(movements),
        authorities=len(summary),
        graded=len(graded),
        inadequate_now=len(inadequate),
        median_months=labels.months(graded["months_at_level"].median()) if not graded.empty else "—",
        figure=charts.level_counts(counts, by=by),
        counts=counts.pivot_table(index=by, columns="level_words", values="authorities", fill_value=0)
        .astype(int)
        .rename_axis(index=labels.header(by), columns="Grade in force"),
        inadequate=_overview_table(inadequate_rows)[INADEQUATE_COLUMNS],
        inadequate_names=sorted(inadequate["name"]),
        table=table,
    )


@cached
def load_theme_counts(filters: Filters) -> pd.DataFrame:
    with engine().connect() as conn:
        return queries.theme_counts(conn, filters)


@cached
def load_theme_year_counts(filters: Filters, today: dt.date) -> pd.DataFrame:
    """Findings per theme, polarity and year, aggregated in SQL (for `analytics.themes_over_time`):
    from the counts kept per region when `coverage` is whole and no authorities are named."""
    use = not filters.authorities and coverage(filters, today).whole
    with engine().connect() as conn:
        return queries.theme_year_counts(conn, filters, summarised=use)


@shared
def load_episodes(filters: Filters, today: dt.date) -> pd.DataFrame:
    """The inadequate episodes (`selection.episodes`)."""
    with engine().connect() as conn:
        return selection.episodes(conn, filters, coverage(filters, today), today, lambda: rows_left(filters, today))


@cached
def load_episode_themes(filters: Filters, today: dt.date) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(recurring_while_inadequate, change_before_exit) for the selection, computed on the theme
    counts of the visits inside an episode only (no other row can count; their order is kept).
    Each episode scans those counts: the Themes page asks for at most EPISODE_THEMES_LIMIT."""
    episodes = load_episodes(filters, today)
    codes = tuple(sorted(set(episodes["authority_code"])))
    counts = load_theme_counts(Filters(**{**filters.__dict__, "authorities": codes})) if codes else pd.DataFrame()
    counts = analytics.inside_episodes(counts, episodes)
    return analytics.recurring_while_inadequate(counts, episodes), analytics.change_before_exit(counts, episodes)


@shared
def load_transitions(filters: Filters, today: dt.date) -> pd.DataFrame:
    """Moves between graded judgements, from each authority's levels (`load_positions`)."""
    positions, named = load_positions(filters, today), names()
    return analytics.transitions_of(
        zip([named.get(c) for c in positions["authority_code"].tolist()], positions["levels"].tolist(), strict=True)
    )


@cached
def load_disagreements() -> pd.DataFrame:
    with engine().connect() as conn:
        return queries.disagreements(conn)


def for_authorities(kind: str, codes: tuple[str, ...], filters: Filters) -> pd.DataFrame:
    """One query's rows for some authorities in the period, from an indexed query of just those
    authorities (cached per authority, so returning to one costs no new query)."""
    chosen = Filters(
        authorities=tuple(codes),
        inspectorates=filters.inspectorates,
        date_from=filters.date_from,
        date_to=filters.date_to,
    )
    return load_theme_counts(chosen) if kind == "theme_counts" else load(kind, chosen)


@shared
def picker(filters: Filters) -> tuple[list[str], list[str], dict[str, str]]:
    """The authority page's choice: every authority with a loaded visit, by name (the sidebar's
    filters never limit it); the codes of those the filters select (those named in
    `filters.authorities`, else those of its nations and regions), the first of which is shown
    when nothing else is asked for; and a label ("Name (Nation)") for each. Shared per filters:
    a redraw recomputes neither."""
    authorities = load_authorities()
    visited = authorities[authorities["events"] > 0]
    pool = select_authorities(visited, filters)
    labels = {
        c: f"{n} ({nation})"
        for c, n, nation in zip(
            visited["code"].tolist(), visited["name"].tolist(), visited["nation"].tolist(), strict=True
        )
    }
    every = sorted(labels, key=lambda c: labels[c].casefold())
    return every, pool["code"].tolist(), labels


@shared
def trajectory_view(code: str, filters: Filters, today: dt.date) -> dict:
    """What the authority page draws for one authority in the filters' period: its judgements
    (and the sub-judgements apart), level steps, direction points, events, the trajectory
    figure, its visits' labels, each visit's row by id and the one shown first, and a
    file-name stem for its downloads. Shared per authority and period, so returning to an
    authority (or a second reader opening it) costs no work, and a redraw only draws."""
    row = load_authorities().set_index("code").loc[code]
    judgements = for_authorities("judgements", (code,), filters)
    events = for_authorities("events", (code,), filters)
    steps = analytics.level_steps(judgements, today=today, events=events)
    states = positions.states(judgements, events, today=today)
    directions = analytics.direction_points(for_authorities("directions", (code,), filters))
    bands = analytics.status_bands(states, for_authorities("statuses", (code,), filters), today=today)
    chips = analytics.event_themes(for_authorities("theme_counts", (code,), filters))
    fig = charts.trajectory(
        steps,
        directions,
        events,
        title=f"{row['name']} — {row['nation']}",
        today=today,
        nation=row["nation"],
        predecessors=predecessor_steps(code, filters, today),
        bands=bands,
        themes_by_event=chips,
        states=states,
    )
    visits = analytics.distinct_events(events) if not events.empty else events
    short = row["short_name"]
    # Where it stands, and its episodes, from the whole record: a later start never hides an older grade in force.
    whole = filters if filters.date_from in (None, EARLIEST) else Filters(**{**filters.__dict__, "date_from": EARLIEST})
    whole_events = events if whole is filters else for_authorities("events", (code,), whole)
    whole_states = (
        states
        if whole is filters
        else positions.states(for_authorities("judgements", (code,), whole), whole_events, today=today)
    )
    now = positions.as_at(whole_states, min(today, filters.date_to or today))
    position = now.iloc[0].to_dict() if not now.empty else None
    episodes = analytics.inadequate_episodes(whole_states, whole_events, today=today)
    sentence = story.authority_sentence(row["name"], steps, episodes, visits, today, position=position)
    return dict(
        sentence=sentence,
        judgements=judgements,
        sub=judgements[judgements["dimension"] != "overall"],
        steps=steps,
        states=states,
        position=position,
        directions=directions,
        events=events,
        figure=fig,
        visit_rows={int(r["event_id"]): r for r in visits.to_dict("records")},
        labels=event_labels(visits) if not visits.empty else {},
        first=analytics.default_event(visits) if not visits.empty else None,
        stem=short.replace(" ", "-").lower() if isinstance(short, str) else code,
    )


@shared
def visit_findings(filters: Filters, event_id: int) -> tuple[pd.DataFrame, pd.DataFrame, pd.Series]:
    """One visit's findings, the same with one row per theme (`analytics.findings_by_theme`), and
    how many findings each theme has, most first."""
    found = load_findings(filters, event_ids=(event_id,))
    by_theme = analytics.findings_by_theme(found)
    return found, by_theme, by_theme.groupby("theme").size().sort_values(ascending=False)


POLARITY_ORDER = ["action_required", "concern", "strength", "neutral"]


@shared
def visit_findings_html(filters: Filters, event_id: int, theme: str | None, source: str | None) -> str:
    """One visit's findings about `theme` (all of them for None) as `findings_html`: the actions
    required first, then concerns, strengths and the rest, each in document order. Shared per
    visit and theme, so choosing a visit or a theme again only draws."""
    found, by_theme, _ = visit_findings(filters, event_id)
    shown = found if theme is None else by_theme[by_theme["theme"] == theme]
    shown = shown.assign(_order=shown["polarity"].map(POLARITY_ORDER.index)).sort_values(["_order", "seq"])
    return findings_html(shown.to_dict("records"), source=source)


CHART_CONFIG = {
    "displaylogo": False,
    "toImageButtonOptions": {"format": "png", "scale": 2, "filename": "trajectory-chart"},
}


def chart(fig, key: str, filename: str | None = None, selectable: bool = False) -> list[dict]:
    """A plotly figure with its camera button saving a PNG named after the chart. `selectable`:
    a click on a point selects it; the points newly selected since the last run are returned
    (each with its `customdata`), once."""
    config = {
        **CHART_CONFIG,
        "toImageButtonOptions": {**CHART_CONFIG["toImageButtonOptions"], "filename": filename or key},
    }
    if not selectable:
        st.plotly_chart(fig, key=key, config=config)
        return []
    event = st.plotly_chart(fig, key=key, config=config, on_select="rerun", selection_mode="points")
    points = list(event.selection.points) if event and event.selection else []
    seen = f"_{key}_seen"
    fresh = [p for p in points if repr(p) != st.session_state.get(seen)]
    st.session_state[seen] = repr(points[0]) if points else None
    return fresh


def _open_authority(code: str) -> None:
    st.session_state["open_authority"] = code


def movements(records: list[dict], key: str) -> None:
    """Recent movements (`story.recent_movements` records) as a list whose names are buttons (a
    keyboard reaches and presses them) opening that authority's page, each with its grade before
    and after and the day of the inspection."""
    for i, rec in enumerate(records):
        left, right = st.columns([2, 5], vertical_alignment="center")
        if left.button(
            literal(rec["name"]) + " ›",
            key=f"{key}_{i}",
            type="tertiary",
            on_click=_open_authority,
            args=(rec["code"],),
            help=f"Open {rec['name']}'s trajectory",
        ):
            st.switch_page("pages/1_Authority_trajectory.py")
        right.markdown(literal(story.movement_line(rec)))


def downloads(filters: Filters, name: str, authority: str | None = None) -> None:
    """Download buttons for the view: CSV and XLSX tables, and a PDF briefing (one authority) or a
    portfolio (a group). Each file is built only when its button is clicked."""
    from trajectories import exports

    def build(func, *args, **kwargs):
        def make() -> bytes:
            with engine().connect() as conn:
                return func(conn, *args, **kwargs)

        return make

    cols = st.columns(4 if authority else 3)
    cols[0].download_button(
        "Events (CSV)",
        data=build(exports.download_csv, filters, "events"),
        file_name=f"{name}-events.csv",
        mime="text/csv",
        on_click="ignore",
        key="download_events",
    )
    cols[1].download_button(
        "Tables (XLSX)",
        data=build(exports.export_xlsx, filters),
        file_name=f"{name}.xlsx",
        mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        on_click="ignore",
        key="download_tables",
    )
    if authority:
        cols[2].download_button(
            "Briefing (PDF)",
            data=build(exports.briefing_pdf, authority, filters.date_from, filters.date_to),
            file_name=f"{name}-briefing.pdf",
            mime="application/pdf",
            on_click="ignore",
            key="download_briefing",
        )
    else:
        cols[2].download_button(
            "Portfolio briefing (PDF)",
            data=build(exports.portfolio_pdf, filters),
            file_name=f"{name}-portfolio.pdf",
            mime="application/pdf",
            on_click="ignore",
            key="download_briefing",
        )


def table_download(
    table: pd.DataFrame, filters: Filters, name: str, label: str, key: str, what: str | None = None
) -> None:
    """A CSV download of a table as shown (headers and values in words), stating before its rows
    what it is, the filters, the "as at" date, the sources and the licence (`exports.about_lines`).
    Built only when clicked."""
    from trajectories import exports

    def make() -> bytes:
        with engine().connect() as conn:
            return exports.frame_csv(exports.about_lines(conn, filters, what or label), table)

    st.download_button(label, data=make, file_name=f"{name}.csv", mime="text/csv", on_click="ignore", key=key)


def table_xlsx(table: pd.DataFrame, filters: Filters, name: str, label: str, key: str, what: str | None = None) -> None:
    """An XLSX download of a table as shown, with an "About" sheet (`exports.frame_xlsx`)."""
    from trajectories import exports

    def make() -> bytes:
        with engine().connect() as conn:
            return exports.frame_xlsx(exports.about_lines(conn, filters, what or label), table)

    st.download_button(
        label,
        data=make,
        file_name=f"{name}.xlsx",
        on_click="ignore",
        key=key,
        mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )


ROLE_WORDS = {"chosen": "chosen authority", "neighbour": "statistical neighbour", "region": "same region"}


def compare_table(aligned: pd.DataFrame, align: str, roles: dict[str, str]) -> pd.DataFrame:
    """The Compare chart as a table, in words."""
    if aligned.empty:
        return pd.DataFrame(columns=["Authority", "Date", "Grade", "Words, as written", "How exact"])
    df = aligned.assign(
        date=aligned["date"].map(labels.day),
        level=aligned["level"].map(labels.level),
        role=[ROLE_WORDS.get(roles.get(c, ""), "") for c in aligned["authority_code"]],
        source_path=documents_of(aligned["source_path"].tolist()),
    )
    columns = [
        "authority_name",
        *(["role"] if roles else []),
        "date",
        *(["x"] if align != "calendar" else []),
        "level",
        "raw_phrase",
        "mapping_quality",
        "source_path",
    ]
    out = labels.plain(df, columns, keep=("level",)).rename(columns={"Level (1–4)": "Grade", "Role": "Compared as"})
    if "Months since first judged inadequate" in out:
        out["Months since first judged inadequate"] = out["Months since first judged inadequate"].round(0).astype(int)
    return out


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


def today() -> dt.date:
    return dt.date.today()


def _split(value: str | None) -> list[str]:
    return [v for v in (value or "").split(",") if v]


def _date(value: str | None, default: dt.date) -> dt.date:
    try:
        return dt.date.fromisoformat(value) if value else default
    except ValueError:
        return default


def _values_from_url(authorities: pd.DataFrame) -> dict:
    """The filters the URL asks for (unknown values are dropped)."""
    qp = st.query_params
    asked_codes, asked_regions = _split(qp.get("authority")), _split(qp.get("region"))
    # The known values only when the URL names some (20,000 codes at 100×), as plain lists.
    codes = set(authorities["code"].tolist()) if asked_codes else set()
    regions = set(authorities["region"].tolist()) if asked_regions else set()
    return {
        KEYS["authority"]: [c for c in asked_codes if c in codes],
        KEYS["nation"]: [n for n in _split(qp.get("nation")) if n in NATIONS],
        KEYS["region"]: [r for r in asked_regions if r in regions],
        KEYS["inspectorate"]: [i for i in _split(qp.get("inspectorate")) if i in INSPECTORATES],
        KEYS["from"]: _date(qp.get("from"), EARLIEST),
        KEYS["to"]: _date(qp.get("to"), today()),
    }


def _restore(authorities: pd.DataFrame, page: str) -> None:
    """Give each filter widget its value before it is drawn. On a session's first run the URL
    decides; when the reader has just moved to another page, the values saved on the last page
    (Streamlit forgets a widget's state between pages); otherwise the widgets keep their own."""
    saved = st.session_state.get(SAVED)
    if saved is None:
        for key, value in _values_from_url(authorities).items():
            st.session_state[key] = value
    elif st.session_state.get("_filters_page") != page:
        for key, value in saved.items():
            st.session_state[key] = value
    st.session_state["_filters_page"] = page


def current_filters() -> Filters:
    ss = st.session_state
    return Filters(
        authorities=tuple(ss.get(KEYS["authority"], [])),
        nations=tuple(ss.get(KEYS["nation"], [])),
        regions=tuple(ss.get(KEYS["region"], [])),
        inspectorates=tuple(ss.get(KEYS["inspectorate"], [])),
        date_from=ss.get(KEYS["from"], EARLIEST),
        date_to=ss.get(KEYS["to"], today()),
    )


def write_url(filters: Filters, **extra: str) -> None:
    """Every filter into the query string, defaults included, plus page-specific values. Sent only
    when the URL would change: each change re-renders the whole app in the browser."""
    wanted = {
        "authority": ",".join(filters.authorities),
        "nation": ",".join(filters.nations),
        "region": ",".join(filters.regions),
        "inspectorate": ",".join(filters.inspectorates),
        "from": (filters.date_from or EARLIEST).isoformat(),
        "to": (filters.date_to or today()).isoformat(),
        **extra,
    }
    if any(st.query_params.get_all(k) != [v] for k, v in wanted.items()):
        st.query_params.update(wanted)


def admin_secret() -> str | None:
    try:
        return admin.configured_secret(st.secrets)
    except Exception:  # no secrets file at all
        return admin.configured_secret()


def server_limits() -> None:
    """Streamlit's upload endpoint takes files only while the product takes uploads (see above)."""
    from streamlit import config

    limit = admin.MAX_FILE_BYTES // (1024 * 1024) if admin_secret() else 0
    if config.get_option("server.maxUploadSize") != limit:
        config.set_option("server.maxUploadSize", limit)


# Enter in a date field applies the date typed (the field itself commits only when focus leaves
# it): a script in a zero-height frame of the same origin moves the focus on, out of it, on Enter, once per
# browser tab (it marks the page so a rerun adds no second listener).
ENTER_APPLIES_DATES = """<script>
const doc = window.parent.document;
if (!doc.body.dataset.enterAppliesDates) {
  doc.body.dataset.enterAppliesDates = "1";
  doc.addEventListener("keydown", (e) => {
    const field = e.key === "Enter" && e.target.closest && e.target.closest('[data-testid="stDateInput"]');
    if (!field) return;
    // The field commits when focus moves to another element: the next one that takes focus.
    const all = [...doc.querySelectorAll('button, input, [tabindex]:not([tabindex="-1"]), a[href], [role="spinbutton"]')];
    const next = all.find((el) => !field.contains(el) && (field.compareDocumentPosition(el) & 4));
    if (next) { next.focus(); } else { e.target.blur(); }
  }, true);
}
</script>"""


def enter_applies_dates() -> None:
    with st.sidebar:
        st.iframe(ENTER_APPLIES_DATES, height=1)


def navigation() -> None:
    """The list of pages at the top of the sidebar, each under its name (`PAGE_LINKS`)."""
    from streamlit.errors import StreamlitPageNotFoundError

    with st.sidebar:
        try:
            for path, label in PAGE_LINKS:
                st.page_link(path, label=label)
        except StreamlitPageNotFoundError:  # a page run on its own (tests), not from dashboard.py: no list
            pass


def sidebar_filters() -> Filters:
    """Set up the page, draw the shared filters in the sidebar and return them; the URL always
    matches them."""
    st.set_page_config(page_title="Improvement trajectories", page_icon="📈", layout="wide")
    server_limits()
    authorities = load_authorities()
    _restore(authorities, inspect.currentframe().f_back.f_code.co_filename)  # the calling page
    named = names()
    navigation()
    with st.sidebar:
        st.header("Filters")
        st.multiselect("Nation", NATIONS, key=KEYS["nation"])
        nations = st.session_state[KEYS["nation"]]
        region_pool = authorities[authorities["nation"].isin(nations)] if nations else authorities
        st.multiselect("Region", sorted(region_pool["region"].dropna().unique()), key=KEYS["region"])
        options = authority_options(Filters(nations=tuple(nations), regions=tuple(st.session_state[KEYS["region"]])))
        chosen = st.session_state[KEYS["authority"]]
        if chosen and not set(chosen) <= set(options):  # chosen outside these nations or regions: listed too
            options = sorted({*options, *chosen}, key=named.__getitem__)
        st.multiselect(
            "Authorities", options, format_func=named.__getitem__, key=KEYS["authority"], placeholder="All authorities"
        )
        st.multiselect(
            "Inspectorate",
            INSPECTORATES,
            key=KEYS["inspectorate"],
            format_func=lambda i: INSPECTORATE_NAMES[Inspectorate(i)][0],
        )
        st.date_input(
            "From", key=KEYS["from"], min_value=dt.date(1990, 1, 1), max_value=dt.date(2100, 1, 1), format="YYYY-MM-DD"
        )
        st.date_input(
            "To", key=KEYS["to"], min_value=dt.date(1990, 1, 1), max_value=dt.date(2100, 1, 1), format="YYYY-MM-DD"
        )
    enter_applies_dates()
    st.session_state[SAVED] = {key: st.session_state[key] for key in KEYS.values()}
    filters = current_filters()
    write_url(filters, **({"q": st.query_params["q"]} if "q" in st.query_params else {}))
    return filters


class Names(dict):
    """{code: name}; a code it does not know stands for itself."""

    def __missing__(self, code: str) -> str:
        return code


@shared
def names() -> Names:
    """{code: name} of every authority (read only)."""
    authorities = load_authorities()
    return Names(zip(authorities["code"].tolist(), authorities["name"].tolist(), strict=True))


@shared
def authority_options(filters: Filters) -> list[str]:
    """The sidebar's authorities to choose from for the filters' nations and regions
    (`select_authorities`), by name. Shared per nations and regions: sorting 20,000 names cost
    20 ms of every page's run at 100×."""
    named = names()
    return sorted(select_authorities(load_authorities(), filters)["code"].tolist(), key=named.__getitem__)


def describe(filters: Filters) -> str:
    """The filters in words, for markdown: every markdown character escaped (`literal`)."""
    return literal(filters.describe(names()))


def show_text(text: object) -> None:
    """Words from a document, shown as plain text (never interpreted as markdown or HTML)."""
    st.text(str(text))


_MARKDOWN = str.maketrans({c: "\\" + c for c in "\\`*_{}[]()#+-.!|<>~$:"})


def note(text: object) -> None:
    """A small grey note whose words are shown literally (markdown characters escaped)."""
    st.caption(literal(text))


_WORD_JOINER = "\u2060"  # invisible; a web address or e-mail address broken by it is not made a link
_AUTOLINKS = re.compile(r"(?i)(://|www\.|@)")


def literal(text: object) -> str:
    """Words for markdown that show exactly as written (every markdown character escaped;
    Streamlit never renders HTML in markdown). Markdown also makes a link of any web or e-mail
    address in plain words, escaped or not: an invisible word joiner inside "://", "www." and
    before "@" stops that, and the words still read the same."""
    text = _AUTOLINKS.sub(
        lambda m: m.group(1)[0] + _WORD_JOINER + m.group(1)[1:] if m.group(1) != "@" else _WORD_JOINER + "@", str(text)
    )
    return text.translate(_MARKDOWN)


def findings_html(records: list[dict], source: str | None = None) -> str:
    """Findings as ONE list element (for `st.html`), however many there are (a visit can have
    hundreds; one element per finding made the page slow to redraw): each finding's polarity,
    its words in full (wrapped), its themes by name, and behind a "how this was read" disclosure
    the cues that tagged it and where in its document it stands (the document is named only when
    it is not `source`, the visit's own, already named above the list). Plain HTML built from
    escaped words (`html.escape`; what Streamlit shows as HTML is sanitised too), so the words
    show literally and the browser draws the list without a markdown parser."""
    items = []
    for rec in records:
        where = labels.how_read(rec.get("theme_cues"), rec.get("span_start"), rec.get("span_end"))
        if rec["source_path"] != source:
            where += "; from " + labels.document(
                rec.get("source_kind"),
                rec.get("inspectorate"),
                rec.get("title"),
                rec.get("published_date") or rec.get("start_date"),
            )
        themes = labels.themes(rec.get("themes"))
        items.append(
            f'<li style="margin-bottom:0.5em;white-space:normal"><strong>'
            f"{html.escape(labels.polarity(rec['polarity']))}</strong> {html.escape(str(rec['text']))}"
            + (f"<br><small>Themes: {html.escape(themes)}</small>" if themes else "")
            + f"<details><summary><small>How this was read</small></summary><small>{html.escape(where)}"
            f"</small></details></li>"
        )
    return f'<ul class="findings">{"".join(items)}</ul>'


def source_line(event: dict) -> None:
    """The visit's source named as the document it is, with a link to the original where one is
    known, and how many other documents say the same."""
    name = labels.document(
        event.get("source_kind"),
        event.get("inspectorate"),
        event.get("title"),
        event.get("published_date") or event.get("start_date"),
    )
    url = event.get("source_url")
    others = int(event["sources"]) - 1 if not labels.blank(event.get("sources")) else 0
    also = f" — also in {others} other document{'s' if others != 1 else ''}" if others > 0 else ""
    if isinstance(url, str) and url.startswith(("https://", "http://")):
        st.markdown(f"Source: [{literal(name)}]({url.replace(')', '%29')}){literal(also)}")
    else:
        show_text(f"Source: {name}{also}")


@shared
def visit_top_themes(
    filters: Filters, event_id: int, top: int = 3
) -> tuple[list[tuple[str, int]], list[tuple[str, int]]]:
    """A visit's most frequent themes among its concerns (actions required included) and among
    its strengths: ([(theme name, findings)], [...])."""
    _, by_theme, _ = visit_findings(filters, event_id)
    if by_theme.empty:
        return [], []
    concern = by_theme[by_theme["polarity"].isin(analytics.CONCERN_POLARITIES)]
    strength = by_theme[by_theme["polarity"] == "strength"]

    def ranked(df: pd.DataFrame) -> list[tuple[str, int]]:
        counts = df.groupby("theme").size().sort_values(ascending=False).head(top)
        return [(labels.theme(t) or "Not tagged", int(n)) for t, n in counts.items()]

    return ranked(concern), ranked(strength)


def visit_themes(filters: Filters, event_id: int, left, right) -> None:
    """The chosen visit's top themes as concerns (in `left`) and strengths (in `right`)."""
    concerns, strengths = visit_top_themes(filters, event_id)
    for where, title, rows in ((left, "Top concerns", concerns), (right, "Top strengths", strengths)):
        where.markdown(
            f"**{title}**\n"
            + ("\n".join(f"- {literal(name)} ({n})" for name, n in rows) if rows else "\nnone recorded at this visit")
        )


def steps_table(steps: pd.DataFrame) -> pd.DataFrame:
    return labels.plain(
        steps.assign(
            level_words=steps["level"].map(labels.level),
            date=steps["date"].map(labels.day),
            until=steps["until"].map(labels.day),
            source_path=_documents(steps),
        ),
        [
            "date",
            "until",
            "level_words",
            "raw_phrase",
            "mapping_quality",
            "framework",
            "sources",
            "disputed",
            "source_path",
        ],
    )


def directions_table(directions: pd.DataFrame) -> pd.DataFrame:
    return labels.plain(
        directions.assign(date=directions["date"].map(labels.day), source_path=_documents(directions)),
        ["date", "direction", "raw_phrase", "basis", "source_path"],
    )


def events_table(events: pd.DataFrame) -> pd.DataFrame:
    return labels.plain(
        events.assign(
            start_date=events["start_date"].map(labels.day),
            end_date=events["end_date"].map(labels.day),
            source_path=_documents(events),
        ),
        ["start_date", "end_date", "event_type", "planned", "title", "source_path"],
    )


def sub_judgements_table(sub: pd.DataFrame) -> pd.DataFrame:
    return labels.plain(
        sub.assign(
            end_date=sub["end_date"].map(labels.day), level=sub["level"].map(labels.level), source_path=_documents(sub)
        ),
        ["end_date", "dimension", "raw_phrase", "level", "mapping_quality", "subject_type", "source_path"],
        keep=("level",),
    )


def findings_table(found: pd.DataFrame) -> pd.DataFrame:
    return labels.plain(
        found.assign(
            how_read=[
                labels.how_read(c, a, b)
                for c, a, b in zip(found["theme_cues"], found["span_start"], found["span_end"], strict=True)
            ],
            source_path=_documents(found),
        ),
        ["polarity", "themes", "text", "section", "source_path", "how_read"],
    ).rename(columns={"How read": "How this was read"})


def _documents(df: pd.DataFrame) -> list[str]:
    """Each row's source named as its document (`labels.document`)."""
    if df.empty:
        return []
    get = lambda c: df[c].tolist() if c in df.columns else [None] * len(df)
    return [
        labels.document(k, i, t, d if not labels.blank(d) else s)
        for k, i, t, d, s in zip(
            get("source_kind"), get("inspectorate"), get("title"), get("published_date"), get("start_date"), strict=True
        )
    ]


@cached
def document_names(paths: tuple[str, ...]) -> dict[str, str]:
    """{path: the document it is (`labels.document`)} for the source paths asked for."""
    from sqlalchemy import select

    from trajectories.db.models import SourceDocument

    wanted = sorted({p for p in paths if isinstance(p, str) and p})
    out: dict[str, str] = {}
    with engine().connect() as conn:
        for i in range(0, len(wanted), 500):
            rows = conn.execute(
                select(
                    SourceDocument.path, SourceDocument.kind, SourceDocument.inspectorate_id, SourceDocument.title
                ).where(SourceDocument.path.in_(wanted[i : i + 500]))
            )
            for path, kind, inspectorate, title in rows:
                out[path] = labels.document(kind, inspectorate, title)
    return out


def documents_of(paths: list) -> list[str]:
    """Each source path as the document it is ('' for a blank)."""
    named = document_names(tuple(sorted({p for p in paths if isinstance(p, str)})))
    return [named.get(p, "Document") if isinstance(p, str) and p else "" for p in paths]


PERCENT_COLUMNS = ("share_of_visits", "first_visit_share", "last_visit_share", "change", "share")


def percent_table(df: pd.DataFrame) -> pd.DataFrame:
    """`labels.plain`, shares written as whole percentages ("+12%" for a change; never "-0%")."""

    def pct(value, signed: bool) -> str:
        if labels.blank(value):
            return ""
        whole = round(float(value) * 100)
        return f"{whole:+d}%" if signed and whole else f"{whole}%"

    shown = df.assign(
        **{c: [pct(v, c == "change") for v in df[c].tolist()] for c in PERCENT_COLUMNS if c in df.columns}
    )
    return labels.plain(shown)


def files_table(df: pd.DataFrame) -> pd.DataFrame:
    """Files and what happened to them, in words: the file's name (not where it was kept)."""
    out = pd.DataFrame({"File": [str(p).rsplit("/", 1)[-1] for p in df["path"].tolist()]}, index=df.index)
    if "severity" in df:
        out["Kind of problem"] = df["severity"].map({"error": "not read", "warning": "read, with a warning"}).fillna("")
    out["Reason"] = df["reason"].map(labels.cell)
    if "started_at" in df:
        out["When"] = df["started_at"].map(lambda v: "" if labels.blank(v) else f"{v:%d %B %Y %H:%M} UTC")
    return out


def disagreements_table(df: pd.DataFrame) -> pd.DataFrame:
    """Two readings of one judgement, in words, each with its document."""
    return pd.DataFrame(
        {
            "Authority": df["authority_name"],
            "Judgement about": df["dimension"].map(labels.dimension),
            "Date": df["date"].map(labels.day),
            "One reading": df["level_a"].map(labels.level),
            "Its words": df["raw_a"].map(labels.cell),
            "Its document": documents_of(df["source_a"].tolist()),
            "Other reading": df["level_b"].map(labels.level),
            "Their words": df["raw_b"].map(labels.cell),
            "Other document": documents_of(df["source_b"].tolist()),
        },
        index=df.index,
    )


def markdown_with_tables(text: str) -> None:
    """Markdown whose tables are drawn as tables that wrap their words to the page's width
    (`st.table`; a markdown table of long file names ran off the page), the rest as markdown."""
    block: list[str] = []
    prose: list[str] = []

    def flush_table() -> None:
        rows = [
            [cell.strip().strip("`") for cell in line.strip().strip("|").split("|")]
            for line in block
            if not set(line.replace("|", "").strip()) <= set("-: ")
        ]
        if rows:
            st.table(
                pd.DataFrame(rows[1:], columns=[c[:1].upper() + c[1:] for c in rows[0]]).set_index(
                    rows[0][0][:1].upper() + rows[0][0][1:]
                )
            )
        block.clear()

    for line in text.splitlines():
        if line.lstrip().startswith("|"):
            if prose:
                st.markdown("\n".join(prose))
                prose.clear()
            block.append(line)
        else:
            if block:
                flush_table()
            prose.append(line)
    if block:
        flush_table()
    if prose:
        st.markdown("\n".join(prose))


def dimensions_figure(judgements: pd.DataFrame, today: dt.date, events: pd.DataFrame | None = None):
    """Each area's grades as steps, each held until the next full inspection (`events` adds those with no grade)."""
    multiples = {
        dim: analytics.level_steps(judgements, dimension=dim, today=today, events=events)
        for dim in charts.DIMENSION_LABELS
    }
    return charts.dimension_multiples(multiples, today=today)


@cached
def predecessor_steps(code: str, filters: Filters, today: dt.date) -> pd.DataFrame:
    """The graded history of the councils this one succeeded (e.g. Cumbria for Cumberland), drawn apart."""
    from trajectories.authorities import LINEAGE

    before = tuple(ln.predecessor for ln in LINEAGE if ln.successor == code)
    if not before:
        return analytics.level_steps(pd.DataFrame())
    return analytics.level_steps(
        for_authorities("judgements", before, filters), today=today, events=for_authorities("events", before, filters)
    )


def empty(message: str) -> None:
    st.info(message)


def event_labels(events: pd.DataFrame) -> dict[int, str]:
    """A unique, readable label for each event, in date order: '26 April 2021 — CIW monitoring visit'."""
    labels_by_id: dict[int, str] = {}
    seen: dict[str, int] = {}
    for row in events.to_dict("records"):
        label = f"{'Planned: ' if row['planned'] else ''}{labels.day(row['start_date'])} — {labels.event_type(row['event_type'])}"
        seen[label] = seen.get(label, 0) + 1
        if seen[label] > 1:
            label = f"{label} ({seen[label]})"
        labels_by_id[int(row["event_id"])] = label
    return labels_by_id

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

from trajectories import admin, analytics, charts, ingest, positions, selection
from trajectories.db import queries
from trajectories.db.engine import database_url, make_engine
from trajectories.domain import DIRECTION_GLYPHS, EARLIEST, INSPECTORATE_NAMES, Filters, Inspectorate

TTL = 3600  # a bound on memory; fresh data is noticed through data_version()
MAX_ENTRIES = 64  # per cached function
EPISODE_THEMES_LIMIT = 500  # inadequate episodes the Themes page compares theme by theme
VERSION_EVERY = 1.0  # seconds
# URL parameter -> session_state key of its widget.
KEYS = {"authority": "f_authority", "nation": "f_nation", "region": "f_region", "inspectorate": "f_inspectorate",
        "from": "f_from", "to": "f_to"}
SAVED = "_filters_saved"
NATIONS = ["England", "Wales", "Scotland"]
INSPECTORATES = [i.value for i in (Inspectorate.OFSTED, Inspectorate.CIW, Inspectorate.CI_SCOT, Inspectorate.WELSH_GOV, Inspectorate.DFE)]
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
def load_findings(filters: Filters, event_ids: tuple[int, ...] | None = None, text: str | None = None,
                  limit: int | None = None) -> pd.DataFrame:
    with engine().connect() as conn:
        return queries.findings(conn, filters, event_ids=list(event_ids) if event_ids is not None else None,
                                text=text, limit=limit)


@cached
def load_steps(filters: Filters, today: dt.date) -> pd.DataFrame:
    """The overall grades' steps, each ended by the next full inspection (`positions.steps`)."""
    with engine().connect() as conn:
        judgements = queries.judgements(conn, filters, dimension=analytics.POSITION_DIMENSIONS,
                                        columns=analytics.STEP_READS)
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
    return analytics.authority_summary(authorities, None, planned, None, today=today, positions=load_positions(filters, today))


OVERVIEW_COLUMNS = ["open", "name", "nation", "region", "position", "since", "months_at_level", "last_visit",
                    "next_planned", "direction_glyph", "direction_phrase", "trajectory", "code"]
INADEQUATE_COLUMNS = ["name", "nation", "position", "inadequate_since", "months_inadequate", "last_visit", "last_visit_type",
                      "next_planned", "direction_phrase"]


@shared
def overview(filters: Filters, today: dt.date) -> dict:
    """What the Overview draws for a selection that is not empty (`load_summary`): its figures
    (how many authorities, how many with a graded judgement in force, judged inadequate now, the
    median months at the current level), the counts of authorities by level and by nation, or
    by region when the selection is one nation's, as a figure and as a table, the authorities
    judged inadequate now (longest first) and every authority's row, with its link and direction
    glyph, by level and name. Shared per filters (20,000 rows at 100×), so a rerun only draws."""
    summary = load_summary(filters, today)
    summary = summary[summary["exists"]]  # an abolished council is never counted in a current figure
    graded = summary[summary["position_kind"].isin([positions.KIND_GRADED, positions.KIND_AREAS])]
    inadequate = summary[summary["inadequate"]]
    by = "region" if filters.nations == ("England",) or (filters.regions and summary["nation"].nunique() == 1) else "nation"
    counts = analytics.level_counts(summary, by=by)
    table = summary.assign(open="Authority_trajectory?authority=" + summary["code"],
                           direction_glyph=summary["direction"].map(DIRECTION_GLYPHS).fillna(""))
    return dict(
        authorities=len(summary), graded=len(graded), inadequate_now=len(inadequate),
        median_months=f"{graded['months_at_level'].median():.0f}" if not graded.empty else "—",
        figure=charts.level_counts(counts, by=by),
        counts=counts.pivot_table(index=by, columns="level_words", values="authorities", fill_value=0),
        inadequate=inadequate.sort_values("inadequate_since")[INADEQUATE_COLUMNS],
        table=table.assign(_band=table["level_words"].map({b: k for k, b in enumerate(charts.LEVEL_ORDER)}).fillna(99),
                           _bad=~table["inadequate"]).sort_values(["_bad", "_band", "name"])[OVERVIEW_COLUMNS])


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
    return analytics.transitions_of(zip([named.get(c) for c in positions["authority_code"].tolist()], positions["levels"].tolist()))


@cached
def load_disagreements() -> pd.DataFrame:
    with engine().connect() as conn:
        return queries.disagreements(conn)


def for_authorities(kind: str, codes: tuple[str, ...], filters: Filters) -> pd.DataFrame:
    """One query's rows for some authorities in the period, from an indexed query of just those
    authorities (cached per authority, so returning to one costs no new query)."""
    chosen = Filters(authorities=tuple(codes), inspectorates=filters.inspectorates, date_from=filters.date_from,
                     date_to=filters.date_to)
    return load_theme_counts(chosen) if kind == "theme_counts" else load(kind, chosen)


@shared
def picker(filters: Filters) -> tuple[list[str], dict[str, str]]:
    """The authority page's choice: the codes of the authorities the filters select that have a
    loaded visit (those named in `filters.authorities`, else those of its nations and regions),
    and a label ("Name (Nation)") for every authority with a visit, so a code from a link outside
    the selection can be shown too. Shared per filters: a redraw recomputes neither."""
    authorities = load_authorities()
    visited = authorities[authorities["events"] > 0]
    pool = select_authorities(visited, filters)
    labels = {c: f"{n} ({nation})" for c, n, nation in zip(visited["code"].tolist(), visited["name"].tolist(),
                                                            visited["nation"].tolist())}
    return pool["code"].tolist(), labels


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
    fig = charts.trajectory(steps, directions, events, title=f"{row['name']} — {row['nation']}", today=today,
                            nation=row["nation"], predecessors=predecessor_steps(code, filters, today), bands=bands,
                            themes_by_event=chips, states=states)
    visits = analytics.distinct_events(events) if not events.empty else events
    short = row["short_name"]
    now = positions.as_at(states, today)
    return dict(judgements=judgements, sub=judgements[judgements["dimension"] != "overall"],
                steps=steps, states=states, position=now.iloc[0].to_dict() if not now.empty else None,
                directions=directions, events=events, figure=fig,
                visit_rows={int(r["event_id"]): r for r in visits.to_dict("records")},
                labels=event_labels(visits) if not visits.empty else {},
                first=analytics.default_event(visits) if not visits.empty else None,
                stem=short.replace(" ", "-").lower() if isinstance(short, str) else code)


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


CHART_CONFIG = {"displaylogo": False, "toImageButtonOptions": {"format": "png", "scale": 2, "filename": "trajectory-chart"}}


def chart(fig, key: str, filename: str | None = None) -> None:
    """A plotly figure with its camera button saving a PNG named after the chart."""
    config = {**CHART_CONFIG, "toImageButtonOptions": {**CHART_CONFIG["toImageButtonOptions"], "filename": filename or key}}
    st.plotly_chart(fig, key=key, config=config)


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
    cols[0].download_button("Events (CSV)", data=build(exports.export_csv, filters, "events"), file_name=f"{name}-events.csv",
                            mime="text/csv", on_click="ignore", key="download_events")
    cols[1].download_button("Tables (XLSX)", data=build(exports.export_xlsx, filters), file_name=f"{name}.xlsx",
                            mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", on_click="ignore",
                            key="download_tables")
    if authority:
        cols[2].download_button("Briefing (PDF)", data=build(exports.briefing_pdf, authority, filters.date_from, filters.date_to),
                                file_name=f"{name}-briefing.pdf", mime="application/pdf", on_click="ignore", key="download_briefing")
    else:
        cols[2].download_button("Portfolio briefing (PDF)", data=build(exports.portfolio_pdf, filters),
                                file_name=f"{name}-portfolio.pdf", mime="application/pdf", on_click="ignore", key="download_briefing")


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
        authorities=tuple(ss.get(KEYS["authority"], [])), nations=tuple(ss.get(KEYS["nation"], [])),
        regions=tuple(ss.get(KEYS["region"], [])), inspectorates=tuple(ss.get(KEYS["inspectorate"], [])),
        date_from=ss.get(KEYS["from"], EARLIEST), date_to=ss.get(KEYS["to"], today()))


def write_url(filters: Filters, **extra: str) -> None:
    """Every filter into the query string, defaults included, plus page-specific values. Sent only
    when the URL would change: each change re-renders the whole app in the browser."""
    wanted = {
        "authority": ",".join(filters.authorities), "nation": ",".join(filters.nations),
        "region": ",".join(filters.regions), "inspectorate": ",".join(filters.inspectorates),
        "from": (filters.date_from or EARLIEST).isoformat(), "to": (filters.date_to or today()).isoformat(),
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


def sidebar_filters() -> Filters:
    """Set up the page, draw the shared filters in the sidebar and return them; the URL always
    matches them."""
    st.set_page_config(page_title="Improvement trajectories", page_icon="📈", layout="wide")
    server_limits()
    authorities = load_authorities()
    _restore(authorities, inspect.currentframe().f_back.f_code.co_filename)  # the calling page
    named = names()
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
        st.multiselect("Authorities", options, format_func=named.__getitem__, key=KEYS["authority"],
                       placeholder="All authorities")
        st.multiselect("Inspectorate", INSPECTORATES, key=KEYS["inspectorate"],
                       format_func=lambda i: INSPECTORATE_NAMES[Inspectorate(i)][0])
        st.date_input("From", key=KEYS["from"], min_value=dt.date(1990, 1, 1), max_value=dt.date(2100, 1, 1), format="YYYY-MM-DD")
        st.date_input("To", key=KEYS["to"], min_value=dt.date(1990, 1, 1), max_value=dt.date(2100, 1, 1), format="YYYY-MM-DD")
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
    return Names(zip(authorities["code"].tolist(), authorities["name"].tolist()))


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
    text = _AUTOLINKS.sub(lambda m: m.group(1)[0] + _WORD_JOINER + m.group(1)[1:] if m.group(1) != "@"
                          else _WORD_JOINER + "@", str(text))
    return text.translate(_MARKDOWN)


def findings_html(records: list[dict], source: str | None = None) -> str:
    """Findings as ONE list element (for `st.html`), however many there are (a visit can have
    hundreds; one element per finding made the page slow to redraw): each finding's polarity and
    words, then why it was tagged and where in its source it stands (the document is named only
    when it is not `source`, the visit's own, already named above the list). Plain HTML built
    from escaped words (`html.escape`; what Streamlit shows as HTML is sanitised too), so the
    words show literally and the browser draws the list without a markdown parser."""
    items = []
    for rec in records:
        where = f"characters {rec['span_start']}–{rec['span_end']}"
        if rec["source_path"] != source:
            where = f"source: {rec['source_path']} ({where})"
        why = f"why: {rec['theme_cues'].replace('|', '; ') or 'no theme cue'} · {where}"
        items.append(f"<li><strong>{html.escape(str(rec['polarity']).replace('_', ' '))}</strong> {html.escape(str(rec['text']))}"
                     f"<br><small style=\"opacity:0.7\">{html.escape(why)}</small></li>")
    return f"<ul class=\"findings\">{''.join(items)}</ul>"


@cached
def predecessor_steps(code: str, filters: Filters, today: dt.date) -> pd.DataFrame:
    """The graded history of the councils this one succeeded (e.g. Cumbria for Cumberland), drawn apart."""
    from trajectories.authorities import LINEAGE

    before = tuple(ln.predecessor for ln in LINEAGE if ln.successor == code)
    if not before:
        return analytics.level_steps(pd.DataFrame())
    return analytics.level_steps(for_authorities("judgements", before, filters), today=today,
                                 events=for_authorities("events", before, filters))


def empty(message: str) -> None:
    st.info(message)


def event_labels(events: pd.DataFrame) -> dict[int, str]:
    """A unique, readable label for each event, in date order: '2021-04-26 — ciw monitoring activity'."""
    labels: dict[int, str] = {}
    seen: dict[str, int] = {}
    for row in events.to_dict("records"):
        label = f"{'Planned: ' if row['planned'] else ''}{row['start_date']} — {str(row['event_type']).replace('_', ' ')}"
        seen[label] = seen.get(label, 0) + 1
        if seen[label] > 1:
            label = f"{label} ({seen[label]})"
        labels[int(row["event_id"])] = label
    return labels

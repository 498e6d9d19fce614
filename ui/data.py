"""The pages' data: the query layer's results and the views built on them, through the caches of
`ui.engine` (keyed by the frozen `Filters` value, and by the data's version).

Contract:
- The whole-selection loaders (`load_summary`, `load_episodes`, `load_transitions`) keep what
  `trajectories.selection` gives: the store's summaries where they serve exactly, the rows for the
  other authorities (`rows_left`, read once for the three), side by side. They are `shared`: the
  pages only read them.
- The views (`overview`, `picker`, `trajectory_view`, `visit_findings`, `visit_top_themes`) are
  `trajectories.views` values, `shared` and worked out once per filters, authority, visit and theme,
  so what a page reruns on every change is only drawing.
- `names()` is {code: name} of every authority (a code it does not know stands for itself);
  `authority_options(filters)` the sidebar's authorities for the filters' nations and regions.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd

from trajectories import analytics, labels, selection, views
from trajectories.db import queries
from trajectories.domain import Filters
from trajectories.views import select_authorities, whole_record
from ui.engine import cached, engine, shared

EPISODE_THEMES_LIMIT = 500  # inadequate episodes the Themes page compares theme by theme


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
    look-up is costly); never pickled (the analyses only read them)."""
    with engine().connect() as conn:
        return selection.rows_left(conn, filters, coverage(filters, today), today)


@shared
def load_positions(filters: Filters, today: dt.date) -> pd.DataFrame:
    """`selection.positions`, shared by the summary (Overview) and the transitions (Inadequate
    episodes): worked out once per filters, never pickled; both only read it."""
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


@shared
def overview(filters: Filters, today: dt.date) -> views.Overview:
    """The Overview of a selection that is not empty (`views.overview`), read from the whole record."""
    everything = whole_record(filters)
    return views.overview(load_summary(everything, today), load_episodes(everything, today), filters)


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
    (`select_authorities`), by name. Shared per nations and regions: sorting 20,000 names is not
    paid by every page run."""
    named = names()
    return sorted(select_authorities(load_authorities(), filters)["code"].tolist(), key=named.__getitem__)


@shared
def picker(filters: Filters) -> views.AuthorityChoice:
    """The authority page's choice (`views.authority_choice`). Shared per filters: a redraw
    recomputes nothing."""
    return views.authority_choice(load_authorities(), filters)


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


@shared
def trajectory_view(code: str, filters: Filters, today: dt.date) -> views.AuthorityPage:
    """What the authority page draws for one authority in the filters' period (`views.authority_page`).
    Shared per authority and period, so returning to an authority (or a second reader opening it)
    costs no work, and a redraw only draws."""
    row = load_authorities().set_index("code").loc[code].to_dict()
    whole = whole_record(filters)
    record = views.AuthorityRecord(
        judgements=for_authorities("judgements", (code,), filters),
        events=for_authorities("events", (code,), filters),
        directions=for_authorities("directions", (code,), filters),
        statuses=for_authorities("statuses", (code,), filters),
        theme_counts=for_authorities("theme_counts", (code,), filters),
        predecessors=predecessor_steps(code, filters, today),
        whole_judgements=None if whole is filters else for_authorities("judgements", (code,), whole),
        whole_events=None if whole is filters else for_authorities("events", (code,), whole),
    )
    return views.authority_page({**row, "code": code}, record, today, filters.date_to)


@shared
def visit_findings(filters: Filters, event_id: int) -> views.VisitFindings:
    """One visit's findings, by theme, and how many each theme has (`views.visit_findings`)."""
    return views.visit_findings(load_findings(filters, event_ids=(event_id,)))


@shared
def visit_top_themes(
    filters: Filters, event_id: int, top: int = 3
) -> tuple[list[tuple[str, int]], list[tuple[str, int]]]:
    """A visit's most frequent themes as concerns and as strengths (`views.top_themes`)."""
    return views.top_themes(visit_findings(filters, event_id).by_theme, top)


@cached
def document_names(paths: tuple[str, ...]) -> dict[str, str]:
    """{path: the document it is (`labels.document`)} for the source paths asked for."""

    with engine().connect() as conn:
        kinds = queries.document_kinds(conn, list(paths))
    return {path: labels.document(*kind) for path, kind in kinds.items()}

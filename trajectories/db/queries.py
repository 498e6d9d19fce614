"""The read path: one `Filters` value in, a pandas DataFrame with fixed columns out.

Contract: every function takes an open Connection (owned by the caller) and a `Filters`; values
reach SQL only as bound parameters. Dates come back as `datetime.date` objects (or NaT-free
None) and enums as their string values, so analytics and charts never see ORM objects.
Each row carries its provenance: the document path, the loader kind and the character span.
`events`, `judgements` and `directions` take `columns` to return only some of their columns
(the same rows, in the same order): the whole-country analyses read only what they use.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass

import pandas as pd
from sqlalchemy import (
    Connection,
    Enum,
    Select,
    Text,
    and_,
    case,
    distinct,
    false,
    func,
    literal_column,
    null,
    or_,
    select,
    table,
    true,
    type_coerce,
)
from sqlalchemy.orm import aliased

from trajectories.db.models import (
    Authority,
    AuthorityEpisode,
    AuthorityPosition,
    DirectionRow,
    EventRow,
    EventTheme,
    FindingRow,
    FindingTag,
    JudgementRow,
    LoadProblem,
    LoadRun,
    RegionThemeYear,
    SourceDocument,
    StatusRow,
)
from trajectories.domain import EARLIEST, Filters, Nation, Polarity, Selection
from trajectories.summaries import POSITION_COLUMNS, SUMMARY_PERIOD, summary_start

NATIONS = {n.value for n in Nation}

EVENT_COLUMNS = [
    EventRow.id.label("event_id"),
    EventRow.authority_code,
    Authority.name.label("authority_name"),
    Authority.nation,
    Authority.region,
    EventRow.inspectorate_id.label("inspectorate"),
    EventRow.event_type,
    EventRow.title,
    EventRow.start_date,
    EventRow.start_precision,
    EventRow.end_date,
    EventRow.end_precision,
    EventRow.published_date,
    EventRow.planned,
    EventRow.framework,
    EventRow.focus_area,
    EventRow.headline,
    SourceDocument.id.label("document_id"),
    SourceDocument.path.label("source_path"),
    SourceDocument.kind.label("source_kind"),
    SourceDocument.url.label("source_url"),
]


def _frame(conn: Connection, stmt: Select, columns: tuple[str, ...] | None = None) -> pd.DataFrame:
    if columns is not None:  # only these of the statement's columns (its joins and filters stay)
        stmt = stmt.with_only_columns(
            *[c for c in stmt.selected_columns if c.key in columns], maintain_column_froms=True
        )
    result = conn.execute(stmt)
    # Plain tuples: pandas probes each Row for namedtuple fields, a slow attribute miss per row.
    df = pd.DataFrame([tuple(row) for row in result], columns=list(result.keys()))
    if not len(df):
        return df
    types = [c.type for c in stmt.selected_columns] if isinstance(stmt, Select) else None
    for i, col in enumerate(df.columns):
        # Enum columns (and only those) hold values with `.value`; looking at the types spares a
        # Python call per cell of every other column.
        if isinstance(types[i], Enum) if types else df[col].map(lambda v: hasattr(v, "value")).any():
            df[col] = df[col].map(lambda v: getattr(v, "value", v))
    return df


def _filtered(stmt: Select, filters: Filters) -> Select:
    """Apply the shared filters to a statement that already joins EventRow and Authority."""
    return stmt.where(*_who(filters), *_when(filters))


def _chosen(stmt: Select, filters: Filters, event_ids: list[int] | None) -> Select:
    """`_filtered`, and only the events `event_ids` when given."""
    stmt = _filtered(stmt, filters)
    return stmt.where(EventRow.id.in_(event_ids)) if event_ids is not None else stmt


def _who(filters: Filters, code=EventRow.authority_code) -> list:
    """The conditions of the filters that select whole authorities (authorities, nations, regions),
    on a statement that joins Authority and has authority codes in `code`."""
    out = [code.in_(filters.authorities)] if filters.authorities else []
    if filters.nations:
        known = [n for n in filters.nations if n in NATIONS]  # the column only holds these values
        out.append(Authority.nation.in_(known) if known else false())
    if filters.regions:
        out.append(Authority.region.in_(filters.regions))
    return out


def _when(filters: Filters) -> list:
    """The conditions of the filters that select some events of an authority (inspectorates, period)."""
    out = []
    if filters.inspectorates:
        out.append(EventRow.inspectorate_id.in_(filters.inspectorates))
    # An event known only by its publication is placed on that day (`summaries.in_period` in pandas).
    when = func.coalesce(EventRow.end_date, EventRow.start_date, EventRow.published_date)
    if filters.date_from:
        out.append(or_(when >= filters.date_from, EventRow.planned.is_(True)))
    if filters.date_to:
        # Planned visits are shown while the period reaches today.
        future = EventRow.planned.is_(True) if filters.date_to >= dt.date.today() else false()
        out.append(or_(func.coalesce(EventRow.start_date, EventRow.published_date) <= filters.date_to, future))
    return out


def _events_base(*extra) -> Select:
    return (
        select(*EVENT_COLUMNS, *extra)
        .join(Authority, Authority.code == EventRow.authority_code)
        .join(SourceDocument, SourceDocument.id == EventRow.document_id)
    )


def authorities(conn: Connection) -> pd.DataFrame:
    """Every authority in the reference list, with how many events each has."""
    counts = select(EventRow.authority_code, func.count().label("events")).group_by(EventRow.authority_code).subquery()
    stmt = (
        select(
            Authority.code,
            Authority.name,
            Authority.short_name,
            Authority.nation,
            Authority.region,
            Authority.ofsted_urn,
            Authority.valid_from,
            Authority.valid_to,
            Authority.stat_neighbours,
            func.coalesce(counts.c.events, 0).label("events"),
        )
        .outerjoin(counts, counts.c.authority_code == Authority.code)
        .order_by(Authority.nation, Authority.name)
    )
    return _frame(conn, stmt)


def events(
    conn: Connection, filters: Filters, columns: tuple[str, ...] | None = None, planned: bool | None = None
) -> pd.DataFrame:
    """The events the filters select (only the planned ones, or only the others, when asked)."""
    stmt = _filtered(_events_base(), filters).order_by(EventRow.authority_code, EventRow.start_date, EventRow.id)
    if planned is not None:
        stmt = stmt.where(EventRow.planned.is_(planned))
    return _frame(conn, stmt, columns)


def judgements(
    conn: Connection,
    filters: Filters,
    dimension: str | tuple[str, ...] | None = None,
    columns: tuple[str, ...] | None = None,
) -> pd.DataFrame:
    """Every judgement the filters select, or only those of one dimension (e.g. "overall") or some."""
    stmt = _filtered(
        _events_base(
            JudgementRow.id.label("judgement_id"),
            JudgementRow.dimension,
            JudgementRow.subject_type,
            JudgementRow.raw_label,
            JudgementRow.raw_phrase,
            JudgementRow.raw_context,
            JudgementRow.scale_value,
            JudgementRow.level,
            JudgementRow.level_low,
            JudgementRow.level_high,
            JudgementRow.mapping_quality,
            JudgementRow.rule,
            JudgementRow.span_start,
            JudgementRow.span_end,
        ).join(JudgementRow, JudgementRow.event_id == EventRow.id),
        filters,
    )
    if isinstance(dimension, str):
        stmt = stmt.where(JudgementRow.dimension == dimension)
    elif dimension is not None:
        stmt = stmt.where(JudgementRow.dimension.in_(dimension))
    return _frame(conn, stmt.order_by(EventRow.authority_code, EventRow.start_date, JudgementRow.id), columns)


def directions(conn: Connection, filters: Filters, columns: tuple[str, ...] | None = None) -> pd.DataFrame:
    stmt = _filtered(
        _events_base(
            DirectionRow.id.label("direction_id"),
            DirectionRow.raw_phrase,
            DirectionRow.raw_context,
            DirectionRow.direction,
            DirectionRow.scope,
            DirectionRow.basis,
            DirectionRow.mapping_quality,
            DirectionRow.rule,
            DirectionRow.span_start,
            DirectionRow.span_end,
        ).join(DirectionRow, DirectionRow.event_id == EventRow.id),
        filters,
    )
    return _frame(conn, stmt.order_by(EventRow.authority_code, EventRow.start_date, DirectionRow.id), columns)


def statuses(conn: Connection, filters: Filters) -> pd.DataFrame:
    stmt = _filtered(
        _events_base(
            StatusRow.id.label("status_id"),
            StatusRow.status,
            StatusRow.raw_phrase,
            StatusRow.raw_context,
            StatusRow.rule,
            StatusRow.span_start,
            StatusRow.span_end,
        ).join(StatusRow, StatusRow.event_id == EventRow.id),
        filters,
    )
    return _frame(conn, stmt.order_by(EventRow.authority_code, EventRow.start_date, StatusRow.id))


SAME_JUDGEMENT_DAYS = 45  # a pair further apart is two inspections, not two readings of one


def disagreements(conn: Connection) -> pd.DataFrame:
    """Pairs of sources that read the same judgement differently, both kept with their sources.

    Two graded, unplanned judgements of the same authority and dimension are the same judgement
    when the later takes effect at most `SAME_JUDGEMENT_DAYS` after the earlier (effective
    date: fieldwork end, else start, else publication); a pair is listed when they come from
    different documents and give different levels. Found by a self-join in SQL of the judgements
    of authorities read from more than one document (the rows are never read into Python), in the
    order of the first reading then the second (by date, then the judgements' usual order), per
    authority and dimension."""
    when = func.coalesce(EventRow.end_date, EventRow.start_date, EventRow.published_date)
    other = aliased(EventRow)  # only authorities read from more than one document can disagree
    several = (
        select(other.authority_code).group_by(other.authority_code).having(func.count(distinct(other.document_id)) > 1)
    )
    graded = (
        select(
            EventRow.authority_code,
            Authority.name.label("authority_name"),
            JudgementRow.dimension,
            when.label("date"),
            JudgementRow.level,
            JudgementRow.raw_phrase,
            SourceDocument.path.label("source_path"),
            func.row_number()
            .over(order_by=(EventRow.authority_code, EventRow.start_date, JudgementRow.id))
            .label("pos"),
        )
        .join(Authority, Authority.code == EventRow.authority_code)
        .join(SourceDocument, SourceDocument.id == EventRow.document_id)
        .join(JudgementRow, JudgementRow.event_id == EventRow.id)
        .where(
            JudgementRow.level.is_not(None),
            EventRow.planned.is_(False),
            when.is_not(None),
            EventRow.authority_code.in_(several),
        )
        .cte("graded")
    )
    a, b = graded.alias("a"), graded.alias("b")
    days = func.julianday(b.c.date) - func.julianday(a.c.date) if conn.dialect.name == "sqlite" else b.c.date - a.c.date
    stmt = (
        select(
            a.c.authority_code,
            a.c.authority_name,
            a.c.dimension,
            a.c.date,
            a.c.level.label("level_a"),
            a.c.raw_phrase.label("raw_a"),
            a.c.source_path.label("source_a"),
            b.c.level.label("level_b"),
            b.c.raw_phrase.label("raw_b"),
            b.c.source_path.label("source_b"),
        )
        .join(b, (b.c.authority_code == a.c.authority_code) & (b.c.dimension == a.c.dimension))
        .where(
            or_(b.c.date > a.c.date, (b.c.date == a.c.date) & (b.c.pos > a.c.pos)),
            days <= SAME_JUDGEMENT_DAYS,
            b.c.source_path != a.c.source_path,
            b.c.level != a.c.level,
        )
        .order_by(a.c.authority_code, a.c.dimension, a.c.date, a.c.pos, b.c.date, b.c.pos)
    )
    df = _frame(conn, stmt)
    return df if len(df) else pd.DataFrame(columns=DISAGREEMENT_COLUMNS)


DISAGREEMENT_COLUMNS = [
    "authority_code",
    "authority_name",
    "dimension",
    "date",
    "level_a",
    "raw_a",
    "source_a",
    "level_b",
    "raw_b",
    "source_b",
]


SEARCH_WORK_MEM = "32MB"  # PostgreSQL memory for a words search's bitmap of matching findings
SEARCH_SPARSE = 20_000  # fewer findings hold the words: read them through the word index, else walk in order
WORD = re.compile(r"[^\W_]+")  # a word: letters and digits, as both engines' word indexes split text


def search_words(text: str) -> list[str]:
    """The words of a search, lowercased, each once: its runs of letters and digits.

    Every one must begin a word of the finding, case ignored ("oversee" finds "overseen"; a word
    of one or two letters must be a whole word: "of" does not find "often"). Other characters
    separate words, as in the text: "multi-agency" is "multi" and "agency". Letters of a word
    typed with such characters that make a word of one or two letters are left out ("child's"
    is "child"): nearly every finding holds an "s", and asking the index for it would cost
    seconds at scale. Nothing is left of "%" or "--": no words, nothing found."""
    terms: list[str] = []
    for typed in text.split():
        parts = [w.lower() for w in WORD.findall(typed)]
        if len(parts) > 1:
            parts = [w for w in parts if len(w) > 2]
        terms += [w for w in parts if w not in terms]
    return terms


def _word_conditions(conn: Connection, terms: list[str], beginnings: bool = True) -> tuple:
    """Conditions that a finding holds every one of `terms` (as beginnings of its words, or with
    `beginnings=False` as whole words): (read through the engine's word index, checked finding
    by finding as a walk reaches it); the second is None without an index."""

    def begins(w: str) -> bool:
        return beginnings and len(w) > 2

    if conn.dialect.name == "postgresql":
        query = " & ".join(f"{w}:*" if begins(w) else w for w in terms)
        simple = literal_column("'simple'::regconfig")
        holds = func.to_tsvector(simple, FindingRow.text).op("@@")(func.to_tsquery(simple, query))
        # Walked finding by finding, each word is first looked for anywhere in the text (a word of
        # the text begins with it only if the text holds it): a cheap test that spares most
        # findings the parse into words. The terms are letters and digits only, never a pattern.
        return holds, and_(*[FindingRow.text.ilike(f"%{w}%") for w in terms], holds)
    if (
        conn.dialect.name == "sqlite"
        and conn.exec_driver_sql("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'finding_words'").first()
    ):
        query = " AND ".join(f'"{w}"*' if begins(w) else f'"{w}"' for w in terms)
        ids = (
            select(literal_column("rowid"))
            .select_from(table("finding_words"))
            .where(literal_column("finding_words").op("MATCH")(query))
        )
        return FindingRow.id.in_(ids), (FindingRow.id + 0).in_(ids.offset(0))  # + 0: not through the key
    # SQLite built without FTS5: the words anywhere in the text, by a scan.
    return and_(*[func.lower(FindingRow.text).contains(w, autoescape=True) for w in terms]), None


def _matching(
    conn: Connection, pick: Select, order: tuple, text: str, filters: Filters, event_ids: list[int] | None
) -> tuple[Select, tuple]:
    """(`pick` narrowed to the findings that hold the words of `text` (`search_words`), the order
    to read it in): `pick` selects the ids of the findings within the filters (and of the
    `event_ids`), joined to their events and authorities, to be read in `order`.

    Through the engine's word index (migration 0006). When fewer than SEARCH_SPARSE findings hold
    the words (a rare phrase) the index hands over those few. Otherwise (common words) the
    filtered visits are walked in `order` and each one's findings checked, so the first matches
    come without fetching every one: on SQLite against the set of ids FTS5 gives (made once); on
    PostgreSQL against each finding's words, the visits' findings read by a lateral subquery that
    the planner cannot turn into a scan of every match (its estimates of how many findings hold a
    word beginning are far too low for it to walk otherwise). Both ways find the same findings in
    the same order."""
    terms = search_words(text)
    if not terms:
        return pick.where(false()), order
    indexed, walked = _word_conditions(conn, terms)
    if walked is None:
        return pick.where(indexed), order
    if (
        conn.dialect.name == "postgresql"
    ):  # an exact bitmap of many matches; bitmaps on, whatever an earlier search left
        conn.exec_driver_sql(f"SET LOCAL work_mem = '{SEARCH_WORK_MEM}'")
        conn.exec_driver_sql("SET LOCAL enable_bitmapscan = on")

    def at_least(condition) -> bool:  # SEARCH_SPARSE findings hold the words (counting stops there)
        stmt = select(FindingRow.id).where(condition).limit(SEARCH_SPARSE).subquery()
        return conn.scalar(select(func.count()).select_from(stmt)) >= SEARCH_SPARSE

    # Whole words first: cheaper to read than every word they begin, and enough when common.
    if not at_least(_word_conditions(conn, terms, beginnings=False)[0]) and not at_least(indexed):
        return pick.where(indexed), order
    if conn.dialect.name != "postgresql":
        return pick.where(walked), order
    # Each visit's findings through its own index, never a bitmap of the word index per visit
    # (GIN is read only by bitmap scans): off until the caller's transaction ends.
    conn.exec_driver_sql("SET LOCAL enable_bitmapscan = off")
    visits = _chosen(
        select(EventRow.id, EventRow.authority_code, EventRow.start_date).join(
            Authority, Authority.code == EventRow.authority_code
        ),
        filters,
        event_ids,
    ).subquery()
    found = (
        select(FindingRow.id, FindingRow.seq).where(FindingRow.event_id == visits.c.id, walked).offset(0).lateral()
    )  # OFFSET 0: kept a subquery, run per visit
    walk = select(found.c.id).select_from(visits.join(found, true()))
    return walk, (visits.c.authority_code, visits.c.start_date, visits.c.id, found.c.seq)


def findings(
    conn: Connection,
    filters: Filters,
    event_ids: list[int] | None = None,
    text: str | None = None,
    limit: int | None = None,
) -> pd.DataFrame:
    """Findings with their themes ("a;b") and cues; optionally of some events or matching words.

    Themes are aggregated only for the findings returned (those of the events asked for, or of the
    words; with a limit, the ids are picked first), so a page of results never costs an aggregate
    over every tag in the database. On PostgreSQL a search by words raises `work_mem` for the rest
    of the caller's transaction (`SEARCH_WORK_MEM`), so a bitmap of many matches stays exact."""
    order = (EventRow.authority_code, EventRow.start_date, EventRow.id, FindingRow.seq)
    scope = None  # the findings whose tags are needed, when not all
    if event_ids is not None:
        scope = select(FindingRow.id).where(FindingRow.event_id.in_(event_ids))
    if text or limit:
        pick = _chosen(
            select(FindingRow.id)
            .join(EventRow, EventRow.id == FindingRow.event_id)
            .join(Authority, Authority.code == EventRow.authority_code),
            filters,
            event_ids,
        )
        ordered = order
        if text:
            pick, ordered = _matching(conn, pick, order, text, filters, event_ids)
        scope = list(conn.scalars(pick.order_by(*ordered).limit(limit))) if limit else pick
    themes = select(
        FindingTag.finding_id,
        _agg(FindingTag.tag).label("themes"),
        _agg(FindingTag.tag + "=" + FindingTag.cue, "|").label("theme_cues"),
    ).where(FindingTag.facet == "theme")
    cohorts = select(FindingTag.finding_id, _agg(FindingTag.tag).label("cohorts")).where(FindingTag.facet == "cohort")
    if scope is not None:
        themes = themes.where(FindingTag.finding_id.in_(scope))
        cohorts = cohorts.where(FindingTag.finding_id.in_(scope))
    themes = themes.group_by(FindingTag.finding_id).subquery()
    cohorts = cohorts.group_by(FindingTag.finding_id).subquery()
    stmt = _filtered(
        _events_base(
            FindingRow.id.label("finding_id"),
            FindingRow.seq,
            FindingRow.text,
            FindingRow.section,
            FindingRow.polarity,
            FindingRow.modality,
            FindingRow.polarity_rule,
            FindingRow.principle,
            FindingRow.span_start,
            FindingRow.span_end,
            func.coalesce(themes.c.themes, "").label("themes"),
            func.coalesce(themes.c.theme_cues, "").label("theme_cues"),
            func.coalesce(cohorts.c.cohorts, "").label("cohorts"),
        )
        .join(FindingRow, FindingRow.event_id == EventRow.id)
        .outerjoin(themes, themes.c.finding_id == FindingRow.id)
        .outerjoin(cohorts, cohorts.c.finding_id == FindingRow.id),
        filters,
    )
    if scope is not None:
        stmt = stmt.where(FindingRow.id.in_(scope))
    return _frame(conn, stmt.order_by(*order))


def theme_counts(conn: Connection, filters: Filters) -> pd.DataFrame:
    """Findings counted per visit, theme and polarity (the themes page aggregates these), read from
    the counts the store keeps per visit (`event_theme`, written by `store.count_themes`: the one
    count of a visit's findings by theme)."""
    stmt = (
        select(
            EventRow.id.label("event_id"),
            EventRow.authority_code,
            Authority.name.label("authority_name"),
            Authority.nation,
            EventRow.start_date,
            EventRow.end_date,
            EventRow.event_type,
            SourceDocument.kind.label("source_kind"),
            EventTheme.polarity,
            EventTheme.theme,
            func.sum(EventTheme.findings).label("findings"),
        )
        .join(Authority, Authority.code == EventRow.authority_code)
        .join(SourceDocument, SourceDocument.id == EventRow.document_id)
        .join(EventTheme, EventTheme.event_id == EventRow.id)
        .group_by(
            EventRow.id,
            EventRow.authority_code,
            Authority.name,
            Authority.nation,
            EventRow.start_date,
            EventRow.end_date,
            EventRow.event_type,
            SourceDocument.kind,
            EventTheme.polarity,
            EventTheme.theme,
        )
        .order_by(EventRow.id, EventTheme.polarity, EventTheme.theme)
    )
    return _frame(conn, _filtered(stmt, filters).where(EventRow.planned.is_(False)))


def theme_year_counts(conn: Connection, filters: Filters, summarised: bool = False) -> pd.DataFrame:
    """Findings counted per theme, polarity and year of the visit (its last fieldwork day, else its
    start), summed in SQL from the counts kept per visit (`event_theme`, a few rows per visit
    instead of every tag), or, `summarised` (the caller has checked that `coverage` is whole and
    the filters name no authorities), from those kept per region (`region_theme_year`, a few thousand rows):
    the few rows `analytics.themes_over_time` needs, with `end_date` the first day of that year
    (None when the visit has no date)."""
    if summarised:
        r = RegionThemeYear
        known = [n for n in filters.nations if n in NATIONS]
        stmt = (
            select(r.theme, r.polarity, r.year, func.sum(r.findings).label("findings"))
            .where(
                *([r.nation.in_(known) if known else false()] if filters.nations else []),
                *([r.region.in_(filters.regions)] if filters.regions else []),
            )
            .group_by(r.theme, r.polarity, r.year)
        )
    else:
        stmt = theme_year_select(filters)
    df = _frame(conn, stmt)
    df["end_date"] = [dt.date(int(y), 1, 1) if y is not None and not pd.isna(y) else None for y in df["year"]]
    df["start_date"] = df["end_date"]
    return df[["theme", "polarity", "end_date", "start_date", "findings"]]


def theme_year_select(filters: Filters, *keys) -> Select:
    """The statement of `theme_year_counts` from `event_theme`: findings per theme, polarity and
    year (and per `keys`, columns of Authority, first) of the real visits the filters select."""
    year = func.extract("year", func.coalesce(EventRow.end_date, EventRow.start_date, EventRow.published_date))
    stmt = (
        select(
            *keys,
            EventTheme.theme,
            EventTheme.polarity,
            year.label("year"),
            func.sum(EventTheme.findings).label("findings"),
        )
        .select_from(EventRow)
        .join(Authority, Authority.code == EventRow.authority_code)
        .join(EventTheme, EventTheme.event_id == EventRow.id)
        .group_by(*keys, EventTheme.theme, EventTheme.polarity, year)
    )
    return _filtered(stmt, filters).where(EventRow.planned.is_(False))


@dataclass(frozen=True)
class Coverage:
    """How the store's summaries serve a selection (`coverage`): `summarised`, the authorities read
    from their summaries, and `from_rows`, those worked out from their rows in the filters. Any
    other selected authority has no event in the filters and shows as one without inspections."""

    summarised: Selection
    from_rows: Selection
    # The summaries read: from this day where an authority has them, else from EARLIEST.
    start: dt.date = EARLIEST
    # Served from `next_start` instead (no visit between the period's first day and it).
    after: frozenset[str] = frozenset()

    @property
    def next_start(self) -> dt.date:
        """The first of January after `start`: the summaries the authorities in `after` are read from."""
        return dt.date(self.start.year + 1, 1, 1)

    @property
    def whole(self) -> bool:
        """The summaries from the default start serve the whole selection as it is."""
        return self.summarised.everything and self.from_rows.empty and self.start == EARLIEST

    @property
    def reads_summaries(self) -> bool:
        return not self.summarised.empty

    @property
    def reads_rows(self) -> bool:
        return not self.from_rows.empty


WHOLE = Coverage(summarised=Selection.ALL, from_rows=Selection.NONE)
ROWS = Coverage(summarised=Selection.NONE, from_rows=Selection.ALL)


def coverage(conn: Connection, filters: Filters, today: dt.date) -> Coverage:
    """Which authorities the store's summaries (`authority_position`, `authority_episode`) serve
    exactly for these filters as of `today`, and from which start (`summary_start` of the
    period's first day): those whose events in the filters are exactly the events from that start,
    and that have their summaries (a writer that has not summarised yet is never trusted) from
    that start or, when the start leaves none of their events out, from the default one; the
    others with events in the filters are worked out from their rows. Every analysis involved
    works authority by authority, so an authority read from its summary and one worked out from
    its rows sit side by side exactly as if all had been worked out. `ROWS` (all from the rows)
    when the period ends before today (the summaries hold what is in force today).

    A period from a later day in the year serves, from the next first of January's summaries
    (`Coverage.after`), the authorities visited between that first of January and the day but
    not between the day and the next first of January: their events in the period are those from
    the next first of January. So only an authority visited on both sides of the day in its year
    is worked out from its rows.

    The default filters (no inspectorate, the period from its first day) cost one aggregate over
    the events: `WHOLE` but for a visit after the period's end or a missing summary. Other
    filters (an inspectorate, a later start) count each authority's events: all, from each start,
    in the filters and in both, with whether it has each summary. A period from a first of
    January is served wholly; with an inspectorate's filter most authorities have all their
    events kept (served) or none (nothing to show). `ROWS` too when more authorities would be
    worked out from their rows than read from summaries (reading every row once then costs less)."""
    if not filters.date_to or filters.date_to < today:
        return ROWS

    def selected(stmt: Select, code) -> Select:  # Authority is joined only when the filters read it
        if filters.nations or filters.regions:
            stmt = stmt.join(Authority, Authority.code == code)
        return stmt.where(*_who(filters, code))

    start = summary_start(filters.date_from)
    later = dt.date(start.year + 1, 1, 1) if filters.date_from and filters.date_from > start else None
    everything, chosen = and_(*_when(SUMMARY_PERIOD)), and_(*_when(filters))
    if not filters.inspectorates and filters.date_from == SUMMARY_PERIOD.date_from:
        counts = select(
            func.count(case((everything, 1))),
            func.count(case((chosen, 1))),
            func.count(distinct(EventRow.authority_code)),
        )
        row = conn.execute(selected(counts.select_from(EventRow), EventRow.authority_code)).one()
        kept = selected(
            select(AuthorityPosition.authority_code).where(AuthorityPosition.period_from == EARLIEST),
            AuthorityPosition.authority_code,
        )
        if row[0] == row[1] and conn.execute(select(func.count()).select_from(kept.subquery())).scalar_one() == row[2]:
            return WHOLE

    def summarised(day: dt.date):  # whether the group's authority has its summary from `day`
        return (
            select(AuthorityPosition.authority_code)
            .where(AuthorityPosition.authority_code == EventRow.authority_code, AuthorityPosition.period_from == day)
            .exists()
        )

    def from_day(day: dt.date) -> list:  # its events from `day`, those also in the filters, whether it has that summary
        inside = and_(*_when(Filters(date_from=day, date_to=SUMMARY_PERIOD.date_to)))
        return [func.count(case((inside, 1))), func.count(case((and_(inside, chosen), 1))), summarised(day)]

    counts = selected(
        select(
            EventRow.authority_code,
            func.count(case((everything, 1))),
            func.count(case((chosen, 1))),
            summarised(EARLIEST),
            *from_day(start),
            *(from_day(later) if later else []),
        ).select_from(EventRow),
        EventRow.authority_code,
    )
    counts = counts.group_by(EventRow.authority_code)
    served, after, rows = set(), set(), []
    for code, n_all, n_chosen, from_default, *starts in conn.execute(counts):
        if not n_chosen:
            continue
        # Served from a start when the period keeps exactly its events from that start, and it
        # has that start's summary (or, if the start leaves none of its events out, the default one).
        fits = [
            n_inside == n_chosen == n_both and (has if n_inside < n_all else from_default)
            for n_inside, n_both, has in zip(starts[::3], starts[1::3], starts[2::3], strict=True)
        ]
        if fits[0]:
            served.add(code)
        elif len(fits) > 1 and fits[1]:
            served.add(code)
            after.add(code)
        else:
            rows.append(code)
    if len(rows) > len(served):
        return ROWS
    return Coverage(Selection.of(served), Selection.of(rows), start, frozenset(after))


def _from_start(model, start: dt.date) -> list:
    """The conditions that keep, of each authority's summary rows in `model`, those from `start`
    where it has them and otherwise those from the default start (what `coverage` serves from)."""
    if start == EARLIEST:
        return [model.period_from == EARLIEST]
    p = aliased(AuthorityPosition)
    latest = select(func.max(p.period_from)).where(
        p.authority_code == model.authority_code, p.period_from.in_((EARLIEST, start))
    )
    return [model.period_from.in_((EARLIEST, start)), model.period_from == latest.scalar_subquery()]


IN_CHUNK = 5_000  # authority codes per IN list


def _summary_rows(conn: Connection, stmt: Select, model, cover: Coverage | None) -> pd.DataFrame:
    """The rows `stmt` reads of `model` (a summary table; ordered by authority), of each authority
    from the start `cover` serves it from (the default start when no `cover`), by authority."""
    df = _frame(conn, stmt.where(*_from_start(model, cover.start if cover else EARLIEST)))
    if cover is None or not cover.after:
        return df
    codes = sorted(cover.after)
    later = [
        _frame(
            conn, stmt.where(model.authority_code.in_(codes[i : i + IN_CHUNK]), *_from_start(model, cover.next_start))
        )
        for i in range(0, len(codes), IN_CHUNK)
    ]
    kept = df[[code not in cover.after for code in df["authority_code"].tolist()]] if len(df) else df
    return pd.concat([kept, *later]).sort_values("authority_code", kind="stable").reset_index(drop=True)


def positions(conn: Connection, filters: Filters, cover: Coverage | None = None) -> pd.DataFrame:
    """The stored `summaries.authority_positions` of the authorities the filters select (whole
    authorities: see `coverage`), each from the start `cover` reads it from, by code."""
    # The JSON and date columns come back as the driver gives them and are converted column by
    # column: SQLAlchemy's processing on SQLite (a JSON parse and a date parse through its own
    # calls per cell) costs more than the query itself for the whole country at 100×.
    raw = {"levels", "since", "last_visit", "direction_date", "inadequate_since"}
    stmt = (
        select(
            *[
                type_coerce(getattr(AuthorityPosition, c), Text) if c in raw else getattr(AuthorityPosition, c)
                for c in POSITION_COLUMNS
            ]
        )
        .join(Authority, Authority.code == AuthorityPosition.authority_code)
        .where(*_who(filters, AuthorityPosition.authority_code))
        .order_by(AuthorityPosition.authority_code)
    )
    df = _summary_rows(conn, stmt, AuthorityPosition, cover)
    if len(df):
        df["levels"] = [json.loads(v) if isinstance(v, str) else v for v in df["levels"].tolist()]
        for col in ("since", "last_visit", "direction_date", "inadequate_since"):
            df[col] = pd.Series(
                [dt.date.fromisoformat(v) if isinstance(v, str) else v for v in df[col].tolist()],
                index=df.index,
                dtype=object,
            )
        df["inadequate"] = [bool(v) for v in df["inadequate"].tolist()]
    return df


def episodes(conn: Connection, filters: Filters, cover: Coverage | None = None) -> pd.DataFrame:
    """The stored inadequate episodes (open ones without an end: `summaries.episodes_as_of`) of
    the authorities the filters select, each from the start `cover` reads it from (as
    `positions`), in `summaries.inadequate_episodes`' order and columns."""
    e = AuthorityEpisode
    stmt = (
        select(
            e.authority_code,
            Authority.name.label("authority_name"),
            Authority.nation,
            null().label("region"),
            e.start_date.label("start"),
            e.end_date.label("end"),
            e.open,
            e.months,
            e.exit_level,
            e.exit_phrase,
            e.visits_during,
            e.start_source,
            e.end_source,
            e.visit_dates,
        )
        .join(Authority, Authority.code == e.authority_code)
        .where(*_who(filters, e.authority_code))
        .order_by(e.authority_code, e.seq)
    )
    df = _summary_rows(conn, stmt, e, cover)
    if len(df):
        df["visit_dates"] = [[dt.date.fromisoformat(d) for d in days] if days else [] for days in df["visit_dates"]]
    return df


def _agg(column, sep: str = ";"):
    """Portable string aggregation: group_concat on SQLite, string_agg on PostgreSQL."""
    return func.aggregate_strings(column, sep)


def data_version(conn: Connection) -> tuple:
    """A stamp of the data that changes with every load, upload and undo through any process: the
    newest load run, when the last one finished and the last undo (one aggregate of the small
    load_run table)."""
    return tuple(
        conn.execute(select(func.max(LoadRun.id), func.max(LoadRun.finished_at), func.max(LoadRun.undone_at))).one()
    )


def document(conn: Connection, document_id: int) -> dict | None:
    row = conn.execute(select(SourceDocument.__table__).where(SourceDocument.id == document_id)).mappings().first()
    return dict(row) if row else None


def last_load(conn: Connection) -> tuple[dict | None, pd.DataFrame]:
    """The newest load run and every problem it recorded."""
    run = conn.execute(select(LoadRun.__table__).order_by(LoadRun.id.desc()).limit(1)).mappings().first()
    if run is None:
        return None, pd.DataFrame(columns=["path", "severity", "reason"])
    problems = _frame(
        conn,
        select(LoadProblem.path, LoadProblem.severity, LoadProblem.reason)
        .where(LoadProblem.run_id == run["id"])
        .order_by(LoadProblem.severity, LoadProblem.path),
    )
    info = dict(run)
    return info, problems


def unreadable(conn: Connection) -> pd.DataFrame:
    """Every file any load could not read (its newest reason), for 'what could not be read'."""
    newest = (
        select(LoadProblem.path, func.max(LoadProblem.id).label("id"))
        .where(LoadProblem.severity == "error")
        .group_by(LoadProblem.path)
        .subquery()
    )
    stmt = (
        select(LoadProblem.path, LoadProblem.reason, LoadRun.started_at)
        .join(newest, newest.c.id == LoadProblem.id)
        .join(LoadRun, LoadRun.id == LoadProblem.run_id)
        .where(~LoadProblem.path.in_(select(SourceDocument.path)))
        .order_by(LoadProblem.path)
    )
    return _frame(conn, stmt)


def document_visits(conn: Connection, paths: list[str]) -> pd.DataFrame:
    """Every event of the documents stored under `paths`, with what names the document: its kind,
    inspectorate, links (`url`, `page_url`) and each event's kind and dates. A path a compiled
    table was read from holds one document per authority; `authority_code` tells them apart."""
    wanted = sorted({p for p in paths if isinstance(p, str) and p})
    frames = []
    for i in range(0, len(wanted), 500):
        stmt = (
            select(
                SourceDocument.path.label("source_path"),
                SourceDocument.authority_code,
                SourceDocument.kind.label("source_kind"),
                SourceDocument.inspectorate_id.label("inspectorate"),
                SourceDocument.title,
                SourceDocument.url,
                SourceDocument.page_url,
                EventRow.event_type,
                EventRow.planned,
                EventRow.published_date,
                EventRow.start_date,
                EventRow.start_precision,
                EventRow.end_date,
                EventRow.end_precision,
            )
            .join(EventRow, EventRow.document_id == SourceDocument.id)
            .where(SourceDocument.path.in_(wanted[i : i + 500]))
            .order_by(SourceDocument.path, SourceDocument.authority_code, EventRow.id)
        )
        frames.append(_frame(conn, stmt))
    columns = ["source_path", "authority_code", "source_kind", "inspectorate", "title", "url", "page_url"]
    return pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(columns=columns)


def newest_event_date(conn: Connection) -> dt.date | None:
    """The newest day a visit that took place (not a planned one) speaks for: its end, else its start."""
    return conn.execute(
        select(func.max(func.coalesce(EventRow.end_date, EventRow.start_date))).where(EventRow.planned.is_(False))
    ).scalar()


def theme_counts_by_event(conn: Connection, event_ids: list[int], polarities: tuple[str, ...]) -> list[tuple]:
    """(event id, theme, findings) for the findings of `polarities` in the events `event_ids`: counted
    in the database, so a whole nation's portfolio need not load every finding."""
    ids = sorted(event_ids)
    found: list[tuple[int, str, int]] = []
    for i in range(0, len(ids), 900):
        stmt = (
            select(FindingRow.event_id, FindingTag.tag, func.count())
            .join(FindingTag, (FindingTag.finding_id == FindingRow.id) & (FindingTag.facet == "theme"))
            .where(
                FindingRow.event_id.in_(ids[i : i + 900]), FindingRow.polarity.in_([Polarity(p) for p in polarities])
            )
            .group_by(FindingRow.event_id, FindingTag.tag)
        )
        found += [(int(e), str(t), int(c)) for e, t, c in conn.execute(stmt)]
    return found

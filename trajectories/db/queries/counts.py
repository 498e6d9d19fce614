"""Findings counted by theme and polarity, per visit, per year or per region, summed in SQL from the
counts the store keeps (`event_theme`, `region_theme_year`).

Contract: only real visits (never planned ones) are counted; the counts equal counting the findings'
theme tags one by one.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd
from sqlalchemy import (
    Connection,
    Select,
    false,
    func,
    select,
)

from trajectories.db.models import (
    Authority,
    EventRow,
    EventTheme,
    FindingRow,
    FindingTag,
    RegionThemeYear,
    SourceDocument,
)
from trajectories.db.queries.common import (
    NATIONS,
    _filtered,
    _frame,
)
from trajectories.domain import Filters, Polarity


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

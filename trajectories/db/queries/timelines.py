"""The rows behind every trajectory: authorities, events, judgements, directions of travel, statuses,
and the judgements that two sources read differently.

Contract: rows come in each authority's date order, with their document and character span;
`columns` returns only some columns of the same rows in the same order.
"""

from __future__ import annotations

import pandas as pd
from sqlalchemy import (
    Connection,
    distinct,
    func,
    or_,
    select,
)
from sqlalchemy.orm import aliased

from trajectories.db.models import (
    Authority,
    DirectionRow,
    EventRow,
    JudgementRow,
    SourceDocument,
    StatusRow,
)
from trajectories.db.queries.common import (
    _events_base,
    _filtered,
    _frame,
)
from trajectories.domain import Filters


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
    graded = _graded(when)
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


def _graded(when):
    """The graded, unplanned, dated judgements of authorities read from more than one document, with
    their effective date `when` and their place (`pos`) in the judgements' usual order: a CTE."""
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
    return graded


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

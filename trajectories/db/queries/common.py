"""What every read shares: the filters as SQL conditions, the columns of an event, rows into a DataFrame.

Contract: `_frame` returns plain values (enum members as their string values, dates as `datetime.date`);
the filters reach SQL only as bound parameters (`_who` selects whole authorities, `_when` some of their
events).
"""

from __future__ import annotations

import datetime as dt

import pandas as pd
from sqlalchemy import (
    Connection,
    Enum,
    Select,
    false,
    func,
    or_,
    select,
)

from trajectories.db.models import (
    Authority,
    EventRow,
    SourceDocument,
)
from trajectories.domain import Filters, Nation

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


def _agg(column, sep: str = ";"):
    """Portable string aggregation: group_concat on SQLite, string_agg on PostgreSQL."""
    return func.aggregate_strings(column, sep)

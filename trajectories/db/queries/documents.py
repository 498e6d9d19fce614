"""The documents and the loads: the data's version stamp, a stored document, the last load and what
could not be read, the visits of some documents, what some documents are, the newest visit's date.

Contract: every function reads only; `data_version` changes with every load, upload and undo.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd
from sqlalchemy import (
    Connection,
    func,
    select,
)

from trajectories.db.models import (
    EventRow,
    LoadProblem,
    LoadRun,
    SourceDocument,
)
from trajectories.db.queries.common import (
    _frame,
)


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


def document_kinds(conn: Connection, paths: list[str]) -> dict[str, tuple[str, str, str | None]]:
    """{path: (kind, inspectorate id, title)} of the stored documents among `paths` (others absent)."""
    wanted = sorted({p for p in paths if isinstance(p, str) and p})
    out: dict[str, tuple[str, str, str | None]] = {}
    for i in range(0, len(wanted), 500):  # bound the number of bound parameters per statement
        columns = (SourceDocument.path, SourceDocument.kind, SourceDocument.inspectorate_id, SourceDocument.title)
        rows = conn.execute(select(*columns).where(SourceDocument.path.in_(wanted[i : i + 500])))
        for path, kind, inspectorate, title in rows:
            out[path] = (kind, inspectorate, title)
    return out

"""What an export reads: one filtered view of the data, and the documents its rows came from.

Contract:
- `read_view(conn, filters, today)` reads everything a table or a PDF is made from, only through
  `trajectories.db.queries`. The "current" position is the judgement in force at the end of the
  period asked for (`end_of_period`: today, or the `to` date): earlier history is read even when a
  `from` date is given, so a judgement made before the period still counts as in force during it.
- `documents(conn, paths)` names each source as a reader knows it (`Document`: the kind of visit it
  reports, the kind of document and its date, with the original's address or its inspectorate's
  page where known); a compiled table is named by its kind. Nothing a person reads names a path.
- `step_date`, `effective_text` and `status_records` give dates and statuses with the precision
  their documents gave, so a judgement known only to the month is never shown as if to the day.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterable

import pandas as pd
from sqlalchemy import Connection

from trajectories import analytics, labels, positions
from trajectories.db import queries
from trajectories.domain import Filters
from trajectories.exports.values import as_text, blank, date_text, iso_date


@dataclasses.dataclass(frozen=True)
class Document:
    """A source as a reader meets it: `name` says what document it is (inspectorate, kind, date when
    it has one of its own), `link` is the original's address or its inspectorate page ("" if unknown)."""

    name: str
    link: str = ""
    dated: bool = False


class Documents:
    """The documents behind some rows, by (path, authority) — never shown by path."""

    def __init__(self, found: dict[tuple[str, str], Document]):
        self._found = found
        self._by_path = {path: doc for (path, _), doc in sorted(found.items(), reverse=True)}

    def get(self, path, code=None) -> Document:
        if blank(path):
            return Document("")
        return self._found.get((str(path), as_text(code))) or self._by_path.get(str(path)) or Document("Document")

    def name(self, path, code=None) -> str:
        return self.get(path, code).name


def _visit_day(rec: dict) -> tuple[dt.date | None, str | None]:
    for date, precision in ((rec["end_date"], rec["end_precision"]), (rec["start_date"], rec["start_precision"])):
        if isinstance(date, dt.date):
            return date, precision if isinstance(precision, str) else None
    return None, None


def _document_of(recs: list[dict]) -> Document:
    """One document from its events: named after the latest visit it reports and dated by its
    publication (else that visit's end); a compiled table is named by its kind alone."""
    first = recs[0]
    link = as_text(first["url"]) or as_text(first["page_url"])
    kind = as_text(first["source_kind"])
    if kind.startswith("table:"):
        return Document(labels.document(kind, first["inspectorate"], first["title"]), link)
    visits = [r for r in recs if not r["planned"]] or recs
    main = max(visits, key=lambda r: _visit_day(r)[0] or dt.date.min)
    published = [r["published_date"] for r in recs if isinstance(r["published_date"], dt.date)]
    when, precision = (max(published), "day") if published else _visit_day(main)
    name = labels.document(
        kind, first["inspectorate"], first["title"], when, visit=main["event_type"], precision=precision
    )
    return Document(name, link, when is not None)


def documents(conn: Connection, paths: Iterable) -> Documents:
    """The documents stored under `paths`, each named as a reader knows it (`Document`)."""
    rows = queries.document_visits(conn, [p for p in paths if isinstance(p, str)])
    grouped: dict[tuple[str, str], list[dict]] = {}
    for rec in rows.to_dict("records"):
        grouped.setdefault((rec["source_path"], rec["authority_code"]), []).append(rec)
    return Documents({key: _document_of(recs) for key, recs in grouped.items()})


def paths_of(*frames: pd.DataFrame | None) -> set[str]:
    """The source paths the rows of `frames` came from."""
    found: set[str] = set()
    for df in frames:
        if df is not None and "source_path" in df.columns:
            found |= {p for p in df["source_path"] if isinstance(p, str)}
    return found


def without_start(filters: Filters) -> Filters:
    """The same view without its start date: what was in force when the period began still counts."""
    return dataclasses.replace(filters, date_from=None)


def end_of_period(filters: Filters, today: dt.date | None) -> dt.date:
    today = today or dt.date.today()
    return min(today, filters.date_to) if filters.date_to else today


@dataclasses.dataclass
class View:
    """Everything read for one filtered view; the tables and PDFs are made from it."""

    filters: Filters
    events: pd.DataFrame
    judgements: pd.DataFrame
    history_judgements: pd.DataFrame
    directions: pd.DataFrame
    statuses: pd.DataFrame
    findings: pd.DataFrame | None
    steps: pd.DataFrame
    states: pd.DataFrame
    period_end: dt.date
    precisions: dict = dataclasses.field(default_factory=dict)


def read_view(conn: Connection, filters: Filters, today: dt.date | None, with_findings: bool = True) -> View:
    history = without_start(filters)
    end = end_of_period(filters, today)
    history_judgements = queries.judgements(conn, history)
    history_events = queries.events(conn, history, columns=analytics.VISIT_READS)
    return View(
        filters=filters,
        events=queries.events(conn, filters),
        judgements=queries.judgements(conn, filters) if filters.date_from else history_judgements,
        history_judgements=history_judgements,
        directions=analytics.direction_points(queries.directions(conn, history)),
        statuses=queries.statuses(conn, history),
        findings=queries.findings(conn, filters) if with_findings else None,
        steps=analytics.level_steps(history_judgements, today=end, events=history_events),
        states=positions.states(history_judgements, history_events, today=end),
        period_end=end,
        precisions=_step_precisions(history_judgements),
    )


_FINER = {"year": 0, "month": 1, "day": 2}


def _step_precisions(judgements: pd.DataFrame) -> dict[tuple[str, dt.date], str]:
    """(authority, date a judgement took effect) -> the precision its document gave that date,
    so a judgement known only to the month is never shown as if known to the day."""
    out: dict[tuple[str, dt.date], str] = {}
    if judgements.empty:
        return out
    for code, start, start_p, end, end_p in zip(
        judgements["authority_code"],
        judgements["start_date"],
        judgements["start_precision"],
        judgements["end_date"],
        judgements["end_precision"],
        strict=True,
    ):
        when, precision = (end, end_p) if isinstance(end, dt.date) else (start, start_p)
        if not isinstance(when, dt.date):
            continue
        precision = precision if isinstance(precision, str) and precision in _FINER else "day"
        key = (code, when)
        if key not in out or _FINER[precision] > _FINER[out[key]]:
            out[key] = precision
    return out


def effective_text(rec) -> str:
    """The day a signal speaks for (fieldwork end, else start), with the precision its document gave."""
    if isinstance(rec.get("end_date"), dt.date):
        return date_text(rec["end_date"], rec.get("end_precision"))
    if isinstance(rec.get("start_date"), dt.date):
        return date_text(rec["start_date"], rec.get("start_precision"))
    return iso_date(rec.get("date"))


def step_date(precisions: dict, code: str, when) -> str:
    if not isinstance(when, dt.date):
        return iso_date(when)
    return date_text(when, precisions.get((code, when), "day"))


def status_records(statuses: pd.DataFrame, code: str | None = None) -> dict[str, list[dict]] | list[dict]:
    """The latest record of each regulatory status, newest first: for one authority (a list) or
    for every authority (a dict by code)."""
    if statuses.empty:
        return [] if code else {}
    mine = statuses[statuses["authority_code"] == code].copy() if code else statuses.copy()
    if mine.empty:
        return [] if code else {}
    mine["_when"] = mine["start_date"].map(lambda d: d if isinstance(d, dt.date) else dt.date.min)
    latest = mine.sort_values(["_when", "status_id"]).groupby(["authority_code", "status"]).tail(1)
    latest = latest.sort_values(["_when", "status"], ascending=[False, True])
    by_code = {c: g.to_dict("records") for c, g in latest.groupby("authority_code", sort=False)}
    return by_code.get(code, []) if code else by_code


def latest_directions(directions: pd.DataFrame) -> dict[str, dict]:
    """The newest dated direction-of-travel signal of each authority."""
    if directions.empty:
        return {}
    dated = directions[directions["date"].notna()]
    if dated.empty:
        return {}
    last = dated.sort_values(["authority_code", "date", "direction_id"]).groupby("authority_code").tail(1)
    return {r["authority_code"]: r for r in last.to_dict("records")}

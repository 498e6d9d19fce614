"""Exports a leader can take into a board meeting: CSV, XLSX and PDF briefings. Data in, bytes out.

Contract:
- Every export takes an open Connection (owned by the caller) and a `Filters` value (or one
  authority's ONS code) and returns `bytes`; nothing here writes a file or imports Streamlit.
  Pages offer the bytes as downloads, the command line writes them to a file.
- Every export states its filters in words (`Filters.describe` with authority names), the "as at"
  date of the data and what that date is (when the newest load finished, else the newest event
  date), the sources with the Open Government Licence v3.0 attribution, and the product version.
- `table_frame(conn, filters, name)` is the one place a table's columns are chosen: `export_csv` and
  `export_xlsx` both write it. Columns are fixed and ordered, rows sorted on natural keys (never
  on database ids), dates written with the precision the document gave ("2021-04-26", "2021-04",
  "2021"), levels as numbers with their words beside them, lists joined with "; ".
- `export_csv`: UTF-8 without a byte-order mark, one header row, "\\n" line ends; the same data
  gives the same bytes on SQLite and PostgreSQL. `table_csv` (the command line's machine-readable
  CSV) is `export_statement` as lines beginning "# ", then exactly `export_csv`. `export_xlsx`: an
  "About" sheet stating `export_statement`, then one sheet per table with the header frozen; text
  that looks like a formula is stored as text.
- What a person reads names each source as the document it is (`documents`: kind of visit, kind
  of document, date; the original's address where known), never by the path it was loaded from;
  only the machine-readable CSV keeps the paths, in its code columns.
- `briefing_pdf` (one authority) and `portfolio_pdf` (a filtered group) are A4 PDFs set in
  DejaVu Sans, so Welsh names, dashes and curly quotes render; evidence is quoted verbatim with
  the document it came from. The "current" position is the judgement in force at the end of the
  period asked for (today, or the `to` date): earlier history is read even when a `from` date is
  given, so a judgement made before the period still counts as in force during it.
- `figure_png` draws a plotly figure with kaleido through ONE browser per process, started on
  first use and stopped at exit, in the print template (`charts.PRINT_TEMPLATE`). It never
  downloads a browser: with no Chromium it raises `ChartImageError`, whose message names the fix.
Domain errors raise `ExportError` (unknown authority or table); the command line turns both
errors into one-line messages.
"""

from __future__ import annotations

import atexit
import csv
import dataclasses
import datetime as dt
import functools
import io
import math
import os
import shutil
import threading
import time
import unicodedata
from collections.abc import Iterable
from pathlib import Path

import pandas as pd
from sqlalchemy import Connection, func, select

from trajectories import __version__, analytics, authorities, labels, positions
from trajectories.db import queries
from trajectories.db.models import EventRow
from trajectories.domain import (
    DIRECTION_GLYPHS,
    DIRECTION_LABELS,
    INSPECTORATE_NAMES,
    LEVEL_LABELS,
    Filters,
    Inspectorate,
    PartialDate,
    Polarity,
)
from trajectories.themes import THEMES

PRODUCT = "Local authority improvement trajectories"
LICENCE = "Contains public sector information licensed under the Open Government Licence v3.0."
LICENCE_URL = "https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/"
SOURCES_LINE = (
    "Sources: Ofsted (Crown copyright), Care Inspectorate Wales, the Care Inspectorate (Scotland) and "
    "timelines compiled from their pages; About the data describes each source."
)
TABLES = ("events", "judgements", "findings", "authorities")
MAX_PORTFOLIO_AUTHORITIES = 40
EVIDENCE_PER_THEME = 3
TOP_THEMES = 3
CONCERN = ("concern", "action_required")
STRENGTH = ("strength",)

SOURCE_KINDS = {
    "ofsted_report": "Ofsted inspection reports (files.ofsted.gov.uk), Crown copyright",
    "ofsted_letter": "Ofsted focused and monitoring visit letters, Crown copyright",
    "ciw_letter": "Care Inspectorate Wales letters (careinspectorate.wales)",
    "table:ofsted_outcomes": "Ofsted, \u201cChildren\u2019s social care in England 2023\u201d: latest judgements per authority",
    "table:ofsted_scraped": "grades read from Ofsted\u2019s reports by the ofsted-ilacs-scrape-tool (MIT)",
    "table:wales_timeline": "Welsh timeline compiled from CIW, Welsh Government, council and press pages",
    "table:scotland_timeline": "Scottish timeline compiled from Care Inspectorate and related pages",
}
# The words of statuses, frameworks and mappings are `trajectories.labels`' (one name everywhere).
STATUS_LABELS = labels.STATUSES
FRAMEWORK_LABELS = labels.FRAMEWORKS
QUALITY_WORDS = labels.QUALITIES

# Fixed column order of each table (CSV header and XLSX sheet).
EVENT_TABLE = [
    "authority_code",
    "authority_name",
    "nation",
    "region",
    "inspectorate",
    "event_type",
    "title",
    "start",
    "end",
    "published",
    "planned",
    "framework",
    "focus_area",
    "headline",
    "sources",
    "source_path",
    "source_url",
    "other_source_paths",
]
JUDGEMENT_TABLE = [
    "authority_code",
    "authority_name",
    "nation",
    "inspectorate",
    "event_type",
    "start",
    "end",
    "dimension",
    "subject_type",
    "raw_label",
    "raw_phrase",
    "level",
    "level_words",
    "level_low",
    "level_high",
    "mapping_quality",
    "scale_value",
    "rule",
    "source_path",
    "source_url",
    "span_start",
    "span_end",
]
FINDING_TABLE = [
    "authority_code",
    "authority_name",
    "nation",
    "inspectorate",
    "event_type",
    "start",
    "end",
    "section",
    "seq",
    "polarity",
    "modality",
    "themes",
    "theme_labels",
    "cohorts",
    "text",
    "principle",
    "source_path",
    "source_url",
    "span_start",
    "span_end",
]
AUTHORITY_TABLE = [
    "authority_code",
    "authority_name",
    "welsh_name",
    "nation",
    "region",
    "exists_on",
    "position",
    "level_now",
    "lowest_area_now",
    "inadequate_now",
    "inadequate_areas",
    "inadequate_since",
    "position_date",
    "position_source",
    "mapping_quality",
    "current_phrase",
    "framework",
    "latest_direction",
    "latest_direction_words",
    "latest_direction_phrase",
    "latest_direction_date",
    "latest_direction_source",
    "statuses_recorded",
    "visits",
    "graded_judgements",
]
TABLE_COLUMNS = {
    "events": EVENT_TABLE,
    "judgements": JUDGEMENT_TABLE,
    "findings": FINDING_TABLE,
    "authorities": AUTHORITY_TABLE,
}
TABLE_DESCRIPTIONS = {
    "authorities": "one row per authority in the view: where it stands at the end of the period (its latest full "
    "inspection: an overall grade, the area grades, or not graded since), whether it existed then, "
    "whether it is judged inadequate and since when, the latest direction of travel, regulatory "
    "statuses recorded and how many visits",
    "events": "one row per inspection, visit, letter or planned visit (the same visit read from a report and from an "
    "outcome table is one row, the document preferred)",
    "judgements": "every judgement phrase as written, with the level it maps to, how exact that is and the source",
    "findings": "every finding sentence as written, with its polarity, themes and source",
}


class ExportError(ValueError):
    """An export was asked for something that does not exist. The message is one line."""


class ChartImageError(RuntimeError):
    """A chart could not be drawn as an image. The message names the fix."""


# ---------------------------------------------------------------- small value helpers


def _blank(value) -> bool:
    if value is None or value is pd.NA or value is pd.NaT:
        return True
    if isinstance(value, float) and math.isnan(value):
        return True
    return isinstance(value, str) and not value.strip()


def _text(value) -> str:
    return "" if _blank(value) else str(value)


def _num(value):
    """A level or count as written in a table: 2.0 -> 2, 3.5 -> 3.5, missing -> None."""
    if _blank(value):
        return None
    value = float(value)
    return int(value) if value.is_integer() else value


def _date(value, precision=None) -> str:
    """A stored date with the precision the document gave: '2021-04-26', '2021-04' or '2021'."""
    if _blank(value):
        return ""
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        return _partial_iso(value, precision if isinstance(precision, str) and precision else None)
    return str(value)


@functools.lru_cache(maxsize=1 << 16)
def _partial_iso(value: dt.date, precision: str | None) -> str:
    return PartialDate.stored(value, precision).iso()


def _iso(value) -> str:
    return _date(value)


def level_words(level, low=None, high=None, quality=None) -> str:
    """A level in words: 2 -> 'Requires improvement'; 3.5 (3-4) -> 'between Good and Outstanding'.
    With `quality`, how exact the mapping is follows in brackets unless it is an exact grade."""
    if _blank(level):
        return ""
    level = float(level)
    lo = level if _blank(low) else float(low)
    hi = level if _blank(high) else float(high)
    if level.is_integer():
        words = LEVEL_LABELS.get(int(level), f"{level:g}")
    elif lo != hi and lo.is_integer() and hi.is_integer():
        words = f"between {LEVEL_LABELS.get(int(lo), lo)} and {LEVEL_LABELS.get(int(hi), hi)}"
    else:
        words = f"between {LEVEL_LABELS.get(math.floor(level), level)} and {LEVEL_LABELS.get(math.ceil(level), level)}"
    if quality and str(quality) != "exact" and not _blank(quality):
        words += f" ({QUALITY_WORDS.get(str(quality), str(quality))})"
    return words


def direction_words(value) -> str:
    if _blank(value):
        return ""
    value = int(value)
    return f"{DIRECTION_GLYPHS.get(value, '')} {DIRECTION_LABELS.get(value, value)}".strip()


def _inspectorate_name(value) -> str:
    try:
        return INSPECTORATE_NAMES[Inspectorate(str(value))][0]
    except (ValueError, KeyError):
        return _text(value)


def _framework_words(framework, inspectorate=None) -> str:
    if not _blank(framework):
        return FRAMEWORK_LABELS.get(str(framework), str(framework))
    return _inspectorate_name(inspectorate) if not _blank(inspectorate) else ""


def _event_words(event_type) -> str:
    return labels.event_type(event_type)


def _theme_ids(value) -> list[str]:
    """Themes in the taxonomy's order, whatever order the database aggregated them in."""
    found = {t for t in _text(value).split(";") if t}
    return [t for t in THEMES if t in found] + sorted(found - set(THEMES))


def _theme_label(theme: str) -> str:
    return THEMES.get(theme, (theme.replace("_", " "), ""))[0]


# ---------------------------------------------------------------- names, "as at", sources


def authority_names(welsh: bool = True) -> dict[str, str]:
    """ONS code -> display name, with the Welsh name beside the English one where they differ."""
    names = {}
    for a in authorities.reference():
        name = a.name
        if welsh and a.name_cy and a.name_cy not in (a.name, a.short_name):
            name = f"{a.name} ({a.name_cy})"
        names[a.code] = name
    return names


def describe(filters: Filters) -> str:
    """The filters in words, authorities by name."""
    return filters.describe(authority_names())


@dataclasses.dataclass(frozen=True)
class AsAt:
    """How current the data is: `when` (text) and `basis` (what that date is)."""

    when: str
    basis: str

    def sentence(self) -> str:
        return f"Data as at {self.when} ({self.basis})."


def data_as_at(conn: Connection) -> AsAt:
    """The newest load run's finish time, else the newest event date, saying which."""
    run, _ = queries.last_load(conn)
    if run and run.get("finished_at"):
        return AsAt(f"{run['finished_at']:%Y-%m-%d %H:%M} UTC", "when the newest load of documents finished")
    newest = conn.execute(
        select(func.max(func.coalesce(EventRow.end_date, EventRow.start_date))).where(EventRow.planned.is_(False))
    ).scalar()
    if newest:
        return AsAt(_iso(newest), "the newest event date in the database")
    return AsAt("unknown", "no documents are loaded")


def _sources(frames: Iterable[pd.DataFrame]) -> list[tuple[str, int]]:
    """(description, documents) for each kind of source in the frames, most documents first."""
    paths: dict[str, set[str]] = {}
    for df in frames:
        if df is None or df.empty or "source_kind" not in df:
            continue
        for kind, path in zip(df["source_kind"], df["source_path"], strict=True):
            paths.setdefault(_text(kind), set()).add(_text(path))
    rows = [(SOURCE_KINDS.get(kind, kind), len(found)) for kind, found in paths.items()]
    return sorted(rows, key=lambda r: (-r[1], r[0]))


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
        if _blank(path):
            return Document("")
        return self._found.get((str(path), _text(code))) or self._by_path.get(str(path)) or Document("Document")

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
    link = _text(first["url"]) or _text(first["page_url"])
    kind = _text(first["source_kind"])
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


def _paths(*frames: pd.DataFrame | None) -> set[str]:
    """The source paths the rows of `frames` came from."""
    found: set[str] = set()
    for df in frames:
        if df is not None and "source_path" in df.columns:
            found |= {p for p in df["source_path"] if isinstance(p, str)}
    return found


# ---------------------------------------------------------------- tables


def _history(filters: Filters) -> Filters:
    """The same view without its start date: what was in force when the period began still counts."""
    return dataclasses.replace(filters, date_from=None)


def _period_end(filters: Filters, today: dt.date | None) -> dt.date:
    today = today or dt.date.today()
    return min(today, filters.date_to) if filters.date_to else today


def _column(df: pd.DataFrame, name: str) -> list:
    return df[name].tolist() if name in df.columns else [None] * len(df)


def _dates(df: pd.DataFrame, name: str, precision: str | None = None) -> list[str]:
    precisions = _column(df, precision) if precision else [None] * len(df)
    return [_date(v, p) for v, p in zip(_column(df, name), precisions, strict=True)]


def _nums(df: pd.DataFrame, name: str) -> list:
    return [_num(v) for v in _column(df, name)]


def _frame_of(columns: dict[str, list], order: list[str], keys: list[str]) -> pd.DataFrame:
    """A table with exactly `order` columns, rows sorted on `keys` (blank first), never on ids."""
    df = pd.DataFrame({c: pd.Series(columns[c], dtype="object") for c in order})
    if df.empty:
        return df
    sort = pd.DataFrame({k: [_sort_key(v) for v in df[k]] for k in keys})
    return df.loc[sort.sort_values(keys, kind="mergesort").index].reset_index(drop=True)


def _sort_key(value):
    """Blank sorts first; numbers by value (zero-padded text), everything else as text."""
    if _blank(value):
        return ""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return f"~{float(value):020.6f}"
    return "~" + str(value)


@functools.lru_cache(maxsize=4096)
def _theme_cells(value: str) -> tuple[str, str]:
    ids = _theme_ids(value)
    return "; ".join(ids), "; ".join(_theme_label(t) for t in ids)


def _events_table(events: pd.DataFrame) -> pd.DataFrame:
    visits = analytics.distinct_events(events)
    others = [
        "; ".join(p for p in (paths if isinstance(paths, list) else []) if p != own)
        for paths, own in zip(_column(visits, "source_paths"), _column(visits, "source_path"), strict=True)
    ]
    columns = {
        c: _column(visits, c)
        for c in (
            "authority_code",
            "authority_name",
            "nation",
            "region",
            "inspectorate",
            "event_type",
            "title",
            "framework",
            "focus_area",
            "headline",
            "source_path",
            "source_url",
        )
    }
    columns.update(
        start=_dates(visits, "start_date", "start_precision"),
        end=_dates(visits, "end_date", "end_precision"),
        published=_dates(visits, "published_date"),
        planned=[bool(v) for v in _column(visits, "planned")],
        sources=_nums(visits, "sources"),
        other_source_paths=others,
    )
    return _frame_of(columns, EVENT_TABLE, ["authority_code", "start", "end", "event_type", "source_path", "title"])


def _judgements_table(judgements: pd.DataFrame) -> pd.DataFrame:
    columns = {
        c: _column(judgements, c)
        for c in (
            "authority_code",
            "authority_name",
            "nation",
            "inspectorate",
            "event_type",
            "dimension",
            "subject_type",
            "raw_label",
            "raw_phrase",
            "mapping_quality",
            "scale_value",
            "rule",
            "source_path",
            "source_url",
        )
    }
    columns.update({c: _nums(judgements, c) for c in ("level", "level_low", "level_high", "span_start", "span_end")})
    columns.update(
        start=_dates(judgements, "start_date", "start_precision"),
        end=_dates(judgements, "end_date", "end_precision"),
        level_words=[
            level_words(v, lo, hi)
            for v, lo, hi in zip(
                _column(judgements, "level"),
                _column(judgements, "level_low"),
                _column(judgements, "level_high"),
                strict=True,
            )
        ],
    )
    return _frame_of(
        columns,
        JUDGEMENT_TABLE,
        [
            "authority_code",
            "start",
            "end",
            "source_path",
            "span_start",
            "dimension",
            "subject_type",
            "raw_label",
            "raw_phrase",
        ],
    )


def _findings_table(findings: pd.DataFrame) -> pd.DataFrame:
    columns = {
        c: _column(findings, c)
        for c in (
            "authority_code",
            "authority_name",
            "nation",
            "inspectorate",
            "event_type",
            "section",
            "polarity",
            "modality",
            "text",
            "principle",
            "source_path",
            "source_url",
        )
    }
    columns.update({c: _nums(findings, c) for c in ("seq", "span_start", "span_end")})
    cells = [_theme_cells(_text(v)) for v in _column(findings, "themes")]
    columns.update(
        start=_dates(findings, "start_date", "start_precision"),
        end=_dates(findings, "end_date", "end_precision"),
        themes=[c[0] for c in cells],
        theme_labels=[c[1] for c in cells],
        cohorts=["; ".join(sorted(t for t in _text(v).split(";") if t)) for v in _column(findings, "cohorts")],
    )
    return _frame_of(columns, FINDING_TABLE, ["authority_code", "start", "end", "source_path", "seq", "text"])


@dataclasses.dataclass
class _View:
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


def _read_view(conn: Connection, filters: Filters, today: dt.date | None, with_findings: bool = True) -> _View:
    history = _history(filters)
    end = _period_end(filters, today)
    history_judgements = queries.judgements(conn, history)
    history_events = queries.events(conn, history, columns=analytics.VISIT_READS)
    return _View(
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


def _effective(rec) -> str:
    """The day a signal speaks for (fieldwork end, else start), with the precision its document gave."""
    if isinstance(rec.get("end_date"), dt.date):
        return _date(rec["end_date"], rec.get("end_precision"))
    if isinstance(rec.get("start_date"), dt.date):
        return _date(rec["start_date"], rec.get("start_precision"))
    return _iso(rec.get("date"))


def _step_date(precisions: dict, code: str, when) -> str:
    if not isinstance(when, dt.date):
        return _iso(when)
    return _date(when, precisions.get((code, when), "day"))


def _status_records(statuses: pd.DataFrame, code: str | None = None) -> dict[str, list[dict]] | list[dict]:
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


def _latest_directions(directions: pd.DataFrame) -> dict[str, dict]:
    """The newest dated direction-of-travel signal of each authority."""
    if directions.empty:
        return {}
    dated = directions[directions["date"].notna()]
    if dated.empty:
        return {}
    last = dated.sort_values(["authority_code", "date", "direction_id"]).groupby("authority_code").tail(1)
    return {r["authority_code"]: r for r in last.to_dict("records")}


def _authorities_table(view: _View) -> pd.DataFrame:
    names = authority_names(welsh=False)
    reference = authorities.by_code()
    f = view.filters
    codes = set(view.events["authority_code"]) if not view.events.empty else set()
    codes |= set(f.authorities)
    if f.nations:
        codes = {c for c in codes if c in reference and reference[c].nation.value in f.nations}
    if f.regions:
        codes = {c for c in codes if c in reference and reference[c].region in f.regions}
    position = {r["authority_code"]: r for r in positions.as_at(view.states, view.period_end).to_dict("records")}
    for ln in authorities.LINEAGE:  # a renamed council stands where its predecessor stood until inspected itself
        if (
            ln.kind == "rename"
            and ln.successor in codes
            and ln.successor not in position
            and ln.predecessor in position
        ):
            position[ln.successor] = position[ln.predecessor]
    actual = view.events[~view.events["planned"].astype(bool)] if not view.events.empty else view.events
    visits = analytics.distinct_events(actual) if not actual.empty else actual
    visit_counts = visits["authority_code"].value_counts().to_dict() if not visits.empty else {}
    graded = view.steps["authority_code"].value_counts().to_dict() if not view.steps.empty else {}
    states_by_event = {r["event_id"]: r for r in view.states.to_dict("records")} if not view.states.empty else {}
    latest = _latest_directions(view.directions)
    statuses = _status_records(view.statuses)
    rows: dict[str, list] = {c: [] for c in AUTHORITY_TABLE}
    for code in sorted(codes):
        a = reference.get(code)
        row = dict.fromkeys(AUTHORITY_TABLE)
        row.update(
            authority_code=code,
            authority_name=names.get(code, code),
            welsh_name=a.name_cy if a and a.name_cy and a.name_cy != a.short_name else None,
            nation=a.nation.value if a else None,
            region=a.region if a else None,
            visits=int(visit_counts.get(code, 0)),
            graded_judgements=int(graded.get(code, 0)),
        )
        exists = a is None or (
            (a.valid_from is None or a.valid_from <= view.period_end)
            and (a.valid_to is None or view.period_end <= a.valid_to)
        )
        row.update(exists_on=exists, inadequate_now="no", position="no full inspection recorded")
        p = position.get(code)
        if p is not None:
            state = states_by_event.get(p["event_id"], {})
            row.update(
                position=p["position"],
                level_now=_num(p["level"]),
                lowest_area_now=_num(p["lowest_area"]),
                inadequate_now="yes" if p["inadequate"] else "no",
                inadequate_areas="; ".join(p["inadequate_areas"]) or None,
                inadequate_since=_step_date(view.precisions, code, p["inadequate_since"]),
                position_date=_step_date(view.precisions, code, p["position_date"])
                + (" (approximate: publication date)" if p["approximate_date"] else ""),
                position_source=p["position_source"],
                mapping_quality=p["mapping_quality"],
                current_phrase=state.get("raw_phrase"),
                framework=_framework_words(state.get("framework"), p["inspectorate"]),
            )
        d = latest.get(code)
        if d is not None:
            row.update(
                latest_direction=int(d["direction"]),
                latest_direction_words=direction_words(d["direction"]),
                latest_direction_phrase=d["raw_phrase"],
                latest_direction_date=_effective(d),
                latest_direction_source=d["source_path"],
            )
        row["statuses_recorded"] = "; ".join(
            f"{STATUS_LABELS.get(s['status'], s['status'])} ({_date(s['start_date'], s['start_precision']) or 'undated'})"
            for s in statuses.get(code, [])
        )
        for c in AUTHORITY_TABLE:
            rows[c].append(row[c])
    return _frame_of(rows, AUTHORITY_TABLE, ["nation", "authority_name", "authority_code"])


def table_frame(
    conn: Connection, filters: Filters, name: str = "events", *, today: dt.date | None = None
) -> pd.DataFrame:
    """One of TABLES for a filtered view, with its fixed columns (`TABLE_COLUMNS[name]`)."""
    if name not in TABLES:
        raise ExportError(f"unknown table {name!r}: choose one of {', '.join(TABLES)}")
    if name == "events":
        return _events_table(queries.events(conn, filters))
    if name == "judgements":
        return _judgements_table(queries.judgements(conn, filters))
    if name == "findings":
        return _findings_table(queries.findings(conn, filters))
    return _authorities_table(_read_view(conn, filters, today, with_findings=False))


def _cell(value):
    if _blank(value):
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return f"{value:g}" if not value.is_integer() else str(int(value))
    return str(value)


def export_csv(conn: Connection, filters: Filters, table: str = "events", *, today: dt.date | None = None) -> bytes:
    """One table of the filtered view as UTF-8 CSV: header row, fixed columns, '\\n' line ends."""
    df = table_frame(conn, filters, table, today=today)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(df.columns)
    for row in df.itertuples(index=False):
        writer.writerow([_cell(v) for v in row])
    return out.getvalue().encode("utf-8")


# Columns of the tables that hold the paths documents were loaded from (read by machines only).
PATH_COLUMNS = ("source_path", "other_source_paths", "position_source", "latest_direction_source")


def table_documents(conn: Connection, *tables: pd.DataFrame) -> Documents:
    """The documents the `PATH_COLUMNS` of `tables` name."""
    paths = set()
    for df in tables:
        for col in PATH_COLUMNS:
            if col in df.columns:
                paths |= {p for v in df[col] for p in _text(v).split("; ") if p}
    return documents(conn, paths)


def plain_table(df: pd.DataFrame, docs: Documents) -> pd.DataFrame:
    """A table as people read it (`labels.plain_export`): a header in words for each column, words
    for codes, and each code column kept beside its words under a header ending in "code". Sources
    are named as documents (`docs`), never by path, with the link to the original where known."""
    out = labels.plain_export(df)
    codes = _column(df, "authority_code")
    for col in PATH_COLUMNS:
        if col not in df.columns:
            continue
        named = [
            "; ".join(dict.fromkeys(docs.name(p, c) for p in _text(v).split("; ") if p))
            for v, c in zip(df[col], codes, strict=True)
        ]
        out = out.rename(columns={labels.CODED[col]: labels.header(col)})
        out[labels.header(col)] = named
    if "source_url" in df.columns and "source_path" in df.columns:
        out[labels.header("source_url")] = [
            _text(u) or docs.get(p, c).link for u, p, c in zip(df["source_url"], df["source_path"], codes, strict=True)
        ]
    return out


def about_lines(conn: Connection, filters: Filters, what: str, frames: Iterable[pd.DataFrame] = ()) -> list[str]:
    """What a downloaded table states before its rows: what it is, the filters in words, the "as
    at" date and what it is, the sources, the licence and the product version."""
    stamp = data_as_at(conn)
    sources = "; ".join(f"{d}: {n} document{'s' if n != 1 else ''}" for d, n in _sources(frames)) or SOURCES_LINE
    return [
        f"{PRODUCT}: {what}",
        f"Filters: {describe(filters)}",
        stamp.sentence(),
        f"Sources: {sources}",
        f"Licence: {LICENCE} {LICENCE_URL}",
        f"Product version: trajectories {__version__}",
        'Codes: columns whose header ends in "code" or "codes" keep the stable codes for machines.',
    ]


def frame_csv(lines: list[str], df: pd.DataFrame) -> bytes:
    """`lines` (each starting "# ", so `pandas.read_csv(..., comment="#")` skips them), then a
    header row and the rows of `df` as UTF-8 CSV with "\\n" line ends."""
    out = io.StringIO()
    for line in lines:
        out.write("# " + line.replace("\n", " ") + "\n")
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(df.columns)
    for row in df.itertuples(index=False):
        writer.writerow([_cell(v) for v in row])
    return out.getvalue().encode("utf-8")


def download_csv(conn: Connection, filters: Filters, table: str = "events", *, today: dt.date | None = None) -> bytes:
    """One table of the filtered view as a CSV for people and machines: `about_lines` first, then
    `plain_table` of `table_frame`."""
    df = table_frame(conn, filters, table, today=today)
    source = {"events": "source_kind"}.get(table)
    frames = [queries.events(conn, filters)] if source else []
    lines = about_lines(conn, filters, f"{table} ({TABLE_DESCRIPTIONS[table]})", frames)
    return frame_csv(lines, plain_table(df, table_documents(conn, df)))


# ---------------------------------------------------------------- XLSX


def _table_sheet(wb, name: str, df: pd.DataFrame, bold) -> None:
    """One table as a sheet of a write-only workbook: widths fitted, a bold header, frozen under it."""
    from openpyxl.cell import WriteOnlyCell

    ws = wb.create_sheet(name)
    ws.freeze_panes = "A2"
    for i, col in enumerate(df.columns, start=1):
        ws.column_dimensions[_column_letter(i)].width = _width(col, df[col])
    header = []
    for col in df.columns:
        c = WriteOnlyCell(ws, value=col)
        c.font = bold
        header.append(c)
    ws.append(header)
    for row in df.itertuples(index=False):
        ws.append([_xlsx_cell(ws, v) for v in row])


def frame_xlsx(lines: list[str], df: pd.DataFrame) -> bytes:
    """A table as a workbook: an "About" sheet holding `lines`, then "Table" with the header frozen."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    wb = Workbook(write_only=True)
    about = wb.create_sheet("About")
    about.column_dimensions["A"].width = 120
    for line in lines:
        about.append([_xlsx_value(line)])
    _table_sheet(wb, "Table", df, Font(bold=True))
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


WIDTHS = {
    "text": 90,
    "headline": 60,
    "title": 40,
    "raw_phrase": 40,
    "current_phrase": 40,
    "latest_direction_phrase": 40,
    "statuses_recorded": 50,
    "source_path": 50,
    "position_source": 50,
    "position": 45,
    "latest_direction_source": 50,
    "other_source_paths": 50,
    "source_url": 40,
    "theme_labels": 45,
    "authority_name": 28,
}


def export_xlsx(conn: Connection, filters: Filters, as_at: dt.date | None = None) -> bytes:
    """The filtered view as a workbook: "About" (filters, as at, sources, licence, version), then
    Authorities, Events, Judgements and Findings. `as_at` is the day current positions are worked
    out for (default today; the `to` date of the filters if earlier)."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Alignment, Font

    view = _read_view(conn, filters, as_at)
    tables = {
        "Authorities": _authorities_table(view),
        "Events": _events_table(view.events),
        "Judgements": _judgements_table(view.judgements),
        "Findings": _findings_table(view.findings),
    }
    docs = table_documents(conn, *tables.values())
    sheets = {name: plain_table(df, docs) for name, df in tables.items()}
    stamp = data_as_at(conn)
    wb = Workbook(write_only=True)
    about = wb.create_sheet("About")
    about.column_dimensions["A"].width = 30
    about.column_dimensions["B"].width = 110
    bold = Font(bold=True)
    wrap = Alignment(wrap_text=True, vertical="top")

    def line(label: str = "", value: str = "", strong: bool = False):
        a = WriteOnlyCell(about, value=label)
        a.font = bold
        a.alignment = wrap
        b = WriteOnlyCell(about, value=_xlsx_value(value))
        b.alignment = wrap
        if strong:
            b.font = bold
        if isinstance(b.value, str):
            b.data_type = "s"
        about.append([a, b])

    statement = export_statement(
        conn,
        filters,
        view.period_end,
        {f"Sheet {name}": (len(df), name.lower()) for name, df in sheets.items()},
        [view.events, view.judgements],
        stamp,
    )
    statement += [
        (
            "",
            "Each row names the document it came from (\u201cDocument\u201d, and \u201cLink to the original\u201d "
            "where known). Columns whose header ends in \u201ccode\u201d keep the stable codes for machines.",
        )
    ]
    for label, value in statement:
        line(label, value, strong=label == PRODUCT)

    for name, df in sheets.items():
        _table_sheet(wb, name, df, bold)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def export_statement(
    conn: Connection,
    filters: Filters,
    period_end: dt.date,
    tables: dict[str, tuple[int, str]],
    frames: Iterable[pd.DataFrame] | None = None,
    stamp: AsAt | None = None,
) -> list[tuple[str, str]]:
    """What a data export states, as (label, value) lines ("" label: the line goes on the one
    before; ("", "") a gap): the filters, the "as at" date and what it is, the day positions are
    worked out for, the version, each table (`tables`: label -> (rows, `TABLES` name)), how
    levels and dates are written, the sources of `frames` (default: the events in view) and the
    licence. The XLSX About sheet and the machine-readable CSV both state exactly these."""
    stamp = stamp or data_as_at(conn)
    frames = [queries.events(conn, filters)] if frames is None else frames
    lines = [
        (PRODUCT, "data export"),
        ("Filters", describe(filters)),
        ("Data as at", stamp.when),
        ("What that date is", stamp.basis),
        (
            "Positions worked out for",
            f"{period_end.isoformat()} (the judgement in force on that day counts as current)",
        ),
        ("Product version", f"trajectories {__version__}"),
        ("", ""),
    ]
    for label, (rows, table) in tables.items():
        lines.append((label, f"{rows} rows: {TABLE_DESCRIPTIONS[table]}"))
    lines += [
        ("", ""),
        (
            "Levels",
            "1 Inadequate, 2 Requires improvement, 3 Good, 4 Outstanding. A level holds until the next full "
            "inspection, graded or not. Direction of travel (\u22122 \u2026 +2, from monitoring letters) and "
            "regulatory statuses are separate signals, never grades. \u201cHow exact\u201d says how exactly a "
            "phrase maps to a level.",
        ),
        ("Dates", "As precise as the document gave them: a day (2021-04-26), a month (2021-04) or a year (2021)."),
        ("", ""),
    ]
    for i, (description, count) in enumerate(_sources(frames)):
        lines.append(("Sources" if i == 0 else "", f"{description}: {count} document{'s' if count != 1 else ''}"))
    return lines + [("Licence", LICENCE), ("", LICENCE_URL)]


def table_csv(conn: Connection, filters: Filters, table: str = "events", *, today: dt.date | None = None) -> bytes:
    """The machine-readable CSV of one table: `export_statement` as lines beginning "# " (so
    `pandas.read_csv(path, comment="#")` skips them), then exactly `export_csv`: snake_case
    headers and stable codes, one row per line."""
    df = table_frame(conn, filters, table, today=today)
    lines = export_statement(conn, filters, _period_end(filters, today), {f"Table {table}": (len(df), table)})
    lines.append(
        (
            "Columns",
            "stable codes for machines (authority ONS codes, kinds of visit, inspectorates, themes), levels as "
            'numbers, lists joined with "; "; each row names the file it was read from and, where known, '
            "the address of the original",
        )
    )
    text = [f"{label}: {value}" if label and value else label or value for label, value in lines if label or value]
    return frame_csv(text, df)


def _xlsx_value(value):
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    if _blank(value):
        return None
    if isinstance(value, (bool, int, float)):
        return value
    return ILLEGAL_CHARACTERS_RE.sub(" ", str(value))


def _xlsx_cell(ws, value):
    value = _xlsx_value(value)
    if isinstance(value, str) and value[:1] in "=+-@":
        from openpyxl.cell import WriteOnlyCell

        cell = WriteOnlyCell(ws, value=value)
        cell.data_type = "s"  # text, never a formula
        return cell
    return value


def _column_letter(i: int) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter(i)


def _width(name: str, values: pd.Series) -> float:
    if name in WIDTHS:
        return WIDTHS[name]
    by_header = {labels.header(k): v for k, v in WIDTHS.items()} | {
        labels.CODED.get(k, k): v for k, v in WIDTHS.items()
    }
    if name in by_header:
        return by_header[name]
    sample = [len(_cell(v)) for v in values.head(500)]
    return float(min(max([len(name), *sample]) + 2, 40))


# ---------------------------------------------------------------- chart images (kaleido)


_KALEIDO_LOCK = threading.Lock()
_server_started = False
RENDER_TIMEOUT = 120.0  # seconds; kaleido times out one render after 90


def chromium_path() -> str | None:
    """The browser kaleido will use: BROWSER_PATH when set, else chromium or Chrome on PATH."""
    wanted = os.environ.get("BROWSER_PATH", "").strip()
    if wanted:
        return wanted if os.access(wanted, os.X_OK) else None
    for name in ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable"):
        found = shutil.which(name)
        if found:
            return found
    return "/usr/bin/chromium" if os.access("/usr/bin/chromium", os.X_OK) else None


def _no_browser_message() -> str:
    wanted = os.environ.get("BROWSER_PATH", "").strip()
    where = f"BROWSER_PATH={wanted!r} is not an executable" if wanted else "no Chromium or Chrome was found"
    return (
        f"cannot draw the chart image: {where}; install Debian's browser with `apt-get install chromium` "
        "(or set BROWSER_PATH to a Chromium/Chrome executable)"
    )


def _stop_server() -> None:
    global _server_started
    if _server_started:
        import kaleido

        kaleido.stop_sync_server(silence_warnings=True)
        _server_started = False


def _server_alive(kaleido) -> bool:
    # kaleido offers no health check; its server runs in one thread, which ends if the browser fails.
    thread = getattr(getattr(kaleido, "_global_server", None), "_thread", None)
    return thread is None or thread.is_alive()


def figure_png(fig, width: int = 1000, height: int = 620, scale: float = 2.0) -> bytes:
    """A plotly figure as PNG bytes, drawn by the process's one kaleido browser (started lazily)."""
    global _server_started
    browser = chromium_path()
    if browser is None:
        raise ChartImageError(_no_browser_message())
    import kaleido
    import plotly.io as pio

    from trajectories import charts

    spec = fig.to_dict() if hasattr(fig, "to_dict") else dict(fig)
    spec["layout"] = {**spec.get("layout", {}), "template": pio.templates[charts.PRINT_TEMPLATE].to_plotly_json()}
    opts = {"format": "png", "width": int(width), "height": int(height), "scale": scale}
    with _KALEIDO_LOCK:
        if not _server_started:
            kaleido.start_sync_server(silence_warnings=True, path=browser, mathjax=False)
            if not getattr(figure_png, "_atexit", False):
                atexit.register(_stop_server)
                figure_png._atexit = True
            _server_started = True
        result: dict = {}
        done = threading.Event()

        def work():
            try:
                result["png"] = kaleido.calc_fig_sync(spec, opts=opts)
            except BaseException as exc:  # handed to the caller below
                result["error"] = exc
            finally:
                done.set()

        threading.Thread(target=work, name="chart-image", daemon=True).start()
        deadline = time.monotonic() + RENDER_TIMEOUT
        while not done.wait(0.2):
            if not _server_alive(kaleido):
                _stop_server()
                raise ChartImageError(
                    f"cannot draw the chart image: the browser at {browser} did not start or stopped; "
                    "check that it runs headless, or reinstall it with `apt-get install chromium`"
                )
            if time.monotonic() > deadline:
                raise ChartImageError(
                    f"cannot draw the chart image: no answer from the browser at {browser} after {RENDER_TIMEOUT:.0f} s"
                )
        if "error" in result:
            error = result["error"]
            if error.__class__.__name__ == "ChromeNotFoundError":
                _stop_server()
                raise ChartImageError(_no_browser_message()) from error
            raise ChartImageError(
                f"cannot draw the chart image: {error.__class__.__name__}: {str(error)[:200]}"
            ) from error
        return result["png"]


# ---------------------------------------------------------------- PDF building blocks


FONT_DIR = Path(os.environ.get("TRAJECTORIES_FONT_DIR", "/usr/share/fonts/truetype/dejavu"))
FONT_FILES = {"": "DejaVuSans.ttf", "B": "DejaVuSans-Bold.ttf", "I": "DejaVuSans-Oblique.ttf"}
FONT = "DejaVu"
INK = (33, 33, 33)
MUTED = (100, 100, 100)
ACCENT = (0, 84, 147)
LEVEL_FILL = {1: (250, 219, 199), 2: (252, 235, 196), 3: (204, 236, 222), 4: (204, 224, 242)}
# Characters some PDF extractions leave in the text, with what they stand for.
_REPLACE = {"\u23af": "\u2014", "\u00ad": ""}


def _font_paths() -> dict[str, Path]:
    paths = {style: FONT_DIR / name for style, name in FONT_FILES.items()}
    missing = [str(p) for p in paths.values() if not p.exists()]
    if missing:
        raise ExportError(
            f"font not found: {missing[0]}; install it with `apt-get install fonts-dejavu-core` "
            "(or set TRAJECTORIES_FONT_DIR to a folder holding the DejaVu Sans TTF files)"
        )
    return paths


@functools.lru_cache(maxsize=1)
def _covered() -> frozenset[int]:
    """Code points every registered font style can draw."""
    from fontTools.ttLib import TTFont

    sets = [set(TTFont(str(path), lazy=True).getBestCmap()) for path in _font_paths().values()]
    return frozenset(set.intersection(*sets))


def pdf_text(value) -> str:
    """Text as the PDF sets it: whitespace runs become one space; a character the fonts cannot draw
    becomes what it stands for (symbol-font private-use code points, compatibility forms) or '?'."""
    text = " ".join(_text(value).split())
    covered = _covered()
    if all(ord(ch) in covered for ch in text):
        return text
    out = []
    for ch in text:
        code = ord(ch)
        if code in covered:
            out.append(ch)
        elif ch in _REPLACE:
            out.append(_REPLACE[ch])
        elif 0xF020 <= code <= 0xF0FF and (code - 0xF000) in covered:  # symbol fonts' private-use range
            out.append(chr(code - 0xF000))
        else:
            folded = unicodedata.normalize("NFKD", ch)
            out.append(folded if folded != ch and all(ord(c) in covered for c in folded) else "?")
    return "".join(out)


def _quote(text) -> str:
    return f"\u201c{pdf_text(text)}\u201d"


def _new_pdf(title: str, footer: list[str]):
    from fpdf import FPDF

    class Briefing(FPDF):
        def footer(self):
            self.set_y(-17)
            self.set_font(FONT, "", 7)
            self.set_text_color(*MUTED)
            for text in footer:
                self.multi_cell(0, 3.2, text, align="C", new_x="LMARGIN", new_y="NEXT")
            self.cell(0, 3.2, f"page {self.page_no()} of {{nb}}", align="C")

    pdf = Briefing(format="A4")
    for style, path in _font_paths().items():
        pdf.add_font(FONT, style, str(path))
    pdf.set_margins(15, 14, 15)
    pdf.set_auto_page_break(True, margin=22)
    pdf.set_title(title)
    pdf.set_author(PRODUCT)
    pdf.set_creator(f"trajectories {__version__}")
    pdf.set_lang("en-GB")
    pdf.add_page()
    pdf.set_text_color(*INK)
    return pdf


def _footer(stamp: AsAt) -> list[str]:
    return [f"{LICENCE} {SOURCES_LINE}", f"{PRODUCT} {__version__} \u2014 data as at {stamp.when} ({stamp.basis})."]


def _title(pdf, title: str, subtitle: str) -> None:
    pdf.set_font(FONT, "B", 17)
    pdf.set_text_color(*ACCENT)
    pdf.multi_cell(0, 8, pdf_text(title), align="L", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(FONT, "", 10.5)
    pdf.set_text_color(*MUTED)
    pdf.multi_cell(0, 5.5, pdf_text(subtitle), align="L", new_x="LMARGIN", new_y="NEXT")
    pdf.set_text_color(*INK)
    pdf.ln(1)


def _heading(pdf, text: str, need: float = 28) -> None:
    if pdf.will_page_break(need):
        pdf.add_page()
    pdf.ln(2.5)
    pdf.set_font(FONT, "B", 12.5)
    pdf.set_text_color(*ACCENT)
    pdf.multi_cell(0, 6.5, pdf_text(text), align="L", new_x="LMARGIN", new_y="NEXT")
    pdf.set_draw_color(*ACCENT)
    pdf.set_line_width(0.3)
    pdf.line(pdf.l_margin, pdf.get_y(), pdf.w - pdf.r_margin, pdf.get_y())
    pdf.ln(1.5)
    pdf.set_text_color(*INK)


def _subheading(pdf, text: str, need: float = 18) -> None:
    if pdf.will_page_break(need):
        pdf.add_page()
    pdf.ln(1)
    pdf.set_font(FONT, "B", 10.5)
    pdf.multi_cell(0, 5.5, pdf_text(text), align="L", new_x="LMARGIN", new_y="NEXT")


def _para(pdf, text: str, size: float = 9.5, style: str = "", colour=INK, height: float = 4.8) -> None:
    pdf.set_font(FONT, style, size)
    pdf.set_text_color(*colour)
    pdf.multi_cell(0, height, pdf_text(text), align="L", new_x="LMARGIN", new_y="NEXT")
    pdf.set_text_color(*INK)


def _rich(pdf, parts: list[tuple[str, str]], size: float = 9.5, height: float = 4.8) -> None:
    """One paragraph of runs in different styles: [("B", "Level: "), ("", "Good")]."""
    pdf.set_x(pdf.l_margin)
    for style, text in parts:
        pdf.set_font(FONT, style, size)
        lead = " " if text[:1].isspace() else ""
        tail = " " if text[-1:].isspace() else ""
        pdf.write(height, lead + pdf_text(text) + tail if text.strip() else text)
    pdf.ln(height)


def _facts(pdf, rows: list[tuple[str, str]], label_width: float = 42, size: float = 9.5) -> None:
    """Label / value pairs in two columns; a long label or value wraps within its column."""
    for label, value in rows:
        if pdf.will_page_break(10):
            pdf.add_page()
        top = pdf.get_y()
        pdf.set_font(FONT, "B", size)
        pdf.set_xy(pdf.l_margin, top)
        pdf.multi_cell(label_width, 4.8, pdf_text(label), align="L", new_x="LMARGIN", new_y="NEXT")
        after_label, label_page = pdf.get_y(), pdf.page
        pdf.set_font(FONT, "", size)
        pdf.set_xy(pdf.l_margin + label_width, top)
        pdf.multi_cell(0, 4.8, pdf_text(value), align="L", new_x="LMARGIN", new_y="NEXT")
        if pdf.page == label_page:
            pdf.set_y(max(pdf.get_y(), after_label))
        pdf.ln(0.8)


def _table(
    pdf,
    headings: list[str],
    rows: list[list[str]],
    widths: tuple[float, ...],
    size: float = 8.5,
    fills: list | None = None,
) -> None:
    from fpdf.fonts import FontFace

    pdf.set_font(FONT, "", size)
    with pdf.table(
        col_widths=widths,
        width=pdf.epw,
        text_align="LEFT",
        line_height=size * 0.5,
        headings_style=FontFace(emphasis="BOLD", fill_color=(232, 236, 241)),
        borders_layout="SINGLE_TOP_LINE",
        padding=(0.8, 1.2),
        v_align="TOP",
    ) as t:
        t.row([pdf_text(h) for h in headings])
        for i, row in enumerate(rows):
            style = FontFace(fill_color=fills[i]) if fills and fills[i] else None
            t.row([pdf_text(v) for v in row], style=style)
    pdf.ln(2)


# ---------------------------------------------------------------- briefing for one authority


def _authority(code: str):
    found = authorities.by_code().get(code)
    if found is None:
        raise ExportError(f"unknown authority code {code!r}")
    return found


def _episode_rows(episodes: pd.DataFrame, precisions: dict) -> list[list[str]]:
    rows = []
    for e in episodes.to_dict("records"):
        exit_grade = (
            "\u2014"
            if e["open"]
            else f"{level_words(e['exit_level'])} \u2014 {_quote(e['exit_phrase'])}"
            if not _blank(e["exit_phrase"])
            else level_words(e["exit_level"])
        )
        code = e["authority_code"]
        rows.append(
            [
                _step_date(precisions, code, e["start"]),
                "still open" if e["open"] else _step_date(precisions, code, e["end"]),
                labels.duration(e["months"]),
                exit_grade,
                str(int(e["visits_during"])),
            ]
        )
    return rows


def theme_counts(findings: pd.DataFrame, tagged: pd.DataFrame | None = None) -> pd.DataFrame:
    """Per theme: concern (concern or action required) and strength findings, and in how many
    visits. `tagged` is `analytics.findings_by_theme(findings)` when the caller has it already."""
    cols = ["theme", "label", "concerns", "concern_visits", "strengths", "strength_visits"]
    if findings is None or findings.empty:
        return pd.DataFrame(columns=cols)
    tagged = analytics.findings_by_theme(findings) if tagged is None else tagged
    tagged = tagged[tagged["theme"] != "untagged"]
    kind = tagged["polarity"].map(lambda p: "concern" if p in CONCERN else "strength" if p in STRENGTH else None)
    grouped = {key: g for key, g in tagged.assign(_kind=kind).groupby(["theme", "_kind"])}
    rows = []
    for theme in THEMES:
        concerns = grouped.get((theme, "concern"), tagged.iloc[0:0])
        strengths = grouped.get((theme, "strength"), tagged.iloc[0:0])
        rows.append(
            {
                "theme": theme,
                "label": _theme_label(theme),
                "concerns": len(concerns),
                "concern_visits": concerns["event_id"].nunique(),
                "strengths": len(strengths),
                "strength_visits": strengths["event_id"].nunique(),
            }
        )
    return pd.DataFrame(rows, columns=cols)


def _top(counts: pd.DataFrame, kind: str, n: int = TOP_THEMES) -> pd.DataFrame:
    """Themes that recur most: raised in most visits, then most findings."""
    col, visits = ("concerns", "concern_visits") if kind == "concern" else ("strengths", "strength_visits")
    if counts.empty:
        return counts
    ranked = counts[counts[col] > 0].sort_values([visits, col, "theme"], ascending=[False, False, True])
    return ranked.head(n)


def _evidence(
    tagged: pd.DataFrame,
    theme: str,
    polarities: tuple[str, ...],
    n: int = EVIDENCE_PER_THEME,
    used: set[str] | None = None,
) -> list[dict]:
    """A few finding sentences of one theme, each from a different visit where it can be (newest
    visit first): within a visit, the first polarity listed before the others, letters and reports
    before table rows, sentences of a readable length first. A text in `used` is not quoted again.
    `tagged` is `analytics.findings_by_theme(findings)`."""
    used = used if used is not None else set()
    mine = tagged[(tagged["theme"] == theme) & tagged["polarity"].isin(polarities)].copy()
    if mine.empty:
        return []
    mine["_pol"] = mine["polarity"].map(lambda p: polarities.index(p))
    mine["_doc"] = mine["source_kind"].map(lambda k: 0 if analytics.is_document(k) else 1)
    mine["_when"] = mine["start_date"].map(lambda d: d if isinstance(d, dt.date) else dt.date.min)
    mine["_long"] = mine["text"].map(lambda t: len(_text(t)) > 420)
    mine = mine.sort_values(
        ["_when", "event_id", "_long", "_pol", "_doc", "seq"], ascending=[False, False, True, True, True, True]
    )
    by_visit: dict[int, list[dict]] = {}
    for rec in mine.to_dict("records"):
        by_visit.setdefault(rec["event_id"], []).append(rec)
    picked: list[dict] = []
    queues = list(by_visit.values())
    while queues and len(picked) < n:
        for queue in list(queues):
            while queue:
                rec = queue.pop(0)
                key = " ".join(_text(rec["text"]).split()).lower()
                if key not in used:
                    used.add(key)
                    picked.append(rec)
                    break
            if not queue:
                queues.remove(queue)
            if len(picked) == n:
                break
    return picked


def _evidence_block(pdf, recs: list[dict], docs: Documents) -> None:
    """Each quoted finding, then the document it is quoted from (dated by the visit when the
    document has no date of its own) and the link to the original where known."""
    for rec in recs:
        if pdf.will_page_break(16):
            pdf.add_page()
        pdf.set_x(pdf.l_margin + 4)
        pdf.set_font(FONT, "I", 9)
        pdf.multi_cell(pdf.epw - 4, 4.5, _quote(rec["text"]), align="L", new_x="LMARGIN", new_y="NEXT")
        doc = docs.get(rec["source_path"], rec["authority_code"])
        where = pdf_text(doc.name)
        if not doc.dated:
            where = f"{_date(rec['start_date'], rec['start_precision']) or 'undated'} \u2013 {where}"
        link = _text(rec.get("source_url")) or doc.link
        if link:
            where += f" \u2013 {pdf_text(link)}"
        pdf.set_x(pdf.l_margin + 4)
        pdf.set_font(FONT, "", 7.5)
        pdf.set_text_color(*MUTED)
        pdf.multi_cell(pdf.epw - 4, 3.6, where, align="L", new_x="LMARGIN", new_y="NEXT")
        pdf.set_text_color(*INK)
        pdf.ln(1)


def _level_fill(level):
    return None if _blank(level) else LEVEL_FILL.get(int(math.floor(float(level) + 0.5)))


def briefing_pdf(
    conn: Connection,
    code: str,
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
    today: dt.date | None = None,
    *,
    chart: bool = True,
) -> bytes:
    """A briefing on one authority: trajectory chart, current position, inadequate episodes,
    recurring themes with verbatim evidence, planned visits; filters, as at, sources, version.
    `chart=False` leaves the chart image out (no browser needed)."""
    today = today or dt.date.today()
    ref = _authority(code)
    filters = Filters(authorities=(code,), date_from=date_from, date_to=date_to)
    view = _read_view(conn, filters, today)
    docs = documents(conn, _paths(view.events, view.history_judgements, view.directions, view.findings))
    stamp = data_as_at(conn)
    name = f"{ref.name} ({ref.name_cy})" if ref.name_cy and ref.name_cy not in (ref.name, ref.short_name) else ref.name
    title = f"{name} \u2013 children\u2019s services briefing"
    pdf = _new_pdf(title, _footer(stamp))
    inspectorates = (
        sorted({_inspectorate_name(i) for i in view.events["inspectorate"]}) if not view.events.empty else []
    )
    _title(
        pdf,
        title,
        f"{ref.nation.value}"
        + (f" \u2013 {ref.region}" if ref.region and ref.region != ref.nation.value else "")
        + (f" \u2013 {', '.join(inspectorates)}" if inspectorates else ""),
    )
    _facts(
        pdf,
        [
            ("Covers", describe(filters)),
            ("Data as at", f"{stamp.when} ({stamp.basis})"),
            (
                "Position as at",
                f"{view.period_end.isoformat()}"
                + (" (the end of the period asked for)" if view.period_end != today else " (today)"),
            ),
        ],
        label_width=38,
    )

    if chart:
        png = _trajectory_png(view, ref, today)
        if pdf.will_page_break(pdf.epw * 620 / 1000):
            pdf.add_page()
        pdf.image(
            io.BytesIO(png),
            w=pdf.epw,
            alt_text=f"Trajectory of {ref.name}: graded level, direction of travel and visits",
        )
        _para(
            pdf,
            "Levels are steps: each graded judgement holds until the next full inspection, whether or not that "
            "inspection gives an overall grade (dotted: still in force). "
            "Direction-of-travel signals have their own lane and never move the level. Hollow markers are "
            "approximate or inferred mappings.",
            size=7.5,
            colour=MUTED,
            height=3.6,
        )
    else:
        _para(pdf, "The trajectory chart is left out of this copy.", size=8, colour=MUTED)

    _current_section(pdf, view, code, docs)
    _episodes_section(pdf, view, code, today)
    _themes_section(pdf, view.findings, docs)
    _planned_section(pdf, view.events, view.period_end, docs)
    _sources_section(pdf, view)
    return bytes(pdf.output())


def _trajectory_png(view: _View, ref, today: dt.date | None = None) -> bytes:
    from trajectories import charts

    events, steps = view.events, view.steps
    dates = [
        d
        for d in [
            *(steps["date"] if not steps.empty else []),
            *(view.directions["date"] if not view.directions.empty else []),
            *(events["start_date"] if not events.empty else []),
        ]
        if isinstance(d, dt.date)
    ]
    if not dates:
        fig = charts.empty_figure("No inspections, visits or letters recorded for this period")
    else:
        fig = charts.trajectory(
            steps,
            view.directions,
            events,
            title="",
            today=view.period_end,
            nation=ref.nation.value,
            states=view.states[view.states["authority_code"] == ref.code] if not view.states.empty else None,
        )
        start = view.filters.date_from or min(dates)
        end = max([view.period_end, *(d for d in dates if view.filters.date_to is None or d <= view.filters.date_to)])
        span = max((end - start).days, 365)
        fig.update_xaxes(
            type="date", range=[start - dt.timedelta(days=span // 40), end + dt.timedelta(days=span // 25)]
        )
        fig.update_layout(margin=dict(l=20, r=20, t=40, b=20))
        if view.period_end < (today or dt.date.today()):
            for note in fig.layout.annotations:
                if note.text == "today":  # the chart's line marks the end of the period asked for
                    note.text = f"as at {view.period_end.isoformat()}"
    return figure_png(fig, 1000, 620)


def _current_section(pdf, view: _View, code: str, docs: Documents) -> None:
    _heading(pdf, "Where things stand")
    position = positions.as_at(view.states, view.period_end)
    rows: list[tuple[str, str]] = []
    if position.empty:
        rows.append(
            (
                "Where it stands",
                f"No full inspection is recorded for this authority up to {view.period_end.isoformat()}.",
            )
        )
    else:
        p = position.iloc[0]
        state = view.states[view.states["event_id"] == p["event_id"]].iloc[-1]
        set_by = _step_date(view.precisions, code, p["position_date"])
        if p["kind"] == positions.KIND_GRADED:
            rows += [
                (
                    "Graded level",
                    level_words(p["level"], state["level_low"], state["level_high"], p["mapping_quality"]),
                ),
                ("In force since", f"{set_by} \u2013 judged {_quote(state['raw_phrase'])}"),
            ]
        else:
            rows += [("Where it stands", p["position"]), ("Set by", f"the full inspection of {set_by}")]
        if p["inadequate"]:
            rows.append(
                (
                    "Judged inadequate",
                    f"since {_step_date(view.precisions, code, p['inadequate_since'])}"
                    + (f" ({', '.join(p['inadequate_areas'])})" if p["inadequate_areas"] else ""),
                )
            )
        rows += [
            ("Framework", _framework_words(state["framework"], p["inspectorate"])),
            ("Read from", docs.name(p["position_source"], code)),
        ]
    dirs = view.directions[view.directions["date"].notna()] if not view.directions.empty else view.directions
    if dirs.empty:
        rows.append(("Latest direction", "No direction-of-travel signal recorded."))
    else:
        d = dirs.sort_values(["date", "direction_id"]).iloc[-1]
        rows.append(
            (
                "Latest direction",
                f"{direction_words(d['direction'])} \u2013 {_quote(d['raw_phrase'])} "
                f"({_effective(d)}, {docs.name(d['source_path'], code)})",
            )
        )
    records = _status_records(view.statuses, code)
    since = position.iloc[0]["position_date"] if not position.empty else None
    if records:
        lines = []
        for s in records:
            when = s["start_date"]
            before = isinstance(when, dt.date) and since and when < since
            note = " \u2013 recorded before the judgement in force" if before else ""
            lines.append(
                f"{STATUS_LABELS.get(s['status'], s['status'])}: {_date(when, s['start_precision']) or 'undated'}"
                f" \u2013 {_quote(s['raw_phrase'])}{note}"
            )
        rows.append(("Regulatory statuses", "\n".join(lines)))
    else:
        rows.append(("Regulatory statuses", "None recorded."))
    for label, value in rows:
        if label == "Regulatory statuses" and "\n" in value:
            _facts(pdf, [(label, value.split("\n")[0])])
            for extra in value.split("\n")[1:]:
                _facts(pdf, [("", extra)])
        else:
            _facts(pdf, [(label, value)])
    if records:
        _para(
            pdf,
            "The latest record of each status is shown; documents seldom say when a status ends, so check "
            "whether each still applies.",
            size=7.5,
            colour=MUTED,
            height=3.6,
        )


def _episodes_section(pdf, view: _View, code: str, today: dt.date) -> None:
    _heading(pdf, "Periods judged inadequate")
    episodes = analytics.inadequate_episodes(view.states, view.events, today=view.period_end)
    if episodes.empty:
        _para(pdf, "No inadequate judgement is recorded" + (" in this period." if view.filters.date_from else "."))
        return
    _table(
        pdf,
        ["From", "To", "How long", "Judged on leaving", "Visits during"],
        _episode_rows(episodes, view.precisions),
        (22, 22, 26, 85, 25),
    )


def _themes_section(pdf, findings: pd.DataFrame, docs: Documents) -> None:
    _heading(pdf, "Themes that recur")
    tagged = analytics.findings_by_theme(findings) if findings is not None and not findings.empty else None
    counts = theme_counts(findings, tagged)
    if counts.empty or (counts["concerns"].sum() + counts["strengths"].sum()) == 0:
        _para(pdf, "No findings with themes are recorded for this period.")
        return
    _para(
        pdf,
        "Findings from every visit in the period, by theme: concerns include actions required. "
        "The visit columns count the visits in which a theme was raised.",
        size=8,
        colour=MUTED,
        height=4,
    )
    shown = counts[(counts["concerns"] + counts["strengths"]) > 0].sort_values(
        ["concern_visits", "concerns", "theme"], ascending=[False, False, True]
    )
    _table(
        pdf,
        ["Theme", "Concerns", "in visits", "Strengths", "in visits"],
        [
            [r["label"], str(r["concerns"]), str(r["concern_visits"]), str(r["strengths"]), str(r["strength_visits"])]
            for r in shown.to_dict("records")
        ],
        (80, 25, 25, 25, 25),
    )
    used: set[str] = set()
    for kind, polarities, words in (("concern", CONCERN, "concern"), ("strength", STRENGTH, "strength")):
        top = _top(counts, kind)
        if top.empty:
            continue
        _subheading(pdf, f"Recurring {words}s", need=40)
        for r in top.to_dict("records"):
            count, visits = (
                (r["concerns"], r["concern_visits"]) if kind == "concern" else (r["strengths"], r["strength_visits"])
            )
            _rich(
                pdf,
                [
                    ("B", f"{r['label']}"),
                    (
                        "",
                        f" \u2013 {count} {words} finding{'s' if count != 1 else ''} "
                        f"in {visits} visit{'s' if visits != 1 else ''}",
                    ),
                ],
                size=9.5,
            )
            quoted = _evidence(tagged, r["theme"], polarities, used=used)
            if quoted:
                _evidence_block(pdf, quoted, docs)
            else:
                _para(pdf, "The findings behind this theme are quoted above.", size=8.5, colour=MUTED)


def _planned_section(pdf, events: pd.DataFrame, period_end: dt.date, docs: Documents) -> None:
    _heading(pdf, "Planned next visits", need=20)
    planned = analytics.planned_events(events, today=period_end) if not events.empty else events
    if planned is None or planned.empty:
        _para(pdf, "No planned visits are recorded in the documents.")
        return
    rows = []
    for r in planned.sort_values("start_date").to_dict("records"):
        start = _date(r["start_date"], r["start_precision"])
        end = _date(r["end_date"], r["end_precision"])
        window = start if not end or end == start else f"{start} \u2013 {end}"
        until = r["end_date"] if isinstance(r["end_date"], dt.date) else r["start_date"]
        state = (
            "overdue"
            if r["overdue"]
            else "ahead"
            if isinstance(until, dt.date) and until >= period_end
            else "a later visit took place"
        )
        stated_in = docs.name(r["source_path"], r["authority_code"])
        rows.append([window, _text(r["title"]) or _event_words(r["event_type"]), state, stated_in])
    _table(pdf, ["When", "What", "Now", "Stated in"], rows, (32, 70, 28, 50))


def _sources_section(pdf, view: _View) -> None:
    _heading(pdf, "Sources and licence", need=24)
    for description, count in _sources([view.events, view.history_judgements]):
        _para(pdf, f"\u2022 {description}: {count} document{'s' if count != 1 else ''}", size=8.5, height=4.2)
    _para(pdf, f"{LICENCE} {LICENCE_URL}", size=8.5, height=4.2)
    _para(
        pdf,
        "Every level, direction and quotation above names the document it was read from; judgement phrases and "
        "findings are quoted as the inspectorate wrote them.",
        size=8.5,
        height=4.2,
    )
    _para(pdf, "How \u201cwhere it stands\u201d is decided: " + positions.RULE, size=7.5, colour=MUTED, height=3.6)
    _para(pdf, f"{PRODUCT}, version {__version__}.", size=8.5, height=4.2)


# ---------------------------------------------------------------- portfolio for a filtered group


def _steps_from(steps: pd.DataFrame, date_from: dt.date | None) -> pd.DataFrame:
    """The steps that make moves into the period: each authority's judgements from `date_from`
    on, with the one in force when the period began."""
    if steps.empty or date_from is None:
        return steps
    keep = []
    for _, group in steps.sort_values("date").groupby("authority_code"):
        before = group[group["date"] < date_from]
        keep.append(pd.concat([before.tail(1), group[group["date"] >= date_from]]))
    return pd.concat(keep).reset_index(drop=True)


def _matrix(steps: pd.DataFrame) -> tuple[list[str], list[list[str]]]:
    moves = analytics.transitions(steps)
    levels = [1, 2, 3, 4]
    counts = {(int(r["from_level"]), int(r["to_level"])): int(r["count"]) for r in moves.to_dict("records")}
    rows = []
    for a in levels:
        total = sum(counts.get((a, b), 0) for b in levels)
        rows.append(
            [f"from {LEVEL_LABELS[a]}"] + [str(counts.get((a, b), 0) or "\u00b7") for b in levels] + [str(total)]
        )
    return [f"to {LEVEL_LABELS[b]}" for b in levels], rows


def portfolio_pdf(conn: Connection, filters: Filters, today: dt.date | None = None) -> bytes:
    """A briefing on a filtered group of authorities: levels now, who is inadequate and for how
    long, how judgements moved, then a short section per authority (at most
    MAX_PORTFOLIO_AUTHORITIES, lowest level first, with a note when more are in the view)."""
    today = today or dt.date.today()
    view = _read_view(conn, filters, today, with_findings=False)
    stamp = data_as_at(conn)
    summary = _authorities_table(view)
    title = "Children\u2019s services portfolio briefing"
    pdf = _new_pdf(title, _footer(stamp))
    _title(pdf, title, f"{len(summary)} authorit{'y' if len(summary) == 1 else 'ies'} \u2013 {describe(filters)}")
    _facts(
        pdf,
        [
            ("Covers", describe(filters)),
            ("Data as at", f"{stamp.when} ({stamp.basis})"),
            (
                "Position as at",
                view.period_end.isoformat()
                + (" (the end of the period asked for)" if view.period_end != today else " (today)"),
            ),
        ],
        label_width=38,
    )
    if summary.empty:
        _para(pdf, "No authority has an inspection, visit or letter recorded in this view.")
        _sources_section(pdf, view)
        return bytes(pdf.output())

    _heading(pdf, "Where they stand now")
    current = summary[summary["exists_on"].astype(bool)]
    now = positions.as_at(view.states, view.period_end)
    kinds = dict(zip(now["authority_code"], now["kind"], strict=True))
    bands = []
    for band, group in current.groupby(
        [
            analytics.position_band(kinds.get(c), None if _blank(v) else float(v))
            for c, v in zip(current["authority_code"], current["level_now"], strict=True)
        ]
    ):
        order = next((k for k, label in LEVEL_LABELS.items() if label == band), 90 + len(band) % 9)
        bands.append((order, band, len(group)))
    _table(
        pdf,
        ["Where they stand (latest full inspection)", "Authorities"],
        [[w, str(n)] for _, w, n in sorted(bands)],
        (130, 50),
        fills=[_level_fill(level if level < 90 else None) for level, _, _ in sorted(bands)],
    )
    if len(current) < len(summary):
        _para(
            pdf,
            f"{len(summary) - len(current)} council(s) in view no longer exist; they are not counted here.",
            size=8,
            colour=MUTED,
            height=4,
        )

    episodes = analytics.inadequate_episodes(view.states, view.events, today=view.period_end)
    open_now = episodes[episodes["open"]].sort_values("months", ascending=False) if not episodes.empty else episodes
    _heading(pdf, "Inadequate now")
    if open_now.empty:
        _para(pdf, "No authority in this view is judged inadequate at the end of the period.")
    else:
        _para(
            pdf,
            f"{len(open_now)} authorit{'y is' if len(open_now) == 1 else 'ies are'} judged inadequate, longest first.",
            size=9,
        )
        _table(
            pdf,
            ["Authority", "Inadequate since", "How long", "Visits since"],
            [
                [
                    r["authority_name"],
                    _step_date(view.precisions, r["authority_code"], r["start"]),
                    labels.duration(r["months"]),
                    str(int(r["visits_during"])),
                ]
                for r in open_now.to_dict("records")
            ],
            (85, 35, 25, 35),
        )
    closed = episodes[~episodes["open"].astype(bool)] if not episodes.empty else episodes
    if filters.date_from and not closed.empty:
        closed = closed[closed["end"].map(lambda d: isinstance(d, dt.date) and d >= filters.date_from)]
    if not closed.empty:
        _para(
            pdf,
            f"{len(closed)} inadequate period{'s' if len(closed) != 1 else ''} ended"
            + (f" from {filters.date_from.isoformat()} on" if filters.date_from else "")
            + f", after a median of {labels.duration(closed['months'].median())}.",
            size=9,
        )

    _heading(pdf, "How judgements moved")
    _para(
        pdf,
        "Each move from one graded overall judgement to the authority\u2019s next"
        + (f", where the next was made from {filters.date_from.isoformat()} on" if filters.date_from else "")
        + ", counted over the authorities in view (approximate mappings rounded to the nearest level).",
        size=8,
        colour=MUTED,
        height=4,
    )
    moves_from = _steps_from(view.steps, filters.date_from)
    if analytics.transitions(moves_from).empty:
        _para(
            pdf,
            "No authority in this view has a graded overall judgement following another"
            + (" in this period." if filters.date_from else "."),
            size=9,
        )
    else:
        headings, rows = _matrix(moves_from)
        _table(pdf, ["", *headings, "moves"], rows, (36, 30, 36, 26, 30, 22))

    ordered = summary.assign(
        _lvl=[
            0.0 if bad == "yes" else 99.0 if _blank(v) else float(v)
            for bad, v in zip(summary["inadequate_now"], summary["level_now"], strict=True)
        ]
    )
    ordered = ordered.sort_values(["_lvl", "authority_name"])
    shown = ordered.head(MAX_PORTFOLIO_AUTHORITIES)
    counts_by = _concern_themes(conn, view.events)
    _heading(pdf, "Authority by authority")
    if len(ordered) > len(shown):
        _para(
            pdf,
            f"This view holds {len(ordered)} authorities; the {len(shown)} with the lowest level in force are "
            "shown (then by name). Narrow the filters, or export the authorities table (CSV or XLSX) for all of them.",
            size=9,
            style="B",
        )
    for r in shown.to_dict("records"):
        _authority_section(pdf, r, counts_by.get(r["authority_code"]))
    _sources_section(pdf, view)
    return bytes(pdf.output())


def _concern_themes(conn: Connection, events: pd.DataFrame, n: int = TOP_THEMES) -> dict[str, list[tuple[str, int]]]:
    """Each authority's top concern themes over the view's visits: (label, concern findings),
    raised in most visits first. Counted in the database, by the ids of the events already read,
    so a portfolio of a whole nation need not load every finding."""
    from trajectories.db.models import FindingRow, FindingTag

    if events.empty:
        return {}
    actual = events[~events["planned"].astype(bool)]
    code_of = dict(zip(actual["event_id"].astype(int), actual["authority_code"], strict=True))
    ids = sorted(code_of)
    found: list[tuple[int, str, int]] = []
    for i in range(0, len(ids), 900):
        stmt = (
            select(FindingRow.event_id, FindingTag.tag, func.count())
            .join(FindingTag, (FindingTag.finding_id == FindingRow.id) & (FindingTag.facet == "theme"))
            .where(FindingRow.event_id.in_(ids[i : i + 900]), FindingRow.polarity.in_([Polarity(p) for p in CONCERN]))
            .group_by(FindingRow.event_id, FindingTag.tag)
        )
        found += [(int(e), str(t), int(c)) for e, t, c in conn.execute(stmt)]
    if not found:
        return {}
    df = pd.DataFrame(found, columns=["event_id", "theme", "findings"])
    df["authority_code"] = df["event_id"].map(code_of)
    ranked = (
        df.groupby(["authority_code", "theme"])
        .agg(visits=("event_id", "nunique"), findings=("findings", "sum"))
        .reset_index()
        .sort_values(["authority_code", "visits", "findings", "theme"], ascending=[True, False, False, True])
    )
    return {
        code: [(_theme_label(t), int(c)) for t, c in zip(g["theme"].head(n), g["findings"].head(n), strict=True)]
        for code, g in ranked.groupby("authority_code", sort=False)
    }


def _authority_section(pdf, r: dict, themes: list[tuple[str, int]] | None) -> None:
    if pdf.will_page_break(30):
        pdf.add_page()
    name = r["authority_name"] + (f" ({r['welsh_name']})" if not _blank(r["welsh_name"]) else "")
    nation, region = _text(r["nation"]), _text(r["region"])
    where = nation if not region or region == nation else f"{nation}, {region}"
    fill = _level_fill(1 if r["inadequate_now"] == "yes" else r["level_now"])
    pdf.ln(1.5)
    pdf.set_font(FONT, "B", 10.5)
    if fill:
        pdf.set_fill_color(*fill)
    pdf.multi_cell(
        0, 5.8, pdf_text(f"{name} \u2013 {where}"), align="L", fill=bool(fill), new_x="LMARGIN", new_y="NEXT"
    )
    if _blank(r["position_date"]):
        current = "no full inspection recorded"
    elif _blank(r["level_now"]):
        current = f"{r['position']} (full inspection of {r['position_date']})"
    else:
        current = (
            f"{level_words(r['level_now'], quality=r['mapping_quality'])} since {r['position_date']}, "
            f"judged {_quote(r['current_phrase'])} ({r['framework']})"
        )
    if r["inadequate_now"] == "yes":
        current += f"; judged inadequate since {r['inadequate_since']}"
    _rich(pdf, [("B", "Now: "), ("", current)], size=9, height=4.5)
    if _blank(r["latest_direction"]):
        direction = "none recorded"
    else:
        direction = f"{r['latest_direction_words']} \u2013 {_quote(r['latest_direction_phrase'])} ({r['latest_direction_date']})"
    _rich(pdf, [("B", "Latest direction: "), ("", direction)], size=9, height=4.5)
    statuses = _text(r["statuses_recorded"])
    visits = int(r["visits"])
    _rich(
        pdf,
        [
            ("B", "Visits in view: "),
            ("", f"{visits}"),
            ("B", "   Graded judgements on record: "),
            ("", str(int(r["graded_judgements"]))),
        ],
        size=9,
        height=4.5,
    )
    _rich(pdf, [("B", "Regulatory statuses recorded: "), ("", statuses or "none")], size=9, height=4.5)
    concern_text = "; ".join(f"{label} ({n})" for label, n in themes) if themes else "none recorded"
    _rich(pdf, [("B", "Top concern themes: "), ("", concern_text)], size=9, height=4.5)

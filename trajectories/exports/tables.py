"""The tables of a filtered view, and the CSV files made of them. Data in, bytes out.

Contract:
- `table_frame(conn, filters, name)` is the one place a table's columns are chosen (`TABLES`,
  `TABLE_COLUMNS`): columns fixed and ordered, rows sorted on natural keys (never on database ids),
  dates with the precision the document gave ("2021-04-26", "2021-04", "2021"), levels as numbers
  with their words beside them, lists joined with "; ".
- `export_csv`: UTF-8 without a byte-order mark, one header row, "\\n" line ends; the same data
  gives the same bytes on SQLite and PostgreSQL. `table_csv` (the command line's machine-readable
  CSV) is `export_statement` as lines beginning "# ", then exactly `export_csv`: stable codes, and
  the path each row was read from.
- `export_statement` is what a data export states: filters, the "as at" date and what it is, the
  day positions are worked out for, the version, each table, how levels and dates are written, the
  sources and the Open Government Licence v3.0; the XLSX About sheet states the same lines.
- `plain_table` is a table as people read it: headers and values in words (`labels.plain_export`),
  code columns kept beside them under headers ending in "code", and each source named as its
  document with its link (`table_documents`), never by path. `download_csv` (a page's download)
  is `about_lines` as "# " lines, then `plain_table`.
"""

from __future__ import annotations

import csv
import datetime as dt
import functools
import io
from collections.abc import Iterable

import pandas as pd
from sqlalchemy import Connection

from trajectories import __version__, analytics, authorities, labels, positions
from trajectories.db import queries
from trajectories.domain import Filters
from trajectories.exports.columns import TABLE_COLUMNS, TABLE_DESCRIPTIONS, TABLES
from trajectories.exports.values import (
    LICENCE,
    LICENCE_URL,
    PRODUCT,
    SOURCES_LINE,
    STATUS_LABELS,
    AsAt,
    ExportError,
    as_number,
    as_text,
    authority_names,
    blank,
    count_sources,
    data_as_at,
    date_text,
    describe,
    direction_words,
    framework_words,
    level_words,
    theme_ids,
    theme_label,
)
from trajectories.exports.view import (
    Documents,
    View,
    documents,
    effective_text,
    end_of_period,
    latest_directions,
    read_view,
    status_records,
    step_date,
)


def _column(df: pd.DataFrame, name: str) -> list:
    return df[name].tolist() if name in df.columns else [None] * len(df)


def _dates(df: pd.DataFrame, name: str, precision: str | None = None) -> list[str]:
    precisions = _column(df, precision) if precision else [None] * len(df)
    return [date_text(v, p) for v, p in zip(_column(df, name), precisions, strict=True)]


def _nums(df: pd.DataFrame, name: str) -> list:
    return [as_number(v) for v in _column(df, name)]


def _frame_of(columns: dict[str, list], table: str, keys: list[str]) -> pd.DataFrame:
    """`table` with exactly its columns (`TABLE_COLUMNS`), rows sorted on `keys` (blank first), never on ids."""
    df = pd.DataFrame({c: pd.Series(columns[c], dtype="object") for c in TABLE_COLUMNS[table]})
    if df.empty:
        return df
    sort = pd.DataFrame({k: [_sort_key(v) for v in df[k]] for k in keys})
    return df.loc[sort.sort_values(keys, kind="mergesort").index].reset_index(drop=True)


def _sort_key(value):
    """Blank sorts first; numbers by value (zero-padded text), everything else as text."""
    if blank(value):
        return ""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return f"~{float(value):020.6f}"
    return "~" + str(value)


@functools.lru_cache(maxsize=4096)
def _theme_cells(value: str) -> tuple[str, str]:
    ids = theme_ids(value)
    return "; ".join(ids), "; ".join(theme_label(t) for t in ids)


def events_table(events: pd.DataFrame) -> pd.DataFrame:
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
    return _frame_of(columns, "events", ["authority_code", "start", "end", "event_type", "source_path", "title"])


def judgements_table(judgements: pd.DataFrame) -> pd.DataFrame:
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
        "judgements",
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


def findings_table(findings: pd.DataFrame) -> pd.DataFrame:
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
    cells = [_theme_cells(as_text(v)) for v in _column(findings, "themes")]
    columns.update(
        start=_dates(findings, "start_date", "start_precision"),
        end=_dates(findings, "end_date", "end_precision"),
        themes=[c[0] for c in cells],
        theme_labels=[c[1] for c in cells],
        cohorts=["; ".join(sorted(t for t in as_text(v).split(";") if t)) for v in _column(findings, "cohorts")],
    )
    return _frame_of(columns, "findings", ["authority_code", "start", "end", "source_path", "seq", "text"])


def authorities_table(view: View) -> pd.DataFrame:
    """One row per authority in the view (`TABLE_COLUMNS["authorities"]`): where it stands at the end of the
    period, its latest direction, its statuses and how many visits and graded judgements."""
    reference = authorities.by_code()
    codes = _view_codes(view, reference)
    position = _positions(view, codes)
    actual = view.events[~view.events["planned"].astype(bool)] if not view.events.empty else view.events
    visits = analytics.distinct_events(actual) if not actual.empty else actual
    visit_counts = visits["authority_code"].value_counts().to_dict() if not visits.empty else {}
    graded = view.steps["authority_code"].value_counts().to_dict() if not view.steps.empty else {}
    states_by_event = {r["event_id"]: r for r in view.states.to_dict("records")} if not view.states.empty else {}
    latest = latest_directions(view.directions)
    statuses = status_records(view.statuses)
    names = authority_names(welsh=False)
    rows: dict[str, list] = {c: [] for c in TABLE_COLUMNS["authorities"]}
    for code in sorted(codes):
        a = reference.get(code)
        row = dict.fromkeys(TABLE_COLUMNS["authorities"])
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
            row.update(_position_cells(view, code, p, states_by_event.get(p["event_id"], {})))
        if code in latest:
            row.update(_direction_cells(latest[code]))
        row["statuses_recorded"] = "; ".join(
            f"{STATUS_LABELS.get(s['status'], s['status'])} "
            f"({date_text(s['start_date'], s['start_precision']) or 'undated'})"
            for s in statuses.get(code, [])
        )
        for c in TABLE_COLUMNS["authorities"]:
            rows[c].append(row[c])
    return _frame_of(rows, "authorities", ["nation", "authority_name", "authority_code"])


def _view_codes(view: View, reference: dict) -> set[str]:
    """The authorities of a view: those with events, and those named, within its nations and regions."""
    f = view.filters
    codes = set(view.events["authority_code"]) if not view.events.empty else set()
    codes |= set(f.authorities)
    if f.nations:
        codes = {c for c in codes if c in reference and reference[c].nation.value in f.nations}
    if f.regions:
        codes = {c for c in codes if c in reference and reference[c].region in f.regions}
    return codes


def _positions(view: View, codes: set[str]) -> dict[str, dict]:
    """Where each authority stands at the end of the period; a renamed council stands where its
    predecessor stood until it is inspected itself."""
    position = {r["authority_code"]: r for r in positions.as_at(view.states, view.period_end).to_dict("records")}
    for ln in authorities.LINEAGE:
        if (
            ln.kind == "rename"
            and ln.successor in codes
            and ln.successor not in position
            and ln.predecessor in position
        ):
            position[ln.successor] = position[ln.predecessor]
    return position


def _position_cells(view: View, code: str, p: dict, state: dict) -> dict:
    return dict(
        position=p["position"],
        level_now=as_number(p["level"]),
        lowest_area_now=as_number(p["lowest_area"]),
        inadequate_now="yes" if p["inadequate"] else "no",
        inadequate_areas="; ".join(p["inadequate_areas"]) or None,
        inadequate_since=step_date(view.precisions, code, p["inadequate_since"]),
        position_date=step_date(view.precisions, code, p["position_date"])
        + (" (approximate: publication date)" if p["approximate_date"] else ""),
        position_source=p["position_source"],
        mapping_quality=p["mapping_quality"],
        current_phrase=state.get("raw_phrase"),
        framework=framework_words(state.get("framework"), p["inspectorate"]),
    )


def _direction_cells(d: dict) -> dict:
    return dict(
        latest_direction=int(d["direction"]),
        latest_direction_words=direction_words(d["direction"]),
        latest_direction_phrase=d["raw_phrase"],
        latest_direction_date=effective_text(d),
        latest_direction_source=d["source_path"],
    )


def table_frame(
    conn: Connection, filters: Filters, name: str = "events", *, today: dt.date | None = None
) -> pd.DataFrame:
    """One of TABLES for a filtered view, with its fixed columns (`TABLE_COLUMNS[name]`)."""
    if name not in TABLES:
        raise ExportError(f"unknown table {name!r}: choose one of {', '.join(TABLES)}")
    if name == "events":
        return events_table(queries.events(conn, filters))
    if name == "judgements":
        return judgements_table(queries.judgements(conn, filters))
    if name == "findings":
        return findings_table(queries.findings(conn, filters))
    return authorities_table(read_view(conn, filters, today, with_findings=False))


def cell_text(value):
    if blank(value):
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
        writer.writerow([cell_text(v) for v in row])
    return out.getvalue().encode("utf-8")


# Columns of the tables that hold the paths documents were loaded from (read by machines only).
PATH_COLUMNS = ("source_path", "other_source_paths", "position_source", "latest_direction_source")


def table_documents(conn: Connection, *tables: pd.DataFrame) -> Documents:
    """The documents the `PATH_COLUMNS` of `tables` name."""
    paths = set()
    for df in tables:
        for col in PATH_COLUMNS:
            if col in df.columns:
                paths |= {p for v in df[col] for p in as_text(v).split("; ") if p}
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
            "; ".join(dict.fromkeys(docs.name(p, c) for p in as_text(v).split("; ") if p))
            for v, c in zip(df[col], codes, strict=True)
        ]
        out = out.rename(columns={labels.CODED[col]: labels.header(col)})
        out[labels.header(col)] = named
    if "source_url" in df.columns and "source_path" in df.columns:
        out[labels.header("source_url")] = [
            as_text(u) or docs.get(p, c).link
            for u, p, c in zip(df["source_url"], df["source_path"], codes, strict=True)
        ]
    return out


def about_lines(conn: Connection, filters: Filters, what: str, frames: Iterable[pd.DataFrame] = ()) -> list[str]:
    """What a downloaded table states before its rows: what it is, the filters in words, the "as
    at" date and what it is, the sources, the licence and the product version."""
    stamp = data_as_at(conn)
    sources = "; ".join(f"{d}: {n} document{'s' if n != 1 else ''}" for d, n in count_sources(frames)) or SOURCES_LINE
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
        writer.writerow([cell_text(v) for v in row])
    return out.getvalue().encode("utf-8")


def download_csv(conn: Connection, filters: Filters, table: str = "events", *, today: dt.date | None = None) -> bytes:
    """One table of the filtered view as a CSV for people and machines: `about_lines` first, then
    `plain_table` of `table_frame`."""
    df = table_frame(conn, filters, table, today=today)
    source = {"events": "source_kind"}.get(table)
    frames = [queries.events(conn, filters)] if source else []
    lines = about_lines(conn, filters, f"{table} ({TABLE_DESCRIPTIONS[table]})", frames)
    return frame_csv(lines, plain_table(df, table_documents(conn, df)))


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
    for i, (description, count) in enumerate(count_sources(frames)):
        lines.append(("Sources" if i == 0 else "", f"{description}: {count} document{'s' if count != 1 else ''}"))
    return lines + [("Licence", LICENCE), ("", LICENCE_URL)]


def table_csv(conn: Connection, filters: Filters, table: str = "events", *, today: dt.date | None = None) -> bytes:
    """The machine-readable CSV of one table: `export_statement` as lines beginning "# " (so
    `pandas.read_csv(path, comment="#")` skips them), then exactly `export_csv`: snake_case
    headers and stable codes, one row per line."""
    df = table_frame(conn, filters, table, today=today)
    lines = export_statement(conn, filters, end_of_period(filters, today), {f"Table {table}": (len(df), table)})
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

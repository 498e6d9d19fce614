"""Workbooks: the filtered view (`export_xlsx`) or one table as shown on a page (`frame_xlsx`).

Contract: an "About" sheet first (for `export_xlsx`, exactly `tables.export_statement` and a note
on documents and codes), then one sheet per table (`tables.plain_table`) with a bold header frozen
under it and fitted widths (`WIDTHS` for known columns). Text that looks like a formula is stored
as text; characters a workbook cannot hold become spaces. Data in, bytes out.
"""

from __future__ import annotations

import datetime as dt
import io

import pandas as pd
from sqlalchemy import Connection

from trajectories import labels
from trajectories.domain import Filters
from trajectories.exports.tables import (
    authorities_table,
    cell_text,
    events_table,
    export_statement,
    findings_table,
    judgements_table,
    plain_table,
    table_documents,
)
from trajectories.exports.values import PRODUCT, blank, data_as_at
from trajectories.exports.view import read_view


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
    from openpyxl.styles import Font

    view = read_view(conn, filters, as_at)
    tables = {
        "Authorities": authorities_table(view),
        "Events": events_table(view.events),
        "Judgements": judgements_table(view.judgements),
        "Findings": findings_table(view.findings),
    }
    docs = table_documents(conn, *tables.values())
    sheets = {name: plain_table(df, docs) for name, df in tables.items()}
    statement = export_statement(
        conn,
        filters,
        view.period_end,
        {f"Sheet {name}": (len(df), name.lower()) for name, df in sheets.items()},
        [view.events, view.judgements],
        data_as_at(conn),
    )
    statement.append(
        (
            "",
            "Each row names the document it came from (\u201cDocument\u201d, and \u201cLink to the original\u201d "
            "where known). Columns whose header ends in \u201ccode\u201d keep the stable codes for machines.",
        )
    )
    wb = Workbook(write_only=True)
    bold = Font(bold=True)
    _about_sheet(wb, statement, bold)
    for name, df in sheets.items():
        _table_sheet(wb, name, df, bold)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _about_sheet(wb, statement: list[tuple[str, str]], bold) -> None:
    """The About sheet: each (label, value) of a statement on a row, labels bold, both wrapped."""
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Alignment

    about = wb.create_sheet("About")
    about.column_dimensions["A"].width = 30
    about.column_dimensions["B"].width = 110
    wrap = Alignment(wrap_text=True, vertical="top")
    for label, value in statement:
        a = WriteOnlyCell(about, value=label)
        a.font = bold
        a.alignment = wrap
        b = WriteOnlyCell(about, value=_xlsx_value(value))
        b.alignment = wrap
        if label == PRODUCT:
            b.font = bold
        if isinstance(b.value, str):
            b.data_type = "s"
        about.append([a, b])


def _xlsx_value(value):
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    if blank(value):
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
    sample = [len(cell_text(v)) for v in values.head(500)]
    return float(min(max([len(name), *sample]) + 2, 40))

"""Reading a table's sheets: CSV or XLSX cells within the work limits (checked before the expensive
step), header keys, rows keyed by them, and the bad rows that fail a file."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from dataclasses import dataclass, field

from trajectories.domain import DocumentError

MAX_REPORTED = 5  # bad rows named in the error message
# Limits on the work one table may cause (the published tables hold hundreds of rows).
MAX_TABLE_ROWS = 20_000
MAX_TABLE_CELLS = 1_000_000
MAX_WORKBOOK_PARTS = 500  # files inside the workbook's archive
MAX_WORKBOOK_MB = 50  # their size unpacked


def header_key(header: object) -> str:
    """A column name's matching key: lower case, runs of other characters -> '_'."""
    return re.sub(r"[^a-z0-9]+", "_", str(header or "").strip().lower()).strip("_")


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


@dataclass
class Sheet:
    header: list[str]  # as written
    keys: list[str]  # matching keys
    rows: list[tuple[int, list[str]]]  # (row number counting the header as 1, cells)


def _bounded(records, what: str) -> list[list[str]]:
    """The records of one sheet, read one at a time, refused once past the row or cell limit."""
    out, cells = [], 0
    for record in records:
        out.append(record)
        cells += len(record)
        if len(out) > MAX_TABLE_ROWS:
            raise DocumentError(f"the {what} has more than the limit of {MAX_TABLE_ROWS:,} rows")
        if cells > MAX_TABLE_CELLS:
            raise DocumentError(f"the {what} has more than the limit of {MAX_TABLE_CELLS:,} cells")
    return out


def csv_sheets(data: bytes) -> list[Sheet]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("cp1252", errors="replace")
    text = text.replace("\x00", "")
    try:  # newline="": a lone carriage return ends a record, as the csv module expects
        records = _bounded(csv.reader(io.StringIO(text, newline="")), "table")
    except csv.Error as exc:
        raise DocumentError(f"the table cannot be read as CSV ({exc})") from exc
    return [_sheet(records)] if records else []


def _check_workbook(data: bytes) -> bool:
    """From the archive's directory alone: False when it is not a zip; DocumentError when it
    holds more parts or unpacks larger than the limits, or is a zip no reader here can open."""
    import zipfile

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            parts = archive.infolist()
    except (zipfile.BadZipFile, ValueError, OSError):
        return False
    except (NotImplementedError, RuntimeError, EOFError) as exc:  # a zip this reader cannot open
        reason = " ".join(str(exc).split())[:80] or exc.__class__.__name__
        raise DocumentError(f"the spreadsheet's archive cannot be opened ({reason})") from exc
    if len(parts) > MAX_WORKBOOK_PARTS:
        raise DocumentError(f"the spreadsheet holds {len(parts):,} parts, more than the limit of {MAX_WORKBOOK_PARTS}")
    unpacked = sum(p.file_size for p in parts)
    if unpacked > MAX_WORKBOOK_MB * 1024 * 1024:
        raise DocumentError(
            f"the spreadsheet unpacks to {unpacked / 1024 / 1024:,.0f} MB, more than the limit of {MAX_WORKBOOK_MB} MB"
        )
    return True


def xlsx_sheets(data: bytes) -> list[Sheet]:
    import openpyxl  # imported here: only spreadsheets need it

    if not _check_workbook(data):
        return []
    try:
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:  # a zip that is not a workbook: not ours
        return []
    try:
        return [
            _sheet(_bounded(([_cell(v) for v in row] for row in ws.iter_rows(values_only=True)), "spreadsheet"))
            for ws in book.worksheets
        ]
    except DocumentError:
        raise
    except Exception as exc:  # rows are read lazily: a damaged part shows only now
        raise DocumentError(
            f"the spreadsheet is damaged and cannot be read ({exc.__class__.__name__}: {str(exc)[:80]})"
        ) from exc
    finally:
        book.close()


def _sheet(records: list[list[str]]) -> Sheet:
    start = next((i for i, r in enumerate(records) if any(c.strip() for c in r)), len(records))
    header = [c.strip() for c in records[start]] if start < len(records) else []
    while header and not header[-1]:
        header.pop()
    rows = [(start + 1 + i + 1, [c.strip() for c in r]) for i, r in enumerate(records[start + 1 :])]
    return Sheet(header, [header_key(h) for h in header], [(n, r) for n, r in rows if any(r)])


class Row(dict):
    """One data row as {column key: cell}; `number` counts the header as row 1."""

    number: int = 0


def sheet_rows(sheet: Sheet, problems: Problems) -> list[Row]:
    out = []
    for number, cells in sheet.rows:
        if len(cells) > len(sheet.keys) and any(cells[len(sheet.keys) :]):
            problems.error(number, f"{len(cells)} cells but {len(sheet.keys)} columns")
            continue
        row = Row(zip(sheet.keys, cells + [""] * (len(sheet.keys) - len(cells)), strict=True))
        row.number = number
        out.append(row)
    return out


@dataclass
class Problems:
    label: str
    errors: list[tuple[int, str]] = field(default_factory=list)

    def error(self, row: int, reason: str) -> None:
        self.errors.append((row, reason))

    def raise_if_any(self) -> None:
        if not self.errors:
            return
        bad_rows = sorted({n for n, _ in self.errors})
        shown = [f"row {n}: {r}" for n, r in self.errors[:MAX_REPORTED]]
        more = len(self.errors) - len(shown)
        tail = f" (and {more} more problem{'s' if more != 1 else ''})" if more else ""
        raise DocumentError(
            f"{len(bad_rows)} bad row{'s' if len(bad_rows) != 1 else ''} in this {self.label}, so nothing from "
            f"the file was loaded: " + "; ".join(shown) + tail
        )

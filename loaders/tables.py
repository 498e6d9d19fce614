"""Outcome tables and event timelines (CSV or XLSX): one ParsedDocument per authority.

Contract:
- `read_table(data, source)` reads a table whose kind is recognised from its HEADER (the column
  names), never from the file name, and returns one `ParsedDocument` per authority and
  inspectorate holding all that authority's events from the file; None when the columns are not
  a table this module knows. Known kinds:
    * the scraped Ofsted ILACS history and overview (urn, local_authority, ..._grade columns);
    * Ofsted's published outcomes table ("Local authority name", "Inspection date", "Overall
      effectiveness", "Impact of leaders", "Experiences and progress of ..." columns);
    * the compiled Wales (CIW) and Scotland (Care Inspectorate) timelines in data/facts;
    * the timeline template (data/templates/timeline_template.csv, docs/timeline-template.md).
- Authorities are matched by a code first (ONS code, else Ofsted URN), then by name.
- Every row is validated. A bad row (unknown authority, unreadable date, unknown event type or
  grade, direction outside -2..+2, missing source address, ...) fails the WHOLE file with a
  `DocumentError` naming the first bad rows ("row N" counts the header as row 1), so nothing
  from that file is stored. The scraped table's known placeholders are not errors: they are
  handled explicitly and reported as document warnings where information is lost.
- Each returned document has its own `source.sha256` (the file hash with the authority code and
  inspectorate) and the file's path. `source.url` is set only when all the document's rows share
  one link; each row's source address is kept in the `raw_context` of its signals.
- Work is bounded before the expensive step: a workbook's parts and unpacked size are checked from
  the archive's directory before any sheet is read (MAX_WORKBOOK_PARTS, MAX_WORKBOOK_MB), and a
  table is read row by row only up to MAX_TABLE_ROWS rows and MAX_TABLE_CELLS cells; beyond a
  limit the file is refused with a one-line reason naming it. NUL characters are removed.
- Grades become `Judgement`s through `normalise.judgement`; summaries become one `Finding` via
  `normalise.finding`; a direction given in a timeline becomes a `DirectionSignal` with rule
  `table:direction` (the value is the compiler's reading, not a lexicon match).
"""

from __future__ import annotations

from collections.abc import Callable

from loaders.table_ofsted import SCRAPE_COLUMNS, official_columns, read_official, read_scraped
from loaders.table_sheets import (
    MAX_TABLE_CELLS,
    MAX_TABLE_ROWS,
    MAX_WORKBOOK_MB,
    MAX_WORKBOOK_PARTS,
    Sheet,
    csv_sheets,
    xlsx_sheets,
)
from loaders.table_timeline_rows import SUMMARY_SECTION
from loaders.table_timelines import (
    SCOTLAND_COLUMNS,
    WALES_COLUMNS,
    is_template,
    read_scotland,
    read_template,
    read_wales,
)
from trajectories.domain import ParsedDocument, Source

__all__ = [
    "CSV_MEDIA_TYPE",
    "MAX_TABLE_CELLS",
    "MAX_TABLE_ROWS",
    "MAX_WORKBOOK_MB",
    "MAX_WORKBOOK_PARTS",
    "NAME",
    "SUMMARY_SECTION",
    "XLSX_MEDIA_TYPE",
    "read_table",
]

NAME = "tables"

# The registered XLSX type is 65 characters; the source_document.media_type column holds 60.
XLSX_MEDIA_TYPE = "application/xlsx"
CSV_MEDIA_TYPE = "text/csv"

# (test on the header's keys, reader), most specific first.
_KINDS: tuple[tuple[Callable[[list[str]], bool], Callable[[Sheet, Source, str], list[ParsedDocument]]], ...] = (
    (lambda keys: SCRAPE_COLUMNS <= set(keys), read_scraped),
    (lambda keys: official_columns(keys) is not None, read_official),
    (lambda keys: SCOTLAND_COLUMNS <= set(keys), read_scotland),
    (lambda keys: WALES_COLUMNS <= set(keys), read_wales),
    (is_template, read_template),
)


def read_table(data: bytes, source: Source) -> list[ParsedDocument] | None:
    """The documents in a CSV or XLSX table whose header is a known kind; None when it is not."""
    is_xlsx = data[:4] == b"PK\x03\x04"
    sheets = xlsx_sheets(data) if is_xlsx else csv_sheets(data)
    media_type = XLSX_MEDIA_TYPE if is_xlsx else CSV_MEDIA_TYPE
    for sheet in sheets:
        for matches, reader in _KINDS:
            if sheet.keys and matches(sheet.keys):
                return reader(sheet, source, media_type)
    return None

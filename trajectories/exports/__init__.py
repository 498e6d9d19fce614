"""Exports a leader can take into a board meeting: CSV, XLSX and PDF briefings. Data in, bytes out.

Contract:
- Every export takes an open Connection (owned by the caller) and a `Filters` value (or one
  authority's ONS code) and returns `bytes`; nothing here writes a file or imports Streamlit.
  Pages offer the bytes as downloads, the command line writes them to a file. Data is read only
  through the query layer (`trajectories.db.queries`).
- Every export states its filters in words, the "as at" date of the data and what that date is,
  the sources with the Open Government Licence v3.0 attribution, and the product version. What a
  person reads names each source as the document it is, never by the path it was loaded from.
- Domain errors raise `ExportError` (unknown authority or table), chart images `ChartImageError`;
  the command line turns both into one-line messages.

One job per module: `values` (shared words, licence, small value helpers), `view` (what is read
for a filtered view, and the documents behind it), `tables` (tables and CSV), `xlsx` (workbooks),
`images` (chart images and the browser's lifecycle), `pdf` (PDF building blocks), `briefing` (one
authority) and `portfolio` (a group). The names callers use are re-exported here.
"""

from trajectories.exports.briefing import briefing_pdf, theme_counts
from trajectories.exports.images import ChartImageError, chromium_path, figure_png
from trajectories.exports.pdf import pdf_text
from trajectories.exports.portfolio import MAX_PORTFOLIO_AUTHORITIES, portfolio_pdf
from trajectories.exports.tables import (
    TABLE_COLUMNS,
    TABLE_DESCRIPTIONS,
    TABLES,
    about_lines,
    download_csv,
    export_csv,
    export_statement,
    frame_csv,
    plain_table,
    table_csv,
    table_documents,
    table_frame,
)
from trajectories.exports.values import (
    LICENCE,
    LICENCE_URL,
    PRODUCT,
    AsAt,
    ExportError,
    authority_names,
    data_as_at,
    describe,
    direction_words,
    level_words,
)
from trajectories.exports.view import Document, Documents, documents
from trajectories.exports.xlsx import WIDTHS, export_xlsx, frame_xlsx

__all__ = [
    "LICENCE",
    "LICENCE_URL",
    "MAX_PORTFOLIO_AUTHORITIES",
    "PRODUCT",
    "TABLES",
    "TABLE_COLUMNS",
    "TABLE_DESCRIPTIONS",
    "WIDTHS",
    "AsAt",
    "ChartImageError",
    "Document",
    "Documents",
    "ExportError",
    "about_lines",
    "authority_names",
    "briefing_pdf",
    "chromium_path",
    "data_as_at",
    "describe",
    "direction_words",
    "documents",
    "download_csv",
    "export_csv",
    "export_statement",
    "export_xlsx",
    "figure_png",
    "frame_csv",
    "frame_xlsx",
    "level_words",
    "pdf_text",
    "plain_table",
    "portfolio_pdf",
    "table_csv",
    "table_documents",
    "table_frame",
    "theme_counts",
]

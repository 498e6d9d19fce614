"""Every name a person reads, in one place: column headers, grades, kinds of visit, themes,
polarities, statuses, frameworks, durations, dates, blanks and documents. Charts, pages and
exports all word things through this module, so a thing has one name wherever it is shown.

Contract:
- Functions take stored values (codes, numbers, dates, `None`/NaN) and return words; a blank is
  always "" (never "None", "nan" or "NaT"). An unknown code is turned into words ("some_code" ->
  "Some code"), never shown as written.
- `header(column)` names a table column; `plain(frame)` gives a frame whose headers are those
  names and whose code columns (kind of visit, inspectorate, polarity, themes, ...) are words:
  what a page shows. Machine-readable files keep the codes too, in columns whose header ends in
  "code" or "codes" (`CODED`).
- `duration(months)` is "7 years 4 months" (whole months, "less than a month" below one).
- `document(...)` names a source as the document it is ("Ofsted monitoring visit letter, 24 October
  2019"), never by the path it is kept under.
- `internal_codes(text)` finds what must never reach a reader (snake_case words): tests use it
  to scan rendered pages and exported files.
Imports only the domain model and the theme taxonomy (no pandas frames are built from a page).
Two modules, one per job; every name is also `labels.X`: `words` (a stored value in words) and
`columns` (a table's headers and the frames a page shows or a file keeps).
"""

from trajectories.labels.columns import (
    CODE_ONLY,
    CODED,
    COLUMNS,
    NUMBERS,
    VALUES,
    cell,
    header,
    plain,
    plain_export,
)
from trajectories.labels.words import (
    BASES,
    BLANK,
    COHORTS,
    DIMENSIONS,
    DOCUMENT_NOUNS,
    EVENT_TYPES,
    FRAMEWORKS,
    FULL_INSPECTIONS,
    INADEQUATE_BAND,
    MONITORING,
    POLARITIES,
    QUALITIES,
    SOURCE_KINDS,
    STATUS_BANDS,
    STATUSES,
    SUBJECTS,
    basis,
    blank,
    cohorts,
    dated,
    day,
    dimension,
    direction,
    document,
    duration,
    event_type,
    framework,
    grade,
    how_read,
    humanise,
    inspectorate,
    internal_codes,
    level,
    month,
    months,
    months_between,
    polarity,
    quality,
    source_kind,
    status,
    status_band,
    subject,
    theme,
    themes,
    yes_no,
)

__all__ = [
    "BASES",
    "BLANK",
    "CODED",
    "CODE_ONLY",
    "COHORTS",
    "COLUMNS",
    "DIMENSIONS",
    "DOCUMENT_NOUNS",
    "EVENT_TYPES",
    "FRAMEWORKS",
    "FULL_INSPECTIONS",
    "INADEQUATE_BAND",
    "MONITORING",
    "NUMBERS",
    "POLARITIES",
    "QUALITIES",
    "SOURCE_KINDS",
    "STATUSES",
    "STATUS_BANDS",
    "SUBJECTS",
    "VALUES",
    "basis",
    "blank",
    "cell",
    "cohorts",
    "dated",
    "day",
    "dimension",
    "direction",
    "document",
    "duration",
    "event_type",
    "framework",
    "grade",
    "header",
    "how_read",
    "humanise",
    "inspectorate",
    "internal_codes",
    "level",
    "month",
    "months",
    "months_between",
    "plain",
    "plain_export",
    "polarity",
    "quality",
    "source_kind",
    "status",
    "status_band",
    "subject",
    "theme",
    "themes",
    "yes_no",
]

"""What every export shares: the product's name, licence and sources, the domain error, and small
value helpers that turn stored values into the words and text a file holds.

Contract:
- `blank(value)` is true for None, NaN, NaT, pandas' NA and empty text; `as_text` gives "" for a
  blank; `as_number` gives a level or count as written (2.0 -> 2, 3.5 -> 3.5, blank -> None).
- `date_text(value, precision)` writes a stored date with the precision its document gave:
  "2021-04-26", "2021-04" or "2021".
- `describe(filters)` states the filters in words, authorities by name (Welsh names beside English).
- `data_as_at(conn)` says how current the data is: when the newest load run finished, else the
  newest event date, saying which (read through `trajectories.db.queries`).
- `count_sources(frames)` counts the documents of each kind of source in some rows.
- `how_findings_are_read()` says, in one paragraph, that themes and polarity are read automatically and how
  closely that reading agrees with careful readers (the About page's measured figures, `evaluation.STATED`).
- `ExportError` is raised for something that does not exist (an unknown authority or table); its
  message is one line.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import math
from collections.abc import Iterable

import pandas as pd
from sqlalchemy import Connection

from trajectories import authorities, evaluation, labels
from trajectories.db import queries
from trajectories.domain import (
    DIRECTION_GLYPHS,
    DIRECTION_LABELS,
    INSPECTORATE_NAMES,
    LEVEL_LABELS,
    Filters,
    Inspectorate,
    PartialDate,
)
from trajectories.themes import THEMES

PRODUCT = "Local authority improvement trajectories"
LICENCE = "Contains public sector information licensed under the Open Government Licence v3.0."
LICENCE_URL = "https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/"
SOURCES_LINE = (
    "Sources: Ofsted (Crown copyright), Care Inspectorate Wales, the Care Inspectorate (Scotland) and "
    "timelines compiled from their pages; About the data describes each source."
)
SOURCE_KINDS = {
    "ofsted_report": "Ofsted inspection reports (files.ofsted.gov.uk), Crown copyright",
    "ofsted_letter": "Ofsted focused and monitoring visit letters, Crown copyright",
    "ciw_letter": "Care Inspectorate Wales letters (careinspectorate.wales)",
    "table:ofsted_outcomes": (
        "Ofsted, \u201cChildren\u2019s social care in England 2023\u201d: latest judgements per authority"
    ),
    "table:ofsted_scraped": "grades read from Ofsted\u2019s reports by the ofsted-ilacs-scrape-tool (MIT)",
    "table:wales_timeline": "Welsh timeline compiled from CIW, Welsh Government, council and press pages",
    "table:scotland_timeline": "Scottish timeline compiled from Care Inspectorate and related pages",
}
# The words of statuses, frameworks and mappings are `trajectories.labels`' (one name everywhere).
STATUS_LABELS = labels.STATUSES
FRAMEWORK_LABELS = labels.FRAMEWORKS
QUALITY_WORDS = labels.QUALITIES


class ExportError(ValueError):
    """An export was asked for something that does not exist. The message is one line."""


def blank(value) -> bool:
    if value is None or value is pd.NA or value is pd.NaT:
        return True
    if isinstance(value, float) and math.isnan(value):
        return True
    return isinstance(value, str) and not value.strip()


def as_text(value) -> str:
    return "" if blank(value) else str(value)


def as_number(value):
    """A level or count as written in a table: 2.0 -> 2, 3.5 -> 3.5, missing -> None."""
    if blank(value):
        return None
    value = float(value)
    return int(value) if value.is_integer() else value


def date_text(value, precision=None) -> str:
    """A stored date with the precision the document gave: '2021-04-26', '2021-04' or '2021'."""
    if blank(value):
        return ""
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        return _partial_iso(value, precision if isinstance(precision, str) and precision else None)
    return str(value)


@functools.lru_cache(maxsize=1 << 16)
def _partial_iso(value: dt.date, precision: str | None) -> str:
    return PartialDate.stored(value, precision).iso()


def iso_date(value) -> str:
    return date_text(value)


def level_words(level, low=None, high=None, quality=None) -> str:
    """A level in words: 2 -> 'Requires improvement'; 3.5 (3-4) -> 'between Good and Outstanding'.
    With `quality`, how exact the mapping is follows in brackets unless it is an exact grade."""
    if blank(level):
        return ""
    level = float(level)
    lo = level if blank(low) else float(low)
    hi = level if blank(high) else float(high)
    if level.is_integer():
        words = LEVEL_LABELS.get(int(level), f"{level:g}")
    elif lo != hi and lo.is_integer() and hi.is_integer():
        words = f"between {LEVEL_LABELS.get(int(lo), lo)} and {LEVEL_LABELS.get(int(hi), hi)}"
    else:
        words = f"between {LEVEL_LABELS.get(math.floor(level), level)} and {LEVEL_LABELS.get(math.ceil(level), level)}"
    if quality and str(quality) != "exact" and not blank(quality):
        words += f" ({QUALITY_WORDS.get(str(quality), str(quality))})"
    return words


def direction_words(value) -> str:
    if blank(value):
        return ""
    value = int(value)
    return f"{DIRECTION_GLYPHS.get(value, '')} {DIRECTION_LABELS.get(value, value)}".strip()


def inspectorate_name(value) -> str:
    try:
        return INSPECTORATE_NAMES[Inspectorate(str(value))][0]
    except (ValueError, KeyError):
        return as_text(value)


def framework_words(framework, inspectorate=None) -> str:
    if not blank(framework):
        return FRAMEWORK_LABELS.get(str(framework), str(framework))
    return inspectorate_name(inspectorate) if not blank(inspectorate) else ""


def event_words(event_type) -> str:
    return labels.event_type(event_type)


def theme_ids(value) -> list[str]:
    """Themes in the taxonomy's order, whatever order the database aggregated them in."""
    found = {t for t in as_text(value).split(";") if t}
    return [t for t in THEMES if t in found] + sorted(found - set(THEMES))


def how_findings_are_read() -> str:
    m = evaluation.STATED
    return (
        "Each finding's theme, and whether it is a concern or a strength, is read automatically by the product's "
        f"published rules. On findings never used to write them, the reading agrees with a careful reader's on "
        f"{m['polarity']} in 100 polarities and finds {m['themes_found']} in 100 of a reader's themes, so these "
        "counts are indicative: read the findings behind a number before quoting it."
    )


def theme_label(theme: str) -> str:
    return THEMES.get(theme, (theme.replace("_", " "), ""))[0]


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
    newest = queries.newest_event_date(conn)
    if newest:
        return AsAt(iso_date(newest), "the newest event date in the database")
    return AsAt("unknown", "no documents are loaded")


def count_sources(frames: Iterable[pd.DataFrame]) -> list[tuple[str, int]]:
    """(description, documents) for each kind of source in the frames, most documents first."""
    paths: dict[str, set[str]] = {}
    for df in frames:
        if df is None or df.empty or "source_kind" not in df:
            continue
        for kind, path in zip(df["source_kind"], df["source_path"], strict=True):
            paths.setdefault(as_text(kind), set()).add(as_text(path))
    rows = [(SOURCE_KINDS.get(kind, kind), len(found)) for kind, found in paths.items()]
    return sorted(rows, key=lambda r: (-r[1], r[0]))

"""Words for tables: each column's header, how its values read, and the frames a page shows
(`plain`) or a file keeps (`plain_export`, codes beside words); the contract is the package's."""

from __future__ import annotations

import pandas as pd

from trajectories.labels.words import (
    BLANK,
    basis,
    blank,
    cohorts,
    dimension,
    direction,
    duration,
    event_type,
    framework,
    humanise,
    inspectorate,
    level,
    polarity,
    quality,
    status,
    subject,
    theme,
    themes,
    yes_no,
)

# Column -> header. Code columns keep "code" in their header (machine-readable files keep them).
COLUMNS = {
    "code": "Authority code",
    "authority_code": "Authority code",
    "name": "Authority",
    "authority_name": "Authority",
    "welsh_name": "Welsh name",
    "nation": "Nation",
    "region": "Region",
    "inspectorate": "Inspectorate",
    "event_type": "Kind of visit",
    "last_visit_type": "Kind of latest visit",
    "title": "Title",
    "start": "Started",
    "end": "Ended",
    "start_date": "Started",
    "end_date": "Ended",
    "published": "Published",
    "published_date": "Published",
    "planned": "Planned",
    "framework": "Framework",
    "focus_area": "Focus",
    "headline": "Headline",
    "sources": "Sources",
    "source_path": "Document",
    "source_url": "Link to the original",
    "other_source_paths": "Also read from",
    "dimension": "Judgement about",
    "subject_type": "Judged body",
    "raw_label": "Heading, as written",
    "raw_phrase": "Words, as written",
    "level": "Level (1\u20134)",
    "level_words": "Grade",
    "level_low": "Lowest level it may mean",
    "level_high": "Highest level it may mean",
    "mapping_quality": "How exact",
    "scale_value": "Grade on the inspectorate's own scale",
    "rule": "How this was read",
    "span_start": "From character",
    "span_end": "To character",
    "section": "Section of the document",
    "seq": "Order in the document",
    "polarity": "Concern or strength",
    "modality": "Said as",
    "themes": "Themes",
    "theme_labels": "Themes",
    "cohorts": "Children concerned",
    "text": "Finding, as written",
    "principle": "Principle",
    "current_level": "Level in force (1\u20134)",
    "current_level_words": "Grade in force",
    "since": "Since",
    "current_phrase": "Words of the grade in force",
    "current_source": "Document of the grade in force",
    "latest_direction": "Latest direction (\u22122 to +2)",
    "latest_direction_words": "Latest direction",
    "latest_direction_phrase": "Latest direction, as written",
    "latest_direction_date": "Latest direction dated",
    "latest_direction_source": "Document of the latest direction",
    "statuses_recorded": "Regulatory statuses recorded",
    "visits": "Visits",
    "graded_judgements": "Graded judgements",
    "months_at_level": "Time at this grade",
    "last_visit": "Latest visit",
    "next_planned": "Next planned visit",
    "direction": "Direction (\u22122 to +2)",
    "direction_glyph": "Direction",
    "direction_phrase": "Latest direction, as written",
    "direction_date": "Direction dated",
    "trajectory": "Graded levels over time",
    "open": "Open",
    "date": "Date",
    "until": "In force until",
    "disputed": "Read differently elsewhere",
    "basis": "Read from",
    "months": "Months",
    "visits_during": "Visits while inadequate",
    "exit_level": "Grade after",
    "exit_phrase": "Words of the grade after",
    "start_source": "Document of the inadequate grade",
    "exit": "Grade after",
    "episodes": "Episodes",
    "share": "Share still inadequate",
    "from_level": "Grade before",
    "to_level": "Grade after",
    "count": "Moves",
    "authorities": "Authorities",
    "theme": "Theme",
    "year": "Year",
    "concerns": "Concerns",
    "strengths": "Strengths",
    "share_of_visits": "Share of visits",
    "change": "Change in share",
    "x": "Months since first judged inadequate",
    "findings": "Findings",
    "label": "Status",
    "how_read": "How this was read",
    "first_visit_share": "Share at the first visit",
    "last_visit_share": "Share at the last visit before a better grade",
    "still_open": "Still open",
    "exists_on": "Exists on the day",
    "position": "Where it stands",
    "level_now": "Overall level now (1\u20134)",
    "lowest_area_now": "Lowest area level now (1\u20134)",
    "inadequate_now": "Judged inadequate now",
    "inadequate_areas": "Areas judged inadequate",
    "inadequate_since": "Inadequate since",
    "position_date": "Set by the inspection of",
    "position_source": "Document of where it stands",
    "months_inadequate": "Time inadequate",
    "position_kind": "Kind of position",
}
CODED = {
    "authority_code": "Authority code",
    "code": "Authority code",
    "event_type": "Kind of visit code",
    "inspectorate": "Inspectorate code",
    "polarity": "Concern or strength code",
    "dimension": "Judgement about code",
    "subject_type": "Judged body code",
    "mapping_quality": "How exact code",
    "framework": "Framework code",
    "themes": "Theme codes",
    "cohorts": "Children concerned codes",
    "rule": "Reading rule code",
    "source_path": "Document code",
    "other_source_paths": "Other document codes",
    "current_source": "Document of the grade in force code",
    "position_source": "Document of where it stands code",
    "latest_direction_source": "Document of the latest direction code",
    "start_source": "Document of the inadequate grade code",
    "end_source": "Document of the grade after code",
    "status": "Status code",
    "basis": "Read from code",
}
# Columns a file keeps as numbers (their words are in a column of their own).
NUMBERS = frozenset(
    {
        "level",
        "level_low",
        "level_high",
        "current_level",
        "latest_direction",
        "direction",
        "level_now",
        "lowest_area_now",
        "scale_value",
        "span_start",
        "span_end",
        "seq",
    }
)
# Code columns with no words of their own: only the code is written (under its CODED header).
CODE_ONLY = frozenset(
    {
        "authority_code",
        "code",
        "source_path",
        "other_source_paths",
        "current_source",
        "position_source",
        "latest_direction_source",
        "start_source",
        "end_source",
        "rule",
    }
)


def header(column: str) -> str:
    return COLUMNS.get(column) or humanise(column)


# Column -> how its values read (what `plain` applies).
VALUES = {
    "event_type": event_type,
    "last_visit_type": event_type,
    "inspectorate": inspectorate,
    "polarity": polarity,
    "dimension": dimension,
    "subject_type": subject,
    "mapping_quality": quality,
    "framework": framework,
    "basis": basis,
    "themes": themes,
    "cohorts": cohorts,
    "theme": theme,
    "status": status,
    "planned": yes_no,
    "disputed": yes_no,
    "open": yes_no,
    "months_at_level": duration,
    "months": duration,
    "level": level,
    "from_level": level,
    "to_level": level,
    "exit_level": level,
    "current_level": level,
    "direction": direction,
    "latest_direction": direction,
}


def cell(value) -> object:
    """A value as shown: blanks are '' (never None or nan); lists joined with '; '."""
    if isinstance(value, (list, tuple)):
        return "; ".join(str(v) for v in value if not blank(v))
    return BLANK if blank(value) else value


def plain(frame, columns: list[str] | None = None, keep: tuple[str, ...] = ()):
    """`frame` (or its `columns`) as a person reads it: words for codes, durations in years and
    months, blanks as '', and a header for each column. Columns in `keep` keep their values."""
    df = frame[columns] if columns is not None else frame
    out = {}
    for col in df.columns:
        words = VALUES.get(col) if col not in keep else None
        values = df[col].tolist()
        out[header(col)] = [words(v) if words else cell(v) for v in values]
    return pd.DataFrame(out, index=df.index)


def plain_export(frame) -> pd.DataFrame:
    """`frame` for a file people and machines both read: each column under its header in words,
    its values in words; a code column (`CODED`) also keeps its codes, in a column right after
    it whose header ends in "code" (or only the codes, for `CODE_ONLY` columns)."""
    out = {}
    for col in frame.columns:
        values = frame[col].tolist()
        if col in CODED and col in CODE_ONLY:
            out[CODED[col]] = [cell(v) for v in values]
            continue
        words = VALUES.get(col) if col not in NUMBERS else None
        out[header(col)] = [words(v) if words else cell(v) for v in values]
        if col in CODED:
            out[CODED[col]] = [cell(v) for v in values]
    return pd.DataFrame(out, index=frame.index)

"""The export tables' columns: which tables there are, each one's fixed column order (the CSV header
and the XLSX sheet) and what each holds, in words.

Contract: `TABLES` names the tables; `TABLE_COLUMNS[name]` is its column order and
`TABLE_DESCRIPTIONS[name]` one sentence about it. Data only.
"""

from __future__ import annotations

TABLES = ("events", "judgements", "findings", "authorities")
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

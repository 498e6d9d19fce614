"""Timeline tables: the timeline template and the compiled Wales (CIW) and Scotland (Care
Inspectorate) timelines, each recognised by its columns and read row by row."""

from __future__ import annotations

import re

from loaders.table_documents import Collector, finish
from loaders.table_sheets import Problems, Row, Sheet, header_key, sheet_rows
from loaders.table_timeline_rows import Options, timeline_row
from trajectories import scale
from trajectories.domain import Dimension, DocumentError, ParsedDocument, Source
from trajectories.text import squash

# Template columns (docs/timeline-template.md). Required: event_type, source_url, authority or
# ons_code, and at least one date column.
TEMPLATE_COLUMNS = (
    "authority",
    "ons_code",
    "inspectorate",
    "event_type",
    "title",
    "start_date",
    "end_date",
    "published_date",
    "planned",
    "judgement_dimension",
    "judgement_phrase",
    "scale",
    "outcome_phrase",
    "direction",
    "status",
    "summary",
    "themes",
    "inspected_body",
    "source_url",
    "source_kind",
    "confidence",
)
_DATE_COLUMNS = ("start_date", "end_date", "published_date")


def is_template(keys: list[str]) -> bool:
    return "event_type" in keys and ("authority" in keys or "ons_code" in keys)


def read_template(sheet: Sheet, source: Source, media_type: str) -> list[ParsedDocument]:
    missing = [c for c in ("event_type", "source_url") if c not in sheet.keys]
    if not any(c in sheet.keys for c in _DATE_COLUMNS):
        missing.append("start_date or published_date")
    if missing:
        raise DocumentError("this timeline is missing required columns: " + ", ".join(missing))
    problems = Problems("timeline")
    collector = Collector()
    extra = [h for h, k in zip(sheet.header, sheet.keys, strict=True) if k not in TEMPLATE_COLUMNS]
    if extra:
        collector.file_warnings.append("columns not in the timeline template were ignored: " + ", ".join(extra))
    for row in sheet_rows(sheet, problems):
        timeline_row(row, problems, collector, Options())
    return finish(problems, collector, source, "table:timeline", "Timeline", media_type)


WALES_COLUMNS = {
    "authority_name",
    "ons_code",
    "inspectorate",
    "event_type",
    "outcome_phrase",
    "outcome_summary",
    "direction",
    "source_url",
}
_SCOPES = {"children": "", "children_and_adults": " (children's and adults' services)", "adults": " (adults' services)"}


def read_wales(sheet: Sheet, source: Source, media_type: str) -> list[ParsedDocument]:
    """The compiled CIW timeline: the template's columns under other names."""
    problems = Problems("Wales timeline")
    collector = Collector()
    for row in sheet_rows(sheet, problems):
        scope = header_key(row.get("service_scope", ""))
        mapped = Row(
            authority=row["authority_name"],
            ons_code=row["ons_code"],
            inspectorate=row["inspectorate"],
            event_type=row["event_type"],
            start_date=row.get("start_date", ""),
            end_date=row.get("end_date", ""),
            published_date=row.get("published_date", ""),
            outcome_phrase=row["outcome_phrase"],
            judgement_phrase=row["outcome_phrase"],
            scale="ciw",
            summary=row["outcome_summary"],
            direction=row["direction"],
            themes=row.get("themes", ""),
            source_url=row["source_url"],
            source_kind=row.get("source_kind", ""),
            confidence=row.get("confidence", ""),
        )
        mapped.number = row.number
        opts = Options(
            grade_optional=True,
            judgement_label="outcome phrase (compiled timeline)",
            title_suffix=_SCOPES.get(scope, f" ({row.get('service_scope')})" if scope else ""),
        )
        timeline_row(mapped, problems, collector, opts)
    return finish(problems, collector, source, "table:wales_timeline", "Wales CIW timeline", media_type)


SCOTLAND_COLUMNS = {
    "council_area",
    "ons_code",
    "programme",
    "grade_number",
    "grade_word",
    "other_grades",
    "outcome_summary",
    "source_url",
}
_CI_PROGRAMMES = {
    "jicyp_2012_2017": "ci_scot_jicyp_2012",
    "children_protection_2018_2020": "ci_scot_care_protection_2018",
    "children_at_risk_2021": "ci_scot_at_risk_2021",
    "other": None,
}


def _ci_dimension(quality_indicator: str) -> Dimension | None:
    """QI 2.1 'impact on children and young people' (or all QIs) is the overall grade; a
    leadership QI is leadership; any other single QI has no canonical dimension."""
    qi = quality_indicator.lower()
    if not qi or re.search(r"\b2\.1\b|impact on children and young people|^all evaluated", qi):
        return Dimension.OVERALL
    if "leadership" in qi:
        return Dimension.LEADERSHIP
    return None


def read_scotland(sheet: Sheet, source: Source, media_type: str) -> list[ParsedDocument]:
    """The compiled Care Inspectorate timeline: six-point grades for a partnership."""
    problems = Problems("Scotland timeline")
    collector = Collector()
    for row in sheet_rows(sheet, problems):
        n = row.number
        programme = header_key(row.get("programme", ""))
        qi = squash(row.get("quality_indicator", ""))
        if programme not in _CI_PROGRAMMES:
            problems.error(n, f"unknown programme {row.get('programme')!r}")
            continue
        if programme != "other":
            event_type = "ci_joint_inspection_children"
        elif re.search(r"progress review|follow-through", qi, re.I):
            event_type = "ci_progress_review"
        elif re.search(r"compulsory supervision|thematic", qi, re.I):
            event_type = "ci_thematic"
        else:
            event_type = "ci_joint_inspection_children"
        number, word = row.get("grade_number", "").strip(), row.get("grade_word", "").strip()
        phrase = word or number
        if number and word and scale.level_for(number, "ci6") != scale.level_for(word, "ci6"):
            problems.error(n, f"grade_number {number} and grade_word {word!r} disagree")
            continue
        warnings = []
        dimension = _ci_dimension(qi)
        if phrase and dimension is None:
            warnings.append(
                f"row {n}: the grade {phrase!r} is for one quality indicator ({qi}), not an overall "
                f"grade; kept in the headline, no judgement"
            )
        grade_text = " ".join(p for p in (number, word) if p)
        parts = [f"{qi}: {grade_text}" if qi and grade_text else qi or grade_text]
        if row.get("other_grades", "").strip():
            parts.append(("other grades: " if grade_text else "") + squash(row["other_grades"]))
        mapped = Row(
            authority=row["council_area"],
            ons_code=row["ons_code"],
            inspectorate="ci_scot",
            event_type=event_type,
            start_date=row.get("fieldwork_start", ""),
            end_date=row.get("fieldwork_end", ""),
            published_date=row.get("published_date", ""),
            outcome_phrase="; ".join(p for p in parts if p),
            judgement_phrase=phrase if dimension is not None else "",
            judgement_dimension=dimension.value if dimension is not None and phrase else "",
            scale="ci6",
            summary=row["outcome_summary"],
            themes=row.get("themes", ""),
            source_url=row["source_url"],
            source_kind=row.get("source_kind", ""),
            confidence=row.get("confidence", ""),
            inspected_body=row.get("partnership_name", ""),
        )
        mapped.number = n
        opts = Options(judgement_label=qi or "grade", framework=_CI_PROGRAMMES[programme], warnings=warnings)
        timeline_row(mapped, problems, collector, opts)
    return finish(
        problems, collector, source, "table:scotland_timeline", "Scotland Care Inspectorate timeline", media_type
    )

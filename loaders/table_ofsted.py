"""Ofsted's outcome tables: the scraped ILACS history and overview (with its placeholders for grades
it could not read), and Ofsted's published outcomes table."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable

from loaders.table_documents import Collector, finish, is_url, resolve, row_date
from loaders.table_sheets import Problems, Row, Sheet, sheet_rows
from trajectories import normalise
from trajectories.domain import Dimension, Event, Inspectorate, Judgement, ParsedDocument, PartialDate, Source

ILACS_V2_FROM = dt.date(2023, 1, 1)  # fieldwork from January 2023 splits children in care / care leavers
SIF_FROM = dt.date(2013, 11, 1)

# Scraped-table placeholders (the scraper's words for "no grade here").
UNREADABLE = "data_unreadable"
PRE_DATES = "inspection_pre_dates_judgement"
NOT_REPORTED = "not_reported_post_reform"
BROKEN_GRADES = {"to requires improvement": "requires improvement to be good"}
_PLACEHOLDERS = {UNREADABLE, PRE_DATES, NOT_REPORTED}

_SCRAPE_GRADES = (
    ("overall_effectiveness_grade", Dimension.OVERALL),
    ("impact_of_leaders_grade", Dimension.LEADERSHIP),
    ("help_and_protection_grade", Dimension.HELP_PROTECTION),
    ("in_care_grade", None),  # combined with care leavers before 2023 fieldwork
    ("care_leavers_grade", Dimension.CARE_LEAVERS),
)
SCRAPE_COLUMNS = {"urn", "local_authority", "publication_date"} | {c for c, _ in _SCRAPE_GRADES}


def read_scraped(sheet: Sheet, source: Source, media_type: str) -> list[ParsedDocument]:
    """The scraped ILACS history or overview: one row per published report."""
    problems = Problems("scraped Ofsted table")
    collector = Collector()
    for row in sheet_rows(sheet, problems):
        n = row.number
        before = len(problems.errors)
        authority, note = resolve(
            problems,
            n,
            code=row.get("la_code_new", ""),
            urn=row.get("urn", ""),
            name=row.get("local_authority", ""),
            check_name=False,
        )
        published = row_date(row, "publication_date", problems)
        start = row_date(row, "inspection_start_date", problems)
        end = row_date(row, "inspection_end_date", problems)
        grades = {col: row.get(col, "").strip() for col, _ in _SCRAPE_GRADES}
        lower = {col: v.lower() for col, v in grades.items()}
        warnings = [note] if note else []
        if UNREADABLE in lower.values():
            warnings.append(f"row {n}: grades unreadable in the scraped table")
        readable = any(v and v not in _PLACEHOLDERS for v in lower.values())
        framework_cell = row.get("inspection_framework", "").strip().lower()
        ilacs = bool(framework_cell or start or readable)
        if start is not None:
            split = start.first_day() >= ILACS_V2_FROM
        else:
            split = lower["care_leavers_grade"] not in _PLACEHOLDERS | {""}
        event_type = _scraped_event_type(framework_cell, start, end, published, ilacs)
        framework = _scraped_framework(event_type, ilacs, split)
        link = row.get("inspection_link", "").strip()
        link = link if is_url(link) else ""
        judgements = _scraped_judgements(n, grades, split, link, problems, warnings)
        headline = _scraped_headline(n, grades, warnings)
        if len(problems.errors) > before or authority is None:
            continue
        title = (
            re.sub(r"\.pdf$", "", row.get("pdf_filename", "").strip(), flags=re.I) or "Children's services inspection"
        )
        group = collector.group(authority, row.get("local_authority", ""), Inspectorate.OFSTED)
        group.events.append(
            Event(
                event_type=event_type,
                start=start,
                end=end,
                published=published,
                title=title,
                framework=framework,
                headline=headline,
                judgements=judgements,
            )
        )
        group.urls.append(link)
        group.warnings += warnings
    return finish(problems, collector, source, "table:ofsted_scraped", "Ofsted inspections (scraped table)", media_type)


def _scraped_event_type(
    framework_cell: str, start: PartialDate | None, end: PartialDate | None, published: PartialDate | None, ilacs: bool
) -> str:
    """The kind of inspection a scraped row records: its framework cell, else the fieldwork's length,
    else the publication date."""
    if "short" in framework_cell:
        return "ofsted_ilacs_short"
    if "standard" in framework_cell:
        return "ofsted_ilacs_standard"
    if start and end:
        days = (end.last_day() - start.first_day()).days + 1
        return "ofsted_ilacs_short" if days <= 7 else "ofsted_ilacs_standard"
    if ilacs:
        return "ofsted_ilacs"
    if published is not None and published.first_day() >= SIF_FROM:
        return "ofsted_sif"
    return "ofsted_inspection"


def _scraped_framework(event_type: str, ilacs: bool, split: bool) -> str | None:
    if ilacs:
        return "ofsted_ilacs_v2" if split else "ofsted_ilacs_v1"
    return "ofsted_sif" if event_type == "ofsted_sif" else None


def _scraped_judgements(
    n: int, grades: dict[str, str], split: bool, link: str, problems: Problems, warnings: list[str]
) -> list[Judgement]:
    """A judgement for each grade cell that holds a grade; placeholders and blanks are skipped."""
    judgements = []
    for col, dimension in _SCRAPE_GRADES:
        value, low = grades[col], grades[col].lower()
        if not low or low in _PLACEHOLDERS:
            continue
        context = f"row {n}: {col}={value}"
        if dimension is None:
            dimension = Dimension.CHILDREN_IN_CARE if split else Dimension.CIC_AND_CARE_LEAVERS
            if not split:
                context += (
                    " (children in care and care leavers together:"
                    " the separate care leavers judgement post-dates this inspection)"
                )
        if link:
            context += f" [report: {link}]"
        if low in BROKEN_GRADES:
            warnings.append(f"row {n}: {col} {value!r} is a broken cell; read as {BROKEN_GRADES[low]}")
        judgement = normalise.judgement(dimension, col, value, context, "ofsted")
        if judgement.level is None:
            problems.error(n, f"{col} {value!r} is not an Ofsted grade or a known placeholder")
            continue
        judgements.append(judgement)
    return judgements


def _scraped_headline(n: int, grades: dict[str, str], warnings: list[str]) -> str:
    """The overall effectiveness grade in words, or what the scraped table says in its place."""
    lower = {col: v.lower() for col, v in grades.items()}
    overall = lower["overall_effectiveness_grade"]
    if overall == NOT_REPORTED:
        return "No overall effectiveness grade: Ofsted stopped reporting one from April 2026"
    if overall == UNREADABLE or (not overall and UNREADABLE in lower.values()):
        return "Grades unreadable in the scraped table"
    if overall:
        return f"Overall effectiveness: {grades['overall_effectiveness_grade']}"
    warnings.append(f"row {n}: overall effectiveness is blank in the scraped table; no overall judgement")
    return ""


def official_columns(keys: list[str]) -> dict[str, str] | None:
    """Column keys of Ofsted's published outcomes table, found by their words."""

    def first(test: Callable[[str], bool]) -> str | None:
        return next((k for k in keys if test(k)), None)

    cols = {
        "name": first(lambda k: k in ("local_authority_name", "local_authority", "la_name")),
        "code": first(lambda k: k in ("new_la_code", "la_code_new", "ons_code", "gss_code")),
        "date": first(lambda k: k == "inspection_date"),
        "overall": first(lambda k: "overall_effectiveness" in k),
        "leaders": first(lambda k: "impact_of_leaders" in k),
        "help": first(lambda k: "help_and_protection" in k),
        "in_care": first(lambda k: "in_care" in k),
        "care_leavers": first(lambda k: k.endswith("care_leavers") and "in_care" not in k),
        "link": first(lambda k: k in ("web_link", "link", "url")),
    }
    needed = ("date", "overall", "leaders", "help", "in_care")
    if not all(cols[c] for c in needed) or not (cols["name"] or cols["code"]):
        return None
    return {k: v for k, v in cols.items() if v}


def read_official(sheet: Sheet, source: Source, media_type: str) -> list[ParsedDocument]:
    """Ofsted's own table of latest ILACS judgements per authority (official wording)."""
    cols = official_columns(sheet.keys)
    assert cols is not None
    labels = dict(zip(sheet.keys, sheet.header, strict=True))
    combined_column = "care_leavers" in cols["in_care"]
    problems = Problems("Ofsted outcomes table")
    collector = Collector()
    for row in sheet_rows(sheet, problems):
        n = row.number
        before = len(problems.errors)
        name = row.get(cols.get("name", ""), "")
        authority, note = resolve(problems, n, code=row.get(cols.get("code", ""), ""), name=name, check_name=False)
        warnings = [note] if note else []
        date_cell = row.get(cols["date"], "")
        if re.search(r"not yet inspected", date_cell, re.I):
            if authority is not None:
                collector.file_warnings.append(f"row {n}: {authority.name} not yet inspected under ILACS; no event")
            continue
        start = row_date(row, cols["date"], problems)
        if start is None and not problems.errors[before:]:
            problems.error(n, "no inspection date")
        care_leavers = row.get(cols.get("care_leavers", ""), "")
        split = not combined_column and (
            bool(care_leavers) or (start is not None and start.first_day() >= ILACS_V2_FROM)
        )
        if not combined_column and start is not None:
            if start.first_day() >= ILACS_V2_FROM and not care_leavers:
                warnings.append(f"row {n}: inspected from January 2023 but no care leavers grade")
            elif start.first_day() < ILACS_V2_FROM and care_leavers:
                warnings.append(f"row {n}: a separate care leavers grade for an inspection before 2023")
        judgements = _official_judgements(row, cols, labels, split, problems, warnings)
        if len(problems.errors) > before or authority is None:
            continue
        overall = row.get(cols["overall"], "")
        link = row.get(cols.get("link", ""), "")
        group = collector.group(authority, name, Inspectorate.OFSTED)
        group.events.append(
            Event(
                event_type="ofsted_ilacs",
                start=start,
                title="Inspection of local authority children's services",
                framework="ofsted_ilacs_v2" if split else "ofsted_ilacs_v1",
                headline=f"Overall effectiveness: {overall}" if overall else "",
                judgements=judgements,
            )
        )
        group.urls.append(link if is_url(link) else "")
        group.warnings += warnings
    return finish(problems, collector, source, "table:ofsted_outcomes", "Ofsted ILACS outcomes table", media_type)


def _official_judgements(
    row: Row, cols: dict[str, str], labels: dict[str, str], split: bool, problems: Problems, warnings: list[str]
) -> list[Judgement]:
    """A judgement for each grade column the row fills; a blank one is a warning (care leavers only when
    judged apart)."""
    n = row.number
    dims = (
        ("overall", Dimension.OVERALL),
        ("leaders", Dimension.LEADERSHIP),
        ("help", Dimension.HELP_PROTECTION),
        ("in_care", Dimension.CHILDREN_IN_CARE if split else Dimension.CIC_AND_CARE_LEAVERS),
        ("care_leavers", Dimension.CARE_LEAVERS),
    )
    judgements = []
    for part, dimension in dims:
        if part not in cols:
            continue
        value = row.get(cols[part], "")
        label = labels[cols[part]]
        if not value:
            if part != "care_leavers" or split:
                warnings.append(f"row {n}: {label!r} is blank; no judgement")
            continue
        judgement = normalise.judgement(dimension, label, value, f"row {n}: {label}: {value}", "ofsted")
        if judgement.level is None:
            problems.error(n, f"{label} {value!r} is not an Ofsted grade")
            continue
        judgements.append(judgement)
    return judgements

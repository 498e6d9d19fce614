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

import csv
import datetime as dt
import functools
import hashlib
import io
import re
from collections.abc import Callable
from dataclasses import dataclass, field

from trajectories import authorities, dates, normalise, scale, themes
from trajectories.domain import (
    INSPECTORATE_NAMES,
    AuthorityRef,
    Dimension,
    DirectionSignal,
    DocumentError,
    Event,
    Inspectorate,
    Judgement,
    MappingQuality,
    ParsedDocument,
    PartialDate,
    Source,
    Status,
    StatusSignal,
    ThemeTag,
)
from trajectories.text import squash

NAME = "tables"

# The registered XLSX type is 65 characters; the source_document.media_type column holds 60.
XLSX_MEDIA_TYPE = "application/xlsx"
CSV_MEDIA_TYPE = "text/csv"
MAX_REPORTED = 5  # bad rows named in the error message
# Limits on the work one table may cause (the published tables hold hundreds of rows).
MAX_TABLE_ROWS = 20_000
MAX_TABLE_CELLS = 1_000_000
MAX_WORKBOOK_PARTS = 500  # files inside the workbook's archive
MAX_WORKBOOK_MB = 50  # their size unpacked
SUMMARY_SECTION = "Summary (compiled timeline)"
ILACS_V2_FROM = dt.date(2023, 1, 1)  # fieldwork from January 2023 splits children in care / care leavers
SIF_FROM = dt.date(2013, 11, 1)
SRSI_FROM = dt.date(2024, 11, 1)  # CIW introduced "service requiring significant improvement"

# Event types a timeline may use, with the title an event gets when the row gives none
# (docs/timeline-template.md; docs/domain-rules.md §1.3 plus the generic "kind not known" ones).
EVENT_TYPES: dict[str, str] = {
    "ofsted_ilacs_standard": "ILACS standard inspection",
    "ofsted_ilacs_short": "ILACS short inspection",
    "ofsted_ilacs": "ILACS inspection (short or standard not known)",
    "ofsted_sif": "Single inspection framework inspection",
    "ofsted_sif_reinspection": "Single inspection framework re-inspection",
    "ofsted_pre_sif": "Ofsted safeguarding or looked-after children inspection",
    "ofsted_inspection": "Ofsted inspection of children's services",
    "ofsted_focused_visit": "Ofsted focused visit",
    "ofsted_monitoring_visit": "Ofsted monitoring visit",
    "ofsted_action_planning_visit": "Ofsted action planning visit",
    "ofsted_jtai": "Joint targeted area inspection",
    "ofsted_annual_engagement": "Ofsted annual engagement meeting",
    "ciw_inspection": "CIW inspection",
    "ciw_performance_evaluation_inspection": "CIW performance evaluation inspection",
    "ciw_improvement_check": "CIW improvement check",
    "ciw_assurance_check": "CIW assurance check",
    "ciw_monitoring_activity": "CIW monitoring activity",
    "ciw_risk_based_inspection": "CIW risk-based inspection",
    "ciw_follow_up_inspection": "CIW follow-up inspection",
    "ciw_annual_performance_letter": "CIW annual performance letter",
    "ciw_improvement_conference": "CIW improvement conference",
    "ciw_srsi_notification": "CIW service requiring significant improvement",
    "ciw_thematic_review": "CIW thematic review",
    "jicpa": "Joint inspection of child protection arrangements",
    "ci_joint_inspection_children": "Care Inspectorate joint inspection of services for children",
    "ci_progress_review": "Care Inspectorate progress review",
    "ci_thematic": "Care Inspectorate thematic inspection",
    "dfe_improvement_notice": "DfE improvement notice",
    "dfe_statutory_direction": "DfE statutory direction",
    "dfe_commissioner_appointed": "Commissioner for children's services appointed",
    "children_trust_established": "Children's services trust established",
    "welsh_gov_warning_notice": "Welsh Government warning notice",
    "welsh_gov_follow_up_warning_notice": "Welsh Government follow-up warning notice",
    "improvement_board_established": "Improvement board established",
    "improvement_board": "Improvement board",
    "internal_review": "Self-evaluation, peer or commissioned review",
    "other": "Other event",
}
# Event types that are a regulatory status in themselves.
EVENT_STATUS: dict[str, Status] = {
    "dfe_improvement_notice": Status.DFE_IMPROVEMENT_NOTICE,
    "dfe_statutory_direction": Status.DFE_DIRECTION,
    "dfe_commissioner_appointed": Status.COMMISSIONER,
    "welsh_gov_warning_notice": Status.WELSH_GOV_WARNING_NOTICE,
    "welsh_gov_follow_up_warning_notice": Status.WELSH_GOV_WARNING_NOTICE,
    "ciw_srsi_notification": Status.CIW_SRSI,
    "improvement_board_established": Status.IMPROVEMENT_BOARD,
    "improvement_board": Status.IMPROVEMENT_BOARD,
}
# The inspectorate an event type implies when the row does not say.
_TYPE_INSPECTORATE = (
    ("ofsted_", Inspectorate.OFSTED),
    ("ciw_", Inspectorate.CIW),
    ("jicpa", Inspectorate.CIW),
    ("ci_", Inspectorate.CI_SCOT),
    ("dfe_", Inspectorate.DFE),
    ("children_trust", Inspectorate.DFE),
    ("welsh_gov_", Inspectorate.WELSH_GOV),
)
INSPECTORATE_ALIASES = {
    "welsh_government": Inspectorate.WELSH_GOV,
    "jicpa": Inspectorate.CIW,  # CIW leads the Welsh joint inspections
    "cssiw": Inspectorate.CIW,
    "care_inspectorate": Inspectorate.CI_SCOT,
    "care_inspectorate_scotland": Inspectorate.CI_SCOT,
    "department_for_education": Inspectorate.DFE,
}
SCALES = ("ofsted", "ci6", "ciw")
_DEFAULT_SCALE = {Inspectorate.OFSTED: "ofsted", Inspectorate.CI_SCOT: "ci6", Inspectorate.CIW: "ciw"}
# source_kind -> (basis of a direction signal, mapping quality of the compiler's reading).
SOURCE_KINDS: dict[str, tuple[str, MappingQuality]] = {
    "primary": ("primary_source", MappingQuality.APPROXIMATE),
    "primary_ofsted": ("primary_source", MappingQuality.APPROXIMATE),
    "primary_ciw": ("primary_source", MappingQuality.APPROXIMATE),
    "primary_ci": ("primary_source", MappingQuality.APPROXIMATE),
    "gov_uk": ("primary_source", MappingQuality.APPROXIMATE),
    "gov_wales": ("primary_source", MappingQuality.APPROXIMATE),
    "gov_scot": ("primary_source", MappingQuality.APPROXIMATE),
    "council_minutes": ("council_minute", MappingQuality.NARRATIVE_INFERRED),
    "council_papers": ("council_minute", MappingQuality.NARRATIVE_INFERRED),
    "news": ("press", MappingQuality.NARRATIVE_INFERRED),
    "other": ("other", MappingQuality.NARRATIVE_INFERRED),
}
CONFIDENCE = ("high", "medium", "low")
_YES = {"yes", "y", "true", "1"}
_NO = {"no", "n", "false", "0", ""}

# Scraped-table placeholders (the scraper's words for "no grade here").
UNREADABLE = "data_unreadable"
PRE_DATES = "inspection_pre_dates_judgement"
NOT_REPORTED = "not_reported_post_reform"
BROKEN_GRADES = {"to requires improvement": "requires improvement to be good"}
_PLACEHOLDERS = {UNREADABLE, PRE_DATES, NOT_REPORTED}


# --------------------------------------------------------------------------- reading cells


def _key(header: object) -> str:
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
class _Sheet:
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


def _csv_sheets(data: bytes) -> list[_Sheet]:
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
    holds more parts or unpacks larger than the limits."""
    import zipfile

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            parts = archive.infolist()
    except (zipfile.BadZipFile, ValueError, OSError):
        return False
    if len(parts) > MAX_WORKBOOK_PARTS:
        raise DocumentError(f"the spreadsheet holds {len(parts):,} parts, more than the limit of {MAX_WORKBOOK_PARTS}")
    unpacked = sum(p.file_size for p in parts)
    if unpacked > MAX_WORKBOOK_MB * 1024 * 1024:
        raise DocumentError(
            f"the spreadsheet unpacks to {unpacked / 1024 / 1024:,.0f} MB, more than the limit of {MAX_WORKBOOK_MB} MB"
        )
    return True


def _xlsx_sheets(data: bytes) -> list[_Sheet]:
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


def _sheet(records: list[list[str]]) -> _Sheet:
    start = next((i for i, r in enumerate(records) if any(c.strip() for c in r)), len(records))
    header = [c.strip() for c in records[start]] if start < len(records) else []
    while header and not header[-1]:
        header.pop()
    rows = [(start + 1 + i + 1, [c.strip() for c in r]) for i, r in enumerate(records[start + 1 :])]
    return _Sheet(header, [_key(h) for h in header], [(n, r) for n, r in rows if any(r)])


class _Row(dict):
    """One data row as {column key: cell}; `number` counts the header as row 1."""

    number: int = 0


def _rows(sheet: _Sheet, problems: _Problems) -> list[_Row]:
    out = []
    for number, cells in sheet.rows:
        if len(cells) > len(sheet.keys) and any(cells[len(sheet.keys) :]):
            problems.error(number, f"{len(cells)} cells but {len(sheet.keys)} columns")
            continue
        row = _Row(zip(sheet.keys, cells + [""] * (len(sheet.keys) - len(cells)), strict=True))
        row.number = number
        out.append(row)
    return out


# --------------------------------------------------------------------------- problems and documents


@dataclass
class _Problems:
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


@dataclass
class _Group:
    authority: authorities.Authority
    name_as_written: str
    inspectorate: Inspectorate
    events: list[Event] = field(default_factory=list)
    urls: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


class _Collector:
    """Events grouped by (authority, inspectorate), in the order the file first names them."""

    def __init__(self) -> None:
        self.groups: dict[tuple[str, Inspectorate], _Group] = {}
        self.file_warnings: list[str] = []

    def group(self, authority: authorities.Authority, written: str, inspectorate: Inspectorate) -> _Group:
        key = (authority.code, inspectorate)
        if key not in self.groups:
            self.groups[key] = _Group(authority, written or authority.name, inspectorate)
        return self.groups[key]

    def documents(self, source: Source, kind: str, title: str, media_type: str) -> list[ParsedDocument]:
        docs = []
        for (code, inspectorate), g in self.groups.items():
            digest = hashlib.sha256(f"{source.sha256}:{code}:{inspectorate.value}".encode()).hexdigest()
            urls = set(g.urls)
            url = g.urls[0] if len(urls) == 1 and g.urls[0] else ""
            doc_source = Source(
                path=source.path,
                sha256=digest,
                media_type=media_type,
                title=f"{title}: {g.authority.name}",
                extraction_method="table",
                url=url,
                size=source.size,
            )
            ref = AuthorityRef(g.name_as_written, g.authority.code, g.authority.name, g.authority.nation)
            docs.append(ParsedDocument(doc_source, ref, inspectorate, g.events, warnings=list(g.warnings), kind=kind))
        if docs and self.file_warnings:
            docs[0].warnings[:0] = self.file_warnings
        return docs


def _finish(
    problems: _Problems, collector: _Collector, source: Source, kind: str, title: str, media_type: str
) -> list[ParsedDocument]:
    """The file's documents, or a DocumentError naming its bad rows (nothing is half-loaded)."""
    problems.raise_if_any()
    if not collector.groups:
        raise DocumentError(f"this {problems.label} has no data rows")
    return collector.documents(source, kind, title, media_type)


# --------------------------------------------------------------------------- shared helpers


@functools.lru_cache(maxsize=1)
def _by_urn() -> dict[str, authorities.Authority]:
    return {a.ofsted_urn: a for a in authorities.reference() if a.ofsted_urn}


def _related(a: authorities.Authority, b: authorities.Authority) -> bool:
    """Predecessor and successor (e.g. Cumbria and Cumberland) may stand for each other."""
    return any({ln.predecessor, ln.successor} == {a.code, b.code} for ln in authorities.LINEAGE)


def _resolve(
    problems: _Problems, number: int, *, code: str = "", urn: str = "", name: str = "", check_name: bool = True
) -> tuple[authorities.Authority | None, str | None]:
    """The authority of a row, by ONS code, then Ofsted URN, then name; (authority, warning)."""
    code, urn, name = code.strip().upper(), urn.strip(), name.strip()
    if code:
        found = authorities.by_code().get(code)
        if found is not None:
            if check_name and name:
                named = authorities.match(name)
                if named is not None and named.code != found.code and not _related(named, found):
                    problems.error(
                        number, f"authority {name!r} is {named.name} ({named.code}) but ONS code {code} is {found.name}"
                    )
                    return None, None
            return found, None
    if urn:
        found = _by_urn().get(urn)
        if found is not None:
            return found, None
    if name:
        found = authorities.by_code().get(name.upper()) or authorities.match(name)
        if found is not None:
            if code:
                return (
                    found,
                    f"row {number}: ONS code {code} is not in the reference list; matched by name to {found.name} ({found.code})",
                )
            if urn:
                return (
                    found,
                    f"row {number}: Ofsted URN {urn} is not in the reference list; matched by name to {found.name} ({found.code})",
                )
            return found, None
        problems.error(number, f"unknown authority {name!r}" + (f" (ONS code {code})" if code else ""))
    elif code:
        problems.error(number, f"unknown ONS code {code!r}")
    elif urn:
        problems.error(number, f"unknown Ofsted URN {urn!r}")
    else:
        problems.error(number, "no authority given")
    return None, None


def _date(row: _Row, column: str, problems: _Problems, *, iso: bool = False) -> PartialDate | None:
    """A date cell: blank -> None; unreadable -> a row error and None.

    `iso`: only YYYY-MM-DD, YYYY-MM or YYYY (the timeline format); otherwise any form
    `dates.parse_date` reads ("31/01/23", "31 January 2023", ...).
    """
    value = row.get(column, "")
    try:
        return PartialDate.parse_iso(value) if iso else dates.parse_date(value)
    except ValueError:
        hint = " (YYYY-MM-DD, YYYY-MM or YYYY)" if iso else ""
        problems.error(row.number, f"{column} {value!r} is not a date{hint}")
        return None


def _is_url(value: str) -> bool:
    return bool(re.match(r"^https?://\S+$", value.strip()))


def _split_list(value: str) -> list[str]:
    return [v.strip() for v in re.split(r"[;|]", value or "") if v.strip()]


# --------------------------------------------------------------------------- timelines


@dataclass
class _Options:
    grade_optional: bool = False  # a phrase that is not a grade means "no judgement", not an error
    judgement_label: str = ""
    framework: str | None = None
    title_suffix: str = ""
    warnings: list[str] = field(default_factory=list)  # row notes decided by the adapter


def _inspectorate(row: _Row, event_type: str, problems: _Problems) -> Inspectorate | None:
    raw = _key(row.get("inspectorate", ""))
    if raw:
        try:
            return Inspectorate(raw)
        except ValueError:
            if raw in INSPECTORATE_ALIASES:
                return INSPECTORATE_ALIASES[raw]
            allowed = ", ".join(i.value for i in Inspectorate)
            problems.error(row.number, f"unknown inspectorate {row.get('inspectorate')!r} (use {allowed})")
            return None
    for prefix, inspectorate in _TYPE_INSPECTORATE:
        if event_type.startswith(prefix):
            return inspectorate
    problems.error(row.number, f"no inspectorate given and event_type {event_type!r} does not imply one")
    return None


@dataclass
class _TimelineFields:
    """A timeline row's cells, checked; `problems` holds what is wrong with them."""

    authority: authorities.Authority | None
    note: str | None
    event_type: str
    inspectorate: Inspectorate | None
    start: PartialDate | None
    end: PartialDate | None
    published: PartialDate | None
    planned: bool
    direction: int | None
    url: str
    source_kind: str
    confidence: str
    statuses: list[Status]
    theme_ids: list[str]
    outcome: str
    summary: str
    judgement_spec: tuple[Dimension, str, str, str] | None


def _timeline_row(row: _Row, problems: _Problems, collector: _Collector, opts: _Options) -> None:
    """Validate one timeline row (template column names) and add its event to the collector."""
    n = row.number
    before = len(problems.errors)
    f = _timeline_fields(row, problems, opts)
    if len(problems.errors) > before or f.authority is None or f.inspectorate is None:
        return

    when = f.start or f.published or f.end
    context = squash(
        f"{f.summary or f.outcome} [row {n}; source: {f.url}; {f.source_kind}"
        + (f"; confidence {f.confidence}" if f.confidence else "")
        + "]"
    )
    judgements, directions = _timeline_grade_and_direction(f, context)
    warnings = list(opts.warnings)
    signals = _timeline_statuses(f, when, context, n, warnings)
    findings = []
    if f.summary:
        finding = normalise.finding(f.summary, SUMMARY_SECTION)
        tagged = {t.theme for t in finding.themes}
        finding.themes += [ThemeTag(t, "themes column") for t in f.theme_ids if t not in tagged]
        findings.append(finding)
    if not (f.start or f.end or f.published):
        warnings.append(f"row {n}: no date given; the event is kept but cannot be placed on a timeline")
    if f.note:
        warnings.append(f.note)
    event = Event(
        event_type=f.event_type,
        start=f.start,
        end=f.end,
        published=f.published,
        planned=f.planned,
        title=squash(row.get("title", "")) or EVENT_TYPES[f.event_type] + opts.title_suffix,
        framework=opts.framework,
        headline=f.outcome,
        inspected_body=squash(row.get("inspected_body", "")),
        judgements=judgements,
        directions=directions,
        statuses=signals,
        findings=findings,
    )
    group = collector.group(f.authority, row.get("authority", "") or row.get("ons_code", ""), f.inspectorate)
    group.events.append(event)
    group.urls.append(f.url)
    group.warnings += warnings


def _timeline_fields(row: _Row, problems: _Problems, opts: _Options) -> _TimelineFields:
    """Every cell of a timeline row read and checked, each problem recorded in column order."""
    authority, note, event_type, inspectorate = _timeline_who(row, problems)
    start, end, published = _timeline_dates(row, problems)
    planned_raw = row.get("planned", "").strip().lower()
    if planned_raw not in _YES | _NO:
        problems.error(row.number, f"planned {row.get('planned')!r} is not yes or no")
    direction = _timeline_direction(row, problems)
    url, source_kind, confidence = _timeline_source(row, problems)
    statuses: list[Status] = []
    for value in _split_list(row.get("status", "")):
        try:
            statuses.append(Status(_key(value)))
        except ValueError:
            problems.error(row.number, f"unknown status {value!r}")
    theme_ids = [_key(t) for t in _split_list(row.get("themes", ""))]
    for t in theme_ids:
        if t not in themes.THEMES:
            problems.error(row.number, f"unknown theme {t!r}")
    outcome = squash(row.get("outcome_phrase", ""))
    summary = squash(row.get("summary", ""))
    if direction is not None and not (outcome or summary):
        problems.error(row.number, "a direction needs an outcome_phrase or summary to cite")
    judgement_spec = _judgement_spec(row, inspectorate, problems, opts)
    return _TimelineFields(
        authority,
        note,
        event_type,
        inspectorate,
        start,
        end,
        published,
        planned_raw in _YES,
        direction,
        url,
        source_kind,
        confidence,
        statuses,
        theme_ids,
        outcome,
        summary,
        judgement_spec,
    )


def _timeline_who(
    row: _Row, problems: _Problems
) -> tuple[authorities.Authority | None, str | None, str, Inspectorate | None]:
    """(authority, a note on how it was found, event type, inspectorate): the inspectorate must cover the
    authority's nation."""
    n = row.number
    authority, note = _resolve(problems, n, code=row.get("ons_code", ""), name=row.get("authority", ""))
    event_type = row.get("event_type", "").strip().lower()
    inspectorate = None
    if not event_type:
        problems.error(n, "no event_type")
    elif event_type not in EVENT_TYPES:
        problems.error(n, f"unknown event_type {row.get('event_type')!r}")
    else:
        inspectorate = _inspectorate(row, event_type, problems)
    if authority is not None and inspectorate is not None:
        nation = INSPECTORATE_NAMES[inspectorate][1]
        if authority.nation != nation:
            problems.error(
                n, f"{INSPECTORATE_NAMES[inspectorate][0]} does not cover {authority.name} ({authority.nation.value})"
            )
    return authority, note, event_type, inspectorate


def _timeline_dates(
    row: _Row, problems: _Problems
) -> tuple[PartialDate | None, PartialDate | None, PartialDate | None]:
    """(start, end, published), ISO dates; the start may not come after the end."""
    start = _date(row, "start_date", problems, iso=True)
    end = _date(row, "end_date", problems, iso=True)
    published = _date(row, "published_date", problems, iso=True)
    if start and end and start.first_day() > end.last_day():
        problems.error(row.number, f"start_date {start} is after end_date {end}")
    return start, end, published


def _timeline_direction(row: _Row, problems: _Problems) -> int | None:
    """The direction of travel, a whole number from -2 to +2 (a typographic minus is read as one)."""
    direction = None
    direction_raw = row.get("direction", "").strip().replace("\u2212", "-")
    if direction_raw:
        try:
            direction = int(direction_raw.lstrip("+"))
        except ValueError:
            problems.error(row.number, f"direction {direction_raw!r} is not a whole number from -2 to +2")
        else:
            if not -2 <= direction <= 2:
                problems.error(row.number, f"direction {direction_raw} is outside -2..+2")
    return direction


def _timeline_source(row: _Row, problems: _Problems) -> tuple[str, str, str]:
    """(source_url, source_kind, confidence): every event needs the web address of its source."""
    url = row.get("source_url", "").strip()
    if not url:
        problems.error(row.number, "no source_url (every event needs the address of its source)")
    elif not _is_url(url):
        problems.error(row.number, f"source_url {url!r} is not a web address (http:// or https://)")
    source_kind = _key(row.get("source_kind", "")) or "other"
    if source_kind not in SOURCE_KINDS:
        problems.error(row.number, f"unknown source_kind {row.get('source_kind')!r}")
    confidence = row.get("confidence", "").strip().lower()
    if confidence and confidence not in CONFIDENCE:
        problems.error(row.number, f"confidence {row.get('confidence')!r} is not high, medium or low")
    return url, source_kind, confidence


def _timeline_grade_and_direction(f: _TimelineFields, context: str) -> tuple[list[Judgement], list[DirectionSignal]]:
    """The row's judgement, if it has one, and its direction of travel, if it has one."""
    judgements: list[Judgement] = []
    if f.judgement_spec is not None:
        dimension, label, phrase, scale_name = f.judgement_spec
        subject = "partnership" if f.inspectorate == Inspectorate.CI_SCOT else None
        judgements.append(normalise.judgement(dimension, label, phrase, context, scale_name, subject_type=subject))
    directions = []
    if f.direction is not None:
        basis, quality = SOURCE_KINDS[f.source_kind]
        directions.append(
            DirectionSignal(
                f.outcome or f.summary,
                f.direction,
                "table:direction",
                basis=basis,
                quality=quality,
                raw_context=context,
            )
        )
    return judgements, directions


def _timeline_statuses(
    f: _TimelineFields, when: PartialDate | None, context: str, n: int, warnings: list[str]
) -> list[StatusSignal]:
    """The statuses the event type implies, those in the status column and those its outcome states,
    each once."""
    signals: list[StatusSignal] = []
    cite = f.outcome or f.summary or EVENT_TYPES[f.event_type]
    if f.event_type in EVENT_STATUS:
        status = EVENT_STATUS[f.event_type]
        rule = "table:event_type"
        if status == Status.CIW_SRSI and when is not None and when.first_day() < SRSI_FROM:
            status, rule = Status.CIW_SERIOUS_CONCERNS, "table:event_type+before_srsi"
            warnings.append(
                f"row {n}: {f.event_type} dated {when} is before CIW introduced 'service requiring "
                f"significant improvement' (November 2024); recorded as a serious-concerns status"
            )
        signals.append(StatusSignal(status, cite, rule, raw_context=context))
    signals += [StatusSignal(s, cite, "table:status", raw_context=context) for s in f.statuses]
    if f.outcome:
        signals += normalise.statuses(f.outcome)
    seen: set[Status] = set()
    return [s for s in signals if not (s.status in seen or seen.add(s.status))]


def _judgement_spec(
    row: _Row, inspectorate: Inspectorate | None, problems: _Problems, opts: _Options
) -> tuple[Dimension, str, str, str] | None:
    """(dimension, raw label, phrase, scale) of the row's judgement, or None when it has none."""
    phrase = squash(row.get("judgement_phrase", ""))
    dim_raw = _key(row.get("judgement_dimension", ""))
    scale_raw = row.get("scale", "").strip().lower()
    if not phrase:
        if dim_raw and not opts.grade_optional:
            problems.error(row.number, "judgement_dimension given without a judgement_phrase")
        return None
    try:
        dimension = Dimension(dim_raw or "overall")
    except ValueError:
        problems.error(row.number, f"unknown judgement_dimension {row.get('judgement_dimension')!r}")
        return None
    scale_name = scale_raw or (_DEFAULT_SCALE.get(inspectorate) if inspectorate else None)
    if scale_name not in SCALES:
        problems.error(
            row.number,
            f"scale {scale_raw!r} is not one of {', '.join(SCALES)}"
            if scale_raw
            else "judgement_phrase needs a scale (ofsted, ci6 or ciw)",
        )
        return None
    if scale.level_for(phrase, scale_name) is None:
        if not opts.grade_optional:
            problems.error(row.number, f"judgement_phrase {phrase!r} is not a grade on the {scale_name} scale")
        return None
    return dimension, opts.judgement_label or dimension.value, phrase, scale_name


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


def _is_template(keys: list[str]) -> bool:
    return "event_type" in keys and ("authority" in keys or "ons_code" in keys)


def _read_template(sheet: _Sheet, source: Source, media_type: str) -> list[ParsedDocument]:
    missing = [c for c in ("event_type", "source_url") if c not in sheet.keys]
    if not any(c in sheet.keys for c in _DATE_COLUMNS):
        missing.append("start_date or published_date")
    if missing:
        raise DocumentError("this timeline is missing required columns: " + ", ".join(missing))
    problems = _Problems("timeline")
    collector = _Collector()
    extra = [h for h, k in zip(sheet.header, sheet.keys, strict=True) if k not in TEMPLATE_COLUMNS]
    if extra:
        collector.file_warnings.append("columns not in the timeline template were ignored: " + ", ".join(extra))
    for row in _rows(sheet, problems):
        _timeline_row(row, problems, collector, _Options())
    return _finish(problems, collector, source, "table:timeline", "Timeline", media_type)


_WALES_COLUMNS = {
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


def _read_wales(sheet: _Sheet, source: Source, media_type: str) -> list[ParsedDocument]:
    """The compiled CIW timeline: the template's columns under other names."""
    problems = _Problems("Wales timeline")
    collector = _Collector()
    for row in _rows(sheet, problems):
        scope = _key(row.get("service_scope", ""))
        mapped = _Row(
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
        opts = _Options(
            grade_optional=True,
            judgement_label="outcome phrase (compiled timeline)",
            title_suffix=_SCOPES.get(scope, f" ({row.get('service_scope')})" if scope else ""),
        )
        _timeline_row(mapped, problems, collector, opts)
    return _finish(problems, collector, source, "table:wales_timeline", "Wales CIW timeline", media_type)


_SCOTLAND_COLUMNS = {
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


def _read_scotland(sheet: _Sheet, source: Source, media_type: str) -> list[ParsedDocument]:
    """The compiled Care Inspectorate timeline: six-point grades for a partnership."""
    problems = _Problems("Scotland timeline")
    collector = _Collector()
    for row in _rows(sheet, problems):
        n = row.number
        programme = _key(row.get("programme", ""))
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
        mapped = _Row(
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
        opts = _Options(judgement_label=qi or "grade", framework=_CI_PROGRAMMES[programme], warnings=warnings)
        _timeline_row(mapped, problems, collector, opts)
    return _finish(
        problems, collector, source, "table:scotland_timeline", "Scotland Care Inspectorate timeline", media_type
    )


# --------------------------------------------------------------------------- Ofsted tables

_SCRAPE_GRADES = (
    ("overall_effectiveness_grade", Dimension.OVERALL),
    ("impact_of_leaders_grade", Dimension.LEADERSHIP),
    ("help_and_protection_grade", Dimension.HELP_PROTECTION),
    ("in_care_grade", None),  # combined with care leavers before 2023 fieldwork
    ("care_leavers_grade", Dimension.CARE_LEAVERS),
)
_SCRAPE_COLUMNS = {"urn", "local_authority", "publication_date"} | {c for c, _ in _SCRAPE_GRADES}


def _read_scraped(sheet: _Sheet, source: Source, media_type: str) -> list[ParsedDocument]:
    """The scraped ILACS history or overview: one row per published report."""
    problems = _Problems("scraped Ofsted table")
    collector = _Collector()
    for row in _rows(sheet, problems):
        n = row.number
        before = len(problems.errors)
        authority, note = _resolve(
            problems,
            n,
            code=row.get("la_code_new", ""),
            urn=row.get("urn", ""),
            name=row.get("local_authority", ""),
            check_name=False,
        )
        published = _date(row, "publication_date", problems)
        start = _date(row, "inspection_start_date", problems)
        end = _date(row, "inspection_end_date", problems)
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
        if "short" in framework_cell:
            event_type = "ofsted_ilacs_short"
        elif "standard" in framework_cell:
            event_type = "ofsted_ilacs_standard"
        elif start and end:
            days = (end.last_day() - start.first_day()).days + 1
            event_type = "ofsted_ilacs_short" if days <= 7 else "ofsted_ilacs_standard"
        elif ilacs:
            event_type = "ofsted_ilacs"
        elif published is not None and published.first_day() >= SIF_FROM:
            event_type = "ofsted_sif"
        else:
            event_type = "ofsted_inspection"
        if ilacs:
            framework = "ofsted_ilacs_v2" if split else "ofsted_ilacs_v1"
        else:
            framework = "ofsted_sif" if event_type == "ofsted_sif" else None
        link = row.get("inspection_link", "").strip()
        link = link if _is_url(link) else ""
        judgements = []
        for col, dimension in _SCRAPE_GRADES:
            value, low = grades[col], lower[col]
            if not low or low in _PLACEHOLDERS:
                continue
            context = f"row {n}: {col}={value}"
            if dimension is None:
                dimension = Dimension.CHILDREN_IN_CARE if split else Dimension.CIC_AND_CARE_LEAVERS
                if not split:
                    context += " (children in care and care leavers together: the separate care leavers judgement post-dates this inspection)"
            if link:
                context += f" [report: {link}]"
            if low in BROKEN_GRADES:
                warnings.append(f"row {n}: {col} {value!r} is a broken cell; read as {BROKEN_GRADES[low]}")
            judgement = normalise.judgement(dimension, col, value, context, "ofsted")
            if judgement.level is None:
                problems.error(n, f"{col} {value!r} is not an Ofsted grade or a known placeholder")
                continue
            judgements.append(judgement)
        overall = lower["overall_effectiveness_grade"]
        if overall == NOT_REPORTED:
            headline = "No overall effectiveness grade: Ofsted stopped reporting one from April 2026"
        elif overall == UNREADABLE or (not overall and UNREADABLE in lower.values()):
            headline = "Grades unreadable in the scraped table"
        elif overall:
            headline = f"Overall effectiveness: {grades['overall_effectiveness_grade']}"
        else:
            headline = ""
            warnings.append(f"row {n}: overall effectiveness is blank in the scraped table; no overall judgement")
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
    return _finish(
        problems, collector, source, "table:ofsted_scraped", "Ofsted inspections (scraped table)", media_type
    )


def _official_columns(keys: list[str]) -> dict[str, str] | None:
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


def _read_official(sheet: _Sheet, source: Source, media_type: str) -> list[ParsedDocument]:
    """Ofsted's own table of latest ILACS judgements per authority (official wording)."""
    cols = _official_columns(sheet.keys)
    assert cols is not None
    labels = dict(zip(sheet.keys, sheet.header, strict=True))
    combined_column = "care_leavers" in cols["in_care"]
    problems = _Problems("Ofsted outcomes table")
    collector = _Collector()
    for row in _rows(sheet, problems):
        n = row.number
        before = len(problems.errors)
        name = row.get(cols.get("name", ""), "")
        authority, note = _resolve(problems, n, code=row.get(cols.get("code", ""), ""), name=name, check_name=False)
        warnings = [note] if note else []
        date_cell = row.get(cols["date"], "")
        if re.search(r"not yet inspected", date_cell, re.I):
            if authority is not None:
                collector.file_warnings.append(f"row {n}: {authority.name} not yet inspected under ILACS; no event")
            continue
        start = _date(row, cols["date"], problems)
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
        group.urls.append(link if _is_url(link) else "")
        group.warnings += warnings
    return _finish(problems, collector, source, "table:ofsted_outcomes", "Ofsted ILACS outcomes table", media_type)


# --------------------------------------------------------------------------- dispatch

# (test on the header's keys, reader), most specific first.
_KINDS: tuple[tuple[Callable[[list[str]], bool], Callable[[_Sheet, Source, str], list[ParsedDocument]]], ...] = (
    (lambda keys: _SCRAPE_COLUMNS <= set(keys), _read_scraped),
    (lambda keys: _official_columns(keys) is not None, _read_official),
    (lambda keys: _SCOTLAND_COLUMNS <= set(keys), _read_scotland),
    (lambda keys: _WALES_COLUMNS <= set(keys), _read_wales),
    (_is_template, _read_template),
)


def read_table(data: bytes, source: Source) -> list[ParsedDocument] | None:
    """The documents in a CSV or XLSX table whose header is a known kind; None when it is not."""
    is_xlsx = data[:4] == b"PK\x03\x04"
    sheets = _xlsx_sheets(data) if is_xlsx else _csv_sheets(data)
    media_type = XLSX_MEDIA_TYPE if is_xlsx else CSV_MEDIA_TYPE
    for sheet in sheets:
        for matches, reader in _KINDS:
            if sheet.keys and matches(sheet.keys):
                return reader(sheet, source, media_type)
    return None

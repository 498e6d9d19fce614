"""One timeline row to an event: the vocabulary of event types, statuses, scales and source kinds a
timeline may use, and the phases that read a row's authority, dates, grade, direction and status."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from loaders.table_documents import Collector, is_url, resolve, row_date, split_list
from loaders.table_sheets import Problems, Row, header_key
from trajectories import authorities, normalise, scale, themes
from trajectories.domain import (
    INSPECTORATE_NAMES,
    Dimension,
    DirectionSignal,
    Event,
    Inspectorate,
    Judgement,
    MappingQuality,
    PartialDate,
    Status,
    StatusSignal,
    ThemeTag,
)
from trajectories.text import squash

SUMMARY_SECTION = "Summary (compiled timeline)"

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


@dataclass
class Options:
    grade_optional: bool = False  # a phrase that is not a grade means "no judgement", not an error
    judgement_label: str = ""
    framework: str | None = None
    title_suffix: str = ""
    warnings: list[str] = field(default_factory=list)  # row notes decided by the adapter


def _inspectorate(row: Row, event_type: str, problems: Problems) -> Inspectorate | None:
    raw = header_key(row.get("inspectorate", ""))
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


def timeline_row(row: Row, problems: Problems, collector: Collector, opts: Options) -> None:
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


def _timeline_fields(row: Row, problems: Problems, opts: Options) -> _TimelineFields:
    """Every cell of a timeline row read and checked, each problem recorded in column order."""
    authority, note, event_type, inspectorate = _timeline_who(row, problems)
    start, end, published = _timeline_dates(row, problems)
    planned_raw = row.get("planned", "").strip().lower()
    if planned_raw not in _YES | _NO:
        problems.error(row.number, f"planned {row.get('planned')!r} is not yes or no")
    direction = _timeline_direction(row, problems)
    url, source_kind, confidence = _timeline_source(row, problems)
    statuses: list[Status] = []
    for value in split_list(row.get("status", "")):
        try:
            statuses.append(Status(header_key(value)))
        except ValueError:
            problems.error(row.number, f"unknown status {value!r}")
    theme_ids = [header_key(t) for t in split_list(row.get("themes", ""))]
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
    row: Row, problems: Problems
) -> tuple[authorities.Authority | None, str | None, str, Inspectorate | None]:
    """(authority, a note on how it was found, event type, inspectorate): the inspectorate must cover the
    authority's nation."""
    n = row.number
    authority, note = resolve(problems, n, code=row.get("ons_code", ""), name=row.get("authority", ""))
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


def _timeline_dates(row: Row, problems: Problems) -> tuple[PartialDate | None, PartialDate | None, PartialDate | None]:
    """(start, end, published), ISO dates; the start may not come after the end."""
    start = row_date(row, "start_date", problems, iso=True)
    end = row_date(row, "end_date", problems, iso=True)
    published = row_date(row, "published_date", problems, iso=True)
    if start and end and start.first_day() > end.last_day():
        problems.error(row.number, f"start_date {start} is after end_date {end}")
    return start, end, published


def _timeline_direction(row: Row, problems: Problems) -> int | None:
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


def _timeline_source(row: Row, problems: Problems) -> tuple[str, str, str]:
    """(source_url, source_kind, confidence): every event needs the web address of its source."""
    url = row.get("source_url", "").strip()
    if not url:
        problems.error(row.number, "no source_url (every event needs the address of its source)")
    elif not is_url(url):
        problems.error(row.number, f"source_url {url!r} is not a web address (http:// or https://)")
    source_kind = header_key(row.get("source_kind", "")) or "other"
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
    row: Row, inspectorate: Inspectorate | None, problems: Problems, opts: Options
) -> tuple[Dimension, str, str, str] | None:
    """(dimension, raw label, phrase, scale) of the row's judgement, or None when it has none."""
    phrase = squash(row.get("judgement_phrase", ""))
    dim_raw = header_key(row.get("judgement_dimension", ""))
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

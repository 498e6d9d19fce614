"""Words for stored values: grades, kinds of visit, themes, polarities, statuses, frameworks,
durations, dates, blanks and documents (the contract is the package's: `trajectories.labels`)."""

from __future__ import annotations

import datetime as dt
import math
import re

import pandas as pd

from trajectories.domain import DIRECTION_GLYPHS, DIRECTION_LABELS, INSPECTORATE_NAMES, LEVEL_LABELS, Inspectorate
from trajectories.themes import THEMES

BLANK = ""

EVENT_TYPES = {
    "ofsted_ilacs": "Ofsted inspection (ILACS)",
    "ofsted_ilacs_standard": "Ofsted standard inspection (ILACS)",
    "ofsted_ilacs_short": "Ofsted short inspection (ILACS)",
    "ofsted_ilacs_reports": "Ofsted inspection report (ILACS)",
    "ofsted_sif": "Ofsted inspection (single inspection framework)",
    "ofsted_sif_reinspection": "Ofsted re-inspection (single inspection framework)",
    "ofsted_inspection": "Ofsted inspection",
    "ofsted_pre_sif": "Ofsted inspection (before 2013)",
    "ofsted_monitoring_visit": "Ofsted monitoring visit",
    "ofsted_focused_visit": "Ofsted focused visit",
    "ofsted_action_planning_visit": "Ofsted action planning visit",
    "ofsted_jtai": "Joint targeted area inspection",
    "ofsted_lscb_review": "Ofsted review of the safeguarding children board",
    "ofsted_annual_engagement": "Ofsted annual engagement meeting",
    "ciw_inspection": "CIW inspection",
    "ciw_performance_evaluation_inspection": "CIW performance evaluation inspection",
    "ciw_follow_up_inspection": "CIW follow-up inspection",
    "ciw_risk_based_inspection": "CIW risk-based inspection",
    "ciw_improvement_check": "CIW improvement check",
    "ciw_assurance_check": "CIW assurance check",
    "ciw_monitoring_activity": "CIW monitoring visit",
    "ciw_improvement_conference": "CIW improvement conference",
    "ciw_annual_performance_letter": "CIW annual performance letter",
    "ciw_thematic_review": "CIW national review",
    "ciw_srsi_notification": "CIW notice: service requiring significant improvement",
    "jicpa": "Joint inspection of child protection arrangements (Wales)",
    "welsh_gov_warning_notice": "Welsh Government warning notice",
    "welsh_gov_follow_up_warning_notice": "Welsh Government follow-up warning notice",
    "ci_joint_inspection_children": "Care Inspectorate joint inspection of children's services",
    "ci_joint_inspection": "Care Inspectorate joint inspection",
    "ci_progress_review": "Care Inspectorate progress review",
    "ci_thematic": "Care Inspectorate national review",
    "improvement_board": "Improvement board",
    "improvement_board_established": "Improvement board set up",
    "dfe_improvement_notice": "DfE improvement notice",
    "dfe_direction": "DfE statutory direction",
    "dfe_statutory_direction": "DfE statutory direction",
    "dfe_commissioner_appointed": "Commissioner appointed by the DfE",
    "other": "Other event",
}
# Kinds of visit that give an overall grade (the "full inspections" a movement is read from).
FULL_INSPECTIONS = frozenset(
    {
        "ofsted_ilacs",
        "ofsted_ilacs_standard",
        "ofsted_ilacs_short",
        "ofsted_sif",
        "ofsted_sif_reinspection",
        "ofsted_inspection",
        "ofsted_pre_sif",
        "ciw_inspection",
        "ciw_performance_evaluation_inspection",
        "ci_joint_inspection_children",
        "ci_joint_inspection",
    }
)
MONITORING = frozenset(
    {"ofsted_monitoring_visit", "ciw_monitoring_activity", "ciw_improvement_check", "ofsted_action_planning_visit"}
)

POLARITIES = {"action_required": "Action required", "concern": "Concern", "strength": "Strength", "neutral": "Neither"}
DIMENSIONS = {
    "overall": "Overall effectiveness",
    "leadership": "Impact of leaders / leadership, management and governance",
    "help_protection": "Children who need help and protection",
    "children_in_care": "Children in care",
    "cic_and_care_leavers": "Children in care and care leavers",
    "care_leavers": "Care leavers",
    "adoption": "Adoption performance",
    "capacity_to_improve": "Capacity to improve",
    "lscb": "Local safeguarding children board",
}
SUBJECTS = {
    "local_authority": "The council",
    "lscb": "Safeguarding children board",
    "partnership": "Partnership of agencies",
}
STATUSES = {
    "under_ofsted_monitoring": "under Ofsted monitoring",
    "areas_for_priority_action": "areas for priority action",
    "dfe_improvement_notice": "DfE improvement notice",
    "dfe_direction": "DfE statutory direction",
    "commissioner": "commissioner appointed",
    "ciw_serious_concerns": "CIW serious concerns",
    "ciw_significant_concerns": "CIW significant concerns",
    "ciw_srsi": "CIW: service requiring significant improvement",
    "welsh_gov_warning_notice": "Welsh Government warning notice",
    "improvement_board": "improvement board",
}
# The same statuses in the few words a chart band has room for.
STATUS_BANDS = {
    "under_ofsted_monitoring": "under monitoring",
    "areas_for_priority_action": "areas for priority action",
    "dfe_improvement_notice": "improvement notice",
    "dfe_direction": "statutory direction",
    "commissioner": "commissioner",
    "ciw_serious_concerns": "CIW serious concerns",
    "ciw_significant_concerns": "CIW significant concerns",
    "ciw_srsi": "service requiring significant improvement",
    "welsh_gov_warning_notice": "warning notice",
    "improvement_board": "improvement board",
}
INADEQUATE_BAND = "judged inadequate"
FRAMEWORKS = {
    "ofsted_pre_sif": "Ofsted inspections before the single inspection framework",
    "ofsted_sif": "Ofsted single inspection framework (2013\u20132017)",
    "ofsted_ilacs_v1": "Ofsted ILACS (2018\u20132022)",
    "ofsted_ilacs_v2": "Ofsted ILACS (from 2023)",
    "ci_scot_jicyp_2012": "Care Inspectorate joint inspection of services for children and young people (2012)",
    "ci_scot_care_protection_2018": (
        "Care Inspectorate joint inspection of services for children in need of care and protection (2018)"
    ),
    "ci_scot_at_risk_2021": "Care Inspectorate joint inspection of services for children at risk of harm (2021)",
}
QUALITIES = {
    "exact": "exact grade",
    "approximate": "approximate mapping",
    "narrative_inferred": "inferred from the narrative",
}
BASES = {
    "monitoring_letter": "a monitoring letter",
    "focused_visit_summary": "a focused visit letter",
    "reinspection_summary": "an inspection report's summary of progress",
    "primary_source": "the inspectorate's page",
    "press": "a press report",
    "council_minute": "council minutes",
    "other": "another source",
}
SOURCE_KINDS = {
    "ofsted_report": "Ofsted inspection report",
    "ofsted_letter": "Ofsted letter",
    "ciw_letter": "CIW letter",
    "ciw_page": "CIW page or letter",
    "ci_scotland": "Care Inspectorate page or report",
    "table:ofsted_outcomes": "Ofsted table of latest judgements",
    "table:ofsted_scraped": "Grades read from Ofsted's reports (compiled table)",
    "table:wales_timeline": "Welsh timeline (compiled from CIW, Welsh Government and council pages)",
    "table:scotland_timeline": "Scottish timeline (compiled from Care Inspectorate pages)",
}

COHORTS = {
    "care_leavers": "care leavers",
    "children_in_care": "children in care",
    "disabled": "disabled children",
    "unaccompanied": "unaccompanied children seeking asylum",
    "young_carers": "young carers",
    "private_fostering": "children in private fostering",
}

_SNAKE = re.compile(r"\b[a-z][a-z0-9]*(?:_[a-z0-9]+)+\b")


def blank(value) -> bool:
    """None, NaN, NaT, pandas' NA or an empty string."""
    if value is None or value is pd.NA or value is pd.NaT:
        return True
    if isinstance(value, float) and math.isnan(value):
        return True
    if isinstance(value, str):
        return not value.strip()
    try:
        return bool(value != value)  # NaT and pandas' NA are not equal to themselves
    except (TypeError, ValueError):
        return False


def humanise(code) -> str:
    """An unknown code in words: 'some_code' -> 'Some code'."""
    if blank(code):
        return BLANK
    text = str(code).replace("table:", "").replace("_", " ").strip()
    return text[:1].upper() + text[1:]


def _lookup(table: dict, value) -> str:
    if blank(value):
        return BLANK
    return table.get(str(value)) or humanise(value)


def event_type(code) -> str:
    """A kind of visit; also from a code whose underscores were written as spaces."""
    if blank(code):
        return BLANK
    return EVENT_TYPES.get(str(code).strip().replace(" ", "_")) or humanise(code)


def polarity(code) -> str:
    return _lookup(POLARITIES, code)


def dimension(code) -> str:
    return _lookup(DIMENSIONS, code)


def subject(code) -> str:
    return _lookup(SUBJECTS, code)


def status(code) -> str:
    return _lookup(STATUSES, code)


def status_band(code) -> str:
    """A regulatory status as a chart band names it: 'improvement notice'."""
    return _lookup(STATUS_BANDS, code)


def framework(code) -> str:
    return _lookup(FRAMEWORKS, code)


def quality(code) -> str:
    return _lookup(QUALITIES, code)


def basis(code) -> str:
    return _lookup(BASES, code)


def source_kind(code) -> str:
    return _lookup(SOURCE_KINDS, code)


def inspectorate(code) -> str:
    if blank(code):
        return BLANK
    try:
        return INSPECTORATE_NAMES[Inspectorate(str(code))][0]
    except (ValueError, KeyError):
        return humanise(code)


def theme(code) -> str:
    if blank(code):
        return BLANK
    return THEMES.get(str(code), (humanise(code), ""))[0]


def _codes(value) -> list[str]:
    if blank(value) if not isinstance(value, (list, tuple)) else False:
        return []
    items = value if isinstance(value, (list, tuple)) else re.split(r"[;|,]", str(value))
    return [str(i).strip() for i in items if str(i).strip()]


def themes(value) -> str:
    """Theme codes (a list, or joined by ';', '|' or ',') as their names, in the taxonomy's order."""
    found = _codes(value)
    ordered = [t for t in THEMES if t in found] + [t for t in found if t not in THEMES]
    return "; ".join(theme(t) for t in ordered)


def cohorts(value) -> str:
    return "; ".join(_lookup(COHORTS, c) for c in _codes(value))


def level(value) -> str:
    """1 -> 'Inadequate' … 4 -> 'Outstanding'; a half step 'Requires improvement–Good (approximate)';
    a blank 'No graded judgement'."""
    if blank(value):
        return "No graded judgement"
    value = float(value)
    if value.is_integer():
        return LEVEL_LABELS.get(int(value), f"{value:g}")
    low, high = math.floor(value), math.ceil(value)
    return f"{LEVEL_LABELS.get(low, low)}\u2013{LEVEL_LABELS.get(high, high)} (approximate)"


def grade(value) -> str:
    """A level as said in a sentence: 'inadequate', 'requires improvement', 'good'."""
    words = level(value)
    return words if words.startswith("No ") else words[:1].lower() + words[1:]


def direction(value) -> str:
    if blank(value):
        return BLANK
    value = int(value)
    return f"{DIRECTION_GLYPHS.get(value, '')} {DIRECTION_LABELS.get(value, value)}".strip()


def duration(months) -> str:
    """Whole months in words: 88 -> '7 years 4 months', 12 -> '1 year', 0.4 -> 'less than a month'."""
    if blank(months):
        return BLANK
    whole = int(math.floor(float(months) + 1e-9))
    if whole < 1:
        return "less than a month"
    years, rest = divmod(whole, 12)
    parts = ([f"{years} year{'s' if years != 1 else ''}"] if years else []) + (
        [f"{rest} month{'s' if rest != 1 else ''}"] if rest else []
    )
    return " ".join(parts)


def months(value) -> str:
    """Whole months, for a figure with little room: 39.4 -> '39 months', 1 -> '1 month'."""
    if blank(value):
        return BLANK
    whole = int(math.floor(float(value) + 1e-9))
    return f"{whole} month{'s' if whole != 1 else ''}"


def months_between(a: dt.date, b: dt.date) -> int:
    """Whole calendar months from a to b (a day short of a month is not a month)."""
    return (b.year - a.year) * 12 + b.month - a.month - (1 if b.day < a.day else 0)


def _as_date(value) -> dt.date | None:
    if blank(value):
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if hasattr(value, "date"):  # pandas Timestamp
        return value.date()
    try:
        return dt.date.fromisoformat(str(value)[:10])
    except ValueError:
        return None


def day(value) -> str:
    """'24 October 2019' ('' for a blank)."""
    d = _as_date(value)
    return f"{d.day} {d:%B %Y}" if d else BLANK


def month(value) -> str:
    """'October 2019' ('' for a blank)."""
    d = _as_date(value)
    return f"{d:%B %Y}" if d else BLANK


def yes_no(value) -> str:
    return BLANK if blank(value) else ("yes" if bool(value) else "no")


# What a document of each kind is called after the visit it reports ("Ofsted monitoring visit letter").
DOCUMENT_NOUNS = {
    "ofsted_report": "report",
    "ofsted_letter": "letter",
    "ciw_letter": "letter",
    "ciw_page": "page",
    "ci_scotland": "report",
}


def dated(value, precision=None) -> str:
    """A date in words with the precision its document gave: '24 October 2019', 'October 2019', '2019'."""
    d = _as_date(value)
    if d is None:
        return BLANK
    if precision == "year":
        return str(d.year)
    return month(d) if precision == "month" else day(d)


def document(kind=None, inspectorate_code=None, title=None, when=None, *, visit=None, precision=None) -> str:
    """A source named as the document it is: 'Ofsted letter: Focused visit to Dorset children's
    services, 24 October 2019', or with the kind of `visit` it reports 'Ofsted monitoring visit
    letter, 15 March 2023' (`when` to the `precision` given). Never a repository path."""
    noun = DOCUMENT_NOUNS.get(str(kind)) if not blank(visit) else None
    if noun:
        name = f"{event_type(visit)} {noun}"
        return f"{name}, {dated(when, precision)}" if _as_date(when) else name
    what = source_kind(kind) if not blank(kind) else inspectorate(inspectorate_code) or "Document"
    # A table's title names whichever authority it listed first: the kind alone names it.
    own_title = not blank(title) and not str(kind or "").startswith("table:") and str(title) not in what
    name = f"{what}: {title}" if own_title else what
    return f"{name}, {day(when)}" if _as_date(when) else name


def how_read(cues=None, start=None, end=None, rule=None) -> str:
    """The rule trace behind a reading, for a 'how this was read' disclosure."""
    parts = []
    if not blank(rule):
        parts.append(f"rule {rule}")
    if not blank(cues):
        parts += [_cue(c.strip()) for c in re.split(r"[|;]", str(cues)) if c.strip()]
    if not blank(start) and not blank(end):
        parts.append(f"characters {int(start)}\u2013{int(end)} of the document")
    return "; ".join(parts) or "no rule recorded"


def _cue(cue: str) -> str:
    """'management_oversight_supervision=cue:management oversight' -> 'Management oversight and
    supervision, from the words “management oversight”'."""
    tag, _, rest = cue.partition("=")
    if not rest:
        tag, rest = "", cue
    kind, _, words = rest.partition(":")
    said = words if kind == "context" else f"the words \u201c{words}\u201d" if words else humanise(kind)
    return f"{theme(tag)}, from {said}" if tag else f"from {said}"


def internal_codes(text: str) -> list[str]:
    """snake_case words in `text`: internal codes and headers that must never reach a reader."""
    return sorted(set(_SNAKE.findall(text)))

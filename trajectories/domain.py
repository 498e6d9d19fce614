"""The domain vocabulary shared by every layer: enums and frozen dataclasses.

Contract:
- Loaders return a `ParsedDocument`; nothing here touches a file, a database or Streamlit.
- Raw words are kept exactly as written (`raw_phrase`, `text`) with character spans into the
  document's extracted text; normalised values (level, direction, polarity, themes) carry the
  rule that produced them so they can be recomputed from the raw words at any time.
- Three signals are never merged: a graded `Level`, a `Direction` of travel and a regulatory
  `Status` (docs/domain-rules.md §2).
- Dates may be partial: `PartialDate` keeps the precision the document gave (day, month, year).
"""

from __future__ import annotations

import calendar
import datetime as dt
import enum
import re
from dataclasses import asdict, dataclass, field
from typing import ClassVar


class Nation(enum.StrEnum):
    ENGLAND = "England"
    WALES = "Wales"
    SCOTLAND = "Scotland"


class Inspectorate(enum.StrEnum):
    OFSTED = "ofsted"
    CIW = "ciw"
    CI_SCOT = "ci_scot"
    DFE = "dfe"
    WELSH_GOV = "welsh_gov"


INSPECTORATE_NAMES = {
    Inspectorate.OFSTED: ("Ofsted", Nation.ENGLAND),
    Inspectorate.CIW: ("Care Inspectorate Wales", Nation.WALES),
    Inspectorate.CI_SCOT: ("Care Inspectorate (Scotland)", Nation.SCOTLAND),
    Inspectorate.DFE: ("Department for Education", Nation.ENGLAND),
    Inspectorate.WELSH_GOV: ("Welsh Government", Nation.WALES),
}


class MappingQuality(enum.StrEnum):
    EXACT = "exact"
    APPROXIMATE = "approximate"
    NARRATIVE_INFERRED = "narrative_inferred"


class Polarity(enum.StrEnum):
    STRENGTH = "strength"
    CONCERN = "concern"
    ACTION_REQUIRED = "action_required"
    NEUTRAL = "neutral"


class Dimension(enum.StrEnum):
    """Canonical judgement dimensions (docs/domain-rules.md §1.2). Never plot two on one line."""

    OVERALL = "overall"
    LEADERSHIP = "leadership"
    HELP_PROTECTION = "help_protection"
    CHILDREN_IN_CARE = "children_in_care"
    CIC_AND_CARE_LEAVERS = "cic_and_care_leavers"
    CARE_LEAVERS = "care_leavers"
    ADOPTION = "adoption"
    CAPACITY_TO_IMPROVE = "capacity_to_improve"
    LSCB = "lscb"


class Status(enum.StrEnum):
    UNDER_OFSTED_MONITORING = "under_ofsted_monitoring"
    AREAS_FOR_PRIORITY_ACTION = "areas_for_priority_action"
    DFE_IMPROVEMENT_NOTICE = "dfe_improvement_notice"
    DFE_DIRECTION = "dfe_direction"
    COMMISSIONER = "commissioner"
    CIW_SERIOUS_CONCERNS = "ciw_serious_concerns"
    CIW_SIGNIFICANT_CONCERNS = "ciw_significant_concerns"
    CIW_SRSI = "ciw_srsi"
    WELSH_GOV_WARNING_NOTICE = "welsh_gov_warning_notice"
    IMPROVEMENT_BOARD = "improvement_board"


LEVEL_LABELS = {1: "Inadequate", 2: "Requires improvement", 3: "Good", 4: "Outstanding"}
DIRECTION_GLYPHS = {-2: "▼▼", -1: "▼", 0: "●", 1: "▲", 2: "▲▲"}
DIRECTION_LABELS = {
    -2: "Deteriorating / serious concern",
    -1: "Insufficient or slow progress",
    0: "Mixed, fragile or too early to tell",
    1: "Making progress",
    2: "Strong progress",
}

_MONTHS = {m.lower(): i for i, m in enumerate(calendar.month_name) if m}
_MONTHS.update({m.lower(): i for i, m in enumerate(calendar.month_abbr) if m})
_MONTHS["sept"] = 9
_ISO_RE = re.compile(r"^(\d{4})(?:-(\d{1,2}))?(?:-(\d{1,2}))?$")


def month_number(word: str) -> int | None:
    """'April', 'Apr', 'apr.' -> 4; anything else -> None."""
    return _MONTHS.get(word.lower().rstrip("."))


@dataclass(frozen=True, order=True)
class PartialDate:
    """A date known to the day, the month or only the year."""

    year: int
    month: int | None = None
    day: int | None = None

    def __post_init__(self) -> None:
        if self.day is not None and self.month is None:
            raise ValueError("a day needs a month")
        dt.date(self.year, self.month or 1, self.day or 1)  # raises ValueError when impossible

    @property
    def precision(self) -> str:
        return "day" if self.day else "month" if self.month else "year"

    def iso(self) -> str:
        if self.day:
            return f"{self.year:04d}-{self.month:02d}-{self.day:02d}"
        if self.month:
            return f"{self.year:04d}-{self.month:02d}"
        return f"{self.year:04d}"

    def first_day(self) -> dt.date:
        return dt.date(self.year, self.month or 1, self.day or 1)

    def last_day(self) -> dt.date:
        if self.day:
            return self.first_day()
        month = self.month or 12
        return dt.date(self.year, month, calendar.monthrange(self.year, month)[1])

    @classmethod
    def from_date(cls, value: dt.date) -> PartialDate:
        return cls(value.year, value.month, value.day)

    @classmethod
    def parse_iso(cls, text: str | None) -> PartialDate | None:
        """'2021-04-26', '2021-04' or '2021' -> PartialDate; blank -> None; else ValueError."""
        if text is None or not str(text).strip():
            return None
        match = _ISO_RE.match(str(text).strip())
        if not match:
            raise ValueError(f"not an ISO date: {text!r}")
        year, month, day = (int(g) if g else None for g in match.groups())
        return cls(year, month, day)

    @classmethod
    def stored(cls, value: dt.date | None, precision: str | None) -> PartialDate | None:
        """Rebuild from the (date, precision) pair kept in the database."""
        if value is None:
            return None
        if precision == "year":
            return cls(value.year)
        if precision == "month":
            return cls(value.year, value.month)
        return cls.from_date(value)

    def __str__(self) -> str:
        return self.iso()


@dataclass(frozen=True)
class Span:
    """Character offsets [start, end) into the document's extracted text."""

    start: int
    end: int


@dataclass(frozen=True)
class Level:
    """A normalised graded level on the 1.0-4.0 axis (higher is better)."""

    point: float
    low: float
    high: float
    quality: MappingQuality
    scale_value: str  # native value, e.g. "ofsted4:RI", "ci6:4", "ciw:inadequate"
    rule: str  # the rule that produced it


@dataclass(frozen=True)
class ThemeTag:
    theme: str
    cue: str  # the cue or rule that fired, shown to the reader as "why"


@dataclass
class Judgement:
    dimension: Dimension
    raw_label: str
    raw_phrase: str
    raw_context: str
    level: Level | None
    subject_type: str = "local_authority"
    span: Span | None = None


@dataclass
class DirectionSignal:
    raw_phrase: str
    direction: int  # -2..+2
    rule: str
    scope: str = "overall"
    basis: str = "monitoring_letter"
    quality: MappingQuality = MappingQuality.EXACT
    raw_context: str = ""
    span: Span | None = None


@dataclass
class StatusSignal:
    status: Status
    raw_phrase: str
    rule: str
    raw_context: str = ""
    span: Span | None = None


@dataclass
class Finding:
    text: str
    section: str
    polarity: Polarity
    polarity_rule: str
    themes: list[ThemeTag] = field(default_factory=list)
    cohorts: list[ThemeTag] = field(default_factory=list)
    modality: str | None = None  # "must" | "should" for action_required
    principle: str | None = None  # CIW 2014 Act principle, when stated
    para_no: str | None = None
    span: Span | None = None


@dataclass
class Event:
    event_type: str
    start: PartialDate | None
    end: PartialDate | None = None
    published: PartialDate | None = None
    planned: bool = False
    title: str = ""
    framework: str | None = None
    focus_area: str | None = None
    headline: str = ""
    inspected_body: str = ""
    judgements: list[Judgement] = field(default_factory=list)
    directions: list[DirectionSignal] = field(default_factory=list)
    statuses: list[StatusSignal] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    span: Span | None = None  # the sentence that states the event
    # Earlier visits the document refers to ("our inspection in July 2017"), as written: references,
    # never events of their own. And what the inspectorate says happens next, as written.
    references: list[str] = field(default_factory=list)
    next_steps: list[str] = field(default_factory=list)


@dataclass
class Source:
    path: str
    sha256: str
    media_type: str
    title: str = ""
    extraction_method: str = ""
    url: str = ""
    size: int = 0


@dataclass
class AuthorityRef:
    """The authority as written in a document, and what it was matched to (or None)."""

    name_as_written: str
    code: str | None = None  # ONS/GSS code, the authority's key
    name: str | None = None
    nation: Nation | None = None


@dataclass
class ParsedDocument:
    """What a loader read from one document: one authority, one inspectorate, its events."""

    source: Source
    authority: AuthorityRef
    inspectorate: Inspectorate
    events: list[Event]
    text: str = ""  # the extracted text the spans point into (not serialised)
    warnings: list[str] = field(default_factory=list)
    kind: str = ""  # loader name, e.g. "ciw_letter"
    source_kind: str = ""  # in words, e.g. "a council committee paper quoting the inspectorate"

    # long: the `parse --json` shape, one field to a line
    def to_json(self) -> dict:
        """The `parse --json` shape: plain types, ISO dates, no text."""

        def date(value: PartialDate | None) -> str | None:
            return value.iso() if value else None

        def level(judgement: Judgement) -> dict:
            lv = judgement.level
            return {
                "dimension": str(judgement.dimension),
                "raw_label": judgement.raw_label,
                "raw_phrase": judgement.raw_phrase,
                "subject_type": judgement.subject_type,
                "level": lv.point if lv else None,
                "level_low": lv.low if lv else None,
                "level_high": lv.high if lv else None,
                "mapping_quality": str(lv.quality) if lv else None,
                "rule": lv.rule if lv else None,
            }

        events = []
        for ev in self.events:
            events.append(
                {
                    "event_type": ev.event_type,
                    "title": ev.title,
                    "start": date(ev.start),
                    "end": date(ev.end),
                    "published": date(ev.published),
                    "planned": ev.planned,
                    "framework": ev.framework,
                    "focus_area": ev.focus_area,
                    "headline": ev.headline,
                    "references": list(ev.references),
                    "next_steps": list(ev.next_steps),
                    "judgements": [level(j) for j in ev.judgements],
                    "directions": [
                        {
                            "raw_phrase": d.raw_phrase,
                            "direction": d.direction,
                            "scope": d.scope,
                            "basis": d.basis,
                            "rule": d.rule,
                        }
                        for d in ev.directions
                    ],
                    "statuses": [
                        {"status": str(s.status), "raw_phrase": s.raw_phrase, "rule": s.rule} for s in ev.statuses
                    ],
                    "findings": [
                        {
                            "text": f.text,
                            "section": f.section,
                            "polarity": str(f.polarity),
                            "modality": f.modality,
                            "polarity_rule": f.polarity_rule,
                            "themes": [t.theme for t in f.themes],
                            "theme_cues": {t.theme: t.cue for t in f.themes},
                            "cohorts": [c.theme for c in f.cohorts],
                            "principle": f.principle,
                        }
                        for f in ev.findings
                    ],
                }
            )
        source = asdict(self.source)
        return {
            "source": source,
            "kind": self.kind,
            "source_kind": self.source_kind,
            "authority": {
                "name_as_written": self.authority.name_as_written,
                "name": self.authority.name,
                "ons_code": self.authority.code,
                "nation": str(self.authority.nation) if self.authority.nation else None,
            },
            "inspectorate": str(self.inspectorate),
            "events": events,
            "warnings": list(self.warnings),
        }


class DocumentError(Exception):
    """A document could not be read. The message is one line a user can act on.

    `final`: the reader that raised it is sure what the document is, so no other reader should try.
    """

    def __init__(self, message: object = "", *, final: bool = False) -> None:
        # Messages quote words from the file, which may hold line or record separators.
        super().__init__(" ".join(str(message).split()) or "the document could not be read")
        self.final = final


MAX_BYTES = 50 * 1024 * 1024  # the largest file read, whatever reads it (a loader, the updater)


def sniff_media_type(data: bytes) -> str:
    """A file's media type by its first bytes (never by its name): PDF, ZIP (e.g. XLSX), HTML or plain text."""
    head = data[:2048].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if data[:5] == b"%PDF-":
        return "application/pdf"
    if data[:4] == b"PK\x03\x04":
        return "application/zip"  # e.g. XLSX
    if head.startswith((b"<!doctype html", b"<html", b"<head", b"<body", b"<div", b"<p", b"<meta")) or b"<html" in head:
        return "text/html"
    return "text/plain"


@dataclass(frozen=True)
class Selection:
    """Some authorities, said explicitly: every one a selection's filters choose (`everything`), or
    exactly those in `codes` (none when it is empty). Use `Selection.ALL`, `Selection.NONE` or
    `Selection.of(codes)`."""

    everything: bool = False
    codes: frozenset[str] = frozenset()

    ALL: ClassVar[Selection]
    NONE: ClassVar[Selection]

    @classmethod
    def of(cls, codes) -> Selection:
        return cls(codes=frozenset(codes))

    def __contains__(self, code: object) -> bool:
        return self.everything or code in self.codes

    @property
    def empty(self) -> bool:
        return not self.everything and not self.codes


Selection.ALL = Selection(everything=True)
Selection.NONE = Selection()


EARLIEST = dt.date(2008, 1, 1)  # the start of the period a reader sees by default (and of the store's summaries)


@dataclass(frozen=True)
class Filters:
    """What a reader asked to see. One value drives the SQL and describes itself in words."""

    authorities: tuple[str, ...] = ()  # ONS codes
    nations: tuple[str, ...] = ()
    regions: tuple[str, ...] = ()
    inspectorates: tuple[str, ...] = ()
    date_from: dt.date | None = None
    date_to: dt.date | None = None

    def describe(self, names: dict[str, str] | None = None) -> str:
        """Plain English, e.g. 'Wales; Care Inspectorate Wales; from 2019-01-01'."""
        names = names or {}
        parts = []
        if self.authorities:
            parts.append("authorities: " + ", ".join(names.get(c, c) for c in self.authorities))
        if self.nations:
            parts.append("nations: " + ", ".join(self.nations))
        if self.regions:
            parts.append("regions: " + ", ".join(self.regions))
        if self.inspectorates:
            labels = []
            for value in self.inspectorates:
                try:
                    labels.append(INSPECTORATE_NAMES[Inspectorate(value)][0])
                except ValueError:
                    labels.append(value)
            parts.append("inspectorates: " + ", ".join(labels))
        if self.date_from and self.date_to:
            parts.append(f"from {self.date_from.isoformat()} to {self.date_to.isoformat()}")
        elif self.date_from:
            parts.append(f"from {self.date_from.isoformat()}")
        elif self.date_to:
            parts.append(f"up to {self.date_to.isoformat()}")
        return "; ".join(parts) if parts else "all authorities, all nations, all inspectorates, all dates"

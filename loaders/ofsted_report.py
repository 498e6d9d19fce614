"""Ofsted inspection reports on a local authority's children's services (not visit letters).

Reads a report by its own structure and words, whatever the year it was written:
- Page furniture is set aside first: running headers and footers that repeat on many pages
  ("Inspection of <LA> children's services" / "<dates> <page>"), page numbers, footnotes at
  the foot of a page, the contents page and Ofsted's closing page (licence, address,
  copyright). A paragraph broken by a page break is read whole.
- The title block names the authority ("Inspection of <X> local authority children's
  services", "<Council>" above "Inspection of children's social care services" or "Inspection
  of services for children in need of help and protection ...", "Inspection of looked after
  children services" above "<Council>"); `authorities.match` resolves it or the report is
  rejected naming the words it found.
- "Inspection date(s): ..." / "Dates of inspection: ..." give the fieldwork, "Report
  published:" / "Published:" the publication date when the report states one.
- The framework comes from the document's words, never its file name:
  * `ofsted_pre_sif` (event `ofsted_pre_sif`): sections graded "Grade 3 (Adequate)" on the
    four-point scale; Overall effectiveness, Capacity to improve, Leadership and management.
  * `ofsted_sif` (event `ofsted_sif`, or `ofsted_sif_reinspection` for a "Re-inspection of
    ..."): the headline ("The overall judgement is ...", "Children's services in X are /
    require ..."), the numbered sub-judgements (1, 2, 2.1, 2.2, 3) and the LSCB judgement
    (subject `lscb`). A review of an LSCB on its own is event `ofsted_lscb_review`.
  * ILACS (event `ofsted_ilacs_short` when fieldwork lasts 7 days or less, else
    `ofsted_ilacs_standard`): the "Judgement Grade" table. Fieldwork starting before 2023 is
    `ofsted_ilacs_v1` (children in care and care leavers judged together), from January 2023
    `ofsted_ilacs_v2` (judged apart); the table's own rows decide the dimensions and a
    mismatch with the dates is a warning. From fieldwork in April 2026 the table has no
    overall effectiveness row: no overall judgement is recorded and that is not a warning.
- Every judgement keeps its label, grade and row or sentence as written, with its span; the
  level comes from `normalise.judgement(..., "ofsted", ...)`. A table cell that cannot be read
  (or says "Not judged"), or a dimension the framework should have but the report lacks, is a
  warning, never dropped silently; a graded section heading in the body fills a gap in the
  table (with a warning).
- Findings: each bullet or numbered item under "What needs to improve?", "What does the local
  authority need to improve?", "Priority and immediate action", "Areas for improvement" and
  "Recommendations" (action_required), each numbered item of "Summary of key findings", and
  each sentence of the numbered paragraphs under a graded section heading (section = that
  heading, `para_no` = the paragraph number). A lead-in ending in a colon inside "Summary of key
  findings" ("Children's services in X require improvement because:") is the section of the items
  after it, so its heading decides their polarity (normalise). The LSCB's own section, the contents, "Information
  about this inspection / area", "Summary for children and young people" and "What the
  inspection judgements mean" give no findings.
- Directions (basis `reinspection_summary`) and statuses come from the sentences of the summary
  before the first section ("Executive summary", "Progress since the last inspection"; a pre-2013
  report's overall effectiveness section). Statuses also come from the leadership section, where reports recall commissioners,
  notices and monitoring, and from a "Priority and immediate action" heading; each status is
  kept once (its first statement), and never a Welsh one. All attach to the inspection event.
Rejected with a one-line reason: no readable inspection dates, no judgements, a report that
ends mid-sentence without Ofsted's closing page (truncated), an authority not in the list.
"""

from __future__ import annotations

import bisect
import datetime as dt
import functools
import re
from collections import Counter
from dataclasses import dataclass, field

from trajectories import authorities, dates, normalise
from trajectories.domain import (
    AuthorityRef,
    Dimension,
    DocumentError,
    Event,
    Finding,
    Inspectorate,
    Judgement,
    ParsedDocument,
    PartialDate,
    Source,
    Span,
)
from trajectories.text import sentences, squash

NAME = "ofsted_report"

ILACS_V2_FROM = dt.date(2023, 1, 1)  # fieldwork from this day splits children in care / care leavers
NO_OVERALL_FROM = dt.date(2026, 4, 1)  # fieldwork from this day: no overall effectiveness grade
SHORT_MAX_DAYS = 7

_QUOTES = str.maketrans({"’": "'", "‘": "'", "\u00a0": " "})
_GRADE = (
    r"(?:requires?\s+improvement(?:\s+to\s+be\s+good)?|inadequate|outstanding|good"
    r"|grade\s+[1-4]\s*\(\s*(?:outstanding|good|adequate|inadequate)\s*\))"
)
_GRADE_RE = re.compile(r"\b" + _GRADE + r"\b\)?", re.I)
_MAIN_BULLETS = "•◼▪■●\uf06e\uf0a7\uf0b7\uf0d8\uf076\uf0fc"
_SUB_BULLETS = "−─―–\uf02d\uf0be-"
_NUMBERED = re.compile(r"(\d{1,3})\.\s+(?=\S)")
_FOOTNOTE_LINE = re.compile(r"(\d{1,2})\s+\S")
_DIGITS = re.compile(r"\d+")
_NONBLANK_LINE = re.compile(r"[^\S\n\f]*[^\s][^\n\f]*")
_FORM_FEED = re.compile("\f")
_MARK_BEFORE = frozenset("abcdefghijklmnopqrstuvwxyz.,;:?)'’”")
_CLOSING = re.compile(r"(?:The Office for Standards in Education, Children|Any complaints about the inspection)", re.I)
_COPYRIGHT = re.compile(r"©\s*Crown copyright|Crown copyright\s+\d{4}", re.I)
_CONTENTS = re.compile(r"contents", re.I)
_TERMINAL = re.compile(r"""[.!?:)"'’”]\s*\d{0,2}$""")

_DATES_LINE = re.compile(r"(?:inspection\s+dates?|dates?\s+of\s+(?:the\s+)?inspection)\s*:?\s*(?P<rest>.*)", re.I)
_PUBLISHED_LINE = re.compile(r"(?:report\s+)?published\s*:?\s*(?P<rest>.*)", re.I)
_TITLE_WORDS = re.compile(r"\b(?:re-?\s?inspection|inspection|review)\s+of\b", re.I)
_ILACS_TITLE = re.compile(
    r"inspection\s+of\s+(?:children's\s+social\s+care\s+services|.{0,80}?local\s+authority\s+children's\s+services)",
    re.I,
)
_TABLE_HEAD = re.compile(r"judge?ment\s+grade", re.I)
_ILACS_ROW = re.compile(
    r"(?:the\s+)?(?:impact\s+of\s+leaders|experiences?\s+and\s+progress\s+of|overall\s+effectiveness)\b", re.I
)
_ROW_MAX = 110  # the longest row label is about 75 characters
_ROW_NUMBER = re.compile(r"\d(?:\.\d)?\.?\s+")
_PROSE_VERB = re.compile(r"\b(?:are|is|have|has|were|was|remain|remains)\b", re.I)
_NOT_JUDGED = re.compile(r"not\s+judged|not\s+applicable|no\s+judge?ment", re.I)
_SIF_ROW = re.compile(r"\d(?:\.\d)?\.?\s+(?=[A-Z])")
_SIF_FIRST_ROW = re.compile(r"1\.?\s+children\s+who\s+need\s+help", re.I)
_PRE_SIF = re.compile(
    r"four\s+point\s+scale|^\s*grade\s+[1-4]\s*\(\s*(?:outstanding|good|adequate|inadequate)\s*\)\s*$", re.I | re.M
)
_SIF_HEADLINE = re.compile(
    r"(?P<stem>The\s+overall\s+judge?ment\s+is(?:\s+that)?(?:\s+(?:the\s+)?children's\s+services?)?(?:\s+(?:are|is))?"
    r"|(?:Children's\s+services|Services\s+for\s+children(?:\s+and\s+young\s+people)?)\s+in\s+"
    r"(?:(?!\b(?:are|is|require|requires|remain|remains|have|has|were|was)\b)[^.]){2,90}?(?:\s+(?:are|is))?)"
    r"\s+(?P<grade>requires?\s+improvement(?:\s+to\s+be\s+good)?|inadequate|outstanding|good)\b",
    re.I,
)
_LSCB_STATEMENT = re.compile(
    r"(?P<label>(?:the\s+)?(?:effectiveness\s+of\s+the\s+)?(?:local\s+safeguarding\s+children\s+board|lscb)(?:\s*\(lscb\))?)"
    r"\s*(?:is|are)?\s*(?P<grade>requires?\s+improvement(?:\s+to\s+be\s+good)?|inadequate|outstanding|good)\b",
    re.I,
)
_LSCB_REVIEW_TITLE = re.compile(
    r"review\s+of\s+the\s+effectiveness\s+of\s+the\s+local\s+safeguarding\s+children\s+board", re.I
)

# Headings, tried on one to three joined lines; the first whole-line match wins.
_JUDGEMENT_HEADING = re.compile(
    r"(?P<label>(?:the\s+)?(?:experiences?\s+and\s+progress\s+of\b.{3,140}?|impact\s+of\s+leaders\b.{0,120}?"
    r"|leadership,?\s+management\s+and\s+governance|graded\s+judge?ments?\s+(?:for|about|on)\b.{3,140}?"
    r"|overall\s+effectiveness\b.{0,100}?|capacity\s+(?:to|for)\s+improve(?:ment)?|outcomes\s+for\b.{3,100}?"
    r"|quality\s+of\s+provision|leadership\s+and\s+management|adoption\s+performance))"
    r"\s*[:,–-]?\s*(?:\b(?:is|are|were)\s*(?:that\s+it\s+(?:is\s+)?)?:?\s*|\bthat\s+it\s+(?:is\s+)?)?"
    r"(?P<grade>" + _GRADE + r")\s*\.?\s*\d{0,2}",
    re.I,
)
_HEADINGS: list[tuple[str, re.Pattern]] = [
    (kind, re.compile(rx + r"\s*:?\s*\d{0,2}", re.I))
    for kind, rx in (
        ("action", r"what needs to improve(?:\s+in\s+[\w' ]{3,40})?\s*[?:.]?"),
        ("action", r"what does the local authority need to improve\s*\??"),
        ("action", r"priority and immediate action"),
        ("action", r"areas? for (?:priority action|improvement)"),
        ("action", r"recommendations?"),
        ("key", r"summary of (?:key )?findings"),
        ("key", r"the local authority's strengths|the local authority has the following strengths:?"),
        ("summary", r"executive summary|progress since the last inspection"),
        (
            "lscb",
            r"(?:section 2:?\s*)?(?:the\s+)?(?:effectiveness of the\s+)?(?:local safeguarding children board|lscb)"
            r"(?:\s*\(lscb\))?",
        ),
        (
            "lscb",
            r"what does the lscb need to improve\s*\??|inspection findings\s*[–-]\s*the local safeguarding children board"
            r"|review of the effectiveness of the (?:lscb|local safeguarding children board)"
            r"|key strengths and weaknesses of the lscb",
        ),
        (
            "skip",
            r"information about this (?:inspection|local authority area?|area|review)|what the inspection judge?ments mean.*"
            r"|summary for children(?: and young people)?|the inspection team|previous ofsted inspections|other ofsted inspections"
            r"|children living in this area|child protection in this area|children looked after in this area"
            r"|other information about this area|record of main findings|about this inspection|service information"
            r"|the inspection judge?ments and what they mean",
        ),
        (
            "section",
            r"section 1:?\s*the local authority|inspection judge?ments about the local authority|the local authority",
        ),
        (
            "sub",
            r"summary|inspection findings|key judge?ment\s+judge?ment grade|immediately:?|within (?:\w+ )?months:?",
        ),
    )
]
_LSCB_GRADE_HEADING = re.compile(
    r"(?:the\s+)?(?:effectiveness of the\s+)?(?:local safeguarding children board|lscb)(?:\s*\(lscb\))?\s*(?:is|are)?\s*"
    + _GRADE
    + r"\.?\s*\d{0,2}",
    re.I,
)
_HEADING_START = re.compile(
    r"(?:what\b|priority and|areas? for|recommendation|summary|executive|the local authority|section \d|information about"
    r"|the inspection|previous ofsted|other ofsted|other information|children living|child protection in|children looked after in"
    r"|record of main|about this|service information|progress since|the (?:effectiveness of the )?(?:local safeguarding|lscb)"
    r"|(?:effectiveness of the )?(?:local safeguarding|lscb)|inspection findings|inspection judge?ments|key judge?ment|immediately"
    r"|within|review of|key strengths|the experiences|experiences? and|the impact|impact of|leadership|the graded|graded"
    r"|overall effectiveness|capacity|outcomes for|quality of provision|adoption performance)",
    re.I,
)
_UNMAPPED_SECTION = re.compile(r"outcomes\s+for|quality\s+of\s+provision", re.I)  # graded pre-2013 sections
_FINDING_SECTIONS = {"action", "key", "judgement"}
_OTHER_NATIONS = ("ciw_", "welsh_gov")
_LABELLED_LINE = re.compile(r"[A-Z][A-Za-z ]{1,30}:\s")


# ---- layout: content lines without page furniture -------------------------------------------


@dataclass(slots=True)
class _Line:
    start: int  # offsets of the stripped text in the document
    end: int
    text: str
    page: int
    gap: bool = False  # a page break or page furniture lies between this and the previous content line
    blank: bool = False  # a blank line (same page, no furniture) lies between them


def _furniture_key(text: str) -> str:
    key = " ".join(text.lower().split())
    stem = key.rstrip("0123456789")
    if stem != key and len(key) - len(stem) <= 3:
        key = stem.rstrip()
    return key or "#page"


def _footnote_marks(text: str) -> tuple[str, set[str]]:
    """A working copy of `text` of the same length with footnote markers ("board1",
    "improve?1", "improvement.2") blanked, so offsets stay valid; and the marker numbers."""
    marks: list[re.Match] = []
    for m in _DIGITS.finditer(text):
        a, b = m.span()
        if b - a > 2 or a < 1 or text[a - 1] not in _MARK_BEFORE:
            continue
        if a >= 2 and text[a - 2].isdigit() and text[a - 1] in ".,:":
            continue  # 2.1, 1,5, 10:30
        if b < len(text) and not text[b].isspace():
            continue
        marks.append(m)
    if not marks:
        return text, set()
    parts, last = [], 0
    for m in marks:
        parts.append(text[last : m.start()])
        parts.append(" " * (m.end() - m.start()))
        last = m.end()
    parts.append(text[last:])
    return "".join(parts), {m.group(0) for m in marks}


def _layout(text: str, markers: set[str]) -> tuple[list[_Line], bool]:
    """The content lines of `text` (the working copy) in reading order, and whether Ofsted's
    closing page was seen. `markers` are the footnote numbers used in the original text."""
    breaks = [m.start() for m in _FORM_FEED.finditer(text)]
    pages: list[list[tuple[int, int, str]]] = [[] for _ in range(len(breaks) + 1)]
    page, next_break = 0, breaks[0] if breaks else len(text) + 1
    prev_end = 0
    for m in _NONBLANK_LINE.finditer(text):
        a = m.start()
        while a > next_break:
            page += 1
            next_break = breaks[page] if page < len(breaks) else len(text) + 1
            prev_end = next_break  # no blank-line marker across a page break
        raw = m.group()
        stripped = raw.strip()
        lead = len(raw) - len(raw.lstrip())
        rows = pages[page]
        if rows and text.count("\n", prev_end, a) >= 2:
            rows.append((a, a, ""))  # a blank line
        rows.append((a + lead, a + lead + len(stripped), stripped))
        prev_end = m.end()

    # Running headers and footers: the same words at the top or foot of many pages.
    filled_rows = [[i for i, r in enumerate(rows) if r[2]] for rows in pages]
    counts: Counter = Counter()
    for rows, filled in zip(pages, filled_rows, strict=True):
        counts.update({_furniture_key(rows[i][2]) for i in filled[:4] + filled[-3:]})
    threshold = max(3, -(-len(pages) // 4))
    closing = bool(_COPYRIGHT.search(text[-6000:]) or _COPYRIGHT.search(text[:6000]))
    closing_at = (len(pages), 0)
    dropped: list[set[int]] = []  # per page: rows set aside
    cut: list[int] = []  # per page: every row from here on is set aside
    for p, (rows, filled) in enumerate(zip(pages, filled_rows, strict=True)):
        drop: set[int] = set()
        end = len(rows)
        for order in (filled[:4], filled[::-1][:3]):
            for i in order:
                key = _furniture_key(rows[i][2])
                if key == "#page" or (p and counts[key] >= threshold):  # page 1 has the title, not a header
                    drop.add(i)
                else:
                    break
        for i in filled[:6]:  # the contents page, to its foot
            if i not in drop and _CONTENTS.fullmatch(rows[i][2]):
                end = min(end, i)
                break
        for i in filled[1:]:  # footnotes: a numbered note after a blank line, to the foot of the page
            if i >= end or rows[i - 1][2] or i in drop:
                continue
            m = _FOOTNOTE_LINE.match(rows[i][2])
            if m and m.group(1) in markers and not _NUMBERED.match(rows[i][2]):
                end = i
                break
        if p >= len(pages) - 3 and closing_at[0] == len(pages):
            for i in filled:
                if _CLOSING.match(rows[i][2]):
                    closing_at, closing = (p, i), True
                    break
        dropped.append(drop)
        cut.append(end)

    lines: list[_Line] = []
    gap = blank = False
    for p, rows in enumerate(pages):
        if p > closing_at[0]:
            break
        gap = gap or p > 0
        drop, end = dropped[p], cut[p]
        stop = closing_at[1] if p == closing_at[0] else len(rows)
        for i in range(min(end, stop)):
            start, stop_at, stripped = rows[i]
            if i in drop:
                gap = True
            elif not stripped:
                blank = True
            else:
                lines.append(_Line(start, stop_at, stripped, p, gap, blank and not gap))
                gap = blank = False
        if end < len(rows):
            gap = True
    return lines, closing


# ---- joined text with a map back to document offsets ------------------------------------------


@dataclass
class _Joined:
    text: str
    starts: list[int]  # position in `text` where each piece begins
    origins: list[int]  # document offset of each piece

    def at(self, i: int) -> int:
        k = bisect.bisect_right(self.starts, i) - 1
        return self.origins[k] + (i - self.starts[k])

    def span(self, a: int, b: int) -> Span:
        return Span(self.at(a), self.at(max(a, b - 1)) + 1)


def _join(lines: list[_Line], skip: int = 0) -> _Joined:
    parts: list[str] = []
    starts: list[int] = []
    origins: list[int] = []
    length = 0
    for n, line in enumerate(lines):
        piece = line.text[skip:] if n == 0 else line.text
        offset = line.start + (skip if n == 0 else 0)
        if n and parts:
            prev = parts[-1]
            sep = "" if prev[-1:] == "-" and prev[-2:-1].isalpha() and piece[:1].islower() else " "
            parts.append(sep)
            length += len(sep)
        starts.append(length)
        origins.append(offset)
        parts.append(piece)
        length += len(piece)
    return _Joined("".join(parts), starts or [0], origins or [0])


# ---- items: headings, numbered paragraphs, bullets, paragraphs --------------------------------


@dataclass
class _Item:
    kind: str  # heading | numbered | bullet | para
    lines: list[_Line]
    number: str | None = None
    skip: int = 0
    head_kind: str = ""
    label: str = ""
    grade: str = ""
    joined: _Joined | None = field(default=None, repr=False)

    def text(self) -> _Joined:
        if self.joined is None:
            self.joined = _join(self.lines, self.skip)
        return self.joined


def _heading_at(lines: list[_Line], i: int) -> tuple[str, int, re.Match | None] | None:
    """(kind, number of lines, judgement match) of a heading starting at line i, or None.
    A graded heading ("... protection: good") wins over a shorter plain one."""
    first = lines[i].text
    if not first[:1].isupper() or not _HEADING_START.match(first):
        return None
    joins = []
    pieces = []
    for n in range(3):
        j = i + n
        if j >= len(lines) or (n and (lines[j].blank or _is_bullet(lines[j].text) or _NUMBERED.match(lines[j].text))):
            break
        pieces.append(lines[j].text)
        joined = squash(" ".join(pieces).translate(_QUOTES))
        if len(joined.split()) > 30:
            break
        joins.append(joined)
    for n, joined in enumerate(joins, 1):
        m = _JUDGEMENT_HEADING.fullmatch(joined)
        if m and (_dimension(m.group("label")) is not None or _UNMAPPED_SECTION.match(m.group("label"))):
            return "judgement", n, m
        if _LSCB_GRADE_HEADING.fullmatch(joined):
            return "lscb_grade", n, None
    for n, joined in enumerate(joins, 1):
        for kind, rx in _HEADINGS:
            if rx.fullmatch(joined):
                return kind, n, None
    return None


def _is_bullet(text: str) -> bool:
    return bool(text) and text[0] in _MAIN_BULLETS


def _items(lines: list[_Line]) -> list[_Item]:
    out: list[_Item] = []
    current: _Item | None = None
    i = 0
    while i < len(lines):
        line = lines[i]
        text = line.text
        if _is_bullet(text):
            current = _Item("bullet", [line], skip=len(text) - len(text[1:].lstrip()))
            out.append(current)
            i += 1
            continue
        numbered = _NUMBERED.match(text)
        if numbered:
            current = _Item("numbered", [line], number=numbered.group(1), skip=numbered.end())
            out.append(current)
            i += 1
            continue
        if current is not None and current.kind == "bullet" and text[0] in _SUB_BULLETS and not line.blank:
            current.lines.append(line)
            i += 1
            continue
        head = _heading_at(lines, i)
        if head:
            kind, n, m = head
            item = _Item("heading", lines[i : i + n], head_kind=kind)
            if m is not None:
                item.label, item.grade = m.group("label"), m.group("grade")
            out.append(item)
            current = item
            i += n
            continue
        if current is None or current.kind == "heading" or line.blank or (line.gap and _starts_new(current, text)):
            current = _Item("para", [line])
            out.append(current)
        else:
            current.lines.append(line)
        i += 1
    return out


def _starts_new(current: _Item, text: str) -> bool:
    """After a page break: a new paragraph if the last one ended a sentence and this starts one."""
    return bool(_TERMINAL.search(current.lines[-1].text)) and (text[:1].isupper() or text[:1] in "‘“'\"")


# ---- dimensions ------------------------------------------------------------------------------


def _dimension(label: str) -> Dimension | None:
    low = squash(label.translate(_QUOTES)).lower()
    if "overall" in low:
        return Dimension.OVERALL
    if "capacity" in low:
        return Dimension.CAPACITY_TO_IMPROVE
    if "safeguarding children board" in low or "lscb" in low:
        return Dimension.LSCB
    if _UNMAPPED_SECTION.search(low):
        return None
    if "adoption" in low:
        return Dimension.ADOPTION
    leavers = bool(re.search(r"care[- ]leavers?|care[- ]experienced", low))
    in_care = bool(re.search(r"children\s+(?:in\s+care|looked\s+after)|looked\s+after\s+children", low))
    if leavers and in_care:
        return Dimension.CIC_AND_CARE_LEAVERS
    if leavers:
        return Dimension.CARE_LEAVERS
    if "help and protection" in low:
        return Dimension.HELP_PROTECTION
    if in_care:
        return Dimension.CHILDREN_IN_CARE
    if "leader" in low:
        return Dimension.LEADERSHIP
    return None


_EXPECTED = {
    "ofsted_pre_sif": (Dimension.OVERALL, Dimension.CAPACITY_TO_IMPROVE),
    "ofsted_sif": (
        Dimension.OVERALL,
        Dimension.HELP_PROTECTION,
        Dimension.CHILDREN_IN_CARE,
        Dimension.ADOPTION,
        Dimension.CARE_LEAVERS,
        Dimension.LEADERSHIP,
    ),
    "ofsted_ilacs_v1": (
        Dimension.OVERALL,
        Dimension.LEADERSHIP,
        Dimension.HELP_PROTECTION,
        Dimension.CIC_AND_CARE_LEAVERS,
    ),
    "ofsted_ilacs_v2": (
        Dimension.OVERALL,
        Dimension.LEADERSHIP,
        Dimension.HELP_PROTECTION,
        Dimension.CHILDREN_IN_CARE,
        Dimension.CARE_LEAVERS,
    ),
}
_DIM_WORDS = {
    Dimension.OVERALL: "overall effectiveness",
    Dimension.LEADERSHIP: "leadership / impact of leaders",
    Dimension.HELP_PROTECTION: "children who need help and protection",
    Dimension.CHILDREN_IN_CARE: "children in care / looked after",
    Dimension.CIC_AND_CARE_LEAVERS: "children in care and care leavers",
    Dimension.CARE_LEAVERS: "care leavers",
    Dimension.ADOPTION: "adoption performance",
    Dimension.CAPACITY_TO_IMPROVE: "capacity to improve",
    Dimension.LSCB: "Local Safeguarding Children Board",
}


# ---- sniff -----------------------------------------------------------------------------------

_SNIFF_OFSTED = re.compile(
    r"\bOfsted\b|Office for Standards in Education|Her Majesty's Inspector|His Majesty's Inspector|\bHMI\b"
)
_SNIFF_TITLE = re.compile(
    r"(?:re-?\s*)?inspection\s+of\s+(?:services\s+for\s+children|children's\s+social\s+care|looked\s+after\s+children"
    r"|safeguarding|.{0,120}?children's\s+services|.{0,60}?\btrust\b)"
    r"|review\s+of\s+the\s+effectiveness\s+of\s+the\s+local\s+safeguarding",
    re.I | re.S,
)
_SNIFF_GRADES = re.compile(
    r"judge?ment\s+grade|overall\s+effectiveness|the\s+overall\s+judge?ment\s+is"
    r"|children's\s+services\s+in\s+.{2,80}?\s+(?:are|is|requires?)\b"
    r"|grade\s+[1-4]\s*\(|local\s+safeguarding\s+children\s+board\s+(?:is|requires)",
    re.I | re.S,
)
_SNIFF_LETTER = re.compile(
    r"^\s*Dear\s+\w|^\s*(?:Focused|Monitoring)\s+visit\s+to\b|This letter summarises", re.I | re.M
)
_NOT_FOUND = re.compile(r"report not found|page not found", re.I)


def sniff(text: str) -> float:
    """How sure this is an Ofsted inspection report on an LA's children's services (0..1)."""
    head = text[:5000].translate(_QUOTES)
    if _NOT_FOUND.search(head[:2000]):
        return 0.0
    score = 0.0
    if _SNIFF_OFSTED.search(head) or _SNIFF_OFSTED.search(text[-4000:]):
        score += 0.3
    if _SNIFF_TITLE.search(head):
        score += 0.35
    if _SNIFF_GRADES.search(head):
        score += 0.35
    if _SNIFF_LETTER.search(head[:3000]):
        score -= 0.7
    return max(0.0, min(1.0, score))


# ---- parse -----------------------------------------------------------------------------------


def _day_ranges(text: str) -> list[dates.DateRange]:
    return [r for r in dates.find_ranges(text) if r.start.precision == "day" and r.end.precision == "day"]


def _find_line(lines: list[_Line], rx: re.Pattern, stop: int) -> tuple[int, re.Match] | None:
    for i, line in enumerate(lines[:stop]):
        m = rx.match(line.text)
        if m:
            return i, m
    return None


def _read_dates(lines: list[_Line], i: int, m: re.Match) -> tuple[list[dates.DateRange], Span] | None:
    """The fieldwork ranges on the dates line, joined with the next line when it wraps
    ("... and 28 – 30" / "January 2014"); a second visit ("... and 7 to 8 August 2019") is kept."""
    rest = m.group("rest")
    found = _day_ranges(rest)
    end = lines[i].end
    wraps = re.search(r"(?:\band|\bto|[-–—,]|(?<!\d)\d{1,2})\s*$", rest) is not None
    if (not found or wraps) and i + 1 < len(lines) and not re.match(r"[A-Za-z ]{2,30}:", lines[i + 1].text):
        more = _day_ranges(rest + " " + lines[i + 1].text)
        if more:
            found, end = more, lines[i + 1].end
    if not found:
        return None
    return found, Span(lines[i].start, end)


def _authority(title_lines: list[_Line], when: dt.date | None):
    """(name as written, Authority) from the title block; DocumentError when nothing matches."""
    joined = squash(" ".join(line.text for line in title_lines))
    norm = joined.translate(_QUOTES)
    candidates: list[str] = []
    m = re.search(
        r"inspection of (?P<name>.+?)(?:\s+local authority)?\s+children's (?:social care )?services", norm, re.I
    )
    if m and not re.match(r"(?:services for|children|looked after)", m.group("name"), re.I):
        candidates.append(m.group("name"))
    m = re.search(r"inspection of (?P<name>.+?\btrust\b)", norm, re.I)
    if m:
        candidates.append(m.group("name"))
    title_at = _TITLE_WORDS.search(norm)
    if title_at and title_at.start() > 0:
        candidates.append(norm[: title_at.start()])
    m = re.search(
        r"(?:looked after children|safeguarding)(?: and looked after children)? services\s+(?P<name>.+)$", norm, re.I
    )
    if m:
        candidates.append(m.group("name"))
    for name in candidates:
        name = re.sub(r"\b(?:local\s+)?safeguarding\s+children\s+board\b|\blscb\b", "", name, flags=re.I).strip(" ,")
        if not name:
            continue
        found = authorities.match(name, on=when)
        if found is None:
            hit = authorities.find_in_text(name)
            found = authorities.match(hit[0], on=when) if hit else _by_prefix(name, when)
        if found is not None:
            at = norm.find(name)
            return (joined[at : at + len(name)] if at >= 0 else name), found
    shown = candidates[0] if candidates else joined[:80]
    raise DocumentError(f"no local authority named in the report matches the reference list: '{shown}'")


@functools.lru_cache(maxsize=1)
def _current_keys() -> tuple[tuple[str, str], ...]:
    """(matching key, code) of every name of every authority in force today."""
    keys = set()
    for a in authorities.reference():
        if a.valid_to is None:
            keys.update((authorities.name_key(n), a.code) for n in {a.name, a.short_name, *a.aliases} if n)
    return tuple(sorted(keys))


def _by_prefix(name: str, when: dt.date | None):
    """A shortened name ("East Riding", "Newcastle") that begins exactly one authority's name."""
    key = authorities.name_key(name)
    if len(key) < 4:
        return None
    codes = {code for k, code in _current_keys() if k.startswith(key + " ")}
    if len(codes) != 1:
        return None
    return authorities.match(authorities.by_code()[codes.pop()].name, on=when)


def _title(title_lines: list[_Line]) -> str:
    joined = squash(" ".join(ln.text for ln in title_lines))
    m = _TITLE_WORDS.search(joined)
    return joined[m.start() :] if m else joined


def _line_index(lines: list[_Line], offset: int) -> int:
    """Index of the line holding document offset `offset`."""
    starts = [ln.start for ln in lines]
    return max(0, bisect.bisect_right(starts, offset) - 1)


class _Reader:
    """Collects judgements (one per dimension, first reading wins) and warnings."""

    def __init__(self) -> None:
        self.warnings: list[str] = []
        self.judgements: dict[Dimension, Judgement] = {}
        self.headline = ""
        self.not_judged: set[Dimension | None] = set()

    def add(self, dim: Dimension, label: str, phrase: str, context: str, span: Span) -> None:
        if dim in self.judgements:
            return
        jd = normalise.judgement(dim, label, phrase, context, "ofsted", span)
        if jd.level is None:
            self.warnings.append(f"the grade for '{squash(label)}' could not be read: '{squash(phrase)}'")
            return
        self.judgements[dim] = jd

    def table(self, rows: _Joined, row_start: re.Pattern, strip_number: bool = False) -> int:
        """Read consecutive 'label grade' rows from the start of `rows`; the offset where they end.

        A row whose cell holds no grade is a warning ("Not judged" says so); prose after the
        table (a sentence, or no grade within a row's length) ends it."""
        t = rows.text.translate(_QUOTES)
        pos = end = 0
        while True:
            while pos < len(t) and t[pos] == " ":
                pos += 1
            m = row_start.match(t, pos)
            if not m:
                return end
            window = t[m.start() : m.start() + _ROW_MAX]
            nxt = row_start.search(t, m.end() + 1, m.start() + _ROW_MAX)
            cell = t[m.start() : nxt.start()] if nxt is not None else window
            grade = _GRADE_RE.search(cell, m.end() - m.start())
            label = rows.text[m.start() : m.start() + (grade.start() if grade else len(cell))].strip(" :")
            number = _ROW_NUMBER.match(label) if strip_number else None
            bare = label[number.end() :] if number else label
            if _PROSE_VERB.search(bare):
                return end  # a sentence after the table ("The experiences ... in Oxfordshire are good ...")
            not_judged = _NOT_JUDGED.search(cell)
            if grade is None or "." in bare or (not_judged and not_judged.start() < grade.start()):
                if not_judged:
                    label = squash(cell[: not_judged.start()])
                    self.warnings.append(
                        f"'{label}' is marked '{not_judged.group(0)}' in the judgement table: no judgement recorded"
                    )
                    self.not_judged.add(_dimension(label))
                elif nxt is not None and "." not in bare:
                    self.warnings.append(f"the judgement table cell for '{squash(cell)[:90]}' could not be read")
                else:
                    return end  # prose after the table
                if nxt is None:
                    return end
                pos = end = nxt.start()
                continue
            dim = _dimension(bare)
            if dim is None:
                self.warnings.append(
                    f"the judgement table row '{squash(label)[:90]}' names no dimension this product knows"
                )
            else:
                g0, g1 = m.start() + grade.start(), m.start() + grade.end()
                self.add(dim, label, rows.text[g0:g1], rows.text[m.start() : g1], rows.span(m.start(), g1))
            pos = end = m.start() + grade.end()


def parse(text: str, source: Source) -> ParsedDocument:
    work, markers = _footnote_marks(text)
    lines, closing = _layout(work, markers)
    if not lines:
        raise DocumentError("no text to read")
    reader = _Reader()
    head = _front_matter(lines)
    written, authority = _authority(head.title_lines, head.end.first_day())
    kind = _framework(lines, text, head)
    body_from = _judgement_table(reader, lines, kind, head.dates_index)
    items = _items(lines[body_from:])
    _graded_headings(reader, items, kind.framework)
    if kind.framework == "ofsted_pre_sif" and Dimension.OVERALL not in reader.judgements:
        _record_of_findings(reader, lines)

    if not reader.judgements:
        raise DocumentError(
            "no judgements found in the report (no judgement table, headline or graded section): is it truncated?"
        )
    _check_complete(lines, closing, reader)
    _expected(reader, kind.framework, kind.ilacs, head.start, kind.lscb_review, head.title_text)

    event = Event(
        event_type=_report_event_type(kind, head),
        start=head.start,
        end=head.end,
        published=head.published,
        title=head.title,
        framework=kind.framework,
        inspected_body=written,
        span=head.dates_span,
    )
    if kind.lscb_review and Dimension.LSCB in reader.judgements:
        reader.headline = reader.judgements[Dimension.LSCB].raw_context
    order = list(Dimension)
    event.judgements = sorted(reader.judgements.values(), key=lambda j: order.index(j.dimension))
    _findings_and_signals(
        event, items, reader.headline, keep_lscb=kind.lscb_review, pre_sif=kind.framework == "ofsted_pre_sif"
    )
    return ParsedDocument(
        source=source,
        authority=AuthorityRef(written, authority.code, authority.name, authority.nation),
        inspectorate=Inspectorate.OFSTED,
        events=[event],
        text=text,
        warnings=reader.warnings,
        kind=NAME,
    )


@dataclass
class _FrontMatter:
    dates_index: int  # the line of the inspection dates
    start: PartialDate
    end: PartialDate
    fieldwork_days: int
    dates_span: Span
    published: PartialDate | None
    title_lines: list[_Line]
    title: str
    title_text: str  # the title block as one line, quotes made plain


def _front_matter(lines: list[_Line]) -> _FrontMatter:
    """Fieldwork dates, publication date and the title block above the dates."""
    at = _find_line(lines, _DATES_LINE, 80)
    if at is None:
        raise DocumentError("no inspection dates found in the report (is it truncated, or not an inspection report?)")
    dates_index, dates_match = at
    read = _read_dates(lines, dates_index, dates_match)
    if read is None:
        raise DocumentError(f"the inspection dates cannot be read: '{squash(lines[dates_index].text)[:80]}'")
    ranges, dates_span = read
    published = None
    pub = _find_line(lines, _PUBLISHED_LINE, dates_index + 8)
    if pub is not None:
        found = _day_ranges(pub[1].group("rest"))
        published = found[0].start if found else None
    title_lines = [ln for ln in lines[:dates_index] if not _PUBLISHED_LINE.match(ln.text)]
    return _FrontMatter(
        dates_index=dates_index,
        start=ranges[0].start,
        end=ranges[-1].end,
        fieldwork_days=sum((r.end.first_day() - r.start.first_day()).days + 1 for r in ranges),
        dates_span=dates_span,
        published=published,
        title_lines=title_lines,
        title=_title(title_lines),
        title_text=squash(" ".join(ln.text for ln in title_lines)).translate(_QUOTES),
    )


@dataclass
class _Framework:
    framework: str
    ilacs: bool
    lscb_review: bool
    table_at: int | None  # the ILACS judgement table's heading line
    sif_at: int | None  # the SIF judgement table's first row
    front_joined: _Joined  # the front page after the dates
    headline: re.Match | None  # a SIF report's overall judgement sentence


def _framework(lines: list[_Line], text: str, head: _FrontMatter) -> _Framework:
    """The framework, by the report's own words."""
    dates_index, title_text = head.dates_index, head.title_text
    front = [i for i, ln in enumerate(lines[: dates_index + 60]) if ln.page <= 1 and i > dates_index]
    table_at = next((i for i in front if _TABLE_HEAD.fullmatch(squash(lines[i].text))), None)
    if table_at is not None and not (table_at + 1 < len(lines) and _ILACS_ROW.match(lines[table_at + 1].text)):
        table_at = None
    sif_at = next((i for i in front if _SIF_FIRST_ROW.match(lines[i].text)), None)
    front_joined = _join([lines[i] for i in front[:25]]) if front else _Joined("", [0], [0])
    headline = _SIF_HEADLINE.search(front_joined.text.translate(_QUOTES)) if table_at is None else None
    lscb_review = bool(_LSCB_REVIEW_TITLE.search(title_text)) and not re.search(
        r"inspection\s+of\s+services", title_text, re.I
    )
    half = text[: len(text) // 2]
    ilacs = bool(
        table_at is not None
        or bool(_ILACS_TITLE.search(title_text))
        or (
            sif_at is None
            and headline is None
            and not lscb_review
            and re.search(r"impact\s+of\s+leaders\s+on\s+social\s+work", half, re.I)
        )
    )
    if ilacs:
        headline = None
    sif = not ilacs and (sif_at is not None or headline is not None or lscb_review)
    if ilacs:
        framework = "ofsted_ilacs_v2" if head.start.first_day() >= ILACS_V2_FROM else "ofsted_ilacs_v1"
    elif not sif and _PRE_SIF.search(half):
        framework = "ofsted_pre_sif"
    else:
        framework = "ofsted_sif"
    return _Framework(framework, ilacs, lscb_review, table_at, sif_at, front_joined, headline)


def _judgement_table(reader: _Reader, lines: list[_Line], kind: _Framework, dates_index: int) -> int:
    """The judgement table (ILACS, SIF) or headline (SIF), read into `reader`; returns the line the
    body starts at, after them."""
    body_from = dates_index + 1
    if kind.table_at is not None:
        rows = _join(lines[kind.table_at + 1 : kind.table_at + 40])
        used = reader.table(rows, _ILACS_ROW)
        body_from = _line_index(lines, rows.at(used - 1)) + 1 if used else kind.table_at + 1
    elif kind.ilacs:
        reader.warnings.append("no 'Judgement Grade' table found; grades are taken from the section headings")
    if kind.headline is not None:
        _sif_headline(reader, kind.front_joined, kind.headline)
    if kind.sif_at is not None and not kind.ilacs:
        rows = _join(lines[kind.sif_at : kind.sif_at + 20])
        used = reader.table(rows, _SIF_ROW, strip_number=True)
        body_from = _line_index(lines, rows.at(used - 1)) + 1 if used else kind.sif_at
    return body_from


def _graded_headings(reader: _Reader, items: list[_Item], framework: str) -> None:
    """Graded section headings: the pre-2013 grades, the LSCB, and any gap in the table."""
    for item in items:
        if item.kind != "heading" or item.head_kind not in ("judgement", "lscb_grade"):
            continue
        joined = item.text()
        if item.head_kind == "lscb_grade":
            m = _LSCB_STATEMENT.match(joined.text.translate(_QUOTES))
            if m:
                reader.add(
                    Dimension.LSCB,
                    joined.text[m.start("label") : m.end("label")],
                    joined.text[m.start("grade") : m.end("grade")],
                    joined.text,
                    joined.span(0, len(joined.text)),
                )
            continue
        dim = _dimension(item.label)
        if dim is None or dim in reader.judgements:
            continue
        if framework == "ofsted_pre_sif" or dim in _EXPECTED[framework]:
            if framework != "ofsted_pre_sif":
                reader.warnings.append(
                    f"the {_DIM_WORDS[dim]} grade is not in the judgement table; it is read from the section heading"
                )
            g = joined.text.translate(_QUOTES).lower().rfind(squash(item.grade).lower().split()[0])
            reader.add(
                dim,
                joined.text[:g].strip(" :,–-") if g > 0 else item.label,
                joined.text[g:] if g > 0 else item.grade,
                joined.text,
                joined.span(0, len(joined.text)),
            )


def _report_event_type(kind: _Framework, head: _FrontMatter) -> str:
    """The kind of visit: an LSCB review, a short or standard ILACS, a pre-2013 inspection, a SIF or
    its re-inspection."""
    if kind.lscb_review:
        return "ofsted_lscb_review"
    if kind.ilacs:
        return "ofsted_ilacs_short" if head.fieldwork_days <= SHORT_MAX_DAYS else "ofsted_ilacs_standard"
    if kind.framework == "ofsted_pre_sif":
        return "ofsted_pre_sif"
    return "ofsted_sif_reinspection" if re.match(r"re-?\s?inspection\s+of\b", head.title, re.I) else "ofsted_sif"


def _sif_headline(reader: _Reader, joined: _Joined, m: re.Match) -> None:
    """'The overall judgement is ...' / "Children's services in X are ...": the overall grade."""
    t = joined.text
    nxt = bisect.bisect_right(joined.starts, m.end() - 1)
    line_end = joined.starts[nxt] if nxt < len(joined.starts) else len(t)
    stop = t.find(".", m.end(), line_end)
    context = t[m.start() : stop + 1 if stop >= 0 else line_end].strip()
    reader.headline = context
    reader.add(
        Dimension.OVERALL,
        t[m.start("stem") : m.end("stem")],
        t[m.start("grade") : m.end("grade")],
        context,
        joined.span(m.start(), m.end()),
    )


def _record_of_findings(reader: _Reader, lines: list[_Line]) -> None:
    """Pre-2013 reports end with a 'Record of main findings' table: the fallback for the grades."""
    row = re.compile(
        r"(?:overall\s+effectiveness|capacity\s+(?:to|for)\s+improve|outcomes\s+for|quality\s+of\s+provision"
        r"|leadership\s+and\s+management)",
        re.I,
    )
    for i, ln in enumerate(lines):
        if re.fullmatch(r"record of main findings", ln.text, re.I):
            k = i + 1
            if k < len(lines) and not row.match(lines[k].text):
                k += 1  # "Services for looked after children"
            reader.table(_join(lines[k : k + 14]), row)
            return


def _check_complete(lines: list[_Line], closing: bool, reader: _Reader) -> None:
    """A report cut off part-way ends mid-sentence and lacks Ofsted's closing page: reject it."""
    if closing:
        return
    last = lines[-1].text
    if _TERMINAL.search(last) or _GRADE_RE.search(last[-40:]):
        reader.warnings.append("the report has no closing Ofsted page; it may be incomplete")
        return
    raise DocumentError(
        f'the report ends mid-sentence ("…{squash(last)[-40:]}") without Ofsted\'s closing page: it looks truncated'
    )


def _expected(reader: _Reader, framework: str, ilacs: bool, start: PartialDate, lscb_review: bool, title: str) -> None:
    """Warn about every dimension the framework grades that the report did not yield."""
    have = set(reader.judgements)
    if lscb_review:
        if Dimension.LSCB not in have:
            reader.warnings.append("no judgement of the Local Safeguarding Children Board found in the review")
        return
    expected = list(_EXPECTED[framework])
    if ilacs:
        split = bool(have & {Dimension.CHILDREN_IN_CARE, Dimension.CARE_LEAVERS})
        combined = Dimension.CIC_AND_CARE_LEAVERS in have
        if framework == "ofsted_ilacs_v1" and split and not combined:
            reader.warnings.append(
                "fieldwork began before 2023 but the table judges children in care and care leavers apart"
            )
            expected = list(_EXPECTED["ofsted_ilacs_v2"])
        elif framework == "ofsted_ilacs_v2" and combined and not split:
            reader.warnings.append(
                "fieldwork began in 2023 or later but the table judges children in care and care leavers together"
            )
            expected = list(_EXPECTED["ofsted_ilacs_v1"])
        if Dimension.OVERALL not in have and start.first_day() >= NO_OVERALL_FROM:
            expected.remove(Dimension.OVERALL)  # the post-reform table has no overall grade
    if framework == "ofsted_sif" and _LSCB_REVIEW_TITLE.search(title):
        expected.append(Dimension.LSCB)
    for dim in expected:
        if dim not in have and dim not in reader.not_judged:
            reader.warnings.append(f"no {_DIM_WORDS[dim]} judgement found in the report")


def _findings_and_signals(event: Event, items: list[_Item], headline: str, keep_lscb: bool, pre_sif: bool) -> None:
    """Findings by section; directions and statuses from the summary (the opening summary,
    the executive summary, or a pre-2013 report's overall effectiveness section)."""
    kind = "cover" if pre_sif else "summary"  # before the first heading: the opening summary
    section = ""
    lscb_part = False  # inside the LSCB's own part of a combined report
    previous: Finding | None = None
    summary: list[tuple[str, Span]] = []
    for item in items:
        if item.kind == "heading":
            hk = item.head_kind
            if hk in ("sub", "lscb_grade"):
                continue
            if hk == "lscb" and not keep_lscb:
                lscb_part = True
            elif hk in ("judgement", "section"):
                lscb_part = False
            if lscb_part and hk != "lscb":
                hk = "lscb"
            kind = hk
            joined = item.text()
            section = re.sub(r"\s*\d{1,2}$", "", joined.text).strip()
            previous = None
            if kind == "action" and re.match(r"priority and immediate action", section, re.I):
                event.statuses.extend(normalise.statuses(section, joined.span(0, len(joined.text))))
            continue
        if kind == "summary":
            joined = item.text()
            if not _LABELLED_LINE.match(joined.text):  # "Report published: ...", "Lead inspector: ..."
                summary.extend((s, joined.span(a, b)) for s, a, b in sentences(joined.text))
            continue
        if kind == "key" and item.kind == "para":
            # A lead-in ("Children's services in X are good because:", perhaps followed by a
            # sub-heading on the next line) heads the items after it.
            ends = [i for i, ln in enumerate(item.lines) if ln.text.rstrip().endswith(":")]
            if ends:
                section = squash(" ".join(ln.text for ln in item.lines[: ends[0] + 1])).rstrip(" :")
            continue
        if kind not in _FINDING_SECTIONS or (item.kind not in ("bullet", "numbered") and kind != "action"):
            continue
        joined = item.text()
        if kind == "action" and item.kind == "para" and not _TERMINAL.search(joined.text):
            continue  # a sub-heading ("Quality of practice"), not an action
        if kind in ("action", "key") and item.kind != "para":
            body = joined.text.strip()
            if not body or body.endswith(":") or re.search(r"take the following actions?\.?$", body, re.I):
                continue
            previous = normalise.finding(
                body,
                section,
                joined.span(0, len(joined.text)),
                previous=previous,
                force_action=kind == "action",
                para_no=item.number,
            )
            event.findings.append(previous)
            continue
        dim = _dimension(section) if kind == "judgement" else None
        leaders = dim == Dimension.LEADERSHIP
        overall = pre_sif and dim == Dimension.OVERALL
        for sentence, a, b in sentences(joined.text):  # a graded section: one finding per sentence
            if len(sentence.split()) < 3:
                continue
            span = joined.span(a, b)
            previous = normalise.finding(
                sentence, section, span, previous=previous, para_no=item.number, force_action=kind == "action"
            )
            event.findings.append(previous)
            if leaders:  # where a report recalls commissioners, notices and monitoring
                event.statuses.extend(normalise.statuses(sentence, span))
            if overall:
                summary.append((sentence, span))

    event.headline = headline or (squash(summary[0][0]) if summary else "")
    body_statuses, event.statuses = event.statuses, []
    for sentence, span in summary:
        event.directions.extend(normalise.directions(sentence, span, basis="reinspection_summary"))
        event.statuses.extend(normalise.statuses(sentence, span))
    # A status is a state: keep its first statement, the summary's before the body's.
    first: dict = {}
    for st in event.statuses + body_statuses:
        if not str(st.status).startswith(_OTHER_NATIONS):  # an Ofsted report carries no CIW or Welsh status
            first.setdefault(st.status, st)
    event.statuses = sorted(first.values(), key=lambda x: x.span.start if x.span else 0)

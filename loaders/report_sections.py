"""Ofsted reports' sections: headings (tried on one to three joined lines), numbered paragraphs, bullets and
paragraphs as items, and the judged dimension a heading or table row names."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from loaders.report_layout import MAIN_BULLETS, NUMBERED, QUOTES, SUB_BULLETS, TERMINAL, Joined, Line, join_lines
from trajectories.domain import Dimension
from trajectories.text import squash

GRADE = (
    r"(?:requires?\s+improvement(?:\s+to\s+be\s+good)?|inadequate|outstanding|good"
    r"|grade\s+[1-4]\s*\(\s*(?:outstanding|good|adequate|inadequate)\s*\))"
)

# Headings, tried on one to three joined lines; the first whole-line match wins.
_JUDGEMENT_HEADING = re.compile(
    r"(?P<label>(?:the\s+)?(?:experiences?\s+and\s+progress\s+of\b.{3,140}?|impact\s+of\s+leaders\b.{0,120}?"
    r"|leadership,?\s+management\s+and\s+governance|graded\s+judge?ments?\s+(?:for|about|on)\b.{3,140}?"
    r"|overall\s+effectiveness\b.{0,100}?|capacity\s+(?:to|for)\s+improve(?:ment)?|outcomes\s+for\b.{3,100}?"
    r"|quality\s+of\s+provision|leadership\s+and\s+management|adoption\s+performance))"
    r"\s*[:,–-]?\s*(?:\b(?:is|are|were)\s*(?:that\s+it\s+(?:is\s+)?)?:?\s*|\bthat\s+it\s+(?:is\s+)?)?"
    r"(?P<grade>" + GRADE + r")\s*\.?\s*\d{0,2}",
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
            r"what does the lscb need to improve\s*\??"
            r"|inspection findings\s*[–-]\s*the local safeguarding children board"
            r"|review of the effectiveness of the (?:lscb|local safeguarding children board)"
            r"|key strengths and weaknesses of the lscb",
        ),
        (
            "skip",
            r"information about this (?:inspection|local authority area?|area|review)"
            r"|what the inspection judge?ments mean.*"
            r"|summary for children(?: and young people)?|the inspection team|previous ofsted inspections"
            r"|other ofsted inspections"
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
    r"(?:the\s+)?(?:effectiveness of the\s+)?(?:local safeguarding children board|lscb)(?:\s*\(lscb\))?\s*(?:is"
    r"|are)?\s*" + GRADE + r"\.?\s*\d{0,2}",
    re.I,
)
_HEADING_START = re.compile(
    r"(?:what\b|priority and|areas? for|recommendation|summary|executive|the local authority|section \d"
    r"|information about"
    r"|the inspection|previous ofsted|other ofsted|other information|children living|child protection in"
    r"|children looked after in"
    r"|record of main|about this|service information|progress since|the (?:effectiveness of the )?(?:local safeguarding"
    r"|lscb)"
    r"|(?:effectiveness of the )?(?:local safeguarding|lscb)|inspection findings|inspection judge?ments|key judge?ment"
    r"|immediately"
    r"|within|review of|key strengths|the experiences|experiences? and|the impact|impact of|leadership|the graded"
    r"|graded"
    r"|overall effectiveness|capacity|outcomes for|quality of provision|adoption performance)",
    re.I,
)
_UNMAPPED_SECTION = re.compile(r"outcomes\s+for|quality\s+of\s+provision", re.I)  # graded pre-2013 sections


@dataclass
class Item:
    kind: str  # heading | numbered | bullet | para
    lines: list[Line]
    number: str | None = None
    skip: int = 0
    head_kind: str = ""
    label: str = ""
    grade: str = ""
    joined: Joined | None = field(default=None, repr=False)

    def text(self) -> Joined:
        if self.joined is None:
            self.joined = join_lines(self.lines, self.skip)
        return self.joined


def _heading_at(lines: list[Line], i: int) -> tuple[str, int, re.Match | None] | None:
    """(kind, number of lines, judgement match) of a heading starting at line i, or None.
    A graded heading ("... protection: good") wins over a shorter plain one."""
    first = lines[i].text
    if not first[:1].isupper() or not _HEADING_START.match(first):
        return None
    joins = []
    pieces = []
    for n in range(3):
        j = i + n
        if j >= len(lines) or (n and (lines[j].blank or _is_bullet(lines[j].text) or NUMBERED.match(lines[j].text))):
            break
        pieces.append(lines[j].text)
        joined = squash(" ".join(pieces).translate(QUOTES))
        if len(joined.split()) > 30:
            break
        joins.append(joined)
    for n, joined in enumerate(joins, 1):
        m = _JUDGEMENT_HEADING.fullmatch(joined)
        if m and (label_dimension(m.group("label")) is not None or _UNMAPPED_SECTION.match(m.group("label"))):
            return "judgement", n, m
        if _LSCB_GRADE_HEADING.fullmatch(joined):
            return "lscb_grade", n, None
    for n, joined in enumerate(joins, 1):
        for kind, rx in _HEADINGS:
            if rx.fullmatch(joined):
                return kind, n, None
    return None


def _is_bullet(text: str) -> bool:
    return bool(text) and text[0] in MAIN_BULLETS


def read_items(lines: list[Line]) -> list[Item]:
    out: list[Item] = []
    current: Item | None = None
    i = 0
    while i < len(lines):
        line = lines[i]
        text = line.text
        if _is_bullet(text):
            current = Item("bullet", [line], skip=len(text) - len(text[1:].lstrip()))
            out.append(current)
            i += 1
            continue
        numbered = NUMBERED.match(text)
        if numbered:
            current = Item("numbered", [line], number=numbered.group(1), skip=numbered.end())
            out.append(current)
            i += 1
            continue
        if current is not None and current.kind == "bullet" and text[0] in SUB_BULLETS and not line.blank:
            current.lines.append(line)
            i += 1
            continue
        head = _heading_at(lines, i)
        if head:
            kind, n, m = head
            item = Item("heading", lines[i : i + n], head_kind=kind)
            if m is not None:
                item.label, item.grade = m.group("label"), m.group("grade")
            out.append(item)
            current = item
            i += n
            continue
        if current is None or current.kind == "heading" or line.blank or (line.gap and _starts_new(current, text)):
            current = Item("para", [line])
            out.append(current)
        else:
            current.lines.append(line)
        i += 1
    return out


def _starts_new(current: Item, text: str) -> bool:
    """After a page break: a new paragraph if the last one ended a sentence and this starts one."""
    return bool(TERMINAL.search(current.lines[-1].text)) and (text[:1].isupper() or text[:1] in "‘“'\"")


def label_dimension(label: str) -> Dimension | None:
    low = squash(label.translate(QUOTES)).lower()
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


EXPECTED = {
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
DIM_WORDS = {
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

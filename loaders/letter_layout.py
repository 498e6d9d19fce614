"""Ofsted letters' layout: lines with the page furniture marked (the address block repeated on later
pages, page numbers, footers), and units (headings, paragraphs, bullets) found by layout and words."""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field

from trajectories import dates
from trajectories.domain import Span
from trajectories.text import BULLET_GLYPHS, sentences, tidy

# Section headings Ofsted letters use; other short headed lines are found by layout.
_HEADINGS = re.compile(
    r"(?:Overview|Headline findings|Main findings|Findings|Summary(?: of findings)?"
    r"|Findings and (?:evaluation of )?progress|"
    r"Evaluation of progress|Areas covered by the visit|Areas of strength|Strengths|Next steps|Context|Background|"
    r"What needs to improve(?: in this area of (?:social work )?practice)?|Areas? for (?:priority action|improvement)|"
    r"Priorit(?:y|ies) for (?:action|improvement)|Recommendations?)\s*[?:]?\s*\d?",
    re.I,
)

# Page furniture: the Ofsted address block (repeated on later pages), page numbers, footers.
_ADDRESS_STRONG = re.compile(
    r"^(?:Piccadilly Gate|M1 2WD|Manchester,? M1 2WD|T:?\s+0300\b.*|Textphone\b.*|"
    r"enquiries@ofsted\.gov\.uk|(?:https?://)?www\.gov\.uk/ofsted|Clive House|70 Petty France,?|London,? SW1H 9EX|"
    r"Aviation House|125 Kingsway|London,? WC2B 6SE|Agora|6 Cumberland Place|Nottingham,? NG1 6HJ|"
    r"Insert LA Address)\s*$",
    re.I,
)
_ADDRESS_WEAK = re.compile(
    r"^(?:Ofsted|Store Street|Manchester|Westminster,?|London|\d{3,5})\s*$", re.I
)  # a wrapped phone number too
_FOOTER = re.compile(
    r"^(?:\d{1,2}|Page \d+(?: of \d+)?|©\s*Crown copyright.*|Crown copyright.*|.*Open Government Licen[cs]e.*|"
    r"This publication is available at.*|Reference no:?.*|Interested in our work\?.*|You can subscribe to.*|"
    r"write to the Information Policy Team.*|The National Archives,? Kew.*|or email:? psi@.*)\s*$",
    re.I,
)

_GLYPHS = BULLET_GLYPHS.replace("-", "").replace("*", "") + "\uf06e\uf0a8\uf0d8\uf0fc\uf076\uf0a0➢✓✔►▶"
_BULLET = re.compile(r"^(?:[" + re.escape(_GLYPHS) + r"]+|[-–*](?=\s))\s*")
SENTENCE_END = re.compile(r"[.!?][\"'’”)]*\d?$")

# Small patterns used while reading.
ENDS_CLAUSE = re.compile(r"[.!?:)\"'’”]\s*\d?$")
_NO_WORDS = re.compile(r"[\d\W]+")


@dataclass
class Line:
    start: int  # offset of the stripped text in the document
    text: str  # stripped (no white space, no form feed)
    page_break: bool  # a form feed sits between the previous non-blank line and this one
    gap: bool  # a blank line sits between the previous non-blank line and this one
    trailing: int  # spaces after the words (PDF extraction leaves two at a paragraph's end)
    furniture: bool = False

    @property
    def end(self) -> int:
        return self.start + len(self.text)


@dataclass
class Unit:
    kind: str  # heading | bullet | para
    lines: list[Line] = field(default_factory=list)

    @property
    def start(self) -> int:
        return self.lines[0].start

    @property
    def end(self) -> int:
        return self.lines[-1].end

    def clean(self) -> str:
        """The unit's words as lines joined by new lines (bullet glyph removed)."""
        parts = [ln.text for ln in self.lines]
        if self.kind == "bullet":
            parts[0] = _BULLET.sub("", parts[0], count=1)
        return "\n".join(parts)

    def text(self) -> str:
        return tidy(self.clean())

    def offsets(self) -> tuple[list[int], list[int]]:
        """Positions in clean() where each line starts, and where its words start in the document."""
        clean_starts, doc_starts = [], []
        pos = 0
        for i, ln in enumerate(self.lines):
            lead = 0
            if i == 0 and self.kind == "bullet":
                lead = len(ln.text) - len(_BULLET.sub("", ln.text, count=1))
            clean_starts.append(pos)
            doc_starts.append(ln.start + lead)
            pos += len(ln.text) - lead + 1
        return clean_starts, doc_starts

    def sentences(self) -> list[tuple[str, Span]]:
        clean = self.clean()
        clean_starts, doc_starts = self.offsets()

        def to_doc(pos: int) -> int:
            i = bisect.bisect_right(clean_starts, pos) - 1
            return doc_starts[i] + (pos - clean_starts[i])

        return [(tidy(s), Span(to_doc(a), to_doc(b - 1) + 1)) for s, a, b in sentences(clean)]


def letter_lines(text: str) -> list[Line]:
    out: list[Line] = []
    pos = 0
    page_break = gap = False
    for raw in text.split("\n"):
        stripped = raw.strip(" \t\r\f\v\u00a0\u202f")
        if "\f" in raw:
            page_break = True
        if stripped:
            lead = len(raw) - len(raw.lstrip(" \t\r\f\v\u00a0\u202f"))
            tail = raw.rstrip("\r")
            trailing = len(tail) - len(tail.rstrip(" \t\u00a0"))
            out.append(Line(pos + lead, stripped, page_break, gap, trailing))
            page_break = gap = False
        else:
            gap = True
        pos += len(raw) + 1
    _mark_furniture(out)
    return out


def _mark_furniture(lines: list[Line]) -> None:
    strong = [bool(_ADDRESS_STRONG.match(ln.text)) for ln in lines]
    for i, ln in enumerate(lines):
        if strong[i] or _FOOTER.match(ln.text):
            ln.furniture = True
        elif _ADDRESS_WEAK.match(ln.text) and any(strong[max(0, i - 3) : i + 4]):
            ln.furniture = True


def text_width(lines: list[Line]) -> int:
    lengths = sorted(len(ln.text) for ln in lines if len(ln.text) > 40 and not ln.furniture)
    return lengths[int(len(lengths) * 0.9)] if len(lengths) >= 5 else 85


def _is_heading(ln: Line, prev: Line | None, nxt: Line | None) -> bool:
    """A known section heading, or a short capitalised line standing on its own between sentences."""
    text = ln.text
    if _BULLET.match(text) or len(text) > 80:
        return False
    if _HEADINGS.fullmatch(text):
        return True
    gap = ln.gap and not ln.page_break  # blank lines at a page break say nothing about the layout
    words = text.split()
    if prev is not None and not gap and not ENDS_CLAUSE.search(prev.text):
        return False
    if len(words) > 8 or text[-1] in ".,;" or not text[0].isupper():
        return False
    if _NO_WORDS.fullmatch(text) or dates.find_ranges(text):
        return False
    if nxt is None or not (nxt.text[0].isupper() or _BULLET.match(nxt.text)):
        return False
    # A sentence fragment this short would end in a full stop.
    return gap or (nxt.gap and not nxt.page_break) or len(words) <= 6


def letter_units(lines: list[Line], width: int) -> list[Unit]:
    """Headings, bullets and paragraphs, in reading order, with the page furniture left out."""
    content = [ln for ln in lines if not ln.furniture]
    units: list[Unit] = []
    current: Unit | None = None
    for i, ln in enumerate(content):
        prev = content[i - 1] if i else None
        nxt = content[i + 1] if i + 1 < len(content) else None
        if _is_heading(ln, prev, nxt):
            current = None
            units.append(Unit("heading", [ln]))
        elif _BULLET.match(ln.text):
            current = Unit("bullet", [ln])
            units.append(current)
        elif current is None or _new_paragraph(prev, ln, width):
            current = Unit("para", [ln])
            units.append(current)
        else:
            current.lines.append(ln)
    return units


def _new_paragraph(prev: Line | None, ln: Line, width: int) -> bool:
    """After a finished sentence, a blank line or a short last line (or two trailing spaces) ends a paragraph."""
    if prev is None:
        return True
    ended = bool(SENTENCE_END.search(prev.text)) or prev.text.endswith(":")
    starts = ln.text[0].isupper() or ln.text[0] in "‘“'\"" or ln.text[0].isdigit()
    if not ended or not starts:
        return False
    if ln.gap and not ln.page_break:
        return True
    return len(prev.text) < 0.8 * width or prev.trailing >= 2

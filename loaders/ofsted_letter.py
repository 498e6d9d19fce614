"""Ofsted letters to a local authority about its children's services.

Reads the letters Ofsted sends after a visit rather than a graded inspection: focused visits
(2018 onwards, including the 2020-21 Covid "focused assurance" / "assurance" visits), monitoring
visits to authorities judged inadequate, action-planning visits and joint targeted area
inspections (JTAI). The structure it relies on, whatever the exact wording:
- the Ofsted address block, then the letter date (the publication date), the addressee and
  "Dear ...";
- the title ("Focused visit to <LA> children's services", "Monitoring visit to <LA> ...") gives
  the kind of visit and the authority (trusts map to their council); the opening sentence
  ("This letter summarises the findings of the sixth monitoring visit to <LA> ... The visit
  was carried out on 4 and 5 July 2019.") gives the visit dates and, for monitoring visits, the
  visit number (kept in the event title as "monitoring visit 6");
- the opening paragraphs ("Inspectors looked at ...", "This visit focused on ...") give the
  focus of the visit; the methodology and inspector names there are not findings;
- headed sections follow ("Overview", "Headline findings", "Main findings", "Findings and
  evaluation of progress", ...). Their sentences are findings under that heading. Each point
  under "What needs to improve ...", "Areas for priority action" or "Areas for improvement"
  (a bullet, or a paragraph when there are no bullets) is one action_required finding; a
  lead-in line ending in a colon introduces the points and is not one itself;
- areas for priority action set by this visit (its own section, or "We have notified the DfE
  of the areas for priority action") become a status; a section that says there are none, or
  a mention of an earlier visit's priority actions, does not;
- direction of travel: a monitoring letter's headline sentence ("is making progress",
  "insufficient progress", "serious weaknesses remain"), and a focused visit's overview
  sentences that look back at the authority's improvement ("improvement following the
  judgement inspection ... has been slow", "no longer inadequate"), dated to this letter;
- page furniture (the repeated address block, page numbers), the closing paragraphs ("Ofsted
  will take the findings ...", "Yours sincerely", names) and copyright footers are dropped.
The text may be a PDF's extracted text, with or without blank lines between paragraphs; pages
are joined by form feeds. A letter with no visit dates, no authority that matches the reference
list, or that ends mid-sentence (truncated) is rejected with the reason.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field

from loaders.ciw_letter import CIW_NAMED
from trajectories import authorities, dates, normalise
from trajectories.domain import (
    AuthorityRef,
    DocumentError,
    Event,
    Finding,
    Inspectorate,
    ParsedDocument,
    PartialDate,
    Source,
    Span,
    Status,
)
from trajectories.text import BULLET_GLYPHS, sentences, tidy

NAME = "ofsted_letter"

# ---- vocabulary ---------------------------------------------------------------------------------

_APOS = "['’]"
_VISIT_KINDS = (
    r"focused (?:assurance )?visit|assurance visit|monitoring visit|action[- ]planning visit|"
    r"joint targeted area inspection|joint inspection"
)
_TITLE = re.compile(
    rf"^(?P<kind>(?:Children{_APOS}s services )?(?:Focused assurance visit|Focused visit|Assurance visit|Monitoring visit|"
    rf"Action[- ]planning visit|Joint targeted area inspection|Joint inspection))\b(?P<rest>.*)$",
    re.IGNORECASE,
)
EVENT_TYPES: tuple[tuple[re.Pattern, str], ...] = (
    (re.compile(r"joint targeted area inspection|\bJTAI\b|joint inspection of", re.I), "ofsted_jtai"),
    (re.compile(r"action[- ]planning visit", re.I), "ofsted_action_planning_visit"),
    (re.compile(r"monitoring visit", re.I), "ofsted_monitoring_visit"),
    (re.compile(r"focused (?:assurance )?visit|assurance visit", re.I), "ofsted_focused_visit"),
)
_OFSTED = re.compile(r"\bOfsted\b|ofsted\.gov\.uk|Her Majesty['’]s Inspector|His Majesty['’]s Inspector|\bHMI\b")
_LETTER_MARKS = (
    re.compile(r"^\s*Dear\s+\S", re.M),
    re.compile(r"This letter summarises the findings", re.I),
    re.compile(rf"^\s*(?:{_VISIT_KINDS})\s+(?:to|of)\s", re.I | re.M),
)
_SIGNED = re.compile(r"^\s*Yours? (?:sincerely|faithfully)", re.I | re.M)
_REPORT_MARKS = re.compile(
    r"Judgement\s+Grade|Inspection dates?:|The overall judgement is|Report published:|Overall effectiveness\s+"
    r"(?:Good|Outstanding|Inadequate|Requires improvement)|^\s*Inspection of .{0,80}children['’]s services\s*$",
    re.I | re.M,
)

# Section headings Ofsted letters use; other short headed lines are found by layout.
_HEADINGS = re.compile(
    r"(?:Overview|Headline findings|Main findings|Findings|Summary(?: of findings)?|Findings and (?:evaluation of )?progress|"
    r"Evaluation of progress|Areas covered by the visit|Areas of strength|Strengths|Next steps|Context|Background|"
    r"What needs to improve(?: in this area of (?:social work )?practice)?|Areas? for (?:priority action|improvement)|"
    r"Priorit(?:y|ies) for (?:action|improvement)|Recommendations?)\s*[?:]?\s*\d?",
    re.I,
)
_ACTION_SECTION = re.compile(
    r"what needs to improve|areas? for (?:priority action|improvement)|priorit(?:y|ies) for (?:action|improvement)|recommendation",
    re.I,
)
_PRIORITY_SECTION = re.compile(r"areas? for priority action|priorit(?:y|ies) for action", re.I)
_OPENING_SECTIONS = re.compile(r"^(?:areas covered by the visit|methodology|scope of the visit)", re.I)
# Where the letter states its overall view; the findings sections that follow give the detail.
_HEADLINE_SECTIONS = re.compile(r"^(?:overview|headline findings|summary|evaluation of progress)", re.I)
_NO_POINTS = re.compile(
    r"^there (?:are|were) no (?:additional |further |new )?(?:areas? for |areas? of )?(?:priority actions?|improvement)s?\b"
    r"|^no (?:areas? for )?priority actions? (?:have been|were|was) (?:identified|set|made)",
    re.I,
)
_NOTIFIED = re.compile(r"\bnotified the (?:DfE|Department for Education) of the area", re.I)

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
_SIGN_OFF = re.compile(r"^(?:Yours?|Your) (?:sincerely|faithfully)\b", re.I)
_CLOSING = re.compile(
    r"^(?:Ofsted will take the findings|We have notified the|I am copying this letter|Where a focused visit results in|"
    r"As part of our early review of the framework|This letter will be published|The letter will be published|"
    r"It will be published on the Ofsted website|We would like to thank|Thank you for the cooperation)",
    re.I,
)
_BOILERPLATE = re.compile(
    r"^(?:The inspectors? (?:were|was)|(?:Her|His) Majesty['’]s (?:Chief )?Inspector|The lead inspector|The methodology for this visit|"
    r"This visit was (?:carried out|conducted)|The visit was (?:carried out|conducted)|Inspectors (?:looked at|considered|reviewed|evaluated) a range of evidence|"
    r"Ofsted will take|Yours? sincerely|We have notified|I am copying this letter)",
    re.I,
)
_GLYPHS = BULLET_GLYPHS.replace("-", "").replace("*", "") + "\uf06e\uf0a8\uf0d8\uf0fc\uf076\uf0a0➢✓✔►▶"
_BULLET = re.compile(r"^(?:[" + re.escape(_GLYPHS) + r"]+|[-–*](?=\s))\s*")
_SENTENCE_END = re.compile(r"[.!?][\"'’”)]*\d?$")
_LEADIN_END = re.compile(r":\s*$")

_ORDINALS = {
    w: i
    for i, w in enumerate(
        "first second third fourth fifth sixth seventh eighth ninth tenth eleventh twelfth thirteenth "
        "fourteenth fifteenth sixteenth seventeenth eighteenth nineteenth twentieth".split(),
        start=1,
    )
}
_VISIT_NUMBER = re.compile(
    r"\b(?P<ord>" + "|".join(sorted(_ORDINALS, key=len, reverse=True)) + r"|\d{1,2}(?:st|nd|rd|th))\s+"
    r"(?:(?:quarterly|ILACS|SIF)\s+)?monitoring visit",
    re.I,
)
_SUMMARISES = re.compile(rf"findings of (?:the|a|an|its) (?:[\w-]+ )?(?:{_VISIT_KINDS})", re.I)
_VISIT_WORDS = re.compile(r"visit|inspection|carried out|took place|summarises|conducted|undertaken", re.I)
_FOCUS = re.compile(
    r"\b(?:(?:inspectors|the (?:monitoring )?visit|this (?:monitoring )?visit)\s+(?:also\s+|carefully\s+|specifically\s+)?"
    r"(?:looked at|focused (?:specifically )?on|considered|reviewed|evaluated|examined|had a (?:particular )?focus on)"
    r"|the focus of (?:the|this) (?:monitoring |focused )?visit (?:was|were)(?: on)?"
    r"|(?:this|the) (?:monitoring |focused )?visit (?:had|has) a (?:particular |specific )?focus on)\s+(?P<what>.+)",
    re.I | re.S,
)
_FOCUS_EVIDENCE = re.compile(r"^(?:a range of evidence|evidence|children['’]s (?:case )?records|case records)", re.I)
_FOCUS_LIST = re.compile(r"\bthe following (?:areas?|aspects?|themes?)\b|^the progress made\b", re.I)
_FOCUS_PREFIX = re.compile(
    r"^(?:the )?(?:local authority['’]s |council['’]s )?(?:arrangements|response|practice|services|support)"
    r"(?: and (?:support|practice|services|arrangements))?\s+(?:for|to|in|with)\s+",
    re.I,
)
_FOCUS_CUT = re.compile(
    r",?\s+in accordance with\b|,\s+(?:and\s+)?(?:including|together with|namely|which|where|in particular|as well as|such as)\b|"
    r",?\s+with an? (?:particular |specific |primary )?focus\b|,?\s+and,\s+in particular\b|;|:|\.\s*$",
    re.I,
)
_APPOSITIVE = re.compile(r"^((?:\S+\s+){0,4}\S+?),\s+the\s")  # "the 'front door', the service that ..."
# A joint targeted area inspection names its theme: "... (JTAI) of the multi-agency response to <theme> in <area>".
_JTAI_FOCUS = re.compile(
    r"(?:\binspection|\(JTAI\)) of (?P<what>the multi-agency response to .+?)\s+in\s+(?:the\s+)?[A-Z][^.]*\."
)
# The 2020-21 Covid visits state their focus only in the Chief Inspector's preamble.
_COVID_FOCUS = re.compile(
    r"how England['’]s social care system has delivered (?P<what>child-cent(?:red|ered) practice and care) within the context of "
    r"the restrictions placed on society during the COVID-19",
    re.I,
)

# Direction sentences in a focused visit's overview must look back at the authority's progress.
_LOOK_BACK = re.compile(
    r"\bsince (?:the|its|their|this) |\bfollowing (?:the|its) |\blast (?:inspect|focused|monitoring|visit)|previous (?:inspection|focused visit|visit|monitoring)|"
    r"\bat the (?:last|previous) |no longer inadequate|\bpace of (?:change|improvement)|improvement (?:journey|activity|work)|"
    r"\bimprovement plan|\bprogress (?:in|against|since|has|made)|\bmade (?:\w+ )?progress|\bmaking (?:\w+ )?progress|deteriorat|declined|"
    r"\bover the (?:last|past) |\bjudged\b|\bjudgement\b",
    re.I,
)
# ...and be about the authority or its services, not a child or a group of children: a clause
# whose subject is children ("most children are making good progress") rules the signal out; one
# that is about a service for them ("the quality of decision-making when children are referred
# has declined", "children's services have improved") does not.
_CHILD_SUBJECT = re.compile(
    r"^(?:(?:most|many|some|all|these|those|the|their|our|older|younger|disabled|vulnerable|few|a few|a small number of|"
    r"the majority of|a minority of)\s+)*(?:child|children|young (?:people|person)|care leavers?|babies|pupils|families|"
    r"parents|carers)(?:['’]s?)?(?P<after>\s.*|)$",
    re.I | re.S,
)
_SERVICE_WORDS = re.compile(
    r"^\s*(?:\S+\s+)?(?:services?|social care|social work|trust|partnership|teams?|hub|provision|support|response|arrangements)\b",
    re.I,
)
_EARLIER_VISIT = re.compile(r"^(?:At|During) (?:a|the|its) (?:subsequent|previous|last|earlier|prior|first) ", re.I)


# Small patterns used while reading.
_ENDS_CLAUSE = re.compile(r"[.!?:)\"'’”]\s*\d?$")
_NO_WORDS = re.compile(r"[\d\W]+")
_DEAR = re.compile(r"Dear\b")
_TITLE_WRAPS = re.compile(rf"(?:children{_APOS}s|local|authority|of|the|and|to|,)$", re.I)
_JUDGED_IN = re.compile(r"judged\b[^.]{0,40}$", re.I)
_FOOTNOTE_MARK = re.compile(r"(?<=[A-Za-z?])\d$")
_DANGLING = re.compile(r"(?:,|\s+and|\s+or)+$")
_CLAUSE_BREAK = re.compile(r"[,;:]|\b(?:however|but|although|while|whilst)\b", re.I)
_THAT = re.compile(r"\bthat\b", re.I)
# The authority's name: after the title's "to"/"of", in the opening sentence, or a JTAI's area.
_TITLE_NAME = re.compile(r"\s*(?:to|of|for)\s+(?P<name>.+)", re.I)
_OPENING_NAME = re.compile(
    rf"(?:{_VISIT_KINDS})(?:\s*\(JTAI\))?\s+(?:to|of)\s+(?:the\s+)?(?P<name>[A-Z][^.]{{2,120}}?)\s+"
    rf"(?:(?:local authority\s+)?children{_APOS}s\s+services|local authority|since|on|in|from|between)\b",
    re.I,
)
_AREA_NAME = re.compile(
    r"multi-agency response to [^.]{0,160}?\bin (?P<name>[A-Z][\w ,&'’-]{2,60}?)(?:\.|,| from| between| on\b)"
)
_NAME_TAIL = re.compile(rf"\s+(?:local authority\s+)?children{_APOS}s(?:\s+services?)?.*$", re.I)
_POSSESSIVE = re.compile(rf"{_APOS}s?$")
_LOCAL_AUTHORITY = re.compile(r"\s+local authority$|\s+local$", re.I)
_LEADING_THE = re.compile(r"^the\s+", re.I)


# ---- lines and units -----------------------------------------------------------------------------


@dataclass
class _Line:
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
class _Unit:
    kind: str  # heading | bullet | para
    lines: list[_Line] = field(default_factory=list)

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


def _lines(text: str) -> list[_Line]:
    out: list[_Line] = []
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
            out.append(_Line(pos + lead, stripped, page_break, gap, trailing))
            page_break = gap = False
        else:
            gap = True
        pos += len(raw) + 1
    _mark_furniture(out)
    return out


def _mark_furniture(lines: list[_Line]) -> None:
    strong = [bool(_ADDRESS_STRONG.match(ln.text)) for ln in lines]
    for i, ln in enumerate(lines):
        if strong[i] or _FOOTER.match(ln.text):
            ln.furniture = True
        elif _ADDRESS_WEAK.match(ln.text) and any(strong[max(0, i - 3) : i + 4]):
            ln.furniture = True


def _width(lines: list[_Line]) -> int:
    lengths = sorted(len(ln.text) for ln in lines if len(ln.text) > 40 and not ln.furniture)
    return lengths[int(len(lengths) * 0.9)] if len(lengths) >= 5 else 85


def _is_heading(ln: _Line, prev: _Line | None, nxt: _Line | None) -> bool:
    """A known section heading, or a short capitalised line standing on its own between sentences."""
    text = ln.text
    if _BULLET.match(text) or len(text) > 80:
        return False
    if _HEADINGS.fullmatch(text):
        return True
    gap = ln.gap and not ln.page_break  # blank lines at a page break say nothing about the layout
    words = text.split()
    if prev is not None and not gap and not _ENDS_CLAUSE.search(prev.text):
        return False
    if len(words) > 8 or text[-1] in ".,;" or not text[0].isupper():
        return False
    if _NO_WORDS.fullmatch(text) or dates.find_ranges(text):
        return False
    if nxt is None or not (nxt.text[0].isupper() or _BULLET.match(nxt.text)):
        return False
    # A sentence fragment this short would end in a full stop.
    return gap or (nxt.gap and not nxt.page_break) or len(words) <= 6


def _units(lines: list[_Line], width: int) -> list[_Unit]:
    """Headings, bullets and paragraphs, in reading order, with the page furniture left out."""
    content = [ln for ln in lines if not ln.furniture]
    units: list[_Unit] = []
    current: _Unit | None = None
    for i, ln in enumerate(content):
        prev = content[i - 1] if i else None
        nxt = content[i + 1] if i + 1 < len(content) else None
        if _is_heading(ln, prev, nxt):
            current = None
            units.append(_Unit("heading", [ln]))
        elif _BULLET.match(ln.text):
            current = _Unit("bullet", [ln])
            units.append(current)
        elif current is None or _new_paragraph(prev, ln, width):
            current = _Unit("para", [ln])
            units.append(current)
        else:
            current.lines.append(ln)
    return units


def _new_paragraph(prev: _Line | None, ln: _Line, width: int) -> bool:
    """After a finished sentence, a blank line or a short last line (or two trailing spaces) ends a paragraph."""
    if prev is None:
        return True
    ended = bool(_SENTENCE_END.search(prev.text)) or prev.text.endswith(":")
    starts = ln.text[0].isupper() or ln.text[0] in "‘“'\"" or ln.text[0].isdigit()
    if not ended or not starts:
        return False
    if ln.gap and not ln.page_break:
        return True
    return len(prev.text) < 0.8 * width or prev.trailing >= 2


# ---- sniff ---------------------------------------------------------------------------------------


def sniff(text: str) -> float:
    """How sure this is an Ofsted letter about a visit (not a graded inspection report)."""
    if not _OFSTED.search(text[:20000]):
        return 0.0
    head = text[:6000]
    marks = sum(1 for rx in _LETTER_MARKS if rx.search(head)) + bool(_SIGNED.search(text))
    score = 0.3 + 0.2 * marks
    if _REPORT_MARKS.search(head):
        score -= 0.7
    if CIW_NAMED.search(head):
        score -= 0.5
    return max(0.0, min(1.0, score))


# ---- parse ---------------------------------------------------------------------------------------


def _event_type(*texts: str) -> str | None:
    for text in texts:
        for pattern, event_type in EVENT_TYPES:
            if text and pattern.search(text):
                return event_type
    return None


def _strip_name(name: str) -> str:
    name = _NAME_TAIL.sub("", name.strip())
    name = _POSSESSIVE.sub("", name.strip(" ,.:"))
    name = _LOCAL_AUTHORITY.sub("", name)
    return _LEADING_THE.sub("", name.strip(" ,."))


def _authority(title_rest: str, opening: str, header: list[_Line], on) -> tuple[str, authorities.Authority]:
    """The authority as written and matched: the title first, then the opening, then the addressee."""
    candidates: list[str] = []
    m = _TITLE_NAME.match(title_rest)
    if m:
        candidates.append(_strip_name(m.group("name")))
    candidates.extend(_strip_name(m.group("name")) for m in _OPENING_NAME.finditer(opening))
    candidates.extend(_strip_name(m.group("name")) for m in _AREA_NAME.finditer(f"{title_rest}. {opening}"))
    for name in candidates:
        found = authorities.match(name, on=on)
        if found:
            return name, found
    for ln in header:
        found = authorities.match(ln.text.strip(" ,"), on=on)
        if found:
            return ln.text.strip(" ,"), found
    found = authorities.find_in_text("\n".join(ln.text for ln in header) + "\n" + opening[:600])
    if found:
        return found
    named = next((c for c in candidates if c), "")
    if named:
        raise DocumentError(f"the authority named in the letter ('{named}') does not match the reference list")
    raise DocumentError("no local authority named in the letter matches the reference list")


def _focus(opening: list[_Unit]) -> str | None:
    """The clause after 'Inspectors looked at' / 'This visit focused on', tidied and kept short.

    When that clause only introduces a list ("the progress made in the following areas ...:"),
    the listed areas are the focus.
    """
    for index, unit in enumerate(opening):
        for sentence, _span in unit.sentences():
            m = _FOCUS.search(sentence)
            if not m:
                continue
            what = m.group("what").strip()
            if _FOCUS_EVIDENCE.match(what):
                continue
            tidied = "" if _FOCUS_LIST.search(what) else _tidy_focus(what)
            if len(tidied.split()) >= 2 or len(tidied) > 6:
                return tidied
            listed = []
            for item in opening[index + 1 :] if what.endswith(":") else ():
                if item.kind != "bullet":
                    break
                listed.append(item.text().rstrip(" .;"))
            if listed:
                return "; ".join(listed)
    for unit in opening:
        m = _JTAI_FOCUS.search(unit.text())
        if m:
            return m.group("what")
        m = _COVID_FOCUS.search(unit.text())
        if m:
            return f"{m.group('what')} during the COVID-19 pandemic"
    return None


def _tidy_focus(what: str) -> str:
    what = _FOCUS_PREFIX.sub("", what)
    cut = _FOCUS_CUT.search(what)
    if cut and cut.start() > 0:
        what = what[: cut.start()]
    appositive = _APPOSITIVE.match(what)
    if appositive:
        what = appositive.group(1)
    if len(what) > 150:  # a long list of areas: keep the first
        comma = what.find(", ", 40, 150)
        what = what[:comma] if comma > 0 else what
    return _DANGLING.sub("", what.strip(" ,.;:"))


def parse(text: str, source: Source) -> ParsedDocument:
    lines = _lines(text)
    if not lines:
        raise DocumentError("no text to read")
    warnings: list[str] = []
    dear, title_at, title_lines, body_from = _title(lines)
    title = tidy(" ".join(ln.text for ln in title_lines))
    header = [ln for ln in lines[: min(i for i in (dear, title_at) if i is not None)] if not ln.furniture]
    body_to, closing_at = _body_end(lines, body_from, warnings)
    published = _letter_date(header, warnings)

    width = _width(lines)
    opening_units, sections = _opening_and_sections(_units(lines[body_from:closing_at], width))
    closing_units = _units(lines[closing_at:body_to], width)
    opening = [s for u in opening_units for s in u.sentences()]
    opening_text = " ".join(s for s, _ in opening)

    event_type = _visit_kind(title, opening_text)
    if not title:
        warnings.append("no title line ('Focused visit to ...') found; the kind of visit was read from the opening")
    when, visit_span, published = _visit_dates(opening, published, warnings)
    written, authority = _authority(
        title_lines and _TITLE.match(title).group("rest") or "",
        opening_text,
        header,
        published.first_day() if published else None,
    )
    event = Event(
        event_type=event_type,
        start=when.start,
        end=when.end,
        published=published,
        title=_shown_title(title, event_type, written, opening_text),
        focus_area=_focus(opening_units),
        inspected_body=written,
        span=visit_span,
    )
    if event.focus_area is None:
        warnings.append("no focus of the visit found in the opening paragraphs")
    if event_type == "ofsted_monitoring_visit":
        _monitoring_status(event, opening)

    if not sections:
        sections = _untitled_body(opening_units, visit_span)
        if sections:
            warnings.append("no section headings found; the paragraphs after the opening ones are read as findings")
    _read_sections(event, sections)
    _closing_status(event, closing_units)
    if not event.findings:
        warnings.append("no findings found in the letter body")

    return ParsedDocument(
        source=source,
        authority=AuthorityRef(written, authority.code, authority.name, authority.nation),
        inspectorate=Inspectorate.OFSTED,
        events=[event],
        text=text,
        warnings=warnings,
        kind=NAME,
    )


def _visit_kind(title: str, opening_text: str) -> str:
    """The kind of visit, from the title, the sentence that says what the letter summarises, or the opening."""
    summarised = _SUMMARISES.search(opening_text)
    return _event_type(title, summarised.group(0) if summarised else "", opening_text[:600]) or "ofsted_focused_visit"


def _title(lines: list[_Line]) -> tuple[int | None, int | None, list[_Line], int]:
    """The title ("Focused visit to ...") and the salutation before it: (salutation line, title line,
    the title's lines, where the body starts)."""
    dear = next((i for i, ln in enumerate(lines[:150]) if _DEAR.match(ln.text)), None)
    title_at = None
    window = range((dear + 1) if dear is not None else 0, min(len(lines), (dear or 0) + 60))
    if dear is not None:  # the title sits below the salutation, occasionally just above it
        window = [*window, *range(max(0, dear - 4), dear)]
    for i in window:
        if _TITLE.match(lines[i].text) and not lines[i].furniture:
            title_at = i
            break
    if title_at is None and dear is None:
        raise DocumentError(
            "not an Ofsted visit letter: no salutation and no 'Focused visit to' / 'Monitoring visit to' title"
        )
    if title_at is None:
        return dear, None, [], dear + 1
    title_lines = [lines[title_at]]
    j = title_at + 1
    while (
        j < len(lines)
        and not lines[j].gap
        and len(title_lines) < 3
        and (lines[j].text[0].islower() or _TITLE_WRAPS.search(title_lines[-1].text))
        and not lines[j].text.startswith("This ")
        and len(lines[j].text.split()) <= 8
        and not _SENTENCE_END.search(lines[j].text)
    ):
        title_lines.append(lines[j])
        j += 1
    return dear, title_at, title_lines, max(title_at + len(title_lines), (dear or 0) + 1)


def _body_end(lines: list[_Line], body_from: int, warnings: list[str]) -> tuple[int, int]:
    """Where the letter ends: (the sign-off, the closing paragraphs just before it); a letter with no
    sign-off must end at a sentence's end."""
    sign_off = next((i for i in range(body_from, len(lines)) if _SIGN_OFF.match(lines[i].text)), None)
    body_to = sign_off if sign_off is not None else len(lines)
    closing_at = next((i for i in range(body_from, body_to) if _CLOSING.match(lines[i].text)), body_to)
    if sign_off is None:
        last = next((ln for ln in reversed(lines[body_from:]) if not ln.furniture), None)
        if last is None:
            raise DocumentError("truncated: the letter has no text after its title")
        if not _ENDS_CLAUSE.search(last.text):
            raise DocumentError(f'truncated: the letter ends mid-sentence ("…{last.text[-40:]}") with no sign-off')
        warnings.append("no sign-off ('Yours sincerely') found: the letter may be incomplete")
    return body_to, closing_at


def _letter_date(header: list[_Line], warnings: list[str]) -> PartialDate | None:
    """Published: the letter's own date, at the top."""
    for ln in header:
        found = [r for r in dates.find_ranges(ln.text) if r.start.precision == "day"]
        if found and len(ln.text) <= 30:
            return found[0].start
    warnings.append("no letter date found above the salutation")
    return None


def _opening_and_sections(units: list[_Unit]) -> tuple[list[_Unit], list[tuple[str, _Unit | None, list[_Unit]]]]:
    """The opening: everything before the first section heading (plus sections that only scope the visit);
    then each section as (heading, its unit, its units)."""
    opening_units: list[_Unit] = []
    sections: list[tuple[str, _Unit | None, list[_Unit]]] = []
    for unit in units:
        if unit.kind == "heading":
            sections.append((_heading_text(unit.text()), unit, []))
        elif sections and not _OPENING_SECTIONS.match(sections[-1][0]):
            sections[-1][2].append(unit)
        else:
            opening_units.append(unit)
    return opening_units, sections


def _visit_dates(opening: list[tuple[str, Span]], published: PartialDate | None, warnings: list[str]):
    """Visit dates: the first sentence of the opening that dates the visit to the day. Returns (the dates,
    their span, the letter date, corrected when it was typed a year too early)."""
    visit = None
    for sentence, span in opening:
        if not _VISIT_WORDS.search(sentence):
            continue
        ranges = [r for r in dates.find_ranges(sentence) if r.start.precision == "day" and r.end.precision == "day"]
        ranges = [r for r in ranges if not _JUDGED_IN.search(sentence[: r.span.start])]
        if ranges:
            visit = (ranges[0], sentence, span)
            break
    if visit is None and published is not None:
        visit = _dates_without_year(opening, published)
        if visit is not None:
            warnings.append(f"the visit dates give no year; {visit[0].end.year} taken from the letter date")
    if visit is None:
        raise DocumentError("no visit dates found in the letter (is it truncated?)")
    when, _sentence, visit_span = visit
    if published is not None and when.end.first_day() > published.last_day():
        # A letter dated a year too early ("21 January 2019" after a December 2019 visit) is a typing slip.
        try:
            later = PartialDate(published.year + 1, published.month, published.day)
        except ValueError:  # 29 February
            later = published
        if 0 <= (later.first_day() - when.end.last_day()).days <= 180:
            warnings.append(f"the letter is dated {published}, before the visit ({when.end}); read as {later}")
            published = later
        else:
            warnings.append(f"the visit dates ({when.start}..{when.end}) are not before the letter date ({published})")
    if when.start > when.end:
        warnings.append(f"the visit dates run backwards ({when.start}..{when.end})")
    return when, visit_span, published


def _shown_title(title: str, event_type: str, written: str, opening_text: str) -> str:
    """The title as printed, or one made from the kind of visit; a monitoring visit's number after it."""
    visit_number = None
    if event_type == "ofsted_monitoring_visit":
        m = _VISIT_NUMBER.search(opening_text)
        if m:
            word = m.group("ord").lower()
            visit_number = _ORDINALS.get(word) or int(word[:-2])
    shown_title = title or f"{event_type.replace('ofsted_', '').replace('_', ' ').capitalize()} to {written}"
    if visit_number:
        shown_title = f"{shown_title} (monitoring visit {visit_number})"
    return shown_title


def _monitoring_status(event: Event, opening: list[tuple[str, Span]]) -> None:
    """A monitoring visit's opening states that the authority is under Ofsted's monitoring."""
    for sentence, span in opening[:4]:
        found = [s for s in normalise.statuses(sentence, span) if s.status == Status.UNDER_OFSTED_MONITORING]
        if found:
            event.statuses.append(found[0])
            break


def _dates_without_year(opening: list[tuple[str, Span]], published: PartialDate):
    """'on 30 and 31 January' (no year): the latest such dates on or before the letter date."""
    for sentence, span in opening:
        if not _VISIT_WORDS.search(sentence):
            continue
        for year in (published.year, published.year - 1):
            found = dates.range_without_year(sentence, year)
            if found and found.start.precision == "day" and found.end.first_day() <= published.last_day():
                return found, sentence, span
    return None


def _heading_text(text: str) -> str:
    """A heading as written, without a footnote digit or a trailing colon."""
    return _FOOTNOTE_MARK.sub("", text).rstrip(" :")


def _untitled_body(opening: list[_Unit], visit_span: Span) -> list:
    """A letter with no headings: what follows the visit, inspectors, focus and methodology paragraphs."""
    last, listing = -1, False
    for i, unit in enumerate(opening):
        found = unit.sentences()
        first = found[0][0] if found else ""
        if (
            unit.start <= visit_span.start
            or _BOILERPLATE.match(first)
            or _FOCUS.search(first)
            or _COVID_FOCUS.search(first)
        ):
            last, listing = i, unit.text().endswith(":")
        elif listing and unit.kind == "bullet":
            last = i  # the areas the lead-in lists
        else:
            listing = False
    body = opening[last + 1 :]
    return [("Findings", None, body)] if body else []


def _read_sections(event: Event, sections) -> None:
    previous: Finding | None = None
    monitoring = event.event_type == "ofsted_monitoring_visit"
    first_headline = ""
    for heading, heading_unit, body in sections:
        if _ACTION_SECTION.search(heading):
            previous = _action_points(event, heading, heading_unit, body, previous)
            continue
        headline = bool(_HEADLINE_SECTIONS.match(heading))
        for unit in body:
            for sentence, span in unit.sentences():
                if _BOILERPLATE.match(sentence) or len(sentence.split()) < 4:
                    continue
                previous = normalise.finding(sentence, heading, span, previous=previous)
                event.findings.append(previous)
                if headline:
                    first_headline = first_headline or sentence
                if headline or (monitoring and not event.directions):
                    _direction(event, sentence, span, monitoring)
    event.headline = event.headline or first_headline


def _direction(event: Event, sentence: str, span: Span, monitoring: bool) -> None:
    basis = "monitoring_letter" if monitoring else "focused_visit_summary"
    if not monitoring and (not _LOOK_BACK.search(sentence) or _EARLIER_VISIT.match(sentence)):
        return  # not a look back, or what an earlier visit found (that belongs to that visit)
    for signal in normalise.directions(sentence, span, basis=basis):
        at = sentence.find(signal.raw_phrase)
        before = sentence[:at] if at >= 0 else ""
        clause = _CLAUSE_BREAK.split(before)[-1]
        if _about_children(clause):
            continue
        event.directions.append(signal)
        if monitoring and not event.headline:
            event.headline = sentence


def _about_children(clause: str) -> bool:
    """True when the words before a direction phrase make children its subject."""
    parts = [clause.strip()]
    if _THAT.search(clause):
        parts.append(_THAT.split(clause)[-1].strip())
    for part in parts:
        m = _CHILD_SUBJECT.match(part)
        if m and not _SERVICE_WORDS.match(m.group("after")):
            return True
    return False


def _action_points(event: Event, heading: str, heading_unit: _Unit, body: list[_Unit], previous: Finding | None):
    """Each point under an action heading is one action_required finding; lead-ins and 'none' lines are not."""
    bullets = [u for u in body if u.kind == "bullet"]
    points: list[_Unit] = []
    if bullets:
        # Text between bullets is the end of the bullet above it (a wrapped tag such as "(outcome 1,
        # national framework)"), never a point of its own.
        first = body.index(bullets[0])
        for unit in body[first:]:
            if unit.kind == "bullet":
                points.append(_Unit("bullet", list(unit.lines)))
            else:
                points[-1].lines.extend(unit.lines)
    else:
        points = [u for u in body if not _LEADIN_END.search(u.text())]
    priority = bool(_PRIORITY_SECTION.search(heading))
    set_here = False
    for unit in points:
        text = unit.text()
        if _NO_POINTS.match(text) or all(_NO_POINTS.match(s) for s, _ in unit.sentences()):
            continue
        set_here = True
        span = Span(unit.offsets()[1][0], unit.end)  # the words, without the bullet glyph
        previous = normalise.finding(text, heading, span, previous=previous, force_action=True)
        event.findings.append(previous)
    if priority and set_here and not any(s.status == Status.AREAS_FOR_PRIORITY_ACTION for s in event.statuses):
        found = [
            s
            for s in normalise.statuses(heading_unit.text(), Span(heading_unit.start, heading_unit.end))
            if s.status == Status.AREAS_FOR_PRIORITY_ACTION
        ]
        event.statuses.extend(found[:1])
    return previous


def _closing_status(event: Event, closing: list[_Unit]) -> None:
    """'We have notified the DfE of the areas for priority action': this visit set some."""
    if any(s.status == Status.AREAS_FOR_PRIORITY_ACTION for s in event.statuses):
        return
    for unit in closing:
        for sentence, span in unit.sentences():
            if _NOTIFIED.search(sentence):
                found = [s for s in normalise.statuses(sentence, span) if s.status == Status.AREAS_FOR_PRIORITY_ACTION]
                if found:
                    event.statuses.append(found[0])
                    return

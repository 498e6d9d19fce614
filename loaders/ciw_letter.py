"""Care Inspectorate Wales letters and reports about a local authority's social services.

Reads the structure CIW uses on its pages and in its letters, whatever the exact wording:
- the title ("Local authority monitoring activity letter: <council>", "... improvement check",
  "assurance check", "performance evaluation inspection", ...) gives the kind of visit;
- the opening paragraph gives the visit dates ("from 26 April 2021 to 29 April 2021", "between
  the 15 and 19 November 2021", "on 14, 15 and 16 July 2025");
- a look back at an earlier inspection ("our inspection in October 2020 in which we judged
  services to remain inadequate ...") becomes an earlier event with its judgement as written;
- the judgement sentence ("it is our judgement that ... is continuing to make improvements")
  gives the direction of travel (never a level unless CIW uses a grade word);
- bullets, and the sentences of the body under the letter's headings, are findings; headings
  such as "Priorities for improvement" / "Areas for improvement" make them action_required
  (the tagger's own section rule, `themes.section_polarity`);
- "Next steps" ("a further monitoring visit in the next six to eight months", "a full inspection
  in 12 months") become planned events dated from the visit.
A letter with no authority or no visit date is rejected with the reason. A letter that stops
mid-sentence (a cut-off copy) is read for what it holds when its authority and visit are there, with
a warning that it looks cut off; its unfinished last sentence is not kept as a finding.
`CIW_NAMED` matches the inspectorate's names (CIW, CSSIW, Care Inspectorate Wales, Arolygiaeth
Gofal Cymru; `ciw_named(text)` tests it); other loaders use it to tell CIW text from their own.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from loaders.structure import Block, blocks
from trajectories import authorities, dates, normalise, themes
from trajectories.domain import (
    AuthorityRef,
    Dimension,
    DocumentError,
    Event,
    Finding,
    Inspectorate,
    ParsedDocument,
    PartialDate,
    Polarity,
    Source,
    Span,
)
from trajectories.text import sentences

NAME = "ciw_letter"

# The inspectorate's names, present and past, in English and Welsh.
CIW_NAMED = re.compile(r"\bCIW\b|\bCSSIW\b|Care Inspectorate Wales|Arolygiaeth Gofal Cymru")
# Every match of CIW_NAMED holds one of these: most texts hold none, and need not be searched.
_CIW_NAMED_WORDS = ("CIW", "SSIW", "Inspectorate Wales", "Arolygiaeth")


def ciw_named(text: str) -> bool:
    """Whether `text` names the inspectorate (`CIW_NAMED`)."""
    return any(w in text for w in _CIW_NAMED_WORDS) and CIW_NAMED.search(text) is not None


# Title words -> event type, most specific first.
EVENT_TYPES: tuple[tuple[str, str], ...] = (
    (r"service requiring significant improvement", "ciw_srsi_notification"),
    (r"performance evaluation inspection|\bPEI\b", "ciw_performance_evaluation_inspection"),
    (r"improvement check", "ciw_improvement_check"),
    (r"assurance check|focused activity", "ciw_assurance_check"),
    (r"risk[- ]based inspection", "ciw_risk_based_inspection"),
    (r"follow[- ]up inspection", "ciw_follow_up_inspection"),
    (r"annual (?:performance )?(?:review )?letter|annual performance", "ciw_annual_performance_letter"),
    (r"joint inspection of child protection|\bJICPA\b", "jicpa"),
    (r"monitoring (?:activity|visit)|monitoring", "ciw_monitoring_activity"),
    (r"inspection", "ciw_inspection"),
)
_STOP_HEADINGS = re.compile(
    r"^(?:next steps|methodology|acknowledgements?|about this|how we inspected|what we did|background|contact)", re.I
)
_PRINCIPLES = {
    "people_voice_control": re.compile(r"^people\b|voice and control", re.I),
    "prevention": re.compile(r"^prevention", re.I),
    "wellbeing": re.compile(r"^well-?being", re.I),
    "partnerships_integration": re.compile(r"^partnerships?\b|integration", re.I),
}
_BOILERPLATE = re.compile(
    r"skip to main content|read the full (?:letter|report)|to view all our findings|cookies|"
    r"this (?:letter|report) summarises|we would like to thank|print this page|share this page",
    re.I,
)
_JUDGEMENT_SENTENCE = re.compile(
    r"(?:it is our judgement|our judgement is|we (?:have )?judged?|we concluded|we found that services)", re.I
)
_LOOK_BACK = re.compile(
    r"(?:our|the|CIW'?s?|previous|last)\s+(?P<kind>(?:(?!of\b)[\w-]+\s+){0,3}?(?:inspection|check|"
    r"monitoring(?: activity| visit)?|review))"
    r"\s+(?:in|of|during|carried out in|undertaken in)\s+(?P<when>[A-Z][a-z]+\s+\d{4})",
    re.I,
)
_JUDGED_PHRASE = re.compile(
    r"\bjudged\s+(?:the\s+)?(?:local authority'?s?\s+)?(?:(?:children'?s\s+)?(?:social\s+)?services?\s+)?"
    r"(?:to\s+)?(?:be\s+|remain\s+|as\s+|were\s+)?(?P<phrase>[^.;]+)",
    re.I,
)
_NUMBER_WORDS = {
    w: i
    for i, w in enumerate(
        "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen "
        "sixteen seventeen eighteen".split()
    )
}
_PLANNED = re.compile(
    r"(?P<what>(?:further |full |follow[- ]up |next )?(?:monitoring (?:visit|activity)|inspection|improvement check|"
    r"assurance check|performance evaluation inspection|review))"
    r"[^.;]{0,40}?\b(?:in|within)\s+(?:the\s+next\s+)?(?P<a>\d{1,2}|[a-z]+)(?:\s*(?:to|-|–|or)\s*(?P<b>\d{1,2}|"
    r"[a-z]+))?\s+months?",
    re.I,
)


def sniff(text: str) -> float:
    head = text[:6000]
    score = 0.0
    if ciw_named(head):
        score += 0.6
    if re.search(r"social services|children's services|children’s services", head, re.I):
        score += 0.2
    if re.search(r"\bOfsted\b", head):
        score -= 0.6
    return score


def _event_type(title: str, default: str = "ciw_inspection") -> str:
    for pattern, event_type in EVENT_TYPES:
        if re.search(pattern, title, re.I):
            return event_type
    return default


def _number(word: str | None) -> int | None:
    if not word:
        return None
    if word.isdigit():
        return int(word)
    return _NUMBER_WORDS.get(word.lower())


def _add_months(date: PartialDate, months: int) -> PartialDate:
    total = date.year * 12 + (date.month or 1) - 1 + months
    return PartialDate(total // 12, total % 12 + 1)


def _title(blocks_: list[Block]) -> str:
    for b in blocks_[:6]:
        if (
            b.kind == "heading"
            and not _BOILERPLATE.search(b.text)
            and re.search(r"letter|report|inspection|check|review|monitoring|evaluation", b.text, re.I)
        ):
            return b.text
    return ""


def parse(text: str, source: Source) -> ParsedDocument:
    bl = blocks(text)
    if not bl:
        raise DocumentError("no text to read")
    title = _title(bl)
    written, authority = _authority(bl, title, text)
    read = _read_visit(bl, text, title, written)
    current = read.current
    if current is None:
        raise DocumentError("no visit or inspection dates found in the letter (is it truncated?)")
    warnings: list[str] = []
    cut_at = _cut_off_at(bl, text)
    if cut_at is not None and not re.search(r"\bletter\b", " ".join(b.text for b in bl[:2]), re.I):
        # a cut-off page that is not one of these letters is read by the page reader (`ciw_page`)
        raise DocumentError("the text stops mid-sentence and is not a CIW letter: read as a page")
    if cut_at is not None:
        last = next(b for b in reversed(bl) if b.start <= cut_at)
        warnings.append(
            f'the letter looks cut off (it stops mid-sentence: "…{last.text[-40:]}"); read for what it holds, '
            "without its unfinished last sentence"
        )
    # a letter cut off before its judgement: its findings follow the paragraphs that state the visit
    body_from = read.judgement_at if read.judgement_at is not None else read.intro_at
    next_steps = _read_findings(bl, text, title, current, body_from, cut_at)
    planned = _planned_events(next_steps, current, authority)
    if not current.findings and not current.directions and not current.judgements:
        warnings.append("no findings or judgement sentence found in the letter")
    return ParsedDocument(
        source=source,
        authority=AuthorityRef(written, authority.code, authority.name, authority.nation),
        inspectorate=Inspectorate.CIW,
        events=[*read.earlier, current, *planned],
        text=text,
        warnings=warnings,
        kind=NAME,
    )


def _authority(bl: list[Block], title: str, text: str) -> tuple[str, authorities.Authority]:
    """The authority as written and matched: from the title first, then anywhere near the top."""
    if ":" in title:
        name = title.split(":", 1)[1].strip()
        a = authorities.match(name)
        if a:
            return name, a
    found = authorities.find_in_text(title + "\n" + text[:3000])
    if found is None:
        raise DocumentError("no local authority named in the letter matches the reference list")
    return found


@dataclass
class _Opening:
    """What the opening of a letter states: the visit, the earlier visits it looks back on, and where
    (block index) the judgement sentence and the last paragraph stating a visit are."""

    current: Event | None = None
    earlier: list[Event] = field(default_factory=list)
    judgement_at: int | None = None
    intro_at: int = 0


def _read_visit(bl: list[Block], text: str, title: str, written: str) -> _Opening:
    """The visit itself (the first sentence near the top that states a date range or a day), the
    look-backs before it, and the judgement sentence after it."""
    read = _Opening()
    for index, block in enumerate(bl):
        if block.kind == "heading":
            continue
        for sentence, s_start, s_end in sentences(text[block.start : block.end], block.start):
            span = Span(s_start, s_end)
            ev = _look_back_event(sentence, span)
            if ev is not None:
                read.earlier.append(ev)
                read.intro_at = index
                continue
            if read.current is None:
                read.current = _visit_event(sentence, span, title, written)
                if read.current is not None:
                    read.intro_at = index
                    continue
            if read.current is not None and read.judgement_at is None and _JUDGEMENT_SENTENCE.search(sentence):
                read.judgement_at = index
                _read_judgement(read.current, sentence, span)
    return read


def _look_back_event(sentence: str, span: Span) -> Event | None:
    """An earlier visit the sentence looks back on ("our inspection in October 2020 in which we judged
    …"), with its judgement as written, or None."""
    look_back = _LOOK_BACK.search(sentence)
    if not (look_back and re.search(r"follow(?:ed)? up|previous|last|judged|in which", sentence, re.I)):
        return None
    when = dates.find_ranges(look_back.group("when"))
    if not when:
        return None
    ev = Event(
        event_type=_event_type(look_back.group("kind")),
        start=when[0].start,
        end=when[0].end,
        title=f"CIW {look_back.group('kind').strip().lower()} ({when[0].start.iso()})",
        span=span,
    )
    phrase = _JUDGED_PHRASE.search(sentence[look_back.end() :])
    if phrase:
        raw = phrase.group("phrase").strip()
        jd = normalise.judgement(Dimension.OVERALL, "CIW judgement", raw, sentence, "ciw", span)
        if jd.level is not None:
            ev.judgements.append(jd)
        ev.directions.extend(normalise.directions(raw, span, basis="monitoring_letter"))
    ev.statuses.extend(normalise.statuses(sentence, span))
    return ev


def _visit_event(sentence: str, span: Span, title: str, written: str) -> Event | None:
    """The visit when this sentence states its days ("from 26 April 2021 to 29 April 2021"), or None."""
    ranges = [r for r in dates.find_ranges(sentence) if r.start.precision == "day"]
    if not ranges or not re.search(
        r"summaris|undertak|carried out|took place|visit|activity|inspect|between|from", sentence, re.I
    ):
        return None
    return Event(
        event_type=_event_type(title or sentence, "ciw_inspection"),
        start=ranges[0].start,
        end=ranges[0].end,
        title=title,
        inspected_body=written,
        span=span,
    )


def _read_judgement(current: Event, sentence: str, span: Span) -> None:
    """The judgement sentence: the headline, its direction and status, and a grade word if CIW uses one."""
    current.headline = sentence
    current.directions.extend(normalise.directions(sentence, span))
    current.statuses.extend(normalise.statuses(sentence, span))
    phrase = re.search(
        r"\b(?:is|are|remains?)\s+(?P<p>inadequate[^.;]*|a service requiring significant improvement)",
        sentence,
        re.I,
    )
    if phrase:
        jd = normalise.judgement(Dimension.OVERALL, "CIW judgement", phrase.group("p"), sentence, "ciw", span)
        if jd.level is not None:
            current.judgements.append(jd)


def _read_findings(
    bl: list[Block], text: str, title: str, current: Event, body_from: int, cut_at: int | None
) -> list[tuple[str, Span]]:
    """Findings into `current`: bullets anywhere in the body, and body sentences after block `body_from`,
    under their headings (never the unfinished sentence at `cut_at`). Returns the "Next steps" sentences."""
    stopped = False
    previous: Finding | None = None
    section = ""
    principle = None
    next_steps: list[tuple[str, Span]] = []
    for index, block in enumerate(bl):
        if block.kind == "heading":
            section = "" if block.text == title or _BOILERPLATE.search(block.text) else block.text
            stopped = bool(_STOP_HEADINGS.search(block.text))
            principle = next(
                (p for p, rx in _PRINCIPLES.items() if rx.search(block.text)), principle if not stopped else None
            )
            continue
        if stopped:
            if re.match(r"next steps", section, re.I):
                next_steps.extend((s, Span(a, b)) for s, a, b in sentences(text[block.start : block.end], block.start))
            continue
        if _BOILERPLATE.search(block.text) and block.kind == "para":
            continue
        # a heading that names both sides ("strengths and priority areas for improvement") decides nothing
        action = themes.section_polarity(section) == Polarity.ACTION_REQUIRED if section else False
        if block.kind in ("bullet", "numbered"):
            pieces = [] if cut_at is not None and block.start >= cut_at else [(block.text, block.start, block.end)]
        elif index <= body_from:
            continue
        else:
            pieces = [
                (sentence, a, b)
                for sentence, a, b in sentences(text[block.start : block.end], block.start)
                if not (
                    _BOILERPLATE.search(sentence) or len(sentence.split()) < 5 or (cut_at is not None and a >= cut_at)
                )
            ]
        for words, a, b in pieces:
            previous = normalise.finding(
                words,
                section or "Findings",
                Span(a, b),
                previous=previous,
                principle=principle,
                force_action=action,
                para_no=block.number if block.kind in ("bullet", "numbered") else None,
            )
            current.findings.append(previous)
    return next_steps


def _planned_events(next_steps: list[tuple[str, Span]], current: Event, authority) -> list[Event]:
    base = current.end or current.start
    planned = []
    for sentence, span in next_steps:
        for m in _PLANNED.finditer(sentence):
            a, b = _number(m.group("a")), _number(m.group("b"))
            if a is None:
                continue
            what = m.group("what").strip()
            when = m.group(0).split(" in ")[-1].strip() if " in " in m.group(0) else ""
            start = _add_months(base, a)
            end = _add_months(base, b) if b else start
            planned.append(
                Event(
                    event_type=_event_type(what, "ciw_inspection"),
                    start=start,
                    end=end,
                    planned=True,
                    title=f"Planned: {what} ({when})".replace(" ()", ""),
                    headline=sentence,
                    span=span,
                )
            )
    return planned


def _cut_off_at(bl: list[Block], text: str) -> int | None:
    """Where the unfinished last sentence of a letter cut off part-way starts (None: the letter ends
    with a whole sentence). A bullet is one piece; a paragraph's last sentence is the unfinished one."""
    last = next((b for b in reversed(bl) if b.kind != "heading"), None)
    if last is None:
        raise DocumentError("the letter has no body text")
    if bl[-1].kind == "heading" and (len(bl[-1].text.split()) > 10 or "," in bl[-1].text):
        return bl[-1].start  # a sentence cut short enough to look like a heading
    if re.search(r"[.!?:)\"'’”]\s*$", last.text):
        return None
    if last.kind in ("bullet", "numbered"):
        return last.start
    pieces = list(sentences(text[last.start : last.end], last.start))
    return pieces[-1][1] if pieces else last.start

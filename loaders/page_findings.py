"""Welsh and Scottish pages' findings and next steps: each sentence under the heading it sits under,
never the narrative of what inspectors did, a look-back, a verdict or a quotation; dated next steps are
also planned visits."""

from __future__ import annotations

import re
from dataclasses import dataclass

from loaders.page_layout import is_noise
from loaders.page_visits import Profile, Visit, VisitReference, add_months, event_type_of
from loaders.structure import Block
from trajectories import normalise
from trajectories.domain import Event, Finding, PartialDate, Span
from trajectories.text import sentences

# Sentences about what the inspectors did, when and how: narrative, never findings.
NARRATIVE = re.compile(
    r"^(?:the |this |our |joint )?(?:inspections?|inspectors?|inspection teams?|review|report|letter|purpose|we|it|"
    r"they|"
    r"specialist|some specially|the specialist team)\b[^.]{0,60}\b(?:looked (?:at|closely)|also looked|conducted|"
    r"carried out|"
    r"took place|included|interviewed|visited|read|met|summaris\w+|focus(?:s)?ed|reviewed|evaluated how|"
    r"was (?:undertaken|part of)|"
    r"made up of|brings? together|charged with|is intended|purpose of|give an evaluation|were gathered|outlines)\b|"
    r"^(?:we|the inspectorate) (?:inspected|undertook|have (?:today |recently )?(?:published|completed))\b|"
    r"^the purpose of\b|^the intention of\b|^today[’']s publication\b|^to view all|^to see all|^you can read|"
    r"^read the full|^a copy of the report|\bpublished today\b|"
    r"^(?:in|during|between) [^.]{0,40}?\b(?:we|inspectors?|CIW|CSSIW|"
    r"Care Inspectorate Wales)\b[^.]{0,30}\b(?:undert|inspect|review|carri)",
    re.I,
)
# Next steps: what the inspectorate or the authority will do after the visit.
NEXT_STEP = re.compile(
    r"\b(?:we will (?:monitor|continue|conduct|consider|make no|undertake|carry out|review|request|ask|return)|"
    r"will continue to (?:actively )?monitor|we expect (?:the local authority|\w+ (?:county|city|council))|"
    r"we have asked [^.]{0,60}(?:to|for)|we will make no more visits|it is our intention to|we intend to|"
    r"will be asked to|(?:a|an) (?:further|second) (?:progress review|inspection|visit) (?:will|is planned)|"
    r"we are confident that [^.]{0,80}\bwill be able to)\b",
    re.I,
)
_ACTION_HEADING = re.compile(
    r"areas? (?:requiring|for|in need of) (?:further )?(?:improvement|development)|priority areas|"
    r"priorities for improvement|"
    r"points? for (?:improvement|action)|key areas for improvement|recommendations?|what needs to improve|must improve|"
    r"areas? of development|should improve|needs? to improve",
    re.I,
)
_NEXT_HEADING = re.compile(r"^(?:next steps|what happens next|what happens now)\b", re.I)
_STOP_HEADING = re.compile(
    r"^(?:methodology|acknowledgements?|contents|notes to editors|about (?:us|this)|contact|"
    r"related|download|appendix)\b",
    re.I,
)
_NOT_FINDING_HEADING = re.compile(r"^(?:what we looked at|how we conducted|introduction|background)\b", re.I)
# A sentence that heads a list: "Key strengths were:", "Inspectors found the following key strengths in …",
# "Inspectors agreed with services … the following points for improvement.", "Other findings included:".
_INLINE_HEADING = re.compile(
    r"(?:^|\bthe following )(?P<label>key strengths|key areas for (?:improvement|development)|"
    r"areas for (?:improvement|development)|"
    r"points for (?:improvement|action)|strengths highlighted(?: in the report)?|"
    r"(?:specific )?areas of positive feedback|"
    r"other findings|areas of (?:improvement|development)(?: identified)?|"
    r"priority areas for development)\b[^.:]{0,160}?"
    r"(?:\s(?:were|are|include[sd]?|included))?\s*[:.]$|"
    r"^(?:inspectors|we|the report|the inspection)\b[^.:]{0,80}\bthe following (?P<label2>key strengths|"
    r"points for improvement|"
    r"areas for (?:improvement|development))\b[^.:]{0,160}[:.]$",
    re.I,
)
# The inspectorate's words in someone else's page: "the report found", "Inspectors said", "CIW commented that".
_ATTRIBUTED = re.compile(
    r"\b(?:report|inspectors?|inspection|CIW|CSSIW|Care Inspectorate(?: Wales)?|inspectorate|"
    r"it)\b[^.]{0,60}?\b(?:found|finds|"
    r"note[sd]?|highlight\w*|recognis\w*|acknowledg\w*|identif\w*|said|says|commented|praise[sd]?|states?|concluded|"
    r"confirmed|evaluated|judged)\b",
    re.I,
)
_NAMED_SECTION = re.compile(r"strength|improvement|development|finding|positive|concern|recommend", re.I)
_GLOSS = re.compile(r"^(?:that|this) means\b", re.I)
_VERDICT = re.compile(r"\bit is our judgement\b|\bour judgement is\b|\bwe have drawn the attention\b", re.I)
_SAID = re.compile(r"\b(?:said|says|commented)\s*[:,]|^[“\"]|[”\"]$|\bChief Executive\b[^.]{0,60}\bsaid\b", re.I)
_PRINCIPLE_PREFIX = re.compile(
    r"^(?P<label>people\s*[–-]\s*voice and control|people|prevention|well-?being|"
    r"partnerships? and integration)\s*:\s*",
    re.I,
)
_PRINCIPLES = {
    "people": "people_voice_control",
    "prevention": "prevention",
    "well": "wellbeing",
    "partnership": "partnerships_integration",
}
_PLANNED = re.compile(
    r"(?P<what>(?:further |second |full |follow[- ]up |next )?(?:progress review|monitoring (?:visit|activity)|"
    r"follow[- ]up inspection|inspection|improvement check|assurance check|review|visit))"
    r"[^.;]{0,60}?(?:\b(?:within|in)\s+(?:the\s+next\s+)?(?P<a>\d{1,2})(?:\s*(?:to|-|–)\s*(?P<b>\d{1,2}))?\s+months?"
    r"(?P<from_pub>\s+of\s+(?:the\s+)?publication|\s+from\s+(?:the\s+)?publication)?|\b(?P<a2>\d{1,2})\s*(?:to|-|–)\s*"
    r"(?P<b2>\d{1,2})\s+months\s+from\s+the\s+publ|\bin\s+(?P<year>(?:19|20)\d\d)\b)",
    re.I,
)


@dataclass
class Page:
    """What the phases of `read_page` share: the page, its blocks and title, how its words count, its
    own date, the visit it reports with the earlier visits it names, and where a cut-off page stops."""

    text: str
    bl: list[Block]
    title: str
    profile: Profile
    basis: str
    today: PartialDate | None
    visit: Visit | None
    references: list[VisitReference]
    cut_at: int | None


@dataclass
class _Sections:
    """Where the reading of findings stands: the heading above, whether it heads no findings, and how
    the list under it was introduced."""

    section: str = ""
    stopped: bool = False
    narrative_list: bool = False  # introduced by a sentence about the method ("… focusing on 6 key areas:")
    quoted_list: bool = (
        False  # a secondary source's list introduced as the inspectorate's words ("CIW commented that:")
    )

    def heading(self, text: str) -> None:
        lead_in = _INLINE_HEADING.search(text)
        self.section = (
            _lead_in_label(lead_in.group("label") or lead_in.group("label2")) if lead_in else text.rstrip(":")
        )
        # A contents entry ("Impact on families 17") or a quotation's attribution ("…, said") heads no findings.
        self.stopped = bool(_STOP_HEADING.search(self.section)) or bool(
            re.search(r"\s\d{1,3}$|\bsaid:?$", self.section)
        )
        self.narrative_list, self.quoted_list = False, bool(lead_in)


def read_findings(page: Page, event: Event) -> list[Event]:
    """Findings into `event` under their headings, next steps kept apart; returns the planned visits."""
    planned: list[Event] = []
    state = _Sections()
    previous: Finding | None = None
    for block in page.bl:
        if block.kind == "heading" or block.text == page.title:
            if not (block.text == page.title or _WRAPPED.search(block.text)):
                state.heading(block.text)  # else the title, or a sentence wrapped mid-way that looks like a heading
            continue
        is_item = block.kind in ("bullet", "numbered")
        if state.stopped or (state.narrative_list and is_item):
            continue
        if not is_item:
            state.narrative_list = state.quoted_list = False
        previous = _read_block(page, block, state, event, planned, previous)
    return planned


def _read_block(
    page: Page, block: Block, state: _Sections, event: Event, planned: list[Event], previous: Finding | None
) -> Finding | None:
    """The findings and next steps of one block (a bullet, or a paragraph's sentences); returns the last finding."""
    is_item = block.kind in ("bullet", "numbered")
    block_principle, block_section = None, state.section
    skipped_last = False
    text = page.text
    pieces = (
        [(block.text, block.start, block.end)] if is_item else sentences(text[block.start : block.end], block.start)
    )
    quoting = False  # "X, Chief Executive of the Care Inspectorate, said: “…”": commentary, to the block's end
    for sentence, a, b in pieces:
        squashed = " ".join(sentence.split())
        quoting = quoting or bool(re.search(r"\b(?:said|says|commented)\s*:", squashed))
        if quoting:
            continue
        lead_in = _INLINE_HEADING.search(squashed)
        if lead_in and len(squashed) < 240 and re.search(r"[:.]$", squashed):
            # "Key strengths were:", "Inspectors agreed … the following points for improvement." head what follows.
            state.section = block_section = _lead_in_label(lead_in.group("label") or lead_in.group("label2"))
            state.quoted_list = True
            continue
        if squashed.endswith(":") and NARRATIVE.search(squashed):
            state.narrative_list = True
            continue
        if squashed.endswith(":") and _ATTRIBUTED.search(squashed):
            state.quoted_list = True
            continue
        if _NEXT_HEADING.search(state.section) or NEXT_STEP.search(squashed):
            event.next_steps.append(squashed)
            planned.extend(_planned(squashed, Span(a, b), event.end or event.start, page.today, page.profile))
            continue
        about_earlier = (
            any(a <= r.span.start < b for r in page.references)
            or (skipped_last and _GLOSS.match(squashed))
            or (page.visit is not None and page.visit.span is not None and page.visit.span.start == a)
        )
        skipped_last = about_earlier
        if about_earlier or _not_a_finding(page, event, block, state, squashed, a):
            continue
        m = _PRINCIPLE_PREFIX.match(squashed)
        if m:  # "Prevention: We found …" heads the rest of its paragraph
            block_principle = next(v for k, v in _PRINCIPLES.items() if m["label"].lower().startswith(k))
            block_section = m["label"]
            squashed = squashed[m.end() :]
            a += len(sentence) - len(sentence.lstrip()) + m.end()
        previous = normalise.finding(
            squashed,
            block_section or "Findings",
            Span(a, b),
            previous=previous,
            principle=block_principle,
            force_action=bool(_ACTION_HEADING.search(block_section)),
            para_no=block.number,
        )
        event.findings.append(previous)
    return previous


def _not_a_finding(page: Page, event: Event, block: Block, state: _Sections, squashed: str, a: int) -> bool:
    """A sentence that is not a finding: too short, the narrative, a quotation, a grade, a verdict, the
    unfinished sentence of a cut-off page, outside the findings, or a secondary source's own words."""
    section = state.section
    if (
        len(squashed.split()) < 5
        or NARRATIVE.search(squashed)
        or _SAID.search(squashed)
        or any(j.span and j.span.start == a for j in event.judgements)
        or _NOT_FINDING_HEADING.search(section)
        or is_noise(squashed)
        or _VERDICT.search(squashed)
    ):
        return True
    if (page.cut_at is not None and a >= page.cut_at) or not _in_findings(block, section, squashed, page.visit):
        return True
    is_item = block.kind in ("bullet", "numbered")
    attributed = _ATTRIBUTED.search(squashed) or (is_item and state.quoted_list) or _NAMED_SECTION.search(section)
    return page.basis != "primary_source" and not attributed  # a council's or minister's own words


_WRAPPED = re.compile(r"\b(?:from|and|the|of|to|in|took|using|with|for|a|an|by|on|at)$", re.I)


def _lead_in_label(label: str | None) -> str:
    label = " ".join((label or "").split())
    return label[:1].upper() + label[1:]


def _in_findings(block: Block, section: str, sentence: str, visit: Visit | None) -> bool:
    """Bullets, and sentences under a heading or after the sentence that states the visit."""
    if block.kind in ("bullet", "numbered") or section:
        return True
    return visit is None or (visit.span is not None and block.start >= visit.span.start)


def _planned(
    sentence: str, span: Span, base: PartialDate | None, today: PartialDate | None, profile: Profile
) -> list[Event]:
    out = []
    for m in _PLANNED.finditer(sentence):
        what = m.group("what").strip()
        if m["year"]:
            start = end = PartialDate(int(m["year"]))
        else:
            a = int(m["a"] or m["a2"])
            b = int(m["b"] or m["b2"]) if (m["b"] or m["b2"]) else None
            frm = today if (m["from_pub"] or m["a2"]) and today else base or today
            if frm is None:
                continue
            start, end = add_months(frm, a), add_months(frm, b) if b else add_months(frm, a)
        if re.search(r"\bno (?:more|further)\b", sentence, re.I):
            continue
        out.append(
            Event(
                event_type=event_type_of(what, profile),
                start=start,
                end=end,
                planned=True,
                title=f"Planned: {what}",
                headline=sentence,
                span=span,
            )
        )
    return out

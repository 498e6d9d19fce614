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

import re

from loaders.ciw_letter import ciw_named
from loaders.letter_findings import (
    closing_status,
    monitoring_status,
    opening_and_sections,
    read_sections,
    untitled_body,
)
from loaders.letter_layout import ENDS_CLAUSE, Line, letter_lines, letter_units, text_width
from loaders.letter_visit import (
    TITLE,
    VISIT_KINDS,
    find_title,
    focus,
    letter_authority,
    letter_date,
    title_shown,
    visit_dates,
    visit_kind,
)
from trajectories.domain import AuthorityRef, DocumentError, Event, Inspectorate, ParsedDocument, Source
from trajectories.text import tidy

NAME = "ofsted_letter"

_OFSTED = re.compile(r"\bOfsted\b|ofsted\.gov\.uk|Her Majesty['’]s Inspector|His Majesty['’]s Inspector|\bHMI\b")
_LETTER_MARKS = (
    re.compile(r"^\s*Dear\s+\S", re.M),
    re.compile(r"This letter summarises the findings", re.I),
    re.compile(rf"^\s*(?:{VISIT_KINDS})\s+(?:to|of)\s", re.I | re.M),
)
_SIGNED = re.compile(r"^\s*Yours? (?:sincerely|faithfully)", re.I | re.M)
_REPORT_MARKS = re.compile(
    r"Judgement\s+Grade|Inspection dates?:|The overall judgement is|Report published:|Overall effectiveness\s+"
    r"(?:Good|Outstanding|Inadequate|Requires improvement)|^\s*Inspection of .{0,80}children['’]s services\s*$",
    re.I | re.M,
)

_SIGN_OFF = re.compile(r"^(?:Yours?|Your) (?:sincerely|faithfully)\b", re.I)
_CLOSING = re.compile(
    r"^(?:Ofsted will take the findings|We have notified the|I am copying this letter|Where a focused visit results in|"
    r"As part of our early review of the framework|This letter will be published|The letter will be published|"
    r"It will be published on the Ofsted website|We would like to thank|Thank you for the cooperation)",
    re.I,
)


def sniff(text: str) -> float:
    """How sure this is an Ofsted letter about a visit (not a graded inspection report)."""
    if not _OFSTED.search(text[:20000]):
        return 0.0
    head = text[:6000]
    marks = sum(1 for rx in _LETTER_MARKS if rx.search(head)) + bool(_SIGNED.search(text))
    score = 0.3 + 0.2 * marks
    if _REPORT_MARKS.search(head):
        score -= 0.7
    if ciw_named(head):
        score -= 0.5
    return max(0.0, min(1.0, score))


def parse(text: str, source: Source) -> ParsedDocument:
    lines = letter_lines(text)
    if not lines:
        raise DocumentError("no text to read")
    warnings: list[str] = []
    dear, title_at, title_lines, body_from = find_title(lines)
    title = tidy(" ".join(ln.text for ln in title_lines))
    header = [ln for ln in lines[: min(i for i in (dear, title_at) if i is not None)] if not ln.furniture]
    body_to, closing_at = _body_end(lines, body_from, warnings)
    published = letter_date(header, warnings)

    width = text_width(lines)
    opening_units, sections = opening_and_sections(letter_units(lines[body_from:closing_at], width))
    closing_units = letter_units(lines[closing_at:body_to], width)
    opening = [s for u in opening_units for s in u.sentences()]
    opening_text = " ".join(s for s, _ in opening)

    event_type = visit_kind(title, opening_text)
    if not title:
        warnings.append("no title line ('Focused visit to ...') found; the kind of visit was read from the opening")
    when, visit_span, published = visit_dates(opening, published, warnings)
    written, authority = letter_authority(
        title_lines and TITLE.match(title).group("rest") or "",
        opening_text,
        header,
        published.first_day() if published else None,
    )
    event = Event(
        event_type=event_type,
        start=when.start,
        end=when.end,
        published=published,
        title=title_shown(title, event_type, written, opening_text),
        focus_area=focus(opening_units),
        inspected_body=written,
        span=visit_span,
    )
    if event.focus_area is None:
        warnings.append("no focus of the visit found in the opening paragraphs")
    if event_type == "ofsted_monitoring_visit":
        monitoring_status(event, opening)

    if not sections:
        sections = untitled_body(opening_units, visit_span)
        if sections:
            warnings.append("no section headings found; the paragraphs after the opening ones are read as findings")
    read_sections(event, sections)
    closing_status(event, closing_units)
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


def _body_end(lines: list[Line], body_from: int, warnings: list[str]) -> tuple[int, int]:
    """Where the letter ends: (the sign-off, the closing paragraphs just before it); a letter with no
    sign-off must end at a sentence's end."""
    sign_off = next((i for i in range(body_from, len(lines)) if _SIGN_OFF.match(lines[i].text)), None)
    body_to = sign_off if sign_off is not None else len(lines)
    closing_at = next((i for i in range(body_from, body_to) if _CLOSING.match(lines[i].text)), body_to)
    if sign_off is None:
        last = next((ln for ln in reversed(lines[body_from:]) if not ln.furniture), None)
        if last is None:
            raise DocumentError("truncated: the letter has no text after its title")
        if not ENDS_CLAUSE.search(last.text):
            raise DocumentError(f'truncated: the letter ends mid-sentence ("…{last.text[-40:]}") with no sign-off')
        warnings.append("no sign-off ('Yours sincerely') found: the letter may be incomplete")
    return body_to, closing_at

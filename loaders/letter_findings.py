"""Ofsted letters' sections: findings and action points from each section, direction signals that look
back at the authority's progress, and the regulatory status a letter states."""

from __future__ import annotations

import re

from loaders.letter_layout import Unit
from loaders.letter_visit import COVID_FOCUS, FOCUS
from trajectories import normalise
from trajectories.domain import Event, Finding, Span, Status

_ACTION_SECTION = re.compile(
    r"what needs to improve|areas? for (?:priority action|improvement)|priorit(?:y|ies) for (?:action|improvement)"
    r"|recommendation",
    re.I,
)
_PRIORITY_SECTION = re.compile(r"areas? for priority action|priorit(?:y|ies) for action", re.I)
_OPENING_SECTIONS = re.compile(r"^(?:areas covered by the visit|methodology|scope of the visit)", re.I)
# Where the letter states its overall view; the findings sections that follow give the detail.
_HEADLINE_SECTIONS = re.compile(r"^(?:overview|headline findings|summary|evaluation of progress)", re.I)
_NO_POINTS = re.compile(
    r"^there (?:are|were) no (?:additional |further |new )?(?:areas? for |areas? of )?(?:priority actions?"
    r"|improvement)s?\b"
    r"|^no (?:areas? for )?priority actions? (?:have been|were|was) (?:identified|set|made)",
    re.I,
)
_NOTIFIED = re.compile(r"\bnotified the (?:DfE|Department for Education) of the area", re.I)

_BOILERPLATE = re.compile(
    r"^(?:The inspectors? (?:were|was)|(?:Her|His) Majesty['’]s (?:Chief )?Inspector|The lead inspector"
    r"|The methodology for this visit|"
    r"This visit was (?:carried out|conducted)|The visit was (?:carried out|conducted)|Inspectors (?:looked at"
    r"|considered|reviewed|evaluated) a range of evidence|"
    r"Ofsted will take|Yours? sincerely|We have notified|I am copying this letter)",
    re.I,
)

_LEADIN_END = re.compile(r":\s*$")

# Direction sentences in a focused visit's overview must look back at the authority's progress.
_LOOK_BACK = re.compile(
    r"\bsince (?:the|its|their|this) |\bfollowing (?:the|its) |\blast (?:inspect|focused|monitoring|visit)"
    r"|previous (?:inspection|focused visit|visit|monitoring)|"
    r"\bat the (?:last|previous) |no longer inadequate|\bpace of (?:change|improvement)|improvement (?:journey|activity"
    r"|work)|"
    r"\bimprovement plan|\bprogress (?:in|against|since|has|made)|\bmade (?:\w+ )?progress|\bmaking (?:\w+ )?progress"
    r"|deteriorat|declined|"
    r"\bover the (?:last|past) |\bjudged\b|\bjudgement\b",
    re.I,
)
# ...and be about the authority or its services, not a child or a group of children: a clause
# whose subject is children ("most children are making good progress") rules the signal out; one
# that is about a service for them ("the quality of decision-making when children are referred
# has declined", "children's services have improved") does not.
_CHILD_SUBJECT = re.compile(
    r"^(?:(?:most|many|some|all|these|those|the|their|our|older|younger|disabled|vulnerable|few|a few|a small number of"
    r"|"
    r"the majority of|a minority of)\s+)*(?:child|children|young (?:people|person)|care leavers?|babies|pupils|families"
    r"|"
    r"parents|carers)(?:['’]s?)?(?P<after>\s.*|)$",
    re.I | re.S,
)
_SERVICE_WORDS = re.compile(
    r"^\s*(?:\S+\s+)?(?:services?|social care|social work|trust|partnership|teams?|hub|provision|support|response"
    r"|arrangements)\b",
    re.I,
)
_EARLIER_VISIT = re.compile(r"^(?:At|During) (?:a|the|its) (?:subsequent|previous|last|earlier|prior|first) ", re.I)

_FOOTNOTE_MARK = re.compile(r"(?<=[A-Za-z?])\d$")

_CLAUSE_BREAK = re.compile(r"[,;:]|\b(?:however|but|although|while|whilst)\b", re.I)
_THAT = re.compile(r"\bthat\b", re.I)


def opening_and_sections(units: list[Unit]) -> tuple[list[Unit], list[tuple[str, Unit | None, list[Unit]]]]:
    """The opening: everything before the first section heading (plus sections that only scope the visit);
    then each section as (heading, its unit, its units)."""
    opening_units: list[Unit] = []
    sections: list[tuple[str, Unit | None, list[Unit]]] = []
    for unit in units:
        if unit.kind == "heading":
            sections.append((_heading_text(unit.text()), unit, []))
        elif sections and not _OPENING_SECTIONS.match(sections[-1][0]):
            sections[-1][2].append(unit)
        else:
            opening_units.append(unit)
    return opening_units, sections


def monitoring_status(event: Event, opening: list[tuple[str, Span]]) -> None:
    """A monitoring visit's opening states that the authority is under Ofsted's monitoring."""
    for sentence, span in opening[:4]:
        found = [s for s in normalise.statuses(sentence, span) if s.status == Status.UNDER_OFSTED_MONITORING]
        if found:
            event.statuses.append(found[0])
            break


def _heading_text(text: str) -> str:
    """A heading as written, without a footnote digit or a trailing colon."""
    return _FOOTNOTE_MARK.sub("", text).rstrip(" :")


def untitled_body(opening: list[Unit], visit_span: Span) -> list:
    """A letter with no headings: what follows the visit, inspectors, focus and methodology paragraphs."""
    last, listing = -1, False
    for i, unit in enumerate(opening):
        found = unit.sentences()
        first = found[0][0] if found else ""
        if (
            unit.start <= visit_span.start
            or _BOILERPLATE.match(first)
            or FOCUS.search(first)
            or COVID_FOCUS.search(first)
        ):
            last, listing = i, unit.text().endswith(":")
        elif listing and unit.kind == "bullet":
            last = i  # the areas the lead-in lists
        else:
            listing = False
    body = opening[last + 1 :]
    return [("Findings", None, body)] if body else []


def read_sections(event: Event, sections) -> None:
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


def _action_points(event: Event, heading: str, heading_unit: Unit, body: list[Unit], previous: Finding | None):
    """Each point under an action heading is one action_required finding; lead-ins and 'none' lines are not."""
    bullets = [u for u in body if u.kind == "bullet"]
    points: list[Unit] = []
    if bullets:
        # Text between bullets is the end of the bullet above it (a wrapped tag such as "(outcome 1,
        # national framework)"), never a point of its own.
        first = body.index(bullets[0])
        for unit in body[first:]:
            if unit.kind == "bullet":
                points.append(Unit("bullet", list(unit.lines)))
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


def closing_status(event: Event, closing: list[Unit]) -> None:
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

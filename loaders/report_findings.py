"""Ofsted reports' findings, directions and statuses: read from the items of the findings sections and
the summary before the first section, all attached to the inspection event."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from loaders.report_layout import TERMINAL
from loaders.report_sections import Item, label_dimension
from trajectories import normalise
from trajectories.domain import Dimension, Event, Finding, Span
from trajectories.text import sentences, squash

_FINDING_SECTIONS = {"action", "key", "judgement"}
_OTHER_NATIONS = ("ciw_", "welsh_gov")
_LABELLED_LINE = re.compile(r"[A-Z][A-Za-z ]{1,30}:\s")


@dataclass
class _Walk:
    """Where the walk through a report's items is: the kind and words of the section it is in, whether
    that is inside the LSCB's own part, the last finding (for continuations) and the summary's sentences."""

    kind: str
    section: str = ""
    lscb_part: bool = False  # inside the LSCB's own part of a combined report
    previous: Finding | None = None
    summary: list[tuple[str, Span]] = field(default_factory=list)


def findings_and_signals(event: Event, items: list[Item], headline: str, keep_lscb: bool, pre_sif: bool) -> None:
    """Findings by section; directions and statuses from the summary (the opening summary,
    the executive summary, or a pre-2013 report's overall effectiveness section)."""
    walk = _Walk("cover" if pre_sif else "summary")  # before the first heading: the opening summary
    for item in items:
        if item.kind == "heading":
            _enter_section(walk, item, event, keep_lscb)
        elif walk.kind == "summary":
            joined = item.text()
            if not _LABELLED_LINE.match(joined.text):  # "Report published: ...", "Lead inspector: ..."
                walk.summary.extend((s, joined.span(a, b)) for s, a, b in sentences(joined.text))
        elif walk.kind == "key" and item.kind == "para":
            # A lead-in ("Children's services in X are good because:", perhaps followed by a
            # sub-heading on the next line) heads the items after it.
            ends = [i for i, ln in enumerate(item.lines) if ln.text.rstrip().endswith(":")]
            if ends:
                walk.section = squash(" ".join(ln.text for ln in item.lines[: ends[0] + 1])).rstrip(" :")
        elif walk.kind in _FINDING_SECTIONS and (item.kind in ("bullet", "numbered") or walk.kind == "action"):
            _item_findings(walk, item, event, pre_sif)
    _summary_signals(event, walk.summary, headline)


def _enter_section(walk: _Walk, item: Item, event: Event, keep_lscb: bool) -> None:
    hk = item.head_kind
    if hk in ("sub", "lscb_grade"):
        return
    if hk == "lscb" and not keep_lscb:
        walk.lscb_part = True
    elif hk in ("judgement", "section"):
        walk.lscb_part = False
    if walk.lscb_part and hk != "lscb":
        hk = "lscb"
    walk.kind = hk
    joined = item.text()
    walk.section = re.sub(r"\s*\d{1,2}$", "", joined.text).strip()
    walk.previous = None
    if walk.kind == "action" and re.match(r"priority and immediate action", walk.section, re.I):
        event.statuses.extend(normalise.statuses(walk.section, joined.span(0, len(joined.text))))


def _item_findings(walk: _Walk, item: Item, event: Event, pre_sif: bool) -> None:
    """An action or key finding as one finding; a graded section's paragraph as one finding per sentence."""
    kind, section = walk.kind, walk.section
    joined = item.text()
    if kind == "action" and item.kind == "para" and not TERMINAL.search(joined.text):
        return  # a sub-heading ("Quality of practice"), not an action
    if kind in ("action", "key") and item.kind != "para":
        body = joined.text.strip()
        if not body or body.endswith(":") or re.search(r"take the following actions?\.?$", body, re.I):
            return
        walk.previous = normalise.finding(
            body,
            section,
            joined.span(0, len(joined.text)),
            previous=walk.previous,
            force_action=kind == "action",
            para_no=item.number,
        )
        event.findings.append(walk.previous)
        return
    dim = label_dimension(section) if kind == "judgement" else None
    leaders = dim == Dimension.LEADERSHIP
    overall = pre_sif and dim == Dimension.OVERALL
    for sentence, a, b in sentences(joined.text):  # a graded section: one finding per sentence
        if len(sentence.split()) < 3:
            continue
        span = joined.span(a, b)
        walk.previous = normalise.finding(
            sentence, section, span, previous=walk.previous, para_no=item.number, force_action=kind == "action"
        )
        event.findings.append(walk.previous)
        if leaders:  # where a report recalls commissioners, notices and monitoring
            event.statuses.extend(normalise.statuses(sentence, span))
        if overall:
            walk.summary.append((sentence, span))


def _summary_signals(event: Event, summary: list[tuple[str, Span]], headline: str) -> None:
    """The headline, and directions and statuses from the summary; each status kept once."""
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

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
  report's overall effectiveness section). Statuses also come from the leadership section, where
  reports recall commissioners, notices and monitoring, and from a "Priority and immediate action"
  heading; each status is kept once (its first statement), and never a Welsh one. All attach to the
  inspection event.
Rejected with a one-line reason: no readable inspection dates, no judgements, a report that
ends mid-sentence without Ofsted's closing page (truncated), an authority not in the list.
"""

from __future__ import annotations

import re

from loaders.report_findings import findings_and_signals
from loaders.report_front import FrontMatter, front_matter, title_authority
from loaders.report_judgements import (
    Framework,
    Reader,
    check_complete,
    check_expected,
    graded_headings,
    judgement_table,
    read_framework,
    record_of_findings,
)
from loaders.report_layout import footnote_marks, layout
from loaders.report_sections import read_items
from trajectories.domain import AuthorityRef, Dimension, DocumentError, Event, Inspectorate, ParsedDocument, Source

NAME = "ofsted_report"

SHORT_MAX_DAYS = 7

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
    head = text[:5000].replace("’", "'").replace("‘", "'").replace("\u00a0", " ")  # QUOTES, faster
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


def parse(text: str, source: Source) -> ParsedDocument:
    work, markers = footnote_marks(text)
    lines, closing = layout(work, markers)
    if not lines:
        raise DocumentError("no text to read")
    reader = Reader()
    head = front_matter(lines)
    written, authority = title_authority(head.title_lines, head.end.first_day())
    kind = read_framework(lines, text, head)
    body_from = judgement_table(reader, lines, kind, head.dates_index)
    items = read_items(lines[body_from:])
    graded_headings(reader, items, kind.framework)
    if kind.framework == "ofsted_pre_sif" and Dimension.OVERALL not in reader.judgements:
        record_of_findings(reader, lines)

    if not reader.judgements:
        raise DocumentError(
            "no judgements found in the report (no judgement table, headline or graded section): is it truncated?"
        )
    check_complete(lines, closing, reader)
    check_expected(reader, kind.framework, kind.ilacs, head.start, kind.lscb_review, head.title_text)

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
    findings_and_signals(
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


def _report_event_type(kind: Framework, head: FrontMatter) -> str:
    """The kind of visit: an LSCB review, a short or standard ILACS, a pre-2013 inspection, a SIF or
    its re-inspection."""
    if kind.lscb_review:
        return "ofsted_lscb_review"
    if kind.ilacs:
        return "ofsted_ilacs_short" if head.fieldwork_days <= SHORT_MAX_DAYS else "ofsted_ilacs_standard"
    if kind.framework == "ofsted_pre_sif":
        return "ofsted_pre_sif"
    return "ofsted_sif_reinspection" if re.match(r"re-?\s?inspection\s+of\b", head.title, re.I) else "ofsted_sif"

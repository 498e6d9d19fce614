"""The rows a parsed document becomes: plain values, ready to insert but for the ids the database gives.

Contract:
- `rows_of(doc)` gives a `Rows`: per event, in event order, the event's row, its judgement,
  direction and status rows, its findings as tuples in `FINDING_COLUMNS` order without the event
  id, and its tags as (finding seq, facet, tag, cue). Plain values only, so they are cheap to make
  in a worker process and to send back; `store.store_file` writes them.
- `document_key(doc)` says what makes two files the same letter or report (None for tables).
Nothing here reads or writes the database.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from trajectories import authorities as ref
from trajectories.domain import ParsedDocument, PartialDate, Polarity

FINDING_COLUMNS = (
    "event_id",
    "seq",
    "text",
    "section",
    "polarity",
    "modality",
    "polarity_rule",
    "principle",
    "para_no",
    "span_start",
    "span_end",
)
TAG_COLUMNS = ("finding_id", "facet", "tag", "cue")


def _date(value: PartialDate | None) -> tuple[dt.date | None, str | None]:
    return (value.first_day(), value.precision) if value else (None, None)


def _span(obj) -> dict:
    span = getattr(obj, "span", None)
    return {"span_start": span.start if span else None, "span_end": span.end if span else None}


def document_key(doc: ParsedDocument) -> str | None:
    """What makes two files the same letter or report (e.g. its PDF and its text): who, which
    inspectorate, which reader, and the kinds and dates of the visits it reports. Tables: None."""
    if doc.kind.startswith("table") or not doc.events:
        return None
    visits = ";".join(f"{e.event_type}:{e.start}:{e.end}" for e in doc.events if not e.planned)
    return f"{doc.inspectorate.value}|{doc.authority.code}|{doc.kind}|{visits}"[:400]


@dataclass
class Rows:
    """One document's rows, ready to insert but for the ids the database gives (plain values only,
    so they are cheap to make in a worker process and to send back). Per event, in event order:
    the event's row, its judgement, direction and status rows, its findings as tuples in
    FINDING_COLUMNS order without the event id, and its tags as (finding seq, facet, tag, cue)."""

    events: list[dict] = field(default_factory=list)
    judgements: list[list[dict]] = field(default_factory=list)
    directions: list[list[dict]] = field(default_factory=list)
    statuses: list[list[dict]] = field(default_factory=list)
    findings: list[list[tuple]] = field(default_factory=list)
    tags: list[list[tuple]] = field(default_factory=list)


def rows_of(doc: ParsedDocument) -> Rows:
    """The rows `store.store_file` writes for `doc` (see `Rows`)."""
    rows = Rows()
    for seq, ev in enumerate(doc.events):
        rows.events.append(_event_row(doc, seq, ev))
        rows.judgements.append([_judgement_row(j) for j in ev.judgements])
        rows.directions.append([_direction_row(d) for d in ev.directions])
        rows.statuses.append(
            [
                dict(status=s.status.value, raw_phrase=s.raw_phrase, raw_context=s.raw_context, rule=s.rule, **_span(s))
                for s in ev.statuses
            ]
        )
        rows.findings.append([_finding_row(n, f) for n, f in enumerate(ev.findings)])
        rows.tags.append(
            [
                (n, facet, t.theme, t.cue)
                for n, f in enumerate(ev.findings)
                for facet, items in (("theme", f.themes), ("cohort", f.cohorts))
                for t in items
            ]
        )
    return rows


def _event_row(doc: ParsedDocument, seq: int, ev) -> dict:
    start, start_p = _date(ev.start)
    end, end_p = _date(ev.end)
    pub, pub_p = _date(ev.published)
    return dict(
        seq=seq,
        authority_code=ref.code_on(doc.authority.code, end or start or pub),
        inspectorate_id=doc.inspectorate.value,
        event_type=ev.event_type,
        title=ev.title or None,
        start_date=start,
        start_precision=start_p,
        end_date=end,
        end_precision=end_p,
        published_date=pub,
        published_precision=pub_p,
        planned=ev.planned,
        framework=ev.framework,
        focus_area=ev.focus_area,
        headline=ev.headline or None,
        inspected_body=ev.inspected_body or None,
        refers_to="\n".join(ev.references) or None,
        next_steps="\n".join(ev.next_steps) or None,
        **_span(ev),
    )


def _judgement_row(j) -> dict:
    lv = j.level
    return dict(
        dimension=j.dimension.value,
        subject_type=j.subject_type,
        raw_label=j.raw_label,
        raw_phrase=j.raw_phrase,
        raw_context=j.raw_context,
        scale_value=lv.scale_value if lv else None,
        level=lv.point if lv else None,
        level_low=lv.low if lv else None,
        level_high=lv.high if lv else None,
        mapping_quality=lv.quality if lv else None,
        rule=lv.rule if lv else None,
        **_span(j),
    )


def _direction_row(d) -> dict:
    return dict(
        raw_phrase=d.raw_phrase,
        raw_context=d.raw_context,
        direction=d.direction,
        scope=d.scope,
        basis=d.basis,
        mapping_quality=d.quality,
        rule=d.rule,
        **_span(d),
    )


def _finding_row(n: int, f) -> tuple:
    return (
        n,
        f.text,
        f.section or None,
        Polarity(f.polarity).value,
        f.modality,
        f.polarity_rule,
        f.principle,
        f.para_no,
        f.span.start if f.span else None,
        f.span.end if f.span else None,
    )

"""Re-derive every normalised value from the raw words already stored: no file is re-read.

Contract: `rebuild(engine)` recomputes, in one transaction,
- each judgement's level, interval, quality and rule from its raw phrase (on the scale of its
  event's inspectorate);
- each finding's polarity, modality and rule, its themes and cohorts with their cues, from its
  text and section (the previous finding of the same event is the context for continuations, and
  lends its themes to one that points back within the same section),
  and the counts per visit, theme and polarity of the visits whose findings changed;
- the rule-derived direction and status signals from the sentences they were read from (a kind of
  status once per visit unless a sentence held it when read; signals a table stated outright are kept
  as they are);
- the summaries per authority and region (`store.summarise`), when a level, a direction or a theme
  count changed.
It returns counts of what changed, so a rule change can be measured on the whole database.
"""

from __future__ import annotations

from collections import Counter

from sqlalchemy import Engine, delete, insert, select, update

from trajectories import normalise, scale
from trajectories.db import store
from trajectories.db.engine import writer
from trajectories.db.models import DirectionRow, EventRow, FindingRow, FindingTag, JudgementRow, StatusRow
from trajectories.domain import Finding, MappingQuality, Polarity

# Cues the tagger derives (its words, or the finding before); any other cue was stated by the source.
DERIVED = ("cue:", "context:")
SCALE_OF = {"ofsted": "ofsted", "ciw": "ciw", "ci_scot": "ci6", "dfe": "ofsted", "welsh_gov": "ciw"}


def rebuild(engine: Engine) -> Counter:
    changed: Counter = Counter()
    with writer(engine).begin() as conn:  # what it reads is what it updates: no other writer in between
        changed.update(_rebuild_judgements(conn))
        recount = _rebuild_findings(conn, changed)
        changed.update(_rebuild_signals(conn))
        if changed["judgements"] or changed["directions"] or recount:
            store.summarise(conn, everyone=True)  # levels, directions and theme counts are what they hold
    return changed


def _rebuild_judgements(conn) -> Counter:
    """Re-map every judgement phrase to its level on the scale of its inspectorate."""
    changed: Counter = Counter()
    rows = conn.execute(
        select(
            JudgementRow.id,
            JudgementRow.raw_phrase,
            JudgementRow.level,
            JudgementRow.level_low,
            JudgementRow.level_high,
            JudgementRow.mapping_quality,
            JudgementRow.rule,
            EventRow.inspectorate_id,
        ).join(EventRow, EventRow.id == JudgementRow.event_id)
    ).all()
    for jid, phrase, level, low, high, quality, rule, inspectorate in rows:
        lv = scale.level_for(phrase, SCALE_OF.get(inspectorate, "ofsted"))
        new = (lv.point, lv.low, lv.high, lv.quality, lv.rule) if lv else (None, None, None, None, None)
        old = (level, low, high, quality, rule)
        if new != old:
            conn.execute(
                update(JudgementRow)
                .where(JudgementRow.id == jid)
                .values(
                    level=new[0],
                    level_low=new[1],
                    level_high=new[2],
                    mapping_quality=new[3],
                    rule=new[4],
                    scale_value=lv.scale_value if lv else None,
                )
            )
            changed["judgements"] += 1
    return changed


def _rebuild_findings(conn, changed: Counter) -> set[int]:
    """Re-read every finding's polarity and tags in document order; the visits whose counts changed."""
    findings = conn.execute(
        select(
            FindingRow.id,
            FindingRow.event_id,
            FindingRow.text,
            FindingRow.section,
            FindingRow.polarity,
            FindingRow.modality,
            FindingRow.polarity_rule,
        ).order_by(FindingRow.event_id, FindingRow.seq)
    ).all()
    tags = {}
    for fid, facet, tag, cue in conn.execute(
        select(FindingTag.finding_id, FindingTag.facet, FindingTag.tag, FindingTag.cue)
    ):
        tags.setdefault(fid, set()).add((facet, tag, cue))
    previous: Finding | None = None
    last_event = None
    new_tags = []
    recount: set[int] = set()  # visits whose counts per theme and polarity change
    for fid, event_id, text, section, polarity, modality, rule in findings:
        prev = previous if event_id == last_event else None
        f = normalise.finding(text, section or "", previous=prev)
        if rule == "section" and f.polarity != Polarity.ACTION_REQUIRED:
            f.polarity, f.polarity_rule = Polarity.ACTION_REQUIRED, "section"
        previous, last_event = f, event_id
        if (f.polarity, f.modality, f.polarity_rule) != (polarity, modality, rule):
            conn.execute(
                update(FindingRow)
                .where(FindingRow.id == fid)
                .values(polarity=f.polarity, modality=f.modality, polarity_rule=f.polarity_rule)
            )
            changed["finding polarity"] += 1
            recount.add(event_id)
        wanted = {("theme", t.theme, t.cue) for t in f.themes} | {("cohort", c.theme, c.cue) for c in f.cohorts}
        # Tags a source stated outright (a table's themes column, a manual label) are kept.
        ruled = {(facet, tag) for facet, tag, _ in wanted}
        wanted |= {t for t in tags.get(fid, set()) if not t[2].startswith(DERIVED) and (t[0], t[1]) not in ruled}
        if wanted != tags.get(fid, set()):
            conn.execute(delete(FindingTag).where(FindingTag.finding_id == fid))
            new_tags += [dict(finding_id=fid, facet=a, tag=b, cue=c) for a, b, c in wanted]
            changed["finding tags"] += 1
            recount.add(event_id)
    if new_tags:
        conn.execute(insert(FindingTag), new_tags)
    store.count_themes(conn, sorted(recount))
    return recount


def _rebuild_signals(conn) -> Counter:
    """Re-read rule-derived directions and statuses from their stored sentences."""
    return _rebuild_directions(conn) + _rebuild_statuses(conn)


def _rebuild_directions(conn) -> Counter:
    changed: Counter = Counter()
    contexts: dict[tuple[int, str], tuple] = {}
    for row in conn.execute(
        select(
            DirectionRow.event_id,
            DirectionRow.raw_context,
            DirectionRow.basis,
            DirectionRow.scope,
            DirectionRow.span_start,
            DirectionRow.span_end,
            DirectionRow.rule,
            DirectionRow.direction,
            DirectionRow.raw_phrase,
        )
    ):
        if row.rule.startswith("dir.") and row.raw_context:
            contexts.setdefault(
                (row.event_id, row.raw_context), (row.basis, row.scope, row.span_start, row.span_end, set())
            )[4].add((row.raw_phrase, row.direction, row.rule))
    for (event_id, context), (basis, scope, start, end, old) in contexts.items():
        found = {(m.raw_phrase, int(m.value), m.rule) for m in scale.directions_in(context)}
        if found != old:
            conn.execute(
                delete(DirectionRow).where(
                    DirectionRow.event_id == event_id,
                    DirectionRow.raw_context == context,
                    DirectionRow.rule.like("dir.%"),
                )
            )
            quality = (
                MappingQuality.NARRATIVE_INFERRED if basis in ("press", "council_minute") else MappingQuality.EXACT
            )
            if found:
                conn.execute(
                    insert(DirectionRow),
                    [
                        dict(
                            event_id=event_id,
                            raw_phrase=p,
                            raw_context=context,
                            direction=v,
                            scope=scope,
                            basis=basis,
                            mapping_quality=quality,
                            rule=r,
                            span_start=start,
                            span_end=end,
                        )
                        for p, v, r in sorted(found)
                    ],
                )
            changed["directions"] += 1
    return changed


def _rebuild_statuses(conn) -> Counter:
    changed: Counter = Counter()
    status_contexts: dict[tuple[int, str], tuple] = {}
    for row in conn.execute(
        select(
            StatusRow.event_id,
            StatusRow.raw_context,
            StatusRow.span_start,
            StatusRow.span_end,
            StatusRow.status,
            StatusRow.raw_phrase,
            StatusRow.rule,
        )
    ):
        if row.rule.startswith("status.") and row.raw_context:
            status_contexts.setdefault((row.event_id, row.raw_context), (row.span_start, row.span_end, set()))[2].add(
                (row.status, row.raw_phrase, row.rule)
            )
    held: dict[int, set[str]] = {}  # the kinds of status each visit holds from its earlier sentences
    for (event_id, context), (start, end, old) in sorted(
        status_contexts.items(), key=lambda kv: (kv[0][0], kv[1][0] or 0)
    ):
        found = {(m.value.value, m.raw_phrase, m.rule) for m in scale.statuses_in(context)}
        # A kind of status the visit already holds from an earlier sentence is not added again: a reader keeps one
        # signal of a kind per visit where its sentences repeat it ("A Warning Notice was issued ... The Warning
        # Notice placed requirements ..."); what a sentence held when it was read stays.
        mine = {s for s, _, _ in old}
        seen = held.setdefault(event_id, set())
        found = {f for f in found if f[0] in mine or f[0] not in seen}
        seen.update(s for s, _, _ in found)
        if found != old:
            conn.execute(
                delete(StatusRow).where(
                    StatusRow.event_id == event_id, StatusRow.raw_context == context, StatusRow.rule.like("status.%")
                )
            )
            if found:
                conn.execute(
                    insert(StatusRow),
                    [
                        dict(
                            event_id=event_id,
                            status=s,
                            raw_phrase=p,
                            raw_context=context,
                            rule=r,
                            span_start=start,
                            span_end=end,
                        )
                        for s, p, r in sorted(found)
                    ],
                )
            changed["statuses"] += 1
    return changed

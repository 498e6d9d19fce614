"""Synthetic authorities and their documents, drawn from a `Model` (`authority`, `document`, `generate`)."""

from __future__ import annotations

import datetime as dt
import hashlib
import random
from collections.abc import Iterator

from trajectories.authorities import Authority as ReferenceAuthority
from trajectories.domain import (
    AuthorityRef,
    Dimension,
    DirectionSignal,
    Event,
    Judgement,
    Level,
    MappingQuality,
    Nation,
    ParsedDocument,
    PartialDate,
    Source,
    Status,
    StatusSignal,
)
from trajectories.synthetic.marks import (
    KIND,
    MAX_VISITS,
    REGION_PREFIX,
    Refused,
    code_of,
    name_of,
)
from trajectories.synthetic.model import Model, NationModel, VisitShape, _band


def _template(model: Model, n: int) -> tuple[NationModel, str, str, tuple[str, ...]]:
    """Synthetic authority n copies the nation and region of real authority (n - 1) mod R."""
    code, nation = model.templates[(n - 1) % model.real_authorities]
    nm = model.nations[nation]
    _, region, neighbours = next(t for t in nm.templates if t[0] == code)
    return nm, nation, region, neighbours


def authority(model: Model, n: int) -> ReferenceAuthority:
    """The reference row of synthetic authority n; its statistical neighbours are the copies of
    its real template's neighbours in the same round of copies."""
    nm, nation, region, neighbours = _template(model, n)
    position = {code: i for i, (code, _) in enumerate(model.templates)}
    base = ((n - 1) // model.real_authorities) * model.real_authorities
    near = tuple(code_of(base + position[c] + 1) for c in neighbours if c in position)
    return ReferenceAuthority(
        code=code_of(n),
        name=name_of(n),
        short_name=name_of(n),
        nation=Nation(nation),
        region=REGION_PREFIX + region,
        stat_neighbours=near,
    )


def _nearest(options: list[float], target: float) -> float:
    return min(options, key=lambda v: (abs(v - target), v))


def _judgements(
    model: Model, rng: random.Random, inspectorate: str, shape: VisitShape, overall: float | None
) -> list[Judgement]:
    out = []
    for dimension, subject, value, relative in shape.judgements:
        key = (inspectorate, dimension, subject)
        known = model.levels.get(key)
        if not known:
            continue
        target = value + overall if relative and overall is not None else value
        level = _nearest(known, max(1.0, min(4.0, target)))
        w = rng.choice(model.wordings[(*key, level)])
        lv = Level(
            point=w["level"],
            low=w["level_low"],
            high=w["level_high"],
            quality=MappingQuality(w["mapping_quality"]),
            scale_value=w["scale_value"] or "",
            rule=w["rule"] or "",
        )
        out.append(
            Judgement(
                dimension=Dimension(dimension),
                raw_label=w["raw_label"] or "",
                raw_phrase=w["raw_phrase"],
                raw_context=w["raw_context"] or "",
                level=lv,
                subject_type=subject,
            )
        )
    return out


def _pick(pool: dict, event_type: str, band: int, rng: random.Random) -> dict | None:
    for key in ((event_type, band), *((event_type, b) for b in (0, 1, 2, 3, 4) if b != band)):
        if pool.get(key):
            return rng.choice(pool[key])
    return None


def _partial(day: dt.date, precision: str) -> PartialDate:
    if precision == "year":
        return PartialDate(day.year)
    if precision == "month":
        return PartialDate(day.year, day.month)
    return PartialDate.from_date(day)


def _event(
    model: Model,
    rng: random.Random,
    nm: NationModel,
    event_type: str,
    day: dt.date | None,
    current: float | None,
    planned: bool = False,
) -> tuple[list[Event], float | None]:
    """One visit (and the outcome-table rows that echo it); returns the level in force after it."""
    if planned:
        return [
            Event(
                event_type=event_type,
                start=PartialDate.from_date(day),
                planned=True,
                title=f"{event_type.replace('_', ' ')} (synthetic, planned)",
            )
        ], current
    shape = rng.choice((model.shapes if day is not None else model.undated_shapes)[event_type])
    relative = [j for j in shape.judgements if j[3]]
    overall = current
    if relative:
        nexts = nm.next_levels.get(current) if current is not None else None
        overall = rng.choice(nexts) if nexts else rng.choice(nm.first_levels or [2.0])
    inspectorate = nm.inspectorate.value
    judgements = _judgements(model, rng, inspectorate, shape, overall if relative else None)
    graded = [
        j
        for j in judgements
        if j.dimension == Dimension.OVERALL and j.subject_type in ("local_authority", "partnership")
    ]
    after = graded[0].level.point if graded else current
    directions, statuses = _signals(model, rng, event_type, _band(after), shape)
    pool = model.sentences.get(event_type, ())
    findings = [model.finding(*rng.choice(pool)) for _ in range(shape.findings)] if pool else []
    end = day + dt.timedelta(days=shape.duration) if shape.duration is not None and day else None
    published = (end or day) + dt.timedelta(days=shape.publish_lag) if shape.publish_lag is not None and day else None
    title = f"{event_type.replace('_', ' ')} (synthetic)"
    event = Event(
        event_type=event_type,
        start=_partial(day, shape.precision) if day else None,
        end=_partial(end, shape.precision) if end else None,
        published=PartialDate.from_date(published) if published else None,
        title=title,
        framework=shape.framework,
        judgements=judgements,
        directions=directions,
        statuses=statuses,
        findings=findings,
    )
    return [event, *_echoes(event, shape.echoes)], after


def _echoes(event: Event, count: int) -> list[Event]:
    """`count` outcome-table rows describing the same visit as `event`: its kind, dates and judgements."""
    return [
        Event(
            event_type=event.event_type,
            start=event.start,
            end=event.end,
            published=event.published,
            title=event.title,
            framework=event.framework,
            judgements=list(event.judgements),
        )
        for _ in range(count)
    ]


def _signals(
    model: Model, rng: random.Random, event_type: str, band: int, shape: VisitShape
) -> tuple[list[DirectionSignal], list[StatusSignal]]:
    """A visit's direction and status signals: real wordings of its kind of visit at the level in force
    (`band`), as many as its shape has, directions drawn first."""
    directions = []
    for _ in range(shape.directions):
        d = _pick(model.directions, event_type, band, rng)
        if d:
            directions.append(
                DirectionSignal(
                    raw_phrase=d["raw_phrase"],
                    direction=int(d["direction"]),
                    rule=d["rule"],
                    scope=d["scope"] or "overall",
                    basis=d["basis"] or "monitoring_letter",
                    quality=MappingQuality(d["mapping_quality"]),
                    raw_context=d["raw_context"] or "",
                )
            )
    statuses = []
    for _ in range(shape.statuses):
        s = _pick(model.statuses, event_type, band, rng)
        if s:
            statuses.append(
                StatusSignal(
                    status=Status(s["status"]),
                    raw_phrase=s["raw_phrase"],
                    rule=s["rule"],
                    raw_context=s["raw_context"] or "",
                )
            )
    return directions, statuses


def document(model: Model, n: int, seed: int) -> ParsedDocument:
    """The whole history of synthetic authority n, as one parsed document."""
    rng = random.Random(f"{seed}:{n}")
    nm, nation, _, _ = _template(model, n)
    code, name = code_of(n), name_of(n)
    # The chain of visit kinds and the days between them, then placed in time so that the last
    # visit falls on a real history's last date (or later, so that it starts within the real
    # record; a history longer than the whole record has its gaps shortened to fit).
    kinds, offsets = [rng.choice(nm.first)], [0]
    while True:
        following = rng.choice(nm.next.get(kinds[-1]) or [None])
        if following is None or len(kinds) >= MAX_VISITS:
            break
        gaps = nm.gaps.get((kinds[-1], following)) or nm.gaps_to.get(following) or [365]
        offsets.append(offsets[-1] + max(rng.choice(gaps), 0))
        kinds.append(following)
    end = rng.choice(nm.ends)
    earliest, latest = min(nm.starts), max(nm.ends)
    record = (latest - earliest).days
    if offsets[-1] > record:  # longer than the whole record: its gaps are shortened to fit
        offsets = [o * record // offsets[-1] for o in offsets]
    if (end - earliest).days < offsets[-1]:  # moved later so that it starts within the record
        end = earliest + dt.timedelta(days=offsets[-1])
    events: list[Event] = []
    current: float | None = None
    for kind, offset in zip(kinds, offsets, strict=True):
        day = end - dt.timedelta(days=offsets[-1] - offset)
        made, current = _event(model, rng, nm, kind, day, current)
        events += made
    for _ in range(rng.choice(nm.undated or [0])):
        made, _ = _event(model, rng, nm, rng.choice(nm.undated_types), None, current)
        events += made
    if nm.planned_types and rng.random() < nm.planned_share:
        last = max((e.start.first_day() for e in events if e.start), default=end)
        made, _ = _event(
            model,
            rng,
            nm,
            rng.choice(nm.planned_types),
            last + dt.timedelta(days=rng.choice(nm.planned_gaps)),
            current,
            planned=True,
        )
        events += made
    sha = hashlib.sha256(f"synthetic|{seed}|{code}".encode()).hexdigest()
    return ParsedDocument(
        source=Source(
            path=f"synthetic/seed-{seed}/{code}",
            sha256=sha,
            media_type="text/plain",
            title=f"Synthetic history of {name}",
            extraction_method=KIND,
        ),
        authority=AuthorityRef(name_as_written=name, code=code, name=name, nation=Nation(nation)),
        inspectorate=nm.inspectorate,
        events=events,
        kind=KIND,
    )


def generate(model: Model, count: int, seed: int, first: int = 1) -> Iterator[ParsedDocument]:
    for n in range(first, first + count):
        yield document(model, n, seed)


def count_for(model: Model, factor: float) -> int:
    """How many synthetic authorities make the database about `factor` times the real corpus."""
    if factor < 1:
        raise Refused(f"the factor must be at least 1 (the real corpus itself), not {factor:g}")
    return round((factor - 1) * model.real_authorities)

"""Synthetic data shaped like the real corpus, at N times its size, for measuring how the product scales.

Contract:
- `estimate(conn)` reads the REAL rows of a database (synthetic ones are left out) and returns a
  `Model`: per nation, the chain of visit kinds (which kind follows which, which comes first, when
  a history ends), the days between visits, when histories start, graded levels (the first one and
  P(next level | level)), planned visits; per kind of visit, the joint shape of real visits (fieldwork
  length, publication lag, framework, the judgements relative to the overall level, how many
  direction and status signals and findings, how many other sources describe the same visit;
  visits with no date at all apart, as many per authority as the real ones have);
  the real judgement, direction and status wordings by level; and the real finding sentences with
  their section. Everything is sorted before sampling, so a model depends only on the data.
- `generate(model, count, seed, first=1)` yields `count` `ParsedDocument`s, one per synthetic
  authority (`first`, `first + 1`, ...): every event of its history with judgements, signals and
  findings. Finding texts are real sentences, tagged by the real tagger (`normalise.finding`). The
  n-th authority depends only on the model, the seed and n (`random.Random(f"{seed}:{n}")`), so a
  larger factor adds authorities without changing the ones already made.
- `authority(model, n)` is the reference row of synthetic authority n. Synthetic data is marked
  four ways and never mixes with real data silently: codes `X00000001`, names
  "Synthetic authority 00001", regions "Synthetic <real region>" (nations and regions follow the
  real list), and documents of kind `synthetic` at path `synthetic/seed-S/CODE` (no original file).
- `synthesize(engine, factor, seed)` makes the database about `factor` times the real corpus:
  (factor - 1) x the real authorities with visits are added as synthetic authorities (through
  `store.add_authorities`) and their documents are loaded through `store.store_file` as one load run
  ("synthesize ..."), many documents per write transaction. Each document has its own sha256
  (seed and code), so running it again changes nothing and a larger factor adds only what is
  missing. Data of another seed is refused (`Refused`): remove it first.
- `remove(engine)` undoes every synthesize run still in force and deletes the synthetic
  authorities left without documents; real data is untouched.
"""

from __future__ import annotations

import bisect
import datetime as dt
import hashlib
import itertools
import random
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

import pandas as pd
from sqlalchemy import Connection, Engine, delete, select

from trajectories import analytics, normalise
from trajectories.authorities import Authority as ReferenceAuthority
from trajectories.db import queries, store
from trajectories.db.engine import writer
from trajectories.db.models import Authority, EventRow, FindingRow, LoadRun, SourceDocument
from trajectories.domain import (
    AuthorityRef,
    Dimension,
    DirectionSignal,
    Event,
    Filters,
    Finding,
    Inspectorate,
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

PREFIX = "X"  # real ONS/GSS codes start with E, W, S, N or K
REGION_PREFIX = "Synthetic "
KIND = "synthetic"
COMMAND = "synthesize"
INSPECTORATE = {
    Nation.ENGLAND.value: Inspectorate.OFSTED,
    Nation.WALES.value: Inspectorate.CIW,
    Nation.SCOTLAND.value: Inspectorate.CI_SCOT,
}
BATCH = 200  # documents per write transaction
MAX_VISITS = 60  # a history longer than any real one is cut here


class Refused(ValueError):
    """A synthesize request refused, with a one-line reason."""


def code_of(n: int) -> str:
    return f"{PREFIX}{n:08d}"


def name_of(n: int) -> str:
    return f"Synthetic authority {n:05d}"


def is_synthetic(code: str) -> bool:
    return str(code).startswith(PREFIX)


def real_only(column):
    """A SQL condition keeping real authorities' rows (synthetic codes start with X)."""
    return ~column.like(f"{PREFIX}%")


@dataclass(frozen=True)
class VisitShape:
    """One real visit, as a pattern: its kind's numbers, not its words."""

    duration: int | None  # days from start to end of fieldwork
    publish_lag: int | None  # days from the end (or start) to publication
    precision: str
    framework: str | None
    judgements: tuple[tuple[str, str, float, bool], ...]  # (dimension, subject, offset or level, relative)
    directions: int
    statuses: int
    findings: int
    echoes: int  # other sources describing the same visit (outcome-table rows)


@dataclass
class NationModel:
    inspectorate: Inspectorate
    templates: list[tuple[str, str, tuple[str, ...]]]  # (code, region, stat neighbours) of real authorities with visits
    first: list[str]
    next: dict[str, list[str | None]]  # None: the history ends
    starts: list[dt.date]
    ends: list[dt.date]  # the last visit of each real history
    gaps: dict[tuple[str, str], list[int]]
    gaps_to: dict[str, list[int]]
    first_levels: list[float]
    next_levels: dict[float, list[float]]
    planned_share: float
    planned_types: list[str]
    planned_gaps: list[int]
    undated: list[int]  # visits with no date at all, per real authority
    undated_types: list[str]


@dataclass
class Model:
    nations: dict[str, NationModel]
    templates: list[tuple[str, str]]  # (real code, nation) of every real authority with visits, by code
    shapes: dict[str, list[VisitShape]]
    undated_shapes: dict[str, list[VisitShape]]
    levels: dict[tuple[str, str, str], list[float]]  # (inspectorate, dimension, subject) -> sorted levels known
    wordings: dict[tuple[str, str, str, float], list[dict]]  # ... + level -> real judgement rows
    directions: dict[tuple[str, int], list[dict]]  # (event type, level band) -> real direction rows
    statuses: dict[tuple[str, int], list[dict]]
    sentences: dict[str, list[tuple[str, str]]]  # event type -> real (text, section)
    last_date: dt.date
    _tagged: dict[tuple[str, str], Finding] = field(default_factory=dict, repr=False)

    @property
    def real_authorities(self) -> int:
        return len(self.templates)

    def finding(self, text: str, section: str) -> Finding:
        """A real sentence tagged by the real tagger (once per sentence and section)."""
        key = (text, section)
        found = self._tagged.get(key)
        if found is None:
            found = self._tagged[key] = normalise.finding(text, section)
        return found


def _days(a, b) -> int | None:
    if a is None or b is None or pd.isna(a) or pd.isna(b):
        return None
    return (b - a).days


def _band(level: float | None) -> int:
    return int(round(level)) if level is not None else 0


def _none(value):
    return None if value is None or (isinstance(value, float) and pd.isna(value)) else value


def estimate(conn: Connection) -> Model:
    """The model of the real rows in this database (see the module contract)."""
    regions = conn.scalars(select(Authority.region).where(real_only(Authority.code)).distinct()).all()
    real = Filters(regions=tuple(sorted(regions)))  # real authorities only, filtered in SQL
    events = queries.events(conn, real)
    if events.empty:
        raise Refused("the database holds no real documents to learn from: run `python -m trajectories init` first")
    judgements = queries.judgements(conn, real)
    directions = queries.directions(conn, real)
    statuses = queries.statuses(conn, real)
    finding_rows = conn.execute(
        select(EventRow.event_type, FindingRow.text, FindingRow.section, EventRow.id)
        .join(EventRow, EventRow.id == FindingRow.event_id)
        .where(real_only(EventRow.authority_code))
        .order_by(EventRow.id, FindingRow.seq)
    ).all()
    authorities = queries.authorities(conn)
    authorities = authorities[~authorities["code"].map(is_synthetic)].set_index("code")

    counts = {name: Counter(df["event_id"]) for name, df in (("directions", directions), ("statuses", statuses))}
    counts["findings"] = Counter(r[3] for r in finding_rows)
    by_event = {k: g for k, g in judgements.groupby("event_id")}

    actual = events[~events["planned"].astype(bool)]
    visits = analytics.distinct_events(actual)
    visits["_date"] = visits["start_date"].where(visits["start_date"].notna(), visits["published_date"])

    # The shape of each real visit of each kind (visits with no date at all apart).
    shapes: dict[str, list[VisitShape]] = defaultdict(list)
    undated_shapes: dict[str, list[VisitShape]] = defaultdict(list)
    for v in visits.sort_values("event_id").to_dict("records"):
        js = by_event.get(v["event_id"])
        template: list[tuple[str, str, float, bool]] = []
        if js is not None:
            graded = js[js["level"].notna()]
            overall = graded[
                (graded["dimension"] == "overall") & graded["subject_type"].isin(("local_authority", "partnership"))
            ]
            base = float(overall["level"].iloc[0]) if not overall.empty else None
            for j in graded.sort_values("judgement_id").to_dict("records"):
                if base is None:
                    template.append((j["dimension"], j["subject_type"], float(j["level"]), False))
                else:
                    template.append((j["dimension"], j["subject_type"], float(j["level"]) - base, True))
        end = v["end_date"] if _none(v["end_date"]) is not None else v["start_date"]
        into = shapes if _none(v["_date"]) is not None else undated_shapes
        into[v["event_type"]].append(
            VisitShape(
                duration=_days(v["start_date"], v["end_date"]),
                publish_lag=_days(end, v["published_date"]),
                precision=v["start_precision"] or "day",
                framework=_none(v["framework"]),
                judgements=tuple(template),
                directions=counts["directions"][v["event_id"]],
                statuses=counts["statuses"][v["event_id"]],
                findings=counts["findings"][v["event_id"]],
                echoes=int(v["sources"]) - 1,
            )
        )

    # Levels over time (as the pages draw them) give the current level of each visit's authority.
    steps = analytics.level_steps(judgements, today=dt.date.today())
    steps_by = {code: list(zip(g["date"], g["level"], strict=True)) for code, g in steps.groupby("authority_code")}

    def level_at(code: str, when) -> float | None:
        seq = steps_by.get(code, [])
        i = bisect.bisect_right([d for d, _ in seq], when) if when is not None else 0
        return float(seq[i - 1][1]) if i else None

    nations: dict[str, NationModel] = {}
    templates: list[tuple[str, str]] = []
    dated = visits[visits["_date"].notna()].sort_values(["authority_code", "_date", "event_id"])
    per_nation: dict[str, list[tuple[str, list]]] = defaultdict(list)
    for code, group in dated.groupby("authority_code", sort=True):
        per_nation[
            str(authorities.loc[code, "nation"]) if code in authorities.index else group["nation"].iloc[0]
        ].append((code, group.to_dict("records")))
    planned = events[events["planned"].astype(bool)]
    undated = visits[visits["_date"].isna()].sort_values("event_id")
    undated_by = Counter(undated["authority_code"])
    for nation in sorted(per_nation):
        histories = per_nation[nation]
        nm = NationModel(
            inspectorate=INSPECTORATE.get(nation, Inspectorate.OFSTED),
            templates=[],
            first=[],
            next=defaultdict(list),
            starts=[],
            ends=[],
            gaps=defaultdict(list),
            gaps_to=defaultdict(list),
            first_levels=[],
            next_levels=defaultdict(list),
            planned_share=0.0,
            planned_types=[],
            planned_gaps=[],
            undated=[],
            undated_types=[],
        )
        for code, recs in histories:
            ref = authorities.loc[code] if code in authorities.index else None
            region = str(ref["region"]) if ref is not None else nation
            neighbours = (
                tuple(c for c in str(_none(ref["stat_neighbours"]) or "").split(",") if c) if ref is not None else ()
            )
            nm.templates.append((code, region, neighbours))
            templates.append((code, nation))
            nm.first.append(recs[0]["event_type"])
            nm.starts.append(recs[0]["_date"])
            nm.ends.append(recs[-1]["_date"])
            nm.undated.append(undated_by.get(code, 0))
            for a, b in itertools.pairwise(recs):
                nm.next[a["event_type"]].append(b["event_type"])
                gap = (b["_date"] - a["_date"]).days
                nm.gaps[(a["event_type"], b["event_type"])].append(gap)
                nm.gaps_to[b["event_type"]].append(gap)
            nm.next[recs[-1]["event_type"]].append(None)
            levels = [float(v) for v in steps[steps["authority_code"] == code]["level"]] if code in steps_by else []
            if levels:
                nm.first_levels.append(levels[0])
                for a, b in itertools.pairwise(levels):
                    nm.next_levels[a].append(b)
            mine = planned[planned["authority_code"] == code]
            for p in mine.to_dict("records"):
                nm.planned_types.append(p["event_type"])
                gap = _days(recs[-1]["_date"], p["start_date"])
                nm.planned_gaps.append(gap if gap is not None else 180)
        nm.undated_types = list(undated[undated["nation"] == nation]["event_type"])
        nm.planned_share = len(set(planned[planned["nation"] == nation]["authority_code"])) / max(len(histories), 1)
        nations[nation] = nm

    # Real wordings: judgements by level, signals by kind of visit and the level in force.
    levels: dict[tuple[str, str, str], set[float]] = defaultdict(set)
    wordings: dict[tuple[str, str, str, float], list[dict]] = defaultdict(list)
    for j in judgements[judgements["level"].notna()].sort_values("judgement_id").to_dict("records"):
        key = (j["inspectorate"], j["dimension"], j["subject_type"])
        levels[key].add(float(j["level"]))
        wordings[(*key, float(j["level"]))].append(
            {
                k: _none(j[k])
                for k in (
                    "raw_label",
                    "raw_phrase",
                    "raw_context",
                    "scale_value",
                    "level",
                    "level_low",
                    "level_high",
                    "mapping_quality",
                    "rule",
                )
            }
        )
    direction_pool: dict[tuple[str, int], list[dict]] = defaultdict(list)
    for d in directions.sort_values("direction_id").to_dict("records"):
        band = _band(level_at(d["authority_code"], analytics.effective_date(pd.DataFrame([d])).iloc[0]))
        direction_pool[(d["event_type"], band)].append(
            {
                k: _none(d[k])
                for k in ("raw_phrase", "raw_context", "direction", "scope", "basis", "mapping_quality", "rule")
            }
        )
    status_pool: dict[tuple[str, int], list[dict]] = defaultdict(list)
    for s in statuses.sort_values("status_id").to_dict("records"):
        band = _band(level_at(s["authority_code"], analytics.effective_date(pd.DataFrame([s])).iloc[0]))
        status_pool[(s["event_type"], band)].append(
            {k: _none(s[k]) for k in ("status", "raw_phrase", "raw_context", "rule")}
        )
    sentences: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for event_type, text, section, _ in finding_rows:
        sentences[event_type].append((text, section or ""))

    last = max(d for d in visits["_date"] if d is not None)
    return Model(
        nations=nations,
        templates=sorted(templates),
        shapes=dict(shapes),
        undated_shapes=dict(undated_shapes),
        levels={k: sorted(v) for k, v in levels.items()},
        wordings=dict(wordings),
        directions=dict(direction_pool),
        statuses=dict(status_pool),
        sentences=dict(sentences),
        last_date=max(last, dt.date.today()),
    )


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
    band = _band(after)
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
    echoes = [
        Event(
            event_type=event_type,
            start=event.start,
            end=event.end,
            published=event.published,
            title=title,
            framework=shape.framework,
            judgements=list(judgements),
        )
        for _ in range(shape.echoes)
    ]
    return [event, *echoes], after


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


@dataclass
class SynthReport:
    run_id: int | None
    authorities: int
    loaded: int
    unchanged: int
    events: int
    findings: int
    seconds: float
    estimate_seconds: float

    def lines(self) -> list[str]:
        rate = self.findings / self.seconds if self.seconds else 0
        return [
            f"synthetic authorities: {self.authorities} (loaded {self.loaded}, unchanged {self.unchanged}) as load run "
            f"{self.run_id}",
            f"events {self.events:,}, findings {self.findings:,} in {self.seconds:.1f} s ({rate:,.0f} findings/s); "
            f"model estimated in {self.estimate_seconds:.1f} s",
        ]


def _other_seed(conn: Connection, seed: int) -> str | None:
    """The path of a synthetic document made with another seed, if there is one."""
    return conn.scalar(
        select(SourceDocument.path)
        .where(SourceDocument.kind == KIND, ~SourceDocument.path.like(f"synthetic/seed-{seed}/%"))
        .limit(1)
    )


def synthesize(
    engine: Engine, factor: float, seed: int = 42, progress: Callable[[int, int], None] | None = None
) -> SynthReport:
    """Make the database about `factor` times the real corpus (see the module contract)."""
    from trajectories.ingest import prepare

    prepare(engine)
    started = time.perf_counter()
    with engine.connect() as conn:
        other = _other_seed(conn, seed)
        if other:
            raise Refused(
                f"the database holds synthetic data of another seed ({other.rsplit('/', 1)[0]}); "
                "remove it first (python -m trajectories synthesize --remove)"
            )
        model = estimate(conn)
    estimated = time.perf_counter() - started
    count = count_for(model, factor)
    eng = writer(engine)
    with eng.begin() as conn:
        run_id = store.begin_run(conn, f"{COMMAND} --factor {factor:g} --seed {seed}")
        store.add_authorities(conn, [authority(model, n) for n in range(1, count + 1)])
        known = store.known_hashes(conn)
    report = SynthReport(run_id, count, 0, 0, 0, 0, 0.0, estimated)
    started = time.perf_counter()
    docs = generate(model, count, seed)
    done = analysed = 0
    while done < count:
        batch = [next(docs) for _ in range(min(BATCH, count - done))]
        with eng.begin() as conn:
            for doc in batch:
                if store.store_file(conn, [doc], run_id, known=known):
                    report.loaded += 1
                    report.events += len(doc.events)
                    report.findings += sum(len(e.findings) for e in doc.events)
                else:
                    report.unchanged += 1
            # PostgreSQL: statistics while the tables grow (each time they double), so that plans
            # kept by the connection still use the indexes even where autovacuum is off.
            if conn.dialect.name == "postgresql" and done >= 2 * analysed:
                store.refresh_statistics(conn)
                analysed = max(done, BATCH)
        done += len(batch)
        if progress:
            progress(done, count)
    with eng.begin() as conn:
        store.finish_run(conn, run_id, report.loaded, report.unchanged, 0, [])
        if conn.dialect.name != "sqlite":  # SQLite's are refreshed by finish_run
            store.refresh_statistics(conn)
    report.seconds = time.perf_counter() - started
    return report


def remove(engine: Engine) -> tuple[int, int]:
    """Undo every synthesize run in force and delete synthetic authorities left without documents.
    Returns (runs undone, authorities deleted)."""
    from trajectories.ingest import undo

    with engine.connect() as conn:
        runs = conn.scalars(
            select(LoadRun.id)
            .where(LoadRun.command.like(f"{COMMAND} %"), LoadRun.undone_at.is_(None))
            .order_by(LoadRun.id)
        ).all()
    for run_id in runs:
        undo(engine, run_id)
    with writer(engine).begin() as conn:
        left = select(SourceDocument.authority_code).where(SourceDocument.authority_code.like(f"{PREFIX}%"))
        gone = conn.execute(
            delete(Authority).where(
                Authority.code.like(f"{PREFIX}%"),
                Authority.region.like(f"{REGION_PREFIX}%"),
                Authority.code.not_in(left),
            )
        ).rowcount
    return len(runs), gone

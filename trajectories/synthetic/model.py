"""The model of the real rows of a database that synthetic data is drawn from (`estimate`)."""

from __future__ import annotations

import bisect
import datetime as dt
import itertools
from collections import Counter, defaultdict
from dataclasses import dataclass, field

import pandas as pd
from sqlalchemy import Connection, select

from trajectories import analytics, normalise
from trajectories.db import queries
from trajectories.db.models import Authority, EventRow, FindingRow
from trajectories.domain import (
    Filters,
    Finding,
    Inspectorate,
)
from trajectories.synthetic.marks import (
    INSPECTORATE,
    Refused,
    is_synthetic,
    real_only,
)


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
    actual = events[~events["planned"].astype(bool)]
    visits = analytics.distinct_events(actual)
    visits["_date"] = visits["start_date"].where(visits["start_date"].notna(), visits["published_date"])
    shapes, undated_shapes = _visit_shapes(visits, judgements, counts)
    # Levels over time (as the pages draw them) give the current level of each visit's authority.
    steps = analytics.level_steps(judgements, today=dt.date.today())
    nations, templates = _nation_models(visits, events, steps, authorities)
    levels, wordings = _judgement_wordings(judgements)
    direction_pool, status_pool = _signal_pools(directions, statuses, steps)
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


def _visit_shapes(visits: pd.DataFrame, judgements: pd.DataFrame, counts: dict[str, Counter]) -> tuple[dict, dict]:
    """The shape of each real visit of each kind: (dated shapes, shapes of visits with no date at all)."""
    by_event = {k: g for k, g in judgements.groupby("event_id")}
    shapes: dict[str, list[VisitShape]] = defaultdict(list)
    undated_shapes: dict[str, list[VisitShape]] = defaultdict(list)
    for v in visits.sort_values("event_id").to_dict("records"):
        end = v["end_date"] if _none(v["end_date"]) is not None else v["start_date"]
        into = shapes if _none(v["_date"]) is not None else undated_shapes
        into[v["event_type"]].append(
            VisitShape(
                duration=_days(v["start_date"], v["end_date"]),
                publish_lag=_days(end, v["published_date"]),
                precision=v["start_precision"] or "day",
                framework=_none(v["framework"]),
                judgements=_judgement_template(by_event.get(v["event_id"])),
                directions=counts["directions"][v["event_id"]],
                statuses=counts["statuses"][v["event_id"]],
                findings=counts["findings"][v["event_id"]],
                echoes=int(v["sources"]) - 1,
            )
        )
    return shapes, undated_shapes


def _judgement_template(js: pd.DataFrame | None) -> tuple[tuple[str, str, float, bool], ...]:
    """A visit's graded judgements as (dimension, subject, level relative to its overall grade, True),
    or with absolute levels (False) when it gave no overall grade."""
    if js is None:
        return ()
    graded = js[js["level"].notna()]
    overall = graded[
        (graded["dimension"] == "overall") & graded["subject_type"].isin(("local_authority", "partnership"))
    ]
    base = float(overall["level"].iloc[0]) if not overall.empty else None
    return tuple(
        (j["dimension"], j["subject_type"], float(j["level"]), False)
        if base is None
        else (j["dimension"], j["subject_type"], float(j["level"]) - base, True)
        for j in graded.sort_values("judgement_id").to_dict("records")
    )


def _nation_models(
    visits: pd.DataFrame, events: pd.DataFrame, steps: pd.DataFrame, authorities: pd.DataFrame
) -> tuple[dict[str, NationModel], list[tuple[str, str]]]:
    """Each nation's model of its real histories, and (code, nation) of every real authority with visits."""
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
    graded_codes = set(steps["authority_code"])
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
            _add_history(nm, code, recs, ref, nation)
            templates.append((code, nation))
            nm.undated.append(undated_by.get(code, 0))
            levels = [float(v) for v in steps[steps["authority_code"] == code]["level"]] if code in graded_codes else []
            if levels:
                nm.first_levels.append(levels[0])
                for a, b in itertools.pairwise(levels):
                    nm.next_levels[a].append(b)
            for p in planned[planned["authority_code"] == code].to_dict("records"):
                nm.planned_types.append(p["event_type"])
                gap = _days(recs[-1]["_date"], p["start_date"])
                nm.planned_gaps.append(gap if gap is not None else 180)
        nm.undated_types = list(undated[undated["nation"] == nation]["event_type"])
        nm.planned_share = len(set(planned[planned["nation"] == nation]["authority_code"])) / max(len(histories), 1)
        nations[nation] = nm
    return nations, templates


def _add_history(nm: NationModel, code: str, recs: list[dict], ref, nation: str) -> None:
    """One real authority's dated visits (in date order) into its nation's chain of kinds and gaps."""
    region = str(ref["region"]) if ref is not None else nation
    neighbours = tuple(c for c in str(_none(ref["stat_neighbours"]) or "").split(",") if c) if ref is not None else ()
    nm.templates.append((code, region, neighbours))
    nm.first.append(recs[0]["event_type"])
    nm.starts.append(recs[0]["_date"])
    nm.ends.append(recs[-1]["_date"])
    for a, b in itertools.pairwise(recs):
        nm.next[a["event_type"]].append(b["event_type"])
        gap = (b["_date"] - a["_date"]).days
        nm.gaps[(a["event_type"], b["event_type"])].append(gap)
        nm.gaps_to[b["event_type"]].append(gap)
    nm.next[recs[-1]["event_type"]].append(None)


JUDGEMENT_WORDS = (
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


def _judgement_wordings(judgements: pd.DataFrame) -> tuple[dict, dict]:
    """Real judgement wordings by level: ({(inspectorate, dimension, subject): levels known},
    {(inspectorate, dimension, subject, level): the real judgement rows})."""
    levels: dict[tuple[str, str, str], set[float]] = defaultdict(set)
    wordings: dict[tuple[str, str, str, float], list[dict]] = defaultdict(list)
    for j in judgements[judgements["level"].notna()].sort_values("judgement_id").to_dict("records"):
        key = (j["inspectorate"], j["dimension"], j["subject_type"])
        levels[key].add(float(j["level"]))
        wordings[(*key, float(j["level"]))].append({k: _none(j[k]) for k in JUDGEMENT_WORDS})
    return levels, wordings


def _signal_pools(directions: pd.DataFrame, statuses: pd.DataFrame, steps: pd.DataFrame) -> tuple[dict, dict]:
    """Real direction and status rows by (kind of visit, the band of the level in force at it)."""
    steps_by = {code: list(zip(g["date"], g["level"], strict=True)) for code, g in steps.groupby("authority_code")}

    def band_at(row: dict) -> int:
        seq = steps_by.get(row["authority_code"], [])
        when = analytics.effective_date(pd.DataFrame([row])).iloc[0]
        i = bisect.bisect_right([d for d, _ in seq], when) if when is not None else 0
        return _band(float(seq[i - 1][1]) if i else None)

    direction_pool: dict[tuple[str, int], list[dict]] = defaultdict(list)
    for d in directions.sort_values("direction_id").to_dict("records"):
        direction_pool[(d["event_type"], band_at(d))].append(
            {
                k: _none(d[k])
                for k in ("raw_phrase", "raw_context", "direction", "scope", "basis", "mapping_quality", "rule")
            }
        )
    status_pool: dict[tuple[str, int], list[dict]] = defaultdict(list)
    for s in statuses.sort_values("status_id").to_dict("records"):
        status_pool[(s["event_type"], band_at(s))].append(
            {k: _none(s[k]) for k in ("status", "raw_phrase", "raw_context", "rule")}
        )
    return direction_pool, status_pool

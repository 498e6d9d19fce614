"""Where an authority stands at any date: the one rule, used by every page, export and summary.

Contract (written out for readers on About the data, `RULE`):
- A *visit* is one real visit however many sources describe it. Rows of the same authority,
  inspectorate and kind of visit are one visit when their known dates (fieldwork start and end,
  publication) overlap or lie within `SAME_VISIT_DAYS` of each other: a report, its table row
  and a timeline row of a paused inspection share their fieldwork or their publication day.
  The document is preferred over a table row (`SOURCE_PREFERENCE`); the visit lists its sources.
- A *full inspection* (`is_full_inspection`) sets the position and ends every older judgement
  of the same authority, whether or not it gives an overall grade. Monitoring visits, focused
  visits, letters and progress reviews never set or end a position.
- The position after a full inspection is one of three kinds (`KIND_*`):
  an overall grade ("graded"); the area grades alone ("areas": Ofsted from April 2026 grades
  four areas and gives no overall grade); or none ("ungraded": CIW does not grade, so a level it
  implied in words lasts only until its next inspection or review).
- *Inadequate now*: the overall grade in force is Inadequate, or, under area grades, any area
  is Inadequate (the areas are named). An inadequate episode runs from the first such
  inspection to the first later full inspection that is not inadequate.
- A visit dated only by its publication is placed on that day and flagged `approximate_date`.

Frames in: judgements and events as `queries.judgements` / `queries.events` give them (the
columns `STATE_READS` / `VISIT_READS` name). Frames out: `states` (one row per full inspection),
`steps` (one row per graded judgement of one dimension, with `until`), `as_at` (one row per
authority on a day). Pure pandas; nothing here reads a database.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd

from trajectories.domain import LEVEL_LABELS
from trajectories.frames import records
from trajectories.visit_dates import PUBLISHED_WITHIN_DAYS as PUBLISHED_WITHIN_DAYS
from trajectories.visit_dates import SAME_VISIT_DAYS as SAME_VISIT_DAYS
from trajectories.visit_dates import _day as _day
from trajectories.visit_dates import join_fieldwork, join_publications, visit_days

# Lower is preferred when several sources describe the same visit.
SOURCE_PREFERENCE = {
    "ofsted_report": 0,
    "ofsted_letter": 0,
    "ciw_letter": 0,
    "ci_scotland": 0,
    "ciw_page": 0,
    "table:ofsted_outcomes": 1,
}
TABLE_PREFERENCE = 2

# Kinds of visit that inspect the whole service and so set the position (prefixes of event types).
FULL_INSPECTIONS = (
    "ofsted_ilacs",
    "ofsted_sif",
    "ofsted_inspection",
    "ofsted_pre_sif",
    "ciw_inspection",
    "ciw_performance_evaluation_inspection",
    "ciw_risk_based_inspection",
    "ciw_follow_up_inspection",
    "ciw_improvement_check",
    "ciw_assurance_check",
    "ci_joint_inspection",
)
AREA_DIMENSIONS = ("leadership", "help_protection", "children_in_care", "cic_and_care_leavers", "care_leavers")
AREA_WORDS = {
    "leadership": "leaders",
    "help_protection": "help and protection",
    "children_in_care": "children in care",
    "cic_and_care_leavers": "children in care and care leavers",
    "care_leavers": "care leavers",
}
SUBJECTS = ("local_authority", "partnership")  # an LSCB's judgement is never the council's position
INADEQUATE_BELOW = 1.5

KIND_GRADED, KIND_AREAS, KIND_UNGRADED = "graded", "areas", "ungraded"
GRADING_INSPECTORATES = ("ofsted", "ci_scot")  # CIW does not grade local authorities' social services

VISIT_READS = (
    "event_id",
    "authority_code",
    "inspectorate",
    "event_type",
    "start_date",
    "end_date",
    "published_date",
    "planned",
    "source_kind",
    "source_path",
)
STATE_READS = (
    "judgement_id",
    "authority_code",
    "authority_name",
    "nation",
    "dimension",
    "subject_type",
    "level",
    "level_low",
    "level_high",
    "mapping_quality",
    "raw_phrase",
    "event_id",
    "event_type",
    "inspectorate",
    "framework",
    "source_path",
    "source_kind",
    "start_date",
    "end_date",
    "published_date",
    "planned",
)
STATE_COLUMNS = [
    "authority_code",
    "authority_name",
    "nation",
    "visit",
    "date",
    "approximate_date",
    "kind",
    "level",
    "level_low",
    "level_high",
    "mapping_quality",
    "raw_phrase",
    "areas",
    "lowest_area",
    "inadequate_areas",
    "inadequate",
    "position",
    "event_id",
    "event_type",
    "inspectorate",
    "framework",
    "source_path",
    "source_kind",
    "sources",
    "disputed",
    "until",
    "in_force",
]

RULE = (
    "Where an authority stands on a day is set by its latest full inspection on or before that day "
    "(Ofsted's inspections of local authority children's services, CIW's inspections, performance "
    "evaluation inspections, follow-up inspections, assurance and improvement checks, and the Care "
    "Inspectorate's joint inspections). A newer full inspection always ends the older one's judgements, "
    "whether or not it gives an overall grade; monitoring visits, focused visits, letters and progress "
    "reviews never set or end a judgement. Since April 2026 Ofsted grades four areas (impact of leaders; "
    "help and protection; children in care; care leavers) and gives no overall grade: the position is then "
    "those four grades, never an invented overall one. An authority is judged inadequate now when its "
    "overall grade in force is Inadequate or, under area grades, when any area is Inadequate (the areas "
    "are named); its inadequate episode ends at the first later full inspection that is not inadequate. "
    "CIW does not grade: a level read from CIW's words lasts until CIW's next inspection or review, after "
    'which the position reads "not graded since" that visit. A visit described by several sources (a '
    "report, a table row, a timeline) is one visit; a visit known only by its publication date is placed "
    "on that day and marked approximate."
)


def preference(kind: object) -> int:
    return SOURCE_PREFERENCE.get(str(kind), TABLE_PREFERENCE)


def is_full_inspection(event_type: object) -> bool:
    return str(event_type).startswith(FULL_INSPECTIONS)


def family(event_type: object) -> str:
    """Kinds of visit that different sources name differently share a family."""
    return "inspection" if is_full_inspection(event_type) else str(event_type)


def effective_date(start, end, published) -> tuple[dt.date | None, bool]:
    """The day a visit speaks for: fieldwork end, else start, else publication (then approximate)."""
    end, start, published = _day(end), _day(start), _day(published)
    if end or start:
        return end or start, False
    return published, published is not None


def visit_ids(frame: pd.DataFrame) -> np.ndarray:
    """One id per row of `frame` (events or judgements with their event's columns): rows that
    describe the same real visit share it (module contract). Rows dated by fieldwork join when
    their dates (publication included) overlap or lie within `SAME_VISIT_DAYS`; a row known only
    by its publication day then joins the latest visit of its kind whose fieldwork ended at most
    `PUBLISHED_WITHIN_DAYS` before it and that no other publication day contradicts. Rows
    without an authority get -1."""
    n = len(frame)
    out = np.full(n, -1, dtype=np.int64)
    if n == 0:
        return out
    fieldwork, published = visit_days(frame)
    next_id = 0
    for rows in _same_kind_groups(frame).values():
        visits, next_id = join_fieldwork(rows, fieldwork, published, out, next_id)
        next_id = join_publications(rows, fieldwork, published, visits, out, next_id)
    return out


def _same_kind_groups(frame: pd.DataFrame) -> dict[tuple, list[int]]:
    """Row positions by (authority, inspectorate, visit family, planned); rows without an authority in none."""
    codes = frame["authority_code"].tolist()
    insp = frame["inspectorate"].tolist()
    fam = [family(t) for t in frame["event_type"].tolist()]
    planned = [bool(p) for p in frame["planned"].tolist()]
    groups: dict[tuple, list[int]] = {}
    for i in range(len(frame)):
        if codes[i] is None or codes[i] != codes[i]:
            continue
        groups.setdefault((codes[i], insp[i], fam[i], planned[i]), []).append(i)
    return groups


def _event_rows(judgements: pd.DataFrame, events: pd.DataFrame | None) -> pd.DataFrame:
    """Every event known from either frame, once per event id, with the visit columns."""
    parts = []
    wanted = (*VISIT_READS, "authority_name", "nation")
    if judgements is not None and not judgements.empty:
        parts.append(judgements[[c for c in wanted if c in judgements.columns]])
    if events is not None and not events.empty:
        parts.append(events[[c for c in wanted if c in events.columns]])
    if not parts:
        return pd.DataFrame(columns=list(VISIT_READS))
    rows = pd.concat(parts, ignore_index=True).drop_duplicates(["authority_code", "event_id"])
    return rows[~rows["planned"].astype(bool)].reset_index(drop=True)


def _visits(judgements: pd.DataFrame, events: pd.DataFrame | None) -> tuple[pd.DataFrame, dict[tuple, int]]:
    """The full inspections (one row each: authority, visit id, date, approximate, best event's
    columns, sources) in date order per authority, and each (authority, event id)'s visit id. An event
    of another kind that carries an overall grade counts as one too (a grade is only ever given by
    an inspection)."""
    rows = _event_rows(judgements, events)
    none = pd.DataFrame(
        columns=[
            "authority_code",
            "authority_name",
            "nation",
            "visit",
            "date",
            "approximate_date",
            "event_id",
            "event_type",
            "inspectorate",
            "source_path",
            "source_kind",
            "sources",
            "source_paths",
        ]
    )
    if rows.empty:
        return none, {}
    graded = set()
    if judgements is not None and not judgements.empty:
        overall = judgements[(judgements["dimension"] == "overall") & judgements["level"].notna()]
        graded = set(zip(overall["authority_code"].tolist(), overall["event_id"].tolist(), strict=True))
    full = [
        is_full_inspection(t) or (c, e) in graded
        for t, c, e in zip(
            rows["event_type"].tolist(), rows["authority_code"].tolist(), rows["event_id"].tolist(), strict=True
        )
    ]
    rows = rows[full].reset_index(drop=True)
    ids = visit_ids(rows.assign(event_type="inspection"))  # every row here is of the inspection family
    rows = rows.assign(visit=ids)
    rows = rows[rows["visit"] >= 0]
    by_visit: dict[int, list[dict]] = {}
    for rec in records(rows):
        by_visit.setdefault(rec["visit"], []).append(rec)
    out = []
    of_event: dict[tuple, int] = {}
    for vid, recs in by_visit.items():
        recs.sort(key=lambda r: (preference(r["source_kind"]), r["event_id"]))
        for r in recs:
            of_event[(r["authority_code"], int(r["event_id"]))] = vid
        out.append(_visit_row(vid, recs))
    frame = pd.DataFrame(out, columns=none.columns)
    frame = frame[frame["date"].notna()]
    frame = frame.sort_values(["authority_code", "date", "visit"]).reset_index(drop=True)
    return frame, of_event


def _visit_row(vid: int, recs: list[dict]) -> dict:
    """One full inspection's row from its sources' records, most preferred first."""
    # Each date from the most preferred source that has it (a table row may know the
    # fieldwork's last day where the preferred one knows only its first).
    known = [
        next((_day(r[c]) for r in recs if _day(r[c]) is not None), None)
        for c in ("start_date", "end_date", "published_date")
    ]
    when, approximate = effective_date(*known)
    best = recs[0]
    paths = sorted({str(r["source_path"]) for r in recs})
    return {
        "authority_code": best["authority_code"],
        "authority_name": best.get("authority_name"),
        "nation": best.get("nation"),
        "visit": vid,
        "date": when,
        "approximate_date": approximate,
        "event_id": int(best["event_id"]),
        "event_type": best["event_type"],
        "inspectorate": best["inspectorate"],
        "source_path": best["source_path"],
        "source_kind": best["source_kind"],
        "sources": len(paths),
        "source_paths": paths,
    }


def _grades(judgements: pd.DataFrame, of_event: dict[tuple, int], dimensions: tuple[str, ...] | None) -> dict:
    """{visit: {dimension: (best judgement record, disputed)}} for the council's (or partnership's)
    graded judgements of the full inspections, the document preferred."""
    if judgements is None or judgements.empty:
        return {}
    df = judgements[
        judgements["subject_type"].isin(SUBJECTS) & judgements["level"].notna() & ~judgements["planned"].astype(bool)
    ]
    if dimensions is not None:
        df = df[df["dimension"].isin(dimensions)]
    out: dict[int, dict[str, list]] = {}
    for rec in records(df):
        vid = of_event.get((rec["authority_code"], int(rec["event_id"])))
        if vid is None:
            continue
        out.setdefault(vid, {}).setdefault(rec["dimension"], []).append(rec)
    result: dict = {}
    for vid, dims in out.items():
        result[vid] = {}
        for dim, recs in dims.items():
            recs.sort(key=lambda r: (preference(r["source_kind"]), r.get("judgement_id") or 0))
            result[vid][dim] = (recs[0], len({float(r["level"]) for r in recs}) > 1)
    return result


def level_words(level) -> str:
    """'Inadequate' … 'Outstanding'; half-steps of approximate scales say so."""
    if level is None or pd.isna(level):
        return "No graded judgement"
    if float(level).is_integer():
        return LEVEL_LABELS[int(level)]
    low = int(level)
    return f"{LEVEL_LABELS[low]}–{LEVEL_LABELS[low + 1]} (approximate)"


def _month(day: dt.date) -> str:
    return day.strftime("%B %Y")


def area_profile(areas: dict[str, float]) -> str:
    """'leaders Good; help and protection Good; children in care Good; care leavers Outstanding'."""
    return "; ".join(f"{AREA_WORDS[d]} {level_words(areas[d])}" for d in AREA_DIMENSIONS if d in areas)


def states(judgements: pd.DataFrame, events: pd.DataFrame | None = None, today: dt.date | None = None) -> pd.DataFrame:
    """One row per full inspection per authority, in date order, with the position it set
    (`STATE_COLUMNS`): `until` is the next full inspection's date (or `today`), `in_force` marks
    the last. `events` adds the full inspections that carry no grade at all."""
    today = today or dt.date.today()
    visits, of_event = _visits(judgements, events)
    if visits.empty:
        return pd.DataFrame(columns=STATE_COLUMNS)
    grades = _grades(judgements, of_event, ("overall", *AREA_DIMENSIONS))
    rows = []
    for v in records(visits):
        rows.append(_state_row(v, grades.get(v["visit"], {})))
    out = pd.DataFrame(rows)
    out["until"] = out.groupby("authority_code")["date"].shift(-1)
    out["in_force"] = out["until"].isna()
    out["until"] = out["until"].where(out["until"].notna(), today)
    for col in STATE_COLUMNS:
        if col not in out:
            out[col] = None
    return out[STATE_COLUMNS]


def _state_row(v: dict, dims: dict) -> dict:
    """The `states` row of one full inspection (`v`, a visit) from its grades per dimension (`dims`)."""
    overall = dims.get("overall")
    areas = {d: float(dims[d][0]["level"]) for d in AREA_DIMENSIONS if d in dims}
    bad = [d for d in AREA_DIMENSIONS if d in areas and areas[d] < INADEQUATE_BELOW]
    base = dict(v)
    base.pop("source_paths", None)
    if overall is not None:
        j, disputed = overall
        kind, level = KIND_GRADED, float(j["level"])
        words = level_words(level)
        inadequate = level < INADEQUATE_BELOW
        base.update(
            level_low=j["level_low"],
            level_high=j["level_high"],
            mapping_quality=j["mapping_quality"],
            raw_phrase=j["raw_phrase"],
            event_id=int(j["event_id"]),
            framework=j.get("framework"),
            source_path=j["source_path"],
            source_kind=j["source_kind"],
        )
    elif areas:
        kind, level, disputed = KIND_AREAS, None, any(dims[d][1] for d in areas)
        words = area_profile(areas)
        inadequate = bool(bad)
        first = dims[next(d for d in AREA_DIMENSIONS if d in dims)][0]
        base.update(
            level_low=None,
            level_high=None,
            mapping_quality=first["mapping_quality"],
            raw_phrase=words,
            framework=first.get("framework"),
        )
    else:
        kind, level, disputed, inadequate = KIND_UNGRADED, None, False, False
        if v["inspectorate"] in GRADING_INSPECTORATES:
            words = f"inspected {_month(v['date'])}; no overall grade recorded here"
        else:
            words = f"not graded since {_month(v['date'])}"
        base.update(level_low=None, level_high=None, mapping_quality=None, raw_phrase=None, framework=None)
    base.update(
        kind=kind,
        level=level,
        areas=areas,
        lowest_area=min(areas.values()) if areas else None,
        inadequate_areas=[AREA_WORDS[d] for d in bad] if kind == KIND_AREAS else [],
        inadequate=inadequate,
        position=words,
        disputed=disputed,
    )
    return base


STEP_COLUMNS = [
    "authority_code",
    "authority_name",
    "nation",
    "dimension",
    "subject_type",
    "date",
    "level",
    "level_low",
    "level_high",
    "mapping_quality",
    "raw_phrase",
    "raw_context",
    "event_id",
    "event_type",
    "inspectorate",
    "framework",
    "source_path",
    "source_kind",
    "span_start",
    "span_end",
    "sources",
    "disputed",
    "until",
    "in_force",
    "approximate_date",
    "ended_by",
]


def steps(
    judgements: pd.DataFrame,
    events: pd.DataFrame | None = None,
    dimension: str = "overall",
    subjects: tuple[str, ...] = SUBJECTS,
    today: dt.date | None = None,
) -> pd.DataFrame:
    """One row per full inspection that graded `dimension`, in date order per authority: the
    judgement (the document's reading preferred; `disputed` when sources differ), held `until`
    the next full inspection of the authority, whatever that one graded (`ended_by` names its
    kind: "graded", "areas" or "ungraded"; None while `in_force`)."""
    today = today or dt.date.today()
    if judgements is None or judgements.empty:
        return pd.DataFrame(columns=STEP_COLUMNS)
    visits, of_event = _visits(judgements, events)
    if visits.empty:
        return pd.DataFrame(columns=STEP_COLUMNS)
    keep = judgements[judgements["subject_type"].isin(subjects)]
    grades = _grades(keep, of_event, (dimension,))
    every = _grades(judgements, of_event, ("overall", *AREA_DIMENSIONS))
    kinds = {
        vid: KIND_GRADED if "overall" in every.get(vid, {}) else KIND_AREAS if every.get(vid) else KIND_UNGRADED
        for vid in visits["visit"].tolist()
    }
    rows = []
    order = records(visits)
    for k, v in enumerate(order):
        found = grades.get(v["visit"], {}).get(dimension)
        if found is None:
            continue
        j, disputed = found
        nxt = order[k + 1] if k + 1 < len(order) and order[k + 1]["authority_code"] == v["authority_code"] else None
        row = {c: j.get(c) for c in STEP_COLUMNS if c in j}
        row.update(
            date=v["date"],
            approximate_date=v["approximate_date"],
            sources=v["sources"],
            disputed=disputed,
            until=nxt["date"] if nxt else today,
            in_force=nxt is None,
            ended_by=kinds.get(nxt["visit"]) if nxt else None,
        )
        rows.append(row)
    out = pd.DataFrame(rows, columns=STEP_COLUMNS)
    return out.sort_values(["authority_code", "date"]).reset_index(drop=True)


AS_AT_COLUMNS = [
    "authority_code",
    "kind",
    "position",
    "level",
    "lowest_area",
    "inadequate",
    "inadequate_areas",
    "inadequate_since",
    "position_date",
    "approximate_date",
    "position_source",
    "mapping_quality",
    "event_id",
    "inspectorate",
]


def as_at(state_rows: pd.DataFrame, day: dt.date) -> pd.DataFrame:
    """Each authority's position on `day` (`AS_AT_COLUMNS`): the latest full inspection on or
    before it, and, while inadequate, the day its open episode began."""
    if state_rows.empty:
        return pd.DataFrame(columns=AS_AT_COLUMNS)
    df = state_rows[state_rows["date"] <= day].sort_values(["authority_code", "date"], kind="stable")
    rows = []
    for code, group in df.groupby("authority_code", sort=True):
        recs = records(group)
        last = recs[-1]
        since = None
        if last["inadequate"]:
            k = len(recs) - 1
            while k > 0 and recs[k - 1]["inadequate"]:
                k -= 1
            since = recs[k]["date"]
        rows.append(
            {
                "authority_code": code,
                "kind": last["kind"],
                "position": last["position"],
                "level": last["level"],
                "lowest_area": last["lowest_area"],
                "inadequate": bool(last["inadequate"]),
                "inadequate_areas": last["inadequate_areas"],
                "inadequate_since": since,
                "position_date": last["date"],
                "approximate_date": bool(last["approximate_date"]),
                "position_source": last["source_path"],
                "mapping_quality": last["mapping_quality"],
                "event_id": last["event_id"],
                "inspectorate": last["inspectorate"],
            }
        )
    return pd.DataFrame(rows, columns=AS_AT_COLUMNS)

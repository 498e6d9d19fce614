"""Where each authority stands today: one summary row per authority for the Overview and the exports.

Contract: the position is `summaries.authority_positions` (the stored summaries' one definition); a
renamed council inherits its predecessor's position until it is inspected itself; `exists` says
whether the council existed on the day asked (an abolished council is never in a current figure).
"""

from __future__ import annotations

import datetime as dt

import pandas as pd

from trajectories import positions
from trajectories.positions import level_words
from trajectories.summaries import POSITION_COLUMNS, _by_code, _months, authority_positions, visits

SUMMARY_COLUMNS = [
    "code",
    "name",
    "nation",
    "region",
    "level",
    "level_words",
    "mapping_quality",
    "since",
    "months_at_level",
    "last_visit",
    "last_visit_type",
    "next_planned",
    "direction",
    "direction_phrase",
    "direction_date",
    "trajectory",
    "judgements",
    "position",
    "position_kind",
    "lowest_area",
    "inadequate",
    "inadequate_since",
    "months_inadequate",
    "position_source",
    "exists",
]


def position_band(kind: str | None, level) -> str:
    """The category an authority is counted in on the Overview: its overall grade, or what stands
    in its place ("Area grades only", "Not graded since last review", "No graded judgement")."""
    if kind == positions.KIND_AREAS:
        return AREAS_BAND
    if kind == positions.KIND_UNGRADED:
        return UNGRADED_BAND
    return level_words(level)


AREAS_BAND = "Area grades only (no overall grade)"
UNGRADED_BAND = "Not graded since last review"
NO_GRADE_BAND = "No graded judgement"


def exists_on(authorities: pd.DataFrame, day: dt.date) -> list[bool]:
    """Whether each authority existed on `day` (an abolished council is never counted in a current figure)."""
    starts = authorities["valid_from"].tolist() if "valid_from" in authorities else [None] * len(authorities)
    ends = authorities["valid_to"].tolist() if "valid_to" in authorities else [None] * len(authorities)
    return [
        (not isinstance(a, dt.date) or a <= day) and (not isinstance(b, dt.date) or day <= b)
        for a, b in zip(starts, ends, strict=True)
    ]


def _inherited(pos: dict[str, tuple], codes: list[str]) -> dict[str, tuple]:
    """A council renamed with a new code (same area and service) takes over its predecessor's
    position until it is inspected itself."""
    from trajectories.authorities import LINEAGE

    out = dict(pos)
    for ln in LINEAGE:
        if ln.kind == "rename" and ln.successor in codes and ln.predecessor in pos:
            mine, theirs = pos.get(ln.successor), pos[ln.predecessor]
            if mine is None:
                out[ln.successor] = theirs
            elif mine[POSITION_COLUMNS.index("position_kind") - 1] is None:  # visited, but not inspected itself
                own = {
                    POSITION_COLUMNS.index(c) - 1
                    for c in ("last_visit", "last_visit_type", "direction", "direction_phrase", "direction_date")
                }
                out[ln.successor] = tuple(
                    m if k in own else t for k, (m, t) in enumerate(zip(mine, theirs, strict=True))
                )
    return out


def authority_summary(
    authorities: pd.DataFrame,
    states: pd.DataFrame | None,
    events: pd.DataFrame,
    directions: pd.DataFrame | None,
    today: dt.date | None = None,
    actual: pd.DataFrame | None = None,
    positions: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """One row per authority: where it stands (`position`, `level` when an overall grade is in
    force, `inadequate` and since when) and since when, the last and next visits, the latest
    direction of travel, the sequence of overall grades (for a small trajectory), and whether it
    existed on `today` (`exists`). `actual`: `visits(events)`, when the caller has it already;
    `positions`: `authority_positions(states, actual, directions)`, when the caller has them
    (then only the planned events of `events` are read)."""
    today = today or dt.date.today()
    if positions is None:
        actual = visits(events) if actual is None else actual
        positions = authority_positions(states, actual, directions)
    codes = authorities["code"].tolist()
    if not codes:
        return pd.DataFrame(columns=SUMMARY_COLUMNS)
    nxt = _next_planned(events, today)
    pos = _inherited(_position_tuples(positions), codes)
    cols = dict(zip(POSITION_COLUMNS[1:], zip(*(pos.get(code, _BLANK) for code in codes), strict=True), strict=True))
    return pd.DataFrame(_summary_columns(authorities, cols, nxt, today), columns=SUMMARY_COLUMNS)


# A position's cells for an authority with none, in `POSITION_COLUMNS[1:]` order.
_BLANK = ([], None, None, None, None, None, None, None, None, None, None, None, False, None, None)


def _next_planned(events: pd.DataFrame, today: dt.date) -> dict:
    """Each authority's first planned visit from the start of this month: {code: (start_date,)}."""
    planned = (
        events[events["planned"].astype(bool) & (events["start_date"] >= today.replace(day=1))]
        if not events.empty
        else events
    )
    nxt = planned.sort_values("start_date").groupby("authority_code").head(1) if not planned.empty else None
    return _by_code(nxt, "authority_code", ["start_date"])


def _position_tuples(positions: pd.DataFrame) -> dict[str, tuple]:
    """{code: the cells of `POSITION_COLUMNS[1:]`}, missing values as None, column by column (a frame
    read from SQL holds NaN in number columns)."""
    if positions.empty:
        return {}
    cells = (
        positions[c].astype(object).where(positions[c].notna(), None).tolist()
        if c != "levels"
        else positions[c].tolist()
        for c in POSITION_COLUMNS[1:]
    )
    return dict(zip(positions["authority_code"].tolist(), zip(*cells, strict=True), strict=True))


def _summary_columns(authorities: pd.DataFrame, pos: dict[str, tuple], nxt: dict, today: dt.date) -> dict:
    """`SUMMARY_COLUMNS` as lists, built column by column (a loop appending each authority's cells
    is too slow for the whole country at 100×); `pos`: each position column over the authorities."""
    codes = authorities["code"].tolist()
    level = [float(v) if v is not None else None for v in pos["level"]]
    bad = [bool(v) for v in pos["inadequate"]]
    bad_since = pos["inadequate_since"]
    since = pos["since"]
    columns = (
        codes,
        authorities["name"].tolist(),
        authorities["nation"].tolist(),
        authorities["region"].tolist(),
        level,
        [position_band(k, v) for k, v in zip(pos["position_kind"], level, strict=True)],
        list(pos["mapping_quality"]),
        list(since),
        [_months(d, today) if d is not None else None for d in since],
        list(pos["last_visit"]),
        list(pos["last_visit_type"]),
        [nxt[c][0] if c in nxt else None for c in codes],
        [int(v) if v is not None else None for v in pos["direction"]],
        list(pos["direction_phrase"]),
        list(pos["direction_date"]),
        [[float(v) for v in seq] for seq in pos["levels"]],
        [len(seq) for seq in pos["levels"]],
        [w if w is not None else NO_GRADE_BAND for w in pos["position"]],
        list(pos["position_kind"]),
        [float(v) if v is not None else None for v in pos["lowest_area"]],
        bad,
        [d if b else None for d, b in zip(bad_since, bad, strict=True)],
        [_months(d, today) if b and d is not None else None for d, b in zip(bad_since, bad, strict=True)],
        list(pos["position_source"]),
        exists_on(authorities, today),
    )
    return dict(zip(SUMMARY_COLUMNS, columns, strict=True))


def level_counts(summary: pd.DataFrame, by: str = "nation") -> pd.DataFrame:
    """How many authorities are at each current level, by nation or region (no level: 'No graded judgement')."""
    if summary.empty:
        return pd.DataFrame(columns=[by, "level_words", "authorities"])
    out = summary.groupby([by, "level_words"]).size().reset_index(name="authorities")
    return out.sort_values([by, "level_words"]).reset_index(drop=True)

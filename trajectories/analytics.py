"""Pure pandas: trajectories, current positions, episodes and transitions. DataFrame in, DataFrame out.

Contract:
- Where an authority stands is `trajectories.positions`' one rule: a judgement takes effect on
  its visit's last fieldwork day and holds until the next full inspection of the authority,
  whatever that one grades: a state, drawn as a step, never interpolated. Positions, episodes,
  transitions and status bands here are all read from `positions.states` / `positions.steps`.
- When several sources describe the same visit (a report, a table row, a timeline row), it is
  one visit (`positions.visit_ids`): the document is preferred and the row says how many
  sources it has; if their levels differ the row is `disputed` (`queries.disagreements()`).
- Planned events are never judgements; they are returned apart by `planned_events()`.
- Each authority's position and inadequate episodes are `trajectories.summaries`' functions (the
  ones whose output the store keeps), named here too for the pages.
"""

from __future__ import annotations

import datetime as dt
import itertools

import numpy as np
import pandas as pd

from trajectories import labels, positions
from trajectories.positions import SOURCE_PREFERENCE, STEP_COLUMNS, level_words  # noqa: F401 (re-exported)
from trajectories.summaries import (  # noqa: F401 (re-exported: the one definition of each)
    DIRECTION_READS,
    EPISODE_COLUMNS,
    POSITION_COLUMNS,
    POSITION_DIMENSIONS,
    SUMMARY_STEP_READS,
    VISIT_READS,
    _by_code,
    _groups,
    _months,
    authority_positions,
    direction_points,
    distinct_events,
    effective_date,
    episodes_as_of,
    inadequate_episodes,
    none_if_missing,
    visits,
)

# The input columns each analysis reads (callers may fetch only these; the results are the same).
STEP_READS = (
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
    "raw_context",
    "event_id",
    "event_type",
    "inspectorate",
    "framework",
    "source_path",
    "source_kind",
    "span_start",
    "span_end",
    "start_date",
    "end_date",
    "published_date",
    "planned",
)  # level_steps


def level_steps(
    judgements: pd.DataFrame,
    dimension: str = "overall",
    subjects: tuple[str, ...] = ("local_authority", "partnership"),
    today: dt.date | None = None,
    events: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """One row per full inspection that graded `dimension`, in date order per authority, held
    `until` the next full inspection (`positions.steps`). `judgements` should hold every
    dimension of the authorities' inspections (an area-only inspection ends an overall grade);
    `events` adds the inspections that graded nothing. An LSCB's judgement is never part of a
    council's trajectory."""
    return positions.steps(judgements, events, dimension=dimension, subjects=subjects, today=today)


PLANNED_SLACK_DAYS = 183  # a planned visit that happened up to six months after its window still took place


def planned_events(events: pd.DataFrame, today: dt.date | None = None) -> pd.DataFrame:
    """Planned follow-ups with what became of them: `took_place` (the day of the first real visit
    of the same kind from the window's start to six months after its end), `overdue` (the window
    has passed with no such visit) and `outcome` in words: "planned", "planned; took place on 15
    November 2021" or "planned; no record of it"."""
    today = today or dt.date.today()
    if events.empty:
        return events.assign(
            overdue=pd.Series(dtype=bool), took_place=pd.Series(dtype=object), outcome=pd.Series(dtype=object)
        )
    planned = events[events["planned"].astype(bool)].copy()
    actual = events[~events["planned"].astype(bool)]
    happened: dict[tuple, list[dt.date]] = {}
    for code, kind, s, e, p in zip(
        actual["authority_code"].tolist(),
        actual["event_type"].tolist(),
        actual["start_date"].tolist(),
        actual["end_date"].tolist(),
        actual["published_date"].tolist(),
        strict=True,
    ):
        day = positions._day(s) or positions._day(e) or positions._day(p)
        if day is not None:
            happened.setdefault((code, positions.family(kind)), []).append(day)
    took, overdue, outcome = [], [], []
    for code, kind, s, e in zip(
        planned["authority_code"].tolist(),
        planned["event_type"].tolist(),
        planned["start_date"].tolist(),
        planned["end_date"].tolist(),
        strict=True,
    ):
        start, end = positions._day(s), positions._day(e) or positions._day(s)
        found = None
        if start is not None:
            late = end + dt.timedelta(days=PLANNED_SLACK_DAYS)
            days = sorted(
                d
                for d in happened.get((code, positions.family(kind)), ())
                if start - dt.timedelta(days=positions.SAME_VISIT_DAYS) <= d <= late
            )
            found = days[0] if days else None
        passed = end is not None and end < today
        took.append(found)
        overdue.append(passed and found is None)
        outcome.append(
            f"planned; took place on {found.day} {found:%B %Y}"
            if found
            else "planned; no record of it"
            if passed
            else "planned"
        )
    planned["took_place"] = pd.Series(took, index=planned.index, dtype=object)
    planned["overdue"] = overdue
    planned["outcome"] = outcome
    return planned


def is_document(kind: str) -> bool:
    """True for letters and reports; False for rows of outcome tables and compiled timelines."""
    return not str(kind).startswith("table")


def default_event(events: pd.DataFrame) -> int | None:
    """The event a reader most likely wants first: the latest visit read from a letter or report,
    else the latest visit from any source, else the first planned one."""
    if events.empty:
        return None
    actual = events[~events["planned"].astype(bool)]
    documents = actual[actual["source_kind"].map(is_document)]
    for pool in (documents, actual, events):
        if not pool.empty:
            return int(pool.sort_values(["start_date", "event_id"]).iloc[-1]["event_id"])
    return None


def findings_by_theme(findings: pd.DataFrame) -> pd.DataFrame:
    """One row per (finding, theme); findings with no theme appear once under 'untagged'."""
    if findings.empty:
        return findings.assign(theme=pd.Series(dtype="object"))
    df = findings.copy()
    df["theme"] = df["themes"].fillna("").map(lambda s: [t for t in s.split(";") if t] or ["untagged"])
    return df.explode("theme").reset_index(drop=True)


def still_open_after(episodes: pd.DataFrame, months: list[int], today: dt.date | None = None) -> pd.DataFrame:
    """Share of episodes still inadequate N months after they began, among episodes that began at
    least N months ago (so a recent episode is never counted as having ended)."""
    today = today or dt.date.today()
    # Each episode's age once, not once per N (docs/scaling.md, "Figures behind choices in the code").
    ages = np.array([_months(d, today) for d in episodes["start"].tolist()]) if not episodes.empty else np.array([])
    rows = []
    for n in months:
        eligible = episodes[ages >= n]
        if eligible.empty:
            rows.append({"months": n, "episodes": 0, "still_open": 0, "share": None})
            continue
        still = int((eligible["months"] > n).sum())
        rows.append({"months": n, "episodes": len(eligible), "still_open": still, "share": still / len(eligible)})
    return pd.DataFrame(rows)


KM_COLUMNS = ["months", "at_risk", "exits", "censored", "still_inadequate"]


def time_to_better(episodes: pd.DataFrame) -> tuple[pd.DataFrame, float | None]:
    """The Kaplan–Meier estimate of how long an inadequate episode lasts: episodes still open are
    censored at their current length, never counted as ended. Returns one row per month at which
    an episode ended or was censored (`KM_COLUMNS`: how many were still at risk, ended, were
    censored, and the estimated share still inadequate after it), and the median in months (None
    while more than half are estimated still inadequate at the longest follow-up)."""
    if episodes.empty:
        return pd.DataFrame(columns=KM_COLUMNS), None
    months = episodes["months"].astype(float).to_numpy()
    ended = ~episodes["open"].astype(bool).to_numpy()
    rows, survival, median = [], 1.0, None
    for t in np.unique(months):
        at_risk = int((months >= t).sum())
        exits = int(((months == t) & ended).sum())
        censored = int(((months == t) & ~ended).sum())
        if at_risk and exits:
            survival *= 1 - exits / at_risk
        if median is None and survival <= 0.5:
            median = float(t)
        rows.append(
            {"months": float(t), "at_risk": at_risk, "exits": exits, "censored": censored, "still_inadequate": survival}
        )
    return pd.DataFrame(rows, columns=KM_COLUMNS), median


def at_risk_table(km: pd.DataFrame, marks: tuple[int, ...] = (0, 12, 24, 36, 48, 60, 84, 120)) -> pd.DataFrame:
    """The number at risk and the estimated share still inadequate at each month mark (the
    estimate's table under its chart), for the marks the follow-up reaches."""
    rows = []
    if km.empty:
        return pd.DataFrame(columns=["months", "at_risk", "still_inadequate"])
    longest = float(km["months"].max())
    total = int(km["at_risk"].iloc[0])
    for m in marks:
        if m > longest:
            break
        before = km[km["months"] < m]
        at_risk = int(km.loc[km["months"] >= m, "at_risk"].iloc[0]) if (km["months"] >= m).any() else 0
        rows.append(
            {
                "months": m,
                "at_risk": at_risk if m else total,
                "still_inadequate": float(before["still_inadequate"].iloc[-1]) if not before.empty else 1.0,
            }
        )
    return pd.DataFrame(rows, columns=["months", "at_risk", "still_inadequate"])


TRANSITION_COLUMNS = ["from_level", "to_level", "count", "authorities"]


def transitions(steps: pd.DataFrame) -> pd.DataFrame:
    """Successive graded judgements of each authority: one row per (from, to) move with the
    authorities in it. Levels are rounded to their band (approximate mappings included)."""
    if steps.empty:
        return pd.DataFrame(columns=TRANSITION_COLUMNS)
    # Each authority's steps in date order, walked over plain lists (a record per row costs more).
    df = steps.loc[steps["authority_code"].notna(), ["authority_code", "authority_name", "level", "date"]]
    df = df.sort_values("date").sort_values("authority_code", kind="stable")
    sequences: dict[str, tuple[str, list]] = {}
    for c, n, lv in zip(
        df["authority_code"].tolist(), df["authority_name"].tolist(), df["level"].tolist(), strict=True
    ):
        sequences.setdefault(c, (n, []))[1].append(lv)
    return transitions_of(sequences.values())


def transitions_of(sequences) -> pd.DataFrame:
    """`transitions` from each authority's (name, levels in date order), e.g. the `levels` of
    `authority_positions` with the authorities' names."""
    pairs: dict[tuple[int, int], list[str]] = {}
    for name, levels in sequences:
        for a, b in itertools.pairwise(levels):
            pairs.setdefault((int(round(a)), int(round(b))), []).append(name)
    rows = [
        {"from_level": a, "to_level": b, "count": len(names), "authorities": sorted(set(names))}
        for (a, b), names in sorted(pairs.items())
    ]
    return pd.DataFrame(rows, columns=TRANSITION_COLUMNS)


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
    planned = (
        events[events["planned"].astype(bool) & (events["start_date"] >= today.replace(day=1))]
        if not events.empty
        else events
    )
    nxt = planned.sort_values("start_date").groupby("authority_code").head(1) if not planned.empty else None
    nxt = _by_code(nxt, "authority_code", ["start_date"])
    # Missing values as None, column by column (a frame read from SQL holds NaN in number columns).
    pos = (
        dict(
            zip(
                positions["authority_code"].tolist(),
                zip(
                    *(
                        positions[c].astype(object).where(positions[c].notna(), None).tolist()
                        if c != "levels"
                        else positions[c].tolist()
                        for c in POSITION_COLUMNS[1:]
                    ),
                    strict=True,
                ),
                strict=True,
            )
        )
        if not positions.empty
        else {}
    )
    # Column by column: a loop appending each authority's cells is too slow for the whole country at 100×.
    codes = authorities["code"].tolist()
    pos = _inherited(pos, codes)
    blank = ([], None, None, None, None, None, None, None, None, None, None, None, False, None, None)
    (
        levels,
        level,
        quality,
        since,
        last_visit,
        last_type,
        direction,
        phrase,
        direction_date,
        words,
        kind,
        lowest,
        bad,
        bad_since,
        source,
    ) = (
        (list(col) for col in zip(*(pos.get(code, blank) for code in codes), strict=True))
        if codes
        else ([] for _ in blank)
    )
    level = [float(v) if v is not None else None for v in level]
    bands = [position_band(k, v) for k, v in zip(kind, level, strict=True)]
    bad = [bool(v) for v in bad]
    cols = dict(
        zip(
            SUMMARY_COLUMNS,
            (
                codes,
                authorities["name"].tolist(),
                authorities["nation"].tolist(),
                authorities["region"].tolist(),
                level,
                bands,
                quality,
                since,
                [_months(d, today) if d is not None else None for d in since],
                last_visit,
                last_type,
                [nxt[c][0] if c in nxt else None for c in codes],
                [int(v) if v is not None else None for v in direction],
                phrase,
                direction_date,
                [[float(v) for v in seq] for seq in levels],
                [len(seq) for seq in levels],
                [w if w is not None else NO_GRADE_BAND for w in words],
                kind,
                [float(v) if v is not None else None for v in lowest],
                bad,
                [d if b else None for d, b in zip(bad_since, bad, strict=True)],
                [_months(d, today) if b and d is not None else None for d, b in zip(bad_since, bad, strict=True)],
                source,
                exists_on(authorities, today),
            ),
            strict=True,
        )
    )
    return pd.DataFrame(cols, columns=SUMMARY_COLUMNS) if codes else pd.DataFrame(columns=SUMMARY_COLUMNS)


def level_counts(summary: pd.DataFrame, by: str = "nation") -> pd.DataFrame:
    """How many authorities are at each current level, by nation or region (no level: 'No graded judgement')."""
    if summary.empty:
        return pd.DataFrame(columns=[by, "level_words", "authorities"])
    out = summary.groupby([by, "level_words"]).size().reset_index(name="authorities")
    return out.sort_values([by, "level_words"]).reset_index(drop=True)


CONCERN_POLARITIES = ("concern", "action_required")


def themes_over_time(counts: pd.DataFrame) -> pd.DataFrame:
    """Per theme and year: findings that are concerns (incl. actions required) and strengths."""
    cols = ["theme", "year", "concerns", "strengths", "balance"]
    if counts.empty:
        return pd.DataFrame(columns=cols)
    df = counts.copy()
    df["year"] = effective_date(df).map(lambda d: d.year if d is not None else None)
    df["kind"] = df["polarity"].map(
        lambda p: "concerns" if p in CONCERN_POLARITIES else "strengths" if p == "strength" else None
    )
    df = df[df["kind"].notna()]
    out = df.pivot_table(
        index=["theme", "year"], columns="kind", values="findings", aggfunc="sum", fill_value=0
    ).reset_index()
    for c in ("concerns", "strengths"):
        if c not in out:
            out[c] = 0
    out["balance"] = out["strengths"] - out["concerns"]
    return out[cols]


def inside_episodes(rows: pd.DataFrame, episodes: pd.DataFrame) -> pd.DataFrame:
    """The rows (theme counts, signals ...) whose effective date falls inside one of their
    authority's inadequate episodes, in their order: all that `recurring_while_inadequate` and
    `change_before_exit` can count, so they scan less."""
    if rows.empty or episodes.empty:
        return rows.iloc[0:0]
    spans = (
        rows[["authority_code"]]
        .assign(date=effective_date(rows))
        .reset_index()
        .merge(episodes[["authority_code", "start", "end"]], on="authority_code")
    )
    inside = spans.loc[(spans["date"] >= spans["start"]) & (spans["date"] < spans["end"]), "index"]
    return rows.loc[rows.index.isin(inside)]


def recurring_while_inadequate(counts: pd.DataFrame, episodes: pd.DataFrame) -> pd.DataFrame:
    """Themes raised as concerns across the visits made while an authority was inadequate: in how
    many episodes and in what share of those visits each theme recurs."""
    cols = ["theme", "episodes", "visits", "share_of_visits"]
    if counts.empty or episodes.empty:
        return pd.DataFrame(columns=cols)
    df = counts[counts["polarity"].isin(CONCERN_POLARITIES)].copy()
    df["date"] = effective_date(df)
    hits: dict[str, set] = {}
    visits_of: dict[str, set] = {}
    total_visits = 0
    for ep in episodes.to_dict("records"):
        mine = df[
            (df["authority_code"] == ep["authority_code"]) & (df["date"] >= ep["start"]) & (df["date"] < ep["end"])
        ]
        total_visits += mine["event_id"].nunique()
        for theme, group in mine.groupby("theme"):
            hits.setdefault(theme, set()).add((ep["authority_code"], ep["start"]))
            visits_of.setdefault(theme, set()).update(group["event_id"])
    rows = [
        {
            "theme": t,
            "episodes": len(hits[t]),
            "visits": len(visits_of[t]),
            "share_of_visits": len(visits_of[t]) / total_visits if total_visits else None,
        }
        for t in hits
    ]
    return pd.DataFrame(rows, columns=cols).sort_values("share_of_visits", ascending=False).reset_index(drop=True)


def change_before_exit(counts: pd.DataFrame, episodes: pd.DataFrame) -> pd.DataFrame:
    """For episodes that ended with a better grade: each theme's share of concern findings at the
    first visit of the episode against the last visit before the better judgement."""
    cols = ["theme", "episodes", "first_visit_share", "last_visit_share", "change"]
    ended = episodes[~episodes["open"].astype(bool)] if not episodes.empty else episodes
    if counts.empty or ended.empty:
        return pd.DataFrame(columns=cols)
    df = counts.copy()
    df["date"] = effective_date(df)
    first: dict[str, list[float]] = {}
    last: dict[str, list[float]] = {}
    for ep in ended.to_dict("records"):
        mine = df[
            (df["authority_code"] == ep["authority_code"]) & (df["date"] >= ep["start"]) & (df["date"] < ep["end"])
        ]
        if mine["event_id"].nunique() < 2:
            continue
        order = mine.groupby("event_id")["date"].min().sort_values()
        for store_, event_id in ((first, order.index[0]), (last, order.index[-1])):
            visit = mine[mine["event_id"] == event_id]
            total = visit["findings"].sum()
            concern = visit[visit["polarity"].isin(CONCERN_POLARITIES)].groupby("theme")["findings"].sum()
            for theme in set(visit["theme"]):
                store_.setdefault(theme, []).append(float(concern.get(theme, 0)) / total if total else 0.0)
    rows = []
    for theme in sorted(set(first) | set(last)):
        a, b = first.get(theme, []), last.get(theme, [])
        fa = sum(a) / len(a) if a else 0.0
        lb = sum(b) / len(b) if b else 0.0
        rows.append(
            {
                "theme": theme,
                "episodes": max(len(a), len(b)),
                "first_visit_share": fa,
                "last_visit_share": lb,
                "change": lb - fa,
            }
        )
    return pd.DataFrame(rows, columns=cols).sort_values("change").reset_index(drop=True)


def aligned_steps(steps: pd.DataFrame, align: str = "calendar") -> pd.DataFrame:
    """Steps with an x value: the calendar date, or months since each authority's first
    inadequate judgement (authorities never judged inadequate are dropped in that view)."""
    if steps.empty:
        return steps.assign(x=pd.Series(dtype=object))
    df = steps.copy()
    if align == "calendar":
        df["x"] = df["date"]
        df["x_until"] = df["until"]
        return df
    first_bad = df[df["level"] < 1.5].groupby("authority_code")["date"].min()
    df = df[df["authority_code"].isin(first_bad.index)].copy()
    df["x"] = [_months(first_bad[c], d) for c, d in zip(df["authority_code"], df["date"], strict=True)]
    df["x_until"] = [_months(first_bad[c], d) for c, d in zip(df["authority_code"], df["until"], strict=True)]
    return df


def status_bands(states: pd.DataFrame, statuses: pd.DataFrame, today: dt.date | None = None) -> pd.DataFrame:
    """Spans to shade behind a trajectory: each inadequate episode ('judged inadequate'), and each
    status signal from its visit until the next full inspection (or today), named by
    `labels.status_band`; `states`: `positions.states`."""
    today = today or dt.date.today()
    rows = []
    for ep in inadequate_episodes(states, today=today).to_dict("records"):
        rows.append(
            {
                "authority_code": ep["authority_code"],
                "label": labels.INADEQUATE_BAND,
                "start": ep["start"],
                "end": ep["end"],
                "raw_phrase": ep["exit_phrase"] or "",
                "source_path": ep["start_source"],
            }
        )
    if not statuses.empty:
        df = statuses[~statuses["planned"].astype(bool)].copy()
        df["date"] = effective_date(df)
        graded = states.groupby("authority_code")["date"].apply(sorted).to_dict() if not states.empty else {}
        for rec in df.to_dict("records"):
            if rec["status"] == "under_ofsted_monitoring" or rec["date"] is None:
                continue  # drawn from the inadequate episodes themselves
            later = [d for d in graded.get(rec["authority_code"], []) if d > rec["date"]]
            rows.append(
                {
                    "authority_code": rec["authority_code"],
                    "label": labels.status_band(rec["status"]),
                    "start": rec["date"],
                    "end": later[0] if later else today,
                    "raw_phrase": rec["raw_phrase"],
                    "source_path": rec["source_path"],
                }
            )
    out = pd.DataFrame(rows, columns=["authority_code", "label", "start", "end", "raw_phrase", "source_path"])
    return out.drop_duplicates(["authority_code", "label", "start"]).reset_index(drop=True)


def event_themes(counts: pd.DataFrame, top: int = 3) -> dict[int, list[str]]:
    """The themes most found at each visit (any polarity), for chips on the event rug."""
    if counts.empty:
        return {}
    totals = counts.groupby(["event_id", "theme"])["findings"].sum().reset_index()
    totals = totals.sort_values(["event_id", "findings"], ascending=[True, False])
    return {int(e): list(g["theme"].head(top)) for e, g in totals.groupby("event_id")}

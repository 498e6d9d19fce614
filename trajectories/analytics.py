"""Pure pandas: trajectories, current positions and disagreements. DataFrame in, DataFrame out.

Contract:
- A judgement takes effect on its event's last fieldwork day (or its start when that is all
  that is known) and holds until the next graded judgement of the same authority, dimension and
  subject: a state, drawn as a step, never interpolated.
- When several sources describe the same judgement (a report and an outcome table, within
  `SAME_EVENT_DAYS`), the document is preferred and the row says how many sources agree;
  if their levels differ the row is `disputed` and `disagreements()` lists both readings.
- Planned events are never judgements; they are returned apart by `planned_events()`.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd

SAME_EVENT_DAYS = 45
# Lower is preferred when two sources describe the same judgement.
SOURCE_PREFERENCE = {"ofsted_report": 0, "ofsted_letter": 0, "ciw_letter": 0, "table:ofsted_outcomes": 1}
TABLE_PREFERENCE = 2

STEP_COLUMNS = ["authority_code", "authority_name", "nation", "dimension", "subject_type", "date", "level", "level_low",
                "level_high", "mapping_quality", "raw_phrase", "raw_context", "event_id", "event_type", "inspectorate",
                "framework", "source_path", "source_kind", "span_start", "span_end", "sources", "disputed", "until",
                "in_force"]


def effective_date(df: pd.DataFrame) -> pd.Series:
    """The day a judgement or signal takes effect: fieldwork end, else start, else publication."""
    if df.empty:
        return pd.Series([], dtype="object")
    return df["end_date"].where(df["end_date"].notna(), df["start_date"]).where(
        lambda s: s.notna(), df.get("published_date"))


def _preference(kind: str) -> int:
    return SOURCE_PREFERENCE.get(kind, TABLE_PREFERENCE)


def level_steps(judgements: pd.DataFrame, dimension: str = "overall", subject: str = "local_authority",
                today: dt.date | None = None) -> pd.DataFrame:
    """One row per distinct graded judgement, in date order per authority, with `until`."""
    today = today or dt.date.today()
    if judgements.empty:
        return pd.DataFrame(columns=STEP_COLUMNS)
    df = judgements[(judgements["dimension"] == dimension) & (judgements["subject_type"] == subject)
                    & judgements["level"].notna() & ~judgements["planned"].astype(bool)].copy()
    if df.empty:
        return pd.DataFrame(columns=STEP_COLUMNS)
    df["date"] = effective_date(df)
    df = df[df["date"].notna()]
    df["_pref"] = df["source_kind"].map(_preference)
    rows = []
    for code, group in df.sort_values(["date", "_pref"]).groupby("authority_code", sort=True):
        clusters: list[list] = []
        for rec in group.to_dict("records"):
            if clusters and (rec["date"] - clusters[-1][0]["date"]).days <= SAME_EVENT_DAYS:
                clusters[-1].append(rec)
            else:
                clusters.append([rec])
        for cluster in clusters:
            best = min(cluster, key=lambda r: (r["_pref"], r["judgement_id"]))
            best = dict(best)
            best["date"] = max(r["date"] for r in cluster if r["_pref"] == best["_pref"])
            best["sources"] = len({r["source_path"] for r in cluster})
            best["disputed"] = len({r["level"] for r in cluster}) > 1
            rows.append(best)
    out = pd.DataFrame(rows)
    out = out.sort_values(["authority_code", "date"]).reset_index(drop=True)
    out["until"] = out.groupby("authority_code")["date"].shift(-1)
    out["in_force"] = out["until"].isna()
    out["until"] = out["until"].where(out["until"].notna(), today)
    for col in STEP_COLUMNS:
        if col not in out:
            out[col] = None
    return out[STEP_COLUMNS]


def disagreements(judgements: pd.DataFrame) -> pd.DataFrame:
    """Pairs of sources that read the same judgement differently, both kept with their sources."""
    cols = ["authority_code", "authority_name", "dimension", "date", "level_a", "raw_a", "source_a", "level_b", "raw_b", "source_b"]
    if judgements.empty:
        return pd.DataFrame(columns=cols)
    df = judgements[judgements["level"].notna() & ~judgements["planned"].astype(bool)].copy()
    df["date"] = effective_date(df)
    out = []
    for (code, dim), group in df.groupby(["authority_code", "dimension"]):
        recs = group.sort_values("date").to_dict("records")
        for i, a in enumerate(recs):
            for b in recs[i + 1:]:
                if (b["date"] - a["date"]).days > SAME_EVENT_DAYS:
                    break
                if a["source_path"] != b["source_path"] and a["level"] != b["level"]:
                    out.append([code, a["authority_name"], dim, a["date"], a["level"], a["raw_phrase"], a["source_path"],
                                b["level"], b["raw_phrase"], b["source_path"]])
    return pd.DataFrame(out, columns=cols)


def current_position(steps: pd.DataFrame) -> pd.DataFrame:
    """The judgement in force for each authority: level, since when, phrase and source."""
    if steps.empty:
        return pd.DataFrame(columns=["authority_code", "level", "since", "raw_phrase", "source_path", "framework", "inspectorate"])
    last = steps[steps["in_force"]].copy()
    last = last.rename(columns={"date": "since"})
    return last[["authority_code", "authority_name", "level", "level_low", "level_high", "mapping_quality", "since",
                 "raw_phrase", "source_path", "framework", "inspectorate"]].reset_index(drop=True)


def planned_events(events: pd.DataFrame, today: dt.date | None = None) -> pd.DataFrame:
    """Planned follow-ups; `overdue` when their window has passed with no later actual event."""
    today = today or dt.date.today()
    if events.empty:
        return events.assign(overdue=pd.Series(dtype=bool))
    planned = events[events["planned"].astype(bool)].copy()
    actual = events[~events["planned"].astype(bool)]
    last_actual = actual.groupby("authority_code")["start_date"].max().to_dict()
    planned["overdue"] = [
        (row.end_date or row.start_date) < today and not (last_actual.get(row.authority_code) and last_actual[row.authority_code] > (row.start_date))
        for row in planned.itertuples()
    ]
    return planned


GRADED_TYPES = ("ofsted_ilacs", "ofsted_sif", "ofsted_inspection", "ofsted_pre_sif", "ciw_inspection",
                "ciw_performance_evaluation_inspection", "ciw_risk_based_inspection", "ci_joint_inspection")
SAME_VISIT_DAYS = 14


def _family(event_type: str) -> str:
    """Event types that name the same kind of visit in different sources share a family."""
    return "inspection" if str(event_type).startswith(GRADED_TYPES) else str(event_type)


def distinct_events(events: pd.DataFrame) -> pd.DataFrame:
    """One row per real visit: the same visit read from a report and from outcome tables (same
    authority, inspectorate and kind, dates within two weeks) becomes one row, the document
    preferred, with `sources` (how many) and `source_paths` (which)."""
    if events.empty:
        return events.assign(sources=pd.Series(dtype=int), source_paths=pd.Series(dtype=object))
    df = events.copy()
    df["_date"] = df["start_date"].where(df["start_date"].notna(), df["published_date"])
    df["_family"] = df["event_type"].map(_family)
    df["_pref"] = df["source_kind"].map(_preference)
    keep = []
    for _, group in df.sort_values(["_date", "_pref", "event_id"]).groupby(
            ["authority_code", "inspectorate", "_family", df["planned"].astype(bool)], sort=False):
        cluster: list[dict] = []
        for rec in group.to_dict("records"):
            if cluster and rec["_date"] is not None and cluster[0]["_date"] is not None \
                    and abs((rec["_date"] - cluster[0]["_date"]).days) <= SAME_VISIT_DAYS:
                cluster.append(rec)
                continue
            if cluster:
                keep.append(cluster)
            cluster = [rec]
        if cluster:
            keep.append(cluster)
    rows = []
    for cluster in keep:
        best = dict(min(cluster, key=lambda r: (r["_pref"], r["event_id"])))
        best["sources"] = len({r["source_path"] for r in cluster})
        best["source_paths"] = sorted({r["source_path"] for r in cluster})
        rows.append(best)
    out = pd.DataFrame(rows).drop(columns=["_date", "_family", "_pref"])
    return out.sort_values(["authority_code", "start_date", "event_id"], na_position="first").reset_index(drop=True)


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


def direction_points(directions: pd.DataFrame) -> pd.DataFrame:
    """Direction signals with the date they speak for (the event's), never joined into a line."""
    if directions.empty:
        return directions.assign(date=pd.Series(dtype="object"))
    df = directions[~directions["planned"].astype(bool)].copy()
    df["date"] = effective_date(df)
    return df.sort_values(["authority_code", "date"]).reset_index(drop=True)


def findings_by_theme(findings: pd.DataFrame) -> pd.DataFrame:
    """One row per (finding, theme); findings with no theme appear once under 'untagged'."""
    if findings.empty:
        return findings.assign(theme=pd.Series(dtype="object"))
    df = findings.copy()
    df["theme"] = df["themes"].fillna("").map(lambda s: [t for t in s.split(";") if t] or ["untagged"])
    return df.explode("theme").reset_index(drop=True)


EPISODE_COLUMNS = ["authority_code", "authority_name", "nation", "region", "start", "end", "open", "months",
                   "exit_level", "exit_phrase", "visits_during", "start_source", "end_source"]


def _months(a: dt.date, b: dt.date) -> float:
    return round((b - a).days / 30.4375, 1)


def inadequate_episodes(steps: pd.DataFrame, events: pd.DataFrame | None = None, today: dt.date | None = None) -> pd.DataFrame:
    """Each spell from an inadequate judgement (level 1) to the next better graded judgement.

    `open` episodes run to today. `visits_during` counts the monitoring, focused and other
    ungraded visits of that authority inside the spell (from `events`, planned ones excluded).
    """
    today = today or dt.date.today()
    if steps.empty:
        return pd.DataFrame(columns=EPISODE_COLUMNS)
    visits = distinct_events(events[~events["planned"].astype(bool)]) if events is not None and not events.empty else None
    rows = []
    for code, group in steps.sort_values("date").groupby("authority_code"):
        recs = group.to_dict("records")
        i = 0
        while i < len(recs):
            if recs[i]["level"] is not None and recs[i]["level"] < 1.5:
                start = recs[i]
                j = i + 1
                while j < len(recs) and recs[j]["level"] < 1.5:
                    j += 1
                end = recs[j] if j < len(recs) else None
                end_date = end["date"] if end else today
                during = 0
                if visits is not None:
                    mine = visits[visits["authority_code"] == code]
                    when = effective_date(mine)
                    during = int(((when > start["date"]) & (when < end_date)).sum())
                rows.append({
                    "authority_code": code, "authority_name": start["authority_name"], "nation": start.get("nation"),
                    "region": None, "start": start["date"], "end": end_date, "open": end is None,
                    "months": _months(start["date"], end_date), "exit_level": end["level"] if end else None,
                    "exit_phrase": end["raw_phrase"] if end else None, "visits_during": max(during, 0),
                    "start_source": start["source_path"], "end_source": end["source_path"] if end else None,
                })
                i = j
            else:
                i += 1
    return pd.DataFrame(rows, columns=EPISODE_COLUMNS)


def still_open_after(episodes: pd.DataFrame, months: list[int], today: dt.date | None = None) -> pd.DataFrame:
    """Share of episodes still inadequate N months after they began, among episodes that began at
    least N months ago (so a recent episode is never counted as having ended)."""
    today = today or dt.date.today()
    rows = []
    for n in months:
        eligible = episodes[episodes["start"].map(lambda d: _months(d, today) >= n)] if not episodes.empty else episodes
        if eligible.empty:
            rows.append({"months": n, "episodes": 0, "still_open": 0, "share": None})
            continue
        still = int((eligible["months"] > n).sum())
        rows.append({"months": n, "episodes": len(eligible), "still_open": still, "share": still / len(eligible)})
    return pd.DataFrame(rows)


def transitions(steps: pd.DataFrame) -> pd.DataFrame:
    """Successive graded judgements of each authority: one row per (from, to) move with the
    authorities in it. Levels are rounded to their band (approximate mappings included)."""
    cols = ["from_level", "to_level", "count", "authorities"]
    if steps.empty:
        return pd.DataFrame(columns=cols)
    pairs: dict[tuple[int, int], list[str]] = {}
    for code, group in steps.sort_values("date").groupby("authority_code"):
        levels = [int(round(v)) for v in group["level"]]
        name = group["authority_name"].iloc[0]
        for a, b in zip(levels, levels[1:]):
            pairs.setdefault((a, b), []).append(name)
    rows = [{"from_level": a, "to_level": b, "count": len(names), "authorities": sorted(set(names))}
            for (a, b), names in sorted(pairs.items())]
    return pd.DataFrame(rows, columns=cols)

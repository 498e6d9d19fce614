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

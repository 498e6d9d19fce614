"""What the findings say over time and around inadequate episodes: counts by theme, year and visit.

Contract: concerns are findings of polarity "concern" or "action_required"; a finding counts inside an
episode when its effective date is on or after the episode's start and before its end.
"""

from __future__ import annotations

import pandas as pd

from trajectories.summaries import effective_date


def findings_by_theme(findings: pd.DataFrame) -> pd.DataFrame:
    """One row per (finding, theme); findings with no theme appear once under 'untagged'."""
    if findings.empty:
        return findings.assign(theme=pd.Series(dtype="object"))
    df = findings.copy()
    df["theme"] = df["themes"].fillna("").map(lambda s: [t for t in s.split(";") if t] or ["untagged"])
    return df.explode("theme").reset_index(drop=True)


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


def event_themes(counts: pd.DataFrame, top: int = 3) -> dict[int, list[str]]:
    """The themes most found at each visit (any polarity), for chips on the event rug."""
    if counts.empty:
        return {}
    totals = counts.groupby(["event_id", "theme"])["findings"].sum().reset_index()
    totals = totals.sort_values(["event_id", "findings"], ascending=[True, False])
    return {int(e): list(g["theme"].head(top)) for e, g in totals.groupby("event_id")}

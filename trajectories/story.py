"""What changed, in plain sentences: the movement a reader should see first.

Contract:
- Built only on the analyses' results (`analytics.authority_summary`, `inadequate_episodes`,
  `level_steps`, `distinct_events`, `positions.as_at`), never on queries of their own, so what the
  position rule counts as "in force" or "inadequate now" is what these sentences say.
- `selection_sentence(summary, episodes, date_from, date_to)`: one sentence for a selection
  ("Since 1 January 2025, 9 councils moved out of inadequate and 3 moved in; 11 are judged
  inadequate now, for a median of 2 years 3 months.").
- `recent_movements(summary, date_from, date_to)`: each authority whose latest full inspection
  falls in the period, with the grade before and where it stands after, newest first.
- `authority_sentence(name, steps, episodes, events, today, position)`: the same kind of sentence for one
  authority ("Judged inadequate in September 2018; requires improvement since January 2026,
  after 7 years 4 months; 4 monitoring visits in between; next: Ofsted monitoring visit planned
  for March 2027.").
Words come from `trajectories.labels`.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd

from trajectories import labels

MOVEMENT_COLUMNS = ["code", "name", "nation", "date", "before", "after", "change"]


def _in(day, start: dt.date | None, end: dt.date | None) -> bool:
    if labels.blank(day):
        return False
    return (start is None or day >= start) and (end is None or day <= end)


def _councils(n: int) -> str:
    return f"{n} council{'s' if n != 1 else ''}"


def selection_sentence(
    summary: pd.DataFrame, episodes: pd.DataFrame, date_from: dt.date | None, date_to: dt.date | None
) -> str:
    """One plain sentence: moves out of and into inadequate in the period, and who is inadequate now."""
    ended = episodes[~episodes["open"].astype(bool)] if not episodes.empty else episodes
    moved_out = sum(_in(d, date_from, date_to) for d in ended["end"].tolist()) if not ended.empty else 0
    moved_in = sum(_in(d, date_from, date_to) for d in episodes["start"].tolist()) if not episodes.empty else 0
    inadequate = summary[summary["inadequate"].astype(bool)] if not summary.empty else summary
    since = f"Since {labels.day(date_from)}" if date_from else "Over the whole record"
    until = f" (to {labels.day(date_to)})" if date_to and date_to < dt.date.today() else ""
    out = f"{_councils(moved_out)} moved out of inadequate" if moved_out else "no council moved out of inadequate"
    into = f"{moved_in} moved in" if moved_in else "none moved in"
    now = len(inadequate)
    if now:
        median = inadequate["months_inadequate"].median()
        tail = f"{now} {'is' if now == 1 else 'are'} judged inadequate now" + (
            f", for a median of {labels.duration(median)}" if not labels.blank(median) else ""
        )
    else:
        tail = "none is judged inadequate now"
    return f"{since}{until}, {out} and {into}; {tail}."


def recent_movements(
    summary: pd.DataFrame, date_from: dt.date | None, date_to: dt.date | None, limit: int | None = None
) -> pd.DataFrame:
    """Each authority whose latest full inspection was in the period: its date, the overall grade
    before (from its sequence of grades; blank for a first one) and the grade after, or, where that
    inspection gave area grades only, their words ("after" then holds the words), newest first."""
    rows = []
    if not summary.empty:
        for rec in summary[
            ["code", "name", "nation", "since", "level", "trajectory", "position", "position_kind", "inadequate"]
        ].to_dict("records"):
            if rec["position_kind"] not in ("graded", "areas") or not _in(rec["since"], date_from, date_to):
                continue
            seq = rec["trajectory"] if isinstance(rec["trajectory"], list) else []
            graded = rec["position_kind"] == "graded"
            before = (seq[-2] if len(seq) > 1 else None) if graded else (seq[-1] if seq else None)
            after = rec["level"] if graded else rec["position"]
            if not graded:
                change = (
                    "out of inadequate"
                    if before is not None and before < 1.5 and not rec["inadequate"]
                    else "area grades only"
                )
            else:
                change = (
                    "first graded judgement"
                    if before is None
                    else "better"
                    if after > before
                    else "worse"
                    if after < before
                    else "the same"
                )
            rows.append(
                {
                    "code": rec["code"],
                    "name": rec["name"],
                    "nation": rec["nation"],
                    "date": rec["since"],
                    "before": before,
                    "after": after,
                    "change": change,
                }
            )
    out = pd.DataFrame(rows, columns=MOVEMENT_COLUMNS)
    out = out.sort_values(["date", "name"], ascending=[False, True]).reset_index(drop=True)
    return out.head(limit) if limit else out


def movement_line(rec: dict) -> str:
    """'Requires improvement → Good (better), 14 March 2025' for one row of `recent_movements`."""
    before = labels.level(rec["before"]) if not labels.blank(rec["before"]) else "first graded judgement"
    after = rec["after"] if isinstance(rec["after"], str) else labels.level(rec["after"])
    arrow = f"{before} \u2192 {after}"
    note = f" ({rec['change']})" if rec["change"] in ("better", "worse", "out of inadequate") else ""
    return f"{arrow}{note}, {labels.day(rec['date'])}"


def authority_sentence(
    name: str,
    steps: pd.DataFrame,
    episodes: pd.DataFrame,
    events: pd.DataFrame,
    today: dt.date,
    position: dict | None = None,
) -> str:
    """One plain sentence on where an authority stands (`position`: its `positions.as_at` row) and
    how it got there."""
    visits = events[~events["planned"].astype(bool)] if not events.empty else events
    planned = events[events["planned"].astype(bool)] if not events.empty else events
    parts: list[str] = []
    if position is not None and position["kind"] != "graded":
        parts += _position_parts(position, episodes, today)
    elif steps.empty:
        parts.append(f"{name} has no graded judgement in this period")
        if not visits.empty:
            last = visits.sort_values("start_date").iloc[-1]
            parts.append(
                f"{len(visits)} visit{'s' if len(visits) != 1 else ''} recorded, the latest "
                f"a {labels.event_type(last['event_type'])} in {labels.month(last['start_date'])}"
            )
    else:
        parts += _grade_parts(steps, episodes, today)
    upcoming = planned
    if not planned.empty:
        upcoming = planned[[not labels.blank(d) and d >= today for d in planned["start_date"].tolist()]]
    if not upcoming.empty:
        nxt = upcoming.sort_values("start_date").iloc[0]
        parts.append(f"next: {labels.event_type(nxt['event_type'])} planned for {labels.month(nxt['start_date'])}")
    parts = [p for p in parts if p]
    text = "; ".join(parts) + "."
    return text[:1].upper() + text[1:]


def _position_parts(position: dict, episodes: pd.DataFrame, today: dt.date) -> list[str]:
    """The sentence's parts for a position that is not an overall grade (area grades, or none)."""
    parts: list[str] = []
    last_episode = episodes.sort_values("start").iloc[-1] if not episodes.empty else None
    words, when = position["position"], labels.month(position["position_date"])
    if last_episode is not None and bool(last_episode["open"]):
        parts.append(
            f"Judged inadequate in {labels.month(last_episode['start'])}, for "
            f"{labels.duration(labels.months_between(last_episode['start'], today))} now; latest "
            f"inspection {when}: {words}"
        )
    elif last_episode is not None and last_episode["end"] == position["position_date"]:
        parts.append(
            f"Judged inadequate in {labels.month(last_episode['start'])}; after "
            f"{labels.duration(labels.months_between(last_episode['start'], last_episode['end']))}, "
            + (f"{words}" if words.startswith("not graded") else f"inspected {when}: {words}")
        )
        parts.append(_monitoring(last_episode, "in between"))
    else:
        text = words if words.startswith("not graded") else f"inspected {when}: {words}"
        if last_episode is not None:
            text += (
                f"; last judged inadequate from {labels.month(last_episode['start'])} to "
                f"{labels.month(last_episode['end'])}"
            )
        parts.append(text)
    return parts


def _grade_parts(steps: pd.DataFrame, episodes: pd.DataFrame, today: dt.date) -> list[str]:
    """The sentence's parts for an overall grade, the latest of `steps`."""
    parts: list[str] = []
    ordered = steps.sort_values("date")
    now = ordered.iloc[-1]
    last_episode = episodes.sort_values("start").iloc[-1] if not episodes.empty else None
    if last_episode is not None and bool(last_episode["open"]):
        parts.append(
            f"Judged inadequate in {labels.month(last_episode['start'])}, for "
            f"{labels.duration(labels.months_between(last_episode['start'], today))} now"
        )
        parts.append(_monitoring(last_episode, "since"))
    elif last_episode is not None and last_episode["end"] == now["date"]:
        parts.append(
            f"Judged inadequate in {labels.month(last_episode['start'])}; {labels.grade(now['level'])} "
            f"since {labels.month(now['date'])}, after "
            f"{labels.duration(labels.months_between(last_episode['start'], last_episode['end']))}"
        )
        parts.append(_monitoring(last_episode, "in between"))
    else:
        text = f"{labels.level(now['level'])} since {labels.month(now['date'])}"
        if len(ordered) > 1:
            before = ordered.iloc[-2]
            text += f" (before that {labels.grade(before['level'])}, from {labels.month(before['date'])})"
        if last_episode is not None:
            text += (
                f"; last judged inadequate from {labels.month(last_episode['start'])} to "
                f"{labels.month(last_episode['end'])}"
            )
        parts.append(text)
    return parts


def _monitoring(episode, where: str) -> str:
    n = int(episode["visits_during"]) if not labels.blank(episode["visits_during"]) else 0
    return f"{n} monitoring or other visit{'s' if n != 1 else ''} {where}" if n else ""

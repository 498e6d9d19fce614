"""Trajectories as steps: each authority's graded judgements held until the next full inspection,
placed on a calendar or an aligned axis, and the spans shaded behind them (episodes, statuses).

Contract: every step is `positions.steps`' one rule (a judgement holds from its visit's last fieldwork
day until the next full inspection, never interpolated); the bands are read from `positions.states`.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd

from trajectories import labels, positions
from trajectories.summaries import _months, effective_date, inadequate_episodes

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

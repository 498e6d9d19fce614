"""The frames behind the tables a page shows: headers and values in words (`trajectories.labels`),
each source named as the document it is, never as where it is kept.

Contract: each function takes the query layer's or an analysis's frame and returns a new frame
for `st.dataframe` or a download; none draws anything. `documents_of` names source paths through
the cached `ui.data.document_names`.
"""

from __future__ import annotations

import pandas as pd

from trajectories import labels
from ui import data


def steps_table(steps: pd.DataFrame) -> pd.DataFrame:
    return labels.plain(
        steps.assign(
            level_words=steps["level"].map(labels.level),
            date=steps["date"].map(labels.day),
            until=steps["until"].map(labels.day),
            source_path=_documents(steps),
        ),
        [
            "date",
            "until",
            "level_words",
            "raw_phrase",
            "mapping_quality",
            "framework",
            "sources",
            "disputed",
            "source_path",
        ],
    )


def directions_table(directions: pd.DataFrame) -> pd.DataFrame:
    return labels.plain(
        directions.assign(date=directions["date"].map(labels.day), source_path=_documents(directions)),
        ["date", "direction", "raw_phrase", "basis", "source_path"],
    )


def events_table(events: pd.DataFrame) -> pd.DataFrame:
    return labels.plain(
        events.assign(
            start_date=events["start_date"].map(labels.day),
            end_date=events["end_date"].map(labels.day),
            source_path=_documents(events),
        ),
        ["start_date", "end_date", "event_type", "planned", "title", "source_path"],
    )


def sub_judgements_table(sub: pd.DataFrame) -> pd.DataFrame:
    return labels.plain(
        sub.assign(
            end_date=sub["end_date"].map(labels.day), level=sub["level"].map(labels.level), source_path=_documents(sub)
        ),
        ["end_date", "dimension", "raw_phrase", "level", "mapping_quality", "subject_type", "source_path"],
        keep=("level",),
    )


def findings_table(found: pd.DataFrame) -> pd.DataFrame:
    return labels.plain(
        found.assign(
            how_read=[
                labels.how_read(c, a, b)
                for c, a, b in zip(found["theme_cues"], found["span_start"], found["span_end"], strict=True)
            ],
            source_path=_documents(found),
        ),
        ["polarity", "themes", "text", "section", "source_path", "how_read"],
    ).rename(columns={"How read": "How this was read"})


def _documents(df: pd.DataFrame) -> list[str]:
    """Each row's source named as its document (`labels.document`)."""
    if df.empty:
        return []

    def get(column: str) -> list:
        return df[column].tolist() if column in df.columns else [None] * len(df)

    return [
        labels.document(k, i, t, d if not labels.blank(d) else s)
        for k, i, t, d, s in zip(
            get("source_kind"), get("inspectorate"), get("title"), get("published_date"), get("start_date"), strict=True
        )
    ]


def documents_of(paths: list) -> list[str]:
    """Each source path as the document it is ('' for a blank)."""
    named = data.document_names(tuple(sorted({p for p in paths if isinstance(p, str)})))
    return [named.get(p, "Document") if isinstance(p, str) and p else "" for p in paths]


PERCENT_COLUMNS = ("share_of_visits", "first_visit_share", "last_visit_share", "change", "share")


def percent_table(df: pd.DataFrame) -> pd.DataFrame:
    """`labels.plain`, shares written as whole percentages ("+12%" for a change; never "-0%")."""

    def pct(value, signed: bool) -> str:
        if labels.blank(value):
            return ""
        whole = round(float(value) * 100)
        return f"{whole:+d}%" if signed and whole else f"{whole}%"

    shown = df.assign(
        **{c: [pct(v, c == "change") for v in df[c].tolist()] for c in PERCENT_COLUMNS if c in df.columns}
    )
    return labels.plain(shown)


def files_table(df: pd.DataFrame) -> pd.DataFrame:
    """Files and what happened to them, in words: the file's name (not where it was kept)."""
    out = pd.DataFrame({"File": [str(p).rsplit("/", 1)[-1] for p in df["path"].tolist()]}, index=df.index)
    if "severity" in df:
        out["Kind of problem"] = df["severity"].map({"error": "not read", "warning": "read, with a warning"}).fillna("")
    out["Reason"] = df["reason"].map(labels.cell)
    if "started_at" in df:
        out["When"] = df["started_at"].map(lambda v: "" if labels.blank(v) else f"{v:%d %B %Y %H:%M} UTC")
    return out


def disagreements_table(df: pd.DataFrame) -> pd.DataFrame:
    """Two readings of one judgement, in words, each with its document."""
    return pd.DataFrame(
        {
            "Authority": df["authority_name"],
            "Judgement about": df["dimension"].map(labels.dimension),
            "Date": df["date"].map(labels.day),
            "One reading": df["level_a"].map(labels.level),
            "Its words": df["raw_a"].map(labels.cell),
            "Its document": documents_of(df["source_a"].tolist()),
            "Other reading": df["level_b"].map(labels.level),
            "Their words": df["raw_b"].map(labels.cell),
            "Other document": documents_of(df["source_b"].tolist()),
        },
        index=df.index,
    )


ROLE_WORDS = {"chosen": "chosen authority", "neighbour": "statistical neighbour", "region": "same region"}


def compare_table(aligned: pd.DataFrame, align: str, roles: dict[str, str]) -> pd.DataFrame:
    """The Compare chart as a table, in words."""
    if aligned.empty:
        return pd.DataFrame(columns=["Authority", "Date", "Grade", "Words, as written", "How exact"])
    df = aligned.assign(
        date=aligned["date"].map(labels.day),
        level=aligned["level"].map(labels.level),
        role=[ROLE_WORDS.get(roles.get(c, ""), "") for c in aligned["authority_code"]],
        source_path=documents_of(aligned["source_path"].tolist()),
    )
    columns = [
        "authority_name",
        *(["role"] if roles else []),
        "date",
        *(["x"] if align != "calendar" else []),
        "level",
        "raw_phrase",
        "mapping_quality",
        "source_path",
    ]
    out = labels.plain(df, columns, keep=("level",)).rename(columns={"Level (1–4)": "Grade", "Role": "Compared as"})
    if "Months since first judged inadequate" in out:
        out["Months since first judged inadequate"] = out["Months since first judged inadequate"].round(0).astype(int)
    return out

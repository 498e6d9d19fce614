"""pandas frames -> plain Python rows, fast.

Contract: `records(df, columns=None)` is the list of `df`'s rows as dicts of `columns` (default:
all, in frame order), the values those of `Series.tolist`: the same values `to_dict("records")`
gives, built column by column instead of cell by cell (several times faster, above all for
Arrow-backed text). Pure.
"""

from __future__ import annotations

import pandas as pd


def records(df: pd.DataFrame, columns: list | None = None) -> list[dict]:
    names = list(df.columns) if columns is None else list(columns)
    if not names:
        return [{} for _ in range(len(df))]
    return [dict(zip(names, values, strict=True)) for values in zip(*(df[c].tolist() for c in names), strict=True)]

"""What the whole-selection pages show for any filters, from the store's summaries where they
serve exactly and from the rows for the other authorities, side by side.

Contract:
- `queries.coverage` says, authority by authority, which are read from their summaries (and from
  which period start) and which are worked out from their rows in the filters. Every analysis
  involved works authority by authority, so the results equal the analyses of all the filtered
  rows (tests/test_summaries.py checks the three tables on both engines).
- `rows_left(conn, filters, cover, today)` reads the rows of the authorities left to them, once:
  their positions' states, real visits and directions, only the columns the three tables need.
- `positions`, `episodes` take the coverage and `rows`, a callable giving `rows_left`'s result,
  called only when some authority is left to its rows (a caller that caches shares one result
  between them). `positions` gives `summaries.authority_positions` (what `authority_summary`
  and `transitions_of` read), `episodes` `summaries.inadequate_episodes` as of `today`; both
  by authority, each one's rows in their order.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pandas as pd
from sqlalchemy import Connection

from trajectories import positions as position_rule
from trajectories import summaries
from trajectories.db import queries
from trajectories.domain import Filters

Rows = dict[str, pd.DataFrame]


def rows_left(conn: Connection, filters: Filters, cover: queries.Coverage, today: dt.date) -> Rows:
    """{"states", "visits", "directions"} of the authorities `cover` leaves to their rows (`from_rows`:
    every one the filters select, or some), without the judgements' context and spans."""
    left = cover.from_rows
    chosen = filters if left.everything else Filters(**{**filters.__dict__, "authorities": tuple(sorted(left.codes))})
    judgements = queries.judgements(
        conn, chosen, dimension=summaries.POSITION_DIMENSIONS, columns=summaries.SUMMARY_STEP_READS
    )
    events = queries.events(conn, chosen, columns=summaries.VISIT_READS)
    directions = queries.directions(conn, chosen, columns=summaries.DIRECTION_READS)
    return {
        "states": position_rule.states(judgements, events, today=today),
        "visits": summaries.visits(events),
        "directions": directions,
    }


def _side_by_side(
    cover: queries.Coverage, columns: list[str], stored: Callable[[], pd.DataFrame], worked: Callable[[], pd.DataFrame]
) -> pd.DataFrame:
    """`stored()` (read for every selected authority) kept to those `cover` serves, beside
    `worked()` (from the rows left), each called only when `cover` needs it; by authority, each
    one's rows in their order."""
    kept = done = pd.DataFrame(columns=columns)
    if cover.reads_summaries:
        kept = stored()
        if not cover.summarised.everything:
            served = cover.summarised.codes  # a set lookup per code: cheaper than pandas' isin of Arrow strings
            kept = kept[[code in served for code in kept["authority_code"].tolist()]]
    if cover.reads_rows:
        done = worked()
    if kept.empty or done.empty:
        return (done if kept.empty else kept).reset_index(drop=True)
    return pd.concat([kept, done]).sort_values("authority_code", kind="stable").reset_index(drop=True)


def positions(conn: Connection, filters: Filters, cover: queries.Coverage, rows: Callable[[], Rows]) -> pd.DataFrame:
    """`summaries.authority_positions` of the selected authorities with events in the filters."""

    def worked() -> pd.DataFrame:
        left = rows()
        return summaries.authority_positions(left["states"], left["visits"], left["directions"])

    return _side_by_side(cover, summaries.POSITION_COLUMNS, lambda: queries.positions(conn, filters, cover), worked)


def episodes(
    conn: Connection, filters: Filters, cover: queries.Coverage, today: dt.date, rows: Callable[[], Rows]
) -> pd.DataFrame:
    """The inadequate episodes of the selected authorities as of `today`."""

    def worked() -> pd.DataFrame:
        left = rows()
        return summaries.inadequate_episodes(left["states"], today=today, actual=left["visits"])

    return _side_by_side(
        cover,
        summaries.EPISODE_COLUMNS,
        lambda: summaries.episodes_as_of(queries.episodes(conn, filters, cover), today),
        worked,
    )

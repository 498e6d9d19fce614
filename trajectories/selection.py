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
  between them). `positions` gives `analytics.authority_positions` (what `authority_summary`
  and `transitions_of` read), `episodes` `analytics.inadequate_episodes` as of `today`; both
  by authority, each one's rows in their order.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pandas as pd
from sqlalchemy import Connection

from trajectories import analytics
from trajectories import positions as position_rule
from trajectories.db import queries
from trajectories.domain import Filters

Rows = dict[str, pd.DataFrame]


def rows_left(conn: Connection, filters: Filters, cover: queries.Coverage, today: dt.date) -> Rows:
    """{"states", "visits", "directions"} of the authorities `cover` leaves to their rows (all the
    filters select when `from_rows` is None), without the judgements' context and spans."""
    chosen = filters if cover.from_rows is None else Filters(**{**filters.__dict__, "authorities": cover.from_rows})
    judgements = queries.judgements(
        conn, chosen, dimension=analytics.POSITION_DIMENSIONS, columns=analytics.SUMMARY_STEP_READS
    )
    events = queries.events(conn, chosen, columns=analytics.VISIT_READS)
    directions = queries.directions(conn, chosen, columns=analytics.DIRECTION_READS)
    return {
        "states": position_rule.states(judgements, events, today=today),
        "visits": analytics.visits(events),
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
        if cover.summarised is not None:
            served = cover.summarised  # a set lookup per code (pandas' isin of Arrow strings cost 0.07 s at 100x)
            kept = kept[[code in served for code in kept["authority_code"].tolist()]]
    if cover.reads_rows:
        done = worked()
    if kept.empty or done.empty:
        return (done if kept.empty else kept).reset_index(drop=True)
    return pd.concat([kept, done]).sort_values("authority_code", kind="stable").reset_index(drop=True)


def positions(conn: Connection, filters: Filters, cover: queries.Coverage, rows: Callable[[], Rows]) -> pd.DataFrame:
    """`analytics.authority_positions` of the selected authorities with events in the filters."""

    def worked() -> pd.DataFrame:
        left = rows()
        return analytics.authority_positions(left["states"], left["visits"], left["directions"])

    return _side_by_side(cover, analytics.POSITION_COLUMNS, lambda: queries.positions(conn, filters, cover), worked)


def episodes(
    conn: Connection, filters: Filters, cover: queries.Coverage, today: dt.date, rows: Callable[[], Rows]
) -> pd.DataFrame:
    """The inadequate episodes of the selected authorities as of `today`."""

    def worked() -> pd.DataFrame:
        left = rows()
        return analytics.inadequate_episodes(left["states"], today=today, actual=left["visits"])

    return _side_by_side(
        cover,
        analytics.EPISODE_COLUMNS,
        lambda: analytics.episodes_as_of(queries.episodes(conn, filters, cover), today),
        worked,
    )

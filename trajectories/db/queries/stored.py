"""Reads of the store's summaries (`authority_position`, `authority_episode`) and which authorities they
serve exactly for a selection (`coverage`).

Contract: an authority is read from its summary only when the summary equals what working it out from
its rows in the filters would give; every other authority is worked out from its rows by the caller.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass

import pandas as pd
from sqlalchemy import (
    Connection,
    Select,
    Text,
    and_,
    case,
    distinct,
    func,
    null,
    select,
    type_coerce,
)
from sqlalchemy.orm import aliased

from trajectories.db.models import (
    Authority,
    AuthorityEpisode,
    AuthorityPosition,
    EventRow,
)
from trajectories.db.queries.common import (
    _frame,
    _when,
    _who,
)
from trajectories.domain import EARLIEST, Filters, Selection
from trajectories.summaries import POSITION_COLUMNS, SUMMARY_PERIOD, summary_start


@dataclass(frozen=True)
class Coverage:
    """How the store's summaries serve a selection (`coverage`): `summarised`, the authorities read
    from their summaries, and `from_rows`, those worked out from their rows in the filters. Any
    other selected authority has no event in the filters and shows as one without inspections."""

    summarised: Selection
    from_rows: Selection
    # The summaries read: from this day where an authority has them, else from EARLIEST.
    start: dt.date = EARLIEST
    # Served from `next_start` instead (no visit between the period's first day and it).
    after: frozenset[str] = frozenset()

    @property
    def next_start(self) -> dt.date:
        """The first of January after `start`: the summaries the authorities in `after` are read from."""
        return dt.date(self.start.year + 1, 1, 1)

    @property
    def whole(self) -> bool:
        """The summaries from the default start serve the whole selection as it is."""
        return self.summarised.everything and self.from_rows.empty and self.start == EARLIEST

    @property
    def reads_summaries(self) -> bool:
        return not self.summarised.empty

    @property
    def reads_rows(self) -> bool:
        return not self.from_rows.empty


WHOLE = Coverage(summarised=Selection.ALL, from_rows=Selection.NONE)
ROWS = Coverage(summarised=Selection.NONE, from_rows=Selection.ALL)


def coverage(conn: Connection, filters: Filters, today: dt.date) -> Coverage:
    """Which authorities the store's summaries (`authority_position`, `authority_episode`) serve
    exactly for these filters as of `today`, and from which start (`summary_start` of the
    period's first day): those whose events in the filters are exactly the events from that start,
    and that have their summaries (a writer that has not summarised yet is never trusted) from
    that start or, when the start leaves none of their events out, from the default one; the
    others with events in the filters are worked out from their rows. Every analysis involved
    works authority by authority, so an authority read from its summary and one worked out from
    its rows sit side by side exactly as if all had been worked out. `ROWS` (all from the rows)
    when the period ends before today (the summaries hold what is in force today).

    A period from a later day in the year serves, from the next first of January's summaries
    (`Coverage.after`), the authorities visited between that first of January and the day but
    not between the day and the next first of January: their events in the period are those from
    the next first of January. So only an authority visited on both sides of the day in its year
    is worked out from its rows.

    The default filters (no inspectorate, the period from its first day) cost one aggregate over
    the events: `WHOLE` but for a visit after the period's end or a missing summary. Other
    filters (an inspectorate, a later start) count each authority's events: all, from each start,
    in the filters and in both, with whether it has each summary. A period from a first of
    January is served wholly; with an inspectorate's filter most authorities have all their
    events kept (served) or none (nothing to show). `ROWS` too when more authorities would be
    worked out from their rows than read from summaries (reading every row once then costs less)."""
    if not filters.date_to or filters.date_to < today:
        return ROWS
    start = summary_start(filters.date_from)
    later = dt.date(start.year + 1, 1, 1) if filters.date_from and filters.date_from > start else None
    if not filters.inspectorates and filters.date_from == SUMMARY_PERIOD.date_from and _whole_by_default(conn, filters):
        return WHOLE
    served, after, rows = _served_by_authority(conn, filters, start, later)
    if len(rows) > len(served):
        return ROWS
    return Coverage(Selection.of(served), Selection.of(rows), start, frozenset(after))


def _selected(stmt: Select, code, filters: Filters) -> Select:
    """`stmt` kept to the authorities the filters select; Authority is joined only when the filters read it."""
    if filters.nations or filters.regions:
        stmt = stmt.join(Authority, Authority.code == code)
    return stmt.where(*_who(filters, code))


def _whole_by_default(conn: Connection, filters: Filters) -> bool:
    """For filters of the default period and every inspectorate: whether they keep every event of the
    authorities they select and each of those has its summary from the default start (one aggregate)."""
    everything, chosen = and_(*_when(SUMMARY_PERIOD)), and_(*_when(filters))
    counts = select(
        func.count(case((everything, 1))),
        func.count(case((chosen, 1))),
        func.count(distinct(EventRow.authority_code)),
    )
    row = conn.execute(_selected(counts.select_from(EventRow), EventRow.authority_code, filters)).one()
    kept = _selected(
        select(AuthorityPosition.authority_code).where(AuthorityPosition.period_from == EARLIEST),
        AuthorityPosition.authority_code,
        filters,
    )
    return row[0] == row[1] and conn.execute(select(func.count()).select_from(kept.subquery())).scalar_one() == row[2]


def _served_by_authority(
    conn: Connection, filters: Filters, start: dt.date, later: dt.date | None
) -> tuple[set[str], set[str], list[str]]:
    """(authorities served from a summary, those of them served from `later`, those worked out from
    their rows), by counting each authority's events: all, from each start, in the filters and in both."""
    everything, chosen = and_(*_when(SUMMARY_PERIOD)), and_(*_when(filters))

    def summarised(day: dt.date):  # whether the group's authority has its summary from `day`
        return (
            select(AuthorityPosition.authority_code)
            .where(AuthorityPosition.authority_code == EventRow.authority_code, AuthorityPosition.period_from == day)
            .exists()
        )

    def from_day(day: dt.date) -> list:  # its events from `day`, those also in the filters, whether it has that summary
        inside = and_(*_when(Filters(date_from=day, date_to=SUMMARY_PERIOD.date_to)))
        return [func.count(case((inside, 1))), func.count(case((and_(inside, chosen), 1))), summarised(day)]

    counts = _selected(
        select(
            EventRow.authority_code,
            func.count(case((everything, 1))),
            func.count(case((chosen, 1))),
            summarised(EARLIEST),
            *from_day(start),
            *(from_day(later) if later else []),
        ).select_from(EventRow),
        EventRow.authority_code,
        filters,
    )
    counts = counts.group_by(EventRow.authority_code)
    served, after, rows = set(), set(), []
    for code, n_all, n_chosen, from_default, *starts in conn.execute(counts):
        if not n_chosen:
            continue
        # Served from a start when the period keeps exactly its events from that start, and it
        # has that start's summary (or, if the start leaves none of its events out, the default one).
        fits = [
            n_inside == n_chosen == n_both and (has if n_inside < n_all else from_default)
            for n_inside, n_both, has in zip(starts[::3], starts[1::3], starts[2::3], strict=True)
        ]
        if fits[0]:
            served.add(code)
        elif len(fits) > 1 and fits[1]:
            served.add(code)
            after.add(code)
        else:
            rows.append(code)
    return served, after, rows


def _from_start(model, start: dt.date) -> list:
    """The conditions that keep, of each authority's summary rows in `model`, those from `start`
    where it has them and otherwise those from the default start (what `coverage` serves from)."""
    if start == EARLIEST:
        return [model.period_from == EARLIEST]
    p = aliased(AuthorityPosition)
    latest = select(func.max(p.period_from)).where(
        p.authority_code == model.authority_code, p.period_from.in_((EARLIEST, start))
    )
    return [model.period_from.in_((EARLIEST, start)), model.period_from == latest.scalar_subquery()]


IN_CHUNK = 5_000  # authority codes per IN list


def _summary_rows(conn: Connection, stmt: Select, model, cover: Coverage | None) -> pd.DataFrame:
    """The rows `stmt` reads of `model` (a summary table; ordered by authority), of each authority
    from the start `cover` serves it from (the default start when no `cover`), by authority."""
    df = _frame(conn, stmt.where(*_from_start(model, cover.start if cover else EARLIEST)))
    if cover is None or not cover.after:
        return df
    codes = sorted(cover.after)
    later = [
        _frame(
            conn, stmt.where(model.authority_code.in_(codes[i : i + IN_CHUNK]), *_from_start(model, cover.next_start))
        )
        for i in range(0, len(codes), IN_CHUNK)
    ]
    kept = df[[code not in cover.after for code in df["authority_code"].tolist()]] if len(df) else df
    return pd.concat([kept, *later]).sort_values("authority_code", kind="stable").reset_index(drop=True)


def positions(conn: Connection, filters: Filters, cover: Coverage | None = None) -> pd.DataFrame:
    """The stored `summaries.authority_positions` of the authorities the filters select (whole
    authorities: see `coverage`), each from the start `cover` reads it from, by code."""
    # The JSON and date columns come back as the driver gives them and are converted column by
    # column: SQLAlchemy's processing on SQLite (a JSON parse and a date parse through its own
    # calls per cell) costs more than the query itself for the whole country at 100×.
    raw = {"levels", "since", "last_visit", "direction_date", "inadequate_since"}
    stmt = (
        select(
            *[
                type_coerce(getattr(AuthorityPosition, c), Text) if c in raw else getattr(AuthorityPosition, c)
                for c in POSITION_COLUMNS
            ]
        )
        .join(Authority, Authority.code == AuthorityPosition.authority_code)
        .where(*_who(filters, AuthorityPosition.authority_code))
        .order_by(AuthorityPosition.authority_code)
    )
    df = _summary_rows(conn, stmt, AuthorityPosition, cover)
    if len(df):
        df["levels"] = [json.loads(v) if isinstance(v, str) else v for v in df["levels"].tolist()]
        for col in ("since", "last_visit", "direction_date", "inadequate_since"):
            df[col] = pd.Series(
                [dt.date.fromisoformat(v) if isinstance(v, str) else v for v in df[col].tolist()],
                index=df.index,
                dtype=object,
            )
        df["inadequate"] = [bool(v) for v in df["inadequate"].tolist()]
    return df


def episodes(conn: Connection, filters: Filters, cover: Coverage | None = None) -> pd.DataFrame:
    """The stored inadequate episodes (open ones without an end: `summaries.episodes_as_of`) of
    the authorities the filters select, each from the start `cover` reads it from (as
    `positions`), in `summaries.inadequate_episodes`' order and columns."""
    e = AuthorityEpisode
    stmt = (
        select(
            e.authority_code,
            Authority.name.label("authority_name"),
            Authority.nation,
            null().label("region"),
            e.start_date.label("start"),
            e.end_date.label("end"),
            e.open,
            e.months,
            e.exit_level,
            e.exit_phrase,
            e.visits_during,
            e.start_source,
            e.end_source,
            e.visit_dates,
        )
        .join(Authority, Authority.code == e.authority_code)
        .where(*_who(filters, e.authority_code))
        .order_by(e.authority_code, e.seq)
    )
    df = _summary_rows(conn, stmt, e, cover)
    if len(df):
        df["visit_dates"] = [[dt.date.fromisoformat(d) for d in days] if days else [] for days in df["visit_dates"]]
    return df

"""Writing the summaries: the cached per-authority positions and episodes and per-region theme counts.

Contract:
- `summarise(conn, everyone=False)` writes `authority_position` and `authority_episode` for every
  authority with events and no summary, and `region_theme_year` for every region with events and
  no counts: the output of `summaries.summary_rows` (what `summaries.for_period` gives for each
  period start) and of the query `queries.theme_year_select`. `unsummarise(conn, codes)` forgets
  those of the authorities whose rows are about to change; `needs_summaries` says whether
  `summarise` has work to do; `summary_reads` reads the columns the summaries are made from.
`trajectories.db.store` (which decides when) re-exports every name here.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Connection, bindparam, delete, insert, select, tuple_

from trajectories import summaries
from trajectories.db import queries
from trajectories.db.models import Authority, AuthorityEpisode, AuthorityPosition, EventRow, RegionThemeYear
from trajectories.domain import EARLIEST, Filters


def needs_summaries(conn: Connection) -> bool:
    """Whether some authority with events has no summary (`summarise` has work to do)."""
    missing = (
        select(EventRow.authority_code)
        .where(EventRow.authority_code.not_in(select(AuthorityPosition.authority_code)))
        .limit(1)
    )
    return conn.execute(missing).first() is not None


SUMMARY_CHUNK = 500  # authorities summarised per query


# Built once: every file stored runs them (`unsummarise`).
_UNSUMMARISE = (
    delete(RegionThemeYear).where(
        tuple_(RegionThemeYear.nation, RegionThemeYear.region).in_(
            select(Authority.nation, Authority.region).where(Authority.code.in_(bindparam("codes", expanding=True)))
        )
    ),
    *(
        delete(model).where(model.authority_code.in_(bindparam("codes", expanding=True)))
        for model in (AuthorityPosition, AuthorityEpisode)
    ),
)


def unsummarise(conn: Connection, codes) -> None:
    """Forget the summaries of these authorities (their rows are about to change); `summarise`
    writes them again before the transaction commits."""
    codes = sorted(set(codes))
    for i in range(0, len(codes), 900):
        chunk = {"codes": codes[i : i + 900]}
        for statement in _UNSUMMARISE:
            conn.execute(statement, chunk)


def summarise(conn: Connection, everyone: bool = False) -> int:
    """(Re)write `authority_position` and `authority_episode` for every authority with events and
    no summary, and `region_theme_year` for every region with events and no counts (or all of
    them, `everyone`): `summaries.summary_rows` of the authorities' rows in
    `summaries.SUMMARY_PERIOD` (what `summaries.for_period` gives for each period start), and the
    query `queries.theme_year_select`. Every authority with events gets a position row from
    `EARLIEST`, even an empty one, and one from each of its other starts. Returns how many
    authorities were summarised."""
    if everyone:
        for model in (AuthorityPosition, AuthorityEpisode, RegionThemeYear):
            conn.execute(delete(model))
    stale = conn.scalars(
        select(EventRow.authority_code)
        .distinct()
        .where(EventRow.authority_code.not_in(select(AuthorityPosition.authority_code)))
        .order_by(EventRow.authority_code)
    ).all()
    # The regions without counts: those of the authorities `unsummarise` forgot (and any with
    # visits but no findings, which have none to keep).
    regions = conn.execute(
        select(Authority.nation, Authority.region)
        .distinct()
        .join(EventRow, EventRow.authority_code == Authority.code)
        .where(
            ~select(RegionThemeYear.year)
            .where(RegionThemeYear.nation == Authority.nation, RegionThemeYear.region == Authority.region)
            .exists()
        )
    ).all()
    for nation, region in sorted({(_value(n), r) for n, r in regions}):
        scope = Filters(**{**summaries.SUMMARY_PERIOD.__dict__, "nations": (nation,), "regions": (region,)})
        conn.execute(
            insert(RegionThemeYear).from_select(
                ["nation", "region", "theme", "polarity", "year", "findings"],
                queries.theme_year_select(scope, Authority.nation, Authority.region),
            )
        )
    for i in range(0, len(stale), SUMMARY_CHUNK):
        chunk = stale[i : i + SUMMARY_CHUNK]
        conn.execute(delete(AuthorityEpisode).where(AuthorityEpisode.authority_code.in_(chunk)))
        rows, episodes = summaries.summary_rows(*summary_reads(conn, chunk), chunk)
        conn.execute(insert(AuthorityPosition), rows)
        if episodes:
            conn.execute(insert(AuthorityEpisode), episodes)
    return len(stale)


def summary_reads(conn: Connection, codes, start: dt.date = EARLIEST) -> tuple:
    """(judgements, events, directions) of these authorities in the period from `start` to any
    later day: the columns `summaries.summary_rows` and `summaries.for_period` read."""
    scope = Filters(authorities=tuple(codes), date_from=start, date_to=summaries.SUMMARY_PERIOD.date_to)
    return (
        queries.judgements(conn, scope, dimension=summaries.POSITION_DIMENSIONS, columns=summaries.SUMMARY_STEP_READS),
        queries.events(conn, scope, columns=summaries.VISIT_READS),
        queries.directions(conn, scope, columns=summaries.DIRECTION_READS),
    )


def _value(v):
    """An enum's stored value (a plain value as it is)."""
    return getattr(v, "value", v)

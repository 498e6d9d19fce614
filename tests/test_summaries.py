"""The summaries per authority and region (`authority_position`, `authority_episode`,
`region_theme_year`) stay in step with the rows they summarise on every load, undo, replacement and
rebuild, on SQLite and PostgreSQL, and what the pages read from them is exactly what the analyses of
the rows give."""

from __future__ import annotations

import datetime as dt

from pandas.testing import assert_frame_equal
from sqlalchemy import select, text

from tests.conftest import DATA, SEED
from trajectories import analytics, positions, summaries
from trajectories.db import queries, store
from trajectories.db.models import AuthorityEpisode, AuthorityPosition, RegionThemeYear
from trajectories.domain import EARLIEST, Filters
from trajectories.ingest import ingest, undo
from trajectories.rebuild import rebuild

REPORTS = sorted((DATA / "ofsted" / "ofsted_ilacs_reports").glob("*/*.txt"))[:12]
VISITS = sorted((DATA / "ofsted" / "ofsted_focused_visits").glob("*/*.txt"))[:12]
HISTORY = DATA / "ofsted" / "structured" / "ofsted_csc_ilacs_history.csv"
WALES = DATA / "facts" / "wales_ciw_timeline.csv"
TODAY = dt.date.today()


def _rows(conn) -> tuple[list, ...]:
    return tuple(
        [tuple(r) for r in conn.execute(select(model.__table__).order_by(*model.__table__.primary_key.columns))]
        for model in (AuthorityPosition, AuthorityEpisode, RegionThemeYear)
    )


def stored(engine) -> tuple[list, ...]:
    with engine.connect() as conn:
        return _rows(conn)


def worked_out(engine) -> tuple[list, ...]:
    """What `summarise` writes from the rows as they are now (rolled back afterwards)."""
    with engine.connect() as conn:
        tx = conn.begin()
        store.summarise(conn, everyone=True)
        rows = _rows(conn)
        tx.rollback()
    return rows


def assert_in_step(engine) -> None:
    now = stored(engine)
    assert now == worked_out(engine)
    with engine.connect() as conn:
        with_events = conn.execute(text("SELECT count(DISTINCT authority_code) FROM event")).scalar_one()
    # Every authority with events, and no other, has its summary from the default start, and
    # from each later first of January only where that leaves out some of its events and keeps some.
    assert len([r for r in now[0] if r[1] == EARLIEST]) == with_events
    with engine.connect() as conn:
        for code, start, *_ in now[0]:
            if start != EARLIEST:
                kept = Filters(authorities=(code,), date_from=start, date_to=dt.date.max)
                assert 0 < len(queries.events(conn, kept)) < len(queries.events(conn, Filters(authorities=(code,))))


def test_summaries_follow_every_load_undo_replacement_and_rebuild(engine, tmp_path):
    first = ingest(engine, [SEED, *REPORTS[:6]])
    assert first.ok
    assert_in_step(engine)
    second = ingest(engine, [WALES, *VISITS[:6]])
    assert second.ok and stored(engine)[0]
    assert_in_step(engine)
    before = stored(engine)
    assert not ingest(engine, [WALES, *VISITS[:6]]).loaded  # the same files again change nothing
    assert stored(engine) == before
    undo(engine, second.run_id)
    assert_in_step(engine)
    # A file loaded again at its path with other content replaces its old reading.
    copy = tmp_path / REPORTS[0].name
    copy.write_text(REPORTS[0].read_text(encoding="utf-8"), encoding="utf-8")
    assert ingest(engine, [copy]).ok
    copy.write_text(REPORTS[1].read_text(encoding="utf-8"), encoding="utf-8")
    assert ingest(engine, [copy]).ok
    assert_in_step(engine)
    with engine.begin() as conn:  # as if an older rule had read every judgement as inadequate
        conn.execute(text("UPDATE judgement SET level = 1, level_low = 1, level_high = 1"))
        conn.execute(text("UPDATE direction_signal SET direction = -2"))
    assert stored(engine) != worked_out(engine)
    rebuild(engine)
    assert_in_step(engine)
    with engine.begin() as conn:  # ... and had found no theme in any finding
        conn.execute(text("DELETE FROM finding_tag"))
        conn.execute(text("DELETE FROM event_theme"))
    rebuild(engine)
    assert_in_step(engine)
    assert stored(engine)[2]


def from_rows(conn, filters: Filters, authorities, today: dt.date = TODAY) -> tuple:
    """The Overview table, the episodes and the transitions worked out from the rows."""
    judgements = queries.judgements(
        conn, filters, dimension=analytics.POSITION_DIMENSIONS, columns=analytics.STEP_READS
    )
    events = queries.events(conn, filters, columns=analytics.VISIT_READS)
    steps = analytics.level_steps(judgements, today=today, events=events)
    states = positions.states(judgements, events, today=today)
    actual = analytics.visits(events)
    directions = queries.directions(conn, filters, columns=analytics.DIRECTION_READS)
    return (
        analytics.authority_summary(
            authorities, states, events[events["planned"].astype(bool)], directions, today=today, actual=actual
        ),
        analytics.inadequate_episodes(states, today=today, actual=actual),
        analytics.transitions(steps),
    )


def from_summaries(
    conn, filters: Filters, authorities, today: dt.date = TODAY, cover: queries.Coverage | None = None
) -> tuple:
    """The same, read as the pages read them when `queries.coverage` (`cover`) serves every authority."""
    positions = queries.positions(conn, filters, cover)
    planned = queries.events(conn, filters, columns=analytics.VISIT_READS, planned=True)
    names = dict(zip(authorities["code"], authorities["name"], strict=True))
    return (
        analytics.authority_summary(authorities, None, planned, None, today=today, positions=positions),
        analytics.episodes_as_of(queries.episodes(conn, filters, cover), today),
        analytics.transitions_of(zip(map(names.get, positions["authority_code"]), positions["levels"], strict=True)),
    )


def test_the_summaries_give_exactly_what_the_analyses_of_the_rows_give(engine):
    assert ingest(engine, [*REPORTS, *VISITS, HISTORY, WALES]).ok
    with engine.connect() as conn:
        everyone = queries.authorities(conn)
        episodes = 0
        for filters in (
            Filters(date_from=EARLIEST, date_to=TODAY),
            Filters(nations=("England",), date_from=EARLIEST, date_to=TODAY),
            Filters(regions=("London",), date_from=EARLIEST, date_to=TODAY + dt.timedelta(days=30)),
            Filters(authorities=tuple(everyone["code"][:40]), date_from=EARLIEST, date_to=TODAY),
        ):
            assert queries.coverage(conn, filters, TODAY).whole
            chosen = everyone[everyone["code"].isin(filters.authorities)] if filters.authorities else everyone
            if filters.nations:
                chosen = chosen[chosen["nation"].isin(filters.nations)]
            if filters.regions:
                chosen = chosen[chosen["region"].isin(filters.regions)]
            expected, got = from_rows(conn, filters, chosen), from_summaries(conn, filters, chosen)
            for a, b in zip(expected, got, strict=True):
                assert_frame_equal(a, b)
            if not filters.authorities:
                assert_frame_equal(
                    analytics.themes_over_time(queries.theme_year_counts(conn, filters)),
                    analytics.themes_over_time(queries.theme_year_counts(conn, filters, summarised=True)),
                )
            episodes += len(got[1])
        assert episodes and len(from_summaries(conn, Filters(), everyone)[2])
        # Served in part: an inspectorate keeps all of some authorities' events and none of others'.
        ofsted = queries.coverage(conn, Filters(inspectorates=("ofsted",), date_from=EARLIEST, date_to=TODAY), TODAY)
        english = set(everyone.loc[(everyone["nation"] == "England") & (everyone["events"] > 0), "code"])
        assert ofsted.summarised.codes == english and ofsted.from_rows.empty
        # A later start: from a first of January wholly, from the summaries of that start where an
        # authority has earlier visits; from a later day in the year, an authority visited before
        # it in that year but not after it from the next first of January's summaries.
        for day in (dt.date(2016, 1, 1), dt.date(2019, 6, 1), dt.date(2023, 1, 1)):
            filters = Filters(date_from=day, date_to=TODAY)
            later = queries.coverage(conn, filters, TODAY)
            assert later.start == dt.date(day.year, 1, 1) and not later.whole and later.summarised.codes
            assert later.after if day.month > 1 else (later.from_rows.empty and not later.after)
            served = Filters(authorities=tuple(sorted(later.summarised.codes)), date_from=day, date_to=TODAY)
            chosen = everyone[everyone["code"].isin(served.authorities)]
            for a, b in zip(
                from_rows(conn, served, chosen), from_summaries(conn, served, chosen, cover=later), strict=True
            ):
                assert_frame_equal(a, b)
            assert (
                queries.positions(conn, served, later)["levels"].map(len)
                < queries.positions(conn, served)["levels"].map(len)
            ).any()  # earlier judgements left out
        # Not at all: the judgements in force at an earlier end are not what the summaries hold.
        assert queries.coverage(conn, Filters(date_from=EARLIEST, date_to=dt.date(2019, 1, 1)), TODAY) == queries.ROWS
        # As of an earlier day (open episodes end then, and count only the visits before it).
        early, filters = dt.date(2018, 1, 1), Filters(date_from=EARLIEST, date_to=TODAY)
        assert queries.coverage(conn, filters, early).whole
        for a, b in zip(
            from_rows(conn, filters, everyone, early), from_summaries(conn, filters, everyone, early), strict=True
        ):
            assert_frame_equal(a, b)
    with engine.begin() as conn:  # a writer that has not summarised yet is never trusted
        conn.execute(
            text("DELETE FROM authority_position WHERE authority_code = (SELECT min(authority_code) FROM event)")
        )
        missing = conn.execute(text("SELECT min(authority_code) FROM event")).scalar_one()
    with engine.connect() as conn:
        cover = queries.coverage(conn, Filters(date_from=EARLIEST, date_to=TODAY), TODAY)
        assert cover.from_rows.codes == {missing} and missing not in cover.summarised


def test_pages_read_summaries_and_rows_side_by_side_as_the_rows_give(engine, monkeypatch):
    """Filters the summaries serve only in part (an inspectorate, a later start) or not at all (an
    earlier end): what the pages show is exactly what the analyses of all the filtered rows give."""
    import streamlit as st

    import pages

    assert ingest(engine, [*REPORTS, *VISITS, HISTORY, WALES]).ok
    monkeypatch.setenv("DATABASE_URL", engine.url.render_as_string(hide_password=False))
    st.cache_data.clear()
    st.cache_resource.clear()
    with engine.connect() as conn:
        everyone = queries.authorities(conn)
        mixed = 0
        for filters in (
            Filters(inspectorates=("ofsted",), date_from=EARLIEST, date_to=TODAY),
            Filters(inspectorates=("ciw",), date_from=EARLIEST, date_to=TODAY),
            Filters(inspectorates=("ciw", "welsh_gov"), nations=("Wales",), date_from=EARLIEST, date_to=TODAY),
            Filters(date_from=dt.date(2016, 1, 1), date_to=TODAY),
            Filters(date_from=dt.date(2023, 1, 1), date_to=TODAY),
            Filters(date_from=dt.date(2019, 6, 1), date_to=TODAY),
            Filters(inspectorates=("ofsted",), date_from=dt.date(2020, 3, 1), date_to=TODAY),
            Filters(date_from=EARLIEST, date_to=dt.date(2021, 6, 30)),
        ):
            cover = queries.coverage(conn, filters, TODAY)
            mixed += bool(cover.summarised.codes) and bool(cover.from_rows.codes)
            chosen = pages.select_authorities(everyone, filters)
            summary, episodes, moves = from_rows(conn, filters, chosen)
            assert_frame_equal(pages.load_summary(filters, TODAY), summary)
            assert_frame_equal(pages.load_episodes(filters, TODAY), episodes)
            assert_frame_equal(pages.load_transitions(filters, TODAY), moves)
        assert mixed  # some authorities read from summaries and some from rows, side by side
    st.cache_data.clear()
    st.cache_resource.clear()


# ---- the stored summaries are the cached output of the one function, for every authority and start


def _plain(value):
    """A cell as a plain Python value (a NumPy number as its Python number, NaN as None)."""
    value = value.item() if hasattr(value, "item") and not isinstance(value, (list, str)) else value
    return None if isinstance(value, float) and value != value else value


def _table(conn, model) -> dict[tuple, list[dict]]:
    """The rows of a summary table by (authority, period start), each as a dict, in key order."""
    out: dict[tuple, list[dict]] = {}
    for row in conn.execute(select(model.__table__).order_by(*model.__table__.primary_key.columns)).mappings():
        out.setdefault((row["authority_code"], row["period_from"]), []).append({k: _plain(v) for k, v in row.items()})
    return out


def assert_stored_equal_fresh(engine) -> int:
    """For every authority with events and every period start (`EARLIEST` and each first of January
    up to next year) that the store serves (`queries.coverage`: the summary from that start, or the
    one from `EARLIEST` when the period keeps all of the authority's events): the rows served are
    `summaries.for_period` of that authority's rows in the period, read afresh. Also the theme
    counts kept per visit and per region equal those counted afresh from the findings' tags.
    Returns how many (authority, start) pairs were compared."""
    compared = 0
    with engine.connect() as conn:
        stored_positions, stored_episodes = _table(conn, AuthorityPosition), _table(conn, AuthorityEpisode)
        codes = sorted(conn.scalars(text("SELECT DISTINCT authority_code FROM event")))
        assert codes and {code for code, _ in stored_positions} == set(codes)
        everything: dict[str, int] = {}  # each authority's events in the whole period
        for start in [EARLIEST, *(dt.date(y, 1, 1) for y in range(EARLIEST.year + 1, TODAY.year + 2))]:
            for i in range(0, len(codes), 400):
                chunk = codes[i : i + 400]
                judgements, events, directions = store.summary_reads(conn, chunk, start)
                counts = events["authority_code"].value_counts().to_dict()
                if start == EARLIEST:
                    everything.update(counts)
                rows, episodes = summaries.for_period(judgements, events, directions, chunk, start)
                for row in rows:
                    code = row["authority_code"]
                    if (code, start) in stored_positions:
                        served = start
                    elif 0 < counts.get(code, 0) == everything.get(code, 0):
                        served = EARLIEST  # the period keeps all its events
                    else:
                        continue  # none of its events, or not from a summary: worked out from its rows
                    got = [{**r, "period_from": start} for r in stored_positions[(code, served)]]
                    assert got == [{k: _plain(v) for k, v in row.items()}], (code, start)
                    got = [{**r, "period_from": start} for r in stored_episodes.get((code, served), [])]
                    mine = [{k: _plain(v) for k, v in e.items()} for e in episodes if e["authority_code"] == code]
                    assert got == mine, (code, start)
                    compared += 1
        # Theme counts per visit as the pages read them (`queries.theme_counts`, from `event_theme`)
        # against a fresh count of the findings' theme tags.
        read = queries.theme_counts(conn, Filters())
        assert len(read)
        counted = {
            (e, t, p): n
            for e, t, p, n in conn.execute(
                text(
                    "SELECT f.event_id, t.tag, f.polarity, count(*) FROM finding f "
                    "JOIN finding_tag t ON t.finding_id = f.id AND t.facet = 'theme' "
                    "JOIN event e ON e.id = f.event_id WHERE NOT e.planned GROUP BY f.event_id, t.tag, f.polarity"
                )
            )
        }
        assert {
            (int(e), t, p): int(n)
            for e, t, p, n in zip(read["event_id"], read["theme"], read["polarity"], read["findings"], strict=True)
        } == counted
        # Theme counts per region and year against the same sums from the counts per visit.
        regions = conn.execute(text("SELECT DISTINCT nation, region FROM authority WHERE region IS NOT NULL")).all()
        for nation, region in regions:
            _same_counts(conn, Filters(nations=(nation,), regions=(region,), date_from=EARLIEST, date_to=dt.date.max))
    return compared


def _same_counts(conn, scope: Filters) -> None:
    def key(df):
        return sorted(
            (t, p, d.isoformat() if d else "", int(n))
            for t, p, d, n in zip(df["theme"], df["polarity"], df["end_date"], df["findings"], strict=True)
        )

    assert key(queries.theme_year_counts(conn, scope, summarised=True)) == key(queries.theme_year_counts(conn, scope))


def test_stored_summaries_equal_a_fresh_computation_on_the_bundled_data(bundled_db):
    from trajectories.db.engine import make_engine

    engine = make_engine(bundled_db)
    try:
        assert assert_stored_equal_fresh(engine) > 1000
    finally:
        engine.dispose()


def test_stored_summaries_equal_a_fresh_computation_on_a_synthetic_set(bundled_db, tmp_path):
    import shutil

    from trajectories import synthetic
    from trajectories.db.engine import make_engine

    path = tmp_path / "synthetic.db"
    shutil.copy(bundled_db.removeprefix("sqlite:///"), path)
    engine = make_engine(f"sqlite:///{path}")
    try:
        report = synthetic.synthesize(engine, 1.5, seed=11)
        assert report.loaded > 50
        assert assert_stored_equal_fresh(engine) > 1000
    finally:
        engine.dispose()

"""Per authority: where it stands and its inadequate episodes, the pure functions whose output
the store keeps as its summaries. DataFrame in, DataFrame (or plain rows) out; nothing here reads
a database.

Contract:
- `authority_positions(states, actual, directions)`: one row per authority (`POSITION_COLUMNS`),
  what its Overview row says that does not depend on the day. `inadequate_episodes(states, ...)`:
  its spells judged inadequate (`EPISODE_COLUMNS`). Both read `positions.states` (the one rule of
  where an authority stands) and work authority by authority, so a row depends only on that
  authority's own rows.
- A *period start* (`summary_start`, `summary_starts`) is `EARLIEST` or a first of January; the
  store keeps each authority's rows from `EARLIEST` and from each first of January that leaves out
  some of its events and keeps some. `in_period` keeps the rows a period from a start keeps, as
  `queries` does in SQL.
- `for_period(judgements, events, directions, codes, start)` is the definition of what the store
  keeps for a period start: position rows (`authority_position`) and episode rows
  (`authority_episode`, open episodes left open with the days of their visits) of `codes`, from
  the rows of that period. `summary_rows` gives the rows of every start at once, from the rows of
  the whole period (`SUMMARY_PERIOD`); it equals `for_period` start by start
  (tests/test_summaries.py proves it on the bundled data and on a synthetic set).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Hashable

import pandas as pd

from trajectories import positions
from trajectories.domain import EARLIEST, Filters
from trajectories.frames import records

# The rows the store's summaries are worked out from (`store.summarise`): the default period
# from its first day, and every later day; and the same from each first of January after it.
SUMMARY_PERIOD = Filters(date_from=EARLIEST, date_to=dt.date.max)


# The judgements a position reads: the overall grade and the area grades (Ofsted from April 2026).
POSITION_DIMENSIONS = ("overall", *positions.AREA_DIMENSIONS)


# What the summary, the episodes and the transitions read of the steps (`authority_positions`,
# `inadequate_episodes`): the judgements' context and spans are most of the bytes of a row.
SUMMARY_STEP_READS = positions.STATE_READS


VISIT_READS = positions.VISIT_READS  # the events of authority_summary and inadequate_episodes


DIRECTION_READS = (
    "authority_code",
    "start_date",
    "end_date",
    "published_date",
    "planned",
    "direction",
    "raw_phrase",
    "scope",
)  # the directions of authority_summary


def effective_date(df: pd.DataFrame) -> pd.Series:
    """The day a judgement or signal takes effect: fieldwork end, else start, else publication."""
    if df.empty:
        return pd.Series([], dtype="object")
    return (
        df["end_date"]
        .where(df["end_date"].notna(), df["start_date"])
        .where(lambda s: s.notna(), df.get("published_date"))
    )


def _groups(df: pd.DataFrame, keys: list, sort: bool = True, columns: list | None = None) -> dict[Hashable, list[dict]]:
    """The rows of `df` as records, grouped by `keys` (column names or Series) in one pass: what
    `df.groupby(keys)` then `to_dict("records")` per group gives (rows keep df's order within a
    group; groups in key order, or in order of appearance when not `sort`; rows with a missing
    key left out), without building a frame per group (too slow for tens of thousands of
    authorities). `columns`: only these (and the keys) in the records."""
    if df.empty:
        return {}
    ids = df.groupby(keys, sort=sort).ngroup().to_numpy()
    names = (
        list(df.columns)
        if columns is None
        else list(dict.fromkeys([*[k for k in keys if isinstance(k, str)], *columns]))
    )
    out: dict[int, list[dict]] = {}
    for gid, rec in zip(ids, records(df, names), strict=True):
        if gid >= 0:
            out.setdefault(int(gid), []).append(rec)
    if sort:
        out = dict(sorted(out.items()))
    return out


def _by_code(df: pd.DataFrame | None, key: str, columns: list[str]) -> dict:
    """{key value: (the row's values of `columns`)}, the last row winning (as `to_dict("index")`)."""
    if df is None or df.empty:
        return {}
    return dict(zip(df[key].tolist(), zip(*(df[c].tolist() for c in columns), strict=True), strict=True))


def none_if_missing(v):
    """None for a missing value however a frame holds it (None, NaN, NaT)."""
    return None if v is None or (isinstance(v, float) and v != v) or v is pd.NaT else v


def _months(a: dt.date, b: dt.date) -> float:
    return round((b - a).days / 30.4375, 1)


def distinct_events(events: pd.DataFrame) -> pd.DataFrame:
    """One row per real visit (`positions.visit_ids`: the same visit read from a report, outcome
    tables and a timeline is one row), the document preferred, with `sources` (how many) and
    `source_paths` (which)."""
    if events.empty:
        return events.assign(sources=pd.Series(dtype=int), source_paths=pd.Series(dtype=object))
    df = events.reset_index(drop=True)
    ids = positions.visit_ids(df)
    prefs = [positions.preference(k) for k in df["source_kind"].tolist()]
    best: dict[int, int] = {}
    paths: dict[int, set] = {}
    for row, (vid, pref, event_id, path) in enumerate(
        zip(ids.tolist(), prefs, df["event_id"].tolist(), df["source_path"].tolist(), strict=True)
    ):
        key = vid if vid >= 0 else -(row + 1)
        if key not in best or (pref, event_id) < (prefs[best[key]], df["event_id"].iat[best[key]]):
            best[key] = row
        paths.setdefault(key, set()).add(path)
    keys = list(best)
    out = df.iloc[[best[k] for k in keys]].copy()
    found = [sorted(paths[k]) if len(paths[k]) > 1 else [next(iter(paths[k]))] for k in keys]
    out["sources"] = [len(p) for p in found]
    out["source_paths"] = pd.Series(found, index=out.index, dtype=object)
    return out.sort_values(["authority_code", "start_date", "event_id"], na_position="first").reset_index(drop=True)


def visits(events: pd.DataFrame) -> pd.DataFrame:
    """The real visits among `events`: `distinct_events` of those not planned (what
    `authority_summary` and `inadequate_episodes` count; a caller may compute it once for both)."""
    return distinct_events(events[~events["planned"].astype(bool)]) if not events.empty else events


def direction_points(directions: pd.DataFrame) -> pd.DataFrame:
    """Direction signals with the date they speak for (the event's), never joined into a line."""
    if directions.empty:
        return directions.assign(date=pd.Series(dtype="object"))
    df = directions[~directions["planned"].astype(bool)].copy()
    df["date"] = effective_date(df)
    return df.sort_values(["authority_code", "date"]).reset_index(drop=True)


EPISODE_COLUMNS = [
    "authority_code",
    "authority_name",
    "nation",
    "region",
    "start",
    "end",
    "open",
    "months",
    "exit_level",
    "exit_phrase",
    "visits_during",
    "start_source",
    "end_source",
]


def inadequate_episodes(
    states: pd.DataFrame,
    events: pd.DataFrame | None = None,
    today: dt.date | None = None,
    actual: pd.DataFrame | None = None,
    dates: bool = False,
) -> pd.DataFrame:
    """Each spell during which an authority was judged inadequate (`positions.states`: its overall
    grade, or under area grades any area), from the first such inspection to the first later
    full inspection that is not inadequate (`exit_level` its overall grade, `exit_phrase` its
    words: a grade, an area profile or "not graded since …").

    `open` episodes run to today. `visits_during` counts the monitoring, focused and other
    ungraded visits of that authority inside the spell (from `events`, planned ones excluded;
    or `actual`: `visits(events)`, when the caller has it already); with `dates`, a column
    `visit_dates` lists the days of those visits (what `episodes_as_of` counts again).
    """
    today = today or dt.date.today()
    columns = EPISODE_COLUMNS + (["visit_dates"] if dates else [])
    if states.empty:
        return pd.DataFrame(columns=columns)
    if actual is None:
        actual = visits(events) if events is not None else None
    visit_dates: dict[str, list] = {}
    if actual is not None and not actual.empty:
        for code, when in zip(actual["authority_code"].tolist(), effective_date(actual).tolist(), strict=True):
            if when is not None and when == when:  # not NaN or NaT
                visit_dates.setdefault(code, []).append(when)
    rows = []
    for recs in _groups(
        states.sort_values("date", kind="stable"),
        ["authority_code"],
        columns=[
            "authority_name",
            "nation",
            "date",
            "level",
            "inadequate",
            "kind",
            "raw_phrase",
            "position",
            "source_path",
        ],
    ).values():
        code = recs[0]["authority_code"]
        i = 0
        while i < len(recs):
            if not recs[i]["inadequate"]:
                i += 1
                continue
            start = recs[i]
            j = i + 1
            while j < len(recs) and recs[j]["inadequate"]:
                j += 1
            end = recs[j] if j < len(recs) else None
            rows.append(_spell_row(code, start, end, today, visit_dates.get(code, ()), dates))
            i = j
    return _episode_frame(rows, columns)


def _spell_row(code: str, start: dict, end: dict | None, today: dt.date, visit_dates, dates: bool) -> dict:
    """One inadequate spell from its first inadequate state to `end` (the first later state that is
    not, or None while it lasts), with the visits among `visit_dates` inside it."""
    end_date = end["date"] if end else today
    during = [when for when in visit_dates if start["date"] < when < end_date]
    return {
        "authority_code": code,
        "authority_name": none_if_missing(start["authority_name"]),
        "nation": none_if_missing(start.get("nation")),
        "region": None,
        "start": start["date"],
        "end": end_date,
        "open": end is None,
        "months": _months(start["date"], end_date),
        "exit_level": end["level"] if end and end["kind"] == positions.KIND_GRADED else None,
        "exit_phrase": (end["raw_phrase"] if end["kind"] == positions.KIND_GRADED else end["position"])
        if end
        else None,
        "visits_during": len(during),
        "start_source": start["source_path"],
        "end_source": end["source_path"] if end else None,
        **({"visit_dates": sorted(during)} if dates else {}),
    }


def _episode_frame(rows: list[dict], columns: list[str]) -> pd.DataFrame:
    """Episodes as a frame whose columns have the same types whichever episodes it holds (the exit
    level a number, NaN while open; the exit's words and source objects, None while open), so
    episodes worked out in parts line up with those worked out at once."""
    df = pd.DataFrame(rows, columns=columns)
    df["exit_level"] = df["exit_level"].astype(float)
    for col in ("exit_phrase", "end_source"):
        df[col] = pd.Series(
            [None if v is None or v != v else v for v in df[col].tolist()], index=df.index, dtype=object
        )
    return df


def episodes_as_of(episodes: pd.DataFrame, today: dt.date) -> pd.DataFrame:
    """Episodes worked out with `today=dt.date.max` and `dates` (open episodes never end: what the
    store keeps, `store.summarise`) as of `today`: the same as `inadequate_episodes(...,
    today=today)`. Open episodes end today, last that many months and count the visits of
    `visit_dates` before today."""
    if episodes.empty:
        return pd.DataFrame(columns=EPISODE_COLUMNS)
    rows = []
    for rec in records(episodes, EPISODE_COLUMNS + ["visit_dates"]):
        rec = {k: none_if_missing(v) if k != "visit_dates" else v for k, v in rec.items()}
        rec["open"] = bool(rec["open"])
        if rec["open"]:
            rec["end"], rec["months"] = today, _months(rec["start"], today)
            rec["visits_during"] = sum(1 for when in rec["visit_dates"] if when < today)
        del rec["visit_dates"]
        rows.append(rec)
    return _episode_frame(rows, EPISODE_COLUMNS)


POSITION_COLUMNS = [
    "authority_code",
    "levels",
    "level",
    "mapping_quality",
    "since",
    "last_visit",
    "last_visit_type",
    "direction",
    "direction_phrase",
    "direction_date",
    "position",
    "position_kind",
    "lowest_area",
    "inadequate",
    "inadequate_since",
    "position_source",
]


def authority_positions(states: pd.DataFrame, actual: pd.DataFrame, directions: pd.DataFrame) -> pd.DataFrame:
    """What an authority's summary row says that does not depend on the day, one row per authority
    with inspections, visits or directions (by code): its overall grades in order (`levels`), the
    position set by its latest full inspection (`positions.states`: `position` in words, its
    `position_kind`, `level` when it is an overall grade, `lowest_area`, `inadequate` and since
    when, `since` its date, `position_source`), its last visit and its latest direction of travel.
    Each row depends only on that authority's rows (so the store keeps these per authority:
    `store.summarise`). `actual`: `visits(events)`."""
    seqs, current = _grades_and_positions(states)
    last, latest_dir = _last_visits_and_directions(actual, directions)
    codes = sorted(set(seqs) | set(current) | set(last) | set(latest_dir))
    cols: dict[str, list] = {c: [] for c in POSITION_COLUMNS}
    none = (None,) * 9
    for code in codes:
        cur, lst, dr = current.get(code, none), last.get(code), latest_dir.get(code)
        level, quality, since, words, kind, lowest, bad, bad_since, path = cur
        for col, value in zip(
            POSITION_COLUMNS,
            (
                code,
                seqs.get(code, []),
                level,
                quality,
                since,
                lst[0] if lst is not None else None,
                str(lst[1]) if lst is not None else None,
                int(dr[0]) if dr is not None else None,
                dr[1] if dr is not None else None,
                dr[2] if dr is not None else None,
                words,
                kind,
                lowest,
                bool(bad) if bad is not None else False,
                bad_since,
                path,
            ),
            strict=True,
        ):
            cols[col].append(value)
    return pd.DataFrame({c: pd.Series(v, dtype=object) for c, v in cols.items()}, columns=POSITION_COLUMNS)


def _grades_and_positions(states: pd.DataFrame) -> tuple[dict[str, list[float]], dict[str, tuple]]:
    """By code: the overall grades in order, and the position after the latest full inspection as
    (level, quality, since, words, kind, lowest area, inadequate, inadequate since, source path)."""
    seqs: dict[str, list[float]] = {}
    current: dict[str, tuple] = {}
    if not states.empty:
        ordered = states.sort_values(["authority_code", "date"], kind="stable")
        run_start: dict[str, dt.date | None] = {}
        for code, kind, level, quality, when, words, lowest, bad, path in zip(
            *(
                ordered[c].tolist()
                for c in (
                    "authority_code",
                    "kind",
                    "level",
                    "mapping_quality",
                    "date",
                    "position",
                    "lowest_area",
                    "inadequate",
                    "source_path",
                )
            ),
            strict=True,
        ):
            if kind == positions.KIND_GRADED:
                seqs.setdefault(code, []).append(float(level))
            run_start[code] = (run_start.get(code) or when) if bad else None
            current[code] = (
                float(level) if kind == positions.KIND_GRADED else None,
                none_if_missing(quality),
                when,
                none_if_missing(words),
                kind,
                none_if_missing(lowest),
                bool(bad),
                run_start[code],
                none_if_missing(path),
            )
    return seqs, current


def _last_visits_and_directions(actual: pd.DataFrame, directions: pd.DataFrame) -> tuple[dict, dict]:
    """By code: the last visit (start date, kind) and the latest direction (direction, phrase, date)."""
    # A stable sort: the last of two visits on the same day is the later in `actual`'s order.
    last = (
        actual.sort_values("start_date", kind="stable").groupby("authority_code").tail(1) if not actual.empty else None
    )
    dirs = direction_points(directions)
    if not dirs.empty and "scope" in dirs:  # on one day, a document's verdict on the whole service wins
        dirs = dirs.assign(_whole=dirs["scope"].eq("overall")).sort_values(
            ["authority_code", "date", "_whole"], kind="stable"
        )
    latest_dir = dirs.groupby("authority_code").tail(1) if not dirs.empty else None
    # Plain dicts by code, built column by column: a frame lookup (or a record boxed cell by
    # cell) per authority costs more than the whole rest.
    return tuple(
        _by_code(df, "authority_code", cols)
        for df, cols in ((last, ["start_date", "event_type"]), (latest_dir, ["direction", "raw_phrase", "date"]))
    )


def summary_start(day: dt.date | None) -> dt.date:
    """The start of the summaries that may serve a period from `day`: the first of January of its
    year (`EARLIEST` for a day in or before the default period's first year)."""
    return dt.date(day.year, 1, 1) if day and day.year > EARLIEST.year else EARLIEST


def summary_starts(codes: list[str], events: pd.DataFrame) -> dict[dt.date, list[str]]:
    """The period starts these authorities have summaries from, each with its authorities in
    order, given all their events in `SUMMARY_PERIOD` (`authority_code`, `start_date`, `end_date`,
    `planned`): `EARLIEST` for every one, and each later first of January that leaves out some of
    an authority's events and keeps some (`in_period`): from the year after its first past visit
    to the year of its last visit, planned ones included, in date order."""
    first: dict[str, dt.date] = {}
    last: dict[str, dt.date] = {}
    for code, day, planned in zip(
        events["authority_code"].tolist(), _event_days(events), events["planned"].tolist(), strict=True
    ):
        if day is None:
            continue
        if not planned and (code not in first or day < first[code]):
            first[code] = day
        if code not in last or day > last[code]:
            last[code] = day
    out = {EARLIEST: list(codes)}
    for code, day in first.items():
        for year in range(max(day.year, EARLIEST.year) + 1, last[code].year + 1):
            out.setdefault(dt.date(year, 1, 1), []).append(code)
    return dict(sorted(out.items()))


def in_period(frame: pd.DataFrame, start: dt.date) -> pd.Series:
    """Which rows of a frame with their event's `start_date`, `end_date` and `planned` a period
    from `start` keeps: what `queries` selects in SQL (the end of the event, else its start, on or
    after `start`; planned visits always; an event with no date only when planned)."""
    kept = [
        bool(planned) or (day is not None and day >= start)
        for day, planned in zip(_event_days(frame), frame["planned"].tolist(), strict=True)
    ]
    return pd.Series(kept, index=frame.index, dtype=bool)


def _event_days(frame: pd.DataFrame) -> list[dt.date | None]:
    """Each row's event day as `queries` reads it: its end, else its start, else its publication."""
    published = frame["published_date"].tolist() if "published_date" in frame else [None] * len(frame)
    return [
        end
        if isinstance(end, dt.date)
        else start
        if isinstance(start, dt.date)
        else pub
        if isinstance(pub, dt.date)
        else None
        for start, end, pub in zip(frame["start_date"].tolist(), frame["end_date"].tolist(), published, strict=True)
    ]


START_KEY = "|"  # between an authority's code and a period start in `_by_start`'s keys (never in a code)


def _start_key(code: str, start: dt.date) -> str:
    return f"{code}{START_KEY}{start.isoformat()}"


def _by_start(df: pd.DataFrame, starts: dict[dt.date, list[str]]) -> pd.DataFrame:
    """The rows of `df` (a frame of events, judgements or directions with their event's dates) that
    a period from each start keeps (`in_period`), of that start's authorities, side by side, each
    authority's under the key `_start_key(code, start)`."""
    parts = []
    for start, codes in starts.items():
        part = df if start == EARLIEST else df[df["authority_code"].isin(codes) & in_period(df, start)]
        parts.append(part.assign(authority_code=[_start_key(code, start) for code in part["authority_code"].tolist()]))
    return pd.concat(parts, ignore_index=True)


EMPTY_POSITION = {c: ([] if c == "levels" else False if c == "inadequate" else None) for c in POSITION_COLUMNS}


def _stored(
    judgements: pd.DataFrame, events: pd.DataFrame, directions: pd.DataFrame
) -> tuple[dict[str, dict], list[dict]]:
    """The positions (by authority code) and the episodes (in order, by authority) of these rows as
    the store keeps them: as of no particular day (`today=dt.date.max`: open episodes never end)."""
    states = positions.states(judgements, events, today=dt.date.max)
    actual = visits(events)
    found = {rec["authority_code"]: rec for rec in records(authority_positions(states, actual, directions))}
    episodes = [
        {k: none_if_missing(v) if k != "visit_dates" else v for k, v in rec.items()}
        for rec in records(inadequate_episodes(states, today=dt.date.max, actual=actual, dates=True))
    ]
    return found, episodes


def _episode_row(rec: dict, code: str, start: dt.date, seq: int) -> dict:
    """One `authority_episode` row: an open episode keeps no end nor length, but the days of its visits."""
    is_open = bool(rec["open"])
    return dict(
        authority_code=code,
        period_from=start,
        seq=seq,
        start_date=rec["start"],
        end_date=None if is_open else rec["end"],
        open=is_open,
        months=None if is_open else rec["months"],
        exit_level=rec["exit_level"],
        exit_phrase=rec["exit_phrase"],
        visits_during=int(rec["visits_during"]),
        start_source=rec["start_source"],
        end_source=rec["end_source"],
        visit_dates=[day.isoformat() for day in rec["visit_dates"]] if is_open else None,
    )


def for_period(
    judgements: pd.DataFrame, events: pd.DataFrame, directions: pd.DataFrame, codes: list[str], start: dt.date
) -> tuple[list[dict], list[dict]]:
    """The `authority_position` rows (one per code, an empty one for a code without rows) and the
    `authority_episode` rows of `codes` for the period from `start`, given their judgements
    (`SUMMARY_STEP_READS` of `POSITION_DIMENSIONS`), events (`VISIT_READS`) and directions
    (`DIRECTION_READS`) in that period."""
    found, episodes = _stored(judgements, events, directions)
    rows = [{**found.get(code, EMPTY_POSITION), "authority_code": code, "period_from": start} for code in codes]
    seqs: dict[str, int] = {}
    out = []
    for rec in episodes:
        code = rec["authority_code"]
        seqs[code] = seqs.get(code, -1) + 1
        out.append(_episode_row(rec, code, start, seqs[code]))
    return rows, out


def summary_rows(
    judgements: pd.DataFrame, events: pd.DataFrame, directions: pd.DataFrame, codes: list[str]
) -> tuple[list[dict], list[dict]]:
    """`for_period` of every start `summary_starts` gives these authorities, from their rows in
    `SUMMARY_PERIOD`: each start's rows kept by `in_period` and set side by side under their own
    keys (`_by_start`), worked out in one pass (the analyses go authority by authority)."""
    starts = summary_starts(codes, events)
    found, episodes = _stored(*(_by_start(df, starts) for df in (judgements, events, directions)))
    rows = [
        {**found.get(_start_key(code, start), EMPTY_POSITION), "authority_code": code, "period_from": start}
        for start, codes_from in starts.items()
        for code in codes_from
    ]
    seqs: dict[str, int] = {}
    out = []
    for rec in episodes:
        key = rec["authority_code"]
        code, start = key.rsplit(START_KEY, 1)
        seqs[key] = seqs.get(key, -1) + 1
        out.append(_episode_row(rec, code, dt.date.fromisoformat(start), seqs[key]))
    return rows, out

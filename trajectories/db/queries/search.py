"""Findings, and the search for words in them through the engine's word index.

Contract: a search finds the findings that hold every word of it as word beginnings (`search_words`),
in the same order whichever way the index is read; themes are aggregated only for the findings returned.
"""

from __future__ import annotations

import re

import pandas as pd
from sqlalchemy import (
    Connection,
    Select,
    and_,
    false,
    func,
    literal_column,
    select,
    table,
    true,
)

from trajectories.db.models import (
    Authority,
    EventRow,
    FindingRow,
    FindingTag,
)
from trajectories.db.queries.common import (
    _agg,
    _chosen,
    _events_base,
    _filtered,
    _frame,
)
from trajectories.domain import Filters

SEARCH_WORK_MEM = "32MB"  # PostgreSQL memory for a words search's bitmap of matching findings
SEARCH_SPARSE = 20_000  # fewer findings hold the words: read them through the word index, else walk in order
WORD = re.compile(r"[^\W_]+")  # a word: letters and digits, as both engines' word indexes split text


def search_words(text: str) -> list[str]:
    """The words of a search, lowercased, each once: its runs of letters and digits.

    Every one must begin a word of the finding, case ignored ("oversee" finds "overseen"; a word
    of one or two letters must be a whole word: "of" does not find "often"). Other characters
    separate words, as in the text: "multi-agency" is "multi" and "agency". Letters of a word
    typed with such characters that make a word of one or two letters are left out ("child's"
    is "child"): nearly every finding holds an "s", and asking the index for it would cost
    seconds at scale. Nothing is left of "%" or "--": no words, nothing found."""
    terms: list[str] = []
    for typed in text.split():
        parts = [w.lower() for w in WORD.findall(typed)]
        if len(parts) > 1:
            parts = [w for w in parts if len(w) > 2]
        terms += [w for w in parts if w not in terms]
    return terms


def _word_conditions(conn: Connection, terms: list[str], beginnings: bool = True) -> tuple:
    """Conditions that a finding holds every one of `terms` (as beginnings of its words, or with
    `beginnings=False` as whole words): (read through the engine's word index, checked finding
    by finding as a walk reaches it); the second is None without an index."""

    def begins(w: str) -> bool:
        return beginnings and len(w) > 2

    if conn.dialect.name == "postgresql":
        query = " & ".join(f"{w}:*" if begins(w) else w for w in terms)
        simple = literal_column("'simple'::regconfig")
        holds = func.to_tsvector(simple, FindingRow.text).op("@@")(func.to_tsquery(simple, query))
        # Walked finding by finding, each word is first looked for anywhere in the text (a word of
        # the text begins with it only if the text holds it): a cheap test that spares most
        # findings the parse into words. The terms are letters and digits only, never a pattern.
        return holds, and_(*[FindingRow.text.ilike(f"%{w}%") for w in terms], holds)
    if (
        conn.dialect.name == "sqlite"
        and conn.exec_driver_sql("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'finding_words'").first()
    ):
        query = " AND ".join(f'"{w}"*' if begins(w) else f'"{w}"' for w in terms)
        ids = (
            select(literal_column("rowid"))
            .select_from(table("finding_words"))
            .where(literal_column("finding_words").op("MATCH")(query))
        )
        return FindingRow.id.in_(ids), (FindingRow.id + 0).in_(ids.offset(0))  # + 0: not through the key
    # SQLite built without FTS5: the words anywhere in the text, by a scan.
    return and_(*[func.lower(FindingRow.text).contains(w, autoescape=True) for w in terms]), None


def _matching(
    conn: Connection, pick: Select, order: tuple, text: str, filters: Filters, event_ids: list[int] | None
) -> tuple[Select, tuple]:
    """(`pick` narrowed to the findings that hold the words of `text` (`search_words`), the order
    to read it in): `pick` selects the ids of the findings within the filters (and of the
    `event_ids`), joined to their events and authorities, to be read in `order`.

    Through the engine's word index (migration 0006). When fewer than SEARCH_SPARSE findings hold
    the words (a rare phrase) the index hands over those few. Otherwise (common words) the
    filtered visits are walked in `order` and each one's findings checked, so the first matches
    come without fetching every one: on SQLite against the set of ids FTS5 gives (made once); on
    PostgreSQL against each finding's words, the visits' findings read by a lateral subquery that
    the planner cannot turn into a scan of every match (its estimates of how many findings hold a
    word beginning are far too low for it to walk otherwise). Both ways find the same findings in
    the same order."""
    terms = search_words(text)
    if not terms:
        return pick.where(false()), order
    indexed, walked = _word_conditions(conn, terms)
    if walked is None:
        return pick.where(indexed), order
    if (
        conn.dialect.name == "postgresql"
    ):  # an exact bitmap of many matches; bitmaps on, whatever an earlier search left
        conn.exec_driver_sql(f"SET LOCAL work_mem = '{SEARCH_WORK_MEM}'")
        conn.exec_driver_sql("SET LOCAL enable_bitmapscan = on")

    def at_least(condition) -> bool:  # SEARCH_SPARSE findings hold the words (counting stops there)
        stmt = select(FindingRow.id).where(condition).limit(SEARCH_SPARSE).subquery()
        return conn.scalar(select(func.count()).select_from(stmt)) >= SEARCH_SPARSE

    # Whole words first: cheaper to read than every word they begin, and enough when common.
    if not at_least(_word_conditions(conn, terms, beginnings=False)[0]) and not at_least(indexed):
        return pick.where(indexed), order
    if conn.dialect.name != "postgresql":
        return pick.where(walked), order
    # Each visit's findings through its own index, never a bitmap of the word index per visit
    # (GIN is read only by bitmap scans): off until the caller's transaction ends.
    conn.exec_driver_sql("SET LOCAL enable_bitmapscan = off")
    visits = _chosen(
        select(EventRow.id, EventRow.authority_code, EventRow.start_date).join(
            Authority, Authority.code == EventRow.authority_code
        ),
        filters,
        event_ids,
    ).subquery()
    found = (
        select(FindingRow.id, FindingRow.seq).where(FindingRow.event_id == visits.c.id, walked).offset(0).lateral()
    )  # OFFSET 0: kept a subquery, run per visit
    walk = select(found.c.id).select_from(visits.join(found, true()))
    return walk, (visits.c.authority_code, visits.c.start_date, visits.c.id, found.c.seq)


def _tags(scope) -> tuple:
    """Subqueries of each finding's themes ("a;b"), theme cues ("a=cue|b=cue") and cohorts, only for
    the findings in `scope` (ids, or a statement selecting them) when it is given."""
    themes = select(
        FindingTag.finding_id,
        _agg(FindingTag.tag).label("themes"),
        _agg(FindingTag.tag + "=" + FindingTag.cue, "|").label("theme_cues"),
    ).where(FindingTag.facet == "theme")
    cohorts = select(FindingTag.finding_id, _agg(FindingTag.tag).label("cohorts")).where(FindingTag.facet == "cohort")
    if scope is not None:
        themes = themes.where(FindingTag.finding_id.in_(scope))
        cohorts = cohorts.where(FindingTag.finding_id.in_(scope))
    themes = themes.group_by(FindingTag.finding_id).subquery()
    cohorts = cohorts.group_by(FindingTag.finding_id).subquery()
    return themes, cohorts


def findings(
    conn: Connection,
    filters: Filters,
    event_ids: list[int] | None = None,
    text: str | None = None,
    limit: int | None = None,
) -> pd.DataFrame:
    """Findings with their themes ("a;b") and cues; optionally of some events or matching words.

    Themes are aggregated only for the findings returned (those of the events asked for, or of the
    words; with a limit, the ids are picked first), so a page of results never costs an aggregate
    over every tag in the database. On PostgreSQL a search by words raises `work_mem` for the rest
    of the caller's transaction (`SEARCH_WORK_MEM`), so a bitmap of many matches stays exact."""
    order = (EventRow.authority_code, EventRow.start_date, EventRow.id, FindingRow.seq)
    scope = None  # the findings whose tags are needed, when not all
    if event_ids is not None:
        scope = select(FindingRow.id).where(FindingRow.event_id.in_(event_ids))
    if text or limit:
        pick = _chosen(
            select(FindingRow.id)
            .join(EventRow, EventRow.id == FindingRow.event_id)
            .join(Authority, Authority.code == EventRow.authority_code),
            filters,
            event_ids,
        )
        ordered = order
        if text:
            pick, ordered = _matching(conn, pick, order, text, filters, event_ids)
        scope = list(conn.scalars(pick.order_by(*ordered).limit(limit))) if limit else pick
    themes, cohorts = _tags(scope)
    stmt = _filtered(
        _events_base(
            FindingRow.id.label("finding_id"),
            FindingRow.seq,
            FindingRow.text,
            FindingRow.section,
            FindingRow.polarity,
            FindingRow.modality,
            FindingRow.polarity_rule,
            FindingRow.principle,
            FindingRow.span_start,
            FindingRow.span_end,
            func.coalesce(themes.c.themes, "").label("themes"),
            func.coalesce(themes.c.theme_cues, "").label("theme_cues"),
            func.coalesce(cohorts.c.cohorts, "").label("cohorts"),
        )
        .join(FindingRow, FindingRow.event_id == EventRow.id)
        .outerjoin(themes, themes.c.finding_id == FindingRow.id)
        .outerjoin(cohorts, cohorts.c.finding_id == FindingRow.id),
        filters,
    )
    if scope is not None:
        stmt = stmt.where(FindingRow.id.in_(scope))
    return _frame(conn, stmt.order_by(*order))

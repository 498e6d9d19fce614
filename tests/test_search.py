"""The findings search on SQLite and PostgreSQL: each word typed begins a word of the finding, the
engines' word indexes stay in step with the findings through loads, reloads and undos, and the two
ways of reading an index (the few matches handed over, or a walk checking many) find the same."""

from __future__ import annotations

import re
import shutil

import pytest
from sqlalchemy import select, text

from tests.conftest import SEED
from trajectories.db import queries
from trajectories.db.models import FindingRow
from trajectories.domain import Filters
from trajectories.ingest import ingest, undo

TRAFFIC = "Practitioners made us aware of the traffic light system"


def found(engine, words: str, limit: int | None = None) -> list[str]:
    with engine.connect() as conn:
        return list(queries.findings(conn, Filters(), text=words, limit=limit)["text"])


def test_typed_words_are_split_as_the_word_indexes_split_text():
    assert queries.search_words("Management  OVERSIGHT management") == ["management", "oversight"]
    assert queries.search_words("child's multi-agency 6–8 of") == ["child", "multi", "agency", "of"]
    assert queries.search_words("% --") == []


def test_each_word_typed_begins_a_word_of_the_finding(engine):
    ingest(engine, [SEED])
    traffic = found(engine, "traffic light system")
    assert len(traffic) == 1 and traffic[0].startswith(TRAFFIC)
    assert found(engine, "TRAFF Ligh") == traffic  # beginnings of words, case ignored
    assert found(engine, "raffic") == []  # not the middle of a word
    assert found(engine, "traffic zebra") == []  # every word must be there
    oversight = found(engine, "oversight")
    assert len(oversight) >= 2 and all("oversight" in t.lower() for t in oversight)
    assert traffic[0] in oversight
    assert found(engine, "us") and all(re.search(r"\bus\b", t, re.IGNORECASE) for t in found(engine, "us"))
    assert found(engine, "u") == []  # a word of one or two letters is a whole word
    assert found(engine, "%") == [] and found(engine, "'; DROP TABLE finding; --") == []


def test_the_few_matches_and_the_walk_find_the_same(engine, monkeypatch):
    ingest(engine, [SEED])
    words = ["oversight", "management oversight", "the", "children", "of", "traffic light", "child's", "multi-agency"]
    handed_over = {w: found(engine, w, limit=501) for w in words}
    monkeypatch.setattr(queries.search, "SEARCH_SPARSE", 1)  # every search now counts as common words: a walk
    assert {w: found(engine, w, limit=501) for w in words} == handed_over
    assert all(handed_over[w] for w in ("oversight", "the", "of", "traffic light"))


def test_the_word_index_follows_loads_reloads_and_undos(engine, tmp_path):
    report = ingest(engine, [SEED])
    assert len(found(engine, "traffic light")) == 1
    undo(engine, report.run_id)
    assert found(engine, "traffic light") == [] and found(engine, "oversight") == []
    letter = tmp_path / SEED.name  # the same letter again, then changed: its old findings go
    shutil.copy(SEED, letter)
    ingest(engine, [letter])
    assert len(found(engine, "traffic light")) == 1
    letter.write_text(
        SEED.read_text(encoding="utf-8").replace("traffic light system", "colour coded system"), encoding="utf-8"
    )
    assert ingest(engine, [letter]).ok
    assert found(engine, "traffic light") == [] and len(found(engine, "colour coded")) == 1
    if engine.dialect.name == "sqlite":  # the FTS5 table agrees with the findings, row by row
        with engine.begin() as conn:
            conn.execute(text("INSERT INTO finding_words(finding_words, rank) VALUES ('integrity-check', 1)"))


@pytest.mark.parametrize("words", ["oversight", "management oversight"])
def test_the_search_reads_the_engines_word_index(engine, words):
    """Served by the word index (FTS5 on SQLite, GIN on PostgreSQL), not by a scan of every finding."""
    ingest(engine, [SEED])
    with engine.connect() as conn:
        indexed, _ = queries._word_conditions(conn, queries.search_words(words))
        sql = str(select(FindingRow.id).where(indexed).compile(conn, compile_kwargs={"literal_binds": True}))
        if engine.dialect.name == "postgresql":
            conn.exec_driver_sql("SET LOCAL enable_seqscan = off")  # seven findings: a scan would be cheaper
            plan = " ".join(r[0] for r in conn.execute(text("EXPLAIN " + sql)))
            assert "ix_finding_words" in plan
        else:
            plan = " ".join(r[3] for r in conn.execute(text("EXPLAIN QUERY PLAN " + sql)))
            assert "VIRTUAL TABLE" in plan and "finding_words" in plan
    if engine.dialect.name == "postgresql":  # and never compiled by JIT (0.1 s of each walk at 100x),
        with engine.connect() as conn:  # on a connection back from the pool after a rollback too
            assert conn.exec_driver_sql("SHOW jit").scalar() == "off"


def test_a_bulk_load_indexes_the_words_at_its_end_and_a_killed_one_is_repaired(engine, monkeypatch):
    """On both engines a bulk load defers the word index (SQLite's triggers, PostgreSQL's GIN index)
    and builds it in its last transaction; one killed before its end leaves it to `prepare`."""
    from trajectories import ingest as ingest_module
    from trajectories.db import store
    from trajectories.db.engine import writer

    monkeypatch.setattr(ingest_module, "BULK_FILES", 1)
    report = ingest(engine, [SEED])
    assert report.ok and len(found(engine, "traffic light")) == 1
    with engine.connect() as conn:
        assert not store.word_index_deferred(conn)
    undo(engine, report.run_id)
    with writer(engine).begin() as conn:
        assert store.defer_word_index(conn)  # as a bulk load does first; then it is killed
    with engine.connect() as conn:
        assert store.word_index_deferred(conn)
    monkeypatch.setattr(ingest_module, "BULK_FILES", 1000)
    assert ingest(engine, [SEED]).ok
    midway = 1 if engine.dialect.name == "postgresql" else 0  # PostgreSQL reads every finding meanwhile
    assert len(found(engine, "traffic light")) == midway
    ingest_module.prepare(engine)  # what every command does first
    with engine.connect() as conn:
        assert not store.word_index_deferred(conn)
    assert len(found(engine, "traffic light")) == 1
    test_the_search_reads_the_engines_word_index(engine, "oversight")

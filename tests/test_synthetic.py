"""Synthetic data for scale tests: deterministic, shaped like the real corpus, clearly marked, loaded
through the store on SQLite and PostgreSQL, and removable without touching the real data."""

from __future__ import annotations

import shutil
from collections import Counter

import pytest
from sqlalchemy import func, select

from tests.test_store import snapshot
from trajectories import synthetic
from trajectories.db import store
from trajectories.db.engine import make_engine, writer
from trajectories.db.models import Authority, EventRow, FindingRow, LoadRun, SourceDocument


@pytest.fixture(scope="module")
def model(bundled_db):
    engine = make_engine(bundled_db)
    with engine.connect() as conn:
        yield synthetic.estimate(conn)
    engine.dispose()


@pytest.fixture
def copy_of_bundled(bundled_db, tmp_path):
    """A database holding the real corpus that a test may change."""
    path = tmp_path / "copy.db"
    shutil.copy(bundled_db.removeprefix("sqlite:///"), path)
    return f"sqlite:///{path}"


def signature(doc) -> tuple:
    return (
        doc.source.sha256,
        doc.authority.code,
        [
            (
                e.event_type,
                str(e.start),
                e.planned,
                len(e.findings),
                [(j.dimension.value, j.level.point if j.level else None) for j in e.judgements],
                [f.text for f in e.findings[:3]],
            )
            for e in doc.events
        ],
    )


def test_the_same_seed_makes_the_same_documents_and_another_seed_others(model):
    first = [signature(d) for d in synthetic.generate(model, 20, seed=7)]
    again = [signature(d) for d in synthetic.generate(model, 20, seed=7)]
    other = [signature(d) for d in synthetic.generate(model, 20, seed=8)]
    assert first == again
    assert first != other
    # the n-th authority does not depend on how many are made
    assert [signature(d) for d in synthetic.generate(model, 5, seed=7, first=16)] == first[15:]


def test_synthetic_authorities_are_marked_and_follow_the_real_nations(model):
    count = 3 * model.real_authorities
    rows = [synthetic.authority(model, n) for n in range(1, count + 1)]
    assert rows[0].code == "X00000001" and rows[0].name == "Synthetic authority 00001"
    assert all(synthetic.is_synthetic(a.code) and a.region.startswith("Synthetic ") for a in rows)
    real = Counter(nation for _, nation in model.templates)
    made = Counter(a.nation.value for a in rows)
    assert made == {nation: 3 * n for nation, n in real.items()}
    doc = synthetic.document(model, 1, seed=1)
    assert doc.kind == "synthetic" and doc.source.path == "synthetic/seed-1/X00000001"
    assert len({synthetic.document(model, n, seed=1).source.sha256 for n in range(1, 30)}) == 29


def test_generated_histories_have_the_real_shape(model, bundled_db):
    """Per authority, visits, judgements and findings are within a few percent of the real ones;
    finding texts are real sentences tagged by the real tagger; polarities keep their shares."""
    engine = make_engine(bundled_db)
    with engine.connect() as conn:
        real_events = conn.execute(select(func.count()).select_from(EventRow)).scalar_one()
        real_findings = conn.execute(select(func.count()).select_from(FindingRow)).scalar_one()
        real_polarity = Counter(
            dict(conn.execute(select(FindingRow.polarity, func.count()).group_by(FindingRow.polarity)).all())
        )
        texts = set(conn.scalars(select(FindingRow.text)))
    engine.dispose()
    count = 4 * model.real_authorities
    docs = list(synthetic.generate(model, count, seed=42))
    events = sum(len(d.events) for d in docs) / count
    findings = [f for d in docs for e in d.events for f in e.findings]
    assert events == pytest.approx(real_events / model.real_authorities, rel=0.15)
    assert len(findings) / count == pytest.approx(real_findings / model.real_authorities, rel=0.15)
    assert all(f.text in texts for f in findings[:2000])
    made_polarity = Counter(f.polarity.value for f in findings)
    for polarity, n in real_polarity.items():
        key = getattr(polarity, "value", polarity)
        assert made_polarity[key] / len(findings) == pytest.approx(n / real_findings, abs=0.03)
    levels = Counter(
        j.level.point for d in docs for e in d.events for j in e.judgements if j.dimension.value == "overall"
    )
    assert {1.0, 2.0, 3.0} <= set(levels)


def test_stored_through_the_store_alike_on_both_engines(model, engine, tmp_path):
    """The same synthetic documents give the same rows on SQLite and PostgreSQL (PostgreSQL writes
    findings and tags with COPY), and storing them again changes nothing."""
    docs = list(synthetic.generate(model, 6, seed=3))
    assert max(sum(len(e.findings) for e in d.events) for d in docs) > store.COPY_FROM
    other = make_engine(f"sqlite:///{tmp_path / 'other.db'}")
    from trajectories.ingest import prepare

    prepare(other)
    for eng in (engine, other):
        with writer(eng).begin() as conn:
            store.add_authorities(conn, [synthetic.authority(model, n) for n in range(1, 7)])
            run = store.begin_run(conn, "test")
            assert sum(store.store_file(conn, [d], run) for d in docs) == 6
            assert sum(store.store_file(conn, [d], run) for d in docs) == 0
    mine, theirs = snapshot(engine), snapshot(other)
    for table in ("event", "judgement", "direction_signal", "status_signal", "finding", "finding_tag", "authority"):
        assert mine[table] == theirs[table], table
    with engine.connect() as conn:
        stored = conn.execute(select(func.count()).select_from(FindingRow)).scalar_one()
    assert stored == sum(len(e.findings) for d in docs for e in d.events)
    other.dispose()


def test_synthesize_adds_what_is_missing_refuses_another_seed_and_removes(copy_of_bundled, capsys):
    from trajectories.cli import main

    engine = make_engine(copy_of_bundled)
    with engine.connect() as conn:
        real_docs = conn.execute(select(func.count()).select_from(SourceDocument)).scalar_one()
    report = synthetic.synthesize(engine, 1.05, seed=5)
    assert report.authorities == report.loaded == round(0.05 * report_real(engine)) > 0
    assert report.findings > 0
    again = synthetic.synthesize(engine, 1.05, seed=5)
    assert (again.loaded, again.unchanged) == (0, report.loaded)
    with pytest.raises(synthetic.Refused, match="another seed"):
        synthetic.synthesize(engine, 1.05, seed=6)
    with engine.connect() as conn:
        kinds = dict(conn.execute(select(SourceDocument.kind, func.count()).group_by(SourceDocument.kind)).all())
        regions = set(conn.scalars(select(Authority.region).where(Authority.code.like("X%"))))
        [command] = conn.scalars(select(LoadRun.command).where(LoadRun.command.like("synthesize%")).distinct()).all()
    assert kinds["synthetic"] == report.loaded and sum(kinds.values()) == real_docs + report.loaded
    assert regions and all(r.startswith("Synthetic ") for r in regions)
    assert command == "synthesize --factor 1.05 --seed 5"
    assert main(["synthesize", "--remove", "--db", copy_of_bundled]) == 0
    assert "deleted" in capsys.readouterr().out
    with engine.connect() as conn:
        assert conn.execute(select(func.count()).select_from(SourceDocument)).scalar_one() == real_docs
        assert (
            conn.execute(select(func.count()).select_from(Authority).where(Authority.code.like("X%"))).scalar_one() == 0
        )
    assert main(["synthesize", "--factor", "1.02", "--seed", "6", "--db", copy_of_bundled]) == 0
    assert "synthetic authorities:" in capsys.readouterr().out
    assert main(["synthesize", "--factor", "0.5", "--db", copy_of_bundled]) == 1
    engine.dispose()


def report_real(engine) -> int:
    with engine.connect() as conn:
        return synthetic.estimate(conn).real_authorities

"""Loading into the database on SQLite and PostgreSQL: idempotent, and a bad file changes nothing."""

from __future__ import annotations

import pytest
from sqlalchemy import select, text

from tests.conftest import SEED
from trajectories.db import queries
from trajectories.db.models import Base
from trajectories.domain import Filters
from trajectories.ingest import display_path, ingest

DATA_TABLES = [
    "authority",
    "authority_alias",
    "authority_lineage",
    "authority_position",
    "authority_episode",
    "inspectorate",
    "source_document",
    "event",
    "event_theme",
    "judgement",
    "direction_signal",
    "status_signal",
    "finding",
    "finding_tag",
]


def snapshot(engine) -> dict[str, list]:
    """Every row of every data table, in a stable order (load timestamps excluded)."""
    out = {}
    with engine.connect() as conn:
        for name in DATA_TABLES:
            table = Base.metadata.tables[name]
            cols = [c for c in table.columns if c.name != "loaded_at"]
            rows = conn.execute(select(*cols).order_by(*table.primary_key.columns)).all()
            out[name] = [tuple(r) for r in rows]
    return out


def test_seed_loads_once_and_twice_changes_nothing(engine):
    first = ingest(engine, [SEED])
    assert (len(first.loaded), len(first.unchanged), first.failed) == (1, 0, [])
    before = snapshot(engine)
    second = ingest(engine, [SEED])
    assert (len(second.loaded), len(second.unchanged), second.failed) == (0, 1, [])
    assert snapshot(engine) == before
    with engine.connect() as conn:
        assert conn.execute(text("select count(*) from finding")).scalar_one() == 7
        assert conn.execute(text("select count(*) from event")).scalar_one() == 4


def test_timeline_reads_back_with_provenance(engine):
    ingest(engine, [SEED])
    with engine.connect() as conn:
        judgements = queries.judgements(conn, Filters(authorities=("W06000006",)))
        findings = queries.findings(conn, Filters(authorities=("W06000006",)))
        events = queries.events(conn, Filters(nations=("England",)))
    [j] = judgements.to_dict("records")
    assert j["raw_phrase"] == "inadequate with early indicators of improvement" and j["level"] == 1.0
    source = SEED.read_text(encoding="utf-8")
    assert "inadequate with early indicators of improvement" in source[j["span_start"] : j["span_end"]]
    first = findings.iloc[0]
    assert source[first["span_start"] : first["span_end"]].endswith("for the benefit of children.")
    assert "management_oversight_supervision" in first["themes"].split(";")
    assert events.empty  # Wrexham is in Wales


BAD_FILES = {
    "empty.txt": b"",
    "junk.bin": bytes(range(256)) * 40,
    "shopping.txt": b"Eggs, milk, bread. Remember the library books.",
    "unknown-authority.txt": SEED.read_bytes().replace(b"Wrexham", b"Atlantis"),
    "cut-before-its-visit.txt": SEED.read_bytes()[:180],  # a copy cut after the visit is read, with a warning
}


@pytest.mark.parametrize("name", sorted(BAD_FILES))
def test_bad_file_fails_alone_and_changes_nothing(engine, tmp_path, name):
    ingest(engine, [SEED])
    before = snapshot(engine)
    bad = tmp_path / name
    bad.write_bytes(BAD_FILES[name])
    report = ingest(engine, [bad])
    assert len(report.failed) == 1 and report.failed[0][0].endswith(name) and report.failed[0][1]
    assert snapshot(engine) == before
    with engine.connect() as conn:
        run, problems = queries.last_load(conn)
    assert run["failed"] == 1 and list(problems["path"]) == [str(bad)]


def test_other_files_still_load_when_one_fails(engine, tmp_path):
    bad = tmp_path / "a-empty.txt"
    bad.write_bytes(b"")
    report = ingest(engine, [bad, SEED])
    assert len(report.failed) == 1 and len(report.loaded) == 1


def test_a_changed_file_replaces_its_old_reading(engine, tmp_path):
    path = tmp_path / "letter.txt"
    path.write_bytes(SEED.read_bytes())
    ingest(engine, [path])
    path.write_bytes(
        SEED.read_bytes().replace(b"We found case notes easy to follow", b"We found case notes hard to follow")
    )
    report = ingest(engine, [path])
    assert len(report.loaded) == 1
    with engine.connect() as conn:
        docs = conn.execute(text("select count(*) from source_document")).scalar_one()
        texts = [t for (t,) in conn.execute(text("select text from finding"))]
    assert docs == 1 and any("hard to follow" in t for t in texts) and not any("easy to follow" in t for t in texts)


def test_a_file_failing_halfway_through_storing_is_rolled_back_alone(engine, monkeypatch):
    """Files are stored many to a transaction, each in a savepoint: one that fails after some of its
    rows were written leaves none of them, and the files before and after it still load."""
    from tests.conftest import ROOT
    from trajectories.db import store

    letters = sorted((ROOT / "data" / "ofsted" / "ofsted_focused_visits").glob("*/*.txt"))[:3]
    real = store._store_events

    def fail_on_the_second(conn, rows, doc_id):
        real(conn, rows, doc_id)  # its events, findings and tags are written ...
        path = conn.execute(text("select path from source_document where id = :i"), {"i": doc_id}).scalar_one()
        if path.endswith(letters[1].name):
            raise RuntimeError("disk full")  # ... and then the file fails

    monkeypatch.setattr(store, "_store_events", fail_on_the_second)
    report = ingest(engine, letters)
    names = [display_path(p) for p in letters]
    assert [name for name, _ in report.failed] == [names[1]] and "disk full" in report.failed[0][1]
    assert report.loaded == [names[0], names[2]]
    with engine.connect() as conn:
        paths = [p for (p,) in conn.execute(text("select path from source_document order by id"))]
        orphans = conn.execute(
            text("select count(*) from event where document_id not in (select id from source_document)")
        ).scalar_one()
    assert paths == [names[0], names[2]] and orphans == 0
    monkeypatch.setattr(store, "_store_events", real)
    assert ingest(engine, [letters[1]]).loaded == [names[1]]  # nothing of it was left behind


def test_the_migrations_make_exactly_the_models_schema(engine):
    """Alembic's migrations and the ORM models describe the same tables, columns and indexes."""
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    from trajectories.db.engine import migrate

    migrate(engine)
    with engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), Base.metadata)

    # The word index of the findings search is each engine's own (migration 0006: an FTS5 table
    # with its triggers on SQLite, a GIN expression index on PostgreSQL), so the models do not
    # declare it.
    def word_index(d):
        return (d[0] == "remove_index" and d[1].name == "ix_finding_words") or (
            d[0] == "remove_table" and d[1].name.startswith("finding_words")
        )

    assert [d for d in diff if not word_index(d)] == []


def test_themes_over_time_count_every_tagged_finding_and_go_with_their_document(engine):
    ingest(engine, [SEED])
    with engine.connect() as conn:
        counts = queries.theme_year_counts(conn, Filters())
        tagged = conn.execute(
            text(
                "SELECT count(*) FROM finding_tag t JOIN finding f ON f.id = t.finding_id JOIN event e ON e.id = "
                "f.event_id "
                "WHERE t.facet = 'theme' AND NOT e.planned"
            )
        ).scalar_one()
    assert tagged > 0 and int(counts["findings"].sum()) == tagged
    assert "management_oversight_supervision" in set(counts["theme"])
    with engine.begin() as conn:
        conn.execute(text("DELETE FROM source_document"))
    with engine.connect() as conn:
        assert queries.theme_year_counts(conn, Filters()).empty


def test_sources_that_read_a_judgement_differently_are_listed_on_both_engines(engine):
    from tests.conftest import DATA

    report = (
        DATA / "ofsted" / "ofsted_ilacs_reports" / "80560_st-helens" / "2023-09-04_childrens-services-inspection.txt"
    )
    history = DATA / "ofsted" / "structured" / "ofsted_csc_ilacs_history.csv"
    ingest(engine, [report, history])
    with engine.connect() as conn:
        pairs = queries.disagreements(conn)
    st_helens = pairs[(pairs["authority_name"] == "St. Helens") & (pairs["dimension"] == "care_leavers")]
    # The report says Outstanding for care leavers; the compiled history, Good.
    assert list(zip(st_helens["level_a"], st_helens["level_b"], strict=True)) == [(4.0, 3.0)]
    assert st_helens["source_a"].str.endswith("2023-09-04_childrens-services-inspection.txt").all()
    assert st_helens["source_b"].str.endswith("ofsted_csc_ilacs_history.csv").all()
    assert (pairs["level_a"] != pairs["level_b"]).all() and (pairs["source_a"] != pairs["source_b"]).all()


def test_files_whose_originals_cannot_be_kept_are_reported_failed_and_load_later(engine, monkeypatch, tmp_path):
    """If the original of a file cannot be written to disk, its transaction never begins: each
    such file is reported failed with the reason (a copy of one later in the run is read again,
    not taken as already loaded), nothing of them is in the database, and loading them again works."""
    from tests.conftest import ROOT
    from trajectories import originals

    letters = sorted((ROOT / "data" / "ofsted" / "ofsted_focused_visits").glob("*/*.txt"))[:2]
    copy = tmp_path / "copy-of-the-first.txt"
    copy.write_bytes(letters[0].read_bytes())
    letters.append(copy)

    def disk_error(data, name=None, durable=True):
        raise OSError(5, "Input/output error")

    with monkeypatch.context() as patch:
        patch.setattr(originals, "put", disk_error)
        report = ingest(engine, letters)
    assert [name for name, _ in report.failed] == [display_path(p) for p in letters] and not report.loaded
    assert all("input/output error" in reason for _, reason in report.failed)
    with engine.connect() as conn:
        assert conn.execute(text("select count(*) from source_document")).scalar_one() == 0
    again = ingest(engine, letters)
    assert again.loaded == [display_path(p) for p in letters[:2]] and again.unchanged == [display_path(copy)]


def test_a_load_on_postgresql_refreshes_the_planner_statistics_as_the_tables_grow():
    """A first load of thousands of findings into a new PostgreSQL schema refreshes the planner's
    statistics as it goes, so each file's statements are planned for the tables as they are (before:
    planned for empty tables, each file's theme count walked every stored tag, and the bundled corpus
    took 4.7 s in that one statement alone); a small load leaves them to autovacuum."""
    from tests.conftest import ROOT, _postgres_engine
    from trajectories.ingest import prepare

    engine, admin, schema = _postgres_engine()
    counted = text("SELECT reltuples FROM pg_class WHERE oid = 'finding'::regclass")  # -1: never counted
    try:
        prepare(engine)
        ingest(engine, [SEED])
        with engine.connect() as conn:
            assert conn.execute(counted).scalar_one() < 100
        reports = sorted((ROOT / "data" / "ofsted" / "ofsted_ilacs_reports").glob("*/*.txt"))[:8]
        assert len(ingest(engine, reports).loaded) == 8
        with engine.connect() as conn:
            findings = conn.execute(text("SELECT count(*) FROM finding")).scalar_one()
            assert findings > 1000 and conn.execute(counted).scalar_one() >= findings / 2
    finally:
        engine.dispose()
        with admin.begin() as conn:
            conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()

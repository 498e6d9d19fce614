"""Nothing lost: stored originals, undoing a load run, listing runs, rebuilding from originals.

"The same database" after a rebuild means the same CONTENT: every authority, document, duplicate
file, event, judgement, direction, status, finding and tag, compared column by column. Row ids,
load-run ids and load timestamps are left out because a fresh database numbers and stamps its
own rows; every reference between rows is compared through the natural key of the row it points
at instead (a document by its SHA-256, an event by its document and order, a finding by its event
and order), so a judgement attached to the wrong event would still be a difference.
"""

from __future__ import annotations

import shutil

import pytest
from sqlalchemy import func, select, text

from tests.conftest import SEED, shared
from tests.test_store import snapshot
from trajectories import originals
from trajectories.cli import main
from trajectories.db import store
from trajectories.db.engine import make_engine
from trajectories.db.models import Base, DuplicateFile, LoadProblem, LoadRun, SourceDocument
from trajectories.ingest import Refused, ingest, prepare, rebuild_from_originals, undo

CONTENT_TABLES = [
    "authority",
    "authority_alias",
    "authority_lineage",
    "inspectorate",
    "source_document",
    "duplicate_file",
    "event",
    "judgement",
    "direction_signal",
    "status_signal",
    "finding",
    "finding_tag",
]
NOT_CONTENT = {"id", "loaded_at", "load_run_id"}


def content(engine) -> dict[str, list]:
    """Every row of every data table with ids replaced by the natural key of what they point at."""
    out: dict[str, list] = {}
    with engine.connect() as conn:
        docs = dict(conn.execute(text("select id, sha256 from source_document")).all())
        events = {i: (docs[d], s) for i, d, s in conn.execute(text("select id, document_id, seq from event"))}
        findings = {i: (*events[e], s) for i, e, s in conn.execute(text("select id, event_id, seq from finding"))}
        keys = {"document_id": docs, "event_id": events, "finding_id": findings}
        for name in CONTENT_TABLES:
            table = Base.metadata.tables[name]
            cols = [c for c in table.columns if c.name not in NOT_CONTENT]
            rows = [
                tuple(keys[c.name][v] if c.name in keys else v for c, v in zip(cols, row, strict=True))
                for row in conn.execute(select(*cols))
            ]
            out[name] = sorted(rows, key=repr)
    return out


def sqlite_engine(path):
    engine = make_engine(f"sqlite:///{path}")
    prepare(engine)
    return engine


REPORT = ("ofsted", "ofsted_ilacs_reports", "80451_wakefield", "2022-01-05_childrens-services-inspection.txt")
LETTER = ("ofsted", "ofsted_focused_visits", "80451_wakefield", "2020-12-18_childrens-services-focused-visit.txt")
LETTER_PDF = ("ofsted", "pdf_samples", "80451_wakefield_2020-12-18_focused-visit-letter.pdf")
TIMELINE = ("facts", "wales_ciw_timeline.csv")


def copy(tmp_path, parts: tuple[str, ...]):
    """A copy of a real file in the test's folder (its name is its path in the database)."""
    target = tmp_path / "in" / parts[-1]
    target.parent.mkdir(exist_ok=True)
    shutil.copy(shared(*parts), target)
    return target


def seed_twin(tmp_path):
    """The seed letter with one more blank line: other bytes, the same letter (a duplicate file)."""
    twin = tmp_path / "in" / "wrexham-copy.txt"
    twin.parent.mkdir(exist_ok=True)
    twin.write_bytes(SEED.read_bytes() + b"\n")
    return twin


def count(engine, table) -> int:
    with engine.connect() as conn:
        return conn.execute(select(func.count()).select_from(table)).scalar_one()


# --- the store itself -----------------------------------------------------------------------------------


def test_put_keeps_bytes_by_hash_atomically_and_once():
    data = SEED.read_bytes()
    sha = originals.put(data)
    assert originals.path(sha) == originals.root() / sha[:2] / sha and originals.path(sha).read_bytes() == data
    mtime = originals.path(sha).stat().st_mtime_ns
    assert originals.put(data) == sha and originals.path(sha).stat().st_mtime_ns == mtime  # idempotent: not rewritten
    assert originals.get(sha) == data
    assert [p.name for p in originals.path(sha).parent.iterdir()] == [sha]  # no temporary file left behind
    assert originals.catalogue() == [(sha, sha)]  # stored without a name: listed under its hash


def test_get_refuses_damaged_missing_and_malformed():
    sha = originals.put(b"some bytes")
    originals.path(sha).write_bytes(b"other bytes")
    with pytest.raises(OSError, match="damaged"):
        originals.get(sha)
    with pytest.raises(FileNotFoundError):
        originals.get("0" * 64)
    for bad in ["../../etc/passwd", "ABC", "0" * 63, "g" * 64]:
        with pytest.raises(ValueError):
            originals.path(bad)


def test_catalogue_names_each_original_by_its_newest_load():
    a, b = originals.put(b"first", "x.txt"), originals.put(b"second", "y.txt")
    originals.put(b"first", "x-again.txt")
    (originals.root() / originals.CATALOGUE).open("a").write('{"sha": "torn')  # a crash mid-line
    assert originals.catalogue() == [(b, "y.txt"), (a, "x-again.txt")]


def test_ingest_keeps_the_original_of_every_file_it_stores_and_none_of_a_failure(tmp_path):
    engine = sqlite_engine(tmp_path / "a.db")
    bad = tmp_path / "in" / "bad.txt"
    bad.parent.mkdir()
    bad.write_bytes(b"Eggs, milk, bread.")
    twin = seed_twin(tmp_path)
    report = ingest(engine, [SEED, bad, twin])
    assert (len(report.loaded), len(report.unchanged), len(report.failed)) == (1, 1, 1)
    assert originals.get(originals.sha256(SEED.read_bytes())) == SEED.read_bytes()
    assert originals.exists(originals.sha256(twin.read_bytes()))  # a duplicate file is recorded, so kept too
    assert not originals.exists(originals.sha256(bad.read_bytes()))
    assert [name for _, name in originals.catalogue()] == [
        "data/seed/ciw-wrexham-2021-04-monitoring-letter.txt",
        str(twin),
    ]


def test_an_unchanged_file_loaded_before_originals_were_kept_is_kept_on_the_next_load(tmp_path):
    engine = sqlite_engine(tmp_path / "a.db")
    ingest(engine, [SEED])
    shutil.rmtree(originals.root())
    ingest(engine, [SEED])
    assert originals.exists(originals.sha256(SEED.read_bytes()))


# --- undo -------------------------------------------------------------------------------------------------


def test_undo_removes_exactly_what_one_run_added(engine, tmp_path):
    ingest(engine, [SEED])
    before = snapshot(engine)
    second = ingest(engine, [copy(tmp_path, LETTER)])
    assert second.loaded and snapshot(engine) != before
    report = undo(engine, second.run_id)
    assert (report.documents, report.duplicates, report.restored, report.lost) == (1, 0, [], [])
    assert snapshot(engine) == before
    with engine.connect() as conn:
        [run] = store.runs(conn, second.run_id)
        problems = conn.execute(
            select(func.count()).select_from(LoadProblem).where(LoadProblem.run_id == second.run_id)
        ).scalar_one()
        [undo_run] = store.runs(conn, report.undo_run_id)
    assert run["undone_at"] is not None and run["loaded"] == 1  # the run stays, marked; its counts are history
    assert problems == len(second.warnings)  # its warnings stay too
    assert undo_run["command"] == f"undo {second.run_id}" and undo_run["finished_at"] is not None
    again = ingest(engine, [copy(tmp_path, LETTER)])  # an undone file is new again
    assert len(again.loaded) == 1


def test_undo_refuses_unknown_repeated_and_undo_runs(engine):
    first = ingest(engine, [SEED])
    with pytest.raises(Refused, match="no load run"):
        undo(engine, 999)
    report = undo(engine, first.run_id)
    with pytest.raises(Refused, match="already undone"):
        undo(engine, first.run_id)
    with pytest.raises(Refused, match="is an undo"):
        undo(engine, report.undo_run_id)
    assert count(engine, SourceDocument) == 0


def test_undoing_a_duplicate_removes_only_its_record(engine, tmp_path):
    ingest(engine, [SEED])
    before = snapshot(engine)
    dup = ingest(engine, [seed_twin(tmp_path)])
    assert dup.unchanged and count(engine, DuplicateFile) == 1
    report = undo(engine, dup.run_id)
    assert (report.documents, report.duplicates) == (0, 1)
    assert snapshot(engine) == before and count(engine, DuplicateFile) == 0


def test_undoing_the_first_copy_keeps_the_later_copy_from_its_original(engine, tmp_path):
    """The text of a letter loaded first, its PDF later (a duplicate): undoing the text's run must
    not take the PDF away; the PDF becomes the document, still belonging to its own run."""
    first = ingest(engine, [copy(tmp_path, LETTER)])
    second = ingest(engine, [copy(tmp_path, LETTER_PDF)])
    assert second.unchanged and count(engine, DuplicateFile) == 1
    report = undo(engine, first.run_id)
    assert report.documents == 1 and report.restored == [str(tmp_path / "in" / LETTER_PDF[-1])] and not report.lost
    with engine.connect() as conn:
        [(path, run_id, media)] = conn.execute(
            select(SourceDocument.path, SourceDocument.load_run_id, SourceDocument.media_type)
        ).all()
        findings = conn.execute(text("select count(*) from finding")).scalar_one()
    assert path.endswith(".pdf") and run_id == second.run_id and media == "application/pdf" and findings > 20
    assert count(engine, DuplicateFile) == 0
    undo(engine, second.run_id)
    assert count(engine, SourceDocument) == 0


def test_a_copy_whose_original_is_missing_is_reported_not_silently_dropped(engine, tmp_path):
    first = ingest(engine, [SEED])
    ingest(engine, [seed_twin(tmp_path)])
    shutil.rmtree(originals.root())
    report = undo(engine, first.run_id)
    assert (
        report.restored == []
        and report.lost[0][0].endswith("wrexham-copy.txt")
        and "no stored original" in report.lost[0][1]
    )
    with engine.connect() as conn:
        [run] = store.runs(conn, report.undo_run_id)
        reasons = list(conn.scalars(select(LoadProblem.reason).where(LoadProblem.run_id == report.undo_run_id)))
    assert run["failed"] == 1 and "no stored original" in reasons[0]


# --- rebuilding from the originals --------------------------------------------------------------------


def test_rebuild_from_originals_gives_the_same_database(engine, tmp_path):
    files = [SEED, copy(tmp_path, REPORT), copy(tmp_path, LETTER), copy(tmp_path, TIMELINE), seed_twin(tmp_path)]
    for path in files:  # one run each, as files arrive over time
        assert not ingest(engine, [path]).failed
    rebuilt = sqlite_engine(tmp_path / "rebuilt.db")
    report = rebuild_from_originals(rebuilt)
    assert report.ok and len(report.loaded) == 4 and len(report.unchanged) == 1
    want, got = content(engine), content(rebuilt)
    assert {k: len(v) for k, v in got.items()} == {k: len(v) for k, v in want.items()}
    assert got == want
    assert len(want["duplicate_file"]) == 1 and len(want["finding_tag"]) > 100


def test_rebuild_from_a_database_takes_exactly_its_files(engine, tmp_path):
    """After an undo and a changed file, `--from` reproduces the database as it is now; without
    it every original comes back under its newest name (recovery when the database is gone)."""
    ingest(engine, [SEED])
    letter = copy(tmp_path, LETTER)
    undone = ingest(engine, [letter])
    undo(engine, undone.run_id)
    changed = tmp_path / "in" / "report.txt"
    changed.write_bytes(shared(*REPORT).read_bytes())
    ingest(engine, [changed])
    changed.write_bytes(shared(*REPORT).read_bytes().replace(b"Wakefield", b"Wakefield ", 1))
    ingest(engine, [changed])  # a new version of the same file replaces the old reading
    exact = sqlite_engine(tmp_path / "exact.db")
    assert rebuild_from_originals(exact, source=engine).ok
    assert content(exact) == content(engine)
    everything = sqlite_engine(tmp_path / "everything.db")
    rebuild_from_originals(everything)
    with everything.connect() as conn:
        paths = sorted(conn.scalars(select(SourceDocument.path)))
    assert paths == sorted(["data/seed/ciw-wrexham-2021-04-monitoring-letter.txt", str(letter), str(changed)])
    assert content(everything)["event"] != content(engine)["event"]  # the undone letter is back


def test_rebuild_refuses_a_database_that_holds_documents(tmp_path):
    engine = sqlite_engine(tmp_path / "a.db")
    ingest(engine, [SEED])
    with pytest.raises(Refused, match="already holds 1 documents"):
        rebuild_from_originals(engine)


# --- the commands -------------------------------------------------------------------------------------


def test_commands_runs_undo_and_rebuild(tmp_path, capsys):
    db = f"sqlite:///{tmp_path / 'cli.db'}"
    assert main(["ingest", str(SEED), "--db", db]) == 0
    assert main(["ingest", str(copy(tmp_path, LETTER)), "--db", db]) == 0
    capsys.readouterr()
    assert main(["runs", "--db", db]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].split()[:2] == ["id", "started"] and len(lines) == 3
    assert lines[1].split()[0] == "2" and lines[1].split()[3:6] == ["1", "0", "0"] and "ingest" in lines[1]
    assert main(["undo", "2", "--db", db]) == 0
    assert "removed 1 documents" in capsys.readouterr().out
    assert main(["undo", "2", "--db", db]) == 1
    assert "already undone" in capsys.readouterr().err
    main(["runs", "--db", db])
    out = capsys.readouterr().out
    assert "undo 2" in out and "[undone " in out
    fresh = f"sqlite:///{tmp_path / 'fresh.db'}"
    assert main(["rebuild-from-originals", "--db", fresh, "--from", db]) == 0
    assert "loaded 1, unchanged 0, failed 0" in capsys.readouterr().out
    assert content(make_engine(fresh)) == content(make_engine(db))
    assert main(["rebuild-from-originals", "--db", fresh]) == 1
    assert "already holds" in capsys.readouterr().err


def test_runs_survive_a_schema_without_undo_columns(tmp_path):
    """A database made before runs could be undone is upgraded in place by the migration."""
    from alembic import command
    from alembic.config import Config

    from trajectories.db.engine import MIGRATIONS

    engine = make_engine(f"sqlite:///{tmp_path / 'old.db'}")
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "0001")
        conn.execute(
            text(
                "insert into load_run (started_at, command, loaded, unchanged, failed) "
                "values ('2024-01-01 00:00:00', 'ingest old', 1, 0, 0)"
            )
        )
    prepare(engine)
    with engine.connect() as conn:
        [run] = store.runs(conn)
    assert run["command"] == "ingest old" and run["undone_at"] is None
    assert count(engine, LoadRun) == 1


# --- writers take turns -------------------------------------------------------------------------------


def test_a_check_then_insert_by_concurrent_writers_is_atomic(engine):
    """What undo and store do (look, then write) must not interleave: through `writer()` two
    threads inserting a row only when it is missing never insert it twice. (On SQLite without
    BEGIN IMMEDIATE the look runs outside the write transaction, and this doubles rows.)"""
    import threading

    from trajectories.db.engine import writer

    errors: list[str] = []

    def work():
        for i in range(60):
            try:
                with writer(engine).begin() as conn:
                    if not conn.execute(
                        select(func.count()).select_from(LoadRun).where(LoadRun.command == f"k{i}")
                    ).scalar_one():
                        store.begin_run(conn, f"k{i}")
            except Exception as exc:  # pragma: no cover - the assertion below shows it
                errors.append(repr(exc))

    threads = [threading.Thread(target=work) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == [] and count(engine, LoadRun) == 60

"""Loading files into the database: extract -> parse -> normalise -> store, one file at a time.

Contract:
- `ingest(engine, paths)` loads every file named or found in the folders named and returns a
  `LoadReport` (loaded / unchanged / failed with the file and the reason / warnings). Each file
  is stored in its own savepoint: a file that fails leaves the database exactly as it was, and the
  others still load. Files are committed in batches of BATCH_FILES; a file is reported loaded only
  once its batch has committed. A file whose content (sha256) is already stored is skipped before parsing, so an
  unchanged re-load is cheap and loading the same file twice changes nothing.
- `prepare(engine)` migrates the schema and seeds the reference lists (idempotent);
  `ensure_loaded(engine)` also loads the bundled data when the database holds no documents.
- Every load is recorded as a load run with its problems, so nothing is dropped silently.
- The original bytes of every file stored are kept in the document store (`trajectories.originals`),
  durable before the transaction holding the file commits.
- `undo(engine, run_id)` removes what one load run added, in one transaction, and marks the run
  undone (its row and problems stay). A duplicate file of another run whose document goes is read
  again from its stored original, so undoing one run never takes away what another run added. The
  undo is itself recorded as a load run ("undo N"); an undo cannot be undone (load the files again).
  A reading the run replaced (an earlier version of a file at the same path) is not brought back:
  load that version again (its original is kept).
- `rebuild_from_originals(engine, source=None)` reads stored originals into a database holding no
  documents: every original under the name it was last loaded as, in load order, or, with a
  `source` database, exactly the files that database holds. The result has the same content.
- Every write transaction goes through `writer(engine)`: writers take turns, readers never wait.
"""

from __future__ import annotations

import hashlib
import multiprocessing as mp
import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

from sqlalchemy import Engine, func, select

import loaders
from trajectories import originals
from trajectories.db import store
from trajectories.db.engine import migrate, writer
from trajectories.db.models import SourceDocument
from trajectories.domain import DocumentError
from trajectories.paths import DATA_DIR, ROOT

# The bundled demo data, in load order (reference lists are seeded, not loaded).
BUNDLED = ("seed", "ofsted", "facts")
PARALLEL_FROM = 16  # files; fewer are parsed in this process
BATCH_FILES = 50  # files stored per write transaction (each file in its own savepoint)


@dataclass
class LoadReport:
    run_id: int | None = None
    loaded: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    failed: list[tuple[str, str]] = field(default_factory=list)
    warnings: list[tuple[str, str]] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.failed

    def summary(self) -> str:
        return f"loaded {len(self.loaded)}, unchanged {len(self.unchanged)}, failed {len(self.failed)}"

    def lines(self) -> list[str]:
        out = [self.summary()]
        out += [f"FAILED {path}: {reason}" for path, reason in self.failed]
        out += [f"warning {path}: {message}" for path, message in self.warnings]
        return out


def display_path(path: Path) -> str:
    """Paths inside the product are stored relative to it, so a database is portable."""
    try:
        return str(path.resolve().relative_to(ROOT))
    except ValueError:
        return str(path)


def prepare(engine: Engine) -> None:
    migrate(engine)
    with writer(engine).begin() as conn:
        store.seed_reference(conn)


def bundled_paths() -> list[Path]:
    return [DATA_DIR / name for name in BUNDLED if (DATA_DIR / name).exists()]


def ensure_loaded(engine: Engine) -> LoadReport | None:
    """Prepare the schema; on an empty database, load the bundled data. Returns its report."""
    prepare(engine)
    with engine.connect() as conn:
        count = conn.execute(select(func.count()).select_from(SourceDocument)).scalar_one()
    if count:
        return None
    return ingest(engine, bundled_paths(), command="first run: bundled data")


def _parse(job: tuple[str, bytes]) -> tuple[tuple[list, list] | None, str | None]:
    """Parse one file's bytes: ((documents, their rows), None) or (None, the reason it could not
    be read). The rows to store are made here, in the worker; the documents go back without their
    text and findings (the rows hold what is stored), which keeps what is sent back small."""
    name, data = job
    try:
        docs = loaders.read_bytes(data, name)
        undated = next((d for d in docs if not d.kind.startswith("table") and any(
            e.start is None and e.end is None and e.published is None for e in d.events if not e.planned)), None)
        if undated is not None:  # read, but nowhere to place it on a chart
            return None, f"{undated.authority.name}: the document states no date for the visit or its publication"
        rows = [store.rows_of(doc) for doc in docs]
        for doc in docs:
            doc.text = ""
            for event in doc.events:
                event.findings = []
        return (docs, rows), None
    except DocumentError as exc:
        return None, str(exc)
    except Exception as exc:  # a loader bug must not stop the others or lose the reason
        return None, f"unexpected error while reading: {exc.__class__.__name__}: {str(exc)[:200]}"


def _parsed(jobs: list[tuple[str, bytes]], workers: int | None) -> Iterator[tuple[list | None, str | None]]:
    """Parse in worker processes when there is enough to do; results come back in order."""
    workers = workers if workers is not None else min(os.cpu_count() or 1, 4)
    if workers < 2 or len(jobs) < PARALLEL_FROM or "fork" not in mp.get_all_start_methods():
        yield from map(_parse, jobs)
        return
    with mp.get_context("fork").Pool(workers) as pool:
        yield from pool.imap(_parse, jobs, chunksize=4)


def ingest(engine: Engine, paths: list[str | Path], command: str = "ingest", workers: int | None = None) -> LoadReport:
    files = [(display_path(path), path.read_bytes) for path in loaders.iter_paths(list(paths))]
    return load(engine, files, command, workers)


def load(engine: Engine, files: list[tuple[str, Callable[[], bytes]]], command: str = "ingest",
         workers: int | None = None) -> LoadReport:
    """Load files given as (name, a function returning the bytes): the body of `ingest`."""
    report = LoadReport()
    engine = writer(engine)
    with engine.begin() as conn:
        known = store.known_hashes(conn)
        report.run_id = store.begin_run(conn, command)
    jobs: list[tuple[str, bytes]] = []
    digests: list[str] = []
    for name, read in files:
        try:
            data = read()
        except OSError as exc:
            report.failed.append((name, f"cannot read the file ({exc.strerror or exc})"))
            continue
        digest = hashlib.sha256(data).hexdigest()
        if digest in known:
            if not originals.exists(digest):  # loaded before originals were kept: keep it now
                try:
                    originals.put(data, name)
                except OSError as exc:
                    report.warnings.append((name, f"its original could not be kept ({exc.strerror or exc})"))
            report.unchanged.append(name)
            continue
        jobs.append((name, data))
        digests.append(digest)
    batch = _Batch(writer(engine), report, known)
    try:
        for (name, data), digest, (parsed, error) in zip(jobs, digests, _parsed(jobs, workers)):
            if error is not None:
                report.failed.append((name, error))
                continue
            docs, rows = parsed
            if digest in known:  # the same bytes twice in one run
                report.unchanged.append(name)
                continue
            notes: list[str] = []
            try:
                with batch.conn.begin_nested():  # a savepoint: a file that fails is rolled back alone
                    stored = store.store_file(batch.conn, docs, report.run_id, file_sha256=digest, known=set(known),
                                              notes=notes, rows=rows)
                    originals.put(data, name, durable=False)  # made durable before the batch commits
            except DocumentError as exc:
                report.failed.append((name, str(exc)))
                continue
            except Exception as exc:  # e.g. a database constraint: the file fails alone, rolled back
                report.failed.append((name, f"could not be stored: {exc.__class__.__name__}: {str(exc)[:200]}"))
                continue
            batch.add(name, digest, {d.source.sha256 for d in docs}, bool(stored))
            report.warnings.extend((name, n) for n in notes)
            for doc in docs:
                report.warnings.extend((name, w) for w in doc.warnings)
        batch.commit()
    finally:
        batch.close()
    problems = [(p, "error", r) for p, r in report.failed] + [(p, "warning", w) for p, w in report.warnings]
    with engine.begin() as conn:
        store.finish_run(conn, report.run_id, len(report.loaded), len(report.unchanged), len(report.failed), problems)
    return report


class _Batch:
    """The write transaction that files are stored in, each in its own savepoint, committed every
    BATCH_FILES files (one commit and one disk flush for many small files). Before a commit the
    originals of its files are made durable. If a commit fails, its files are reported failed and
    their hashes are no longer counted as known (a later copy in the run is read again)."""

    def __init__(self, engine: Engine, report: LoadReport, known: set[str]):
        self.report, self.known = report, known
        self.conn = engine.connect()
        self.tx = self.conn.begin()
        self.files: list[tuple[str, str, set[str], bool]] = []  # (name, sha256, all its hashes, stored)

    def add(self, name: str, digest: str, docs_hashes: set[str], stored: bool) -> None:
        """A file (its sha256 `digest`) stored in the open transaction, with its documents' hashes."""
        hashes = docs_hashes | {digest}
        self.known.update(hashes)
        self.files.append((name, digest, hashes, stored))
        if len(self.files) >= BATCH_FILES:
            self.commit()
            self.tx = self.conn.begin()

    def commit(self) -> None:
        try:
            originals.sync(digest for _, digest, _, _ in self.files)
            self.tx.commit()
        except Exception as exc:
            self.tx.rollback()
            reason = f"could not be stored: {exc.__class__.__name__}: {str(exc)[:200]}"
            self.report.failed.extend((name, reason) for name, _, _, _ in self.files)
            for _, _, hashes, _ in self.files:
                self.known.difference_update(hashes)
        else:
            for name, _, _, stored in self.files:
                (self.report.loaded if stored else self.report.unchanged).append(name)
        self.files = []

    def close(self) -> None:
        if self.tx.is_active:
            self.tx.rollback()
        self.conn.close()


class Refused(ValueError):
    """A request refused, with a one-line reason: an unknown, already undone or undo run to undo,
    or a database that already holds documents to rebuild into."""


@dataclass
class UndoReport:
    run_id: int
    undo_run_id: int
    documents: int = 0
    duplicates: int = 0
    restored: list[str] = field(default_factory=list)
    lost: list[tuple[str, str]] = field(default_factory=list)

    def lines(self) -> list[str]:
        out = [f"undid run {self.run_id}: removed {self.documents} documents and {self.duplicates} duplicate files"
               f" (recorded as run {self.undo_run_id})"]
        out += [f"restored {path}: a copy of a removed document, read again from its stored original" for path in self.restored]
        out += [f"NOT RESTORED {path}: {reason}" for path, reason in self.lost]
        return out


def undo(engine: Engine, run_id: int) -> UndoReport:
    """Remove what load run `run_id` added (see the module contract)."""
    with writer(engine).begin() as conn:
        [run] = store.runs(conn, run_id) or [None]
        if run is None:
            raise Refused(f"there is no load run {run_id}")
        if run["undone_at"] is not None:
            raise Refused(f"run {run_id} was already undone at {run['undone_at']:%Y-%m-%d %H:%M:%S}")
        if run["command"].startswith("undo "):
            raise Refused(f"run {run_id} is an undo and cannot be undone: load the files again (their originals are kept)")
        report = UndoReport(run_id, store.begin_run(conn, f"undo {run_id}"))
        removed = store.delete_run(conn, run_id)
        report.documents, report.duplicates = removed.documents, removed.duplicates
        for sha, path, owner in removed.orphans:
            try:
                docs = loaders.read_bytes(originals.get(sha), path)
                with conn.begin_nested():  # a copy that cannot be stored leaves nothing behind
                    store.store_file(conn, docs, owner or report.undo_run_id, file_sha256=sha)
            except (OSError, DocumentError) as exc:
                report.lost.append((path, getattr(exc, "strerror", None) or str(exc)))
                continue
            report.restored.append(path)
        store.mark_undone(conn, run_id)
        problems = ([(p, "warning", "restored from its stored original (a copy of a document this undo removed)")
                     for p in report.restored] + [(p, "error", reason) for p, reason in report.lost])
        store.finish_run(conn, report.undo_run_id, len(report.restored), 0, len(report.lost), problems)
    return report


def rebuild_from_originals(engine: Engine, source: Engine | None = None, workers: int | None = None) -> LoadReport:
    """Read stored originals into `engine`, which must hold no documents (see the module contract)."""
    prepare(engine)
    with engine.connect() as conn:
        count = conn.execute(select(func.count()).select_from(SourceDocument)).scalar_one()
    if count:
        raise Refused(f"the database already holds {count} documents; rebuild into an empty one")
    if source is None:
        items = originals.catalogue()
        command = "rebuild from originals"
    else:
        with source.connect() as conn:
            items = store.files(conn)
        command = f"rebuild from originals of {source.url.render_as_string(hide_password=True)}"
    return load(engine, [(name, partial(originals.get, sha)) for sha, name in items], command[:200], workers)

"""Loading files into the database: extract -> parse -> normalise -> store, one file at a time.

Contract:
- `ingest(engine, paths)` loads every file named or found in the folders named and returns a
  `LoadReport` (loaded / unchanged / failed with the file and the reason / warnings). Every path
  gets an answer: one that cannot be read (a name too long, a link that loops, a folder or file
  without permission) is reported failed with its reason and the others still load.
- Files are read and parsed first, in worker processes with a time and memory limit per
  document (`trajectories.reading`), with no write transaction open; each file's inserts then
  take one short write transaction of their own, so a slow file never holds the write lock and
  readers and other loads take their turns between files (on PostgreSQL those commits do not wait
  for the disk; the run's last transaction waits for all of them, so a report lists only what is
  on disk, and a crash mid-load loses at most its last files, run and counts alike). A file that
  fails leaves the database exactly as it was, and the others still load. A file whose content
  (sha256) is already stored is skipped before parsing, so an unchanged re-load is cheap and
  loading the same file twice changes nothing. A failure of the database itself (full disk,
  read-only, unreachable) stops the load with that error instead of failing every file with it.
- A bulk load (`BULK_FILES` or more files to read, and at least as many as the database holds)
  indexes the findings' words once, in its last transaction, instead of one finding at a time:
  until then the findings search does not find what it stored on SQLite, and finds it only by
  reading every finding on PostgreSQL (slower). A bulk load that was killed leaves that index to
  the next command's `prepare`.
- `preview(files)` says what would be read from each (name, bytes), read the same way, storing nothing.
- `prepare(engine)` migrates the schema and seeds the reference lists (idempotent);
  `ensure_loaded(engine)` also loads the bundled data when the database holds no documents.
- Every load is recorded as a load run with its problems, so nothing is dropped silently; its
  counts grow with each file stored, so a load that was killed still says what it loaded (and
  can be undone like any other).
- The original bytes of every file stored are kept in the document store (`trajectories.originals`),
  durable before the transaction holding the file commits: the worker process that read the file
  writes them (a file that cannot be read keeps nothing), and the storing process names them in
  the catalogue, in load order, before that transaction (writing them itself if the worker could not).
- Report lines print names escaped (`printable`): a newline in a file name cannot forge a line.
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

import errno
import fcntl
import hashlib
import os
import stat
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

from sqlalchemy import Connection, Engine, func, select, text
from sqlalchemy.exc import DBAPIError

import loaders
from trajectories import originals, reading
from trajectories.db import store
from trajectories.db.engine import migrate, writer
from trajectories.db.errors import is_fatal
from trajectories.db.models import SourceDocument
from trajectories.domain import DocumentError
from trajectories.paths import DATA_DIR, ROOT

# The bundled demo data, in load order (reference lists are seeded, not loaded).
BUNDLED = ("seed", "ofsted", "facts")
# A load of at least this many files to read, and at least as many as the database holds, is a bulk
# load: it indexes the findings' words once at its end (`store.defer_word_index`).
BULK_FILES = 100
# Why a path could not be read, in plain words, by the error number the system gives.
_OS_REASONS = {
    errno.ENOENT: "no such file or folder",
    errno.EACCES: "permission denied",
    errno.EPERM: "permission denied",
    errno.ELOOP: "a symbolic link that loops (it leads back to itself)",
    errno.ENAMETOOLONG: "the name is too long for the file system",
    errno.ENOTDIR: "a part of the path is not a folder",
    errno.EIO: "the disk reported an input/output error",
}


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
        """The report, one line per file problem; names escaped so none can forge a line."""
        out = [self.summary()]
        out += [f"FAILED {printable(path)}: {printable(reason)}" for path, reason in self.failed]
        out += [f"warning {printable(path)}: {printable(message)}" for path, message in self.warnings]
        return out


def printable(text: str) -> str:
    """`text` with every character that is not printable (newlines, escapes, undecodable bytes of
    a file name) written as its escape, e.g. a newline as \\n: one line, as written otherwise."""
    return "".join(c if c.isprintable() else repr(c)[1:-1] for c in str(text))


def os_reason(exc: OSError) -> str:
    return _OS_REASONS.get(exc.errno) or reading.one_line(exc.strerror or exc)


def display_path(path: Path) -> str:
    """Paths inside the product are stored relative to it, so a database is portable."""
    try:
        return str(path.resolve().relative_to(ROOT))
    except (ValueError, OSError, RuntimeError):  # outside the product, or a path that cannot be resolved
        return str(path)


def walk(paths: list[str | Path]) -> tuple[list[Path], list[tuple[str, str]]]:
    """The files named, and the letters, reports and tables inside the folders named (following
    links to folders), in a stable order; and every path that cannot be read, with its reason:
    a name too long, a link that loops, a folder or entry that cannot be opened. Never raises."""
    files: list[Path] = []
    problems: list[tuple[str, str]] = []
    for named in map(Path, paths):
        try:
            info = os.stat(named)
        except OSError as exc:
            problems.append((display_path(named), os_reason(exc)))
            continue
        if not stat.S_ISDIR(info.st_mode):
            files.append(named)
            continue
        found: list[Path] = []
        _walk_folder(named, {(info.st_dev, info.st_ino)}, found, problems)
        files.extend(sorted(found))
    return files, problems


def _walk_folder(
    folder: Path, ancestors: set[tuple[int, int]], found: list[Path], problems: list[tuple[str, str]]
) -> None:
    try:
        with os.scandir(folder) as it:
            entries = sorted(it, key=lambda e: e.name)
    except OSError as exc:
        problems.append((display_path(folder), f"the folder cannot be read ({os_reason(exc)})"))
        return
    suffixes = loaders.DOCUMENT_SUFFIXES | loaders.TABLE_SUFFIXES
    for entry in entries:
        path = Path(entry.path)
        try:
            info = entry.stat()  # follows links
        except OSError as exc:
            problems.append((display_path(path), os_reason(exc)))
            continue
        if stat.S_ISDIR(info.st_mode):
            key = (info.st_dev, info.st_ino)
            if key in ancestors:
                problems.append((display_path(path), "a symbolic link that loops (it leads back to a folder it is in)"))
                continue
            _walk_folder(path, ancestors | {key}, found, problems)
        elif stat.S_ISREG(info.st_mode) and path.suffix.lower() in suffixes:
            found.append(path)


def prepare(engine: Engine) -> None:
    """Bring the schema to head, seed the reference lists and write the summaries (and SQLite's
    word index of the findings) a migration or an interrupted load left out; takes the write lock
    only when one of these has something to do (a read-only command never waits for a writer here)."""
    migrate(engine)
    with engine.connect() as conn:
        seeded = store.reference_seeded(conn)
        stale = store.needs_summaries(conn)
        words = store.word_index_deferred(conn)
    if not seeded or stale or words:
        with writer(engine).begin() as conn:
            if not seeded:
                store.seed_reference(conn)
            store.restore_word_index(conn)
            store.summarise(conn)


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


def _parse(job: tuple[str, bytes]) -> tuple[list, list]:
    """Parse one file's bytes into (documents, their rows); raises DocumentError with the reason.
    Runs in a worker process (`trajectories.reading`): the rows to store are made there, and the
    documents go back without their text and findings (the rows hold what is stored), which
    keeps what is sent back small. A file read keeps its original bytes there too (durable, not
    yet named: `_store_one` names it); a file that cannot be read keeps nothing."""
    name, data = job
    docs = loaders.read_bytes(data, name)
    undated = next(
        (
            d
            for d in docs
            if not d.kind.startswith("table")
            and any(e.start is None and e.end is None and e.published is None for e in d.events if not e.planned)
        ),
        None,
    )
    if undated is not None:  # read, but nowhere to place it on a chart
        raise DocumentError(f"{undated.authority.name}: the document states no date for the visit or its publication")
    rows = [store.rows_of(doc) for doc in docs]
    for doc in docs:
        doc.text = ""
        for event in doc.events:
            event.findings = []
    try:  # its original, durable here, off the storing process's path (which then only names it)
        originals.put(data)
    except (OSError, MemoryError):  # the storing process keeps it instead, and says why it cannot
        pass
    return docs, rows


def _preview(job: tuple[str, bytes]) -> list[dict]:
    name, data = job
    return [
        {
            "read as": doc.kind,
            "authority": doc.authority.name or doc.authority.name_as_written,
            "visits": len(doc.events),
            "judgements": sum(len(e.judgements) for e in doc.events),
            "findings": sum(len(e.findings) for e in doc.events),
            "problem": "; ".join(doc.warnings),
        }
        for doc in loaders.read_bytes(data, name)
    ]


def preview(files: list[tuple[str, bytes]], workers: int | None = None) -> list[tuple[list[dict] | None, str | None]]:
    """What would be read from each file, without storing anything: per file (one row per
    document: read as, authority, visits, judgements, findings, problem) or (None, the reason it
    cannot be read). Read in worker processes with the limits of `trajectories.reading`."""
    return list(reading.read_all(files, _preview, workers))


def ingest(engine: Engine, paths: list[str | Path], command: str = "ingest", workers: int | None = None) -> LoadReport:
    found, problems = walk(paths)
    files = [(display_path(path), path.read_bytes) for path in found]
    return load(engine, files, command, workers, problems=problems)


# PostgreSQL: the advisory lock (this schema's key, run id) held by the process running a load.
_RUN_LOCK_KEY = "(hashtext(current_schema() || ' trajectories load runs') & 2147483647)"


@contextmanager
def _running(engine: Engine, run_id: int) -> Iterator[None]:
    """Mark load run `run_id` as running for as long as this block lasts: a lock its process holds
    (PostgreSQL: a session advisory lock; SQLite: a locked file beside the database), released by
    the system when the process dies, so `running` tells a killed load from a running one."""
    if engine.dialect.name == "postgresql":
        conn = engine.connect()
        try:
            conn.execute(text(f"SELECT pg_try_advisory_lock({_RUN_LOCK_KEY}, :r)"), {"r": run_id})  # never waits
            conn.commit()
            yield
        finally:
            conn.invalidate()  # closing the session releases the lock; never returned to the pool holding it
        return
    path = _run_lock_file(engine, run_id)
    handle = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle = open(path, "w")
        fcntl.flock(handle, fcntl.LOCK_EX)
    except OSError:  # no place for the mark: the run is then listed as interrupted while it runs
        pass
    try:
        yield
    finally:
        if handle is not None:
            path.unlink(missing_ok=True)
            handle.close()


def _run_lock_file(engine: Engine, run_id: int) -> Path:
    database = Path(engine.url.database or "memory")
    return database.parent / ".load-runs" / f"{database.name}-{run_id}.lock"


def running(engine: Engine, run_ids: list[int]) -> set[int]:
    """Which of these (unfinished) load runs are still running in some process."""
    if not run_ids:
        return set()
    if engine.dialect.name == "postgresql":
        with engine.connect() as conn:
            return set(
                conn.execute(
                    text(
                        f"SELECT objid::bigint FROM pg_locks WHERE locktype = 'advisory' AND classid::bigint = "
                        f"{_RUN_LOCK_KEY}"
                        " AND objsubid = 2 AND granted"
                        " AND database = (SELECT oid FROM pg_database WHERE datname = current_database())"
                    )
                ).scalars()
            ) & set(run_ids)
    alive = set()
    for run_id in run_ids:
        try:
            with open(_run_lock_file(engine, run_id)) as handle:
                try:
                    fcntl.flock(handle, fcntl.LOCK_SH | fcntl.LOCK_NB)
                except BlockingIOError:
                    alive.add(run_id)
        except OSError:  # no mark: not running
            continue
    return alive


def load(
    engine: Engine,
    files: list[tuple[str, Callable[[], bytes]]],
    command: str = "ingest",
    workers: int | None = None,
    problems: list[tuple[str, str]] | None = None,
) -> LoadReport:
    """Load files given as (name, a function returning the bytes): the body of `ingest`.
    `problems` are paths already known to fail (with their reasons), reported as failed.

    Every file is read and parsed (in worker processes, `trajectories.reading`) with no write
    transaction open; each file's inserts then take one short write transaction of their own."""
    report = LoadReport()
    report.failed.extend(problems or [])
    with engine.connect() as conn:
        known = store.known_hashes(conn)
    with writer(engine).begin() as conn:
        report.run_id = store.begin_run(conn, command)
    with _running(engine, report.run_id):
        _load(engine, files, report, known, workers)
    return report


def _load(
    engine: Engine,
    files: list[tuple[str, Callable[[], bytes]]],
    report: LoadReport,
    known: set[str],
    workers: int | None,
) -> None:
    jobs: list[tuple[str, bytes]] = []
    digests: list[str] = []
    for name, read in files:
        try:
            data = read()
        except OSError as exc:
            report.failed.append((name, f"cannot read the file ({os_reason(exc)})"))
            continue
        digest = hashlib.sha256(data).hexdigest()
        if digest in known:
            if not originals.exists(digest):  # loaded before originals were kept: keep it now
                try:
                    originals.put(data, name)
                except OSError as exc:
                    report.warnings.append((name, f"its original could not be kept ({os_reason(exc)})"))
            report.unchanged.append(name)
            continue
        jobs.append((name, data))
        digests.append(digest)
    deferred = False
    if len(jobs) >= BULK_FILES:
        with engine.connect() as conn:
            stored = conn.execute(select(func.count()).select_from(SourceDocument)).scalar_one()
        if len(jobs) >= stored:  # indexing everything once costs less than indexing these one by one
            with writer(engine).begin() as conn:
                deferred = store.defer_word_index(conn)
    stored_before = len(report.loaded) + len(report.unchanged)
    try:
        # One connection for the run, a transaction per file, committed without waiting for the disk
        # (PostgreSQL); the run's last transaction below waits for all of them before the report.
        with writer(engine, durable=False).connect() as conn:
            growing = store.GrowingTables(engine.dialect.name)
            for (name, data), digest, (parsed, error) in zip(
                jobs, digests, reading.read_all(jobs, _parse, workers), strict=True
            ):
                _store_one(conn, report, name, data, digest, parsed, error, growing)
        problems = [(p, "error", r) for p, r in report.failed] + [(p, "warning", w) for p, w in report.warnings]
        with writer(engine).begin() as conn:
            if deferred:
                store.restore_word_index(conn)
            store.finish_run(
                conn, report.run_id, len(report.loaded), len(report.unchanged), len(report.failed), problems
            )
    except BaseException:
        if deferred:  # a load stopped by the database: put the index back if it can (else `prepare` will)
            changed = len(report.loaded) + len(report.unchanged) > stored_before
            try:
                with writer(engine).begin() as conn:
                    store.restore_word_index(conn, rebuild=changed)
            except DBAPIError:
                pass
        raise


def _store_one(
    conn: Connection,
    report: LoadReport,
    name: str,
    data: bytes,
    digest: str,
    parsed,
    error: str | None,
    growing: store.GrowingTables,
) -> None:
    """Store one file read by a worker, in one short write transaction of its own (which also keeps
    PostgreSQL's planner statistics in step, `growing`)."""
    if error is not None:
        report.failed.append((name, error))
        return
    docs, rows = parsed
    notes: list[str] = []
    try:
        # Durable before the transaction that stores the file commits: the worker that read the
        # file made it so (this finds it stored and only names it), else it is written here.
        originals.put(data, name)
        with conn.begin():  # one file's inserts: a file that fails is rolled back alone
            if store.file_known(conn, digest):  # stored meanwhile by another load
                report.unchanged.append(name)
                return
            hashes = store.stored_hashes(conn, [d.source.sha256 for d in docs])
            stored = store.store_file(
                conn, docs, report.run_id, file_sha256=digest, known=hashes, notes=notes, rows=rows
            )
            store.count_file(conn, report.run_id, bool(stored))
            growing.stored(conn, sum(len(f) for r in rows for f in r.findings) if stored else 0)
    except DocumentError as exc:
        report.failed.append((name, reading.one_line(exc)))
        return
    except OSError as exc:
        if exc.errno in (errno.ENOSPC, errno.EROFS, errno.EDQUOT):  # no file could be kept: stop
            raise
        report.failed.append((name, f"its original could not be kept ({os_reason(exc)})"))
        return
    except DBAPIError as exc:
        if is_fatal(exc):  # the database cannot take any file: stop, said once by the caller
            raise
        report.failed.append((name, f"could not be stored: {reading.one_line(exc.orig or exc)}"))
        return
    except Exception as exc:  # e.g. a value the schema refuses: the file fails alone, rolled back
        report.failed.append((name, f"could not be stored: {exc.__class__.__name__}: {reading.one_line(exc)}"))
        return
    (report.loaded if stored else report.unchanged).append(name)
    report.warnings.extend((name, n) for n in notes)
    for doc in docs:
        report.warnings.extend((name, w) for w in doc.warnings)


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
        out = [
            f"undid run {self.run_id}: removed {self.documents} documents and {self.duplicates} duplicate files"
            f" (recorded as run {self.undo_run_id})"
        ]
        out += [
            f"restored {path}: a copy of a removed document, read again from its stored original"
            for path in self.restored
        ]
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
            raise Refused(
                f"run {run_id} is an undo and cannot be undone: load the files again (their originals are kept)"
            )
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
        problems = [
            (p, "warning", "restored from its stored original (a copy of a document this undo removed)")
            for p in report.restored
        ] + [(p, "error", reason) for p, reason in report.lost]
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

"""Loading files into the database: extract -> parse -> normalise -> store, one file at a time.

Contract:
- `ingest(engine, paths)` loads every file named or found in the folders named and returns a
  `LoadReport` (loaded / unchanged / failed with the file and the reason / warnings). Each file
  is one transaction: a file that fails leaves the database exactly as it was, and the others
  still load. A file whose content (sha256) is already stored is skipped before parsing, so an
  unchanged re-load is cheap and loading the same file twice changes nothing.
- `prepare(engine)` migrates the schema and seeds the reference lists (idempotent);
  `ensure_loaded(engine)` also loads the bundled data when the database holds no documents.
- Every load is recorded as a load run with its problems, so nothing is dropped silently.
"""

from __future__ import annotations

import hashlib
import multiprocessing as mp
import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import Engine, func, select

import loaders
from trajectories.db import store
from trajectories.db.engine import migrate
from trajectories.db.models import SourceDocument
from trajectories.domain import DocumentError
from trajectories.paths import DATA_DIR, ROOT

# The bundled demo data, in load order (reference lists are seeded, not loaded).
BUNDLED = ("seed", "ofsted", "facts")
PARALLEL_FROM = 16  # files; fewer are parsed in this process


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
    with engine.begin() as conn:
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


def _parse(job: tuple[str, bytes]) -> tuple[list | None, str | None]:
    """Parse one file's bytes: (documents, None) or (None, the reason it could not be read)."""
    name, data = job
    try:
        return loaders.read_bytes(data, name), None
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
    report = LoadReport()
    files = loaders.iter_paths(list(paths))
    with engine.begin() as conn:
        known = store.known_hashes(conn)
        report.run_id = store.begin_run(conn, command)
    jobs: list[tuple[str, bytes]] = []
    digests: list[str] = []
    for path in files:
        name = display_path(path)
        try:
            data = path.read_bytes()
        except OSError as exc:
            report.failed.append((name, f"cannot read the file ({exc.strerror or exc})"))
            continue
        digest = hashlib.sha256(data).hexdigest()
        if digest in known:
            report.unchanged.append(name)
            continue
        jobs.append((name, data))
        digests.append(digest)
    for (name, _), digest, (docs, error) in zip(jobs, digests, _parsed(jobs, workers)):
        if error is not None:
            report.failed.append((name, error))
            continue
        if digest in known:  # the same bytes twice in one run
            report.unchanged.append(name)
            continue
        notes: list[str] = []
        try:
            with engine.begin() as conn:
                stored = store.store_file(conn, docs, report.run_id, file_sha256=digest, known=set(known), notes=notes)
        except DocumentError as exc:
            report.failed.append((name, str(exc)))
            continue
        except Exception as exc:  # e.g. a database constraint: the file fails alone, rolled back
            report.failed.append((name, f"could not be stored: {exc.__class__.__name__}: {str(exc)[:200]}"))
            continue
        known.update(d.source.sha256 for d in docs)
        known.add(digest)
        (report.loaded if stored else report.unchanged).append(name)
        report.warnings.extend((name, n) for n in notes)
        for doc in docs:
            report.warnings.extend((name, w) for w in doc.warnings)
    problems = [(p, "error", r) for p, r in report.failed] + [(p, "warning", w) for p, w in report.warnings]
    with engine.begin() as conn:
        store.finish_run(conn, report.run_id, len(report.loaded), len(report.unchanged), len(report.failed), problems)
    return report

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


def ingest(engine: Engine, paths: list[str | Path], command: str = "ingest") -> LoadReport:
    report = LoadReport()
    files = loaders.iter_paths(list(paths))
    with engine.begin() as conn:
        known = store.known_hashes(conn)
        report.run_id = store.begin_run(conn, command)
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
        try:
            docs = loaders.read_bytes(data, name)
            with engine.begin() as conn:
                stored = store.store_file(conn, docs, report.run_id, file_sha256=digest, known=set(known))
        except DocumentError as exc:
            report.failed.append((name, str(exc)))
            continue
        except Exception as exc:  # a loader bug must not stop the others or lose the reason
            report.failed.append((name, f"unexpected error while reading: {exc.__class__.__name__}: {str(exc)[:200]}"))
            continue
        known.update(d.source.sha256 for d in docs)
        known.add(digest)
        (report.loaded if stored else report.unchanged).append(name)
        for doc in docs:
            report.warnings.extend((name, w) for w in doc.warnings)
    problems = [(p, "error", r) for p, r in report.failed] + [(p, "warning", w) for p, w in report.warnings]
    with engine.begin() as conn:
        store.finish_run(conn, report.run_id, len(report.loaded), len(report.unchanged), len(report.failed), problems)
    return report

"""Synthetic data into and out of a database (`synthesize`, `remove`)."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy import Connection, Engine, delete, select

from trajectories.db import store
from trajectories.db.engine import writer
from trajectories.db.models import Authority, LoadRun, SourceDocument
from trajectories.synthetic.making import authority, count_for, generate
from trajectories.synthetic.marks import (
    BATCH,
    COMMAND,
    KIND,
    PREFIX,
    REGION_PREFIX,
    Refused,
)
from trajectories.synthetic.model import estimate


@dataclass
class SynthReport:
    run_id: int | None
    authorities: int
    loaded: int
    unchanged: int
    events: int
    findings: int
    seconds: float
    estimate_seconds: float

    def lines(self) -> list[str]:
        rate = self.findings / self.seconds if self.seconds else 0
        return [
            f"synthetic authorities: {self.authorities} (loaded {self.loaded}, unchanged {self.unchanged}) as load run "
            f"{self.run_id}",
            f"events {self.events:,}, findings {self.findings:,} in {self.seconds:.1f} s ({rate:,.0f} findings/s); "
            f"model estimated in {self.estimate_seconds:.1f} s",
        ]


def _other_seed(conn: Connection, seed: int) -> str | None:
    """The path of a synthetic document made with another seed, if there is one."""
    return conn.scalar(
        select(SourceDocument.path)
        .where(SourceDocument.kind == KIND, ~SourceDocument.path.like(f"synthetic/seed-{seed}/%"))
        .limit(1)
    )


def synthesize(
    engine: Engine, factor: float, seed: int = 42, progress: Callable[[int, int], None] | None = None
) -> SynthReport:
    """Make the database about `factor` times the real corpus (see the module contract)."""
    from trajectories.ingest import prepare

    prepare(engine)
    started = time.perf_counter()
    with engine.connect() as conn:
        other = _other_seed(conn, seed)
        if other:
            raise Refused(
                f"the database holds synthetic data of another seed ({other.rsplit('/', 1)[0]}); "
                "remove it first (python -m trajectories synthesize --remove)"
            )
        model = estimate(conn)
    estimated = time.perf_counter() - started
    count = count_for(model, factor)
    eng = writer(engine)
    with eng.begin() as conn:
        run_id = store.begin_run(conn, f"{COMMAND} --factor {factor:g} --seed {seed}")
        store.add_authorities(conn, [authority(model, n) for n in range(1, count + 1)])
        known = store.known_hashes(conn)
    report = SynthReport(run_id, count, 0, 0, 0, 0, 0.0, estimated)
    started = time.perf_counter()
    docs = generate(model, count, seed)
    done = 0
    growing = store.GrowingTables(eng.dialect.name)  # plans that use the indexes as the tables grow
    while done < count:
        batch = [next(docs) for _ in range(min(BATCH, count - done))]
        with eng.begin() as conn:
            before = report.findings
            for doc in batch:
                if store.store_file(conn, [doc], run_id, known=known):
                    report.loaded += 1
                    report.events += len(doc.events)
                    report.findings += sum(len(e.findings) for e in doc.events)
                else:
                    report.unchanged += 1
            growing.stored(conn, report.findings - before)
        done += len(batch)
        if progress:
            progress(done, count)
    with eng.begin() as conn:
        store.finish_run(conn, run_id, report.loaded, report.unchanged, 0, [])
        if conn.dialect.name != "sqlite":  # SQLite's are refreshed by finish_run
            store.refresh_statistics(conn)
    report.seconds = time.perf_counter() - started
    return report


def remove(engine: Engine) -> tuple[int, int]:
    """Undo every synthesize run in force and delete synthetic authorities left without documents.
    Returns (runs undone, authorities deleted)."""
    from trajectories.ingest import undo

    with engine.connect() as conn:
        runs = conn.scalars(
            select(LoadRun.id)
            .where(LoadRun.command.like(f"{COMMAND} %"), LoadRun.undone_at.is_(None))
            .order_by(LoadRun.id)
        ).all()
    for run_id in runs:
        undo(engine, run_id)
    with writer(engine).begin() as conn:
        left = select(SourceDocument.authority_code).where(SourceDocument.authority_code.like(f"{PREFIX}%"))
        gone = conn.execute(
            delete(Authority).where(
                Authority.code.like(f"{PREFIX}%"),
                Authority.region.like(f"{REGION_PREFIX}%"),
                Authority.code.not_in(left),
            )
        ).rowcount
    return len(runs), gone

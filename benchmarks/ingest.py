"""Benchmark: ingesting the whole bundled corpus, and re-ingesting it unchanged.

Prints wall-clock times and ratios against a baseline measured in the same run: simply reading
every bundled file's bytes (and hashing them). Also prints the CPU time of each full load, split
into the reading processes (parsing) and this process (storing), and the machine's load average:
on a shared machine the wall-clock time depends on what else runs, the CPU time much less.
Not a timed test: run it by hand or in CI logs.

    .venv/bin/python benchmarks/ingest.py [--db URL] [--runs N]

With `--db` each run loads into that database, which must hold no documents (a scratch
database: the runs empty it again by undoing their loads).
"""

from __future__ import annotations

import argparse
import hashlib
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import loaders  # noqa: E402
from trajectories.db.engine import make_engine  # noqa: E402
from trajectories.ingest import bundled_paths, ingest, prepare, undo  # noqa: E402


def read_all(paths) -> float:
    start = time.perf_counter()
    for path in loaders.iter_paths(paths):
        hashlib.sha256(path.read_bytes()).hexdigest()
    return time.perf_counter() - start


def timed(action):
    """(result, wall seconds, CPU seconds of this process, CPU seconds of the processes it ended)."""
    before, start = os.times(), time.perf_counter()
    result = action()
    after, wall = os.times(), time.perf_counter() - start
    own = after.user + after.system - before.user - before.system
    children = after.children_user + after.children_system - before.children_user - before.children_system
    return result, wall, own, children


def server_cpu(engine) -> float | None:
    """CPU seconds so far of the PostgreSQL processes serving this database, when the server runs
    on this machine and its processes can be read (else None). SQLite's work is in this process."""
    if engine.dialect.name != "postgresql":
        return None
    from sqlalchemy import text

    with engine.connect() as conn:
        pids = conn.execute(text("SELECT pid FROM pg_stat_activity WHERE datname = current_database()")).scalars()
        pids = list(pids)
    total, tick = 0.0, os.sysconf("SC_CLK_TCK")
    try:
        for pid in pids:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            total += (int(fields[11]) + int(fields[12])) / tick
    except (OSError, IndexError, ValueError):
        return None
    return total


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--db", help="database URL (default: a fresh SQLite file per run)")
    parser.add_argument("--runs", type=int, default=1, help="full loads to time (default 1)")
    args = parser.parse_args()
    paths = bundled_paths()
    files = loaders.iter_paths(paths)
    fulls, rows = [], []
    with tempfile.TemporaryDirectory() as tmp:
        os.environ["TRAJECTORIES_HOME"] = tmp  # stored originals go to the temporary folder too
        baseline = min(read_all(paths) for _ in range(3))
        for run in range(args.runs):
            engine = make_engine(args.db or f"sqlite:///{tmp}/bench{run}.db")
            prepare(engine)
            load = os.getloadavg()[0]
            engine.pool.dispose()  # the load's connections are then new, and their processes counted alone
            first, full, own, parse = timed(lambda e=engine: ingest(e, paths, command="benchmark: first load"))
            server = server_cpu(engine)
            again, unchanged, _, _ = timed(lambda e=engine: ingest(e, paths, command="benchmark: unchanged"))
            if args.db:  # the scratch database holds no documents again
                undo(engine, again.run_id)
                undo(engine, first.run_id)
            engine.dispose()
            fulls.append(full)
            rows.append((first, again, full, own, parse, unchanged, load, server))
    first, again = rows[0][0], rows[0][1]
    print(f"files: {len(files)}  ({first.summary()}; second run: {again.summary()})")
    print(f"baseline, read and hash every file: {baseline:8.3f} s")
    for i, (_, _, full, own, parse, unchanged, load, server) in enumerate(rows, 1):
        served = f" + {server:6.2f} s database server" if server is not None else ""
        print(
            f"run {i}: full ingest {full:8.3f} s = {full / baseline:7.1f}x baseline (goal <= 15 s);"
            f" CPU {parse:6.2f} s reading + {own:6.2f} s storing{served}; unchanged re-ingest {unchanged:6.3f} s"
            f" = {unchanged / baseline:5.1f}x baseline (goal <= 2 s); load average before {load:.1f}"
        )
    if len(rows) > 1:
        print(f"full ingest: best {min(fulls):.3f} s, median {statistics.median(fulls):.3f} s over {len(rows)} runs")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Benchmark: ingesting the whole bundled corpus, and re-ingesting it unchanged.

Prints wall-clock times and ratios against a baseline measured in the same run: simply reading
every bundled file's bytes (and hashing them). Not a timed test: run it by hand or in CI logs.

    .venv/bin/python benchmarks/ingest.py [--db URL]
"""

from __future__ import annotations

import argparse
import hashlib
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import loaders  # noqa: E402
from trajectories.db.engine import make_engine  # noqa: E402
from trajectories.ingest import bundled_paths, ingest, prepare  # noqa: E402


def read_all(paths) -> float:
    start = time.perf_counter()
    for path in loaders.iter_paths(paths):
        hashlib.sha256(path.read_bytes()).hexdigest()
    return time.perf_counter() - start


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--db", help="database URL (default: a fresh SQLite file)")
    args = parser.parse_args()
    paths = bundled_paths()
    files = loaders.iter_paths(paths)
    with tempfile.TemporaryDirectory() as tmp:
        os.environ["TRAJECTORIES_HOME"] = tmp  # stored originals go to the temporary folder too
        engine = make_engine(args.db or f"sqlite:///{tmp}/bench.db")
        prepare(engine)
        baseline = min(read_all(paths) for _ in range(3))
        start = time.perf_counter()
        first = ingest(engine, paths, command="benchmark: first load")
        full = time.perf_counter() - start
        start = time.perf_counter()
        again = ingest(engine, paths, command="benchmark: unchanged")
        unchanged = time.perf_counter() - start
        engine.dispose()
    print(f"files: {len(files)}  ({first.summary()}; second run: {again.summary()})")
    print(f"baseline, read and hash every file: {baseline:8.3f} s")
    print(f"full ingest:                         {full:8.3f} s  = {full / baseline:7.1f}x baseline  (goal <= 15 s)")
    print(
        f"unchanged re-ingest:                 {unchanged:8.3f} s  = {unchanged / baseline:7.1f}x baseline  (goal <= 2 s)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())

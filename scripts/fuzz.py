"""A long fuzz run of the loaders (and optionally ingest) on mutated real documents.

The cases are those of tests/test_fuzz.py (truncated, shuffled, re-encoded, flipped, hostile HTML,
broken CSV, zip and PDF junk, random binary, empty, over the size limit; NUL bytes early and late,
UTF-16 and UTF-8 with a byte-order mark, workbook bombs by size and by parts, tables past the row
limit, PDFs past the page limit), drawn from a seeded
`random.Random`, so a run is repeatable. Each case must be read (a list of ParsedDocument) or
refused with a one-line DocumentError; anything else is counted as unexpected and its bytes are
saved for replay. With --ingest-every N, every Nth case also goes through ingest into a SQLite
file and must leave the data unchanged when refused (and be undone cleanly when read).

    .venv/bin/python scripts/fuzz.py [--cases 10000] [--seed 1] [--huge-every 500] [--ingest-every 0] [--out DIR]

Prints: cases, read, rejected, unexpected exceptions (goal 0), time; the slowest cases; and per
mutation how many were read and refused. Exit 1 when anything unexpected happened.
"""

from __future__ import annotations

import argparse
import collections
import logging
import os
import random
import sys
import tempfile
import time
import traceback
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--huge-every", type=int, default=500, help="every Nth case is over the size limit")
    parser.add_argument(
        "--ingest-every", type=int, default=0, help="every Nth case also goes through ingest (0: never)"
    )
    parser.add_argument("--out", help="folder for the bytes of unexpected cases (default: a new temporary folder)")
    args = parser.parse_args()

    workdir = Path(tempfile.mkdtemp(prefix="fuzz-"))
    os.environ["TRAJECTORIES_HOME"] = str(workdir / "state")  # stored originals go here, not into var/
    logging.disable(logging.WARNING)  # pypdf complains loudly about broken PDFs; the verdict is what counts

    from tests import test_fuzz as cases

    engine = folder = None
    if args.ingest_every:
        from trajectories.db.engine import make_engine
        from trajectories.ingest import ingest, prepare

        engine = make_engine(f"sqlite:///{workdir / 'fuzz.db'}")
        prepare(engine)
        folder = workdir / "cases"
        folder.mkdir()
        for name in ("seed_letter.txt", "ofsted_report.txt", "timeline.csv"):
            (folder / name).write_bytes(cases.corpus()[name])
        ingest(engine, sorted(folder.iterdir()))

    out = Path(args.out) if args.out else workdir / "unexpected"
    rng = random.Random(args.seed)
    verdicts: collections.Counter = collections.Counter()
    by_mutation: dict[str, collections.Counter] = collections.defaultdict(collections.Counter)
    unexpected: list[tuple[str, str, Path]] = []
    slowest: list[tuple[float, str, int]] = []
    ingested: collections.Counter = collections.Counter()
    start = time.perf_counter()
    for i in range(1, args.cases + 1):
        if args.huge_every and i % args.huge_every == 0:
            base = rng.choice(sorted(cases.corpus()))
            label, data = f"{base}+huge", cases.huge(rng, cases.corpus()[base])
        else:
            label, data = cases.make_case(rng)
        t0 = time.perf_counter()
        try:
            verdict = cases.classify(data, label)
            if engine is not None and i % args.ingest_every == 0:
                ingested[cases.check_ingest(engine, folder, label, data)] += 1
        except Exception as exc:  # the point of the run: count and keep every one
            verdict = "unexpected"
            out.mkdir(parents=True, exist_ok=True)
            saved = out / f"case-{i:06d}.bin"
            saved.write_bytes(data)
            unexpected.append((label, "".join(traceback.format_exception_only(exc)).strip()[:400], saved))
        took = time.perf_counter() - t0
        slowest = sorted([*slowest, (took, label, len(data))], reverse=True)[:5]
        verdicts[verdict] += 1
        for mutation in label.split("+")[1:]:
            by_mutation[mutation][verdict] += 1
        if i % 1000 == 0:
            print(
                f"  {i} cases, {time.perf_counter() - start:.0f} s, unexpected so far {verdicts['unexpected']}",
                flush=True,
            )
    elapsed = time.perf_counter() - start

    print(f"cases:      {args.cases} (seed {args.seed})")
    print(f"read:       {verdicts['read']}")
    print(f"rejected:   {verdicts['rejected']}")
    print(f"unexpected: {verdicts['unexpected']}  (goal 0)")
    print(f"time:       {elapsed:.1f} s ({1000 * elapsed / max(args.cases, 1):.1f} ms a case)")
    if engine is not None:
        print(
            f"through ingest: {sum(ingested.values())} ({ingested['read']} loaded and undone, {ingested['rejected']} "
            f"refused, data unchanged)"
        )
    print("slowest cases: " + "; ".join(f"{label} {size:,} bytes {took:.2f} s" for took, label, size in slowest))
    print("by mutation (read / rejected / unexpected):")
    for mutation, counts in sorted(by_mutation.items()):
        print(f"  {mutation:20} {counts['read']:6} {counts['rejected']:6} {counts['unexpected']:4}")
    kinds = collections.Counter(error.split(":")[0] for _, error, _ in unexpected)
    if kinds:
        print("unexpected by kind: " + "; ".join(f"{kind} {n}" for kind, n in kinds.most_common()))
    for label, error, saved in unexpected[:20]:
        print(f"UNEXPECTED {label}: {error}  [{saved}]")
    return 1 if unexpected else 0


if __name__ == "__main__":
    sys.exit(main())

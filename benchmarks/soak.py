"""Soak test: writers loading and undoing real documents while readers run the dashboard's queries.

For --seconds (default 60) on each engine asked for — SQLite (a file in a temporary folder) and
PostgreSQL (a temporary schema in the `test` database on 127.0.0.1, dropped afterwards):
- --writers processes (default 2) each own a disjoint share of real documents (letters, reports,
  and PDFs whose text twins belong to the other writer, so undoing one run must keep the other
  writer's copy). In a loop each either ingests 1-3 files it does not hold (one load run) or
  undoes one of its own runs, and keeps a ledger of which files it holds.
- --readers processes (default 10) call the query functions of trajectories/db/queries/ with
  varied filters, each call on its own connection, as dashboard sessions do.
At the end it prints, per role, the operations done and the errors (goal 0), then checks the
database against the writers' ledgers: files a writer holds but the database lacks (rows lost,
goal 0), files undone but still present (left behind, goal 0), the same document stored twice
(goal 0) and files without a stored original (goal 0). Every process stops at the deadline; the
run is bounded and uses the loopback interface only. Exit 1 if any goal is missed.

    .venv/bin/python benchmarks/soak.py [--seconds 60] [--engine sqlite|postgresql|both] [--pg URL]
"""

from __future__ import annotations

import argparse
import collections
import multiprocessing as mp
import os
import random
import sys
import tempfile
import time
import traceback
import uuid
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

PG_URL = os.environ.get("TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test")
LOOPBACK = {"127.0.0.1", "localhost", "::1"}
AUTHORITIES = ["E08000036", "E10000023", "W06000006", "E09000033", "S12000036", "E06000023"]


def document_pool(per_writer: int, writers: int) -> list[list[Path]]:
    """Disjoint shares of real files; each PDF goes to another writer than its text twin."""
    data = ROOT / "data" / "ofsted"
    pdfs = sorted((data / "pdf_samples").glob("*_focused-visit-letter.pdf"))
    twins = []
    for pdf in pdfs:
        urn_la, date = pdf.name.removesuffix("_focused-visit-letter.pdf").rsplit("_", 1)
        text = data / "ofsted_focused_visits" / urn_la / f"{date}_childrens-services-focused-visit.txt"
        if text.exists():
            twins.append((text, pdf))
    others = sorted(p for p in (data / "ofsted_focused_visits").rglob("*.txt") if p not in {t for t, _ in twins})
    others += sorted((data / "ofsted_ilacs_reports").rglob("*.txt"))
    random.Random(7).shuffle(others)
    shares: list[list[Path]] = [[] for _ in range(writers)]
    for i, pair in enumerate(twins):
        for j, path in enumerate(pair):
            shares[(i + j) % writers].append(path)
    seen = {p.read_bytes() for share in shares for p in share}
    for path in others:
        share = min(shares, key=len)
        if len(share) >= per_writer:
            break
        content = path.read_bytes()
        if content not in seen:
            seen.add(content)
            share.append(path)
    return shares


def writer_role(index: int, url: str, files: list[str], start_at: float, stop_at: float, plain: bool, out) -> None:
    import logging

    logging.disable(logging.WARNING)
    from trajectories import ingest as ingest_module
    from trajectories import originals
    from trajectories.db.engine import make_engine

    if plain:  # measure what happens without the write lock at BEGIN
        ingest_module.writer = lambda engine: engine
        import trajectories.db.engine as engine_module

        engine_module.writer = lambda engine: engine
    engine = make_engine(url)
    rng = random.Random(index)
    sha = {f: originals.sha256(Path(f).read_bytes()) for f in files}
    runs: dict[int, set[str]] = {}  # my live runs -> the files they hold
    held: set[str] = set()
    undone: set[str] = set()
    stats = collections.Counter()
    errors: list[str] = []
    time.sleep(max(0.0, start_at - time.time()))
    while time.time() < stop_at:
        free = [f for f in files if f not in held]
        try:
            if free and (not runs or rng.random() < 0.6):
                batch = rng.sample(free, min(len(free), rng.randint(1, 3)))
                report = ingest_module.ingest(engine, batch, command=f"soak writer {index}", workers=1)
                stats["ingest runs"] += 1
                if report.failed:
                    errors += [f"ingest {p}: {r}" for p, r in report.failed]
                names = {ingest_module.display_path(Path(f)): f for f in batch}
                got = {names[n] for n in report.loaded + report.unchanged}
                stats["files loaded"] += len(report.loaded)
                stats["files recorded as copies"] += len(report.unchanged)
                runs[report.run_id] = got
                held |= got
                undone -= got
            else:
                run_id = rng.choice(sorted(runs))
                result = ingest_module.undo(engine, run_id)
                stats["undo runs"] += 1
                stats["copies restored for the other writer"] += len(result.restored)
                errors += [f"undo {run_id}: not restored {p}: {r}" for p, r in result.lost]
                gone = runs.pop(run_id)
                held -= gone
                undone |= gone
        except Exception as exc:
            stats["errors"] += 1
            errors.append("".join(traceback.format_exception_only(exc)).strip()[:300])
    engine.dispose()
    out.put(
        {
            "role": f"writer {index}",
            "stats": dict(stats),
            "errors": errors,
            "held": sorted(sha[f] for f in held),
            "undone": sorted(sha[f] for f in undone - held),
        }
    )


def reader_role(index: int, url: str, start_at: float, stop_at: float, out) -> None:
    import datetime as dt

    from trajectories.db import queries
    from trajectories.db.engine import make_engine
    from trajectories.domain import Filters

    engine = make_engine(url)
    rng = random.Random(100 + index)
    stats = collections.Counter()
    errors: list[str] = []

    def filters() -> Filters:
        return Filters(
            authorities=tuple(rng.sample(AUTHORITIES, rng.randint(0, 2))),
            nations=rng.choice([(), ("England",), ("Wales", "Scotland")]),
            date_from=rng.choice([None, dt.date(2015, 1, 1)]),
            date_to=rng.choice([None, dt.date(2024, 12, 31)]),
        )

    calls = [
        ("authorities", lambda c: queries.authorities(c)),
        ("events", lambda c: queries.events(c, filters())),
        ("judgements", lambda c: queries.judgements(c, filters())),
        ("directions", lambda c: queries.directions(c, filters())),
        ("statuses", lambda c: queries.statuses(c, filters())),
        (
            "findings",
            lambda c: queries.findings(c, filters(), text=rng.choice([None, "care leavers", "management"]), limit=500),
        ),
        ("last_load", lambda c: queries.last_load(c)[1]),
        ("unreadable", lambda c: queries.unreadable(c)),
    ]
    calls = [(name, call) for name, call in calls if hasattr(queries, name)]
    time.sleep(max(0.0, start_at - time.time()))
    while time.time() < stop_at:
        name, call = rng.choice(calls)
        try:
            with engine.connect() as conn:
                frame = call(conn)
            stats["queries"] += 1
            stats["rows read"] += len(frame)
        except Exception as exc:
            stats["errors"] += 1
            errors.append(f"{name}: " + "".join(traceback.format_exception_only(exc)).strip()[:300])
    engine.dispose()
    out.put({"role": f"reader {index}", "stats": dict(stats), "errors": errors})


def check(url: str, results: list[dict]) -> dict[str, int]:
    from sqlalchemy import func, select

    from trajectories import originals
    from trajectories.db.engine import make_engine
    from trajectories.db.models import DuplicateFile, SourceDocument

    engine = make_engine(url)
    with engine.connect() as conn:
        present = set(conn.scalars(select(SourceDocument.file_sha256))) | set(
            conn.scalars(select(DuplicateFile.sha256))
        )
        twice = conn.execute(
            select(SourceDocument.doc_key)
            .where(SourceDocument.doc_key.is_not(None))
            .group_by(SourceDocument.doc_key)
            .having(func.count() > 1)
        ).all()
    engine.dispose()
    writers = [r for r in results if r["role"].startswith("writer")]
    held = {s for r in writers for s in r["held"]}
    undone = {s for r in writers for s in r["undone"]}
    return {
        "files held by writers": len(held),
        "rows lost": len(held - present),
        "left behind after undo": len(undone & present),
        "documents stored twice": len(twice),
        "originals missing": sum(not originals.exists(s) for s in present),
    }


def soak(name: str, url: str, args) -> bool:
    from trajectories.db.engine import make_engine
    from trajectories.ingest import ingest, prepare

    engine = make_engine(url)
    prepare(engine)
    ingest(engine, [ROOT / "data" / "seed", ROOT / "data" / "facts"], command="soak: base data")  # something to read
    engine.dispose()
    shares = document_pool(args.files_per_writer, args.writers)
    ctx = mp.get_context("spawn")
    out = ctx.Queue()
    start_at = time.time() + 5.0  # every process imported and connected before the clock starts
    stop_at = start_at + args.seconds
    procs = [
        ctx.Process(
            target=writer_role,
            args=(i, url, [str(p) for p in shares[i]], start_at, stop_at, args.without_write_lock, out),
        )
        for i in range(args.writers)
    ]
    procs += [ctx.Process(target=reader_role, args=(i, url, start_at, stop_at, out)) for i in range(args.readers)]
    for p in procs:
        p.start()
    results, deadline = [], stop_at + 120
    while len(results) < len(procs) and time.time() < deadline:
        try:
            results.append(out.get(timeout=1.0))
        except Exception:
            if not any(p.is_alive() for p in procs) and out.empty():
                break
    for p in procs:
        p.join(timeout=max(0.0, deadline - time.time()))
        if p.is_alive():
            p.terminate()
    hung = len(procs) - len(results)
    figures = check(url, results)
    print(
        f"== {name}: {args.writers} writers, {args.readers} readers, {args.seconds:g} s"
        + (" (without the write lock at BEGIN)" if args.without_write_lock else "")
    )
    totals = collections.Counter()
    for r in sorted(results, key=lambda r: (r["role"].split()[0] != "writer", int(r["role"].split()[1]))):
        print(
            f"  {r['role']:9} " + ", ".join(f"{k} {v}" for k, v in r["stats"].items()) + f", errors {len(r['errors'])}"
        )
        totals["errors"] += len(r["errors"])
        for k, v in r["stats"].items():
            totals[f"{r['role'].split()[0]}: {k}"] += v
    print("  totals:  " + ", ".join(f"{k} {v}" for k, v in sorted(totals.items()) if k != "errors"))
    print(f"  errors: {totals['errors']} (goal 0); processes that did not finish: {hung} (goal 0)")
    print("  " + "; ".join(f"{k}: {v}" for k, v in figures.items()) + "  (goal 0 for all but the first)")
    shown = collections.Counter(e for r in results for e in r["errors"])
    for error, n in shown.most_common(8):
        print(f"  ERROR x{n}: {error}")
    bad = totals["errors"] or hung or any(v for k, v in figures.items() if k != "files held by writers")
    return not bad


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--engine", choices=["sqlite", "postgresql", "both"], default="both")
    parser.add_argument(
        "--pg", default=PG_URL, help="PostgreSQL database to make the temporary schema in (loopback only)"
    )
    parser.add_argument("--writers", type=int, default=2)
    parser.add_argument("--readers", type=int, default=10)
    parser.add_argument("--files-per-writer", type=int, default=24)
    parser.add_argument("--without-write-lock", action="store_true", help="writers begin transactions as readers do")
    args = parser.parse_args()

    ok = True
    with tempfile.TemporaryDirectory(prefix="soak-") as tmp:
        os.environ["TRAJECTORIES_HOME"] = str(Path(tmp) / "state")  # inherited by every process
        os.environ.pop("DATABASE_URL", None)
        if args.engine in ("sqlite", "both"):
            ok &= soak("SQLite", f"sqlite:///{tmp}/soak.db", args)
        if args.engine in ("postgresql", "both"):
            host = urlsplit(args.pg.replace("+psycopg", "")).hostname
            if host not in LOOPBACK:
                print(f"refusing {host}: the soak runs against the loopback interface only", file=sys.stderr)
                return 2
            from sqlalchemy import text

            from trajectories.db.engine import make_engine

            schema = f"soak_{uuid.uuid4().hex[:10]}"
            admin = make_engine(args.pg)
            with admin.begin() as conn:
                conn.execute(text(f'CREATE SCHEMA "{schema}"'))
            try:
                sep = "&" if "?" in args.pg else "?"
                ok &= soak("PostgreSQL", f"{args.pg}{sep}options=-csearch_path%3D{schema}", args)
            finally:
                with admin.begin() as conn:
                    conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
                admin.dispose()
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())

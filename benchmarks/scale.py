"""Benchmark: every page's server-side run at 1x and at N x the real data, on SQLite and PostgreSQL.

For each engine it builds (once; later runs reuse them) a database of the real corpus (1x:
`init`) and one about N times as big (`init` then `synthesize --factor N`), printing how fast
the synthetic data loaded. Then, per database, every page of the app runs under Streamlit's
AppTest in this process, as a new visitor with the default filters (a few pages get the query
a reader would bring: an authority, words to search; the whole-country pages also with filters
that the store's summaries serve in other ways: an inspectorate, a period from a first of
January, one from a day within a year): once with every cache empty ("cold": the queries and
analyses run, as for the first reader after a load) and then --runs times more ("warm": what
every later visitor gets, until data is loaded or undone). Baseline measured in the same run: a
bare Streamlit page with one chart (benchmarks/bare_app.py), warm. Prints, per engine, the
median warm and the cold seconds per page at 1x and N x, the growth (N x / 1x) and warm N x
against the baseline. Goal: every page <= 1 s at 100x; the caching meets it for every reader
after the first (warm), and the cold column is what the first reader after a load waits, shown
beside it (docs/scaling.md: mostly under a second too, and where not). Not a timed test.

    .venv/bin/python benchmarks/scale.py [--factor 100] [--engine sqlite|postgresql|both] [--runs 3]
        [--workdir var/scale] [--pg URL] [--rebuild] [--no-cold] [--pages Overview,Themes,...]

Databases: SQLite files `WORKDIR/x1.db` and `WORKDIR/xN.db`; PostgreSQL schemas `scale_x1` and
`scale_xN` in the database of --pg (default: the test database on 127.0.0.1), kept for the next
run (--rebuild makes them again). Building 100x takes about 10 minutes on SQLite and 30 on
PostgreSQL on a busy 2-core machine; the cold runs of the whole-country pages at 100x take
5-10 s each (see docs/scaling.md).
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("STREAMLIT_LOGGER_LEVEL", "error")  # AppTest outside a server warns on every run

PG_URL = os.environ.get("TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test")
SEED = 42
TIMEOUT = 1800  # seconds for one cold page run
PAGES = [
    ("Overview", "dashboard.py", {}),
    ("Overview, Ofsted only", "dashboard.py", {"inspectorate": "ofsted"}),
    ("Overview from 2015", "dashboard.py", {"from": "2015-01-01"}),
    ("Overview from 1 June 2019", "dashboard.py", {"from": "2019-06-01"}),
    ("Authority trajectory", "pages/1_Authority_trajectory.py", {"authority": "E08000032"}),
    ("Themes", "pages/2_Themes.py", {}),
    ("Compare (4 authorities)", "pages/3_Compare.py", {"authority": "E08000032,E08000033,E08000034,E08000035"}),
    ("Inadequate episodes", "pages/4_Inadequate_episodes.py", {}),
    ("Inadequate episodes, Ofsted only", "pages/4_Inadequate_episodes.py", {"inspectorate": "ofsted"}),
    ("Findings search, common words", "pages/5_Findings_search.py", {"q": "management oversight"}),
    ("Findings search, rare phrase", "pages/5_Findings_search.py", {"q": "traffic light system"}),
    ("About the data", "pages/6_About_the_data.py", {}),
]


def database(engine_name: str, factor: float, workdir: Path, pg: str) -> str:
    if engine_name == "sqlite":
        return f"sqlite:///{workdir / f'x{factor:g}.db'}"
    sep = "&" if "?" in pg else "?"
    return f"{pg}{sep}options=-csearch_path%3Dscale_x{factor:g}"


def built(url: str, factor: float) -> bool:
    from sqlalchemy import func, inspect, select

    from trajectories.db.engine import make_engine
    from trajectories.db.models import LoadRun, SourceDocument

    engine = make_engine(url)
    try:
        if "load_run" not in inspect(engine).get_table_names():
            return False
        with engine.connect() as conn:
            if not conn.execute(select(func.count()).select_from(SourceDocument)).scalar_one():
                return False
            if factor == 1:
                return True
            return bool(
                conn.execute(
                    select(func.count())
                    .select_from(LoadRun)
                    .where(
                        LoadRun.command == f"synthesize --factor {factor:g} --seed {SEED}",
                        LoadRun.finished_at.is_not(None),
                        LoadRun.undone_at.is_(None),
                    )
                ).scalar_one()
            )
    except Exception:
        return False
    finally:
        engine.dispose()


def build(engine_name: str, url: str, factor: float, workdir: Path, pg: str) -> None:
    from sqlalchemy import text

    from trajectories import synthetic
    from trajectories.db.engine import make_engine
    from trajectories.ingest import ensure_loaded

    if engine_name == "sqlite":
        path = workdir / f"x{factor:g}.db"
        for p in (path, Path(f"{path}-wal"), Path(f"{path}-shm")):
            p.unlink(missing_ok=True)
    else:
        admin = make_engine(pg)
        with admin.begin() as conn:
            conn.execute(text(f'DROP SCHEMA IF EXISTS "scale_x{factor:g}" CASCADE'))
            conn.execute(text(f'CREATE SCHEMA "scale_x{factor:g}"'))
        admin.dispose()
    os.environ["TRAJECTORIES_HOME"] = str(workdir / f"home-{engine_name}")  # originals of the real files
    engine = make_engine(url)
    start = time.perf_counter()
    ensure_loaded(engine)
    print(f"  {engine_name} x{factor:g}: real corpus loaded in {time.perf_counter() - start:.0f} s", flush=True)
    if factor > 1:
        report = synthetic.synthesize(engine, factor, SEED)
        for line in report.lines():
            print(f"  {engine_name} x{factor:g}: {line}", flush=True)
    if engine_name == "postgresql":
        with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.execute(text("VACUUM ANALYZE"))  # what autovacuum would do soon: index-only scans need it
    engine.dispose()


def sizes(url: str) -> str:
    from sqlalchemy import func, select

    from trajectories.db.engine import make_engine
    from trajectories.db.models import Authority, EventRow, FindingRow, FindingTag

    engine = make_engine(url)
    with engine.connect() as conn:
        counts = [
            conn.execute(select(func.count()).select_from(m)).scalar_one()
            for m in (Authority, EventRow, FindingRow, FindingTag)
        ]
    engine.dispose()
    return "authorities {:,}, events {:,}, findings {:,}, tags {:,}".format(*counts)


def run_page(script: str, query: dict) -> float:
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(ROOT / script), default_timeout=TIMEOUT)
    for key, value in query.items():
        at.query_params[key] = value
    start = time.perf_counter()
    at.run()
    took = time.perf_counter() - start
    if at.exception:
        raise RuntimeError(f"{script}: {at.exception[0].message}")
    return took


def measure(url: str, page_list, runs: int, cold: bool) -> dict[str, tuple[float | None, float]]:
    import streamlit as st

    import pages

    os.environ["DATABASE_URL"] = url
    out = {}
    for name, script, query in page_list:
        # Cold: every cache empty, the shared ones (`pages.shared`: one authority's page, the rows
        # and positions the whole-selection pages share) too, so no page starts with what the
        # one before it worked out; the engine prepared, as a served process has it after its
        # first page.
        st.cache_resource.clear()
        st.cache_data.clear()
        pages.engine()
        first = run_page(script, query) if cold else None
        if not cold:
            run_page(script, query)
        warm = statistics.median(run_page(script, query) for _ in range(runs))
        out[name] = (first, warm)
        print(
            f"    {name:32s} cold {first if first is not None else float('nan'):8.2f} s   warm {warm:6.3f} s",
            flush=True,
        )
    return out


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--factor", type=float, default=100)
    parser.add_argument("--engine", choices=["sqlite", "postgresql", "both"], default="both")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--workdir", default=str(ROOT / "var" / "scale"))
    parser.add_argument("--pg", default=PG_URL)
    parser.add_argument("--rebuild", action="store_true")
    parser.add_argument("--no-cold", dest="cold", action="store_false")
    parser.add_argument("--pages", help="comma-separated beginnings of page names (default: all)")
    args = parser.parse_args()
    workdir = Path(args.workdir)
    workdir.mkdir(parents=True, exist_ok=True)
    engines = ["sqlite", "postgresql"] if args.engine == "both" else [args.engine]
    wanted = [w.strip() for w in (args.pages or "").split(",") if w.strip()]
    pages = [p for p in PAGES if not wanted or any(p[0].startswith(w) for w in wanted)]
    pages += [
        (p.stem.split("_", 1)[1].replace("_", " "), f"pages/{p.name}", {})
        for p in sorted((ROOT / "pages").glob("[0-9]*.py"))
        if f"pages/{p.name}" not in {s for _, s, _ in PAGES} and not wanted
    ]
    factors = [1.0, args.factor]

    import streamlit as st

    os.environ.pop("DATABASE_URL", None)
    floor = [run_page("benchmarks/bare_app.py", {}) for _ in range(args.runs + 1)][1:]
    floor_s = statistics.median(floor)
    results: dict[tuple[str, float], dict] = {}
    for engine_name in engines:
        for factor in factors:
            url = database(engine_name, factor, workdir, args.pg)
            if args.rebuild or not built(url, factor):
                print(f"building {engine_name} x{factor:g} ...", flush=True)
                build(engine_name, url, factor, workdir, args.pg)
            print(f"{engine_name} x{factor:g}: {sizes(url)}", flush=True)
            results[(engine_name, factor)] = measure(url, pages, args.runs, args.cold)
    st.cache_data.clear()

    n = f"{args.factor:g}x"
    print(f"\nbaseline: bare page with one chart, warm median {floor_s:.3f} s (AppTest, this process)")
    for engine_name in engines:
        one, big = results[(engine_name, 1.0)], results[(engine_name, args.factor)]
        print(
            f"\n{engine_name}: seconds per page run (warm = median of {args.runs} new sessions; cold = first, empty "
            f"caches)"
        )
        print(f"| page | 1x cold | 1x warm | {n} cold | {n} warm | growth warm | growth cold | {n} warm / baseline |")
        print("|---|---:|---:|---:|---:|---:|---:|---:|")
        for name, _, _ in pages:
            c1, w1 = one[name]
            cn, wn = big[name]

            def fmt(v):
                return "—" if v is None else f"{v:.2f}"

            growth_cold = f"{cn / c1:.1f}x" if c1 and cn else "—"
            print(
                f"| {name} | {fmt(c1)} | {w1:.3f} | {fmt(cn)} | {wn:.3f} | {wn / w1:.1f}x | {growth_cold} |"
                f" {wn / floor_s:.1f}x |"
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())

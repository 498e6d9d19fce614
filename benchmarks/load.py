"""Load test: concurrent browser sessions against the served app, on loopback only.

Starts --processes `streamlit run dashboard.py` servers on 127.0.0.1 (all on one database:
--db, default a SQLite file built from the bundled data) and, as the baseline in the same run, one
server of a bare page with one chart (benchmarks/bare_app.py). Then, for each level of
concurrency (--levels, default 1,10,50), that many sessions run at once, each in its own browser
context (its own cookies and websocket: a real Streamlit session) of one headless chromium, sessions
spread over the servers in turn as a proxy would. Each session opens the overview and then one
authority's page, --rounds times, and waits until the page's chart is drawn and the app has
stopped running. Prints, per level, the p50 / p90 / p99 seconds of each page, the errors (a page
that timed out, showed an exception or raised in the browser) and pages per second; and the
bare page's p50 for one session, the floor. Bounded: every wait has a timeout (--timeout), each
level stops starting rounds after --budget seconds, and every server is stopped at the end.

    .venv/bin/python benchmarks/load.py [--levels 1,10,50] [--rounds 2] [--processes 2]
        [--db URL] [--timeout 120] [--budget 150]

On this 2-core machine the default run takes about 5-8 minutes; most of that is chromium drawing
pages on the same two cores as the servers.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from benchmarks.served import ARGS, CHART, CHROMIUM, serve, stop  # noqa: E402

IDLE = "() => !document.querySelector('[data-testid=\"stStatusWidget\"]')"
AUTHORITIES = ["E08000032", "W06000006", "E10000023", "E09000033", "S12000036", "E06000023", "E08000036", "E06000059"]


async def open_page(page, url: str, timeout_ms: int) -> tuple[float, str | None]:
    """Seconds until the chart is drawn and the script has finished; the error, if any."""
    start = time.perf_counter()
    try:
        await page.goto(url, timeout=timeout_ms)
        await page.locator(CHART).first.wait_for(timeout=timeout_ms)
        await page.wait_for_function(IDLE, timeout=timeout_ms)
    except Exception as exc:  # a timeout or a navigation failure is an error of this page
        return time.perf_counter() - start, f"{exc.__class__.__name__}: {str(exc).splitlines()[0][:120]}"
    took = time.perf_counter() - start
    if await page.locator('[data-testid="stException"]').count():
        return took, "the page showed an exception"
    return took, None


async def session(browser, base: str, index: int, rounds: int, timeout_ms: int, stop_at: float, out: dict) -> None:
    context = await browser.new_context(viewport={"width": 1280, "height": 900})
    page = await context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    rng = random.Random(index)
    try:
        for _ in range(rounds):
            if time.monotonic() > stop_at:
                break
            for name, url in (
                ("overview", base + "/"),
                ("authority page", f"{base}/Authority_trajectory?authority={rng.choice(AUTHORITIES)}"),
            ):
                took, error = await open_page(page, url, timeout_ms)
                if errors:
                    error, errors[:] = error or f"browser error: {errors[0][:120]}", []
                out.setdefault(name, []).append(took)
                if error:
                    out.setdefault("errors", []).append(f"{name}: {error}")
    finally:
        await context.close()


async def level(
    browser, bases: list[str], sessions: int, rounds: int, timeout_ms: int, budget: float
) -> tuple[dict, float]:
    out: dict = {}
    stop_at = time.monotonic() + budget
    start = time.perf_counter()
    await asyncio.gather(
        *(session(browser, bases[i % len(bases)], i, rounds, timeout_ms, stop_at, out) for i in range(sessions))
    )
    return out, time.perf_counter() - start


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    k = (len(ordered) - 1) * q
    lo, hi = int(k), min(int(k) + 1, len(ordered) - 1)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (k - lo)


async def run(args, bases: list[str], bare: str) -> None:
    from playwright.async_api import async_playwright

    timeout_ms = int(args.timeout * 1000)
    async with async_playwright() as p:
        browser = await p.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
        for base in bases:  # every server prepares its database and caches once
            await level(browser, [base], 1, 1, timeout_ms, args.budget)
        floor, _ = await level(browser, [bare], 1, 1, timeout_ms, args.budget)
        floor_runs: list[float] = []
        for _ in range(5):
            page = await browser.new_page()
            took, _ = await open_page(page, bare + "/", timeout_ms)
            floor_runs.append(took)
            await page.close()
        floor_p50 = percentile(floor_runs, 0.5)
        print(
            f"servers: {len(bases)} app process(es), database {args.db_label}; sessions are browser contexts of one "
            f"chromium"
        )
        print(f"baseline: bare page with one chart, one session, p50 {floor_p50:.2f} s\n")
        print("| sessions | page | n | p50 s | p90 s | p99 s | p50 / baseline | errors | pages/s |")
        print("|---:|---|---:|---:|---:|---:|---:|---:|---:|")
        for sessions in args.levels:
            out, took = await level(browser, bases, sessions, args.rounds, timeout_ms, args.budget)
            pages = sum(len(v) for k, v in out.items() if k != "errors")
            errors = out.get("errors", [])
            for name in ("overview", "authority page"):
                times = out.get(name, [])
                mine = [e for e in errors if e.startswith(name)]
                print(
                    f"| {sessions} | {name} | {len(times)} | {percentile(times, 0.5):.2f} |"
                    f" {percentile(times, 0.9):.2f} | "
                    f"{percentile(times, 0.99):.2f} | {percentile(times, 0.5) / floor_p50:.1f}x | {len(mine)} | "
                    f"{pages / took:.2f} |",
                    flush=True,
                )
            for e in sorted(set(errors))[:5]:
                print(f"|   | error: {e} |  |  |  |  |  |  |  |")
        await browser.close()


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--levels", default="1,10,50", help="concurrent sessions per level, comma-separated")
    parser.add_argument("--rounds", type=int, default=2, help="overview + authority page, per session per level")
    parser.add_argument("--processes", type=int, default=2, help="app servers on one database")
    parser.add_argument("--db", help="database URL (default: a SQLite file built from the bundled data)")
    parser.add_argument(
        "--timeout", type=float, default=120, help="seconds one page may take before it counts as an error"
    )
    parser.add_argument("--budget", type=float, default=150, help="seconds after which a level starts no more rounds")
    args = parser.parse_args()
    args.levels = [int(n) for n in args.levels.split(",") if n.strip()]
    if not Path(CHROMIUM).exists():
        print(f"no chromium at {CHROMIUM} (Debian: apt-get install chromium)", file=sys.stderr)
        return 1
    from trajectories.db.engine import make_engine
    from trajectories.ingest import ensure_loaded

    with tempfile.TemporaryDirectory() as tmp:
        url = args.db or f"sqlite:///{tmp}/load.db"
        args.db_label = (
            "SQLite, the bundled data" if not args.db else make_engine(url).url.render_as_string(hide_password=True)
        )
        env = {**os.environ, "DATABASE_URL": url, "TRAJECTORIES_HOME": tmp}
        os.environ["TRAJECTORIES_HOME"] = tmp
        ensure_loaded(make_engine(url))  # `python -m trajectories init`, once, before the servers start
        servers = [serve(ROOT / "dashboard.py", env) for _ in range(args.processes)]
        bare = serve(ROOT / "benchmarks" / "bare_app.py", env)
        try:
            asyncio.run(run(args, [u for _, u in servers], bare[1]))
        finally:
            for proc, _ in [*servers, bare]:
                stop(proc)
    return 0


if __name__ == "__main__":
    sys.exit(main())

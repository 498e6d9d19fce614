"""Benchmark: time to the first chart, and filter change to redraw, in a real browser.

Measured in the same browser run against two servers on loopback: this dashboard (on a database
built from the bundled data) and a bare Streamlit page with one plotly chart (the floor). Prints
medians and ratios to the floor. Goals: first chart ≤ 1.3× the floor, redraw ≤ 1.2× the floor.
Not a timed test.

    .venv/bin/python benchmarks/pages.py [--runs 5] [--db URL]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from benchmarks.served import ARGS, CHART, CHROMIUM, serve  # noqa: E402


def first_chart(browser, url: str) -> float:
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    start = time.perf_counter()
    page.goto(url)
    page.locator(CHART).first.wait_for(timeout=120_000)
    took = time.perf_counter() - start
    page.close()
    return took


def redraw(browser, url: str, choose, commit) -> float:
    """Seconds from a filter change until the chart shows the new selection's title and the run
    has ended. `choose(page)` opens the filter and finds the new value (not timed: typing a name
    takes as long as the typist); `commit(page)` makes the change (timed from here)."""
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    page.goto(url)
    page.locator(CHART).first.wait_for(timeout=120_000)
    page.wait_for_timeout(1000)
    title_before = page.locator('[data-testid="stPlotlyChart"] .gtitle').first.text_content()
    choose(page)
    start = time.perf_counter()
    commit(page)
    page.wait_for_function(
        "(before) => { const t = document.querySelector('[data-testid=\"stPlotlyChart\"] .gtitle');"
        " return t && t.textContent !== before && !document.querySelector('[data-testid=\"stStatusWidget\"]'); }",
        arg=title_before, timeout=120_000)
    took = time.perf_counter() - start
    page.close()
    return took


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--db", help="database URL (default: a fresh SQLite file built from the bundled data)")
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    from trajectories.db.engine import make_engine
    from trajectories.ingest import ensure_loaded

    with tempfile.TemporaryDirectory() as tmp:
        url = args.db or f"sqlite:///{tmp}/bench.db"
        ensure_loaded(make_engine(url))
        env = {**os.environ, "DATABASE_URL": url, "TRAJECTORIES_HOME": tmp}
        app, app_url = serve(ROOT / "dashboard.py", env)
        bare, bare_url = serve(ROOT / "benchmarks" / "bare_app.py", env)
        try:
            with sync_playwright() as p:
                browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
                for u in (bare_url, app_url, app_url + "/Authority_trajectory?authority=E08000032"):
                    first_chart(browser, u)  # warm the servers and caches once
                results = {}
                for name, u in (("bare page (floor)", bare_url), ("overview", app_url + "/"),
                                ("authority page", app_url + "/Authority_trajectory?authority=E08000032")):
                    results[name] = statistics.median(first_chart(browser, u) for _ in range(args.runs))
                def open_first_selectbox(pg, typed=""):
                    pg.locator('[data-testid="stSelectbox"]').first.click()
                    if typed:
                        pg.keyboard.type(typed)
                    pg.get_by_role("option").first.wait_for()

                floor_redraw = statistics.median(
                    redraw(browser, bare_url, open_first_selectbox, lambda pg: pg.get_by_role("option", name="b").click())
                    for _ in range(args.runs))
                app_redraw = statistics.median(
                    redraw(browser, app_url + "/Authority_trajectory", lambda pg: open_first_selectbox(pg, "Bradford"),
                           lambda pg: pg.keyboard.press("Enter"))
                    for _ in range(args.runs))
                browser.close()
        finally:
            app.terminate()
            bare.terminate()
    floor = results["bare page (floor)"]
    print(f"median of {args.runs} runs, same browser, loopback")
    for name, value in results.items():
        print(f"first chart, {name:22s} {value:6.2f} s  = {value / floor:4.2f}x floor  (goal <= 1.3x)")
    print(f"redraw after a change, bare page (floor)  {floor_redraw:6.2f} s")
    print(f"redraw after a change, authority page     {app_redraw:6.2f} s  = {app_redraw / floor_redraw:4.2f}x floor  (goal <= 1.2x)")
    return 0


if __name__ == "__main__":
    sys.exit(main())

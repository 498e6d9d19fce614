"""Benchmark: one authority's PDF briefing, the first in a process and the next five.

The first briefing starts the process's one browser for chart images; the next ones reuse it
(goal: each <= 2 s). Baselines measured in the same run: the same briefing without its chart
image (data, layout and PDF only), and one bare plotly figure drawn to PNG by the warm browser.
Prints wall-clock times and ratios. Not a timed test: run it by hand or in CI logs.

    .venv/bin/python benchmarks/exports.py [--db URL] [--authority CODE_OR_NAME]

Without --db it uses the local database (DATABASE_URL or the SQLite file), loading the bundled
data first if that database is empty.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import plotly.graph_objects as go  # noqa: E402

from trajectories import authorities, exports  # noqa: E402
from trajectories.db.engine import make_engine  # noqa: E402
from trajectories.ingest import ensure_loaded  # noqa: E402

NEXT = 5


def timed(fn) -> tuple[float, object]:
    start = time.perf_counter()
    result = fn()
    return time.perf_counter() - start, result


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--db", help="database URL (default: DATABASE_URL or the local SQLite file)")
    parser.add_argument("--authority", default="Bradford", help="ONS code or name (default: Bradford)")
    args = parser.parse_args()
    if exports.chromium_path() is None:
        print("no chromium: the chart image needs it (apt-get install chromium)", file=sys.stderr)
        return 1
    found = authorities.by_code().get(args.authority.upper()) or authorities.match(args.authority)
    if found is None:
        print(f"unknown authority {args.authority!r}", file=sys.stderr)
        return 1
    engine = make_engine(args.db)
    loading, report = timed(lambda: ensure_loaded(engine))
    if report is not None:
        print(f"loaded the bundled data first: {report.summary()} in {loading:.1f} s")
    with engine.connect() as conn:
        first, pdf = timed(lambda: exports.briefing_pdf(conn, found.code))
        following = [timed(lambda: exports.briefing_pdf(conn, found.code))[0] for _ in range(NEXT)]
        without_chart = min(timed(lambda: exports.briefing_pdf(conn, found.code, chart=False))[0] for _ in range(3))
    bare = go.Figure(go.Scatter(x=[1, 2, 3], y=[2, 1, 3]))
    png = min(timed(lambda: exports.figure_png(bare, 1000, 620))[0] for _ in range(3))
    engine.dispose()

    mean = statistics.mean(following)
    print(f"briefing of {found.name} ({found.code}): {len(pdf):,} bytes")
    print(f"first briefing (starts the browser):  {first:7.3f} s")
    print(
        f"next {NEXT} briefings:                   "
        + "  ".join(f"{t:.3f}" for t in following)
        + f"  s  (mean {mean:.3f}, max {max(following):.3f}; goal <= 2 s each)"
    )
    print(f"baseline, same briefing, no chart:    {without_chart:7.3f} s")
    print(f"baseline, one bare figure to PNG:     {png:7.3f} s")
    print(f"first / next (mean):                  {first / mean:7.1f}x")
    print(f"next (mean) / briefing without chart: {mean / without_chart:7.1f}x")
    print(
        f"chart share of a next briefing:       {(mean - without_chart):7.3f} s = "
        f"{(mean - without_chart) / png:5.1f}x one bare PNG"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())

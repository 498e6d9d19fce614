"""`evaluate ...`: the readers measured against labelled data and the inspectorates' own tables.

Contract: each command's docstring is its help; each prints its figures and exits 0, or 1 with a
one-line reason when its labelled data cannot be found. The figures are the same whatever the
command line's shape: the measuring is in `trajectories.evaluation`.
"""

from __future__ import annotations

from collections import Counter

import click

from trajectories.cli.common import Group, Refusal, as_at_option, db_option, engine
from trajectories.domain import DocumentError, Filters
from trajectories.paths import DATA_DIR

OUTCOME_TABLES = (
    DATA_DIR / "ofsted" / "structured" / "ofsted_la_ilacs_latest_2023.csv",
    DATA_DIR / "ofsted" / "structured" / "ofsted_csc_ilacs_history.csv",
)


@click.group("evaluate", cls=Group)
def evaluate() -> None:
    """Measure the readers against labelled data."""


@evaluate.command("tagger")
@click.option(
    "--set", "sets", multiple=True, metavar="CSV", help="A hand-labelled CSV (repeatable; default: the labelled sets)."
)
@click.option("--mistakes", is_flag=True, help="List every disagreement.")
def tagger(sets: tuple[str, ...], mistakes: bool) -> int:
    """The theme tagger against labelled findings.

    Theme precision, recall and F1, macro-F1, polarity accuracy and confusion on hand-labelled
    findings (by default every labelled set bundled).
    """
    from trajectories import evaluation

    paths = list(sets) or [str(p) for p in evaluation.LABELLED_SETS if p.exists()]
    if not paths:
        raise Refusal("no labelled set found; pass --set FILE.csv")
    for path in paths:
        score = evaluation.score_tagger(evaluation.load_labelled(path))
        print(f"== {path}")
        print("\n".join(score.lines()))
        if mistakes:
            for m in score.mistakes:
                print(
                    f"- {m['id']}: polarity {m['polarity'][0]} read {m['polarity'][1]} ({m['polarity'][2]}); "
                    f"missing {m['missing']}; extra {m['extra']} {m['cues']}\n    {m['text']}"
                )
        print()
    return 0


@evaluate.command("outcomes")
@click.option("--reports", multiple=True, metavar="PATH", help="Report files or folders (repeatable).")
@click.option("--table", "tables", multiple=True, metavar="CSV", help="An outcome table, CSV or XLSX (repeatable).")
def outcomes(reports: tuple[str, ...], tables: tuple[str, ...]) -> int:
    """Reports read here against Ofsted's tables.

    By default the bundled ILACS reports against Ofsted's 2023 table and the scraped history:
    agreement per dimension and every disagreement.
    """
    from pathlib import Path

    import loaders
    from trajectories import evaluation

    report_paths = list(reports) or [str(DATA_DIR / "ofsted" / "ofsted_ilacs_reports")]
    read, failed = [], []
    for path in loaders.iter_paths(report_paths):
        try:
            read += [d for d in loaders.read_file(path) if d.kind == "ofsted_report"]
        except DocumentError as exc:
            failed.append(f"{path}: {exc}")
    frameworks = Counter(next((e.framework for e in d.events if not e.planned), None) for d in read)
    print(
        f"reports read: {len(read)}; not readable: {len(failed)}; by framework: "
        + ", ".join(f"{k} {v}" for k, v in sorted(frameworks.items(), key=lambda kv: str(kv[0])))
    )
    for line in failed:
        print(f"  not readable: {line}")
    missing = evaluation.framework_coverage(read)
    print(f"SIF-era and older reports without an overall judgement or dates: {len(missing)}")
    for line in missing:
        print(f"  {line}")
    for table in tables or map(str, OUTCOME_TABLES):
        comparison = evaluation.compare_outcomes(read, loaders.read_file(table), Path(table).name)
        print("\n".join(comparison.lines()))
    return 0


@evaluate.command("positions")
@as_at_option("The day compared (default: the table's).")
@click.option("--table", metavar="CSV", help="Ofsted's outcome table (default: the bundled 2023 table).")
@db_option()
def positions(as_at, table: str | None, db: str | None) -> int:
    """English positions against Ofsted's own table.

    Where each English authority stands here, against Ofsted's outcome table and the latest report
    read; every disagreement is named.
    """
    import datetime as dt

    import loaders
    from trajectories import analytics, evaluation
    from trajectories import positions as rule
    from trajectories.db import queries
    from trajectories.ingest import prepare

    table = table or str(OUTCOME_TABLES[0])
    docs = loaders.read_file(table)
    database = engine(db)
    prepare(database)
    with database.connect() as conn:
        england = Filters(nations=("England",))
        judgements = queries.judgements(
            conn, england, dimension=analytics.POSITION_DIMENSIONS, columns=analytics.STEP_READS
        )
        states = rule.states(judgements, queries.events(conn, england, columns=analytics.VISIT_READS))
        everyone = queries.authorities(conn)
    database.dispose()
    english = everyone[everyone["nation"] == "England"]
    day = as_at or dt.date.today()
    existing = {c for c, ok in zip(english["code"], analytics.exists_on(english, day), strict=True) if ok}
    result = evaluation.compare_positions(
        states, docs, table, dict(zip(everyone["code"], everyone["name"], strict=True)), existing, as_at=as_at
    )
    print("\n".join(result.lines()))
    return 0


@evaluate.command("pages")
@click.option(
    "--set",
    "folder",
    metavar="DIR",
    help="A folder with manifest.csv (default: ../shared/data/wales_scotland_pages beside the checkout).",
)
def pages(folder: str | None) -> int:
    """Welsh and Scottish pages against a manifest.

    The pages a labelled manifest lists are read and compared with their labels:
    agreement per field (authority, inspectorate, visit month, published date, direction) for the
    development part, the held-out part and all, then every disagreement.
    """
    from pathlib import Path

    from trajectories import evaluation

    where = Path(folder) if folder else DATA_DIR.parent.parent / "shared" / "data" / "wales_scotland_pages"
    if not (where / "manifest.csv").exists():
        raise Refusal(f"no manifest.csv in {where}; pass --set FOLDER")
    scores = [evaluation.score_pages(where, part) for part in ("development", "held-out", "all")]
    for score in scores:
        print("\n".join(score.lines()))
    print("\ndisagreements:")
    for line in scores[-1].disagreements:
        print(f"  {line}")
    return 0

"""The command line: `python -m trajectories <command>`, usable without Streamlit.

Commands:
  parse FILE [--json]           print what was read from one file; never touches a database.
                                Exit 0 when read, 1 with a one-line reason on stderr when not.
  ingest PATH... [--db URL]     load files and folders; print the load report (loaded /
                                unchanged / failed with file and reason). Exit 1 if any failed.
  init [--db URL]               create or upgrade the schema, seed the reference lists and load
                                the bundled data if the database is empty.
  rebuild [--db URL]            re-derive every level, direction, status, polarity and theme from
                                the raw words stored (after a rule change); prints what changed.
  runs [--db URL]               list load runs, newest first: id, when, command, loaded /
                                unchanged / failed, and whether it was undone; a run that never
                                finished is "still running" or "interrupted" with what it stored.
  undo RUN_ID [--db URL]        remove what one load run added (its documents and duplicate-file
                                records); the run stays listed, marked undone. Exit 1 if refused.
  rebuild-from-originals [--db URL] [--from URL]
                                read the stored original files again into a database holding no
                                documents: every original kept, or with --from exactly the files
                                that database holds. Exit 1 if any failed.
  export briefing --authority CODE_OR_NAME [--from DATE] [--to DATE] --out FILE.pdf
                                a PDF briefing on one authority (trajectory chart, position,
                                inadequate periods, recurring themes with evidence, planned visits).
  export portfolio [filters] --out FILE.pdf
                                a PDF briefing on a group: levels now, inadequate now, moves
                                between judgements, then one short section per authority.
  export table --format csv|xlsx [--table NAME] [filters] --out FILE
                                a table of the filtered view (CSV: events, judgements, findings
                                or authorities; XLSX: all four and an About sheet).
                                Filters: --authority CODE_OR_NAME, --nation, --region,
                                --inspectorate (each repeatable), --from DATE, --to DATE (ISO).
                                Exit 1 with a one-line message for an unknown authority, nation,
                                region, inspectorate or date, or when no chart can be drawn.
  synthesize --factor N [--seed S] [--db URL] | --remove [--db URL]
                                make the database about N times the real corpus with synthetic
                                authorities (codes X00000001, regions "Synthetic ...") shaped like
                                the real data; --remove takes them out again. Exit 1 if refused.
  evaluate tagger [--set CSV]   theme precision/recall/F1, macro-F1, polarity accuracy and
                                confusion on a hand-labelled set (default: the labelled sets).
  evaluate outcomes             reports read here against Ofsted's 2023 table and the scraped
                                history: agreement per dimension and every disagreement.
  evaluate positions            where each English authority stands here against Ofsted's outcome
                                table and the latest report read, every disagreement named.
  evaluate pages [--set DIR]    Welsh and Scottish pages against their labelled manifest (default:
                                ../shared/data/wales_scotland_pages): agreement per field, for the
                                development part, the held-out part and all, and every disagreement.
Every command takes --verbose: a database or configuration failure (an address that cannot be
used or reached, a read-only database, a full disk, a database busy past the wait) is one line on
stderr saying what to do, exit 2; with --verbose the detail (the traceback) follows it.
Names from files and folders are printed escaped (a newline in a name shows as \\n).
Domain errors from the core are turned into messages here and nowhere else.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter

from trajectories.domain import DocumentError


def _engine(url: str | None):
    from sqlalchemy.exc import ArgumentError

    from trajectories.db.engine import make_engine

    try:
        return make_engine(url)
    except ImportError as exc:  # a kind of database whose driver is not installed: not one this product uses
        raise ArgumentError(str(exc)) from exc


def cmd_parse(args) -> int:
    import loaders

    try:
        docs = loaders.read_file(args.file)
    except DocumentError as exc:
        print(f"{args.file}: {exc}", file=sys.stderr)
        return 1
    if args.json:
        payload = [d.to_json() for d in docs]
        print(json.dumps(payload[0] if len(payload) == 1 else payload, indent=2, ensure_ascii=False))
        return 0
    for doc in docs:
        print(
            f"{doc.authority.name} ({doc.authority.code}, {doc.authority.nation}) — {doc.inspectorate.value}, read as {doc.kind}"
        )
        for ev in doc.events:
            when = f"{ev.start or '?'}" + (f" to {ev.end}" if ev.end and ev.end != ev.start else "")
            print(
                f"  {'planned ' if ev.planned else ''}{ev.event_type} {when}: {len(ev.judgements)} judgements, "
                f"{len(ev.directions)} directions, {len(ev.statuses)} statuses, {len(ev.findings)} findings"
            )
            for j in ev.judgements:
                level = f"{j.level.point:g} ({j.level.quality.value})" if j.level else "no level"
                print(f"    judgement {j.dimension.value}: {j.raw_phrase!r} -> {level}")
            for d in ev.directions:
                about = f" (about {d.scope})" if d.scope != "overall" else ""
                print(f"    direction {d.direction:+d}{about}: {d.raw_phrase!r}")
            for ref in ev.references:
                print(f"    refers to an earlier visit: {ref}")
            for step in ev.next_steps:
                print(f"    next step: {step}")
        for w in doc.warnings:
            print(f"  warning: {w}")
    return 0


def cmd_ingest(args) -> int:
    from trajectories import ingest

    engine = _engine(args.db)
    ingest.prepare(engine)
    report = ingest.ingest(engine, args.paths, command="ingest " + " ".join(args.paths)[:180])
    for line in report.lines():
        print(line)
    return 0 if report.ok else 1


def cmd_init(args) -> int:
    from trajectories import ingest

    engine = _engine(args.db)
    report = ingest.ensure_loaded(engine)
    if report is None:
        print("database ready (already loaded)")
        return 0
    for line in report.lines():
        print(line)
    return 0


def cmd_rebuild(args) -> int:
    from trajectories import ingest
    from trajectories.rebuild import rebuild

    engine = _engine(args.db)
    ingest.prepare(engine)
    changed = rebuild(engine)
    print("rebuilt: " + (", ".join(f"{k} {v}" for k, v in sorted(changed.items())) or "nothing changed"))
    return 0


def cmd_runs(args) -> int:
    from trajectories import ingest
    from trajectories.db import store

    engine = _engine(args.db)
    ingest.prepare(engine)
    with engine.connect() as conn:
        runs = store.runs(conn)
    alive = ingest.running(engine, [r["id"] for r in runs if not r["finished_at"]])
    print(f"{'id':>5}  {'started (UTC)':19}  {'loaded':>6} {'unchanged':>9} {'failed':>6}  command")
    for r in runs:
        undone = f"  [undone {r['undone_at']:%Y-%m-%d %H:%M:%S}]" if r["undone_at"] else ""
        state = ""
        if not r["finished_at"]:
            state = (
                "  [still running]"
                if r["id"] in alive
                else f"  [interrupted: stored {r['loaded'] or 0} file(s) before it stopped"
                + (f"; undo {r['id']} removes them]" if not r["undone_at"] and r["loaded"] else "]")
            )
        print(
            f"{r['id']:>5}  {r['started_at']:%Y-%m-%d %H:%M:%S}  {r['loaded'] or 0:>6} {r['unchanged'] or 0:>9} "
            f"{r['failed'] or 0:>6}  {ingest.printable(r['command'])}{state}{undone}"
        )
    return 0


def cmd_undo(args) -> int:
    from trajectories import ingest

    engine = _engine(args.db)
    ingest.prepare(engine)
    try:
        report = ingest.undo(engine, args.run_id)
    except ingest.Refused as exc:
        print(str(exc), file=sys.stderr)
        return 1
    for line in report.lines():
        print(line)
    return 0


def cmd_rebuild_from_originals(args) -> int:
    from trajectories import ingest

    source = _engine(args.source) if args.source else None
    try:
        report = ingest.rebuild_from_originals(_engine(args.db), source)
    except ingest.Refused as exc:
        print(str(exc), file=sys.stderr)
        return 1
    for line in report.lines():
        print(line)
    return 0 if report.ok else 1


def cmd_synthesize(args) -> int:
    from trajectories import synthetic

    engine = _engine(args.db)
    try:
        if args.remove:
            runs, gone = synthetic.remove(engine)
            print(f"removed synthetic data: undid {runs} load run(s), deleted {gone} synthetic authorities")
            return 0
        if args.factor is None:
            print("give --factor N (or --remove)", file=sys.stderr)
            return 1
        report = synthetic.synthesize(
            engine,
            args.factor,
            args.seed,
            progress=lambda done, total: (
                print(f"  {done}/{total}", file=sys.stderr, flush=True) if done % 2000 == 0 else None
            ),
        )
    except synthetic.Refused as exc:
        print(str(exc), file=sys.stderr)
        return 1
    finally:
        engine.dispose()
    for line in report.lines():
        print(line)
    return 0


def _evaluate_pages(args) -> int:
    """Welsh and Scottish pages against their labelled manifest: development part, held-out part, all."""
    from pathlib import Path

    from trajectories import evaluation
    from trajectories.paths import DATA_DIR

    folder = Path(args.set[0]) if args.set else DATA_DIR.parent.parent / "shared" / "data" / "wales_scotland_pages"
    if not (folder / "manifest.csv").exists():
        print(f"no manifest.csv in {folder}; pass --set FOLDER", file=sys.stderr)
        return 1
    scores = [evaluation.score_pages(folder, part) for part in ("development", "held-out", "all")]
    for score in scores:
        print("\n".join(score.lines()))
    print("\ndisagreements:")
    for line in scores[-1].disagreements:
        print(f"  {line}")
    return 0


def cmd_evaluate(args) -> int:
    from trajectories import evaluation

    if args.what == "pages":
        return _evaluate_pages(args)
    if args.what == "tagger":
        paths = args.set or [str(p) for p in evaluation.LABELLED_SETS if p.exists()]
        if not paths:
            print("no labelled set found; pass --set FILE.csv", file=sys.stderr)
            return 1
        for path in paths:
            score = evaluation.score_tagger(evaluation.load_labelled(path))
            print(f"== {path}")
            print("\n".join(score.lines()))
            if args.mistakes:
                for m in score.mistakes:
                    print(
                        f"- {m['id']}: polarity {m['polarity'][0]} read {m['polarity'][1]} ({m['polarity'][2]}); "
                        f"missing {m['missing']}; extra {m['extra']} {m['cues']}\n    {m['text']}"
                    )
            print()
        return 0
    if args.what == "outcomes":
        return _evaluate_outcomes(args)
    if args.what == "positions":
        return _evaluate_positions(args)
    return 1


def _evaluate_positions(args) -> int:
    """Every English authority's position here against Ofsted's outcome table and the latest report read."""
    import loaders
    from trajectories import analytics, evaluation, positions
    from trajectories.db import queries
    from trajectories.domain import Filters
    from trajectories.ingest import prepare
    from trajectories.paths import DATA_DIR

    try:
        as_at = _day(args.as_at, "--as-at")
    except ValueError as exc:
        print(str(exc), file=sys.stderr)
        return 1
    table = (args.table or [str(DATA_DIR / "ofsted" / "structured" / "ofsted_la_ilacs_latest_2023.csv")])[0]
    docs = loaders.read_file(table)
    engine = _engine(args.db)
    prepare(engine)
    with engine.connect() as conn:
        england = Filters(nations=("England",))
        judgements = queries.judgements(
            conn, england, dimension=analytics.POSITION_DIMENSIONS, columns=analytics.STEP_READS
        )
        states = positions.states(judgements, queries.events(conn, england, columns=analytics.VISIT_READS))
        everyone = queries.authorities(conn)
    engine.dispose()
    english = everyone[everyone["nation"] == "England"]
    day = as_at or __import__("datetime").date.today()
    existing = {c for c, ok in zip(english["code"], analytics.exists_on(english, day), strict=True) if ok}
    result = evaluation.compare_positions(
        states, docs, table, dict(zip(everyone["code"], everyone["name"], strict=True)), existing, as_at=as_at
    )
    print("\n".join(result.lines()))
    return 0


def _evaluate_outcomes(args) -> int:
    from pathlib import Path

    import loaders
    from trajectories import evaluation
    from trajectories.paths import DATA_DIR

    report_paths = args.reports or [str(DATA_DIR / "ofsted" / "ofsted_ilacs_reports")]
    tables = args.table or [
        str(DATA_DIR / "ofsted" / "structured" / "ofsted_la_ilacs_latest_2023.csv"),
        str(DATA_DIR / "ofsted" / "structured" / "ofsted_csc_ilacs_history.csv"),
    ]
    reports, failed = [], []
    for path in loaders.iter_paths(report_paths):
        try:
            reports += [d for d in loaders.read_file(path) if d.kind == "ofsted_report"]
        except DocumentError as exc:
            failed.append(f"{path}: {exc}")
    frameworks = Counter(next((e.framework for e in d.events if not e.planned), None) for d in reports)
    print(
        f"reports read: {len(reports)}; not readable: {len(failed)}; by framework: "
        + ", ".join(f"{k} {v}" for k, v in sorted(frameworks.items(), key=lambda kv: str(kv[0])))
    )
    for line in failed:
        print(f"  not readable: {line}")
    missing = evaluation.framework_coverage(reports)
    print(f"SIF-era and older reports without an overall judgement or dates: {len(missing)}")
    for line in missing:
        print(f"  {line}")
    for table in tables:
        comparison = evaluation.compare_outcomes(reports, loaders.read_file(table), Path(table).name)
        print("\n".join(comparison.lines()))
    return 0


def _authority_code(text: str) -> str:
    """An ONS code or a name as people write it -> the ONS code; ValueError when unknown."""
    from trajectories import authorities

    if text.strip().upper() in authorities.by_code():
        return text.strip().upper()
    found = authorities.match(text)
    if found is None:
        raise ValueError(f"unknown authority {text!r}: give an ONS code (e.g. E08000032) or a name (e.g. Bradford)")
    return found.code


def _day(text: str | None, flag: str):
    """A YYYY-MM-DD option as a date (None when not given); ValueError with a one-line message."""
    import datetime as dt

    if not text:
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise ValueError(f"{flag} {text!r} is not a date written YYYY-MM-DD") from None


def _export_filters(args):
    """The export options as one Filters value; ValueError with a one-line message when one is unknown."""
    import datetime as dt

    from trajectories import authorities
    from trajectories.domain import INSPECTORATE_NAMES, Filters, Inspectorate, Nation

    def pick(values, known: dict[str, str], what: str) -> tuple[str, ...]:
        out = []
        for value in values or []:
            key = value.strip().lower()
            if key not in known:
                raise ValueError(f"unknown {what} {value!r}: choose from {', '.join(sorted(set(known.values())))}")
            out.append(known[key])
        return tuple(out)

    def day(text, flag):
        if not text:
            return None
        try:
            return dt.date.fromisoformat(text)
        except ValueError:
            raise ValueError(f"{flag} {text!r} is not a date written YYYY-MM-DD") from None

    named = args.authority if isinstance(args.authority, list) else [args.authority] if args.authority else []
    inspectorates = {i.value: i.value for i in Inspectorate}
    inspectorates.update({INSPECTORATE_NAMES[i][0].lower(): i.value for i in Inspectorate})
    return Filters(
        authorities=tuple(dict.fromkeys(_authority_code(a) for a in named)),
        nations=pick(getattr(args, "nation", None), {n.value.lower(): n.value for n in Nation}, "nation"),
        regions=pick(
            getattr(args, "region", None), {a.region.lower(): a.region for a in authorities.reference()}, "region"
        ),
        inspectorates=pick(getattr(args, "inspectorate", None), inspectorates, "inspectorate"),
        date_from=day(args.date_from, "--from"),
        date_to=day(args.date_to, "--to"),
    )


def cmd_export(args) -> int:
    from pathlib import Path

    from trajectories import exports, ingest

    try:
        filters = _export_filters(args)
        as_at = _day(getattr(args, "as_at", None), "--as-at")
    except ValueError as exc:
        print(str(exc), file=sys.stderr)
        return 1
    engine = _engine(args.db)
    ingest.prepare(engine)
    try:
        with engine.connect() as conn:
            if args.what == "briefing":
                data = exports.briefing_pdf(conn, filters.authorities[0], filters.date_from, filters.date_to)
            elif args.what == "portfolio":
                data = exports.portfolio_pdf(conn, filters)
            elif args.format == "xlsx":
                data = exports.export_xlsx(conn, filters, as_at=as_at)
            else:
                data = exports.table_csv(conn, filters, args.table, today=as_at)
    except (exports.ExportError, exports.ChartImageError) as exc:
        print(str(exc), file=sys.stderr)
        return 1
    finally:
        engine.dispose()
    Path(args.out).write_bytes(data)
    print(f"wrote {args.out} ({len(data):,} bytes): {exports.describe(filters)}")
    return 0


# ---------------------------------------------------------------- update: new documents from a site
def cmd_update(args) -> int:
    """Check an inspectorate's site and load what is new; exit 1 when anything failed."""
    import datetime as dt
    import os

    from trajectories import ingest, update
    from trajectories.update.web import CONTACT_ENV, Client

    try:
        since = dt.date.fromisoformat(args.since) if args.since else None
    except ValueError:
        print(f"--since {args.since!r} is not a date written YYYY-MM-DD", file=sys.stderr)
        return 1
    try:
        codes = tuple(dict.fromkeys(_authority_code(a) for a in args.authority or []))
        client = Client(
            os.environ.get(CONTACT_ENV, ""), delay=args.delay, timeout=args.timeout, backoff=args.retry_wait
        )
    except ValueError as exc:
        print(str(exc), file=sys.stderr)
        return 1
    engine = _engine(args.db)
    try:
        ingest.prepare(engine)
        report = update.check(
            engine, args.source, client=client, site=args.site, since=since, authority_codes=codes, dry_run=args.dry_run
        )
    except update.Busy as exc:
        print(str(exc), file=sys.stderr)
        return 1
    finally:
        engine.dispose()
    for line in report.lines()[1:]:
        print(line)
    print(report.summary())  # last, so a scheduler's log ends with it
    return 0 if report.ok else 1


def _add_update_parser(sub) -> None:
    from trajectories.update import SOURCES

    p = sub.add_parser("update", help="find, download and load new documents from an inspectorate's site")
    p.add_argument("source", choices=sorted(SOURCES), help="the site to check")
    p.add_argument(
        "--since", metavar="DATE", help="only documents dated on or after this day (YYYY-MM-DD); undated ones are kept"
    )
    p.add_argument("--authority", action="append", metavar="CODE_OR_NAME", help="only this authority (repeatable)")
    p.add_argument("--dry-run", action="store_true", help="list what would be fetched; fetch and change nothing")
    p.add_argument("--site", metavar="URL", help="another host with the same layout (default: the inspectorate's site)")
    p.add_argument(
        "--delay", type=float, default=1.0, metavar="SECONDS", help="at least this long between requests (default 1)"
    )
    p.add_argument(
        "--timeout", type=float, default=30.0, metavar="SECONDS", help="wait this long for an answer (default 30)"
    )
    p.add_argument(
        "--retry-wait",
        type=float,
        default=2.0,
        metavar="SECONDS",
        help="first wait before trying a failed request again, doubled each time (default 2)",
    )
    p.add_argument("--db", help="database URL (default: DATABASE_URL or the local SQLite file)")
    p.set_defaults(func=cmd_update)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m trajectories",
        description="Local authority improvement trajectories",
        epilog="Every command takes --verbose: the detail behind a database or configuration error.",
    )
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("parse", help="print what was read from one file (no database)")
    p.add_argument("file")
    p.add_argument("--json", action="store_true", help="print JSON")
    p.set_defaults(func=cmd_parse)

    p = sub.add_parser("ingest", help="load files and folders into the database")
    p.add_argument("paths", nargs="+")
    p.add_argument("--db", help="database URL (default: DATABASE_URL or the local SQLite file)")
    p.set_defaults(func=cmd_ingest)

    p = sub.add_parser("init", help="create the schema and load the bundled data when empty")
    p.add_argument("--db")
    p.set_defaults(func=cmd_init)

    p = sub.add_parser("rebuild", help="re-derive normalised values from the stored raw words")
    p.add_argument("--db")
    p.set_defaults(func=cmd_rebuild)

    p = sub.add_parser("runs", help="list load runs, newest first")
    p.add_argument("--db")
    p.set_defaults(func=cmd_runs)

    p = sub.add_parser("undo", help="remove what one load run added")
    p.add_argument("run_id", type=int)
    p.add_argument("--db")
    p.set_defaults(func=cmd_undo)

    p = sub.add_parser("rebuild-from-originals", help="read the stored original files again into an empty database")
    p.add_argument("--db", help="the database to fill (it must hold no documents)")
    p.add_argument("--from", dest="source", metavar="URL", help="load exactly the files this database holds")
    p.set_defaults(func=cmd_rebuild_from_originals)

    p = sub.add_parser("export", help="write a briefing PDF, a portfolio PDF or a table (CSV/XLSX)")
    kinds = p.add_subparsers(dest="what", required=True)
    for name, help_text in (
        ("briefing", "a PDF briefing on one authority"),
        ("portfolio", "a PDF briefing on a group"),
        ("table", "a table of the filtered view as CSV or XLSX"),
    ):
        q = kinds.add_parser(name, help=help_text)
        if name == "briefing":
            q.add_argument("--authority", required=True, metavar="CODE_OR_NAME", help="ONS code or name")
        else:
            q.add_argument("--authority", action="append", metavar="CODE_OR_NAME", help="ONS code or name (repeatable)")
            q.add_argument("--nation", action="append", help="England, Wales or Scotland (repeatable)")
            q.add_argument("--region", action="append", help="e.g. 'North West' (repeatable)")
            q.add_argument("--inspectorate", action="append", help="ofsted, ciw, ci_scot, dfe, welsh_gov (repeatable)")
        if name == "table":
            q.add_argument("--format", choices=["csv", "xlsx"], required=True)
            q.add_argument(
                "--table",
                choices=["events", "judgements", "findings", "authorities"],
                default="events",
                help="CSV only (XLSX holds every table)",
            )
            q.add_argument(
                "--as-at",
                dest="as_at",
                metavar="DATE",
                help="YYYY-MM-DD: where each authority stood on that day (default: today)",
            )
        q.add_argument("--from", dest="date_from", metavar="DATE", help="YYYY-MM-DD")
        q.add_argument("--to", dest="date_to", metavar="DATE", help="YYYY-MM-DD")
        q.add_argument("--db", help="database URL (default: DATABASE_URL or the local SQLite file)")
        q.add_argument("--out", required=True, metavar="FILE")
        q.set_defaults(func=cmd_export)

    p = sub.add_parser("synthesize", help="add synthetic authorities shaped like the real data (scale tests)")
    p.add_argument("--factor", type=float, help="make the database about N times the real corpus (N >= 1)")
    p.add_argument("--seed", type=int, default=42)
    p.add_argument("--remove", action="store_true", help="remove every synthetic authority and document")
    p.add_argument("--db")
    p.set_defaults(func=cmd_synthesize)

    p = sub.add_parser("evaluate", help="measure the readers against labelled data")
    p.add_argument("what", choices=["tagger", "outcomes", "positions", "pages"])
    p.add_argument(
        "--set", action="append", help="tagger: labelled CSV (repeatable); pages: a folder with manifest.csv"
    )
    p.add_argument("--reports", action="append", help="outcomes: report files or folders (repeatable)")
    p.add_argument("--table", action="append", help="outcomes: outcome table CSV/XLSX (repeatable)")
    p.add_argument("--mistakes", action="store_true", help="list every disagreement")
    p.add_argument("--as-at", dest="as_at", metavar="DATE", help="positions: the day compared (default: the table's)")
    p.add_argument("--db", help="positions: database URL (default: DATABASE_URL or the local SQLite file)")
    p.set_defaults(func=cmd_evaluate)

    _add_update_parser(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    verbose = "--verbose" in argv
    argv = [a for a in argv if a != "--verbose"]
    args = build_parser().parse_args(argv)
    try:
        return args.func(args)
    except DocumentError as exc:
        print(str(exc), file=sys.stderr)
        return 1
    except Exception as exc:
        from trajectories.db.errors import explain

        url = getattr(args, "db", None) or _configured_url()
        line = explain(exc, url)
        if line is None:
            raise
        print(line if verbose else f"{line} (--verbose shows the detail)", file=sys.stderr)
        if verbose:
            import traceback

            traceback.print_exception(exc, file=sys.stderr)
        return 2


def _configured_url() -> str:
    try:
        from trajectories.db.engine import database_url

        return database_url()
    except Exception:  # the configuration itself is what failed
        return ""

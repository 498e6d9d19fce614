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
                                unchanged / failed, and whether it was undone.
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
  evaluate pages [--set DIR]    Welsh and Scottish pages against their labelled manifest (default:
                                ../shared/data/wales_scotland_pages): agreement per field, for the
                                development part, the held-out part and all, and every disagreement.
Domain errors from the core are turned into messages here and nowhere else.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter

from trajectories.domain import DocumentError


def _engine(url: str | None):
    from trajectories.db.engine import make_engine

    return make_engine(url)


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
        print(f"{doc.authority.name} ({doc.authority.code}, {doc.authority.nation}) — {doc.inspectorate.value}, read as {doc.kind}")
        for ev in doc.events:
            when = f"{ev.start or '?'}" + (f" to {ev.end}" if ev.end and ev.end != ev.start else "")
            print(f"  {'planned ' if ev.planned else ''}{ev.event_type} {when}: {len(ev.judgements)} judgements, "
                  f"{len(ev.directions)} directions, {len(ev.statuses)} statuses, {len(ev.findings)} findings")
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
    print(f"{'id':>5}  {'started (UTC)':19}  {'loaded':>6} {'unchanged':>9} {'failed':>6}  command")
    for r in runs:
        undone = f"  [undone {r['undone_at']:%Y-%m-%d %H:%M:%S}]" if r["undone_at"] else ""
        print(f"{r['id']:>5}  {r['started_at']:%Y-%m-%d %H:%M:%S}  {r['loaded']:>6} {r['unchanged']:>9} {r['failed']:>6}"
              f"  {r['command']}{'' if r['finished_at'] else '  [not finished]'}{undone}")
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
        report = synthetic.synthesize(engine, args.factor, args.seed,
                                      progress=lambda done, total: print(f"  {done}/{total}", file=sys.stderr, flush=True)
                                      if done % 2000 == 0 else None)
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
                    print(f"- {m['id']}: polarity {m['polarity'][0]} read {m['polarity'][1]} ({m['polarity'][2]}); "
                          f"missing {m['missing']}; extra {m['extra']} {m['cues']}\n    {m['text']}")
            print()
        return 0
    if args.what == "outcomes":
        return _evaluate_outcomes(args)
    return 1


def _evaluate_outcomes(args) -> int:
    from pathlib import Path

    import loaders
    from trajectories import evaluation
    from trajectories.paths import DATA_DIR

    report_paths = args.reports or [str(DATA_DIR / "ofsted" / "ofsted_ilacs_reports")]
    tables = args.table or [str(DATA_DIR / "ofsted" / "structured" / "ofsted_la_ilacs_latest_2023.csv"),
                            str(DATA_DIR / "ofsted" / "structured" / "ofsted_csc_ilacs_history.csv")]
    reports, failed = [], []
    for path in loaders.iter_paths(report_paths):
        try:
            reports += [d for d in loaders.read_file(path) if d.kind == "ofsted_report"]
        except DocumentError as exc:
            failed.append(f"{path}: {exc}")
    frameworks = Counter(next((e.framework for e in d.events if not e.planned), None) for d in reports)
    print(f"reports read: {len(reports)}; not readable: {len(failed)}; by framework: "
          + ", ".join(f"{k} {v}" for k, v in sorted(frameworks.items(), key=lambda kv: str(kv[0]))))
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
        regions=pick(getattr(args, "region", None), {a.region.lower(): a.region for a in authorities.reference()}, "region"),
        inspectorates=pick(getattr(args, "inspectorate", None), inspectorates, "inspectorate"),
        date_from=day(args.date_from, "--from"), date_to=day(args.date_to, "--to"),
    )


def cmd_export(args) -> int:
    from pathlib import Path

    from trajectories import exports, ingest

    try:
        filters = _export_filters(args)
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
                data = exports.export_xlsx(conn, filters)
            else:
                data = exports.export_csv(conn, filters, args.table)
    except (exports.ExportError, exports.ChartImageError) as exc:
        print(str(exc), file=sys.stderr)
        return 1
    finally:
        engine.dispose()
    Path(args.out).write_bytes(data)
    print(f"wrote {args.out} ({len(data):,} bytes): {exports.describe(filters)}")
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m trajectories", description="Local authority improvement trajectories")
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
    for name, help_text in (("briefing", "a PDF briefing on one authority"), ("portfolio", "a PDF briefing on a group"),
                            ("table", "a table of the filtered view as CSV or XLSX")):
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
            q.add_argument("--table", choices=["events", "judgements", "findings", "authorities"], default="events",
                           help="CSV only (XLSX holds every table)")
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
    p.add_argument("what", choices=["tagger", "outcomes", "pages"])
    p.add_argument("--set", action="append", help="tagger: labelled CSV (repeatable); pages: a folder with manifest.csv")
    p.add_argument("--reports", action="append", help="outcomes: report files or folders (repeatable)")
    p.add_argument("--table", action="append", help="outcomes: outcome table CSV/XLSX (repeatable)")
    p.add_argument("--mistakes", action="store_true", help="list every disagreement")
    p.set_defaults(func=cmd_evaluate)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return args.func(args)
    except DocumentError as exc:
        print(str(exc), file=sys.stderr)
        return 1

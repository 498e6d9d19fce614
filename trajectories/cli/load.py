"""Commands that read files and keep the database: parse, ingest, init, rebuild, runs, undo,
rebuild-from-originals and synthesize.

Contract: each command's docstring is its help; each returns its exit code (0 done, 1 refused or
a file failed). Names from files and folders are printed escaped (a newline shows as \\n).
"""

from __future__ import annotations

import json
import sys

import click

from trajectories.cli.common import Command, Refusal, db_option, engine
from trajectories.domain import DocumentError


@click.command("parse", cls=Command)
@click.argument("file")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
def parse_command(file: str, as_json: bool) -> int:
    """Print what was read from one file.

    Touches no database. Exit 1, with a one-line reason on stderr, when the file is not a
    document this product can read.
    """
    import loaders

    try:
        docs = loaders.read_file(file)
    except DocumentError as exc:
        raise Refusal(f"{file}: {exc}") from exc
    if as_json:
        payload = [d.to_json() for d in docs]
        print(json.dumps(payload[0] if len(payload) == 1 else payload, indent=2, ensure_ascii=False))
        return 0
    for doc in docs:
        print(
            f"{doc.authority.name} ({doc.authority.code}, {doc.authority.nation}) — {doc.inspectorate.value}, "
            f"read as {doc.kind}"
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


@click.command("ingest", cls=Command)
@click.argument("paths", nargs=-1, required=True, metavar="PATH...")
@db_option()
def ingest_command(paths: tuple[str, ...], db: str | None) -> int:
    """Load files and folders into the database.

    Prints the load report: loaded, unchanged, and each failed file with its reason. Each file is
    loaded in its own transaction, so a bad file fails alone. Exit 1 if any file failed.
    """
    from trajectories import ingest

    database = engine(db)
    ingest.prepare(database)
    report = ingest.ingest(database, list(paths), command="ingest " + " ".join(paths)[:180])
    for line in report.lines():
        print(line)
    return 0 if report.ok else 1


@click.command("init", cls=Command)
@db_option()
def init_command(db: str | None) -> int:
    """Make the database ready for use.

    Creates or upgrades the schema, seeds the reference lists and loads the bundled data if the
    database is empty.
    """
    from trajectories import ingest

    report = ingest.ensure_loaded(engine(db))
    if report is None:
        print("database ready (already loaded)")
        return 0
    for line in report.lines():
        print(line)
    return 0


@click.command("rebuild", cls=Command)
@db_option()
def rebuild_command(db: str | None) -> int:
    """Re-derive every value from the stored words.

    Levels, directions, statuses, polarity and themes are read again from the raw words stored
    (after a rule changes); prints how many of each changed.
    """
    from trajectories import ingest
    from trajectories.rebuild import rebuild

    database = engine(db)
    ingest.prepare(database)
    changed = rebuild(database)
    print("rebuilt: " + (", ".join(f"{k} {v}" for k, v in sorted(changed.items())) or "nothing changed"))
    return 0


@click.command("runs", cls=Command)
@db_option()
def runs_command(db: str | None) -> int:
    """List load runs, newest first.

    Each run: id, when it started, loaded / unchanged / failed, the command, and whether it was
    undone. A run that never finished is "still running", or "interrupted" with what it stored.
    """
    from trajectories import ingest
    from trajectories.db import store

    database = engine(db)
    ingest.prepare(database)
    with database.connect() as conn:
        runs = store.runs(conn)
    alive = ingest.running(database, [r["id"] for r in runs if not r["finished_at"]])
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


@click.command("undo", cls=Command)
@click.argument("run_id", type=int)
@db_option()
def undo_command(run_id: int, db: str | None) -> int:
    """Remove what one load run added.

    Its documents and duplicate-file records go; the run stays listed by `runs`, marked undone.
    Exit 1 if the undo is refused.
    """
    from trajectories import ingest

    database = engine(db)
    ingest.prepare(database)
    try:
        report = ingest.undo(database, run_id)
    except ingest.Refused as exc:
        raise Refusal(str(exc)) from exc
    for line in report.lines():
        print(line)
    return 0


@click.command("rebuild-from-originals", cls=Command)
@db_option(help="The database to fill (it must hold no documents).")
@click.option("--from", "source", metavar="URL", help="Load exactly the files this database holds.")
def rebuild_from_originals_command(db: str | None, source: str | None) -> int:
    """Fill an empty database from the originals.

    The stored original files are read again into a database holding no documents: every original
    kept, or with --from exactly the files that database holds. Exit 1 if
    any file failed.
    """
    from trajectories import ingest

    held = engine(source) if source else None
    try:
        report = ingest.rebuild_from_originals(engine(db), held)
    except ingest.Refused as exc:
        raise Refusal(str(exc)) from exc
    for line in report.lines():
        print(line)
    return 0 if report.ok else 1


def _progress(done: int, total: int) -> None:
    if done % 2000 == 0:
        print(f"  {done}/{total}", file=sys.stderr, flush=True)


@click.command("synthesize", cls=Command)
@click.option("--factor", type=float, metavar="N", help="Make the database about N times the real corpus (N >= 1).")
@click.option("--seed", type=int, default=42, show_default=True, metavar="S", help="The seed of the synthetic data.")
@click.option("--remove", is_flag=True, help="Remove every synthetic authority and document.")
@db_option()
def synthesize_command(factor: float | None, seed: int, remove: bool, db: str | None) -> int:
    """Add synthetic authorities for scale tests.

    They are shaped like the real data. With --factor N the database becomes about N times the
    real corpus (synthetic authorities have codes X00000001 ... and regions "Synthetic ...");
    --remove takes them out again. Exit 1 if refused.
    """
    from trajectories import synthetic

    database = engine(db)
    try:
        if remove:
            runs, gone = synthetic.remove(database)
            print(f"removed synthetic data: undid {runs} load run(s), deleted {gone} synthetic authorities")
            return 0
        if factor is None:
            raise Refusal("give --factor N (or --remove)")
        report = synthetic.synthesize(database, factor, seed, progress=_progress)
    except synthetic.Refused as exc:
        raise Refusal(str(exc)) from exc
    finally:
        database.dispose()
    for line in report.lines():
        print(line)
    return 0


COMMANDS = (
    parse_command,
    ingest_command,
    init_command,
    rebuild_command,
    runs_command,
    undo_command,
    rebuild_from_originals_command,
    synthesize_command,
)

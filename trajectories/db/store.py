"""The write path: reference data, load runs and parsed documents into the database.

Contract:
- `seed_reference(conn)` inserts the authority reference list, aliases, lineage and
  inspectorates that are missing (idempotent); `add_authorities(conn, authorities)` inserts
  authorities that are missing (the reference list, or synthetic ones for scale tests).
- `store_file(conn, docs, run_id)` writes the `ParsedDocument`s read from ONE file inside the
  caller's transaction: a source document row per parsed document, its events and every signal with
  spans, and its findings counted per visit, theme and polarity (`count_themes`, the `event_theme`
  summary the whole-country theme counts read). A document whose sha256 is already stored is
  skipped; one with the same path and other content replaces the old rows. Any error propagates so
  the caller rolls the whole file back. The rows come from `rows_of(doc)` (`trajectories.db.rows`),
  plain values that a caller may make elsewhere (a worker process) and pass as `rows=[...]`, one
  per document.
- `delete_run(conn, run_id)` removes what one load run added: its documents (with their events
  and signals) and the duplicate-file records it made. Duplicate files recorded by OTHER runs
  whose document goes are returned, so the caller can read them again from their originals;
  the run's load_run row and its problems stay (the history of what happened), and
  `mark_undone` stamps the run. `runs(conn)` lists load runs, newest first.
- `files(conn)` lists the files the database holds (sha256, path), in the order they were loaded.
- Summaries (`summarise`, written by `trajectories.db.summary_writes`; this module decides when):
  every authority with events has its `authority_position` and `authority_episode` rows (from the
  default period's start and from each first of January that changes them), and every region its
  `region_theme_year` counts: the cached output of the pages' own functions
  (`summaries.summary_rows`, which is `summaries.for_period` for each start) and query
  (`queries.theme_year_select`), from its rows in `summaries.SUMMARY_PERIOD`. `store_file` and
  `delete_run` forget those of the authorities (and regions) whose rows they change (`unsummarise`);
  `summarise` writes again whatever is missing, once per load run, in `finish_run` (so also in an
  undo), in `rebuild`, and when the database is prepared (`ingest.prepare`, after a migration has
  emptied the tables). While a load's batches are committed and until it finishes, readers find
  authorities without a summary and work from the rows: they trust the summaries only where
  `queries.coverage` says they are exact (an authority without its summary is worked out from its
  rows). A run that stops before it finishes leaves them to the next writer's `summarise`.
- `finish_run` summarises and refreshes SQLite's planner statistics (`refresh_statistics`, a
  sampled ANALYZE); PostgreSQL keeps its own, and a bulk load may call `refresh_statistics` to
  have them at once. Loads keep PostgreSQL's in step while they grow the tables (`GrowingTables`).
- The word index of the findings (SQLite: `finding_words`, kept by triggers; PostgreSQL: the GIN
  index `ix_finding_words`) is kept at every insert; a bulk load may `defer_word_index` (drop the
  triggers, or the index) and then `restore_word_index`, which indexes every finding at once.
Rows are written with Core `insert` (executemany) for speed, and the many rows of findings and
their tags as plain driver executemany (COPY on PostgreSQL); the ORM models name the tables. The
statements a file's storing runs are built once, with bound parameters (lists as expanding ones),
so storing a file builds no SQL of its own.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Iterable
from dataclasses import dataclass, field

from sqlalchemy import Connection, bindparam, delete, func, insert, select, union_all, update

from trajectories import authorities as ref
from trajectories.db.models import (
    Authority,
    AuthorityAlias,
    AuthorityLineage,
    DirectionRow,
    DuplicateFile,
    EventRow,
    EventTheme,
    FindingRow,
    FindingTag,
    InspectorateRow,
    JudgementRow,
    LoadProblem,
    LoadRun,
    SourceDocument,
    StatusRow,
)
from trajectories.db.rows import FINDING_COLUMNS, TAG_COLUMNS, Rows, document_key, rows_of
from trajectories.db.summary_writes import SUMMARY_CHUNK as SUMMARY_CHUNK
from trajectories.db.summary_writes import needs_summaries as needs_summaries
from trajectories.db.summary_writes import summarise, unsummarise
from trajectories.db.summary_writes import summary_reads as summary_reads
from trajectories.domain import INSPECTORATE_NAMES, DocumentError, ParsedDocument


def now() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None, microsecond=0)


def seed_reference(conn: Connection) -> int:
    """Insert missing authorities, aliases, lineage and inspectorates; return how many authorities."""
    added = add_authorities(conn, ref.reference())
    have_lineage = set(conn.execute(select(AuthorityLineage.predecessor_code, AuthorityLineage.successor_code)).all())
    lineage = [
        dict(predecessor_code=ln.predecessor, successor_code=ln.successor, effective_date=ln.effective, kind=ln.kind)
        for ln in ref.LINEAGE
        if (ln.predecessor, ln.successor) not in have_lineage
    ]
    if lineage:
        conn.execute(insert(AuthorityLineage), lineage)
    have_insp = set(conn.scalars(select(InspectorateRow.id)))
    insp = [
        dict(id=i.value, name=name, nation=nation)
        for i, (name, nation) in INSPECTORATE_NAMES.items()
        if i.value not in have_insp
    ]
    if insp:
        conn.execute(insert(InspectorateRow), insp)
    return added


def reference_seeded(conn: Connection) -> bool:
    """Whether `seed_reference` has nothing to add (read only: no write lock is taken)."""
    have = set(conn.scalars(select(Authority.code)))
    if any(a.code not in have for a in ref.reference()):
        return False
    lineage = set(conn.execute(select(AuthorityLineage.predecessor_code, AuthorityLineage.successor_code)).all())
    if any((ln.predecessor, ln.successor) not in lineage for ln in ref.LINEAGE):
        return False
    return set(conn.scalars(select(InspectorateRow.id))) >= {i.value for i in INSPECTORATE_NAMES}


def add_authorities(conn: Connection, authorities: Iterable[ref.Authority]) -> int:
    """Insert the authorities (with their names as aliases) not already present; return how many.
    The reference list comes through here, and so do synthetic authorities (`trajectories.synthetic`)."""
    have = set(conn.scalars(select(Authority.code)))
    rows, aliases = [], []
    for a in authorities:
        if a.code in have:
            continue
        rows.append(
            dict(
                code=a.code,
                name=a.name,
                short_name=a.short_name,
                name_cy=a.name_cy,
                nation=a.nation,
                region=a.region,
                ofsted_urn=a.ofsted_urn,
                dfe_la_code=a.dfe_la_code,
                valid_from=a.valid_from,
                valid_to=a.valid_to,
                stat_neighbours=",".join(a.stat_neighbours) or None,
            )
        )
        aliases += [dict(authority_code=a.code, alias=alias) for alias in sorted({a.name, a.short_name, *a.aliases})]
        have.add(a.code)
    if rows:
        conn.execute(insert(Authority), rows)
        conn.execute(insert(AuthorityAlias), aliases)
    return len(rows)


def begin_run(conn: Connection, command: str) -> int:
    return conn.execute(
        insert(LoadRun).values(started_at=now(), command=command[:200]).returning(LoadRun.id)
    ).scalar_one()


_COUNT_FILE = {
    stored: update(LoadRun).where(LoadRun.id == bindparam("run")).values({column: func.coalesce(column, 0) + 1})
    for stored, column in ((True, LoadRun.loaded), (False, LoadRun.unchanged))
}


def count_file(conn: Connection, run_id: int, stored: bool) -> None:
    """Count one file of a run as loaded (or unchanged), in the transaction that stored it: a run
    that never finishes (its process killed) still says what it loaded."""
    conn.execute(_COUNT_FILE[stored], {"run": run_id})


def finish_run(
    conn: Connection, run_id: int, loaded: int, unchanged: int, failed: int, problems: list[tuple[str, str, str]]
) -> None:
    summarise(conn)  # nothing left to do when the run's transactions summarised what they changed
    conn.execute(
        update(LoadRun)
        .where(LoadRun.id == run_id)
        .values(finished_at=now(), loaded=loaded, unchanged=unchanged, failed=failed)
    )
    if problems:
        conn.execute(insert(LoadProblem), [dict(run_id=run_id, path=p, severity=s, reason=r) for p, s, r in problems])
    if conn.dialect.name == "sqlite":
        refresh_statistics(conn)


WORD_INDEX = "finding_words"  # SQLite's full-text index of the findings (migration 0006), kept by triggers
# PostgreSQL's word index of the findings, as migration 0006 makes it.
PG_WORD_INDEX = "ix_finding_words"
_PG_WORD_INDEX_SQL = f"CREATE INDEX {PG_WORD_INDEX} ON finding USING gin (to_tsvector('simple'::regconfig, text))"


@functools.cache
def _word_index_sql() -> tuple[str, ...]:
    """The statements that create the triggers keeping SQLite's word index in step with `finding`,
    as the migration that made them wrote them."""
    import importlib.util

    from trajectories.db.engine import MIGRATIONS

    spec = importlib.util.spec_from_file_location("_finding_words", MIGRATIONS / "versions" / "0006_finding_words.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return tuple(module.SQLITE_TRIGGERS)


def _word_index_triggers(conn: Connection) -> tuple[bool, int]:
    """(whether SQLite's word index exists, how many of its triggers do)."""
    if conn.dialect.name != "sqlite":
        return False, 0
    rows = conn.exec_driver_sql(
        "SELECT type, name FROM sqlite_master WHERE name = ? OR (type = 'trigger' AND tbl_name = 'finding')",
        (WORD_INDEX,),
    ).all()
    table = any(name == WORD_INDEX for _, name in rows)
    return table, sum(1 for kind, name in rows if kind == "trigger" and name.startswith(WORD_INDEX + "_"))


def word_index_deferred(conn: Connection) -> bool:
    """Whether the word index lacks its triggers (SQLite) or is missing (PostgreSQL): a bulk load
    deferred it and has not finished, or was killed; `restore_word_index` has work to do. Read only."""
    if conn.dialect.name == "postgresql":
        return bool(
            conn.exec_driver_sql(
                f"SELECT to_regclass('finding') IS NOT NULL AND to_regclass('{PG_WORD_INDEX}') IS NULL"
            ).scalar()
        )
    table, triggers = _word_index_triggers(conn)
    return table and triggers < len(_word_index_sql())


def defer_word_index(conn: Connection) -> bool:
    """For a bulk load: drop what indexes each finding's words as it is inserted (SQLite: the
    triggers, most of the cost of storing one; PostgreSQL: the GIN index, a large part of the
    server's work), so that `restore_word_index` indexes every finding at once at the end of the
    load. Until then the findings search does not find what the load stored (SQLite) or finds it
    by reading every finding (PostgreSQL). Returns whether it deferred anything."""
    if conn.dialect.name == "postgresql":
        if not conn.exec_driver_sql(f"SELECT to_regclass('{PG_WORD_INDEX}') IS NOT NULL").scalar():
            return False
        conn.exec_driver_sql(f"DROP INDEX {PG_WORD_INDEX}")
        return True
    table, triggers = _word_index_triggers(conn)
    if not table or not triggers:
        return False
    for name in ("insert", "delete", "update"):
        conn.exec_driver_sql(f"DROP TRIGGER IF EXISTS {WORD_INDEX}_{name}")
    return True


def restore_word_index(conn: Connection, rebuild: bool = True) -> bool:
    """Put back the word index's triggers and index every finding again, when they are missing
    (`word_index_deferred`); idempotent. `rebuild=False` when no finding changed since they went
    (the index is still exact, and nothing needs to be written but the triggers). Returns whether
    it had work to do."""
    if not word_index_deferred(conn):
        return False
    if conn.dialect.name == "postgresql":  # one build of the whole index, however little changed
        conn.exec_driver_sql(_PG_WORD_INDEX_SQL)
        return True
    for name in ("insert", "delete", "update"):
        conn.exec_driver_sql(f"DROP TRIGGER IF EXISTS {WORD_INDEX}_{name}")
    for statement in _word_index_sql():
        conn.exec_driver_sql(statement)
    if rebuild:
        conn.exec_driver_sql(f"INSERT INTO {WORD_INDEX}({WORD_INDEX}) VALUES ('rebuild')")
    return True


def refresh_statistics(conn: Connection) -> None:
    """Tell the query planner how big the tables are now. SQLite keeps no statistics unless asked
    (without them it can walk every tag to find one authority's); a sampled ANALYZE takes
    milliseconds. PostgreSQL's autovacuum keeps its own; a bulk load may call this to have them now."""
    if conn.dialect.name == "sqlite":
        conn.exec_driver_sql("PRAGMA analysis_limit=1000")
    conn.exec_driver_sql("ANALYZE")


class GrowingTables:
    """PostgreSQL's planner statistics kept in step with a load that grows the tables.

    Autovacuum refreshes them only a while after a table has grown, so until then the planner plans
    each batch's statements for the size it last saw: for tables nearly empty when a first load began,
    a walk of every stored tag per file, which makes a load's time grow with the square of its size.
    `stored(conn, findings)`, in the transaction that stored them, counts the findings added and
    refreshes the statistics of the tables a load adds to (a sampled ANALYZE) whenever those added
    since they were last taken outnumber the findings they counted (about ten times for the bundled
    corpus). Does nothing on SQLite, whose statistics `finish_run` refreshes."""

    TABLES = ("event", "judgement", "finding", "finding_tag", "event_theme")

    def __init__(self, dialect: str):
        self.on = dialect == "postgresql"
        self.counted: float | None = None
        self.added = 0

    def stored(self, conn: Connection, findings: int) -> None:
        if not self.on or not findings:
            return
        if self.counted is None:  # what the planner last counted (-1: never)
            sql = "SELECT reltuples FROM pg_class WHERE oid = 'finding'::regclass"
            self.counted = max(0.0, conn.exec_driver_sql(sql).scalar() or 0.0)
        self.added += findings
        if self.added >= max(1000.0, self.counted):
            conn.exec_driver_sql(f"ANALYZE {', '.join(self.TABLES)}")
            self.counted, self.added = self.counted + self.added, 0


def known_hashes(conn: Connection) -> set[str]:
    """Hashes of every stored document and of every file one was read from."""
    rows = conn.execute(select(SourceDocument.sha256, SourceDocument.file_sha256)).all()
    return {h for row in rows for h in row} | set(conn.scalars(select(DuplicateFile.sha256)))


_FILE_KNOWN = union_all(
    select(SourceDocument.sha256)
    .where((SourceDocument.file_sha256 == bindparam("sha")) | (SourceDocument.sha256 == bindparam("sha")))
    .limit(1)
    .subquery()
    .select(),
    select(DuplicateFile.sha256).where(DuplicateFile.sha256 == bindparam("sha")).limit(1).subquery().select(),
)
_STORED_HASHES = select(SourceDocument.sha256).where(SourceDocument.sha256.in_(bindparam("hashes", expanding=True)))


def file_known(conn: Connection, file_sha256: str) -> bool:
    """Whether a file with these bytes is already stored (as a document's file or a duplicate)."""
    return conn.execute(_FILE_KNOWN, {"sha": file_sha256}).first() is not None


def stored_hashes(conn: Connection, hashes: list[str]) -> set[str]:
    """Which of these document hashes are stored already."""
    return set(conn.scalars(_STORED_HASHES, {"hashes": list(hashes)})) if hashes else set()


def store_file(
    conn: Connection,
    docs: list[ParsedDocument],
    run_id: int | None,
    *,
    file_sha256: str | None = None,
    known: set[str] | None = None,
    notes: list[str] | None = None,
    rows: list[Rows] | None = None,
) -> int:
    """Write the documents of one file; return how many were new. Raises on any problem.

    A document already stored from another file (same `document_key`) is not stored twice; a
    note naming the other file is appended to `notes`.
    """
    stored = 0
    known = known if known is not None else known_hashes(conn)
    touched: set[str] = set()  # authorities whose rows change: their summaries go (`unsummarise`)
    paths = {d.source.path for d in docs}
    if file_sha256 and paths:
        touched.update(_drop_other_versions(conn, paths, file_sha256))
    for i, doc in enumerate(docs):
        if not doc.authority.code:
            raise DocumentError(f"the authority {doc.authority.name_as_written!r} is not in the reference list")
        if doc.source.sha256 in known:
            continue
        key = document_key(doc)
        if key is not None and _stored_as_twin(conn, doc, key, run_id, notes, file_sha256 if len(docs) == 1 else None):
            known.add(doc.source.sha256)
            continue
        doc_id = _insert_document(conn, doc, key, run_id, file_sha256)
        known.add(doc.source.sha256)
        touched.add(doc.authority.code)
        mine = rows[i] if rows is not None else rows_of(doc)
        touched.update(e["authority_code"] for e in mine.events)
        _store_events(conn, mine, doc_id)
        stored += 1
    if touched:
        unsummarise(conn, touched)
    return stored


_OTHER_VERSIONS = (
    SourceDocument.path.in_(bindparam("paths", expanding=True)),
    SourceDocument.file_sha256 != bindparam("sha"),
)
_OTHER_VERSION_AUTHORITIES = select(SourceDocument.authority_code).where(*_OTHER_VERSIONS)
_OTHER_VERSION_EVENT_AUTHORITIES = select(EventRow.authority_code).join(SourceDocument).where(*_OTHER_VERSIONS)
_DELETE_OTHER_VERSIONS = delete(SourceDocument).where(*_OTHER_VERSIONS)
_DELETE_OTHER_DUPLICATES = delete(DuplicateFile).where(
    DuplicateFile.path.in_(bindparam("paths", expanding=True)), DuplicateFile.sha256 != bindparam("sha")
)


def _drop_other_versions(conn: Connection, paths: set[str], file_sha256: str) -> set[str]:
    """A file at a path already loaded with other content is a new version: its old reading goes.
    Returns the authorities whose rows went."""
    params = {"paths": sorted(paths), "sha": file_sha256}
    touched = set(conn.scalars(_OTHER_VERSION_AUTHORITIES, params))
    touched.update(conn.scalars(_OTHER_VERSION_EVENT_AUTHORITIES, params))
    conn.execute(_DELETE_OTHER_VERSIONS, params)
    conn.execute(_DELETE_OTHER_DUPLICATES, params)
    return touched


_TWIN = select(SourceDocument.id, SourceDocument.path).where(SourceDocument.doc_key == bindparam("key"))
_INSERT_DUPLICATE = insert(DuplicateFile)
_INSERT_DOCUMENT = insert(SourceDocument).returning(SourceDocument.id)


def _stored_as_twin(
    conn: Connection, doc: ParsedDocument, key: str, run_id: int | None, notes: list[str] | None, file_sha256
) -> bool:
    """Whether the same document is already stored from another file; if so, note it, and record
    this file as its duplicate when the file holds only this document (`file_sha256` given)."""
    twin = conn.execute(_TWIN, {"key": key}).first()
    if twin is None:
        return False
    if notes is not None:
        notes.append(f"the same document as {twin.path}, already loaded")
    if file_sha256:
        conn.execute(
            _INSERT_DUPLICATE,
            {"sha256": file_sha256, "path": doc.source.path, "document_id": twin.id, "load_run_id": run_id},
        )
    return True


def _insert_document(
    conn: Connection, doc: ParsedDocument, key: str | None, run_id: int | None, file_sha256: str | None
) -> int:
    return conn.execute(
        _INSERT_DOCUMENT,
        dict(
            sha256=doc.source.sha256,
            file_sha256=file_sha256 or doc.source.sha256,
            doc_key=key,
            path=doc.source.path,
            media_type=doc.source.media_type or "text/plain",
            size=doc.source.size,
            kind=doc.kind,
            title=doc.source.title or (doc.events[0].title if doc.events else None),
            url=doc.source.url or None,
            extraction_method=doc.source.extraction_method,
            inspectorate_id=doc.inspectorate.value,
            authority_code=doc.authority.code,
            name_as_written=doc.authority.name_as_written,
            warnings="\n".join(doc.warnings) or None,
            load_run_id=run_id,
            loaded_at=now(),
        ),
    ).scalar_one()


_INSERT_EVENTS = insert(EventRow).returning(EventRow.id, sort_by_parameter_order=True)
_INSERT_SIGNALS = {model: insert(model) for model in (JudgementRow, DirectionRow, StatusRow)}
_FINDING_IDS = select(FindingRow.id, FindingRow.event_id, FindingRow.seq).where(
    FindingRow.event_id.in_(bindparam("ids", expanding=True))
)


def _store_events(conn: Connection, rows: Rows, doc_id: int) -> None:
    if not rows.events:
        return
    ids = conn.execute(_INSERT_EVENTS, [{**row, "document_id": doc_id} for row in rows.events]).scalars().all()
    for model, per_event in (
        (JudgementRow, rows.judgements),
        (DirectionRow, rows.directions),
        (StatusRow, rows.statuses),
    ):
        signals = [
            {**row, "event_id": event_id} for event_id, items in zip(ids, per_event, strict=True) for row in items
        ]
        if signals:
            conn.execute(_INSERT_SIGNALS[model], signals)
    findings = [(event_id, *row) for event_id, items in zip(ids, rows.findings, strict=True) for row in items]
    if findings:
        # A plain executemany is far faster than RETURNING row by row; the ids are read back by
        # their natural key (event, order) in one query.
        _insert_many(conn, FindingRow, FINDING_COLUMNS, findings)
        ids_by_key = {(e, q): i for i, e, q in conn.execute(_FINDING_IDS, {"ids": list(ids)})}
        tags = [
            (ids_by_key[(event_id, n)], facet, tag, cue)
            for event_id, items in zip(ids, rows.tags, strict=True)
            for n, facet, tag, cue in items
        ]
        if tags:
            _insert_many(conn, FindingTag, TAG_COLUMNS, tags)
        count_themes(conn, ids)


_DELETE_EVENT_THEMES = delete(EventTheme).where(EventTheme.event_id.in_(bindparam("ids", expanding=True)))
_COUNT_EVENT_THEMES = insert(EventTheme).from_select(
    ["event_id", "theme", "polarity", "findings"],
    select(FindingRow.event_id, FindingTag.tag, FindingRow.polarity, func.count())
    .join(FindingTag, (FindingTag.finding_id == FindingRow.id) & (FindingTag.facet == "theme"))
    .where(FindingRow.event_id.in_(bindparam("ids", expanding=True)))
    .group_by(FindingRow.event_id, FindingTag.tag, FindingRow.polarity),
)


def count_themes(conn: Connection, event_ids: list[int]) -> None:
    """(Re)write `event_theme` for these visits: their findings counted per theme and polarity,
    in SQL from the findings and theme tags stored."""
    for i in range(0, len(event_ids), 900):
        chunk = {"ids": list(event_ids[i : i + 900])}
        conn.execute(_DELETE_EVENT_THEMES, chunk)
        conn.execute(_COUNT_EVENT_THEMES, chunk)


COPY_FROM = 10  # rows; PostgreSQL loads a batch of at least this many with COPY, cheaper than executemany


def _insert_many(conn: Connection, model, columns: tuple[str, ...], rows: list[tuple]) -> None:
    """Insert many rows given as tuples of plain values (str, int, None) in `columns` order, the
    bulk of a load (findings and their tags): on PostgreSQL with COPY when there are many,
    otherwise one executemany handed straight to the driver. The same rows as
    `conn.execute(insert(model), dicts)`, several times faster (no per-row parameter processing)."""
    if conn.dialect.name == "postgresql" and len(rows) >= COPY_FROM:
        quote = conn.dialect.identifier_preparer.quote
        sql = f"COPY {quote(model.__tablename__)} ({', '.join(quote(c) for c in columns)}) FROM STDIN"
        with conn.connection.driver_connection.cursor() as cur, cur.copy(sql) as copy:
            for row in rows:
                copy.write_row(row)
        return
    sql, order = _compiled_insert(conn.dialect, model, columns)
    if order is None:  # a driver with named parameters takes dicts
        conn.exec_driver_sql(sql, [dict(zip(columns, row, strict=True)) for row in rows])
    elif order == list(range(len(columns))):
        conn.exec_driver_sql(sql, rows)
    else:
        conn.exec_driver_sql(sql, [tuple(row[i] for i in order) for row in rows])


_COMPILED: dict[tuple, tuple[str, list[int] | None]] = {}


def _compiled_insert(dialect, model, columns: tuple[str, ...]) -> tuple[str, list[int] | None]:
    """The INSERT of `columns` into `model`'s table for this dialect, compiled once, and the order of
    its positional parameters as indexes into `columns` (None: the driver takes named ones)."""
    key = (dialect.name, dialect.driver, dialect.paramstyle, model, columns)
    if key not in _COMPILED:
        compiled = insert(model).compile(dialect=dialect, column_keys=list(columns))
        order = None if compiled.positiontup is None else [columns.index(c) for c in compiled.positiontup]
        _COMPILED[key] = (str(compiled), order)
    return _COMPILED[key]


@dataclass
class Removed:
    documents: int = 0
    duplicates: int = 0
    # (file sha256, path, its run) of other runs' duplicate files whose document was removed
    orphans: list[tuple[str, str, int | None]] = field(default_factory=list)


def delete_run(conn: Connection, run_id: int) -> Removed:
    """Remove the documents (and so their events and signals) and duplicate records one load run added."""
    removed = Removed()
    removed.duplicates = conn.execute(delete(DuplicateFile).where(DuplicateFile.load_run_id == run_id)).rowcount
    ids = conn.scalars(select(SourceDocument.id).where(SourceDocument.load_run_id == run_id)).all()
    if ids:
        removed.orphans = [
            tuple(r)
            for r in conn.execute(
                select(DuplicateFile.sha256, DuplicateFile.path, DuplicateFile.load_run_id)
                .where(DuplicateFile.document_id.in_(ids))
                .order_by(DuplicateFile.load_run_id, DuplicateFile.path)
            )
        ]
        conn.execute(delete(DuplicateFile).where(DuplicateFile.document_id.in_(ids)))
        unsummarise(
            conn,
            [
                *conn.scalars(select(SourceDocument.authority_code).where(SourceDocument.id.in_(ids))).all(),
                *conn.scalars(select(EventRow.authority_code).where(EventRow.document_id.in_(ids))),
            ],
        )
        conn.execute(delete(SourceDocument).where(SourceDocument.id.in_(ids)))
    removed.documents = len(ids)
    return removed


def mark_undone(conn: Connection, run_id: int) -> None:
    conn.execute(update(LoadRun).where(LoadRun.id == run_id).values(undone_at=now()))


def runs(conn: Connection, run_id: int | None = None) -> list[dict]:
    """Load runs, newest first (or the one asked for), as plain dicts."""
    stmt = select(LoadRun.__table__).order_by(LoadRun.id.desc())
    if run_id is not None:
        stmt = stmt.where(LoadRun.id == run_id)
    return [dict(r) for r in conn.execute(stmt).mappings()]


def files(conn: Connection) -> list[tuple[str, str]]:
    """(sha256, path) of every file the database holds, in load order; a duplicate after its document."""
    docs = conn.execute(
        select(SourceDocument.id, SourceDocument.file_sha256, SourceDocument.path).order_by(SourceDocument.id)
    ).all()
    dups: dict[int, list[tuple[str, str]]] = {}
    for sha, path, doc_id in conn.execute(
        select(DuplicateFile.sha256, DuplicateFile.path, DuplicateFile.document_id).order_by(DuplicateFile.path)
    ):
        dups.setdefault(doc_id, []).append((sha, path))
    out: dict[str, str] = {}
    for doc_id, sha, path in docs:
        out.setdefault(sha, path)
        for dup_sha, dup_path in dups.get(doc_id, ()):
            out.setdefault(dup_sha, dup_path)
    return list(out.items())

"""Engine creation and schema migration.

Contract:
- `database_url()` is `DATABASE_URL` when set, else a SQLite file in the state folder.
- `make_engine(url)` returns a shared Engine; SQLite gets WAL, a busy timeout and foreign keys;
  PostgreSQL sessions run without JIT compilation (it costs more than the short queries here).
- `writer(engine)` is the same engine for transactions that write: each one takes the write lock
  when it begins (SQLite: `BEGIN IMMEDIATE`, waiting up to the busy timeout; without it the driver
  runs a transaction's reads outside it, so two writers' look-then-write could interleave;
  PostgreSQL: a transaction-level advisory lock of the schema). Writers take turns and what a writer read is
  still true when it writes; readers never wait for them (WAL on SQLite, MVCC on PostgreSQL).
  `writer(engine, durable=False)`: on PostgreSQL its transactions commit without waiting for the
  disk (`synchronous_commit` off for them alone); the next durable commit waits for them too. A
  load stores each file so and its run's last transaction durably, so what it reports is on disk.
- `migrate(engine)` brings the schema to the newest Alembic revision (idempotent, safe to call
  at every start). It first reads the schema's revision without any lock and takes the write
  lock only when the schema is behind, so readers never queue behind a writer here; concurrent
  starters then take turns and the second finds nothing left to do.
Sessions are created by callers (`Session(engine)`), never inside query functions.
"""

from __future__ import annotations

import os
from pathlib import Path

from sqlalchemy import Engine, create_engine, event, text

from trajectories.paths import state_dir

MIGRATIONS = Path(__file__).resolve().parent / "migrations"
WRITER = "trajectories_writer"  # execution option set by `writer()`
LAZY_COMMIT = "trajectories_lazy_commit"  # execution option set by `writer(durable=False)`
# PostgreSQL advisory locks (class, key): the key is the schema's, so one database can hold several
# schemas (several instances of the product) whose writers never wait for each other.
WRITER_LOCK = "7262022, hashtext(current_schema())"  # held by the one writing transaction
MIGRATION_LOCK = "7262021, hashtext(current_schema())"  # held while the schema is upgraded


def database_url() -> str:
    url = os.environ.get("DATABASE_URL", "").strip()
    if url:
        if url.startswith("postgres://"):
            url = "postgresql://" + url[len("postgres://") :]
        if url.startswith("postgresql://"):
            url = "postgresql+psycopg://" + url[len("postgresql://") :]
        return url
    return f"sqlite:///{state_dir() / 'trajectories.db'}"


def make_engine(url: str | None = None) -> Engine:
    url = url or database_url()
    if url.startswith("sqlite"):
        engine = create_engine(url, connect_args={"timeout": 30, "check_same_thread": False})

        @event.listens_for(engine, "connect")
        def _sqlite_pragmas(dbapi_connection, _record):  # pragma: no cover - exercised by every test
            cur = dbapi_connection.cursor()
            cur.execute("PRAGMA journal_mode=WAL")
            cur.execute("PRAGMA busy_timeout=30000")
            cur.execute("PRAGMA foreign_keys=ON")
            cur.execute("PRAGMA synchronous=NORMAL")
            cur.close()

        @event.listens_for(engine, "begin")
        def _sqlite_begin(conn):
            if conn.get_execution_options().get(WRITER):
                conn.exec_driver_sql("BEGIN IMMEDIATE")

        return engine
    engine = create_engine(url, pool_pre_ping=True)

    @event.listens_for(engine, "connect")
    def _no_jit(dbapi_connection, _record):
        # The pages' queries run for tenths of a second; PostgreSQL's JIT compiles any plan the
        # planner costs high (the findings search's walk of the visits, estimated as if it read
        # every one) for about 0.1 s before running it: more than the queries themselves take.
        autocommit = dbapi_connection.autocommit
        dbapi_connection.autocommit = True  # a setting of the session, not of a transaction rolled back later
        dbapi_connection.execute("SET jit = off")
        dbapi_connection.autocommit = autocommit

    @event.listens_for(engine, "begin")
    def _serialise_writers(conn):
        options = conn.get_execution_options()
        if options.get(WRITER) and conn.dialect.name == "postgresql":
            lazy = ", set_config('synchronous_commit', 'off', true)" if options.get(LAZY_COMMIT) else ""
            conn.exec_driver_sql(f"SELECT pg_advisory_xact_lock({WRITER_LOCK}){lazy}")

    return engine


def writer(engine: Engine, durable: bool = True) -> Engine:
    """The engine for write transactions (see the module contract); shares the pool."""
    return engine.execution_options(**{WRITER: True, LAZY_COMMIT: not durable})


def migrate(engine: Engine) -> None:
    """Upgrade the schema to head with Alembic, on this engine's connection."""
    from alembic import command
    from alembic.config import Config
    from alembic.runtime.migration import MigrationContext
    from alembic.script import ScriptDirectory

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    heads = set(ScriptDirectory.from_config(cfg).get_heads())
    with engine.connect() as connection:
        if set(MigrationContext.configure(connection).get_current_heads()) == heads:
            return
    with writer(engine).begin() as connection:
        if connection.dialect.name == "postgresql":
            connection.execute(text(f"SELECT pg_advisory_xact_lock({MIGRATION_LOCK})"))
        cfg.attributes["connection"] = connection
        command.upgrade(cfg, "head")

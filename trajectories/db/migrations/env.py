"""Alembic environment: runs on the connection handed in by `trajectories.db.engine.migrate`,
or on `DATABASE_URL` / the default SQLite file when run by the `alembic` command."""

from alembic import context

from trajectories.db.engine import database_url, make_engine
from trajectories.db.models import Base

target_metadata = Base.metadata


def run() -> None:
    connection = context.config.attributes.get("connection")
    if connection is not None:
        context.configure(connection=connection, target_metadata=target_metadata, render_as_batch=True)
        with context.begin_transaction():
            context.run_migrations()
        return
    engine = make_engine(context.config.get_main_option("sqlalchemy.url") or database_url())
    with engine.begin() as conn:
        context.configure(connection=conn, target_metadata=target_metadata, render_as_batch=True)
        with context.begin_transaction():
            context.run_migrations()


run()

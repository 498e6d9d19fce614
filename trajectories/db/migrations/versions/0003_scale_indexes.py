"""scale: count findings by visit and polarity from an index; search findings by trigrams on
PostgreSQL; drop the tag index that misled SQLite

At a hundred times the real data (about twelve million findings, nineteen million tags; see
docs/scaling.md):
- the queries that count findings per visit, theme and polarity read `finding (event_id,
  polarity)` and the primary key of `finding_tag` (finding_id, facet, tag), both covering,
  instead of the wide finding rows;
- on PostgreSQL, words searched anywhere in a finding (`lower(text) LIKE '%word%'`) are found
  through a trigram index (extension pg_trgm) instead of a scan of every finding. It is made when
  the extension is installed or can be installed (into `public`); without it searches still work,
  by scanning;
- `ix_finding_event_id` is dropped: `finding (event_id, polarity)` and the unique
  `(event_id, seq)` both begin with the visit, so it only slowed every load;
- `ix_finding_tag_tag (facet, tag)` served no query (none looks findings up by tag) and led
  SQLite to walk every theme tag even when one authority's findings were asked for.
Statistics are refreshed for the planners when there is data.

Revision ID: 0003
Revises: 0002
"""

from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

TRIGRAMS = (
    "SELECT n.nspname FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace WHERE e.extname = 'pg_trgm'"
)


def _trigram_schema(bind) -> str | None:
    """Where pg_trgm's operator classes are: installed already, or installed now into public."""
    schema = bind.exec_driver_sql(TRIGRAMS).scalar()
    if schema is None and bind.exec_driver_sql("SELECT 1 FROM pg_available_extensions WHERE name = 'pg_trgm'").scalar():
        try:
            with bind.begin_nested():  # no privilege to create it: go on without it
                bind.exec_driver_sql("CREATE EXTENSION IF NOT EXISTS pg_trgm SCHEMA public")
            schema = bind.exec_driver_sql(TRIGRAMS).scalar()
        except Exception:
            schema = None
    return schema


def upgrade() -> None:
    op.create_index("ix_finding_event_polarity", "finding", ["event_id", "polarity"], unique=False)
    op.drop_index("ix_finding_event_id", table_name="finding")
    op.drop_index("ix_finding_tag_tag", table_name="finding_tag")
    bind = op.get_bind()
    if bind.dialect.name == "postgresql":
        schema = _trigram_schema(bind)
        if schema is not None:
            quoted = bind.dialect.identifier_preparer.quote(schema)
            op.execute(f"CREATE INDEX ix_finding_text_trgm ON finding USING gin (lower(text) {quoted}.gin_trgm_ops)")
    # Statistics of a database that holds data; never of empty tables: PostgreSQL would plan
    # (and keep, per connection) sequential scans for tables that are about to grow.
    if bind.exec_driver_sql("SELECT 1 FROM finding LIMIT 1").first() is not None:
        if bind.dialect.name == "sqlite":
            op.execute("PRAGMA analysis_limit=1000")
        op.execute("ANALYZE")


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP INDEX IF EXISTS ix_finding_text_trgm")
    op.create_index("ix_finding_tag_tag", "finding_tag", ["facet", "tag"], unique=False)
    op.create_index("ix_finding_event_id", "finding", ["event_id"], unique=False)
    op.drop_index("ix_finding_event_polarity", table_name="finding")

"""search: find findings by their words through each engine's own full-text index

The findings search matches the words typed against the words of each finding (see
`queries.search_words`). Each engine keeps a word index of `finding.text`:
- SQLite: `finding_words`, an FTS5 table over `finding` (external content, so the text is not
  stored twice; `detail=none`, since the search asks only which findings hold a word or a word
  beginning), kept in step with `finding` by three triggers, so every insert, cascade delete and
  change of a finding's text changes the index in the same transaction. Where SQLite was built
  without FTS5 nothing is made and searches scan the findings.
- PostgreSQL: `ix_finding_words`, a GIN index on `to_tsvector('simple', text)`. (A stored
  generated column of the same, which a walk over many findings reads faster, made the rows
  three times as wide and the full ingest nearly three times as long: not worth it.)
The trigram index of 0003, which served the substring search it replaces, is dropped.

Revision ID: 0006
Revises: 0005
"""

from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

SQLITE_TABLE = (
    "CREATE VIRTUAL TABLE finding_words USING fts5(text, content='finding', content_rowid='id', "
    "tokenize='unicode61 remove_diacritics 0', detail=none)"
)
SQLITE_TRIGGERS = [
    "CREATE TRIGGER finding_words_insert AFTER INSERT ON finding BEGIN "
    "INSERT INTO finding_words(rowid, text) VALUES (new.id, new.text); END",
    "CREATE TRIGGER finding_words_delete AFTER DELETE ON finding BEGIN "
    "INSERT INTO finding_words(finding_words, rowid, text) VALUES ('delete', old.id, old.text); END",
    "CREATE TRIGGER finding_words_update AFTER UPDATE OF text ON finding BEGIN "
    "INSERT INTO finding_words(finding_words, rowid, text) VALUES ('delete', old.id, old.text); "
    "INSERT INTO finding_words(rowid, text) VALUES (new.id, new.text); END",
]
TRIGRAMS = (
    "SELECT n.nspname FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace WHERE e.extname = 'pg_trgm'"
)


def upgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name == "sqlite":
        try:
            with bind.begin_nested():
                bind.exec_driver_sql(SQLITE_TABLE)
        except Exception as exc:  # this SQLite has no FTS5: searches scan
            if "fts5" not in str(exc):
                raise
            return
        for trigger in SQLITE_TRIGGERS:
            bind.exec_driver_sql(trigger)
        bind.exec_driver_sql("INSERT INTO finding_words(finding_words) VALUES ('rebuild')")
    elif bind.dialect.name == "postgresql":
        op.execute("DROP INDEX IF EXISTS ix_finding_text_trgm")
        op.execute("CREATE INDEX ix_finding_words ON finding USING gin (to_tsvector('simple'::regconfig, text))")
        if bind.exec_driver_sql("SELECT 1 FROM finding LIMIT 1").first() is not None:
            op.execute("ANALYZE finding")


def downgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name == "sqlite":
        for name in ("insert", "delete", "update"):
            op.execute(f"DROP TRIGGER IF EXISTS finding_words_{name}")
        op.execute("DROP TABLE IF EXISTS finding_words")
    elif bind.dialect.name == "postgresql":
        op.execute("DROP INDEX IF EXISTS ix_finding_words")
        schema = bind.exec_driver_sql(TRIGRAMS).scalar()
        if schema is not None:
            quoted = bind.dialect.identifier_preparer.quote(schema)
            op.execute(f"CREATE INDEX ix_finding_text_trgm ON finding USING gin (lower(text) {quoted}.gin_trgm_ops)")

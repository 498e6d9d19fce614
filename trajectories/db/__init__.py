"""The database: models, engine and migrations, the write path (store) and the read path (queries)."""

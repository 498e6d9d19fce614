"""origin: where each document was fetched from, and the updater's index of the inspectorates' sites

`python -m trajectories update` fetches documents from an inspectorate's site. Each document
remembers the page that linked it (`source_document.page_url`, beside its `url`), so the link to
the original can be shown wherever the source is named. The updater keeps:
- `web_document`: every document address it has fetched whole, with the SHA-256 of the bytes
  and whether a reader could read them, so an address already seen is never downloaded again
  (the index outlives `undo`: a document taken out by hand is not fetched back the next morning);
- `web_page`: the validators (ETag, Last-Modified) and the document links of each page it read,
  so an unchanged page is answered "not modified" and its links are taken from here;
- `site_check`: each check of a site, its progress while it runs and its outcome, for About the
  data and the Upload page.

Revision ID: 0009
Revises: 0008
"""

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("source_document", schema=None) as batch_op:
        batch_op.add_column(sa.Column("page_url", sa.Text(), nullable=True))
    op.create_table(
        "web_document",
        sa.Column("url", sa.Text(), nullable=False),
        sa.Column("source", sa.String(length=16), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("page_url", sa.Text(), nullable=True),
        sa.Column("authority_code", sa.String(length=16), nullable=True),
        sa.Column("description", sa.Text(), nullable=True),
        sa.Column("published", sa.Date(), nullable=True),
        sa.Column("readable", sa.Boolean(), nullable=False),
        sa.Column("fetched_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("url"),
    )
    op.create_index("ix_web_document_sha256", "web_document", ["sha256"])
    op.create_table(
        "web_page",
        sa.Column("url", sa.Text(), nullable=False),
        sa.Column("source", sa.String(length=16), nullable=False),
        sa.Column("etag", sa.Text(), nullable=True),
        sa.Column("last_modified", sa.Text(), nullable=True),
        sa.Column("links", sa.JSON(), nullable=False),
        sa.Column("checked_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("url"),
    )
    op.create_table(
        "site_check",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("source", sa.String(length=16), nullable=False),
        sa.Column("site", sa.Text(), nullable=False),
        sa.Column("started_by", sa.String(length=60), nullable=False),
        sa.Column("started_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("finished_at", sa.DateTime(), nullable=True),
        sa.Column("state", sa.String(length=16), nullable=False),
        sa.Column("phase", sa.Text(), nullable=True),
        sa.Column("done", sa.Integer(), nullable=False),
        sa.Column("total", sa.Integer(), nullable=False),
        sa.Column("listed", sa.Integer(), nullable=False),
        sa.Column("loaded", sa.Integer(), nullable=False),
        sa.Column("unchanged", sa.Integer(), nullable=False),
        sa.Column("failed", sa.Integer(), nullable=False),
        sa.Column("run_ids", sa.Text(), nullable=True),
        sa.Column("summary", sa.Text(), nullable=True),
        sa.Column("problems", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_site_check_source", "site_check", ["source", "id"])


def downgrade() -> None:
    op.drop_index("ix_site_check_source", table_name="site_check")
    op.drop_table("site_check")
    op.drop_table("web_page")
    op.drop_index("ix_web_document_sha256", table_name="web_document")
    op.drop_table("web_document")
    with op.batch_alter_table("source_document", schema=None) as batch_op:
        batch_op.drop_column("page_url")

"""undo: which run recorded a duplicate file, and when a run was undone

Revision ID: 0002
Revises: 0001
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("load_run", schema=None) as batch_op:
        batch_op.add_column(sa.Column("undone_at", sa.DateTime(), nullable=True))
    with op.batch_alter_table("duplicate_file", schema=None) as batch_op:
        batch_op.add_column(sa.Column("load_run_id", sa.Integer(), nullable=True))
        batch_op.create_foreign_key("fk_duplicate_file_load_run_id", "load_run", ["load_run_id"], ["id"])


def downgrade() -> None:
    with op.batch_alter_table("duplicate_file", schema=None) as batch_op:
        batch_op.drop_constraint("fk_duplicate_file_load_run_id", type_="foreignkey")
        batch_op.drop_column("load_run_id")
    with op.batch_alter_table("load_run", schema=None) as batch_op:
        batch_op.drop_column("undone_at")

"""positions: where an authority stands is set by its latest full inspection

A newer full inspection ends an older one's judgements even when it gives no overall grade
(Ofsted from April 2026 grades four areas only; CIW does not grade), so the Overview's stored
row says where the authority stands in words and whether it is judged inadequate now:
`authority_position` gains `position`, `position_kind` (graded, areas or ungraded),
`lowest_area`, `inadequate`, `inadequate_since` and `position_source`. The summaries are derived
data worked out under the old rule: both summary tables are emptied here and written again
under the new one when the application next prepares the database.

Revision ID: 0008
Revises: 0007
"""

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None

COLUMNS = (
    ("position", sa.Text()),
    ("position_kind", sa.String(length=16)),
    ("lowest_area", sa.Float()),
    ("inadequate", sa.Boolean()),
    ("inadequate_since", sa.Date()),
    ("position_source", sa.Text()),
)


def upgrade() -> None:
    op.execute("DELETE FROM authority_episode")
    op.execute("DELETE FROM authority_position")
    with op.batch_alter_table("authority_position") as batch:
        for name, kind in COLUMNS:
            batch.add_column(sa.Column(name, kind, nullable=True))


def downgrade() -> None:
    op.execute("DELETE FROM authority_episode")
    op.execute("DELETE FROM authority_position")
    with op.batch_alter_table("authority_position") as batch:
        for name, _ in COLUMNS:
            batch.drop_column(name)

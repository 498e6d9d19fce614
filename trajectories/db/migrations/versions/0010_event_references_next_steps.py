"""references and next steps: what a document says of earlier visits and of what happens next

A page or letter often refers to earlier visits ("following our inspection in July 2017") and says
what happens next ("We will monitor progress through our ongoing performance review activity").
They are kept with the visit that states them, as written, one a line: `event.refers_to` (each
earlier visit's kind and its date as written, never a new visit with an invented date) and
`event.next_steps` (the sentences; a dated one is also a planned event, as before).

Revision ID: 0010
Revises: 0009
"""

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("event", schema=None) as batch_op:
        batch_op.add_column(sa.Column("refers_to", sa.Text(), nullable=True))
        batch_op.add_column(sa.Column("next_steps", sa.Text(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("event", schema=None) as batch_op:
        batch_op.drop_column("next_steps")
        batch_op.drop_column("refers_to")

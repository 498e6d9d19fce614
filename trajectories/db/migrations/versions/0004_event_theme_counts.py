"""scale: findings counted per visit, theme and polarity, kept beside the findings

`event_theme (event_id, theme, polarity, findings)` summarises `finding` and its theme tags
(about three million rows at a hundred times the real data, against nineteen million tags), so
the themes over time of the whole country are summed from it instead of counted from every tag
(see docs/scaling.md). The store writes a document's counts with its findings, `rebuild`
rewrites those of the visits whose findings it changes, and deleting a visit deletes them.
This migration fills it from the findings already stored.

Revision ID: 0004
Revises: 0003
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "event_theme",
        sa.Column("event_id", sa.Integer(), nullable=False),
        sa.Column("theme", sa.String(length=60), nullable=False),
        sa.Column(
            "polarity",
            sa.Enum(
                "strength",
                "concern",
                "action_required",
                "neutral",
                name="polarity",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("findings", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["event_id"], ["event.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("event_id", "theme", "polarity"),
    )
    op.execute(
        "INSERT INTO event_theme (event_id, theme, polarity, findings) "
        "SELECT f.event_id, t.tag, f.polarity, count(*) FROM finding f "
        "JOIN finding_tag t ON t.finding_id = f.id AND t.facet = 'theme' GROUP BY f.event_id, t.tag, f.polarity"
    )
    bind = op.get_bind()
    if bind.exec_driver_sql("SELECT 1 FROM event_theme LIMIT 1").first() is not None:
        if bind.dialect.name == "sqlite":
            op.execute("PRAGMA analysis_limit=1000")
        op.execute("ANALYZE event_theme")


def downgrade() -> None:
    op.drop_table("event_theme")

"""scale: each authority's summaries also from every first of January that changes them

A period that starts later than the default leaves out an authority's earlier visits, so its
Overview row and inadequate episodes from the default start (0005) no longer serve it: at a
hundred times the real data, the Overview from 2015 worked out half the country from its rows.
`authority_position` and `authority_episode` gain `period_from`: each authority has its rows from
`EARLIEST` and from each first of January that leaves out some of its events and keeps some
(`queries.summary_starts`), so a period from the first of January of any year is served wholly
from the summaries, and one from a later day in the year for every authority not visited on
both sides of that day in that year (`queries.coverage`). The summaries are derived data:
both tables are made again with the new key, empty; the application works them out for the data
already stored when it next prepares the database (`ingest.prepare`), so this migration never
calls application code.

Revision ID: 0007
Revises: 0006
"""

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def _position(with_start: bool) -> None:
    op.create_table(
        "authority_position",
        sa.Column("authority_code", sa.String(length=16), nullable=False),
        *([sa.Column("period_from", sa.Date(), nullable=False)] if with_start else []),
        sa.Column("levels", sa.JSON(), nullable=False),
        sa.Column("level", sa.Float(), nullable=True),
        sa.Column("mapping_quality", sa.String(length=32), nullable=True),
        sa.Column("since", sa.Date(), nullable=True),
        sa.Column("last_visit", sa.Date(), nullable=True),
        sa.Column("last_visit_type", sa.String(length=60), nullable=True),
        sa.Column("direction", sa.Integer(), nullable=True),
        sa.Column("direction_phrase", sa.Text(), nullable=True),
        sa.Column("direction_date", sa.Date(), nullable=True),
        sa.ForeignKeyConstraint(["authority_code"], ["authority.code"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("authority_code", *(["period_from"] if with_start else [])),
    )


def _episode(with_start: bool) -> None:
    op.create_table(
        "authority_episode",
        sa.Column("authority_code", sa.String(length=16), nullable=False),
        *([sa.Column("period_from", sa.Date(), nullable=False)] if with_start else []),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("start_date", sa.Date(), nullable=False),
        sa.Column("end_date", sa.Date(), nullable=True),
        sa.Column("open", sa.Boolean(), nullable=False),
        sa.Column("months", sa.Float(), nullable=True),
        sa.Column("exit_level", sa.Float(), nullable=True),
        sa.Column("exit_phrase", sa.Text(), nullable=True),
        sa.Column("visits_during", sa.Integer(), nullable=False),
        sa.Column("start_source", sa.Text(), nullable=True),
        sa.Column("end_source", sa.Text(), nullable=True),
        sa.Column("visit_dates", sa.JSON(), nullable=True),
        sa.ForeignKeyConstraint(["authority_code"], ["authority.code"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("authority_code", *(["period_from"] if with_start else []), "seq"),
    )


def upgrade() -> None:
    op.drop_table("authority_episode")
    op.drop_table("authority_position")
    _position(True)
    _episode(True)
    op.create_index("ix_authority_position_start", "authority_position", ["period_from", "authority_code"])
    op.create_index("ix_authority_episode_start", "authority_episode", ["period_from", "authority_code", "seq"])


def downgrade() -> None:
    # Left empty: readers work every authority out from its rows until 0007 is applied again.
    op.drop_table("authority_episode")
    op.drop_table("authority_position")
    _position(False)
    _episode(False)

"""scale: each authority's Overview row and inadequate episodes, and findings per region and year

`authority_position` (one row per authority with events: its levels in order, the judgement in
force, its last visit and latest direction) and `authority_episode` (its inadequate episodes,
open ones without an end) hold what the whole-country Overview, inadequate episodes and
transitions read, as far as it does not depend on the day: twenty thousand rows at a hundred
times the real data instead of every judgement and visit; `region_theme_year` (findings per
region, year, theme and polarity) what the themes over time of the country, a nation or a region
sum instead of three million counts per visit (see docs/scaling.md). They are worked out by the
pages' own analyses and queries (`store.summarise`) in every transaction that changes an
authority's rows; 0007 gives the first two a period start and works them out for the data
already stored (this migration leaves them empty: readers work from the rows meanwhile).

Revision ID: 0005
Revises: 0004
"""

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "authority_position",
        sa.Column("authority_code", sa.String(length=16), nullable=False),
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
        sa.PrimaryKeyConstraint("authority_code"),
    )
    op.create_table(
        "authority_episode",
        sa.Column("authority_code", sa.String(length=16), nullable=False),
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
        sa.PrimaryKeyConstraint("authority_code", "seq"),
    )
    op.create_table(
        "region_theme_year",
        sa.Column("nation", sa.String(length=32), nullable=False),
        sa.Column("region", sa.String(length=60), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("theme", sa.String(length=60), nullable=False),
        sa.Column("polarity", sa.String(length=32), nullable=False),
        sa.Column("findings", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("nation", "region", "year", "theme", "polarity"),
    )


def downgrade() -> None:
    op.drop_table("region_theme_year")
    op.drop_table("authority_episode")
    op.drop_table("authority_position")

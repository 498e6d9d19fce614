"""initial schema

Revision ID: 0001
Revises:
Create Date: 2026-11-25 21:27:35.994338
"""

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "authority",
        sa.Column("code", sa.String(length=16), nullable=False),
        sa.Column("name", sa.String(length=120), nullable=False),
        sa.Column("short_name", sa.String(length=120), nullable=False),
        sa.Column("name_cy", sa.String(length=120), nullable=True),
        sa.Column(
            "nation",
            sa.Enum(
                "England", "Wales", "Scotland", name="nation", native_enum=False, create_constraint=True, length=32
            ),
            nullable=False,
        ),
        sa.Column("region", sa.String(length=60), nullable=False),
        sa.Column("ofsted_urn", sa.String(length=16), nullable=True),
        sa.Column("dfe_la_code", sa.String(length=8), nullable=True),
        sa.Column("valid_from", sa.Date(), nullable=True),
        sa.Column("valid_to", sa.Date(), nullable=True),
        sa.Column("stat_neighbours", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("code"),
    )
    op.create_table(
        "inspectorate",
        sa.Column("id", sa.String(length=16), nullable=False),
        sa.Column("name", sa.String(length=120), nullable=False),
        sa.Column(
            "nation",
            sa.Enum(
                "England",
                "Wales",
                "Scotland",
                name="inspectorate_nation",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_table(
        "load_run",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("started_at", sa.DateTime(), nullable=False),
        sa.Column("finished_at", sa.DateTime(), nullable=True),
        sa.Column("command", sa.String(length=200), nullable=False),
        sa.Column("loaded", sa.Integer(), nullable=False),
        sa.Column("unchanged", sa.Integer(), nullable=False),
        sa.Column("failed", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_table(
        "authority_alias",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("authority_code", sa.String(length=16), nullable=False),
        sa.Column("alias", sa.String(length=160), nullable=False),
        sa.ForeignKeyConstraint(["authority_code"], ["authority.code"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("authority_code", "alias"),
    )
    with op.batch_alter_table("authority_alias", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_authority_alias_authority_code"), ["authority_code"], unique=False)

    op.create_table(
        "authority_lineage",
        sa.Column("predecessor_code", sa.String(length=16), nullable=False),
        sa.Column("successor_code", sa.String(length=16), nullable=False),
        sa.Column("effective_date", sa.Date(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.ForeignKeyConstraint(
            ["predecessor_code"],
            ["authority.code"],
        ),
        sa.ForeignKeyConstraint(
            ["successor_code"],
            ["authority.code"],
        ),
        sa.PrimaryKeyConstraint("predecessor_code", "successor_code"),
    )
    op.create_table(
        "load_problem",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("run_id", sa.Integer(), nullable=False),
        sa.Column("path", sa.Text(), nullable=False),
        sa.Column("severity", sa.String(length=8), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(["run_id"], ["load_run.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("load_problem", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_load_problem_run_id"), ["run_id"], unique=False)

    op.create_table(
        "source_document",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("file_sha256", sa.String(length=64), nullable=False),
        sa.Column("doc_key", sa.String(length=400), nullable=True),
        sa.Column("path", sa.Text(), nullable=False),
        sa.Column("media_type", sa.String(length=60), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=40), nullable=False),
        sa.Column("title", sa.Text(), nullable=True),
        sa.Column("url", sa.Text(), nullable=True),
        sa.Column("extraction_method", sa.String(length=20), nullable=True),
        sa.Column("inspectorate_id", sa.String(length=16), nullable=False),
        sa.Column("authority_code", sa.String(length=16), nullable=False),
        sa.Column("name_as_written", sa.Text(), nullable=True),
        sa.Column("warnings", sa.Text(), nullable=True),
        sa.Column("load_run_id", sa.Integer(), nullable=True),
        sa.Column("loaded_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["authority_code"],
            ["authority.code"],
        ),
        sa.ForeignKeyConstraint(
            ["inspectorate_id"],
            ["inspectorate.id"],
        ),
        sa.ForeignKeyConstraint(
            ["load_run_id"],
            ["load_run.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("sha256"),
    )
    with op.batch_alter_table("source_document", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_source_document_authority_code"), ["authority_code"], unique=False)
        batch_op.create_index(batch_op.f("ix_source_document_doc_key"), ["doc_key"], unique=False)
        batch_op.create_index(batch_op.f("ix_source_document_file_sha256"), ["file_sha256"], unique=False)
        batch_op.create_index(batch_op.f("ix_source_document_path"), ["path"], unique=False)

    op.create_table(
        "duplicate_file",
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("path", sa.Text(), nullable=False),
        sa.Column("document_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["document_id"], ["source_document.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("sha256"),
    )
    with op.batch_alter_table("duplicate_file", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_duplicate_file_document_id"), ["document_id"], unique=False)

    op.create_table(
        "event",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("document_id", sa.Integer(), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("authority_code", sa.String(length=16), nullable=False),
        sa.Column("inspectorate_id", sa.String(length=16), nullable=False),
        sa.Column("event_type", sa.String(length=60), nullable=False),
        sa.Column("title", sa.Text(), nullable=True),
        sa.Column("start_date", sa.Date(), nullable=True),
        sa.Column("start_precision", sa.String(length=5), nullable=True),
        sa.Column("end_date", sa.Date(), nullable=True),
        sa.Column("end_precision", sa.String(length=5), nullable=True),
        sa.Column("published_date", sa.Date(), nullable=True),
        sa.Column("published_precision", sa.String(length=5), nullable=True),
        sa.Column("planned", sa.Boolean(), nullable=False),
        sa.Column("framework", sa.String(length=40), nullable=True),
        sa.Column("focus_area", sa.Text(), nullable=True),
        sa.Column("headline", sa.Text(), nullable=True),
        sa.Column("inspected_body", sa.Text(), nullable=True),
        sa.Column("span_start", sa.Integer(), nullable=True),
        sa.Column("span_end", sa.Integer(), nullable=True),
        sa.CheckConstraint("start_precision IN ('day','month','year')", name="event_start_precision"),
        sa.ForeignKeyConstraint(
            ["authority_code"],
            ["authority.code"],
        ),
        sa.ForeignKeyConstraint(["document_id"], ["source_document.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(
            ["inspectorate_id"],
            ["inspectorate.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("event", schema=None) as batch_op:
        batch_op.create_index("ix_event_authority_start", ["authority_code", "start_date"], unique=False)
        batch_op.create_index(batch_op.f("ix_event_document_id"), ["document_id"], unique=False)

    op.create_table(
        "direction_signal",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("event_id", sa.Integer(), nullable=False),
        sa.Column("raw_phrase", sa.Text(), nullable=False),
        sa.Column("raw_context", sa.Text(), nullable=True),
        sa.Column("direction", sa.Integer(), nullable=False),
        sa.Column("scope", sa.String(length=40), nullable=False),
        sa.Column("basis", sa.String(length=40), nullable=False),
        sa.Column(
            "mapping_quality",
            sa.Enum(
                "exact",
                "approximate",
                "narrative_inferred",
                name="direction_quality",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("rule", sa.Text(), nullable=False),
        sa.Column("span_start", sa.Integer(), nullable=True),
        sa.Column("span_end", sa.Integer(), nullable=True),
        sa.CheckConstraint("direction BETWEEN -2 AND 2", name="direction_range"),
        sa.ForeignKeyConstraint(["event_id"], ["event.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("direction_signal", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_direction_signal_event_id"), ["event_id"], unique=False)

    op.create_table(
        "finding",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("event_id", sa.Integer(), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("section", sa.Text(), nullable=True),
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
        sa.Column("modality", sa.String(length=8), nullable=True),
        sa.Column("polarity_rule", sa.String(length=60), nullable=False),
        sa.Column("principle", sa.String(length=40), nullable=True),
        sa.Column("para_no", sa.String(length=8), nullable=True),
        sa.Column("span_start", sa.Integer(), nullable=True),
        sa.Column("span_end", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["event_id"], ["event.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("event_id", "seq", name="finding_event_seq"),
    )
    with op.batch_alter_table("finding", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_finding_event_id"), ["event_id"], unique=False)

    op.create_table(
        "judgement",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("event_id", sa.Integer(), nullable=False),
        sa.Column("dimension", sa.String(length=40), nullable=False),
        sa.Column("subject_type", sa.String(length=20), nullable=False),
        sa.Column("raw_label", sa.Text(), nullable=True),
        sa.Column("raw_phrase", sa.Text(), nullable=False),
        sa.Column("raw_context", sa.Text(), nullable=True),
        sa.Column("scale_value", sa.String(length=40), nullable=True),
        sa.Column("level", sa.Float(), nullable=True),
        sa.Column("level_low", sa.Float(), nullable=True),
        sa.Column("level_high", sa.Float(), nullable=True),
        sa.Column(
            "mapping_quality",
            sa.Enum(
                "exact",
                "approximate",
                "narrative_inferred",
                name="mapping_quality",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=True,
        ),
        sa.Column("rule", sa.Text(), nullable=True),
        sa.Column("span_start", sa.Integer(), nullable=True),
        sa.Column("span_end", sa.Integer(), nullable=True),
        sa.CheckConstraint("level IS NULL OR (level >= 1 AND level <= 4)", name="judgement_axis"),
        sa.CheckConstraint("level IS NULL OR (level_low <= level AND level <= level_high)", name="judgement_interval"),
        sa.ForeignKeyConstraint(["event_id"], ["event.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("judgement", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_judgement_event_id"), ["event_id"], unique=False)

    op.create_table(
        "status_signal",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("event_id", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=40), nullable=False),
        sa.Column("raw_phrase", sa.Text(), nullable=False),
        sa.Column("raw_context", sa.Text(), nullable=True),
        sa.Column("rule", sa.Text(), nullable=False),
        sa.Column("span_start", sa.Integer(), nullable=True),
        sa.Column("span_end", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["event_id"], ["event.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("status_signal", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_status_signal_event_id"), ["event_id"], unique=False)

    op.create_table(
        "finding_tag",
        sa.Column("finding_id", sa.Integer(), nullable=False),
        sa.Column("facet", sa.String(length=8), nullable=False),
        sa.Column("tag", sa.String(length=60), nullable=False),
        sa.Column("cue", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(["finding_id"], ["finding.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("finding_id", "facet", "tag"),
    )
    with op.batch_alter_table("finding_tag", schema=None) as batch_op:
        batch_op.create_index("ix_finding_tag_tag", ["facet", "tag"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("finding_tag", schema=None) as batch_op:
        batch_op.drop_index("ix_finding_tag_tag")

    op.drop_table("finding_tag")
    with op.batch_alter_table("status_signal", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_status_signal_event_id"))

    op.drop_table("status_signal")
    with op.batch_alter_table("judgement", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_judgement_event_id"))

    op.drop_table("judgement")
    with op.batch_alter_table("finding", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_finding_event_id"))

    op.drop_table("finding")
    with op.batch_alter_table("direction_signal", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_direction_signal_event_id"))

    op.drop_table("direction_signal")
    with op.batch_alter_table("event", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_event_document_id"))
        batch_op.drop_index("ix_event_authority_start")

    op.drop_table("event")
    with op.batch_alter_table("duplicate_file", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_duplicate_file_document_id"))

    op.drop_table("duplicate_file")
    with op.batch_alter_table("source_document", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_source_document_path"))
        batch_op.drop_index(batch_op.f("ix_source_document_file_sha256"))
        batch_op.drop_index(batch_op.f("ix_source_document_doc_key"))
        batch_op.drop_index(batch_op.f("ix_source_document_authority_code"))

    op.drop_table("source_document")
    with op.batch_alter_table("load_problem", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_load_problem_run_id"))

    op.drop_table("load_problem")
    op.drop_table("authority_lineage")
    with op.batch_alter_table("authority_alias", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_authority_alias_authority_code"))

    op.drop_table("authority_alias")
    op.drop_table("load_run")
    op.drop_table("inspectorate")
    op.drop_table("authority")

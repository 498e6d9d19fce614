"""SQLAlchemy 2.0 typed models: the timelines with provenance down to the sentence.

Contract: the schema is created and changed only by the Alembic migrations in
`trajectories/db/migrations`; these classes describe it for reading and writing. Every signal
row (judgement, direction, status, finding) belongs to an event, every event to the source
document it was read from, and every row keeps its raw words and their character span in that
document. Enumerated columns store their string values and the database rejects others.
Four tables are derived, not read from documents: `event_theme`, the findings of each visit
counted per theme and polarity, written by the store with the findings and kept in step by
`rebuild`; and `authority_position` and `authority_episode`, each authority's Overview row and
inadequate episodes as far as they do not depend on the day (from the default period's start
and from each first of January that changes them), and `region_theme_year`, findings
per region, year, theme and polarity, forgotten by the store with every change to an
authority's rows (that authority's and its region's) and written again by `store.summarise`.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    Date,
    DateTime,
    Enum,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

from trajectories.domain import MappingQuality, Nation, Polarity


def _enum(cls, name: str) -> Enum:
    return Enum(
        cls,
        name=name,
        values_callable=lambda e: [m.value for m in e],
        native_enum=False,
        create_constraint=True,
        validate_strings=True,
        length=32,
    )


class Base(DeclarativeBase):
    pass


class Authority(Base):
    __tablename__ = "authority"

    code: Mapped[str] = mapped_column(String(16), primary_key=True)  # ONS/GSS code
    name: Mapped[str] = mapped_column(String(120))
    short_name: Mapped[str] = mapped_column(String(120))
    name_cy: Mapped[str | None] = mapped_column(String(120))
    nation: Mapped[Nation] = mapped_column(_enum(Nation, "nation"))
    region: Mapped[str] = mapped_column(String(60))
    ofsted_urn: Mapped[str | None] = mapped_column(String(16))
    dfe_la_code: Mapped[str | None] = mapped_column(String(8))
    valid_from: Mapped[dt.date | None] = mapped_column(Date)
    valid_to: Mapped[dt.date | None] = mapped_column(Date)
    stat_neighbours: Mapped[str | None] = mapped_column(Text)  # comma-separated ONS codes

    aliases: Mapped[list[AuthorityAlias]] = relationship(back_populates="authority", cascade="all, delete-orphan")


class AuthorityAlias(Base):
    __tablename__ = "authority_alias"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    authority_code: Mapped[str] = mapped_column(ForeignKey("authority.code", ondelete="CASCADE"), index=True)
    alias: Mapped[str] = mapped_column(String(160))

    authority: Mapped[Authority] = relationship(back_populates="aliases")
    __table_args__ = (UniqueConstraint("authority_code", "alias"),)


class AuthorityLineage(Base):
    __tablename__ = "authority_lineage"

    predecessor_code: Mapped[str] = mapped_column(ForeignKey("authority.code"), primary_key=True)
    successor_code: Mapped[str] = mapped_column(ForeignKey("authority.code"), primary_key=True)
    effective_date: Mapped[dt.date] = mapped_column(Date)
    kind: Mapped[str] = mapped_column(String(16))


class InspectorateRow(Base):
    __tablename__ = "inspectorate"

    id: Mapped[str] = mapped_column(String(16), primary_key=True)
    name: Mapped[str] = mapped_column(String(120))
    nation: Mapped[Nation] = mapped_column(_enum(Nation, "inspectorate_nation"))


class LoadRun(Base):
    __tablename__ = "load_run"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    started_at: Mapped[dt.datetime] = mapped_column(DateTime)
    finished_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    command: Mapped[str] = mapped_column(String(200))
    loaded: Mapped[int] = mapped_column(Integer, default=0)
    unchanged: Mapped[int] = mapped_column(Integer, default=0)
    failed: Mapped[int] = mapped_column(Integer, default=0)
    undone_at: Mapped[dt.datetime | None] = mapped_column(DateTime)  # set by `undo`; the row stays


class LoadProblem(Base):
    """A file a load could not read, or a warning about one it did: kept, never dropped."""

    __tablename__ = "load_problem"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    run_id: Mapped[int] = mapped_column(ForeignKey("load_run.id", ondelete="CASCADE"), index=True)
    path: Mapped[str] = mapped_column(Text)
    severity: Mapped[str] = mapped_column(String(8))  # error | warning
    reason: Mapped[str] = mapped_column(Text)


class SourceDocument(Base):
    __tablename__ = "source_document"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    sha256: Mapped[str] = mapped_column(String(64), unique=True)  # this document (a table row group has its own)
    file_sha256: Mapped[str] = mapped_column(String(64), index=True)  # the file it was read from
    doc_key: Mapped[str | None] = mapped_column(String(400), index=True)  # the same document in another format
    path: Mapped[str] = mapped_column(Text, index=True)
    media_type: Mapped[str] = mapped_column(String(60))
    size: Mapped[int] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(String(40))  # the loader that read it
    title: Mapped[str | None] = mapped_column(Text)
    url: Mapped[str | None] = mapped_column(Text)  # where the original was fetched from, when it was (0009)
    page_url: Mapped[str | None] = mapped_column(Text)  # the inspectorate's page that linked it (0009)
    extraction_method: Mapped[str | None] = mapped_column(String(20))
    inspectorate_id: Mapped[str] = mapped_column(ForeignKey("inspectorate.id"))
    authority_code: Mapped[str] = mapped_column(ForeignKey("authority.code"), index=True)
    name_as_written: Mapped[str | None] = mapped_column(Text)
    warnings: Mapped[str | None] = mapped_column(Text)  # one per line
    load_run_id: Mapped[int | None] = mapped_column(ForeignKey("load_run.id"))
    loaded_at: Mapped[dt.datetime] = mapped_column(DateTime)

    events: Mapped[list[EventRow]] = relationship(
        back_populates="document", cascade="all, delete-orphan", passive_deletes=True
    )


class DuplicateFile(Base):
    """A file whose document was already stored from another file (its PDF and its text)."""

    __tablename__ = "duplicate_file"

    sha256: Mapped[str] = mapped_column(String(64), primary_key=True)
    path: Mapped[str] = mapped_column(Text)
    document_id: Mapped[int] = mapped_column(ForeignKey("source_document.id", ondelete="CASCADE"), index=True)
    load_run_id: Mapped[int | None] = mapped_column(ForeignKey("load_run.id"))


class EventRow(Base):
    __tablename__ = "event"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("source_document.id", ondelete="CASCADE"), index=True)
    seq: Mapped[int] = mapped_column(Integer)  # order within its document
    authority_code: Mapped[str] = mapped_column(ForeignKey("authority.code"))
    inspectorate_id: Mapped[str] = mapped_column(ForeignKey("inspectorate.id"))
    event_type: Mapped[str] = mapped_column(String(60))
    title: Mapped[str | None] = mapped_column(Text)
    start_date: Mapped[dt.date | None] = mapped_column(Date)
    start_precision: Mapped[str | None] = mapped_column(String(5))
    end_date: Mapped[dt.date | None] = mapped_column(Date)
    end_precision: Mapped[str | None] = mapped_column(String(5))
    published_date: Mapped[dt.date | None] = mapped_column(Date)
    published_precision: Mapped[str | None] = mapped_column(String(5))
    planned: Mapped[bool] = mapped_column(Boolean, default=False)
    framework: Mapped[str | None] = mapped_column(String(40))
    focus_area: Mapped[str | None] = mapped_column(Text)
    headline: Mapped[str | None] = mapped_column(Text)
    inspected_body: Mapped[str | None] = mapped_column(Text)
    span_start: Mapped[int | None] = mapped_column(Integer)
    span_end: Mapped[int | None] = mapped_column(Integer)
    refers_to: Mapped[str | None] = mapped_column(Text)  # earlier visits referred to, as written, one a line (0010)
    next_steps: Mapped[str | None] = mapped_column(Text)  # what happens next, as written, one a line (0010)

    document: Mapped[SourceDocument] = relationship(back_populates="events")
    __table_args__ = (
        Index("ix_event_authority_start", "authority_code", "start_date"),
        CheckConstraint("start_precision IN ('day','month','year')", name="event_start_precision"),
    )


class JudgementRow(Base):
    __tablename__ = "judgement"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("event.id", ondelete="CASCADE"), index=True)
    dimension: Mapped[str] = mapped_column(String(40))
    subject_type: Mapped[str] = mapped_column(String(20), default="local_authority")
    raw_label: Mapped[str | None] = mapped_column(Text)
    raw_phrase: Mapped[str] = mapped_column(Text)
    raw_context: Mapped[str | None] = mapped_column(Text)
    scale_value: Mapped[str | None] = mapped_column(String(40))
    level: Mapped[float | None] = mapped_column(Float)
    level_low: Mapped[float | None] = mapped_column(Float)
    level_high: Mapped[float | None] = mapped_column(Float)
    mapping_quality: Mapped[MappingQuality | None] = mapped_column(_enum(MappingQuality, "mapping_quality"))
    rule: Mapped[str | None] = mapped_column(Text)
    span_start: Mapped[int | None] = mapped_column(Integer)
    span_end: Mapped[int | None] = mapped_column(Integer)

    __table_args__ = (
        CheckConstraint("level IS NULL OR (level_low <= level AND level <= level_high)", name="judgement_interval"),
        CheckConstraint("level IS NULL OR (level >= 1 AND level <= 4)", name="judgement_axis"),
    )


class DirectionRow(Base):
    __tablename__ = "direction_signal"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("event.id", ondelete="CASCADE"), index=True)
    raw_phrase: Mapped[str] = mapped_column(Text)
    raw_context: Mapped[str | None] = mapped_column(Text)
    direction: Mapped[int] = mapped_column(Integer)
    scope: Mapped[str] = mapped_column(String(40), default="overall")
    basis: Mapped[str] = mapped_column(String(40))
    mapping_quality: Mapped[MappingQuality] = mapped_column(_enum(MappingQuality, "direction_quality"))
    rule: Mapped[str] = mapped_column(Text)
    span_start: Mapped[int | None] = mapped_column(Integer)
    span_end: Mapped[int | None] = mapped_column(Integer)

    __table_args__ = (CheckConstraint("direction BETWEEN -2 AND 2", name="direction_range"),)


class StatusRow(Base):
    __tablename__ = "status_signal"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("event.id", ondelete="CASCADE"), index=True)
    status: Mapped[str] = mapped_column(String(40))
    raw_phrase: Mapped[str] = mapped_column(Text)
    raw_context: Mapped[str | None] = mapped_column(Text)
    rule: Mapped[str] = mapped_column(Text)
    span_start: Mapped[int | None] = mapped_column(Integer)
    span_end: Mapped[int | None] = mapped_column(Integer)


class FindingRow(Base):
    __tablename__ = "finding"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    # Looked up by visit through the indexes below, which both begin with event_id (0003).
    event_id: Mapped[int] = mapped_column(ForeignKey("event.id", ondelete="CASCADE"))
    seq: Mapped[int] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(Text)
    section: Mapped[str | None] = mapped_column(Text)
    polarity: Mapped[Polarity] = mapped_column(_enum(Polarity, "polarity"))
    modality: Mapped[str | None] = mapped_column(String(8))
    polarity_rule: Mapped[str] = mapped_column(String(60))
    principle: Mapped[str | None] = mapped_column(String(40))
    para_no: Mapped[str | None] = mapped_column(String(8))
    span_start: Mapped[int | None] = mapped_column(Integer)
    span_end: Mapped[int | None] = mapped_column(Integer)

    __table_args__ = (
        UniqueConstraint("event_id", "seq", name="finding_event_seq"),
        Index("ix_finding_event_polarity", "event_id", "polarity"),  # counts per visit and polarity (0003)
    )
    # The findings search reads each engine's own word index of `text` (0006): an FTS5 table
    # `finding_words` kept by triggers on SQLite, a GIN index `ix_finding_words` on PostgreSQL.


class FindingTag(Base):
    """A theme or cohort on a finding, with the cue or rule that fired."""

    __tablename__ = "finding_tag"

    finding_id: Mapped[int] = mapped_column(ForeignKey("finding.id", ondelete="CASCADE"), primary_key=True)
    facet: Mapped[str] = mapped_column(String(8), primary_key=True)  # theme | cohort
    tag: Mapped[str] = mapped_column(String(60), primary_key=True)
    cue: Mapped[str] = mapped_column(Text)
    # The primary key (finding_id, facet, tag) serves every lookup; no index by tag (0003).


class EventTheme(Base):
    """Findings counted per visit, theme and polarity: a summary of `finding` and its theme tags
    that the store writes with each document and `rebuild` rewrites for the visits it changes,
    so counts over the whole country read a few rows per visit, not every tag (0004)."""

    __tablename__ = "event_theme"

    event_id: Mapped[int] = mapped_column(ForeignKey("event.id", ondelete="CASCADE"), primary_key=True)
    theme: Mapped[str] = mapped_column(String(60), primary_key=True)
    polarity: Mapped[Polarity] = mapped_column(_enum(Polarity, "polarity"), primary_key=True)
    findings: Mapped[int] = mapped_column(Integer)


class AuthorityPosition(Base):
    """Per authority with events and period start, what its Overview row says that does not depend
    on the day (`summaries.authority_positions` of its events in the period from `period_from`):
    its overall grades in order, where it stands (`positions`' rule), its last visit and latest direction. Every
    authority with events has its row from `EARLIEST`, and one from each first of January
    (`summaries.summary_starts`) that leaves out some of its events and keeps some. Forgotten with
    every change to the authority's rows, written again by `store.summarise` (0005, 0007)."""

    __tablename__ = "authority_position"

    authority_code: Mapped[str] = mapped_column(ForeignKey("authority.code", ondelete="CASCADE"), primary_key=True)
    period_from: Mapped[dt.date] = mapped_column(Date, primary_key=True)
    levels: Mapped[list] = mapped_column(JSON)
    level: Mapped[float | None] = mapped_column(Float)
    mapping_quality: Mapped[str | None] = mapped_column(String(32))
    since: Mapped[dt.date | None] = mapped_column(Date)
    last_visit: Mapped[dt.date | None] = mapped_column(Date)
    last_visit_type: Mapped[str | None] = mapped_column(String(60))
    direction: Mapped[int | None] = mapped_column(Integer)
    direction_phrase: Mapped[str | None] = mapped_column(Text)
    direction_date: Mapped[dt.date | None] = mapped_column(Date)
    position: Mapped[str | None] = mapped_column(
        Text
    )  # in words: a grade, an area profile, "not graded since …" (0008)
    position_kind: Mapped[str | None] = mapped_column(String(16))  # graded | areas | ungraded
    lowest_area: Mapped[float | None] = mapped_column(Float)
    inadequate: Mapped[bool | None] = mapped_column(Boolean)
    inadequate_since: Mapped[dt.date | None] = mapped_column(Date)
    position_source: Mapped[str | None] = mapped_column(Text)

    __table_args__ = (Index("ix_authority_position_start", "period_from", "authority_code"),)  # one start's rows (0007)


class AuthorityEpisode(Base):
    """Per authority and period start, its inadequate episodes in order (`summaries.inadequate_episodes`
    of the same rows as its `authority_position` of that start, open episodes without an end and
    with the days of their visits: `summaries.episodes_as_of` ends them on the day asked for).
    Written with `authority_position` (0005, 0007)."""

    __tablename__ = "authority_episode"

    authority_code: Mapped[str] = mapped_column(ForeignKey("authority.code", ondelete="CASCADE"), primary_key=True)
    period_from: Mapped[dt.date] = mapped_column(Date, primary_key=True)
    seq: Mapped[int] = mapped_column(Integer, primary_key=True)
    start_date: Mapped[dt.date] = mapped_column(Date)
    end_date: Mapped[dt.date | None] = mapped_column(Date)
    open: Mapped[bool] = mapped_column(Boolean)
    months: Mapped[float | None] = mapped_column(Float)
    exit_level: Mapped[float | None] = mapped_column(Float)
    exit_phrase: Mapped[str | None] = mapped_column(Text)
    visits_during: Mapped[int] = mapped_column(Integer)
    start_source: Mapped[str | None] = mapped_column(Text)
    end_source: Mapped[str | None] = mapped_column(Text)
    visit_dates: Mapped[list | None] = mapped_column(
        JSON
    )  # of an open episode: its visits' days (ISO), counted as of a day

    __table_args__ = (
        Index("ix_authority_episode_start", "period_from", "authority_code", "seq"),
    )  # one start's rows (0007)


class RegionThemeYear(Base):
    """Findings counted per region, year, theme and polarity (`queries.theme_year_counts` of the
    region's visits in the summary period): what the whole-country, nation and region themes over
    time sum, a few thousand rows. Written by `store.summarise` for the regions of the
    authorities it summarises (0005)."""

    __tablename__ = "region_theme_year"

    nation: Mapped[str] = mapped_column(String(32), primary_key=True)
    region: Mapped[str] = mapped_column(String(60), primary_key=True)
    year: Mapped[int] = mapped_column(Integer, primary_key=True)
    theme: Mapped[str] = mapped_column(String(60), primary_key=True)
    polarity: Mapped[str] = mapped_column(String(32), primary_key=True)
    findings: Mapped[int] = mapped_column(Integer)


class WebDocument(Base):
    """A document address the updater fetched and loaded: the updater's index, so an address
    already seen is never downloaded again (`trajectories.update`, 0009)."""

    __tablename__ = "web_document"

    url: Mapped[str] = mapped_column(Text, primary_key=True)
    source: Mapped[str] = mapped_column(String(16))  # the site: ofsted, ...
    sha256: Mapped[str] = mapped_column(String(64), index=True)  # of the bytes fetched
    page_url: Mapped[str | None] = mapped_column(Text)
    authority_code: Mapped[str | None] = mapped_column(String(16))
    description: Mapped[str | None] = mapped_column(Text)  # the link's words on the page
    published: Mapped[dt.date | None] = mapped_column(Date)
    readable: Mapped[bool] = mapped_column(Boolean)  # False: fetched whole, but no reader could read it
    fetched_at: Mapped[dt.datetime] = mapped_column(DateTime)


class WebPage(Base):
    """A site page the updater read: its validators for a conditional request and the document
    links it held, used again when the site answers "not modified" (0009)."""

    __tablename__ = "web_page"

    url: Mapped[str] = mapped_column(Text, primary_key=True)
    source: Mapped[str] = mapped_column(String(16))
    etag: Mapped[str | None] = mapped_column(Text)
    last_modified: Mapped[str | None] = mapped_column(Text)
    links: Mapped[list] = mapped_column(JSON)
    checked_at: Mapped[dt.datetime] = mapped_column(DateTime)


class SiteCheck(Base):
    """One check of an inspectorate's site: its progress while it runs (`updated_at` is its
    heartbeat) and its outcome; the load runs it made are `run_ids` (0009)."""

    __tablename__ = "site_check"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    source: Mapped[str] = mapped_column(String(16))
    site: Mapped[str] = mapped_column(Text)
    started_by: Mapped[str] = mapped_column(String(60))
    started_at: Mapped[dt.datetime] = mapped_column(DateTime)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime)
    finished_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    state: Mapped[str] = mapped_column(String(16))  # running | finished | failed
    phase: Mapped[str | None] = mapped_column(Text)
    done: Mapped[int] = mapped_column(Integer)
    total: Mapped[int] = mapped_column(Integer)
    listed: Mapped[int] = mapped_column(Integer)  # documents found on the site
    loaded: Mapped[int] = mapped_column(Integer)
    unchanged: Mapped[int] = mapped_column(Integer)
    failed: Mapped[int] = mapped_column(Integer)
    run_ids: Mapped[str | None] = mapped_column(Text)  # comma-separated load run ids
    summary: Mapped[str | None] = mapped_column(Text)
    problems: Mapped[str | None] = mapped_column(Text)  # one "what: why" per line

    __table_args__ = (Index("ix_site_check_source", "source", "id"),)

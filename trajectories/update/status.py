"""What the pages show of the updater, and how the Upload page starts a check.

Contract:
- `latest(conn, source_key="ofsted") -> SiteStatus | None`: the newest check of the site (None
  when it was never checked), with `headline`, one sentence for people. It holds when the check
  started and finished, who started it, its state ("running", "finished", "failed", or "stopped"
  for a running check whose heartbeat went silent), its progress, its summary line and what it
  could not fetch or read; and the newest ADDED_SHOWN documents any check of the site added (when,
  authority, document, link to the original and to its page on the site, load run; gone once
  undone). `last_finished` is the time of the newest
  check that ran to its end.
- `start(engine, source_key="ofsted", started_by="Upload page") -> str | None` starts a check in a
  background thread with the configured contact and the default politeness, and returns None, or
  a one-line reason it was not started (no contact configured, a check already running). The
  thread's outcome is recorded in `site_check` like any check.
"""

from __future__ import annotations

import datetime as dt
import os
import threading
from dataclasses import dataclass

import pandas as pd
from sqlalchemy import Connection, Engine, select

from trajectories import update
from trajectories.db.models import Authority, LoadRun, SiteCheck, SourceDocument
from trajectories.update.web import CONTACT_ENV, Client

ADDED_SHOWN = 50  # the newest documents the updater added, shown on About the data


@dataclass
class SiteStatus:
    site_name: str
    site: str
    started_at: dt.datetime
    started_by: str
    finished_at: dt.datetime | None
    last_finished: dt.datetime | None
    state: str
    phase: str | None
    done: int
    total: int
    summary: str | None
    added: pd.DataFrame
    problems: pd.DataFrame

    @property
    def running(self) -> bool:
        return self.state == "running"

    @property
    def fraction(self) -> float:
        return min(1.0, self.done / self.total) if self.total else 0.0

    @property
    def headline(self) -> str:
        """One sentence for people: when the site was checked and what came of it."""
        started = f"{self.started_at:%Y-%m-%d %H:%M} UTC ({self.started_by})"
        if self.state == "running":
            step = f", {self.done} of {self.total}" if self.total else ""
            return f"A check of {self.site_name} started at {started} is running: {self.phase or 'starting'}{step}."
        if self.state == "stopped":
            before = (
                f" The last check that finished ended at {self.last_finished:%Y-%m-%d %H:%M} UTC."
                if self.last_finished
                else ""
            )
            return f"The last check of {self.site_name}, started at {started}, stopped before it finished.{before}"
        outcome = "finished" if self.state == "finished" else "finished with problems"
        return (
            f"{self.site_name} was last checked at {self.finished_at:%Y-%m-%d %H:%M} UTC (started by "
            f"{self.started_by}; {outcome}). {self.summary or ''}"
        ).strip()


def latest(conn: Connection, source_key: str = "ofsted") -> SiteStatus | None:
    row = (
        conn.execute(
            select(SiteCheck.__table__).where(SiteCheck.source == source_key).order_by(SiteCheck.id.desc()).limit(1)
        )
        .mappings()
        .first()
    )
    if row is None:
        return None
    last_finished = conn.execute(
        select(SiteCheck.finished_at)
        .where(SiteCheck.source == source_key, SiteCheck.finished_at.is_not(None))
        .order_by(SiteCheck.id.desc())
        .limit(1)
    ).scalar()
    state = row["state"]
    if state == "running" and row["updated_at"] <= update._now() - update.STALE:
        state = "stopped"
    rows = conn.execute(
        select(
            SourceDocument.loaded_at,
            Authority.name,
            SourceDocument.title,
            SourceDocument.path,
            SourceDocument.url,
            SourceDocument.page_url,
            SourceDocument.load_run_id,
        )
        .join(Authority, Authority.code == SourceDocument.authority_code)
        .join(LoadRun, LoadRun.id == SourceDocument.load_run_id)
        .where(LoadRun.command.startswith(f"update {source_key} "))
        .order_by(SourceDocument.loaded_at.desc(), Authority.name, SourceDocument.path)
        .limit(ADDED_SHOWN)
    ).all()
    added = pd.DataFrame(
        [
            (when.date(), name, title or path, url or "", page or "", run)
            for when, name, title, path, url, page, run in rows
        ],
        columns=["added on", "authority", "document", "link to the original", "page on the site", "load run"],
    )
    problems = [line.split(": ", 1) if ": " in line else [line, ""] for line in (row["problems"] or "").splitlines()]
    source = update.SOURCES.get(source_key)
    return SiteStatus(
        source.name if source else source_key,
        row["site"],
        row["started_at"],
        row["started_by"],
        row["finished_at"],
        last_finished,
        state,
        row["phase"],
        row["done"],
        row["total"],
        row["summary"],
        added,
        pd.DataFrame(problems, columns=["what", "why"]),
    )


def start(engine: Engine, source_key: str = "ofsted", started_by: str = "Upload page") -> str | None:
    """Start a check in the background; None, or the reason it was not started."""
    try:
        client = Client(os.environ.get(CONTACT_ENV, ""))
    except ValueError as exc:
        return str(exc)
    with engine.connect() as conn:
        busy = update.running(conn, source_key)
    if busy is not None:
        return f"a check started at {busy['started_at']:%Y-%m-%d %H:%M} UTC ({busy['started_by']}) is still running"

    def work() -> None:
        try:
            update.check(engine, source_key, client=client, started_by=started_by)
        except Exception:  # recorded in site_check (Busy: the other check is the one shown)
            pass

    threading.Thread(target=work, name=f"check {source_key}", daemon=True).start()
    return None

"""The updater: find the documents an inspectorate's site has that the database does not, fetch
them politely and load them through the same readers and load runs as `ingest`.

Contract:
- `check(engine, "ofsted", client=Client(...), site=None, since=None, authority_codes=(),
  dry_run=False, progress=None, started_by="command line") -> CheckReport`.
  1. Reads the site's listing of providers and each chosen provider's page (a conditional
     request: a page answered "not modified" gives the links stored from its last reading).
  2. Keeps the children's services documents whose address is not in the index
     (`web_document`) and, with `since`, whose listed date is not earlier (a document listed
     without a date is kept). With `dry_run` it stops here: nothing is written.
  3. Loads them with `ingest.load`, up to CHUNK documents to a load run (so `runs` lists them and
     `undo` removes them; originals are kept by SHA-256). Each file is downloaded when its turn
     comes; a download that fails (after the client's retries) or is not a whole PDF fails alone
     with its reason and is tried again at the next check. A document fetched whole enters the
     index, with its SHA-256, and is never downloaded again; whatever is stored from it, or
     already stored from the same bytes, remembers its address and its provider's page
     (`source_document.url`, `page_url`). A check that is stopped loses at most the chunk it was
     loading: the next check fetches what is not in the index and finds the rest unchanged.
  4. Every check is recorded in `site_check` with its progress while it runs (the heartbeat
     `updated_at`) and its outcome (`trajectories.update.status` reads them for the pages). While
     one check of a site runs (its heartbeat younger than STALE), another is refused with `Busy`.
- A listing or page with none of the links its layout promises, an unreachable site, a provider
  page that cannot be read, or an authority asked for that the site does not list is a failure
  of the check (`CheckReport.ok` is False); the other documents still go on.
- Sources are in `SOURCES`: an object with `key`, `name`, `default_site`, `providers(fetch, site)`
  (who is listed), `links(html, provider)` (every document link on a provider's page; a page
  answered "not modified" gives the links stored from its last reading), `document(link,
  provider, code, name)` (the link as one of the authority's documents, or None for another remit)
  and `accept(response)` (the bytes when they are a whole document); see `ofsted.OfstedSource`.
  Care Inspectorate Wales is not a source yet: its pages' structure has not been learnt from
  public copies of them; a source for it would be one more such object.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import time
import urllib.parse
from collections.abc import Callable
from dataclasses import dataclass, field

from sqlalchemy import Connection, Engine, delete, insert, or_, select, update

from trajectories import authorities, ingest
from trajectories.db.engine import writer
from trajectories.db.models import DuplicateFile, SiteCheck, SourceDocument, WebDocument, WebPage
from trajectories.domain import MAX_BYTES
from trajectories.update.ofsted import Found, LayoutChanged, OfstedSource, Provider, Publication
from trajectories.update.web import Client, FetchError, Response

SOURCES = {"ofsted": OfstedSource()}
CHUNK = 25  # documents to a load run: what a stopped check may have to fetch again
STALE = dt.timedelta(minutes=10)  # a running check silent this long was stopped
HEARTBEAT = 1.0  # seconds between progress writes

Progress = Callable[[str, int, int], None]


@dataclass
class CheckReport:
    source: str
    site: str
    dry_run: bool = False
    check_id: int | None = None
    providers: int = 0
    listed: int = 0  # children's services documents on the pages read (within --since)
    new: list[Found] = field(default_factory=list)  # not in the index: fetched, or listed by a dry run
    loaded: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    failed: list[tuple[str, str]] = field(default_factory=list)
    notes: list[tuple[str, str]] = field(default_factory=list)
    run_ids: list[int] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.failed

    def summary(self) -> str:
        head = (
            f"{self.source} checked: {self.providers} provider(s), {self.listed} children's services document(s) "
            f"listed, {len(self.new)} new"
        )
        if self.dry_run:
            return f"{head} (a dry run: nothing fetched or loaded); failed {len(self.failed)}"
        plural = "s" if len(self.run_ids) > 1 else ""
        runs = f" (load run{plural} {', '.join(map(str, self.run_ids))})" if self.run_ids else ""
        return f"{head}: loaded {len(self.loaded)}, unchanged {len(self.unchanged)}, failed {len(self.failed)}{runs}"

    def lines(self) -> list[str]:
        out = [self.summary()]
        if self.dry_run:
            out += [
                f"would fetch {f.url} ({f.authority_name}: {f.description}"
                f"{', ' + f.published.isoformat() if f.published else ''})"
                for f in self.new
            ]
        out += [f"FAILED {what}: {reason}" for what, reason in self.failed]
        out += [f"note {what}: {why}" for what, why in self.notes]
        return out


def file_name(found: Found, site: str) -> str:
    """The name a fetched document is loaded as: site, provider, date, description, file."""

    def slug(text: str) -> str:
        return re.sub(r"[^a-z0-9]+", "-", text.lower().replace("'", "").replace("\u2019", "")).strip("-") or "document"

    host = urllib.parse.urlsplit(site).netloc or "site"
    last = urllib.parse.urlsplit(found.url).path.rstrip("/").rsplit("/", 1)[-1] or "file"
    day = found.published.isoformat() if found.published else "undated"
    return f"{host}/{found.urn}_{slug(found.authority_name)}/{day}_{slug(found.description)[:60]}_{slug(last)}.pdf"


class Busy(RuntimeError):
    """Another check of the same site is running."""


def running(conn: Connection, source_key: str) -> dict | None:
    """The check of this site that is running now (its heartbeat younger than STALE), if any."""
    row = (
        conn.execute(
            select(SiteCheck.__table__)
            .where(SiteCheck.source == source_key, SiteCheck.state == "running", SiteCheck.updated_at > _now() - STALE)
            .order_by(SiteCheck.id.desc())
            .limit(1)
        )
        .mappings()
        .first()
    )
    return dict(row) if row else None


def check(
    engine: Engine,
    source_key: str,
    *,
    client: Client,
    site: str | None = None,
    since: dt.date | None = None,
    authority_codes: tuple[str, ...] | list[str] = (),
    dry_run: bool = False,
    progress: Progress | None = None,
    started_by: str = "command line",
) -> CheckReport:
    """Check one site and load what is new (see the module contract)."""
    source = SOURCES[source_key]
    site = (site or source.default_site).rstrip("/")
    report = CheckReport(source.name, site, dry_run)
    if not dry_run:
        with engine.connect() as conn:
            busy = running(conn, source.key)
        if busy is not None:
            raise Busy(
                f"a check of {source.name} started at {busy['started_at']:%Y-%m-%d %H:%M} UTC "
                f"({busy['started_by']}) is still running"
            )
    record = None if dry_run else _Record(engine, source.key, site, started_by, report)
    tell = _Teller(record, progress)
    try:
        _run(engine, source, client, site, since, tuple(authority_codes), dry_run, report, tell)
    except BaseException as exc:
        if record is not None:
            record.finish("failed", f"the check stopped: {exc.__class__.__name__}: {str(exc)[:200]}")
        raise
    if record is not None:
        record.finish("finished" if report.ok else "failed")
    return report


def _run(
    engine: Engine,
    source,
    client: Client,
    site: str,
    since: dt.date | None,
    codes: tuple[str, ...],
    dry_run: bool,
    report: CheckReport,
    tell: _Teller,
) -> None:
    chosen = _chosen_providers(source, client, site, codes, report, tell)
    if chosen is None:
        return
    _find_new(engine, source, client, chosen, since, dry_run, report, tell)
    if dry_run or not report.new:
        tell("finished", len(chosen), len(chosen))
        return
    _load_new(engine, source, client, site, report, tell)


def _chosen_providers(source, client: Client, site: str, codes: tuple[str, ...], report: CheckReport, tell: _Teller):
    """The providers to check, as (provider, authority code, name): those the site lists that are
    authorities (and among `codes`, when given). None when the list cannot be read."""
    tell("reading the list of providers", 0, 0)
    try:
        listed = source.providers(lambda url: _text(client.get(url), url), site)
    except LayoutChanged as exc:
        report.failed.append(("the site's list of providers", str(exc)))
        return None
    except FetchError as exc:
        report.failed.append((f"the site's list of providers ({exc.url})", exc.strerror))
        return None
    chosen = []
    for provider, code, name in listed:
        if code is None:
            report.notes.append(
                (f"{provider.name} ({provider.urn})", "not an authority in the reference list: skipped")
            )
        elif not codes or code in codes:
            chosen.append((provider, code, name))
    for code in codes:
        if not any(c == code for _, c, _ in chosen):
            known = authorities.by_code().get(code)
            report.failed.append((known.name if known else code, "not among the providers the site lists"))
    return chosen


def _find_new(
    engine: Engine,
    source,
    client: Client,
    chosen: list,
    since: dt.date | None,
    dry_run: bool,
    report: CheckReport,
    tell: _Teller,
) -> None:
    """Read each chosen provider's page and add to `report.new` the documents not seen before."""
    report.providers = len(chosen)
    with engine.connect() as conn:
        index = set(conn.execute(select(WebDocument.url).where(WebDocument.source == source.key)).scalars())
    for i, (provider, code, name) in enumerate(chosen):
        tell(f"reading the providers' pages ({name})", i, len(chosen))
        try:
            documents = _documents(engine, source, client, provider, code, name, dry_run)
        except LayoutChanged as exc:
            report.failed.append((f"{name}'s page on the site", str(exc)))
            continue
        except FetchError as exc:
            report.failed.append((f"{name}'s page on the site ({exc.url})", exc.strerror))
            continue
        for found in documents:
            if since is not None and found.published is not None and found.published < since:
                continue
            report.listed += 1
            if found.url not in index:
                index.add(found.url)
                report.new.append(found)


def _load_new(engine: Engine, source, client: Client, site: str, report: CheckReport, tell: _Teller) -> None:
    """Download and load `report.new`, CHUNK documents to a load run, remembering what each one was."""
    done = 0
    for start in range(0, len(report.new), CHUNK):
        chunk = report.new[start : start + CHUNK]
        fetched: dict[str, tuple[Found, str]] = {}  # name -> (document, sha256 of its bytes)

        def download(found: Found, name: str, fetched: dict = fetched) -> bytes:
            nonlocal done
            tell("downloading and reading new documents", done, len(report.new))
            done += 1
            response = client.get(found.url, limit=MAX_BYTES)
            data = source.accept(response)
            fetched[name] = (found, hashlib.sha256(data).hexdigest())
            return data

        names = [file_name(f, site) for f in chunk]
        files = [(name, (lambda f=f, n=name: download(f, n))) for f, name in zip(chunk, names, strict=True)]
        command = f"update {source.key} from {site}"[:200]
        loaded = ingest.load(engine, files, command=command)
        report.run_ids.append(loaded.run_id)
        report.loaded += loaded.loaded
        report.unchanged += loaded.unchanged
        report.failed += loaded.failed
        report.notes += loaded.warnings
        failed = {name for name, _ in loaded.failed}
        _remember(engine, source.key, [(found, sha, name not in failed) for name, (found, sha) in fetched.items()])
        tell("downloading and reading new documents", done, len(report.new))
    tell("finished", len(report.new), len(report.new))


def _text(response: Response, url: str) -> str:
    if response.status != 200:
        raise FetchError(url, f"the site answered {response.status}")
    charset = "utf-8"
    match = re.search(r"charset=([\w-]+)", response.headers.get("content-type", ""))
    if match:
        charset = match.group(1)
    try:
        return response.body.decode(charset, errors="replace")
    except LookupError:
        return response.body.decode("utf-8", errors="replace")


def _documents(
    engine: Engine, source, client: Client, provider: Provider, code: str, name: str, dry_run: bool
) -> list[Found]:
    """The provider page's documents of the authority, asked for conditionally."""
    with engine.connect() as conn:
        cached = conn.execute(select(WebPage.__table__).where(WebPage.url == provider.url)).mappings().first()
    response = client.get(
        provider.url, etag=cached["etag"] if cached else None, last_modified=cached["last_modified"] if cached else None
    )
    if response.status == 304 and cached is not None:
        links = [
            Publication(
                d["url"], d["description"], dt.date.fromisoformat(d["published"]) if d.get("published") else None
            )
            for d in cached["links"]
        ]
    else:
        links = source.links(_text(response, provider.url), provider)
        if not dry_run:
            stored = [
                {
                    "url": p.url,
                    "description": p.description,
                    "published": p.published.isoformat() if p.published else None,
                }
                for p in links
            ]
            with writer(engine).begin() as conn:
                conn.execute(delete(WebPage).where(WebPage.url == provider.url))
                conn.execute(
                    insert(WebPage).values(
                        url=provider.url,
                        source=source.key,
                        etag=response.headers.get("etag"),
                        last_modified=response.headers.get("last-modified"),
                        links=stored,
                        checked_at=_now(),
                    )
                )
    return [d for d in (source.document(p, provider, code, name) for p in links) if d is not None]


def _remember(engine: Engine, source_key: str, items: list[tuple[Found, str, bool]]) -> None:
    """Index documents fetched whole, and give what is stored from their bytes its origin."""
    if not items:
        return
    with writer(engine).begin() as conn:
        for found, sha, readable in items:
            conn.execute(delete(WebDocument).where(WebDocument.url == found.url))
            conn.execute(
                insert(WebDocument).values(
                    url=found.url,
                    source=source_key,
                    sha256=sha,
                    page_url=found.page_url,
                    authority_code=found.authority_code,
                    description=found.description,
                    published=found.published,
                    readable=readable,
                    fetched_at=_now(),
                )
            )
            if readable:
                _set_origin(conn, sha, found.url, found.page_url)


def _set_origin(conn: Connection, sha: str, url: str, page_url: str) -> None:
    """Documents read from these bytes (or whose duplicate these bytes are) and not yet placed."""
    duplicates = select(DuplicateFile.document_id).where(DuplicateFile.sha256 == sha)
    conn.execute(
        update(SourceDocument)
        .where(or_(SourceDocument.file_sha256 == sha, SourceDocument.id.in_(duplicates)), SourceDocument.url.is_(None))
        .values(url=url, page_url=page_url)
    )


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


class _Record:
    """The check's row in `site_check`: its progress and outcome."""

    def __init__(self, engine: Engine, source_key: str, site: str, started_by: str, report: CheckReport):
        self.engine, self.report = engine, report
        now = _now()
        with writer(engine).begin() as conn:
            report.check_id = conn.execute(
                insert(SiteCheck).values(
                    source=source_key,
                    site=site,
                    started_by=started_by[:60],
                    started_at=now,
                    updated_at=now,
                    state="running",
                    phase="starting",
                    done=0,
                    total=0,
                    listed=0,
                    loaded=0,
                    unchanged=0,
                    failed=0,
                )
            ).inserted_primary_key[0]

    def _counts(self) -> dict:
        r = self.report
        return dict(
            listed=r.listed,
            loaded=len(r.loaded),
            unchanged=len(r.unchanged),
            failed=len(r.failed),
            run_ids=",".join(map(str, r.run_ids)) or None,
            updated_at=_now(),
        )

    def progress(self, phase: str, done: int, total: int) -> None:
        with writer(self.engine).begin() as conn:
            conn.execute(
                update(SiteCheck)
                .where(SiteCheck.id == self.report.check_id)
                .values(phase=phase[:300], done=done, total=total, **self._counts())
            )

    def finish(self, state: str, problem: str | None = None) -> None:
        if problem:
            self.report.failed.append(("the check", problem))
        lines = [f"{what}: {why}" for what, why in self.report.failed]
        with writer(self.engine).begin() as conn:
            conn.execute(
                update(SiteCheck)
                .where(SiteCheck.id == self.report.check_id)
                .values(
                    state=state,
                    finished_at=_now(),
                    phase="finished",
                    summary=self.report.summary(),
                    problems="\n".join(lines) or None,
                    **self._counts(),
                )
            )


class _Teller:
    """Progress to the caller every time, to the check's row at most every HEARTBEAT seconds."""

    def __init__(self, record: _Record | None, progress: Progress | None):
        self.record, self.progress = record, progress
        self._last = (None, -1.0)

    def __call__(self, phase: str, done: int, total: int) -> None:
        if self.progress is not None:
            self.progress(phase, done, total)
        if self.record is None:
            return
        now = time.monotonic()
        if phase != self._last[0] or now - self._last[1] >= HEARTBEAT:
            self._last = (phase, now)
            self.record.progress(phase, done, total)

"""`update ...`: new documents from an inspectorate's site, found, fetched and loaded.

Contract: one command per source in `trajectories.update.SOURCES`, named by its key, each taking
the options of `site_options` (declared once for every source). A check prints what it did, one
line a document, then its summary line last (so a scheduler's log ends with it); it exits 1 when
anything failed or another check of the site is running, else 0. `TRAJECTORIES_CONTACT` must name
whoever runs the updater: it is sent with every request.
"""

from __future__ import annotations

import click

from trajectories.cli.common import Day, Group, Refusal, authorities_option, db_option, engine


@click.group("update", cls=Group)
def update() -> None:
    """Load what is new on an inspectorate's site."""


def site_options(command):
    """The options of every source's check, passed on to `_check`."""
    for option in (
        db_option(),
        click.option(
            "--retry-wait",
            type=float,
            default=2.0,
            metavar="SECONDS",
            help="First wait before trying a failed request again, doubled each time (default 2).",
        ),
        click.option(
            "--timeout", type=float, default=30.0, metavar="SECONDS", help="Wait this long for an answer (default 30)."
        ),
        click.option(
            "--delay",
            type=float,
            default=1.0,
            metavar="SECONDS",
            help="At least this long between requests (default 1).",
        ),
        click.option(
            "--site", metavar="URL", help="Another host with the same layout (default: the inspectorate's site)."
        ),
        click.option("--dry-run", is_flag=True, help="List what would be fetched; fetch and change nothing."),
        authorities_option(help="Only this authority (repeatable)."),
        click.option(
            "--since",
            type=Day(),
            metavar="DATE",
            help="Only documents dated on or after this day (YYYY-MM-DD); undated ones are kept.",
        ),
    ):
        command = option(command)
    return command


@update.command("ofsted")
@site_options
def ofsted(**options) -> int:
    """Load what is new on Ofsted's reports site.

    Reads the listing of local authority children's services providers and each provider's page,
    keeps the children's services documents, downloads those whose address was not fetched before
    and loads them as `ingest` does (so `runs` lists them and `undo` removes them).
    """
    return _check("ofsted", **options)


def _check(source: str, since, authorities, dry_run, site, delay, timeout, retry_wait, db) -> int:
    import os

    from trajectories import ingest
    from trajectories import update as updater
    from trajectories.update.web import CONTACT_ENV, Client

    try:
        client = Client(os.environ.get(CONTACT_ENV, ""), delay=delay, timeout=timeout, backoff=retry_wait)
    except ValueError as exc:
        raise Refusal(str(exc)) from exc
    database = engine(db)
    try:
        ingest.prepare(database)
        report = updater.check(
            database, source, client=client, site=site, since=since, authority_codes=authorities, dry_run=dry_run
        )
    except updater.Busy as exc:
        raise Refusal(str(exc)) from exc
    finally:
        database.dispose()
    for line in report.lines()[1:]:
        print(line)
    print(report.summary())  # last, so a scheduler's log ends with it
    return 0 if report.ok else 1

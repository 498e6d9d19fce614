"""`export ...`: what a leader takes into a board meeting, written to a file.

Contract: each command's docstring is its help. Each writes its file, then prints one line
`wrote FILE (N bytes): <the filters in words>` and exits 0; an unknown authority, nation, region,
inspectorate or date, or a PDF whose chart cannot be drawn (no chromium), exits 1 with one line on
stderr and writes nothing. The bytes come from `trajectories.exports`.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import click

from trajectories.cli.common import (
    Group,
    Refusal,
    as_at_option,
    authority_code,
    db_option,
    engine,
    filter_options,
    period_options,
)
from trajectories.domain import Filters

out_option = click.option("--out", required=True, metavar="FILE", help="The file to write.")


@click.group("export", cls=Group)
def export() -> None:
    """Write a briefing, a portfolio or a table."""


def _write(db: str | None, out: str, filters: Filters, make: Callable) -> int:
    """Build the file from the database, then write it: nothing is written when building fails."""
    from trajectories import exports, ingest

    database = engine(db)
    ingest.prepare(database)
    try:
        with database.connect() as conn:
            data = make(conn)
    except (exports.ExportError, exports.ChartImageError) as exc:
        raise Refusal(str(exc)) from exc
    finally:
        database.dispose()
    Path(out).write_bytes(data)
    print(f"wrote {out} ({len(data):,} bytes): {exports.describe(filters)}")
    return 0


@export.command("briefing")
@click.option(
    "--authority",
    required=True,
    metavar="CODE_OR_NAME",
    callback=lambda _ctx, _param, value: authority_code(value),
    help="ONS code or name.",
)
@period_options
@db_option()
@out_option
def briefing(authority: str, date_from, date_to, db: str | None, out: str) -> int:
    """A PDF briefing on one authority.

    Its trajectory chart, where it stands, its inadequate periods, recurring themes with their
    evidence, and the visits planned.
    """
    from trajectories import exports

    filters = Filters(authorities=(authority,), date_from=date_from, date_to=date_to)
    return _write(db, out, filters, lambda conn: exports.briefing_pdf(conn, authority, date_from, date_to))


@export.command("portfolio")
@filter_options
@db_option()
@out_option
def portfolio(filters: Filters, db: str | None, out: str) -> int:
    """A PDF briefing on a group of authorities.

    Levels now, who is inadequate now, moves between judgements, then one short section per authority.
    """
    from trajectories import exports

    return _write(db, out, filters, lambda conn: exports.portfolio_pdf(conn, filters))


@export.command("table")
@filter_options
@click.option("--format", "kind", type=click.Choice(["csv", "xlsx"]), required=True, help="CSV or XLSX.")
@click.option(
    "--table",
    type=click.Choice(["events", "judgements", "findings", "authorities"]),
    default="events",
    show_default=True,
    help="CSV only (XLSX holds every table).",
)
@as_at_option("YYYY-MM-DD: where each authority stood on that day (default: today).")
@db_option()
@out_option
def table(filters: Filters, kind: str, table: str, as_at, db: str | None, out: str) -> int:
    """A table of the filtered view, CSV or XLSX.

    CSV: events, judgements, findings or authorities; XLSX: all four and an About sheet.
    """
    from trajectories import exports

    if kind == "xlsx":
        return _write(db, out, filters, lambda conn: exports.export_xlsx(conn, filters, as_at=as_at))
    return _write(db, out, filters, lambda conn: exports.table_csv(conn, filters, table, today=as_at))

"""What every command shares: one-line failures, --verbose, and the options declared once.

Contract:
- `Command` and `Group` are the click classes of every command and group. Each takes --verbose
  (before or after a command's name) and turns a failure into one line on stderr:
  - `Refusal` (a value the command cannot use, or a request it turns down): the line, exit 1;
  - `DocumentError` from the core: its message, exit 1;
  - a database or configuration failure (`trajectories.db.errors.explain` names it): one line
    saying what to do, exit 2; with --verbose the detail (the traceback) follows it;
  - anything else is a bug and keeps its traceback.
- Values are checked as the command line is read, before any database is opened: an unknown
  authority, nation, region or inspectorate, or a date not written YYYY-MM-DD, is a `Refusal`
  naming the option and the value.
- The shared options, each declared once: `db_option`, `as_at_option`, `period_options`
  (--from, --to), `filter_options` (--authority, --nation, --region, --inspectorate, each
  repeatable, and the period: the command receives one `Filters` as `filters`) and
  `authorities_option`.
- `engine(url)` opens the database a command names (None: DATABASE_URL or the local SQLite file).
"""

from __future__ import annotations

import datetime as dt
import functools
import sys
import traceback

import click

from trajectories.domain import DocumentError, Filters


class Refusal(click.ClickException):
    """One line on stderr, exit 1: the line itself says what to do, so no usage text follows."""

    exit_code = 1

    def show(self, file=None) -> None:
        print(self.message, file=file or sys.stderr)


def _remember_verbose(ctx: click.Context, _param, value: bool) -> None:
    if value:
        ctx.meta["verbose"] = True  # meta is shared by a command and the groups above it


def _verbose_option() -> click.Option:
    return click.Option(
        ["--verbose"],
        is_flag=True,
        expose_value=False,
        callback=_remember_verbose,
        help="After a database or configuration error, show its detail.",
    )


class Command(click.Command):
    """A command that takes --verbose and turns failures into one line (see the module's contract)."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.params.append(_verbose_option())

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except (click.ClickException, click.exceptions.Exit, click.Abort):
            raise
        except DocumentError as exc:
            print(str(exc), file=sys.stderr)
            return 1
        except Exception as exc:
            from trajectories.db.errors import explain

            line = explain(exc, ctx.params.get("db") or _configured_url())
            if line is None:
                raise
            verbose = ctx.meta.get("verbose", False)
            print(line if verbose else f"{line} (--verbose shows the detail)", file=sys.stderr)
            if verbose:
                traceback.print_exception(exc, file=sys.stderr)
            return 2


class Group(click.Group):
    """A group of commands; it and every command and group under it take --verbose."""

    command_class = Command
    group_class = type  # subgroups are of this class too

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.params.append(_verbose_option())


def _configured_url() -> str:
    try:
        from trajectories.db.engine import database_url

        return database_url()
    except Exception:  # the configuration itself is what failed
        return ""


def engine(url: str | None):
    """The database named by --db (None: DATABASE_URL or the local SQLite file)."""
    from sqlalchemy.exc import ArgumentError

    from trajectories.db.engine import make_engine

    try:
        return make_engine(url)
    except ImportError as exc:  # a kind of database whose driver is not installed: not one this product uses
        raise ArgumentError(str(exc)) from exc


# ---------------------------------------------------------------- values checked as the line is read


def authority_code(text: str) -> str:
    """An ONS code or a name as people write it -> the ONS code; Refusal when unknown."""
    from trajectories import authorities

    if text.strip().upper() in authorities.by_code():
        return text.strip().upper()
    found = authorities.match(text)
    if found is None:
        raise Refusal(f"unknown authority {text!r}: give an ONS code (e.g. E08000032) or a name (e.g. Bradford)")
    return found.code


def _authority_codes(_ctx, _param, values: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(authority_code(value) for value in values))


class Day(click.ParamType):
    """A day written YYYY-MM-DD (an empty value: none)."""

    name = "date"

    def convert(self, value, param, ctx):
        if value is None or isinstance(value, dt.date):
            return value
        if not value:
            return None
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            raise Refusal(f"{param.opts[0]} {value!r} is not a date written YYYY-MM-DD") from None


def _known(what: str, choices):
    """A callback that maps each value, in any case, to its known spelling; Refusal for any other."""

    def pick(_ctx, _param, values: tuple[str, ...]) -> tuple[str, ...]:
        known = choices()
        out = []
        for value in values:
            key = value.strip().lower()
            if key not in known:
                raise Refusal(f"unknown {what} {value!r}: choose from {', '.join(sorted(set(known.values())))}")
            out.append(known[key])
        return tuple(out)

    return pick


def _nations() -> dict[str, str]:
    from trajectories.domain import Nation

    return {n.value.lower(): n.value for n in Nation}


def _regions() -> dict[str, str]:
    from trajectories import authorities

    return {a.region.lower(): a.region for a in authorities.reference()}


def _inspectorates() -> dict[str, str]:
    from trajectories.domain import INSPECTORATE_NAMES, Inspectorate

    known = {i.value: i.value for i in Inspectorate}
    known.update({INSPECTORATE_NAMES[i][0].lower(): i.value for i in Inspectorate})
    return known


# ---------------------------------------------------------------- the shared options


def db_option(help: str = "Database URL (default: DATABASE_URL or the local SQLite file).", **kwargs):
    return click.option("--db", metavar="URL", help=help, **kwargs)


def as_at_option(help: str):
    return click.option("--as-at", "as_at", type=Day(), metavar="DATE", help=help)


def authorities_option(help: str = "ONS code or name (repeatable).", **kwargs):
    return click.option(
        "--authority",
        "authorities",
        multiple=True,
        metavar="CODE_OR_NAME",
        callback=_authority_codes,
        help=help,
        **kwargs,
    )


def period_options(func):
    """--from and --to (YYYY-MM-DD), as `date_from` and `date_to`."""
    func = click.option("--to", "date_to", type=Day(), metavar="DATE", help="Last day, YYYY-MM-DD.")(func)
    return click.option("--from", "date_from", type=Day(), metavar="DATE", help="First day, YYYY-MM-DD.")(func)


def filter_options(func):
    """The filters of a group of authorities; the command receives them as one `filters`."""

    @functools.wraps(func)
    def command(*args, authorities, nations, regions, inspectorates, date_from, date_to, **kwargs):
        filters = Filters(
            authorities=authorities,
            nations=nations,
            regions=regions,
            inspectorates=inspectorates,
            date_from=date_from,
            date_to=date_to,
        )
        return func(*args, filters=filters, **kwargs)

    command = period_options(command)
    for option in (
        click.option(
            "--inspectorate",
            "inspectorates",
            multiple=True,
            metavar="INSPECTORATE",
            callback=_known("inspectorate", _inspectorates),
            help="ofsted, ciw, ci_scot, dfe, welsh_gov (repeatable).",
        ),
        click.option(
            "--region",
            "regions",
            multiple=True,
            metavar="REGION",
            callback=_known("region", _regions),
            help="e.g. 'North West' (repeatable).",
        ),
        click.option(
            "--nation",
            "nations",
            multiple=True,
            metavar="NATION",
            callback=_known("nation", _nations),
            help="England, Wales or Scotland (repeatable).",
        ),
        authorities_option(),
    ):
        command = option(command)
    return command

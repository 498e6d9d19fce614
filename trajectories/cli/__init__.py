"""The command line: `python -m trajectories <command>`, usable without Streamlit.

Contract:
- `cli` is the click group of every command; each command's docstring is its help
  (`python -m trajectories COMMAND --help`), and README.md's command list is tested against it.
  The commands live by job: `load` (parse, ingest, init, rebuild, runs, undo,
  rebuild-from-originals, synthesize), `evaluate`, `export` and `update` (groups of commands).
- `main(argv)` runs one command line and returns its exit code: 0 done; 1 refused with a one-line
  reason on stderr (a file that cannot be read, an unknown value, a refused request) or some
  files failed; 2 for a command line that cannot be used (with click's usage text) and for a
  database or configuration failure (one line saying what to do; --verbose adds the detail).
- Every option shared by several commands is declared once in `common`; domain errors from the
  core are turned into messages here and nowhere else.
"""

from __future__ import annotations

import sys

import click

from trajectories.cli import evaluate, export, load, update
from trajectories.cli.common import Group

PROG = "python -m trajectories"


@click.group(
    "trajectories",
    cls=Group,
    context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100},
)
def cli() -> None:
    """Local authority improvement trajectories.

    Every command takes --verbose: the detail behind a database or configuration error.
    """


for command in (*load.COMMANDS, evaluate.evaluate, export.export, update.update):
    cli.add_command(command)


def main(argv: list[str] | None = None) -> int:
    """Run one command line (default: this process's arguments); return its exit code."""
    args = list(sys.argv[1:] if argv is None else argv)
    try:
        code = cli.main(args=args, prog_name=PROG, standalone_mode=False)
    except click.ClickException as exc:
        exc.show()
        return exc.exit_code
    except click.Abort as exc:  # an interrupt: as it would be without click
        raise exc.__cause__ or KeyboardInterrupt() from None
    return code or 0

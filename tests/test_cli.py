"""The command line's shape: help from each command's docstring, --verbose anywhere, values
checked before any database is opened, and the exit codes scripts rely on (0 done, 1 refused in
one line, 2 for a command line or a database that cannot be used).

What each command does is tested beside what it drives (test_exports, test_update, test_originals,
test_synthetic, test_hostile, test_evaluation); the README's command list in test_architecture.
"""

from __future__ import annotations

import click
import pytest

from tests.conftest import SEED
from trajectories.cli import cli, main

UNUSABLE = "mysql://nobody@127.0.0.1/x"  # a database address this product cannot use: exit 2 when opened


def _every_command(group=cli, words=()):
    yield words, group
    for name, command in group.commands.items():
        if isinstance(command, click.Group):
            yield from _every_command(command, (*words, name))
        else:
            yield (*words, name), command


@pytest.fixture
def db(tmp_path):
    url = f"sqlite:///{tmp_path / 'cli.db'}"
    assert main(["ingest", str(SEED), "--db", url]) == 0
    return url


@pytest.mark.parametrize(
    "words, command", list(_every_command()), ids=lambda v: " ".join(v) if isinstance(v, tuple) else ""
)
def test_every_command_explains_itself_from_its_docstring_and_takes_verbose(words, command, capsys):
    assert main([*words, "--help"]) == 0
    shown = " ".join(capsys.readouterr().out.split())
    first = command.help.strip().split("\n\n")[0]
    assert len(first) > 15 and " ".join(first.split()) in shown, (words, shown)
    assert "--verbose" in shown and "python -m trajectories" in shown


def test_verbose_before_or_after_the_command_name_shows_the_detail(capsys):
    assert main(["runs", "--db", UNUSABLE]) == 2
    [line] = capsys.readouterr().err.splitlines()
    assert line.endswith(" (--verbose shows the detail)") and "is not one this product can use" in line
    for argv in (
        ["--verbose", "runs", "--db", UNUSABLE],
        ["runs", "--verbose", "--db", UNUSABLE],
        ["export", "--verbose", "table", "--format", "csv", "--out", "never.csv", "--db", UNUSABLE],
    ):
        assert main(argv) == 2, argv
        err = capsys.readouterr().err
        assert err.splitlines()[0] == line.removesuffix(" (--verbose shows the detail)"), argv
        assert "Traceback" in err, argv


@pytest.mark.parametrize(
    "argv, says",
    [
        (["evaluate", "positions", "--as-at", "2023-02-30"], "--as-at '2023-02-30' is not a date written YYYY-MM-DD"),
        (["update", "ofsted", "--since", "yesterday"], "--since 'yesterday' is not a date written YYYY-MM-DD"),
        (["update", "ofsted", "--authority", "Atlantis"], "unknown authority 'Atlantis': give an ONS code"),
        (["export", "table", "--format", "csv", "--region", "Mars", "--out", "x"], "unknown region 'Mars': choose"),
        (["export", "portfolio", "--inspectorate", "fbi", "--out", "x"], "unknown inspectorate 'fbi': choose"),
        (["export", "briefing", "--authority", "Ys", "--to", "2020-02-30", "--out", "x"], "unknown authority 'Ys'"),
    ],
)
def test_a_value_it_cannot_use_is_one_line_before_any_database_is_opened(argv, says, capsys, tmp_path):
    """The database named cannot be used (that would be exit 2): the value is refused first, exit 1."""
    assert main([*argv, "--db", UNUSABLE]) == 1
    out, err = capsys.readouterr()
    assert out == "" and err.startswith(says) and err.count("\n") == 1, err


@pytest.mark.parametrize(
    "argv",
    [
        ["frobnicate"],
        ["parse"],
        ["undo", "one"],
        ["export", "table", "--format", "pdf", "--out", "x"],
        ["export", "table", "--format", "csv"],
        ["evaluate", "nothing"],
        ["update", "ciw"],
        ["evaluate", "tagger", "--db", "sqlite://"],
    ],
)
def test_a_command_line_it_cannot_use_exits_2_with_its_usage(argv, capsys):
    assert main(argv) == 2
    out, err = capsys.readouterr()
    assert out == "" and err.startswith("Usage: python -m trajectories") and "Error: " in err


def test_names_are_taken_in_any_case_and_an_authority_named_twice_counts_once(db, tmp_path, capsys):
    out = tmp_path / "wales.csv"
    argv = ["export", "table", "--format", "csv", "--nation", "wALES", "--inspectorate", "care inspectorate wales"]
    argv += [
        "--authority",
        "Wrexham",
        "--authority",
        "w06000006",
        "--from",
        "2021-01-01",
        "--db",
        db,
        "--out",
        str(out),
    ]
    assert main(argv) == 0
    assert capsys.readouterr().out == (
        f"wrote {out} ({out.stat().st_size:,} bytes): authorities: Wrexham County Borough Council (Wrecsam); "
        "nations: Wales; inspectorates: Care Inspectorate Wales; from 2021-01-01\n"
    )


def test_an_interrupt_and_a_bug_are_not_turned_into_exit_codes(monkeypatch):
    def interrupted(_url=None):
        raise KeyboardInterrupt

    monkeypatch.setattr("trajectories.db.engine.make_engine", interrupted)
    with pytest.raises(KeyboardInterrupt):
        main(["runs"])

    def broken(_url=None):
        raise RuntimeError("a bug")

    monkeypatch.setattr("trajectories.db.engine.make_engine", broken)
    with pytest.raises(RuntimeError, match="a bug"):
        main(["runs"])


def test_there_is_one_update_command_per_source():
    from trajectories.update import SOURCES

    assert sorted(cli.commands["update"].commands) == sorted(SOURCES)

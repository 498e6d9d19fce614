"""The shape the code promises: one-way flow, Streamlit only in the UI, documented commands."""

import ast
import re
from pathlib import Path

from tests.conftest import ROOT

UI = {ROOT / "dashboard.py", *(ROOT / "pages").glob("*.py")}


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names |= {a.name.split(".")[0] for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module.split(".")[0])
    return names


def test_only_the_ui_imports_streamlit():
    offenders = [
        str(p.relative_to(ROOT))
        for p in ROOT.glob("[!.]*/**/*.py")
        if ".venv" not in p.parts
        and "tests" not in p.parts
        and p not in UI
        and "benchmarks" not in p.parts
        and "streamlit" in imported_modules(p)
    ]
    assert offenders == []


def test_core_never_imports_the_ui():
    for path in (ROOT / "trajectories").rglob("*.py"):
        assert not {"pages", "dashboard"} & imported_modules(path), path


def test_every_module_states_its_contract():
    for path in [*(ROOT / "trajectories").rglob("*.py"), *(ROOT / "loaders").glob("*.py")]:
        if path.name == "__main__.py" or "versions" in path.parts:
            continue
        doc = ast.get_docstring(ast.parse(path.read_text(encoding="utf-8")))
        assert doc and len(doc) > 30, f"{path.relative_to(ROOT)} has no module docstring"


# A line of the README's command list: the command's words, its options, then a comment.
LISTED = re.compile(r"^    python -m trajectories (?P<line>[^#\n]*)", re.MULTILINE)


def _leaf_commands() -> dict[tuple[str, ...], object]:
    """Every command a user can run, by its words after `python -m trajectories`."""
    import click

    from trajectories.cli import cli

    def walk(group, words):
        for name, command in group.commands.items():
            if isinstance(command, click.Group):
                yield from walk(command, (*words, name))
            else:
                yield (*words, name), command

    return dict(walk(cli, ()))


def _resolve(tokens: list[str]) -> tuple[tuple[str, ...], object]:
    """The longest run of leading tokens that names a command or group, and that command."""
    from trajectories.cli import cli

    node, words = cli, ()
    for token in tokens:
        commands = getattr(node, "commands", {})
        if token not in commands:
            break
        node, words = commands[token], (*words, token)
    return words, node


def test_readme_lists_every_command_and_no_other():
    """The README's command list against the click commands: each command listed once, each line
    a runnable command, and every option a line shows is one the command takes."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    commands = _leaf_commands()
    listed = []
    for match in LISTED.finditer(readme):
        tokens = match["line"].split()
        words, command = _resolve(tokens)
        assert words in commands, f"README lists 'python -m trajectories {match['line'].strip()}': no such command"
        flags = set(re.findall(r"(?<![\w-])--[a-z][a-z-]*", match["line"]))
        takes = {opt for param in command.params for opt in param.opts}
        assert flags <= takes, f"README shows {sorted(flags - takes)} for '{' '.join(words)}', which does not take it"
        listed.append(words)
    missing = sorted(" ".join(words) for words in set(commands) - set(listed))
    twice = sorted(" ".join(words) for words in listed if listed.count(words) > 1)
    assert not missing and not twice, f"not in the README's command list: {missing}; listed twice: {twice}"


def test_docs_name_only_commands_that_exist():
    """Every `python -m trajectories WORD` in README.md and docs/ names a command (or a group and
    one of its commands)."""
    import click

    for path in [ROOT / "README.md", *(ROOT / "docs").glob("*.md")]:
        for match in re.finditer(r"python -m trajectories ([a-z][\w-]*(?: [a-z][\w-]*)?)", path.read_text("utf-8")):
            tokens = match[1].split()
            words, command = _resolve(tokens)
            named = tokens if isinstance(command, click.Group) else tokens[:1]  # a group's next word is its command
            assert words[: len(named)] == tuple(named), (
                f"{path.name}: 'python -m trajectories {match[1]}' is no command"
            )

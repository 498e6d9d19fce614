"""The shape the code promises: one-way flow, Streamlit only in the UI, documented commands."""

import ast
import re
from pathlib import Path

from tests.conftest import ROOT

# The UI: the entry point, the pages (every file in pages/ is a page) and their shared code, ui/.
UI = {ROOT / "dashboard.py", *(ROOT / "pages").glob("*.py"), *(ROOT / "ui").rglob("*.py")}


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names |= {a.name.split(".")[0] for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module.split(".")[0])
    return names


# Every module's layer, lowest first (the longest matching name wins). A module imports only modules
# of its own layer or of the layers below it; a new module must be placed here.
LAYERS = (
    (
        "vocabulary",
        (
            "trajectories",  # the package itself: its version
            "trajectories.domain",
            "trajectories.text",
            "trajectories.dates",
            "trajectories.scale",
            "trajectories.themes",
            "trajectories.authorities",
            "trajectories.normalise",
            "trajectories.paths",
            "trajectories.labels",
        ),
    ),
    # pure: what the store caches
    ("rules", ("trajectories.frames", "trajectories.positions", "trajectories.visit_dates", "trajectories.summaries")),
    ("store", ("trajectories.db",)),
    (
        "analyses",
        (
            "trajectories.analytics",
            "trajectories.story",
            "trajectories.charts",
            "trajectories.selection",
            "trajectories.views",
        ),
    ),
    ("loaders", ("loaders",)),
    (
        "services",
        (
            "trajectories.ingest",
            "trajectories.rebuild",
            "trajectories.reading",
            "trajectories.originals",
            "trajectories.admin",
            "trajectories.synthetic",
            "trajectories.exports",
            "trajectories.evaluation",
            "trajectories.update",
        ),
    ),
    ("entry points", ("trajectories.cli", "trajectories.__main__", "ui", "pages", "dashboard")),
)
# What the readers of documents may use of the core: its vocabulary only.
LOADERS_USE = {"trajectories", *LAYERS[0][1]} - {"trajectories.paths", "trajectories.labels"}
# Who may import the readers: the entry points, ingest (which chooses a reader for each file) and the
# evaluation of the readers against labelled files (the `evaluate` command's work).
LOADER_USERS = ("trajectories.cli", "trajectories.ingest", "trajectories.evaluation", "pages.7_Upload", "loaders")
MIGRATIONS = ROOT / "trajectories" / "db" / "migrations" / "versions"
CODE = ("trajectories", "loaders", "ui", "pages", "dashboard")


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def is_module(name: str) -> bool:
    path = ROOT.joinpath(*name.split("."))
    return path.with_suffix(".py").is_file() or (path / "__init__.py").is_file()


def project_imports(path: Path) -> set[str]:
    """The project's modules `path` imports, anywhere in it (inside functions too), by full name."""
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names |= {a.name for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            for a in node.names:
                full = f"{node.module}.{a.name}"
                names.add(full if is_module(full) else node.module)
    return {n for n in names if n.split(".")[0] in CODE}


def layer(name: str) -> int:
    found = [(len(prefix), i) for i, (_, prefixes) in enumerate(LAYERS) for prefix in prefixes if _within(name, prefix)]
    assert found, f"{name} is in no layer of tests/test_architecture.py LAYERS: place it there"
    return max(found)[1]


def _within(name: str, prefix: str) -> bool:
    return name == prefix or name.startswith(prefix + ".")


def project_modules() -> list[Path]:
    paths = [ROOT / "dashboard.py", *(ROOT / "pages").glob("*.py"), *(ROOT / "loaders").rglob("*.py")]
    return sorted([*paths, *(p for p in (ROOT / "trajectories").rglob("*.py") if MIGRATIONS not in p.parents)])


def test_every_import_points_down_the_layers():
    broken = []
    for path in project_modules():
        me = module_name(path)
        for other in sorted(project_imports(path)):
            if layer(other) > layer(me):
                broken.append(f"{me} ({LAYERS[layer(me)][0]}) imports {other} ({LAYERS[layer(other)][0]})")
    assert broken == []


def test_the_store_and_the_queries_never_import_the_analyses():
    for path in (ROOT / "trajectories" / "db").rglob("*.py"):
        assert not {"trajectories.analytics", "trajectories.selection"} & project_imports(path), path


def test_loaders_use_only_the_vocabulary_and_only_entry_points_use_loaders():
    for path in project_modules():
        me, used = module_name(path), project_imports(path)
        if _within(me, "loaders"):
            core = {n for n in used if not _within(n, "loaders")}
            assert core <= LOADERS_USE, f"{me} imports {sorted(core - LOADERS_USE)}"
        elif any(_within(n, "loaders") for n in used):
            assert any(_within(me, user) for user in LOADER_USERS), f"{me} imports a loader"


def test_migrations_carry_their_own_definitions():
    for path in MIGRATIONS.glob("*.py"):
        tops = {n.split(".")[0] for n in imported_modules(path)}
        assert tops <= {"alembic", "sqlalchemy", "__future__", "datetime", "json", "re"}, path
        assert not project_imports(path), path


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
        assert not {"pages", "dashboard", "ui"} & imported_modules(path), path


def test_pages_folder_holds_only_pages():
    """Streamlit lists every file in pages/ as a page: shared code lives in ui/, never there."""
    assert sorted(p.name for p in (ROOT / "pages").glob("*.py") if not p.name[0].isdigit()) == []


def test_the_ui_finds_no_caller_by_its_stack_frame():
    for path in UI:
        source = path.read_text(encoding="utf-8")
        assert "import inspect" not in source and "currentframe" not in source and "f_back" not in source, path


def test_importing_the_ui_changes_nothing_in_the_process():
    """No garbage-collector setting, no cached resource built, no query run, no page set up: the
    work is done when a page calls the UI, never when it is imported."""
    import subprocess
    import sys

    probe = (
        "import gc, sys; before = gc.get_threshold()\n"
        "import ui.data, ui.engine, ui.render, ui.sidebar, ui.tables, ui.urlstate\n"
        "assert gc.get_threshold() == before, gc.get_threshold()\n"
        "assert 'sqlalchemy.engine' not in sys.modules or not ui.engine._versions\n"
    )
    done = subprocess.run([sys.executable, "-c", probe], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr


def test_ui_and_views_are_short_enough_to_hold_in_the_head():
    """No module of the UI or the view models over 600 lines, no function over 60."""
    for path in [*UI, ROOT / "trajectories" / "views.py"]:
        text = path.read_text(encoding="utf-8")
        assert len(text.splitlines()) <= 600, path
        for node in ast.walk(ast.parse(text)):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                assert node.end_lineno - node.lineno < 60, f"{path.name}: {node.name}"


def test_every_module_states_its_contract():
    for path in [*(ROOT / "trajectories").rglob("*.py"), *(ROOT / "loaders").glob("*.py"), *(ROOT / "ui").glob("*.py")]:
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

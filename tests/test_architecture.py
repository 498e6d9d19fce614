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


def test_readme_documents_every_command():
    from trajectories.cli import build_parser

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    commands = build_parser()._subparsers._group_actions[0].choices
    for name in commands:
        assert re.search(rf"python -m trajectories {name}\b", readme), f"README does not document '{name}'"

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


def test_readme_documents_every_command():
    from trajectories.cli import build_parser

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    commands = build_parser()._subparsers._group_actions[0].choices
    for name in commands:
        assert re.search(rf"python -m trajectories {name}\b", readme), f"README does not document '{name}'"

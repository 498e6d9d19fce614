"""One job per module: the document readers, the chart builders and the tagger stay small enough to hold in the
head, no function of the core runs over 60 lines without a comment saying why, and the readers'
registry lists every reader, in a fixed order, and nothing that is not one."""

import ast
import importlib
from pathlib import Path

import loaders
from tests.conftest import ROOT

MODULE_LINES = 600
FUNCTION_LINES = 60
CHECKED = [*sorted((ROOT / "loaders").glob("*.py")), *sorted((ROOT / "trajectories" / "charts").glob("*.py"))]
CHECKED += sorted((ROOT / "trajectories" / "themes").glob("*.py"))
# Every module of the core, for the length of its functions; a migration is never edited once released.
CORE = [
    *sorted((ROOT / "loaders").glob("*.py")),
    *sorted(p for p in (ROOT / "trajectories").rglob("*.py") if "migrations" not in p.parts),
    *sorted((ROOT / "ui").rglob("*.py")),
]


def _functions(path: Path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            yield node


def _states_a_reason(path: Path, node: ast.FunctionDef) -> bool:
    """A long function may stay long when a comment line directly above it says why."""
    first = min([node.lineno, *(d.lineno for d in node.decorator_list)])
    above = path.read_text(encoding="utf-8").splitlines()[first - 2] if first > 1 else ""
    return above.strip().startswith("# long:")


def test_no_module_is_over_600_lines():
    sizes = {p.relative_to(ROOT).as_posix(): len(p.read_text(encoding="utf-8").splitlines()) for p in CHECKED}
    assert "loaders/ofsted_report.py" in sizes and "trajectories/charts/trajectory.py" in sizes
    assert {p: n for p, n in sizes.items() if n > MODULE_LINES} == {}


def test_no_function_is_over_60_lines_without_a_stated_reason():
    assert {"trajectories/positions.py", "trajectories/db/store.py", "ui/data.py"} <= {
        p.relative_to(ROOT).as_posix() for p in CORE
    }
    long = [
        f"{p.relative_to(ROOT).as_posix()}:{f.lineno} {f.name} ({f.end_lineno - f.lineno + 1} lines)"
        for p in CORE
        for f in _functions(p)
        if f.end_lineno - f.lineno + 1 > FUNCTION_LINES and not _states_a_reason(p, f)
    ]
    assert long == []


def test_the_registry_lists_every_reader_in_order_and_no_helper():
    assert [m.NAME for m in loaders.DOCUMENT_LOADERS] == [
        "ofsted_letter",
        "ofsted_report",
        "ci_scotland",
        "ciw_page",
        "ciw_letter",
    ]
    assert [m.NAME for m in loaders.TABLE_LOADERS] == ["tables"]
    registered = {*loaders.DOCUMENT_LOADERS, *loaders.TABLE_LOADERS}
    for path in (ROOT / "loaders").glob("*.py"):
        if path.stem == "__init__":
            continue
        module = importlib.import_module(f"loaders.{path.stem}")
        is_reader = hasattr(module, "read_table") or (hasattr(module, "sniff") and hasattr(module, "parse"))
        # a reader that is not registered never reads a file; a helper that is registered breaks every read
        assert is_reader == (module in registered), path.name

"""Where the product keeps its files: bundled data, the default SQLite database, stored originals.

Contract: every other module asks here; `TRAJECTORIES_HOME` moves the writable state (the
SQLite file and the document store) away from the checkout, e.g. for tests.
"""

from __future__ import annotations

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA_DIR = ROOT / "data"


def state_dir() -> Path:
    """The writable folder for the default database and stored documents."""
    path = Path(os.environ.get("TRAJECTORIES_HOME", ROOT / "var"))
    path.mkdir(parents=True, exist_ok=True)
    return path

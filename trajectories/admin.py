"""Who may change the data, and what an upload may be.

Contract:
- The product is read-only unless an admin secret is configured: `TRAJECTORIES_ADMIN_SECRET`
  in the environment (or `admin_secret` in Streamlit's secrets, read by the page). `is_admin`
  compares a given secret in constant time.
- `check_uploads(files)` takes (name, bytes) pairs and returns, for each, a `Checked` with a
  safe display name and either the reason it is refused (too many files, too large, empty, a
  type that is not a letter, report or table, decided from the bytes, never the name) or None.
- `safe_name(name)` turns any uploaded file name into a short label with no folders, control
  characters or markup; stored originals are addressed by content (sha256), so a name can never
  choose where a file is written.
"""

from __future__ import annotations

import hmac
import os
import re
import unicodedata
from dataclasses import dataclass

from loaders.extract import sniff_media_type

MAX_FILES = 20
MAX_FILE_BYTES = 20 * 1024 * 1024
ALLOWED = {"application/pdf": "PDF", "text/html": "HTML page", "text/plain": "text", "application/zip": "spreadsheet"}
ENV = "TRAJECTORIES_ADMIN_SECRET"


def configured_secret(secrets: object = None) -> str | None:
    """The admin secret from the environment, else from a mapping such as Streamlit's secrets."""
    value = os.environ.get(ENV, "").strip()
    if value:
        return value
    try:
        value = str(secrets.get("admin_secret", "") or "").strip() if secrets is not None else ""
    except Exception:  # no secrets file: read-only
        value = ""
    return value or None


def is_admin(given: str | None, secret: str | None) -> bool:
    return bool(secret) and bool(given) and hmac.compare_digest(given.encode(), secret.encode())


def safe_name(name: str) -> str:
    """'../../etc/passwd' -> 'passwd'; control characters and markup characters dropped."""
    base = re.split(r"[\\/]", name or "")[-1]
    base = "".join(c for c in unicodedata.normalize("NFC", base) if unicodedata.category(c)[0] != "C")
    base = re.sub(r"[<>\"'`*_\[\](){}|#!]", "", base).strip(" .") or "upload"
    return base[:120]


@dataclass(frozen=True)
class Checked:
    name: str
    data: bytes
    kind: str | None
    refused: str | None


def check_uploads(files: list[tuple[str, bytes]]) -> list[Checked]:
    out = []
    for index, (name, data) in enumerate(files):
        label = f"upload/{safe_name(name)}"
        if index >= MAX_FILES:
            out.append(Checked(label, b"", None, f"more than {MAX_FILES} files in one upload"))
            continue
        if not data:
            out.append(Checked(label, data, None, "the file is empty"))
            continue
        if len(data) > MAX_FILE_BYTES:
            out.append(Checked(label, b"", None, f"larger than {MAX_FILE_BYTES // (1024 * 1024)} MB"))
            continue
        kind = sniff_media_type(data)
        if kind not in ALLOWED:
            out.append(Checked(label, data, None, "not a letter, report or table"))
            continue
        out.append(Checked(label, data, ALLOWED[kind], None))
    return out

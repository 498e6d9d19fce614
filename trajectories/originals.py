"""The original bytes of every loaded file, kept content-addressed in the state folder.

Contract:
- `put(data, name=None, durable=True) -> sha` stores `data` at `path(sha)`, which is
  `state_dir() / "documents" / sha[:2] / sha` (sha = SHA-256 of the bytes, hex). The write is
  atomic (a temporary file in the same folder, flushed to disk, then `os.replace`), so a reader
  never sees half a file, and idempotent: storing the same bytes again changes nothing. With
  `durable=False` the bytes are not flushed to disk yet: the caller makes several files durable
  at once with `sync(shas)` (one wait for the disk instead of one per file) before it relies on them. With a
  `name` (the path the file was loaded from) it also appends one line to the catalogue
  `documents/names.jsonl`, in load order, so the originals can be re-read without a database.
  Bytes already stored (by size) are not written again, so one process may store them durably
  without a name and another name them later at the cost of one appended line.
- `get(sha) -> bytes` returns the stored bytes, checked against their hash. It raises
  `FileNotFoundError` when nothing is stored under `sha` and `OSError` when the stored bytes no
  longer match it; both carry a one-line `strerror`.
- `catalogue()` lists `(sha, name)` for every original whose bytes are stored, in the order each
  was last loaded (the name of its newest load). Originals are never deleted by the product.
- A `sha` that is not 64 hexadecimal digits is refused with `ValueError` (no path outside the store).
"""

from __future__ import annotations

import errno
import hashlib
import json
import os
import re
import tempfile
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from trajectories.paths import state_dir

_SHA = re.compile(r"[0-9a-f]{64}")
CATALOGUE = "names.jsonl"


def root() -> Path:
    return state_dir() / "documents"


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def path(sha: str) -> Path:
    if not isinstance(sha, str) or not _SHA.fullmatch(sha):
        raise ValueError(f"not a SHA-256 in hexadecimal: {sha!r}"[:120])
    return root() / sha[:2] / sha


def exists(sha: str) -> bool:
    return path(sha).is_file()


def put(data: bytes, name: str | None = None, durable: bool = True) -> str:
    """Store `data` (once) and return its SHA-256; with `name`, record that it was loaded as it."""
    sha = sha256(data)
    target = path(sha)
    if not (target.is_file() and target.stat().st_size == len(data)):
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{sha[:12]}.", suffix=".tmp", dir=target.parent)
        try:
            with os.fdopen(fd, "wb") as out:
                out.write(data)
                out.flush()
                if durable:
                    os.fsync(out.fileno())
            os.replace(tmp, target)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
    if name is not None:
        line = json.dumps({"sha": sha, "name": name}, ensure_ascii=False) + "\n"
        # One short append per load: O_APPEND keeps concurrent writers' lines whole.
        with open(root() / CATALOGUE, "a", encoding="utf-8") as log:
            log.write(line)
    return sha


def sync(shas: Iterable[str]) -> None:
    """Flush the stored bytes of `shas` to disk (after `put(..., durable=False)`). The flushes are
    issued together, so the disk can serve them in one go. Raises OSError if one fails."""

    def flush(sha: str) -> None:
        fd = os.open(path(sha), os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)

    shas = list(dict.fromkeys(shas))
    if len(shas) < 2:
        for sha in shas:
            flush(sha)
        return
    with ThreadPoolExecutor(max_workers=min(16, len(shas))) as pool:
        for _ in pool.map(flush, shas):
            pass


def get(sha: str) -> bytes:
    """The stored bytes of `sha`, verified against it."""
    target = path(sha)
    try:
        data = target.read_bytes()
    except FileNotFoundError:
        raise FileNotFoundError(errno.ENOENT, f"no stored original {sha[:12]}…", str(target)) from None
    if sha256(data) != sha:
        raise OSError(
            errno.EIO, f"the stored original {sha[:12]}… is damaged (its bytes no longer match its hash)", str(target)
        )
    return data


def catalogue() -> list[tuple[str, str]]:
    """(sha, name) of every stored original, in the order each was last loaded."""
    log = root() / CATALOGUE
    newest: dict[str, str] = {}
    if log.is_file():
        for line in log.read_text(encoding="utf-8", errors="replace").splitlines():
            try:
                entry = json.loads(line)
                sha, name = entry["sha"], entry["name"]
            except (ValueError, KeyError, TypeError):
                continue  # a torn last line after a crash: the bytes are still listed below
            if isinstance(sha, str) and _SHA.fullmatch(sha) and isinstance(name, str):
                newest.pop(sha, None)
                newest[sha] = name
    out = [(sha, name) for sha, name in newest.items() if exists(sha)]
    named = set(newest)
    if root().is_dir():  # bytes stored without a name (or whose line was lost): named by their hash
        out += sorted((p.name, p.name) for p in root().glob("??/*") if _SHA.fullmatch(p.name) and p.name not in named)
    return out

"""Who may change the data, and what an upload may be.

Contract:
- The product is read-only unless an admin secret is configured: `TRAJECTORIES_ADMIN_SECRET`
  in the environment (or `admin_secret` in Streamlit's secrets, read by the page). `is_admin`
  compares a given secret in constant time.
- `check_uploads(files)` takes (name, bytes) pairs and returns, for each, a `Checked` with a
  safe display name and either the reason it is refused (too many files, too large, empty, a
  type that is not a letter, report or table, decided from the bytes, never the name) or None.
- Guessing the secret is slowed and then stopped (`Attempts`): after each failed attempt a browser
  session must wait longer before the next (`DELAYS`), and after `SESSION_LOCKOUT_AFTER`
  failures in a row it is locked out for `LOCKOUT_SECONDS`; after `OVERALL_LOCKOUT_AFTER`
  failures from all sessions within `LOCKOUT_SECONDS`, every session is locked out until that
  window has passed. Each failure is logged (logger "trajectories.admin") with its counts.
  The counts live in the server process (a restart clears them).
- `safe_name(name)` turns any uploaded file name into a short label with no folders, control
  characters or markup; stored originals are addressed by content (sha256), so a name can never
  choose where a file is written.
"""

from __future__ import annotations

import hmac
import logging
import os
import re
import threading
import time
import unicodedata
from collections import deque
from dataclasses import dataclass, field

from trajectories.domain import sniff_media_type

MAX_FILES = 20
MAX_FILE_BYTES = 20 * 1024 * 1024
ALLOWED = {"application/pdf": "PDF", "text/html": "HTML page", "text/plain": "text", "application/zip": "spreadsheet"}
ENV = "TRAJECTORIES_ADMIN_SECRET"
DELAYS = (1, 2, 4, 8, 16)  # seconds to wait after the 1st, 2nd, ... failed attempt in a row (then the last)
SESSION_LOCKOUT_AFTER = 5  # failed attempts in a row from one browser session
OVERALL_LOCKOUT_AFTER = 20  # failed attempts from all sessions within LOCKOUT_SECONDS
LOCKOUT_SECONDS = 15 * 60
log = logging.getLogger("trajectories.admin")


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


def _minutes(seconds: float) -> str:
    minutes = max(1, round(seconds / 60))
    return f"{minutes} minute{'s' if minutes != 1 else ''}"


@dataclass
class Attempts:
    """Failed attempts at the admin secret, per browser session and overall (module contract)."""

    clock: object = time.monotonic
    _lock: threading.Lock = field(default_factory=threading.Lock)
    _sessions: dict = field(default_factory=dict)  # session -> (failures in a row, time of the last)
    _recent: deque = field(default_factory=deque)  # times of every failure in the last LOCKOUT_SECONDS

    def _forget_old(self, now: float) -> None:
        while self._recent and now - self._recent[0] >= LOCKOUT_SECONDS:
            self._recent.popleft()

    def refusal(self, session: str) -> str | None:
        """Why this session may not try the secret now (with how long to wait), or None."""
        with self._lock:
            now = self.clock()
            self._forget_old(now)
            if len(self._recent) >= OVERALL_LOCKOUT_AFTER:
                left = LOCKOUT_SECONDS - (now - self._recent[-OVERALL_LOCKOUT_AFTER])
                return (
                    f"Too many wrong admin secrets have been tried on this dashboard: signing in is closed for "
                    f"everyone for about {_minutes(left)}."
                )
            failures, last = self._sessions.get(session, (0, 0.0))
            if failures >= SESSION_LOCKOUT_AFTER:
                left = LOCKOUT_SECONDS - (now - last)
                if left > 0:
                    return (
                        f"{failures} wrong admin secrets in a row: signing in from this browser is locked for "
                        f"about {_minutes(left)}."
                    )
                self._sessions.pop(session, None)
                return None
            if failures:
                left = DELAYS[min(failures, len(DELAYS)) - 1] - (now - last)
                if left > 0:
                    wait = max(1, round(left))
                    return (
                        f"That was not the admin secret. Wait {wait} second{'s' if wait != 1 else ''} "
                        "before trying again."
                    )
            return None

    def failed(self, session: str) -> None:
        with self._lock:
            now = self.clock()
            self._forget_old(now)
            failures = self._sessions.get(session, (0, 0.0))[0] + 1
            self._sessions[session] = (failures, now)
            self._recent.append(now)
            overall = len(self._recent)
        log.warning(
            "wrong admin secret tried (browser session %s: %d in a row; %d from all sessions in the last %d minutes)",
            session[:8],
            failures,
            overall,
            LOCKOUT_SECONDS // 60,
        )

    def succeeded(self, session: str) -> None:
        with self._lock:
            self._sessions.pop(session, None)


ATTEMPTS = Attempts()  # this server process's count


def try_secret(given: str | None, secret: str | None, session: str, attempts: Attempts | None = None) -> str | None:
    """Check one attempt at the secret: None when it is right, else why not (wrong, or not allowed
    yet). An attempt made while refused is not checked at all."""
    attempts = attempts or ATTEMPTS
    refused = attempts.refusal(session)
    if refused:
        return refused
    if is_admin(given, secret):
        attempts.succeeded(session)
        return None
    attempts.failed(session)
    return attempts.refusal(session) or "That is not the admin secret."


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
            out.append(Checked(label, b"", None, f"larger than the limit of {MAX_FILE_BYTES // (1024 * 1024)} MB"))
            continue
        kind = sniff_media_type(data)
        if kind not in ALLOWED:
            out.append(Checked(label, data, None, "not a letter, report or table"))
            continue
        out.append(Checked(label, data, ALLOWED[kind], None))
    return out

"""Database and configuration failures, told as one line saying what to do.

Contract:
- `explain(exc, url)` returns one line for a failure of the database itself (it cannot be
  reached or opened, the URL is malformed, the file is read-only, the disk is full, another load
  holds the database past the wait), naming what to do; None for anything else (a bug, whose
  traceback is wanted). The URL is shown without its password.
- `is_fatal(exc)` says whether a failure while storing one file would fail every other file too
  (so a load stops there instead of failing each file with the same reason).
"""

from __future__ import annotations

import errno

from sqlalchemy.exc import ArgumentError, DBAPIError, NoSuchModuleError

# (words in the driver's message, lower case) -> what happened and what to do.
_KNOWN = (
    (
        ("readonly database", "read-only", "read only"),
        "the database is read-only: give this user write access to the database file and its folder, or use another",
    ),
    (
        ("disk is full", "database or disk is full", "no space left", "could not extend file", "disk full"),
        "the disk holding the database is full: free some space and run the command again (nothing was half-written)",
    ),
    (
        ("database is locked", "lock timeout", "canceling statement due to lock timeout", "deadlock detected"),
        "the database is busy (another load or undo holds it): wait for it to finish and run the command again",
    ),
    (
        ("unable to open database file", "cannot open", "no such file"),
        "the database file cannot be opened: check that its folder exists and is writable (TRAJECTORIES_HOME or --db)",
    ),
    (
        ("password authentication failed", "authentication failed", "no password supplied"),
        "the database refused the login: check the user, password and database name in DATABASE_URL or --db",
    ),
    (
        (
            "connection refused",
            "could not connect",
            "could not translate host name",
            "name or service not known",
            "timeout expired",
            "connection timed out",
            "server closed the connection",
            "connection is bad",
            "failed to resolve host",
            "nodename nor servname",
            "no route to host",
            "connection failed",
        ),
        "the database server cannot be reached: check the host and port in DATABASE_URL or --db and that it is running",
    ),
    (
        ("file is not a database", "malformed", "file is encrypted"),
        "the database file is not a database this product can read (damaged, or another kind of file): restore it "
        "from a copy or point DATABASE_URL/--db at another",
    ),
)
_FATAL_ERRNOS = {errno.ENOSPC, errno.EROFS, errno.EDQUOT}


def _where(url: object) -> str:
    try:
        return url.render_as_string(hide_password=True) if hasattr(url, "render_as_string") else str(url or "")
    except Exception:  # a URL that cannot even be rendered
        return ""


def explain(exc: BaseException, url: object = None) -> str | None:
    """One line for a database or configuration failure (see the module contract); else None."""
    where = _where(url)
    at = f" ({where})" if where else ""
    if isinstance(exc, (ArgumentError, NoSuchModuleError)):
        return (
            f"the database address{at} is not one this product can use: give sqlite:///PATH or "
            "postgresql://USER@HOST/DB in DATABASE_URL or --db"
        )
    if isinstance(exc, OSError) and exc.errno in _FATAL_ERRNOS:
        if exc.errno == errno.EROFS:
            return f"the state folder is on a read-only file system{at}: set TRAJECTORIES_HOME to a writable folder"
        return "the disk is full: free some space and run the command again (nothing was half-written)"
    if isinstance(exc, DBAPIError) or exc.__class__.__module__.startswith(("sqlite3", "psycopg")):
        message = " ".join(str(getattr(exc, "orig", None) or exc).lower().split())
        if "does not exist" in message and message.split("does not exist")[0].rstrip().startswith(
            ("fatal: role", "fatal: database", "role", "database", "connection failed")
        ):
            return "the database refused the login: check the user and database name in DATABASE_URL or --db" + at
        for words, line in _KNOWN:
            if any(w in message for w in words):
                return line + at
        if isinstance(exc, DBAPIError) and exc.connection_invalidated:
            return (
                "the connection to the database was lost: check that the server is running and run the command "
                "again" + at
            )
    return None


def is_fatal(exc: BaseException) -> bool:
    """A failure that every following file would meet too (full disk, read-only, unreachable, locked)."""
    line = explain(exc)
    return line is not None

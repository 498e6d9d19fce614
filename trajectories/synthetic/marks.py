"""How synthetic data is marked apart from real data: codes, names, regions, the kind of its documents
and the command of its load runs (see the package contract)."""

from __future__ import annotations

from trajectories.domain import (
    Inspectorate,
    Nation,
)

PREFIX = "X"  # real ONS/GSS codes start with E, W, S, N or K
REGION_PREFIX = "Synthetic "
KIND = "synthetic"
COMMAND = "synthesize"
INSPECTORATE = {
    Nation.ENGLAND.value: Inspectorate.OFSTED,
    Nation.WALES.value: Inspectorate.CIW,
    Nation.SCOTLAND.value: Inspectorate.CI_SCOT,
}
BATCH = 200  # documents per write transaction
MAX_VISITS = 60  # a history longer than any real one is cut here


class Refused(ValueError):
    """A synthesize request refused, with a one-line reason."""


def code_of(n: int) -> str:
    return f"{PREFIX}{n:08d}"


def name_of(n: int) -> str:
    return f"Synthetic authority {n:05d}"


def is_synthetic(code: str) -> bool:
    return str(code).startswith(PREFIX)


def real_only(column):
    """A SQL condition keeping real authorities' rows (synthetic codes start with X)."""
    return ~column.like(f"{PREFIX}%")

"""From table rows to documents: one ParsedDocument per authority and inspectorate, and the helpers
every table kind shares (authority by code or name, dates, links, lists)."""

from __future__ import annotations

import functools
import hashlib
import re
from dataclasses import dataclass, field

from loaders.table_sheets import Problems, Row
from trajectories import authorities, dates
from trajectories.domain import AuthorityRef, DocumentError, Event, Inspectorate, ParsedDocument, PartialDate, Source


@dataclass
class _Group:
    authority: authorities.Authority
    name_as_written: str
    inspectorate: Inspectorate
    events: list[Event] = field(default_factory=list)
    urls: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


class Collector:
    """Events grouped by (authority, inspectorate), in the order the file first names them."""

    def __init__(self) -> None:
        self.groups: dict[tuple[str, Inspectorate], _Group] = {}
        self.file_warnings: list[str] = []

    def group(self, authority: authorities.Authority, written: str, inspectorate: Inspectorate) -> _Group:
        key = (authority.code, inspectorate)
        if key not in self.groups:
            self.groups[key] = _Group(authority, written or authority.name, inspectorate)
        return self.groups[key]

    def documents(self, source: Source, kind: str, title: str, media_type: str) -> list[ParsedDocument]:
        docs = []
        for (code, inspectorate), g in self.groups.items():
            digest = hashlib.sha256(f"{source.sha256}:{code}:{inspectorate.value}".encode()).hexdigest()
            urls = set(g.urls)
            url = g.urls[0] if len(urls) == 1 and g.urls[0] else ""
            doc_source = Source(
                path=source.path,
                sha256=digest,
                media_type=media_type,
                title=f"{title}: {g.authority.name}",
                extraction_method="table",
                url=url,
                size=source.size,
            )
            ref = AuthorityRef(g.name_as_written, g.authority.code, g.authority.name, g.authority.nation)
            docs.append(ParsedDocument(doc_source, ref, inspectorate, g.events, warnings=list(g.warnings), kind=kind))
        if docs and self.file_warnings:
            docs[0].warnings[:0] = self.file_warnings
        return docs


def finish(
    problems: Problems, collector: Collector, source: Source, kind: str, title: str, media_type: str
) -> list[ParsedDocument]:
    """The file's documents, or a DocumentError naming its bad rows (nothing is half-loaded)."""
    problems.raise_if_any()
    if not collector.groups:
        raise DocumentError(f"this {problems.label} has no data rows")
    return collector.documents(source, kind, title, media_type)


@functools.lru_cache(maxsize=1)
def _by_urn() -> dict[str, authorities.Authority]:
    return {a.ofsted_urn: a for a in authorities.reference() if a.ofsted_urn}


def _related(a: authorities.Authority, b: authorities.Authority) -> bool:
    """Predecessor and successor (e.g. Cumbria and Cumberland) may stand for each other."""
    return any({ln.predecessor, ln.successor} == {a.code, b.code} for ln in authorities.LINEAGE)


def resolve(
    problems: Problems, number: int, *, code: str = "", urn: str = "", name: str = "", check_name: bool = True
) -> tuple[authorities.Authority | None, str | None]:
    """The authority of a row, by ONS code, then Ofsted URN, then name; (authority, warning)."""
    code, urn, name = code.strip().upper(), urn.strip(), name.strip()
    if code:
        found = authorities.by_code().get(code)
        if found is not None:
            if check_name and name:
                named = authorities.match(name)
                if named is not None and named.code != found.code and not _related(named, found):
                    problems.error(
                        number, f"authority {name!r} is {named.name} ({named.code}) but ONS code {code} is {found.name}"
                    )
                    return None, None
            return found, None
    if urn:
        found = _by_urn().get(urn)
        if found is not None:
            return found, None
    if name:
        found = authorities.by_code().get(name.upper()) or authorities.match(name)
        if found is not None:
            if code:
                return (
                    found,
                    f"row {number}: ONS code {code} is not in the reference list; matched by name to {found.name} "
                    f"({found.code})",
                )
            if urn:
                return (
                    found,
                    f"row {number}: Ofsted URN {urn} is not in the reference list; matched by name to {found.name} "
                    f"({found.code})",
                )
            return found, None
        problems.error(number, f"unknown authority {name!r}" + (f" (ONS code {code})" if code else ""))
    elif code:
        problems.error(number, f"unknown ONS code {code!r}")
    elif urn:
        problems.error(number, f"unknown Ofsted URN {urn!r}")
    else:
        problems.error(number, "no authority given")
    return None, None


def row_date(row: Row, column: str, problems: Problems, *, iso: bool = False) -> PartialDate | None:
    """A date cell: blank -> None; unreadable -> a row error and None.

    `iso`: only YYYY-MM-DD, YYYY-MM or YYYY (the timeline format); otherwise any form
    `dates.parse_date` reads ("31/01/23", "31 January 2023", ...).
    """
    value = row.get(column, "")
    try:
        return PartialDate.parse_iso(value) if iso else dates.parse_date(value)
    except ValueError:
        hint = " (YYYY-MM-DD, YYYY-MM or YYYY)" if iso else ""
        problems.error(row.number, f"{column} {value!r} is not a date{hint}")
        return None


def is_url(value: str) -> bool:
    return bool(re.match(r"^https?://\S+$", value.strip()))


def split_list(value: str) -> list[str]:
    return [v.strip() for v in re.split(r"[;|]", value or "") if v.strip()]

"""Loaders: one module per source format, and the registry that picks one for a file.

Contract:
- `read_file(path)` -> list[ParsedDocument] (one for a letter or report; one per authority for a
  table). It never touches a database. It raises `DocumentError` with a one-line reason when
  the file is not something it can read; the caller names the file.
- A document loader module has `NAME`, `sniff(text) -> float` (how sure it is, 0..1) and
  `parse(text, source) -> ParsedDocument` (or a list of them, when one page reports on two councils
  side by side; each then has its own `source.sha256`). Loaders sure enough are tried from the
  surest down (equally sure ones in the order of `DOCUMENT_LOADERS`, a plain tuple): when one cannot
  read the text (`DocumentError`) the next is tried, and the surest one's reason is given when none
  can. A reader sure of what the text is may say no other should try (`DocumentError(final=True)`).
  A letter or page cut off part-way is read for what it holds, with a warning, when its authority
  and visit are there. An Ofsted reading of a Welsh or Scottish council is never accepted (Ofsted
  inspects only English councils). A document whose direction signals for one visit point opposite
  ways keeps its verdict overall; the others are kept as about part of the service
  (`normalise.settle_directions`), never side by side unexplained. A table loader has `NAME` and
  `read_table(data: bytes, source) -> list[ParsedDocument] | None` (None: not its columns); each
  returned document needs its own `source.sha256` (e.g. the file hash with the authority code).
- The format is decided by content (bytes and words), never by the file name.
- A reader too long for one module keeps its contract, `sniff` and `parse` (or `read_table`) and puts
  its phases in helper modules: report_* (ofsted_report), letter_* (ofsted_letter), table_* (tables),
  page_* (shared by ciw_page and ci_scotland). Helpers are never registered.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from loaders import ci_scotland, ciw_letter, ciw_page, ofsted_letter, ofsted_report, tables
from loaders.extract import MAX_BYTES, as_utf8, extract
from trajectories import normalise
from trajectories.domain import DocumentError, Inspectorate, Nation, ParsedDocument, Source

# Document readers: the surest is tried first, and of two equally sure the one listed first.
DOCUMENT_LOADERS = (ofsted_letter, ofsted_report, ci_scotland, ciw_page, ciw_letter)
TABLE_LOADERS = (tables,)
MIN_SNIFF = 0.5

DOCUMENT_SUFFIXES = {".txt", ".text", ".html", ".htm", ".pdf"}
TABLE_SUFFIXES = {".csv", ".xlsx"}


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def read_bytes(data: bytes, name: str) -> list[ParsedDocument]:
    """Parse a file's bytes; `name` is only used to label the source."""
    if len(data) > MAX_BYTES:  # before any reader, tables included: refused by size, never parsed
        raise DocumentError(f"the file is larger than the limit of {MAX_BYTES // (1024 * 1024)} MB")
    digest = sha256(data)  # of the bytes as given; UTF-16 text is read as UTF-8 from here on
    data = as_utf8(data)
    if data[:4] == b"PK\x03\x04" or _looks_like_csv(data):
        for loader in TABLE_LOADERS:
            result = loader.read_table(data, Source(name, digest, "", size=len(data)))
            if result is not None:
                return result
        if data[:4] == b"PK\x03\x04":
            raise DocumentError("a spreadsheet whose columns are not a known outcome table or timeline")
    extracted = extract(data, name)
    source = Source(name, digest, extracted.media_type, extraction_method=extracted.method, size=len(data))
    scored = sorted(((-loader.sniff(extracted.text), i, loader) for i, loader in enumerate(DOCUMENT_LOADERS)))
    candidates = [loader for score, _, loader in scored if -score >= MIN_SNIFF]
    if not candidates:
        raise DocumentError(_not_a_document_reason(extracted.text))
    first_error: DocumentError | None = None
    for loader in candidates:
        try:
            parsed = loader.parse(extracted.text, source)
        except DocumentError as exc:
            first_error = first_error or exc
            if exc.final:
                break
            continue
        docs = parsed if isinstance(parsed, list) else [parsed]
        for doc in docs:  # one document, one visit: contradictory directions explained by their scope
            for event in doc.events:
                event.directions = normalise.settle_directions(event.directions)[0]
        if any(
            d.inspectorate == Inspectorate.OFSTED and d.authority.nation not in (None, Nation.ENGLAND) for d in docs
        ):
            first_error = first_error or DocumentError(
                f"reads as Ofsted's but names {docs[0].authority.name}, which Ofsted does not inspect"
            )
            continue
        return docs
    raise first_error


def read_file(path: str | Path) -> list[ParsedDocument]:
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise DocumentError(f"cannot read the file ({exc.strerror or exc})") from exc
    return read_bytes(data, str(path))


def _looks_like_csv(data: bytes) -> bool:
    head = data[:4096].decode("utf-8-sig", errors="ignore")
    first = head.splitlines()[0] if head.splitlines() else ""
    return first.count(",") >= 3 and "\n" in head and not first.lstrip().startswith("<")


def _not_a_document_reason(text: str) -> str:
    if "report not found" in text.lower() or "page not found" in text.lower():
        return "a 'report not found' web page, not an inspection document"
    return "not an inspection letter or report this product can read (no inspectorate, authority or visit found)"


def iter_paths(paths: list[str | Path]) -> list[Path]:
    """Files named, and the readable files inside folders named, in a stable order."""
    out: list[Path] = []
    for p in map(Path, paths):
        if p.is_dir():
            out.extend(
                sorted(
                    f for f in p.rglob("*") if f.is_file() and f.suffix.lower() in DOCUMENT_SUFFIXES | TABLE_SUFFIXES
                )
            )
        else:
            out.append(p)
    return out

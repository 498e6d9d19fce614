"""Bytes -> text, by content (never by file name): PDF (pypdf), HTML, plain text.

Contract: `extract(data, name)` returns `Extracted(text, media_type, method)` or raises
`DocumentError` with a one-line reason: empty file, larger than MAX_BYTES, binary that is not a
PDF, a PDF with no text layer, more than MAX_PDF_PAGES pages (counted before any page is read)
or that cannot be opened. HTML is reduced to its visible text (scripts and styles dropped) with
block elements on their own lines and list items as bullets.

Text is decoded by its byte-order mark when it has one (UTF-8, UTF-16 LE/BE), as UTF-16 when it
has none but looks like it (every other byte zero), else as UTF-8, then Windows-1252. NUL
characters are removed from every text returned (`strip_nul`): no database stores them alike.
`as_utf8(data)` gives UTF-16 text's bytes re-encoded as UTF-8 (other bytes unchanged), so
readers that look at bytes (tables) see text, not binary.
"""

from __future__ import annotations

import html
import io
import re
from dataclasses import dataclass
from html.parser import HTMLParser

from trajectories.domain import MAX_BYTES, DocumentError, sniff_media_type

MAX_PDF_PAGES = 300  # a report runs to tens of pages; more is refused before any page is read


@dataclass(frozen=True)
class Extracted:
    text: str
    media_type: str
    method: str


def strip_nul(text: str) -> str:
    return text.replace("\x00", "") if "\x00" in text else text


def _utf16(data: bytes) -> str | None:
    """The encoding of UTF-16 text (by its byte-order mark, or every other byte being zero), else None."""
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        return "utf-16"
    sample = data[:4096]
    if len(sample) >= 4 and len(sample) % 2 == 0:
        even, odd = sample[0::2], sample[1::2]
        if odd.count(0) > 0.9 * len(odd) and even.count(0) < 0.1 * len(even):
            return "utf-16-le"
        if even.count(0) > 0.9 * len(even) and odd.count(0) < 0.1 * len(odd):
            return "utf-16-be"
    return None


def as_utf8(data: bytes) -> bytes:
    """UTF-16 text re-encoded as UTF-8 (with no byte-order mark); any other bytes as they are."""
    encoding = _utf16(data) if not data.startswith((b"%PDF-", b"PK\x03\x04")) else None
    if encoding is None:
        return data
    try:
        return data.decode(encoding).lstrip("\ufeff").encode("utf-8")
    except UnicodeDecodeError:
        return data


def _decode(data: bytes) -> str:
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return data.decode("latin-1")


def _looks_binary(data: bytes) -> bool:
    sample = data[:8192]
    if b"\x00" in sample:
        return True
    controls = sum(1 for b in sample if b < 32 and b not in (9, 10, 12, 13))
    return controls > len(sample) * 0.05


class _TextParser(HTMLParser):
    _BLOCKS = {
        "p",
        "div",
        "br",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "li",
        "tr",
        "section",
        "article",
        "ul",
        "ol",
        "table",
        "header",
        "footer",
        "title",
    }
    _SKIP = {"script", "style", "noscript", "template", "svg", "head"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skip = 0

    def handle_starttag(self, tag, attrs):
        if tag in self._SKIP:
            self.skip += 1
        elif tag in self._BLOCKS:
            self.parts.append("\n\n")
            if tag == "li":
                self.parts.append("  • ")

    def handle_endtag(self, tag):
        if tag in self._SKIP:
            self.skip = max(0, self.skip - 1)
        elif tag in self._BLOCKS:
            self.parts.append("\n")

    def handle_data(self, data):
        if not self.skip:
            self.parts.append(data)


def html_to_text(markup: str) -> str:
    parser = _TextParser()
    try:
        parser.feed(markup)
        parser.close()
    except AssertionError:  # html.parser gives up on a malformed "<![" section: read it as text instead
        parser = _TextParser()
        parser.feed(markup.replace("<![", "&lt;!["))
        parser.close()
    text = html.unescape("".join(parser.parts))
    text = re.sub(r"[ \t\r\f\v]+", " ", text)
    text = re.sub(r" *\n *", "\n", text)
    return re.sub(r"\n{3,}", "\n\n", text).strip() + "\n"


def pdf_to_text(data: bytes) -> str:
    from pypdf import PdfReader

    try:
        reader = PdfReader(io.BytesIO(data))
        count = len(reader.pages)
        if count > MAX_PDF_PAGES:
            raise DocumentError(f"the PDF has {count:,} pages, more than the limit of {MAX_PDF_PAGES} pages")
        pages = [page.extract_text() or "" for page in reader.pages]
    except DocumentError:
        raise
    except Exception as exc:  # only pypdf runs here, and a damaged file can fail it in open-ended ways
        raise DocumentError(f"the PDF cannot be opened ({exc.__class__.__name__}: {str(exc)[:80]})") from exc
    text = strip_nul("\f".join(pages))
    if len(re.sub(r"\s", "", text)) < 200:
        raise DocumentError("the PDF has no text layer (a scanned image?); it needs OCR first")
    return text


def extract(data: bytes, name: str = "") -> Extracted:
    if not data or not data.strip():
        raise DocumentError("the file is empty")
    if len(data) > MAX_BYTES:
        raise DocumentError(f"the file is larger than the limit of {MAX_BYTES // (1024 * 1024)} MB")
    data = as_utf8(data)
    media_type = sniff_media_type(data)
    if media_type == "application/pdf":
        return Extracted(pdf_to_text(data), media_type, "pdf_text")
    if media_type == "application/zip":
        raise DocumentError("a zip/XLSX file is a table, not a letter or report")
    if _looks_binary(data):
        raise DocumentError("binary content that is neither a PDF nor text")
    text = strip_nul(_decode(data))
    if media_type == "text/html":
        return Extracted(html_to_text(text), media_type, "html")
    return Extracted(text.replace("\r\n", "\n").replace("\r", "\n"), media_type, "text")

"""Bytes -> text, by content (never by file name): PDF (pypdf), HTML, plain text.

Contract: `extract(data, name)` returns `Extracted(text, media_type, method)` or raises
`DocumentError` with a one-line reason: empty file, binary that is not a PDF, a PDF with no text
layer, a PDF that cannot be opened. HTML is reduced to its visible text (scripts and styles
dropped) with block elements on their own lines and list items as bullets.
"""

from __future__ import annotations

import html
import io
import re
from dataclasses import dataclass
from html.parser import HTMLParser

from trajectories.domain import DocumentError

MAX_BYTES = 50 * 1024 * 1024


@dataclass(frozen=True)
class Extracted:
    text: str
    media_type: str
    method: str


def sniff_media_type(data: bytes) -> str:
    head = data[:2048].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if data[:5] == b"%PDF-":
        return "application/pdf"
    if data[:4] == b"PK\x03\x04":
        return "application/zip"  # e.g. XLSX
    if head.startswith((b"<!doctype html", b"<html", b"<head", b"<body", b"<div", b"<p", b"<meta")) or b"<html" in head:
        return "text/html"
    return "text/plain"


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
    _BLOCKS = {"p", "div", "br", "h1", "h2", "h3", "h4", "h5", "h6", "li", "tr", "section", "article", "ul", "ol", "table", "header", "footer", "title"}
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
        pages = [page.extract_text() or "" for page in reader.pages]
    except Exception as exc:  # only pypdf runs here, and a damaged file can fail it in open-ended ways
        raise DocumentError(f"the PDF cannot be opened ({exc.__class__.__name__}: {str(exc)[:80]})") from exc
    text = "\f".join(pages)
    if len(re.sub(r"\s", "", text)) < 200:
        raise DocumentError("the PDF has no text layer (a scanned image?); it needs OCR first")
    return text


def extract(data: bytes, name: str = "") -> Extracted:
    if not data or not data.strip():
        raise DocumentError("the file is empty")
    if len(data) > MAX_BYTES:
        raise DocumentError(f"the file is larger than {MAX_BYTES // (1024 * 1024)} MB")
    media_type = sniff_media_type(data)
    if media_type == "application/pdf":
        return Extracted(pdf_to_text(data), media_type, "pdf_text")
    if media_type == "application/zip":
        raise DocumentError("a zip/XLSX file is a table, not a letter or report")
    if _looks_binary(data):
        raise DocumentError("binary content that is neither a PDF nor text")
    text = _decode(data)
    if media_type == "text/html":
        return Extracted(html_to_text(text), media_type, "html")
    return Extracted(text.replace("\r\n", "\n").replace("\r", "\n"), media_type, "text")

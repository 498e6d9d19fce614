"""A local imitation of Ofsted's reports site, on loopback only, for the updater's tests.

Built from the documented layout: a search listing of local authority children's services
providers (`/search`, paged with `start` and `rows`, capped at `cap` rows), provider pages
(`/provider/16/<URN>`) whose documents are anchors with the class `publication-link` holding a
`span class="nonvisual"` description, and documents served from a file-store path
(`/v1/file/<number>`) as the real file store serves them. Provider pages carry an ETag and
answer a matching If-None-Match with 304.

Each document can misbehave on purpose: "500" (always a server error), "slow" (answers after
`slow_seconds`), "truncated" (announces its whole length, sends half and closes), "html" (an
HTML page where a PDF was linked). A provider page can be "changed" (a new layout: no
publication links). Every request is logged with its path and headers.
"""

from __future__ import annotations

import hashlib
import html
import threading
import time
import urllib.parse
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path


@dataclass
class Doc:
    number: int
    path: Path | None  # the bytes served (None: behaviour decides)
    description: str  # the nonvisual words, e.g. "Children's services focused visit, PDF"
    shown: str  # the visible words, e.g. "Children's services focused visit - 12 February 2021"
    behaviour: str = "ok"  # ok | 500 | slow | truncated | html


@dataclass
class Provider:
    urn: str
    name: str  # as the listing writes it
    docs: list[Doc] = field(default_factory=list)
    layout: str = "ok"  # ok | changed


class Site:
    def __init__(
        self,
        providers: list[Provider],
        html_page: Path | None = None,
        cap: int = 100,
        slow_seconds: float = 2.0,
        listing_layout: str = "ok",
    ):
        self.providers = providers
        self.html_page = html_page
        self.cap, self.slow_seconds, self.listing_layout = cap, slow_seconds, listing_layout
        self.log: list[tuple[str, dict]] = []
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self._server.daemon_threads = True
        self._server.handle_error = lambda request, address: None  # a client that gave up on a slow answer
        self.url = f"http://127.0.0.1:{self._server.server_address[1]}"
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    def __enter__(self) -> Site:
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._server.shutdown()
        self._server.server_close()

    def requests(self, prefix: str) -> list[tuple[str, dict]]:
        return [(p, h) for p, h in self.log if p.startswith(prefix)]

    def doc(self, number: int) -> Doc:
        return next(d for p in self.providers for d in p.docs if d.number == number)

    # ------------------------------------------------------------------ pages
    def listing(self, start: int, rows: int) -> str:
        rows = min(rows, self.cap)
        chosen = self.providers[start : start + rows]
        items = "".join(
            f'<li class="search-result"><h3><a href="/provider/16/{p.urn}">{html.escape(p.name)}</a></h3>'
            f"<p>Local authority children's services</p></li>"
            for p in chosen
        )
        if self.listing_layout == "changed":
            items = "".join(f'<li><span data-urn="{p.urn}">{html.escape(p.name)}</span></li>' for p in chosen)
        return (
            f"<!DOCTYPE html><html><head><title>Search</title></head><body>"
            f'<nav><a href="/">Home</a><a href="/search">Find an inspection report</a></nav>'
            f'<p>{len(self.providers)} results</p><ul class="results-list">{items}</ul></body></html>'
        )

    def provider_page(self, provider: Provider) -> str:
        if provider.layout == "changed":
            links = "".join(
                f'<div class="report-card" data-file="{self.url}/v1/file/{d.number}">{html.escape(d.shown)}</div>'
                for d in provider.docs
            )
        else:
            links = "".join(
                f'<li class="publication-list__item"><a class="publication-link" href="{self.url}/v1/file/{d.number}" '
                f'target="_blank">{html.escape(d.shown)}<span class="nonvisual">{html.escape(d.description)}</span></a>'
                f"</li>"
                for d in provider.docs
            )
        return (
            f"<!DOCTYPE html><html><head><title>{html.escape(provider.name)}</title></head><body>"
            f'<nav><a href="/">Home</a></nav><h1>{html.escape(provider.name)}</h1><p>URN: {provider.urn}</p>'
            f'<h2>Reports</h2><ul class="publication-list">{links}</ul></body></html>'
        )

    def _handler(self):
        return type("Handler", (_Handler,), {"site": self})


class _Handler(BaseHTTPRequestHandler):
    """The site's answers; `site` is set on the subclass each site makes."""

    protocol_version = "HTTP/1.1"
    site: Site

    def log_message(self, *args):  # quiet
        pass

    def send(self, status: int, body: bytes, kind: str, extra: dict | None = None, length: int | None = None):
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body) if length is None else length))
        for k, v in (extra or {}).items():
            self.send_header(k, v)
        self.send_header("Connection", "close")
        self.end_headers()
        self.wfile.write(body)
        self.close_connection = True

    def do_GET(self):
        parts = urllib.parse.urlsplit(self.path)
        self.site.log.append((parts.path, {k.lower(): v for k, v in self.headers.items()}))
        query = urllib.parse.parse_qs(parts.query)
        if parts.path == "/search":
            if query.get("level_1_types") != ["3"] or query.get("level_2_types[]") != ["12"]:
                return self.send(200, b"<html><body><p>0 results</p></body></html>", "text/html")
            page = self.site.listing(int(query.get("start", ["0"])[0]), int(query.get("rows", ["10"])[0]))
            return self.send(200, page.encode(), "text/html; charset=utf-8")
        if parts.path.startswith("/provider/16/"):
            return self.provider(parts.path.rsplit("/", 1)[-1])
        if parts.path.startswith("/v1/file/"):
            try:
                doc = self.site.doc(int(parts.path.rsplit("/", 1)[-1]))
            except (StopIteration, ValueError):
                return self.send(404, b"<html>Not found</html>", "text/html")
            return self.file(doc)
        return self.send(404, b"<html>Not found</html>", "text/html")

    def provider(self, urn: str):
        provider = next((p for p in self.site.providers if p.urn == urn), None)
        if provider is None:
            return self.send(404, b"<html>Not found</html>", "text/html")
        body = self.site.provider_page(provider).encode()
        etag = '"' + hashlib.sha256(body).hexdigest()[:16] + '"'
        if self.headers.get("If-None-Match") == etag:
            self.send_response(304)
            self.send_header("ETag", etag)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        return self.send(200, body, "text/html; charset=utf-8", {"ETag": etag})

    def file(self, doc: Doc):
        if doc.behaviour == "500":
            return self.send(500, b"<html>Internal Server Error</html>", "text/html")
        if doc.behaviour == "html":
            return self.send(200, self.site.html_page.read_bytes(), "text/html; charset=utf-8")
        if doc.behaviour == "slow":
            time.sleep(self.site.slow_seconds)
        data = doc.path.read_bytes()
        if doc.behaviour == "truncated":
            return self.send(200, data[: len(data) // 2], "application/pdf", length=len(data))
        return self.send(200, data, "application/pdf")

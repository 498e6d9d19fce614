"""Ofsted's reports site as the updater reads it: where the lists are and how links are found.

Contract (the layout as published sites show it; see the README for what to do when it changes):
- `listing_url(site, start)` is the search listing of every local authority children's services
  provider, `ROWS` to a page from `start`. The listing is read page after page, each from the
  number of providers seen so far, until a page is shorter than the first or brings no new one.
- `providers(html, page_url)` -> `Provider`s: every anchor whose href holds `/provider/`; the URN
  is the last path segment, the page is the href read against the listing's address, the name is
  the link's words.
- `publications(html, page_url)` -> `Publication`s: every anchor with the class
  `publication-link`; its description is the text of its `span` with the class `nonvisual`
  (the link's own words when there is none), its date the first date in its words, else in a
  `<time>` or the words right after it. Links are read against the page's address, so a site at
  another host (a local copy) links wherever its links say.
- `is_childrens_services(description)` keeps the local authority children's services documents
  (inspections of every framework, focused and monitoring visits, joint targeted area
  inspections, other letters about children's services) and leaves the provider's other remits.
- `OfstedSource` puts these behind the updater's source interface (`providers`, `links`,
  `document`, `accept`). No layout found (no provider
  links in the listing, no publication links on a provider page) is a `LayoutChanged`: loud,
  never an empty result.
"""

from __future__ import annotations

import datetime as dt
import re
import urllib.parse
from collections.abc import Callable
from dataclasses import dataclass
from html.parser import HTMLParser

from trajectories import authorities, dates
from trajectories.update.web import FetchError, Response

SITE = "https://reports.ofsted.gov.uk"
ROWS = 100  # the site caps a listing page at 100 rows
MAX_LISTING_PAGES = 20  # about 153 providers: two pages; more means the paging is not what it was
TAIL_CHARS = 160  # the words after a link that may hold its date

_APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'", "`": "'"})
_KEEP = re.compile(
    r"children'?s services|children'?s social care|local authority children|focused visit|"
    r"monitoring visit|joint targeted area inspection|safeguarding and looked after|"
    r"looked after children|children in need|care leavers|inspection of local authorit",
    re.I,
)
_LEAVE = re.compile(
    r"\bsend\b|special educational|fostering|adoption|children'?s home|residential|secure|"
    r"youth (?:justice|offending)|early years|childcare|school|further education|"
    r"boarding|cafcass|prison",
    re.I,
)
_NAME_WORDS = re.compile(
    r"\b(?:metropolitan borough|royal borough of|london borough of|city and county of|"
    r"borough council|county council|city council|district council|council|"
    r"children'?s services)\b",
    re.I,
)


class LayoutChanged(Exception):
    """The page holds none of the links its layout promises: the site has changed."""


@dataclass(frozen=True)
class Provider:
    urn: str
    name: str
    url: str


@dataclass(frozen=True)
class Publication:
    url: str
    description: str
    published: dt.date | None


def listing_url(site: str, start: int) -> str:
    query = f"q=&location=&lat=&lon=&radius=&level_1_types=3&level_2_types%5B%5D=12&start={start}&rows={ROWS}"
    return f"{site.rstrip('/')}/search?{query}"


class _Anchors(HTMLParser):
    """Every anchor: its href, classes, own words, words in a `nonvisual` span, `<time>` values
    and the words that follow it (up to TAIL_CHARS, until the next anchor)."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.anchors: list[dict] = []
        self._open: dict | None = None
        self._hidden_depth = 0  # >0 inside a nonvisual span of the open anchor
        self._span_depth = 0
        self._tail: dict | None = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        classes = set((attrs.get("class") or "").split())
        if tag == "a":
            self._tail = None
            self._open = {
                "href": attrs.get("href") or "",
                "classes": classes,
                "text": [],
                "hidden": [],
                "times": [],
                "tail": [],
            }
            self.anchors.append(self._open)
            self._hidden_depth = self._span_depth = 0
        elif tag == "span" and self._open is not None:
            self._span_depth += 1
            if "nonvisual" in classes and not self._hidden_depth:
                self._hidden_depth = self._span_depth
        elif tag == "time":
            holder = self._open or self._tail
            if holder is not None and attrs.get("datetime"):
                holder["times"].append(attrs["datetime"])

    def handle_endtag(self, tag):
        if tag == "a" and self._open is not None:
            self._tail, self._open = self._open, None
        elif tag == "span" and self._open is not None and self._span_depth:
            if self._hidden_depth == self._span_depth:
                self._hidden_depth = 0
            self._span_depth -= 1

    def handle_data(self, data):
        if self._open is not None:
            (self._open["hidden"] if self._hidden_depth else self._open["text"]).append(data)
        elif self._tail is not None and sum(map(len, self._tail["tail"])) < TAIL_CHARS:
            self._tail["tail"].append(data)


def _anchors(html: str) -> list[dict]:
    parser = _Anchors()
    parser.feed(html)
    parser.close()
    for a in parser.anchors:
        for key in ("text", "hidden", "tail"):
            a[key] = " ".join(" ".join(a[key]).split())
    return parser.anchors


def _absolute(href: str, page_url: str) -> str | None:
    url = urllib.parse.urljoin(page_url, href.strip())
    parts = urllib.parse.urlsplit(url)
    return urllib.parse.urlunsplit(parts._replace(fragment="")) if parts.scheme in ("http", "https") else None


def providers(html: str, page_url: str) -> list[Provider]:
    found: dict[str, Provider] = {}
    for a in _anchors(html):
        if "/provider/" not in a["href"]:
            continue
        url = _absolute(a["href"], page_url)
        urn = urllib.parse.urlsplit(url).path.rstrip("/").rsplit("/", 1)[-1] if url else ""
        if url and urn and urn not in found:
            found[urn] = Provider(urn, a["text"] or a["hidden"], url)
    return list(found.values())


def _date(a: dict) -> dt.date | None:
    """The day a link names: in its own words, else a `<time>`, else the words after it."""
    found = dates.first_range(f"{a['text']} {a['hidden']}")
    if found is not None and found.start.precision == "day":
        return found.start.first_day()
    for value in a["times"]:
        try:
            return dt.date.fromisoformat(value[:10])
        except ValueError:
            continue
    found = dates.first_range(a["tail"])
    return found.start.first_day() if found is not None and found.start.precision == "day" else None


def publications(html: str, page_url: str) -> list[Publication]:
    out: dict[str, Publication] = {}
    for a in _anchors(html):
        if "publication-link" not in a["classes"]:
            continue
        url = _absolute(a["href"], page_url)
        if url is None or url in out:
            continue
        description = a["hidden"] or a["text"]
        out[url] = Publication(url, description, _date(a))
    return list(out.values())


def is_childrens_services(description: str) -> bool:
    words = description.translate(_APOSTROPHES)
    return bool(_KEEP.search(words)) and not _LEAVE.search(words)


def plain_description(description: str) -> str:
    """The link's description without the file-format note ("…, PDF")."""
    return re.sub(r"[,\s-]*\(?\b(?:pdf|PDF)\b\)?[\s.]*$", "", description).strip() or description


def authority_of(provider: Provider) -> authorities.Authority | None:
    """The authority a provider is: by its URN in the reference list, else by its name."""
    for authority in authorities.reference():
        if authority.ofsted_urn and authority.ofsted_urn == provider.urn:
            return authority
    return authorities.match(_NAME_WORDS.sub(" ", provider.name.translate(_APOSTROPHES)))


@dataclass(frozen=True)
class Found:
    """A children's services document on a provider's page."""

    url: str
    page_url: str
    authority_code: str
    authority_name: str
    urn: str
    description: str
    published: dt.date | None


class OfstedSource:
    key = "ofsted"
    name = "Ofsted's reports site"
    default_site = SITE

    @staticmethod
    def accept(response: Response) -> bytes:
        """A document's bytes when they are a whole PDF; else FetchError saying what came instead."""
        body = response.body
        if response.status != 200:
            raise FetchError(response.url, f"the site answered {response.status}")
        if not body.startswith(b"%PDF-"):
            if response.content_type in ("text/html", "application/xhtml+xml") or body.lstrip()[:1] == b"<":
                raise FetchError(response.url, "the site sent a web page where the link promised a PDF")
            kind = response.content_type or "no type"
            raise FetchError(response.url, f"the site sent something that is not a PDF ({kind})")
        if b"%%EOF" not in body[-2048:]:
            raise FetchError(
                response.url, f"the PDF is incomplete: it stops after {len(body):,} bytes without its end marker"
            )
        return body

    def providers(self, fetch_page: Callable[[str], str], site: str) -> list[tuple[Provider, str | None, str]]:
        """Every provider in the listing with its authority code (None: not a known authority) and
        name. Raises LayoutChanged when the first listing page has no provider links."""
        seen: dict[str, Provider] = {}
        full = 0  # providers on a full page: the site's own cap when it is below ROWS
        for page in range(MAX_LISTING_PAGES):
            url = listing_url(site, len(seen))
            found = providers(fetch_page(url), url)
            if not found and page == 0:
                raise LayoutChanged(
                    f"the search listing {url} has no provider links (anchors to /provider/): "
                    "the site's layout has changed"
                )
            fresh = [p for p in found if p.urn not in seen]
            seen.update((p.urn, p) for p in fresh)
            full = full or len(found)
            if len(found) < full or not fresh:
                break
        out = []
        for p in seen.values():
            authority = authority_of(p)
            out.append((p, authority.code if authority else None, authority.name if authority else p.name))
        return out

    @staticmethod
    def links(page_html: str, provider: Provider) -> list[Publication]:
        """Every document link on a provider's page, most recent first as listed. Raises
        LayoutChanged when the page has none at all."""
        links = publications(page_html, provider.url)
        if not links:
            raise LayoutChanged(
                f"the provider page {provider.url} has no publication links "
                "(anchors with the class publication-link): the site's layout has changed"
            )
        return links

    @staticmethod
    def document(link: Publication, provider: Provider, code: str, name: str) -> Found | None:
        """The link as a children's services document of the authority; None for another remit."""
        if not is_childrens_services(link.description):
            return None
        return Found(
            link.url, provider.url, code, name, provider.urn, plain_description(link.description), link.published
        )

"""Polite HTTP for the updater: one identified client that never hurries a site.

Contract:
- `Client(contact, delay=1.0, timeout=30.0, tries=3, backoff=2.0)` sends every request with a
  user agent naming the product, its version and `contact` (an e-mail address or web page where
  the site's owners can reach whoever runs it), and starts requests at least `delay` seconds
  apart (so at most one a second by default).
- `get(url, etag=None, last_modified=None, limit=None) -> Response` makes a conditional request
  when validators are given (a "not modified" answer is a Response with status 304 and no body).
  A timeout, a refused or broken connection, a body cut short, 429 and every 5xx are tried again,
  up to `tries` times, waiting `backoff`, then twice that, and so on (a Retry-After of at most a
  minute is honoured). Any other answer that is not 200 or 304 is not tried again.
- When no usable answer came, `get` raises `FetchError`, an OSError whose `strerror` is a plain
  one-line reason ("the site answered 500 (Internal Server Error) after 3 tries").
- Only http and https addresses are fetched; a body larger than `limit` bytes is refused.
"""

from __future__ import annotations

import http.client
import re
import socket
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass, field

from trajectories import __version__

PRODUCT = "local-authority-trajectories"
CONTACT_ENV = "TRAJECTORIES_CONTACT"
_CONTACT = re.compile(r"^(?:[^@\s]+@[^@\s]+\.[^@\s]+|https?://\S+)$")


class FetchError(OSError):
    """No usable answer from the site: `strerror` says why in plain words."""

    def __init__(self, url: str, reason: str):
        super().__init__(reason)
        self.strerror, self.filename = reason, url  # no error number: the reason is the site's, not the disk's
        self.url = url


@dataclass
class Response:
    url: str
    status: int
    headers: dict[str, str] = field(default_factory=dict)
    body: bytes = b""

    @property
    def content_type(self) -> str:
        return self.headers.get("content-type", "").split(";")[0].strip().lower()


def check_contact(contact: str | None) -> str:
    """The contact, or ValueError saying how to set one."""
    contact = (contact or "").strip()
    if not _CONTACT.match(contact):
        raise ValueError(
            f"set {CONTACT_ENV} to an e-mail address or web page where the site's owners can reach "
            "whoever runs this updater (it is sent with every request)"
        )
    return contact


def user_agent(contact: str) -> str:
    return f"{PRODUCT}/{__version__} (children's services improvement dashboard; +{contact})"


class Client:
    def __init__(self, contact: str, delay: float = 1.0, timeout: float = 30.0, tries: int = 3, backoff: float = 2.0):
        if delay < 0 or timeout <= 0 or tries < 1 or backoff < 0:
            raise ValueError("delay and backoff must be at least 0, timeout above 0 and tries at least 1")
        self.agent = user_agent(check_contact(contact))
        self.delay, self.timeout, self.tries, self.backoff = delay, timeout, tries, backoff
        self.requests = 0
        self._last = 0.0
        self._retry_after: float | None = None  # what the site last asked us to wait, in seconds
        self._lock = threading.Lock()
        # No proxies from the environment: the addresses asked for are the ones reached.
        self._opener = urllib.request.build_opener(urllib.request.ProxyHandler({}), _WebRedirects())

    def _wait_turn(self) -> None:
        with self._lock:
            pause = self._last + self.delay - time.monotonic()
            if pause > 0:
                time.sleep(pause)
            self._last = time.monotonic()
            self.requests += 1

    def get(
        self, url: str, etag: str | None = None, last_modified: str | None = None, limit: int | None = None
    ) -> Response:
        if urllib.parse.urlsplit(url).scheme not in ("http", "https"):
            raise FetchError(url, "not a web address (http or https)")
        headers = {"User-Agent": self.agent, "Accept": "*/*"}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        reason = "no answer"
        for attempt in range(self.tries):
            if attempt:
                time.sleep(self._retry_wait(attempt))
            self._wait_turn()
            try:
                return self._once(url, headers, limit)
            except _Retry as exc:
                reason = exc.reason
                self._retry_after = exc.retry_after
        tries = f"{self.tries} tries" if self.tries > 1 else "1 try"
        raise FetchError(url, f"{reason} after {tries}")

    def _retry_wait(self, attempt: int) -> float:
        """`backoff`, doubled for each try after the second; longer when the site asked (up to a minute)."""
        wait = self.backoff * (2 ** (attempt - 1))
        if self._retry_after is not None:
            wait = max(wait, min(self._retry_after, 60.0))
        self._retry_after = None
        return wait

    def _once(self, url: str, headers: dict[str, str], limit: int | None) -> Response:
        request = urllib.request.Request(url, headers=headers)
        try:
            with self._opener.open(request, timeout=self.timeout) as answer:
                status = answer.status
                found = {k.lower(): v for k, v in answer.headers.items()}
                body = _read(answer, limit, url)
                return Response(answer.url or url, status, found, body)
        except urllib.error.HTTPError as exc:
            found = {k.lower(): v for k, v in (exc.headers or {}).items()}
            if exc.code == 304:
                return Response(url, 304, found)
            words = f"the site answered {exc.code} ({exc.reason})" if exc.reason else f"the site answered {exc.code}"
            if exc.code == 429 or exc.code >= 500:
                raise _Retry(words, _seconds(found.get("retry-after"))) from None
            raise FetchError(url, words) from None
        except TimeoutError:
            raise _Retry(f"no answer within {self.timeout:g} s") from None
        except http.client.IncompleteRead as exc:
            got, expected = len(exc.partial), (len(exc.partial) + exc.expected if exc.expected is not None else None)
            raise _Retry(
                f"the download was cut short (got {got:,} of {expected:,} bytes)"
                if expected
                else "the download was cut short"
            ) from None
        except urllib.error.URLError as exc:
            inner = exc.reason
            if isinstance(inner, (TimeoutError, socket.timeout)):
                raise _Retry(f"no answer within {self.timeout:g} s") from None
            raise _Retry(f"could not reach the site ({getattr(inner, 'strerror', None) or inner})") from None
        except (ConnectionError, http.client.HTTPException) as exc:
            raise _Retry(f"the connection failed ({exc.__class__.__name__})") from None


class _Retry(Exception):
    def __init__(self, reason: str, retry_after: float | None = None):
        super().__init__(reason)
        self.reason, self.retry_after = reason, retry_after


class _WebRedirects(urllib.request.HTTPRedirectHandler):
    """Redirects are followed (the file store may move a file), but only to http or https."""

    def redirect_request(self, req, fp, code, msg, headers, newurl):
        if urllib.parse.urlsplit(newurl).scheme not in ("http", "https"):
            return None
        return super().redirect_request(req, fp, code, msg, headers, newurl)


def _read(answer, limit: int | None, url: str) -> bytes:
    """The whole body, checked against the length the site announced."""
    body = answer.read() if limit is None else answer.read(limit + 1)
    if limit is not None and len(body) > limit:
        raise FetchError(url, f"the file is larger than {limit // (1024 * 1024)} MB")
    expected = _seconds(answer.headers.get("Content-Length"))
    if expected is not None and len(body) < expected:
        raise _Retry(f"the download was cut short (got {len(body):,} of {int(expected):,} bytes)")
    return body


def _seconds(value: str | None) -> float | None:
    try:
        return float(value) if value else None
    except ValueError:
        return None

"""Ofsted reports' layout: the content lines of a report without its page furniture (running headers and
footers, page numbers, footnotes, the contents page and the closing page), and lines joined into one text
that maps each character back to its offset in the document."""

from __future__ import annotations

import bisect
import re
from collections import Counter
from dataclasses import dataclass

from trajectories.domain import Span

QUOTES = str.maketrans({"’": "'", "‘": "'", "\u00a0": " "})

MAIN_BULLETS = "•◼▪■●\uf06e\uf0a7\uf0b7\uf0d8\uf076\uf0fc"
SUB_BULLETS = "−─―–\uf02d\uf0be-"
NUMBERED = re.compile(r"(\d{1,3})\.\s+(?=\S)")
_FOOTNOTE_LINE = re.compile(r"(\d{1,2})\s+\S")
_DIGITS = re.compile(r"\d+")
_NONBLANK_LINE = re.compile(r"[^\S\n\f]*[^\s][^\n\f]*")
_FORM_FEED = re.compile("\f")
_MARK_BEFORE = frozenset("abcdefghijklmnopqrstuvwxyz.,;:?)'’”")
_CLOSING = re.compile(r"(?:The Office for Standards in Education, Children|Any complaints about the inspection)", re.I)
_COPYRIGHT = re.compile(r"©\s*Crown copyright|Crown copyright\s+\d{4}", re.I)
_CONTENTS = re.compile(r"contents", re.I)
TERMINAL = re.compile(r"""[.!?:)"'’”]\s*\d{0,2}$""")


@dataclass(slots=True)
class Line:
    start: int  # offsets of the stripped text in the document
    end: int
    text: str
    page: int
    gap: bool = False  # a page break or page furniture lies between this and the previous content line
    blank: bool = False  # a blank line (same page, no furniture) lies between them


def _furniture_key(text: str) -> str:
    key = " ".join(text.lower().split())
    stem = key.rstrip("0123456789")
    if stem != key and len(key) - len(stem) <= 3:
        key = stem.rstrip()
    return key or "#page"


def footnote_marks(text: str) -> tuple[str, set[str]]:
    """A working copy of `text` of the same length with footnote markers ("board1",
    "improve?1", "improvement.2") blanked, so offsets stay valid; and the marker numbers."""
    marks: list[re.Match] = []
    for m in _DIGITS.finditer(text):
        a, b = m.span()
        if b - a > 2 or a < 1 or text[a - 1] not in _MARK_BEFORE:
            continue
        if a >= 2 and text[a - 2].isdigit() and text[a - 1] in ".,:":
            continue  # 2.1, 1,5, 10:30
        if b < len(text) and not text[b].isspace():
            continue
        marks.append(m)
    if not marks:
        return text, set()
    parts, last = [], 0
    for m in marks:
        parts.append(text[last : m.start()])
        parts.append(" " * (m.end() - m.start()))
        last = m.end()
    parts.append(text[last:])
    return "".join(parts), {m.group(0) for m in marks}


def layout(text: str, markers: set[str]) -> tuple[list[Line], bool]:
    """The content lines of `text` (the working copy) in reading order, and whether Ofsted's
    closing page was seen. `markers` are the footnote numbers used in the original text."""
    pages = _page_rows(text)
    # Running headers and footers: the same words at the top or foot of many pages.
    filled_rows = [[i for i, r in enumerate(rows) if r[2]] for rows in pages]
    counts: Counter = Counter()
    for rows, filled in zip(pages, filled_rows, strict=True):
        counts.update({_furniture_key(rows[i][2]) for i in filled[:4] + filled[-3:]})
    threshold = max(3, -(-len(pages) // 4))
    closing = bool(_COPYRIGHT.search(text[-6000:]) or _COPYRIGHT.search(text[:6000]))
    closing_at = (len(pages), 0)
    dropped: list[set[int]] = []  # per page: rows set aside
    cut: list[int] = []  # per page: every row from here on is set aside
    for p, (rows, filled) in enumerate(zip(pages, filled_rows, strict=True)):
        drop = _running_furniture(rows, filled, p > 0, counts, threshold)
        end = _content_end(rows, filled, drop, markers)
        if p >= len(pages) - 3 and closing_at[0] == len(pages):
            for i in filled:
                if _CLOSING.match(rows[i][2]):
                    closing_at, closing = (p, i), True
                    break
        dropped.append(drop)
        cut.append(end)
    return _content_lines(pages, dropped, cut, closing_at), closing


def _page_rows(text: str) -> list[list[tuple[int, int, str]]]:
    """Each page's rows as (start, end, stripped words); a blank row where blank lines part paragraphs."""
    breaks = [m.start() for m in _FORM_FEED.finditer(text)]
    pages: list[list[tuple[int, int, str]]] = [[] for _ in range(len(breaks) + 1)]
    page, next_break = 0, breaks[0] if breaks else len(text) + 1
    prev_end = 0
    for m in _NONBLANK_LINE.finditer(text):
        a = m.start()
        while a > next_break:
            page += 1
            next_break = breaks[page] if page < len(breaks) else len(text) + 1
            prev_end = next_break  # no blank-line marker across a page break
        raw = m.group()
        stripped = raw.strip()
        lead = len(raw) - len(raw.lstrip())
        rows = pages[page]
        if rows and text.count("\n", prev_end, a) >= 2:
            rows.append((a, a, ""))  # a blank line
        rows.append((a + lead, a + lead + len(stripped), stripped))
        prev_end = m.end()
    return pages


def _running_furniture(
    rows: list[tuple[int, int, str]], filled: list[int], after_first: bool, counts: Counter, threshold: int
) -> set[int]:
    """The rows at the top and foot of a page that are a page number or a header or footer seen on many pages."""
    drop: set[int] = set()
    for order in (filled[:4], filled[::-1][:3]):
        for i in order:
            key = _furniture_key(rows[i][2])
            if key == "#page" or (after_first and counts[key] >= threshold):  # page 1 has the title, not a header
                drop.add(i)
            else:
                break
    return drop


def _content_end(rows: list[tuple[int, int, str]], filled: list[int], drop: set[int], markers: set[str]) -> int:
    """Where a page's content stops: at a contents page's heading, or at its first footnote."""
    end = len(rows)
    for i in filled[:6]:  # the contents page, to its foot
        if i not in drop and _CONTENTS.fullmatch(rows[i][2]):
            end = min(end, i)
            break
    for i in filled[1:]:  # footnotes: a numbered note after a blank line, to the foot of the page
        if i >= end or rows[i - 1][2] or i in drop:
            continue
        m = _FOOTNOTE_LINE.match(rows[i][2])
        if m and m.group(1) in markers and not NUMBERED.match(rows[i][2]):
            end = i
            break
    return end


def _content_lines(
    pages: list[list[tuple[int, int, str]]], dropped: list[set[int]], cut: list[int], closing_at: tuple[int, int]
) -> list[Line]:
    """The rows kept, up to the closing page, each knowing whether furniture or a blank line came before it."""
    lines: list[Line] = []
    gap = blank = False
    for p, rows in enumerate(pages):
        if p > closing_at[0]:
            break
        gap = gap or p > 0
        drop, end = dropped[p], cut[p]
        stop = closing_at[1] if p == closing_at[0] else len(rows)
        for i in range(min(end, stop)):
            start, stop_at, stripped = rows[i]
            if i in drop:
                gap = True
            elif not stripped:
                blank = True
            else:
                lines.append(Line(start, stop_at, stripped, p, gap, blank and not gap))
                gap = blank = False
        if end < len(rows):
            gap = True
    return lines


@dataclass
class Joined:
    text: str
    starts: list[int]  # position in `text` where each piece begins
    origins: list[int]  # document offset of each piece

    def at(self, i: int) -> int:
        k = bisect.bisect_right(self.starts, i) - 1
        return self.origins[k] + (i - self.starts[k])

    def span(self, a: int, b: int) -> Span:
        return Span(self.at(a), self.at(max(a, b - 1)) + 1)


def join_lines(lines: list[Line], skip: int = 0) -> Joined:
    parts: list[str] = []
    starts: list[int] = []
    origins: list[int] = []
    length = 0
    for n, line in enumerate(lines):
        piece = line.text[skip:] if n == 0 else line.text
        offset = line.start + (skip if n == 0 else 0)
        if n and parts:
            prev = parts[-1]
            sep = "" if prev[-1:] == "-" and prev[-2:-1].isalpha() and piece[:1].islower() else " "
            parts.append(sep)
            length += len(sep)
        starts.append(length)
        origins.append(offset)
        parts.append(piece)
        length += len(piece)
    return Joined("".join(parts), starts or [0], origins or [0])


def find_line(lines: list[Line], rx: re.Pattern, stop: int) -> tuple[int, re.Match] | None:
    for i, line in enumerate(lines[:stop]):
        m = rx.match(line.text)
        if m:
            return i, m
    return None


def line_index(lines: list[Line], offset: int) -> int:
    """Index of the line holding document offset `offset`."""
    starts = [ln.start for ln in lines]
    return max(0, bisect.bisect_right(starts, offset) - 1)

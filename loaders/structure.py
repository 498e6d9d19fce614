"""The layout of a letter or report as blocks: headings, paragraphs, bullets, numbered paragraphs.

Contract: `blocks(text)` splits extracted text (HTML-scraped, plain or PDF) into `Block`s in
reading order. Wrapped lines are joined; a block starts after a blank line, at a bullet glyph or
at a numbered paragraph ("12. "). Each block keeps its span in the original text, its tidied
text (bullet glyph or number removed, white space collapsed) and the heading it sits under.
Short unpunctuated lines are headings; a heading wrapped over two lines is joined.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from trajectories.text import BULLET_GLYPHS, strip_bullet, tidy

_BULLET = re.compile(r"^\s*[" + re.escape(BULLET_GLYPHS.replace("-", "").replace("*", "")) + r"]\s*")
_DASH_BULLET = re.compile(r"^\s*[-*]\s+(?=\S)")
_NUMBERED = re.compile(r"^\s*(\d{1,3})\.\s+(?=[A-Z‘“'\"(])")
_LINE = re.compile(r"[^\n]*\n?")


@dataclass(frozen=True)
class Block:
    kind: str  # heading | para | bullet | numbered
    text: str  # tidied, without the bullet glyph or number
    start: int
    end: int
    heading: str  # nearest heading above ("" at the top)
    number: str | None = None  # the paragraph number of a numbered block


# Section names a scraped or machine-translated page may print in lower case ("next steps"): a heading all the
# same, where any other short line opening in lower case is the tail of a wrapped sentence.
_LOWER_CASE_HEADING = re.compile(
    r"(?:next steps|what happens next|areas? (?:for|of) (?:development|improvement)|(?:key )?strengths)", re.I
)


def _is_heading(text: str) -> bool:
    words = text.split()
    if not words or len(words) > 14 or len(text) > 110:
        return False
    if text[-1] in ".,;" or (text[0].islower() and not _LOWER_CASE_HEADING.fullmatch(text)):
        return False
    return not re.fullmatch(r"[\d\W]+", text)


def blocks(text: str) -> list[Block]:
    lines: list[tuple[int, str]] = []
    pos = 0
    for m in _LINE.finditer(text):
        if not m.group(0):
            break
        lines.append((pos, m.group(0)))
        pos = m.end()

    raw: list[tuple[str, int, int, list[str], str | None]] = []  # kind, start, end, lines, number

    def flush(current):
        if current and any(s.strip() for s in current[3]):
            raw.append(current)

    current = None
    for start, line in lines:
        stripped = line.strip().strip("\f")
        if not stripped:
            flush(current)
            current = None
            continue
        end = start + len(line.rstrip("\n"))
        bullet = _BULLET.match(line) or _DASH_BULLET.match(line)
        numbered = _NUMBERED.match(line)
        if bullet or numbered:
            flush(current)
            kind = "bullet" if bullet else "numbered"
            current = [kind, start, end, [line], numbered.group(1) if numbered else None]
            continue
        if current is None:
            current = ["para", start, end, [line], None]
        else:
            current[2] = end
            current[3].append(line)
    flush(current)

    out: list[Block] = []
    heading = ""
    for kind, start, end, body, number in raw:
        joined = tidy("".join(body))
        if kind in ("bullet", "numbered"):
            joined = strip_bullet(joined)
        if kind == "para" and _is_heading(joined):
            kind = "heading"
            heading = joined
        out.append(Block(kind, joined, start, end, heading if kind != "heading" else "", number))
    return out

"""Ofsted reports' front matter: the title block and the authority it names, the inspection dates and
the publication date."""

from __future__ import annotations

import datetime as dt
import functools
import re
from dataclasses import dataclass

from loaders.report_layout import QUOTES, Line, find_line
from trajectories import authorities, dates
from trajectories.domain import DocumentError, PartialDate, Span
from trajectories.text import squash

_DATES_LINE = re.compile(r"(?:inspection\s+dates?|dates?\s+of\s+(?:the\s+)?inspection)\s*:?\s*(?P<rest>.*)", re.I)
_PUBLISHED_LINE = re.compile(r"(?:report\s+)?published\s*:?\s*(?P<rest>.*)", re.I)
_TITLE_WORDS = re.compile(r"\b(?:re-?\s?inspection|inspection|review)\s+of\b", re.I)


def _day_ranges(text: str) -> list[dates.DateRange]:
    return [r for r in dates.find_ranges(text) if r.start.precision == "day" and r.end.precision == "day"]


def _read_dates(lines: list[Line], i: int, m: re.Match) -> tuple[list[dates.DateRange], Span] | None:
    """The fieldwork ranges on the dates line, joined with the next line when it wraps
    ("... and 28 – 30" / "January 2014"); a second visit ("... and 7 to 8 August 2019") is kept."""
    rest = m.group("rest")
    found = _day_ranges(rest)
    end = lines[i].end
    wraps = re.search(r"(?:\band|\bto|[-–—,]|(?<!\d)\d{1,2})\s*$", rest) is not None
    if (not found or wraps) and i + 1 < len(lines) and not re.match(r"[A-Za-z ]{2,30}:", lines[i + 1].text):
        more = _day_ranges(rest + " " + lines[i + 1].text)
        if more:
            found, end = more, lines[i + 1].end
    if not found:
        return None
    return found, Span(lines[i].start, end)


def title_authority(title_lines: list[Line], when: dt.date | None):
    """(name as written, Authority) from the title block; DocumentError when nothing matches."""
    joined = squash(" ".join(line.text for line in title_lines))
    norm = joined.translate(QUOTES)
    candidates: list[str] = []
    m = re.search(
        r"inspection of (?P<name>.+?)(?:\s+local authority)?\s+children's (?:social care )?services", norm, re.I
    )
    if m and not re.match(r"(?:services for|children|looked after)", m.group("name"), re.I):
        candidates.append(m.group("name"))
    m = re.search(r"inspection of (?P<name>.+?\btrust\b)", norm, re.I)
    if m:
        candidates.append(m.group("name"))
    title_at = _TITLE_WORDS.search(norm)
    if title_at and title_at.start() > 0:
        candidates.append(norm[: title_at.start()])
    m = re.search(
        r"(?:looked after children|safeguarding)(?: and looked after children)? services\s+(?P<name>.+)$", norm, re.I
    )
    if m:
        candidates.append(m.group("name"))
    for name in candidates:
        name = re.sub(r"\b(?:local\s+)?safeguarding\s+children\s+board\b|\blscb\b", "", name, flags=re.I).strip(" ,")
        if not name:
            continue
        found = authorities.match(name, on=when)
        if found is None:
            hit = authorities.find_in_text(name)
            found = authorities.match(hit[0], on=when) if hit else _by_prefix(name, when)
        if found is not None:
            at = norm.find(name)
            return (joined[at : at + len(name)] if at >= 0 else name), found
    shown = candidates[0] if candidates else joined[:80]
    raise DocumentError(f"no local authority named in the report matches the reference list: '{shown}'")


@functools.lru_cache(maxsize=1)
def _current_keys() -> tuple[tuple[str, str], ...]:
    """(matching key, code) of every name of every authority in force today."""
    keys = set()
    for a in authorities.reference():
        if a.valid_to is None:
            keys.update((authorities.name_key(n), a.code) for n in {a.name, a.short_name, *a.aliases} if n)
    return tuple(sorted(keys))


def _by_prefix(name: str, when: dt.date | None):
    """A shortened name ("East Riding", "Newcastle") that begins exactly one authority's name."""
    key = authorities.name_key(name)
    if len(key) < 4:
        return None
    codes = {code for k, code in _current_keys() if k.startswith(key + " ")}
    if len(codes) != 1:
        return None
    return authorities.match(authorities.by_code()[codes.pop()].name, on=when)


def _title(title_lines: list[Line]) -> str:
    joined = squash(" ".join(ln.text for ln in title_lines))
    m = _TITLE_WORDS.search(joined)
    return joined[m.start() :] if m else joined


@dataclass
class FrontMatter:
    dates_index: int  # the line of the inspection dates
    start: PartialDate
    end: PartialDate
    fieldwork_days: int
    dates_span: Span
    published: PartialDate | None
    title_lines: list[Line]
    title: str
    title_text: str  # the title block as one line, quotes made plain


def front_matter(lines: list[Line]) -> FrontMatter:
    """Fieldwork dates, publication date and the title block above the dates."""
    at = find_line(lines, _DATES_LINE, 80)
    if at is None:
        raise DocumentError("no inspection dates found in the report (is it truncated, or not an inspection report?)")
    dates_index, dates_match = at
    read = _read_dates(lines, dates_index, dates_match)
    if read is None:
        raise DocumentError(f"the inspection dates cannot be read: '{squash(lines[dates_index].text)[:80]}'")
    ranges, dates_span = read
    published = None
    pub = find_line(lines, _PUBLISHED_LINE, dates_index + 8)
    if pub is not None:
        found = _day_ranges(pub[1].group("rest"))
        published = found[0].start if found else None
    title_lines = [ln for ln in lines[:dates_index] if not _PUBLISHED_LINE.match(ln.text)]
    return FrontMatter(
        dates_index=dates_index,
        start=ranges[0].start,
        end=ranges[-1].end,
        fieldwork_days=sum((r.end.first_day() - r.start.first_day()).days + 1 for r in ranges),
        dates_span=dates_span,
        published=published,
        title_lines=title_lines,
        title=_title(title_lines),
        title_text=squash(" ".join(ln.text for ln in title_lines)).translate(QUOTES),
    )

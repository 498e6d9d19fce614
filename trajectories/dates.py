"""Dates as inspectorates write them, read into `PartialDate`s.

Contract: `find_ranges(text)` returns every date or date range written in English prose, in
order, as `DateRange(start, end, span)`; `first_range(text)` the first. Forms handled include
"26 April 2021 to 29 April 2021", "between the 15 and 19 November 2021", "on 14, 15 and 16 July
2025", "17 September to 28 September 2018", "18 Feb 2014 – 12 March 2014", "21 November to 2
December 2022", "12 to 23 January 2026", "15 December 2020", "October 2020" (month precision) and
"31/01/2023". Missing months and years of the earlier days are taken from the last one.
`range_without_year(text, year)` reads the first phrase that names days and a month but no year
("on 30 and 31 January", "between 4 and 6 March") as if it were written with `year`; the caller
decides which year to try.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from dateutil import parser as dateutil_parser

from trajectories.domain import PartialDate, Span, month_number

_MONTH = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|"
    r"Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
)
_YEAR = r"(?:19|20)\d{2}"
_DAY = r"(?:[0-3]?\d)(?:st|nd|rd|th)?"
_ATOM = rf"(?:the\s+)?{_DAY}(?:\s+(?:of\s+)?{_MONTH})?(?:,?\s+{_YEAR})?"
_SEP = r"\s*(?:,\s*(?:and\s+)?|\band\b|\bto\b|\buntil\b|\btill\b|\bthrough\b|[-–—])\s*"
_RANGE = re.compile(
    rf"(?<![\w/])(?:(?:from|between|on)\s+)?(?P<body>{_ATOM}(?:{_SEP}{_ATOM})*)(?![\w/])",
    re.IGNORECASE,
)
_ATOM_RE = re.compile(
    rf"(?:the\s+)?(?P<d>[0-3]?\d)(?:st|nd|rd|th)?(?:\s+(?:of\s+)?(?P<m>{_MONTH}))?(?:,?\s+(?P<y>{_YEAR}))?",
    re.IGNORECASE,
)
_MONTH_YEAR = re.compile(rf"(?<!\d\s)\b(?P<m>{_MONTH})\s+(?P<y>{_YEAR})\b", re.IGNORECASE)
_NUMERIC = re.compile(r"\b(?P<d>[0-3]?\d)/(?P<m>[01]?\d)/(?P<y>(?:19|20)?\d{2})\b")
# Days and a month after "on", "from" or "between" with no year after them: month names in full.
_MONTH_NAME = r"(?:January|February|March|April|May|June|July|August|September|October|November|December)"
_NO_YEAR = re.compile(
    rf"\b(?:on|from|between)\s+(?P<body>\d{{1,2}}(?:\s+{_MONTH_NAME})?(?:\s*(?:,|and|to|until|-|–)\s*\d{{1,2}}"
    rf"(?:\s+{_MONTH_NAME})?)*\s+{_MONTH_NAME})(?!\s*,?\s*\d)",
)


@dataclass(frozen=True)
class DateRange:
    start: PartialDate
    end: PartialDate
    span: Span


def _atoms(body: str) -> list[tuple[int, int | None, int | None]]:
    return [
        (int(a["d"]), month_number(a["m"]) if a["m"] else None, int(a["y"]) if a["y"] else None)
        for a in _ATOM_RE.finditer(body)
    ]


def _resolve(atoms: list[tuple[int, int | None, int | None]]) -> list[PartialDate] | None:
    """Fill each day's missing month/year from the later ones; None unless the last is complete."""
    if not atoms or atoms[-1][1] is None or atoms[-1][2] is None:
        return None
    out: list[PartialDate] = []
    month, year = atoms[-1][1], atoms[-1][2]
    for day, m, y in reversed(atoms):
        month = m or month
        year = y or year
        if m and not y and out:  # "18 Feb – 12 March 2014": same year unless that goes backwards
            year = out[-1].year if dt.date(year, m, 1) <= out[-1].first_day() else year - 1
        try:
            out.append(PartialDate(year, month, day))
        except ValueError:
            return None
    out.reverse()
    return out


def find_ranges(text: str) -> list[DateRange]:
    """Every date or range in `text`, in reading order; spans are offsets into `text`."""
    found: list[DateRange] = []
    taken: list[tuple[int, int]] = []
    for match in _RANGE.finditer(text):
        body = match.group("body")
        atoms = _atoms(body)
        # A body may hold two separate dates ("20 May 2019 and 3 June 2020"): split after each year.
        groups: list[list] = [[]]
        for atom in atoms:
            groups[-1].append(atom)
            if atom[2] is not None:
                groups.append([])
        complete = [g for g in groups if g]
        dates = [_resolve(g) for g in complete]
        if not dates or any(d is None for d in dates):
            continue
        if len(dates) == 1 or all(len(d) == 1 for d in dates) and len(dates) == 2 and _joined_by_range(body):
            flat = [d for ds in dates for d in ds]
            found.append(DateRange(flat[0], flat[-1], Span(match.start("body"), match.end("body"))))
        else:
            for ds in dates:
                found.append(DateRange(ds[0], ds[-1], Span(match.start("body"), match.end("body"))))
        taken.append((match.start(), match.end()))
    for match in _MONTH_YEAR.finditer(text):
        if any(a <= match.start() < b for a, b in taken):
            continue
        pd = PartialDate(int(match["y"]), month_number(match["m"]))
        found.append(DateRange(pd, pd, Span(match.start(), match.end())))
    for match in _NUMERIC.finditer(text):
        year = int(match["y"])
        year = year + 2000 if year < 100 else year
        try:
            pd = PartialDate(year, int(match["m"]), int(match["d"]))
        except ValueError:
            continue
        found.append(DateRange(pd, pd, Span(match.start(), match.end())))
    found.sort(key=lambda r: r.span.start)
    return found


def _joined_by_range(body: str) -> bool:
    return bool(re.search(r"\bto\b|\buntil\b|[-–—]", body))


def range_without_year(text: str, year: int) -> DateRange | None:
    """The first 'on 30 and 31 January' in `text` (days and a month, no year) read as in `year`.

    The span is the phrase's place in `text`; None when there is no such phrase or it does not
    read as a date in that year.
    """
    m = _NO_YEAR.search(text)
    if not m:
        return None
    found = find_ranges(f"{m.group('body')} {year}")
    if not found:
        return None
    return DateRange(found[0].start, found[0].end, Span(m.start("body"), m.end("body")))


def first_range(text: str) -> DateRange | None:
    ranges = find_ranges(text)
    return ranges[0] if ranges else None


def parse_date(value: str, *, dayfirst: bool = True) -> PartialDate | None:
    """A single date cell from a table ("31/01/23", "2023-01-31", "31 January 2023", "Jan 2023").

    Blank -> None; unreadable -> ValueError naming the value.
    """
    value = (value or "").strip()
    if not value:
        return None
    try:
        return PartialDate.parse_iso(value)
    except ValueError:
        pass
    ranges = find_ranges(value)
    if ranges and ranges[0].span.start == 0:
        return ranges[0].start
    try:
        parsed = dateutil_parser.parse(value, dayfirst=dayfirst)
    except (ValueError, OverflowError) as exc:
        raise ValueError(f"not a date: {value!r}") from exc
    return PartialDate.from_date(parsed.date())

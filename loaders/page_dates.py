"""Welsh and Scottish pages' dates: the date a page states for itself, a publication date after the
visit, and every date a sentence names (months, ranges, seasons, financial years, Welsh month names,
"this year" read with the page's own date)."""

from __future__ import annotations

import re

from loaders.page_layout import is_noise
from trajectories import dates
from trajectories.domain import PartialDate

_WELSH_MONTHS = {
    "ionawr": 1,
    "chwefror": 2,
    "mawrth": 3,
    "ebrill": 4,
    "mai": 5,
    "mehefin": 6,
    "gorffennaf": 7,
    "awst": 8,
    "medi": 9,
    "hydref": 10,
    "tachwedd": 11,
    "rhagfyr": 12,
}
_WELSH_DATE = re.compile(
    r"\b(?:(?P<d>[0-3]?\d)\s+)?(?:(?:ym\s+)?mis\s+)?(?P<m>"
    + "|".join(_WELSH_MONTHS)
    + r")(?:\s+(?P<y>(?:19|20)\d{2}))?\b",
    re.I,
)
_MONTHS = "January|February|March|April|May|June|July|August|September|October|November|December"
_RELATIVE = re.compile(
    rf"\b(?:(?:in|during|on)\s+)?(?P<m>{_MONTHS})\s+(?:of\s+)?this\s+year\b|\b(?P<rel>last|earlier this year,?\s+in|"
    rf"this)\s+"
    rf"(?P<m2>{_MONTHS})\b(?!\s*,?\s*(?:19|20)\d\d)",
    re.I,
)
_PAGE_DATE_LABEL = re.compile(
    r"(?:first published|published|posted on|date|last updated)\s*:?\s*(?:on\s+)?(?:[A-Z][a-z]+day\s+)?(?=\d)", re.I
)
_PUBLISHED_IN_TEXT = re.compile(
    r"\b(?:(?:report|letter|review)\s+(?:was|has been|had been|is)\s+published|published\s+today)\s*(?:on\s+)?", re.I
)


def page_date(text: str) -> PartialDate | None:
    """The date the page states for itself: a dated line near the top, "Published: …", "Date: …"."""
    head = text[:2500]
    for m in _PAGE_DATE_LABEL.finditer(head):
        found = dates.find_ranges(head[m.end() : m.end() + 40])
        if found and found[0].span.start == 0:
            return found[0].start
    for line in head.splitlines()[:25]:
        bare = line.strip(" •·\t-")
        found = dates.find_ranges(bare)
        whole = found and found[0].span.start == 0 and found[0].span.end >= len(bare) - 1
        if whole and found[0].start.precision == "day":
            return found[0].start
    for m in _PUBLISHED_IN_TEXT.finditer(text):
        found = dates.find_ranges(text[m.end() : m.end() + 40])
        if found and found[0].span.start == 0:
            return found[0].start
    # A report's cover: "Report of a joint inspection" / "March 2011", the month on a line of its own
    # or in a column of its own (a wide gap before it on a line of a PDF's layout).
    for line in head.splitlines()[:30]:
        for piece in re.split(r"\s{5,}", line):
            bare = piece.strip(" •·\t-")
            found = dates.find_ranges(bare)
            whole = found and found[0].span.start == 0 and found[0].span.end >= len(bare) - 1
            if whole and found[0].start.precision == "month" and found[0].start == found[0].end:
                return found[0].start
    first = next((line.strip() for line in head.splitlines() if line.strip() and not is_noise(line)), "")
    year = re.search(r",\s*((?:19|20)\d\d)$", first)  # a title ending ", 2021"
    return PartialDate(int(year.group(1))) if year else None


def published_after(text: str, visit_end: PartialDate | None) -> PartialDate | None:
    """'published today (9 January)', '(Wednesday 18 September)', 'heddiw (9 Ionawr)': a day and a month
    with no year; read as the first such day after the visit (a report follows its visit)."""
    m = re.search(
        r"\b(?:today|heddiw)\s*\((?:[A-Z][a-z]+day\s+)?(?P<d>[0-3]?\d)(?:st|nd|rd|th)?\s+"
        r"(?P<m>[A-Z][a-z]+)\)",
        text,
    )
    if not m or visit_end is None or not _month(m["m"]):
        return None
    month, day = _month(m["m"]), int(m["d"])
    for year in (visit_end.year, visit_end.year + 1):
        try:
            candidate = PartialDate(year, month, day)
        except ValueError:
            return None
        if candidate.first_day() > visit_end.last_day():
            return candidate
    return None


def _month(word: str) -> int | None:
    from trajectories.domain import month_number

    return month_number(word) or _WELSH_MONTHS.get(word.lower())


Dated = tuple[PartialDate, PartialDate, int, int]  # (start, end, span start, span end) in a sentence


def dates_in(sentence: str, today: PartialDate | None) -> list[Dated]:
    """Every date or range in one sentence, as (start, end, span start, span end) in the sentence.

    Adds to `dates.find_ranges`: month ranges ("in October and November 2008", "between November 2022
    and April 2023"), Welsh month names, the Welsh financial year of an annual review, seasons ("in the
    autumn of 2015": the year), and months the page dates relatively ("in May this year", "last
    October") when the page's own date is known. Where two readings start at one place, the first
    reader (in that order) wins.
    """
    out: list[Dated] = []
    taken: list[tuple[int, int]] = []
    readers = (_month_ranges, _plain_dates, _welsh_dates, _financial_years, _seasons)
    for found in (*(reader(sentence) for reader in readers), _relative_months(sentence, today)):
        for start, end, a, b in found:
            if not any(x <= a < y for x, y in taken):
                out.append((start, end, a, b))
                taken.append((a, b))
    out.sort(key=lambda t: t[2])
    return out


def _month_ranges(sentence: str) -> list[Dated]:
    out = []
    for m in _MONTH_RANGE.finditer(sentence):
        m1, m2, y2 = _month(m["m1"]), _month(m["m2"]), int(m["y2"])
        y1 = int(m["y1"]) if m["y1"] else (y2 if m1 <= m2 else y2 - 1)
        out.append((PartialDate(y1, m1), PartialDate(y2, m2), m.start(), m.end()))
    return out


def _plain_dates(sentence: str) -> list[Dated]:
    comma_year = re.search(rf"(?:{_MONTHS}), (?:19|20)\d\d", sentence)  # "November, 2016"
    plain = sentence.replace(",", " ", 1) if comma_year else sentence
    plain = _MONTH_OF_YEAR.sub(lambda m: m[1] + " " * len(m[2]) + m[3], plain)  # "December of 2015", same length
    found = dates.find_ranges(plain)
    out = []
    for i, r in enumerate(found):
        # "between 30 November 2015 and 19 January 2016" comes back as its two days over one span: one range
        last = max((x for x in found[i:] if x.span == r.span), key=lambda x: x.end.last_day())
        out.append((r.start, last.end, r.span.start, r.span.end))
    return out


def _welsh_dates(sentence: str) -> list[Dated]:
    out = []
    for m in _WELSH_DATE.finditer(sentence):
        if not m["y"]:
            continue
        month = _WELSH_MONTHS[m["m"].lower()]
        try:
            pd = PartialDate(int(m["y"]), month, int(m["d"])) if m["d"] else PartialDate(int(m["y"]), month)
        except ValueError:
            continue
        out.append((pd, pd, m.start(), m.end()))
    return out


def _financial_years(sentence: str) -> list[Dated]:
    if not _ANNUAL.search(sentence):
        return []
    out = []
    for m in _FINANCIAL_YEAR.finditer(sentence):
        y1 = int(m["y1"])
        if int(m["y2"]) % 100 == (y1 + 1) % 100:
            out.append((PartialDate(y1, 4), PartialDate(y1 + 1, 3), m.start(), m.end()))
    return out


def _seasons(sentence: str) -> list[Dated]:
    return [(PartialDate(int(m["y"])),) * 2 + (m.start(), m.end()) for m in _SEASON.finditer(sentence)]


def _relative_months(sentence: str, today: PartialDate | None) -> list[Dated]:
    if today is None:
        return []
    out = []
    for m in _RELATIVE.finditer(sentence):
        month = _month(m["m"] or m["m2"])
        year = today.year
        if (m["rel"] or "").lower() == "last" and (today.month is None or month >= today.month):
            year -= 1
        pd = PartialDate(year, month)
        out.append((pd, pd, m.start(), m.end()))
    return out


# "for 2019/20" in an annual review: the Welsh financial year, April to March.
_ANNUAL = re.compile(
    r"\bannual (?:review|performance|letter)|\bperformance review\b|"
    r"\breview (?:and evaluation )?of performance\b",
    re.I,
)
_FINANCIAL_YEAR = re.compile(r"\b(?P<y1>(?:19|20)\d\d)\s*[/-]\s*(?P<y2>\d\d)\b(?![/-]\d)")

_SEASON = re.compile(r"\b(?:spring|summer|autumn|winter|early|late)(?:\s+of)?\s+(?P<y>(?:19|20)\d\d)\b", re.I)
_MONTH_OF_YEAR = re.compile(rf"\b({_MONTHS})(\s+of)(\s+(?:19|20)\d\d)\b", re.I)
_MONTH_RANGE = re.compile(
    rf"\b(?P<m1>{_MONTHS})(?:\s+(?P<y1>(?:19|20)\d\d))?\s*(?:and|to|until|-|"
    rf"–)\s*(?P<m2>{_MONTHS}),?\s+(?:of\s+)?(?P<y2>(?:19|20)\d\d)\b",
    re.I,
)

"""What Welsh and Scottish inspectorate pages have in common, read from what the text is.

Contract (pure functions over the extracted text; offsets always index that text):
- `content_blocks(text)` -> the layout blocks without site furniture (menus, cookie and COVID
  banners, "Share this page", bilingual letterheads, "[email protected]" placeholders).
- `looks_cut_off(blocks)` -> True when the last block stops mid-sentence.
- `source_kind(text)` -> (kind in words, direction basis): the inspectorate's own page or letter
  ("primary_source"), a council committee paper ("council_minute"), or a council press release or
  a ministerial statement ("press"); the last two are secondary (docs/domain-rules.md §1.4).
- `page_date(text)` -> the date the page itself states (published, posted, dated, a report cover's
  month on a line of its own), or None.
- `visit_and_references(sentences, page_date)` -> the visit the page reports (kind, dates) and
  the earlier visits it refers to, each as a `VisitReference`; an earlier visit is never a new visit.
- `authorities_named(text, nation)` -> the authorities a page is about: one, or two when it
  reports two councils or partnerships side by side ("in East Dunbartonshire and Midlothian").
- `page_directions(sentences, basis)` -> direction signals of the page's own verdict, a positive
  one damped when the next sentence limits it ("There continue to be … serious concerns"); in
  Welsh too ("wedi gwneud cynnydd sylweddol … mae'n rhy gynnar i farnu", rules "cy.").
- `read_page(text, source, profile)` -> one `ParsedDocument` per authority: the visit (kind, dates,
  published date, earlier visits as references), its directions and statuses, Scottish grades,
  findings under the headings they sit under (never the narrative of what inspectors did, a
  look-back, a verdict or a quotation) and next steps (dated ones also as planned visits). A page
  with no date at all is read with the `UNDATED` warning; loading refuses it.
The visit is dated by the words that say when the inspectors were there (the fieldwork, "the
inspection took place between …", what inspectors did on site) before a title's or cover's date; a
date on a line of its own in a heading or cover is the document's, never the visit's.
Dates may be written "in October and November 2008", "during July 2018", "in May this year" (read
with the page's own date), "12 and 23 of October 2020", across months, or with Welsh month names.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, replace

from loaders.structure import Block, blocks
from trajectories import authorities, dates, normalise, scale
from trajectories.domain import (
    AuthorityRef,
    Dimension,
    DirectionSignal,
    DocumentError,
    Event,
    Finding,
    Inspectorate,
    Judgement,
    MappingQuality,
    Nation,
    ParsedDocument,
    PartialDate,
    Source,
    Span,
)
from trajectories.text import sentences

# Site furniture and banners: never findings, never sentences of the page.
_NOISE = re.compile(
    r"^(?:skip to (?:main )?content|global keyword search|search site|share this page|print this page|"
    r"news\s*news|news|agenda item|issue - meetings|download documents|leave a comment|continue reading|"
    r"page created by|upload:|post on|category:|\d+ (?:views|downloads?)|transcript|last updated:?|"
    r"first published:?|additional documents:?|minutes:?|decision:?|documents)\b|"
    r"^this was published under the \d{4} to \d{4} administration|"
    r"^[\w ]{1,30} logo$|^category:?$|^upload:|^post on\b|"
    r"cookie|coronavirus|covid-19 vaccination|no matter how mild your symptoms|get the latest covid|"
    r"\[email\s*protected\]|email protected|arolygiaeth gofal cymru \(agc\)|swyddfa llywodraeth cymru|"
    r"rydym yn croesawu|we welcome receiving correspondence|mae['’]r ddogfen yma|"
    r"this document is also available in welsh|"
    r"©\s*crown copyright|digital isbn|black and white image|pdf icon|^\d{4} \d{3} \d{3,4}$|"
    r"^(?:\d+\s+)?(?:days?|hours?) ago$|^(?:news|home)\s*[›>]|"
    r"^(?:(?:first )?published|date|posted on|last updated)\s*:?\s*(?:[A-Z][a-z]+day\s+)?\d{1,2}(?:st|nd|rd|"
    r"th)?\s+\w+\s+\d{4}$",
    re.I,
)
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

# What inspectors did on site: "Inspectors from the Care Inspectorate, … examined", "inspectors spoke to".
_INSPECTORS_DID = (
    r"\binspectors?\b[^.;]{0,160}?\b(?:visited|talked|spoke|met|read|scrutinised|scrutinized|examined|"
    r"looked at|spent time|reviewed)\b"
)
# Words that make a sentence state a visit, strongest first.
_STRONG_VISIT = re.compile(
    r"\b(?:we inspected|inspected|took place|carried out|undertaken|undertook|conducted|we reviewed|reviewed|"
    r"looked at services|summaris\w+ (?:the )?findings|visited|followed up|active phase|inspection of|"
    r"cynhaliwyd|cynhaliodd|arolygwyd|arolygon)\b|"
    r"\bfieldwork\b|" + _INSPECTORS_DID,
    re.I,
)
_WEAK_VISIT = re.compile(r"\b(?:inspection|visit|monitoring|check|review|activity|arolygiad|gwiriad|fieldwork)\b", re.I)
# The words that say when the inspectors were there: the fieldwork, "the inspection took place between …",
# what the inspectors did on site. They date the visit before a report's cover or a title's date.
_ON_SITE = re.compile(
    r"\bfieldwork\b|\btook place\b|\bteam of inspectors\b|\bcynhaliwyd\b|" + _INSPECTORS_DID,
    re.I,
)
_NOT_THE_VISIT = re.compile(
    r"\b(?:would|will|to) undertake\b|\bwrote to\b|\bis due\b|\bplanned\b|"
    r"\bwill (?:conduct|consider)\b",
    re.I,
)
# Markers of the visit this page reports, and of an earlier one it refers back to.
_THIS_VISIT = re.compile(
    r"\b(?:further|follow[- ]?up|followed up|second|latest|most recent|this)\s+(?:\w+\s+){0,3}?"
    r"(?:inspection|review|visit|check|monitoring|progress)|\bour \w+ \d{4} monitoring",
    re.I,
)
_EARLIER = re.compile(
    r"\b(?:previous|previously|last|earlier|original|prior|first)\b|\bhad been (?:carried out|undertaken)|"
    r"\bfollow(?:s|ed|ing)?\s+(?:up\s+)?on\s+from\b|\bfollowing\s+(?:the|our|its|their)\b|\bsince\b|\bafter\b|"
    r"\bin which\b|\bidentified in\b|\bfollow(?:ing)? up on\b|\bbuilds on\b|\badeiladu ar\b|\bnoted\b.*\blast\b|"
    r"\bin response\b",
    re.I,
)
# A visit look-back names its kind: "our inspection in October 2020", "the Performance Evaluation Inspection (PEI) in".
_KIND_WORDS = re.compile(
    r"(?:performance evaluation inspection|improvement check|assurance check|follow[- ]up inspection|"
    r"monitoring activity|"
    r"joint inspection|progress review|risk[- ]based inspection|inspection|review|monitoring|visit|arolygiad)",
    re.I,
)


# A page that states neither when the inspectors visited nor when it was published is read (so it
# can be shown), but cannot be placed on a chart: loading refuses it with these words.
UNDATED = "the page states no date for the visit or its publication, so it cannot be placed on a chart"


@dataclass(frozen=True)
class VisitReference:
    """An earlier visit the page refers to: its kind as written and its date as written (if any)."""

    kind: str
    start: PartialDate | None
    end: PartialDate | None
    phrase: str
    span: Span


@dataclass(frozen=True)
class Visit:
    """The visit a page reports: the sentence that states it, and its dates (None when not stated)."""

    start: PartialDate | None
    end: PartialDate | None
    sentence: str
    span: Span | None


def content_blocks(text: str) -> list[Block]:
    """Blocks of the page without its furniture. A page scraped one paragraph a line (few blank
    lines) is read a line a block, so its headings and bullets are not run into one paragraph."""
    lines = text.splitlines()
    filled = sum(1 for line in lines if line.strip())
    if filled > 3 and len(lines) - filled < 0.25 * filled:
        return [b for b in _line_blocks(text) if not _is_noise(b.text)]
    return [b for b in blocks(text) if not _is_noise(b.text)]


_LINE_BULLET = re.compile(r"^\s*(?:[•◼▪■●◦‣∙·\uf0b7\uf0a7]|[-*](?=\s))\s*")
_LINE_NUMBER = re.compile(r"^\s*(\d{1,3})\.\s+(?=[A-Z‘“'\"(])")


def _line_blocks(text: str) -> list[Block]:
    out: list[Block] = []
    heading = ""
    pos = 0
    for line in text.splitlines(keepends=True):
        start, pos = pos, pos + len(line)
        body = line.rstrip("\r\n")
        if not body.strip():
            continue
        end = start + len(body)
        bullet, number = _LINE_BULLET.match(body), _LINE_NUMBER.match(body)
        tidy_text = " ".join(body.split())
        if bullet or number:
            cut = (bullet or number).end()
            out.append(
                Block(
                    "bullet" if bullet else "numbered",
                    " ".join(body[cut:].split()),
                    start + cut,
                    end,
                    heading,
                    number.group(1) if number else None,
                )
            )
        elif _heading_line(tidy_text):
            heading = tidy_text
            out.append(Block("heading", tidy_text, start, end, ""))
        else:
            out.append(Block("para", tidy_text, start, end, heading))
    return out


def _heading_line(text: str) -> bool:
    words = text.split()
    if not words or len(words) > 14 or len(text) > 110 or text[0].islower():
        return False
    return not re.search(r"[.,;'’\"”)]$", text) and not re.fullmatch(r"[\d\W]+", text)


def _is_noise(text: str) -> bool:
    t = text.strip(" •·\t-")
    if not t or re.fullmatch(r"[\W\d_]*", t):
        return True
    found = dates.find_ranges(t)
    if found and found[0].span.start == 0 and found[0].span.end >= len(t) - 1:  # a date on its own line
        return True
    return bool(_NOISE.search(t)) and len(t) < 400


def page_title(text: str, bl: list[Block]) -> str:
    """The page's title: its first line that is not site furniture, when short enough to be one."""
    for line in text.splitlines():
        bare = " ".join(line.split()).strip(" •·-")
        if not bare or _is_noise(bare) or (dates.find_ranges(bare) and len(bare) < 30):
            continue
        if len(bare) <= 200 and not re.search(r"[.;,:]$", bare):
            return bare
        break
    return ""


def looks_cut_off(bl: list[Block]) -> bool:
    last = next((b for b in reversed(bl) if b.kind != "heading"), None)
    if last is None:
        return True
    return not re.search(r"[.!?:)\"'’”]\s*$", last.text)


def source_kind(text: str) -> tuple[str, str]:
    """The kind of source in words and the basis its direction signals carry."""
    head = text[:3000]
    if re.search(
        r"\b(?:Minister|Ysgrifennydd|Dirprwy Weinidog|STATEMENT BY THE WELSH|written statement)\b", head[:1200]
    ):
        return "a ministerial statement quoting the inspectorate", "press"
    if re.search(
        r"\b(?:Minutes:|Agenda item|RESOLVED|Cabinet Committee|Scrutiny (?:Committee|Board)|Technical Notes?|"
        r"Report by:|presented the report|the Committee|Members discussed|Lead Member)\b",
        head,
    ):
        return "a council committee paper quoting the inspectorate", "council_minute"
    if re.search(
        r"\bCouncill?or\b[^.]{0,80}\bsaid\b|\bCouncil (?:has )?welcomed\b|\bwe have welcomed\b|"
        r"\bour (?:children|social)"
        r"|\bour services\b|\bCouncil publishes\b|\bChief Officer[^.]{0,40}said\b",
        head,
    ):
        return "a council press release quoting the inspectorate", "press"
    if re.search(r"\b(?:blog|Leave a Comment)\b", text[-400:] + head[:300]):
        return "a web page quoting the inspectorate", "press"
    return "the inspectorate's own page or letter", "primary_source"


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
    first = next((line.strip() for line in head.splitlines() if line.strip() and not _is_noise(line)), "")
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


_Dated = tuple[PartialDate, PartialDate, int, int]  # (start, end, span start, span end) in a sentence


def dates_in(sentence: str, today: PartialDate | None) -> list[_Dated]:
    """Every date or range in one sentence, as (start, end, span start, span end) in the sentence.

    Adds to `dates.find_ranges`: month ranges ("in October and November 2008", "between November 2022
    and April 2023"), Welsh month names, the Welsh financial year of an annual review, seasons ("in the
    autumn of 2015": the year), and months the page dates relatively ("in May this year", "last
    October") when the page's own date is known. Where two readings start at one place, the first
    reader (in that order) wins.
    """
    out: list[_Dated] = []
    taken: list[tuple[int, int]] = []
    readers = (_month_ranges, _plain_dates, _welsh_dates, _financial_years, _seasons)
    for found in (*(reader(sentence) for reader in readers), _relative_months(sentence, today)):
        for start, end, a, b in found:
            if not any(x <= a < y for x, y in taken):
                out.append((start, end, a, b))
                taken.append((a, b))
    out.sort(key=lambda t: t[2])
    return out


def _month_ranges(sentence: str) -> list[_Dated]:
    out = []
    for m in _MONTH_RANGE.finditer(sentence):
        m1, m2, y2 = _month(m["m1"]), _month(m["m2"]), int(m["y2"])
        y1 = int(m["y1"]) if m["y1"] else (y2 if m1 <= m2 else y2 - 1)
        out.append((PartialDate(y1, m1), PartialDate(y2, m2), m.start(), m.end()))
    return out


def _plain_dates(sentence: str) -> list[_Dated]:
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


def _welsh_dates(sentence: str) -> list[_Dated]:
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


def _financial_years(sentence: str) -> list[_Dated]:
    if not _ANNUAL.search(sentence):
        return []
    out = []
    for m in _FINANCIAL_YEAR.finditer(sentence):
        y1 = int(m["y1"])
        if int(m["y2"]) % 100 == (y1 + 1) % 100:
            out.append((PartialDate(y1, 4), PartialDate(y1 + 1, 3), m.start(), m.end()))
    return out


def _seasons(sentence: str) -> list[_Dated]:
    return [(PartialDate(int(m["y"])),) * 2 + (m.start(), m.end()) for m in _SEASON.finditer(sentence)]


def _relative_months(sentence: str, today: PartialDate | None) -> list[_Dated]:
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
_CLAUSE_BREAKS = (". ", "; ", ", and ", " and followed", " which ", " where ")
_PLAINLY_EARLIER = re.compile(r"\b(?:previous|last|earlier|original)\b", re.I)
_CAPITALISED = re.compile(
    r"[A-Z][\w'’.&\-]*(?:[ ,]+(?:[A-Z][\w'’.&\-]*|and|of|upon|on|the|le|with|in|&|y|nan|an|"
    r"h-Eileanan))*"
)
_SEASON = re.compile(r"\b(?:spring|summer|autumn|winter|early|late)(?:\s+of)?\s+(?P<y>(?:19|20)\d\d)\b", re.I)
_MONTH_OF_YEAR = re.compile(rf"\b({_MONTHS})(\s+of)(\s+(?:19|20)\d\d)\b", re.I)
_MONTH_RANGE = re.compile(
    rf"\b(?P<m1>{_MONTHS})(?:\s+(?P<y1>(?:19|20)\d\d))?\s*(?:and|to|until|-|"
    rf"–)\s*(?P<m2>{_MONTHS}),?\s+(?:of\s+)?(?P<y2>(?:19|20)\d\d)\b",
    re.I,
)


def visit_and_references(
    sents: list[tuple[str, int, int]],
    today: PartialDate | None,
    title: str = "",
) -> tuple[Visit | None, list[VisitReference]]:
    """The visit the page reports and the earlier visits it names (from the page's sentences).

    A date is an earlier visit when the words just before it, in its sentence, look back
    ("previous", "last", "following the", "since", "in which"); of the rest, a date marked as this
    visit ("a further inspection in …") wins, then one in a sentence that states a visit with a
    strong verb ("we inspected", "took place"), the more precise first.
    """
    references: list[VisitReference] = []
    candidates: list[tuple[int, int, Visit]] = []  # (priority, order, visit)
    order = 0
    for sentence, s_start, s_end in sents:
        if not (_WEAK_VISIT.search(sentence) or _STRONG_VISIT.search(sentence)):
            continue
        for start, end, a, b in dates_in(sentence, today):
            order += 1
            placed = _place_date(sentence, s_start, s_end, (start, end, a, b), today, title)
            if isinstance(placed, VisitReference):
                references.append(placed)
            elif placed is not None:
                candidates.append((placed[0], order, placed[1]))
    if not candidates:
        return None, references
    candidates.sort(key=lambda c: (c[0], c[1]))
    best = candidates[0][2]
    references.extend(_dated_before(best, [c[2] for c in candidates[1:]], references))
    # A date named as the reported visit elsewhere is not also a reference to an earlier one.
    references = [r for r in references if not (r.start == best.start and r.end == best.end)]
    return best, references


def _place_date(
    sentence: str, s_start: int, s_end: int, dated: _Dated, today: PartialDate | None, title: str
) -> VisitReference | tuple[int, Visit] | None:
    """One date of a sentence that names a visit: an earlier visit referred to, a candidate for the
    visit reported (with its rank, lower first), or neither (a publication date, a plan, the page's own)."""
    start, end, a, b = dated
    clause_start = max(sentence.rfind(c, 0, a) for c in _CLAUSE_BREAKS)
    before = sentence[max(0, clause_start, a - 160) : a]
    after = sentence[b : b + 40]
    if re.search(
        r"\b(?:published|publication|posted|dated|wrote|letter dated)\b", before[-40:], re.I
    ) and not _STRONG_VISIT.search(before[-40:]):
        return None
    if _NOT_THE_VISIT.search(sentence) and not _THIS_VISIT.search(before):
        return None
    if today is not None and start == today and not _STRONG_VISIT.search(sentence):
        return None  # the page's own date, not the visit's
    if _on_its_own_line(sentence, a, b):
        return None  # a cover's or title's date ("… Borough Council\nMarch 2019"): the document's, not the visit's
    if _looks_back(before, after):
        kinds = list(_KIND_WORDS.finditer(before)) or list(_KIND_WORDS.finditer(sentence))
        kind = kinds[-1].group(0) if kinds else "visit"
        return VisitReference(kind.lower(), start, end, sentence[a:b], Span(s_start + a, s_start + b))
    if not (_STRONG_VISIT.search(sentence) or _WEAK_VISIT.search(before + after)):
        return None
    in_title = bool(title) and sentence.strip() == title.strip()
    this_one = _THIS_VISIT.search(before) or in_title or _ON_SITE.search(sentence)
    priority = 0 if this_one else 1 if _STRONG_VISIT.search(sentence) else 2
    precision = 0 if start.precision == "day" else 1 if start.precision == "month" else 2
    return priority * 3 + precision, Visit(start, end, sentence, Span(s_start, s_end))


def _looks_back(before: str, after: str) -> bool:
    """Whether the words around a date make it an earlier visit; "a further inspection in …": the
    marker nearest the date decides."""
    earlier = bool(
        _EARLIER.search(before)
        or re.match(r"\s*(?:,\s*)?(?:which|where|in which)(?: we| it| they)? (?:identified|found|judged)", after)
    )
    this_at = max((m.end() for m in _THIS_VISIT.finditer(before)), default=-1)
    earlier_at = max((m.end() for m in _EARLIER.finditer(before)), default=-1)
    if this_at > earlier_at and not _PLAINLY_EARLIER.search(before[-40:]):
        return False
    return earlier


def _dated_before(best: Visit, others: list[Visit], references: list[VisitReference]) -> list[VisitReference]:
    """Other visits the page dates before the one it reports: earlier visits it refers to."""
    out: list[VisitReference] = []
    for other in others:
        if (
            other.start is not None
            and best.start is not None
            and other.start.last_day() < best.start.first_day()
            and all(r.start != other.start for r in references + out)
        ):
            kinds = list(_KIND_WORDS.finditer(other.sentence))
            out.append(
                VisitReference(
                    kinds[0].group(0).lower() if kinds else "visit", other.start, other.end, other.sentence, other.span
                )
            )
    return out


def _on_its_own_line(sentence: str, a: int, b: int) -> bool:
    """True when the date at [a, b) of a sentence of several lines is a line of its own."""
    if "\n" not in sentence.strip():
        return False
    line_start = sentence.rfind("\n", 0, a) + 1
    line_end = sentence.find("\n", b)
    line = sentence[line_start : len(sentence) if line_end < 0 else line_end]
    return not line.replace(sentence[a:b], "", 1).strip(" ,.–-")


def authorities_named(text: str, title: str, nation: Nation) -> list[tuple[str, authorities.Authority]]:
    """The authority (or two side by side) of `nation` the page is about, title first."""
    found: list[tuple[str, authorities.Authority]] = []
    for where in (title, text[:3500]):
        for written, a in _all_in(where, nation):
            if all(a.code != f.code for _, f in found):
                found.append((written, a))
        if found:
            break
    if len(found) < 2:
        return found[:1]
    first, second = found[0], found[1]
    pair = re.search(
        re.escape(first[0])
        + r"\s+(?:and|&)\s+"
        + re.escape(second[0])
        + r"(?:\s+(?:local authority|council)\s+areas|\s+areas|\s+councils|\s+partnerships)",
        text[:3500],
    )
    two = re.search(
        r"\btwo (?:new )?(?:reports|local authority areas|councils|partnerships)\b|\bboth areas\b", text[:3500], re.I
    )
    joined = re.search(re.escape(first[0]) + r"\s+(?:and|&)\s+" + re.escape(second[0]), text[:3500])
    return [first, second] if pair or (two and joined) else [first]


def _all_in(text: str, nation: Nation) -> list[tuple[str, authorities.Authority]]:
    out = []
    rest = text
    for _ in range(12):
        hit = _first_in(rest, nation)
        if hit is None:
            break
        written, a, end = hit
        out.append((written, a))
        rest = rest[end:]
    return out


def _first_in(text: str, nation: Nation) -> tuple[str, authorities.Authority, int] | None:
    """The first name of an authority of `nation` in `text`, longest reading first."""
    for m in _CAPITALISED.finditer(text):
        words = m.group(0).strip(" ,").split()
        for size in range(min(len(words), 9), 0, -1):
            for start in range(0, len(words) - size + 1):
                piece = " ".join(words[start : start + size]).strip(" ,")
                if len(piece) < 4 or piece.lower() in _NOT_NAMES:
                    continue
                a = authorities.match_exact(piece)
                if a is not None and a.nation == nation:
                    return piece, a, m.start() + m.group(0).find(piece) + len(piece)
    return None


_NOT_NAMES = {"wales", "scotland", "welsh government", "the council", "council"}


# Direction wording of pages written in Welsh, as CIW and the Welsh Government write it (rule ids "cy.",
# so `rebuild`, which re-reads the English lexicon's "dir." rules, keeps them as read). A positive one is
# damped a step by a limit in the same sentence or the next ("ond mae'n rhy gynnar i farnu …").
_WELSH_DIRECTIONS: tuple[tuple[str, int, re.Pattern], ...] = tuple(
    (rule, value, re.compile(rx, re.I))
    for rule, value, rx in (
        ("cy.deteriorated", -2, r"wedi (?:dirywio|gwaethygu)|dirywiad (?:sylweddol|pellach|amlwg)"),
        (
            "cy.little_progress",
            -1,
            r"(?:ychydig|dim digon) o gynnydd|cynnydd cyfyngedig|cynnydd (?:yn |wedi bod yn )?(?:rhy )?araf|"
            r"heb wneud digon o gynnydd|heb wella(?: digon)?",
        ),
        ("cy.mixed_picture", 0, r"darlun cymysg"),
        ("cy.too_early", 0, r"rhy gynnar i (?:farnu|ddweud|asesu|weld)"),
        (
            "cy.significant_progress",
            2,
            r"(?:wedi gwneud )?(?:cynnydd|gwelliannau) sylweddol|wedi gwella(?:['’]n| yn) sylweddol",
        ),
        (
            "cy.improvements_made",
            1,
            r"gwelliannau(?: \w+)? wedi(?:['’]u| eu)? (?:gwneud|cyflawni)|wedi gwneud (?:rhywfaint o |peth )?"
            r"(?:cynnydd|gwelliannau)|wedi gwella|yn parhau i wella|cynnydd da",
        ),
    )
)
_WELSH_LIMIT = re.compile(
    r"\brhy gynnar\b|\bpryderon(?: difrifol| sylweddol)?(?: yn)? (?:parhau|o hyd)|\bmae pryderon\b|\barafach\b",
    re.I,
)


def welsh_directions(sentence: str, span: Span, basis: str, limited: bool = False) -> list[DirectionSignal]:
    """Direction signals of a sentence in Welsh (the longest wording where two overlap)."""
    hits = sorted(
        (
            (m.start(), -(m.end() - m.start()), rule, value, m)
            for rule, value, rx in _WELSH_DIRECTIONS
            for m in rx.finditer(sentence)
        ),
        key=lambda h: (h[0], h[1]),
    )
    out: list[DirectionSignal] = []
    taken_to = -1
    limited = limited or bool(_WELSH_LIMIT.search(sentence))
    for start, _, rule, value, m in hits:
        if start < taken_to:
            continue
        taken_to = m.end()
        if value > 0 and limited and rule != "cy.too_early":
            value, rule = value - 1, rule + ".limited"
        quality = MappingQuality.NARRATIVE_INFERRED if basis in ("press", "council_minute") else MappingQuality.EXACT
        out.append(
            DirectionSignal(
                m.group(0), value, rule, basis=basis, quality=quality, raw_context=" ".join(sentence.split()), span=span
            )
        )
    return out


def page_directions(sents: list[tuple[str, int, int]], basis: str) -> list[DirectionSignal]:
    """Direction signals of the page's sentences. A sentence followed by one that limits it and
    states no direction of its own ("… significant improvements in certain areas. There continue to
    be areas of practice where we have serious concerns.") is read with that sentence as one context,
    so the limit damps it here and again whenever the stored words are read again (`rebuild`)."""
    out: list[DirectionSignal] = []
    limiter = -1  # a Welsh sentence read as the limit of the one before it states no direction of its own
    for i, (sentence, a, b) in enumerate(sents):
        following = sents[i + 1] if i + 1 < len(sents) else None
        if not scale.directions_in(sentence):
            limited = bool(following and _WELSH_LIMIT.search(following[0]))
            found = welsh_directions(sentence, Span(a, b), basis, limited)
            if i == limiter:
                found = [d for d in found if d.rule != "cy.too_early"]
            if limited and any(d.direction != 0 or d.rule.endswith(".limited") for d in found):
                limiter = i + 1
            out.extend(found)
            continue
        if following and scale.limits(following[0]) and not scale.directions_in(following[0]):
            context = sentence + " " + " ".join(following[0].split())
            out.extend(normalise.directions(context, Span(a, following[2]), basis=basis))
            continue
        out.extend(normalise.directions(sentence, Span(a, b), basis=basis))
    return out


def all_sentences(bl: list[Block], text: str) -> list[tuple[str, int, int]]:
    """The sentences of the content blocks, headings included (a page's title is often its verdict)."""
    out = []
    for block in bl:
        out.extend(sentences(text[block.start : block.end], block.start))
    return out


# ---- one page -> ParsedDocument ----------------------------------------------------------------------


@dataclass(frozen=True)
class Profile:
    """What differs between the inspectorates' pages: who, where, which kinds of visit, which scale."""

    name: str  # the loader's name
    inspectorate: Inspectorate
    nation: Nation
    event_types: tuple[tuple[str, str], ...]  # (regex on the page's words, event type), most specific first
    default_type: str
    scale: str
    frameworks: tuple[tuple[str, str], ...] = ()  # (regex, framework id)


# Sentences about what the inspectors did, when and how: narrative, never findings.
_NARRATIVE = re.compile(
    r"^(?:the |this |our |joint )?(?:inspections?|inspectors?|inspection teams?|review|report|letter|purpose|we|it|"
    r"they|"
    r"specialist|some specially|the specialist team)\b[^.]{0,60}\b(?:looked (?:at|closely)|also looked|conducted|"
    r"carried out|"
    r"took place|included|interviewed|visited|read|met|summaris\w+|focus(?:s)?ed|reviewed|evaluated how|"
    r"was (?:undertaken|part of)|"
    r"made up of|brings? together|charged with|is intended|purpose of|give an evaluation|were gathered|outlines)\b|"
    r"^(?:we|the inspectorate) (?:inspected|undertook|have (?:today |recently )?(?:published|completed))\b|"
    r"^the purpose of\b|^the intention of\b|^today[’']s publication\b|^to view all|^to see all|^you can read|"
    r"^read the full|^a copy of the report|\bpublished today\b|"
    r"^(?:in|during|between) [^.]{0,40}?\b(?:we|inspectors?|CIW|CSSIW|"
    r"Care Inspectorate Wales)\b[^.]{0,30}\b(?:undert|inspect|review|carri)",
    re.I,
)
# Next steps: what the inspectorate or the authority will do after the visit.
_NEXT_STEP = re.compile(
    r"\b(?:we will (?:monitor|continue|conduct|consider|make no|undertake|carry out|review|request|ask|return)|"
    r"will continue to (?:actively )?monitor|we expect (?:the local authority|\w+ (?:county|city|council))|"
    r"we have asked [^.]{0,60}(?:to|for)|we will make no more visits|it is our intention to|we intend to|"
    r"will be asked to|(?:a|an) (?:further|second) (?:progress review|inspection|visit) (?:will|is planned)|"
    r"we are confident that [^.]{0,80}\bwill be able to)\b",
    re.I,
)
_ACTION_HEADING = re.compile(
    r"areas? (?:requiring|for|in need of) (?:further )?(?:improvement|development)|priority areas|"
    r"priorities for improvement|"
    r"points? for (?:improvement|action)|key areas for improvement|recommendations?|what needs to improve|must improve|"
    r"areas? of development|should improve|needs? to improve",
    re.I,
)
_NEXT_HEADING = re.compile(r"^(?:next steps|what happens next|what happens now)\b", re.I)
_STOP_HEADING = re.compile(
    r"^(?:methodology|acknowledgements?|contents|notes to editors|about (?:us|this)|contact|"
    r"related|download|appendix)\b",
    re.I,
)
_NOT_FINDING_HEADING = re.compile(r"^(?:what we looked at|how we conducted|introduction|background)\b", re.I)
# A sentence that heads a list: "Key strengths were:", "Inspectors found the following key strengths in …",
# "Inspectors agreed with services … the following points for improvement.", "Other findings included:".
_INLINE_HEADING = re.compile(
    r"(?:^|\bthe following )(?P<label>key strengths|key areas for (?:improvement|development)|"
    r"areas for (?:improvement|development)|"
    r"points for (?:improvement|action)|strengths highlighted(?: in the report)?|"
    r"(?:specific )?areas of positive feedback|"
    r"other findings|areas of (?:improvement|development)(?: identified)?|"
    r"priority areas for development)\b[^.:]{0,160}?"
    r"(?:\s(?:were|are|include[sd]?|included))?\s*[:.]$|"
    r"^(?:inspectors|we|the report|the inspection)\b[^.:]{0,80}\bthe following (?P<label2>key strengths|"
    r"points for improvement|"
    r"areas for (?:improvement|development))\b[^.:]{0,160}[:.]$",
    re.I,
)
# The inspectorate's words in someone else's page: "the report found", "Inspectors said", "CIW commented that".
_ATTRIBUTED = re.compile(
    r"\b(?:report|inspectors?|inspection|CIW|CSSIW|Care Inspectorate(?: Wales)?|inspectorate|"
    r"it)\b[^.]{0,60}?\b(?:found|finds|"
    r"note[sd]?|highlight\w*|recognis\w*|acknowledg\w*|identif\w*|said|says|commented|praise[sd]?|states?|concluded|"
    r"confirmed|evaluated|judged)\b",
    re.I,
)
_NAMED_SECTION = re.compile(r"strength|improvement|development|finding|positive|concern|recommend", re.I)
_GLOSS = re.compile(r"^(?:that|this) means\b", re.I)
_VERDICT = re.compile(r"\bit is our judgement\b|\bour judgement is\b|\bwe have drawn the attention\b", re.I)
_SAID = re.compile(r"\b(?:said|says|commented)\s*[:,]|^[“\"]|[”\"]$|\bChief Executive\b[^.]{0,60}\bsaid\b", re.I)
_PRINCIPLE_PREFIX = re.compile(
    r"^(?P<label>people\s*[–-]\s*voice and control|people|prevention|well-?being|"
    r"partnerships? and integration)\s*:\s*",
    re.I,
)
_PRINCIPLES = {
    "people": "people_voice_control",
    "prevention": "prevention",
    "well": "wellbeing",
    "partnership": "partnerships_integration",
}
_PLANNED = re.compile(
    r"(?P<what>(?:further |second |full |follow[- ]up |next )?(?:progress review|monitoring (?:visit|activity)|"
    r"follow[- ]up inspection|inspection|improvement check|assurance check|review|visit))"
    r"[^.;]{0,60}?(?:\b(?:within|in)\s+(?:the\s+next\s+)?(?P<a>\d{1,2})(?:\s*(?:to|-|–)\s*(?P<b>\d{1,2}))?\s+months?"
    r"(?P<from_pub>\s+of\s+(?:the\s+)?publication|\s+from\s+(?:the\s+)?publication)?|\b(?P<a2>\d{1,2})\s*(?:to|-|–)\s*"
    r"(?P<b2>\d{1,2})\s+months\s+from\s+the\s+publ|\bin\s+(?P<year>(?:19|20)\d\d)\b)",
    re.I,
)


def _event_type(words: str, profile: Profile) -> str:
    for pattern, event_type in profile.event_types:
        if re.search(pattern, words, re.I):
            return event_type
    return profile.default_type


def _first_kind(title: str, profile: Profile) -> str | None:
    """The kind of visit named first in a title (the generic last pattern only when nothing else is)."""
    hits = []
    for rank, (pattern, event_type) in enumerate(profile.event_types[:-1]):
        m = re.search(pattern, title, re.I)
        if m:
            hits.append((m.start(), rank, event_type))
    return min(hits)[2] if hits else None


def _kind_names(words: str, profile: Profile) -> list[str]:
    """Every name of a kind of visit in `words`, in order, once each (a visit may have several)."""
    names: list[str] = []
    for pattern, _ in profile.event_types[:-1]:
        for m in re.finditer(pattern, words, re.I):
            name = re.sub(r"\s+", " ", m.group(0)).strip().lower()
            if name and all(name not in n and n not in name for n in names):
                names.append(name)
    return names


def _add_months(date: PartialDate, months: int) -> PartialDate:
    total = date.year * 12 + (date.month or 1) - 1 + months
    return PartialDate(total // 12, total % 12 + 1)


@dataclass
class _Page:
    """What the phases of `read_page` share: the page, its blocks and title, how its words count, its
    own date, the visit it reports with the earlier visits it names, and where a cut-off page stops."""

    text: str
    bl: list[Block]
    title: str
    profile: Profile
    basis: str
    today: PartialDate | None
    visit: Visit | None
    references: list[VisitReference]
    cut_at: int | None


def read_page(text: str, source: Source, profile: Profile) -> list[ParsedDocument]:
    """One page (or letter) -> one document per authority it reports on (two councils side by side)."""
    bl = content_blocks(text)
    if not bl:
        raise DocumentError("no text to read")
    warnings: list[str] = []
    title = page_title(text, bl)
    named = authorities_named(text, title, profile.nation)
    if not named:
        raise DocumentError(
            f"no {profile.nation.value} council or partnership named in the page matches the reference list"
        )
    kind_words, basis = source_kind(text)
    if basis != "primary_source":
        warnings.append(f"secondary source: {kind_words}; its direction of travel is the reading of a quotation")
    sents = [(s, a, b) for s, a, b in all_sentences(bl, text)]
    today = page_date(text)
    visit, references = visit_and_references(sents, today, title)
    if today is None and visit is not None:
        today = published_after(text, visit.end or visit.start)
    cut_at, cut_warning = _cut_off(bl, text)
    warnings.extend(cut_warning)
    page = _Page(text, bl, title, profile, basis, today, visit, references, cut_at)

    event, label = _visit_event(page, sents)
    if visit is None and today is None:
        warnings.append(UNDATED)
    elif visit is None:
        warnings.append("the page does not say when the inspectors visited; placed by its own date")
    warnings.extend(_read_verdict(page, sents, event))
    planned = _read_findings(page, event)
    event.references = [_reference_text(r) for r in references]
    return _documents(page, source, named, event, planned, warnings, label, kind_words)


def _cut_off(bl: list[Block], text: str) -> tuple[int | None, list[str]]:
    """Where the unfinished last sentence of a cut-off page starts (never a finding), and the warning."""
    if not looks_cut_off(bl):
        return None, []
    last = next(b for b in reversed(bl) if b.kind != "heading")
    pieces = list(sentences(text[last.start : last.end], last.start))
    cut_at = pieces[-1][1] if pieces and last.kind == "para" else last.start
    return cut_at, [
        f'the text looks cut off (it stops mid-sentence: "…{last.text[-40:]}"); read for what it holds, '
        "without its unfinished last sentence as a finding"
    ]


def _visit_event(page: _Page, sents: list[tuple[str, int, int]]) -> tuple[Event, str]:
    """The event of the visit the page reports, and its label (title, and its other names)."""
    title, visit, references, profile = page.title, page.visit, page.references, page.profile
    intro = " ".join(s for s, _, _ in sents[:6])
    # The visit's names: in the title, the sentence that dates it, and sentences saying it was done
    # ("CIW has now completed a follow-up inspection of …"); never the name of an earlier visit.
    done = " ".join(
        x for x, a, _ in sents[:25] if _DONE.search(x) and not any(a <= r.span.start < a + len(x) for r in references)
    )
    stated = (visit.sentence if visit else "") + " " + done
    names = [n for n in _kind_names(title + " " + stated, profile) if all(n != r.kind for r in references)]
    event_type = _first_kind(title, profile) or _event_type(stated + " " + intro, profile)
    framework = next((f for rx, f in profile.frameworks if re.search(rx, title + " " + intro, re.I)), None)
    label = title or (visit.sentence if visit else sents[0][0])
    others = [n for n in names if n.lower() not in label.lower()]
    if others and (title and _first_kind(title, profile) or len(names) > 1):
        label = f"{label} (also called: {', '.join(others)})"
    event = Event(
        event_type=event_type,
        start=visit.start if visit else None,
        end=visit.end if visit else None,
        published=page.today,
        title=label[:300],
        framework=framework,
        span=visit.span if visit else None,
    )
    return event, label


def _read_verdict(page: _Page, sents: list[tuple[str, int, int]], event: Event) -> list[str]:
    """The verdict into `event`: directions and statuses of the page's own sentences (never of a
    look-back, a next step or the narrative), its headline and grades. Returns the notes on directions."""
    look_back = {r.span.start for r in page.references}
    verdict = [
        (s, a, b) for s, a, b in sents if not any(a <= x < b for x in look_back) or not _EARLIER_VERDICT.search(s)
    ]
    verdict = [
        (s, a, b) for s, a, b in verdict if not _NEXT_STEP.search(s) and not _NARRATIVE.search(" ".join(s.split()))
    ]
    event.directions, notes = normalise.settle_directions(page_directions(verdict, page.basis))
    for s, a, b in verdict:
        for status in normalise.statuses(s, Span(a, b)):
            if all(status.status != known.status for known in event.statuses):
                event.statuses.append(status)
    headline = next((s for s, _, _ in verdict if any(d.span and d.span.start == a for d in event.directions[:1])), "")
    event.headline = headline or page.title
    event.judgements.extend(_grades(sents, page.profile))
    return notes


@dataclass
class _Sections:
    """Where the reading of findings stands: the heading above, whether it heads no findings, and how
    the list under it was introduced."""

    section: str = ""
    stopped: bool = False
    narrative_list: bool = False  # introduced by a sentence about the method ("… focusing on 6 key areas:")
    quoted_list: bool = (
        False  # a secondary source's list introduced as the inspectorate's words ("CIW commented that:")
    )

    def heading(self, text: str) -> None:
        lead_in = _INLINE_HEADING.search(text)
        self.section = (
            _lead_in_label(lead_in.group("label") or lead_in.group("label2")) if lead_in else text.rstrip(":")
        )
        # A contents entry ("Impact on families 17") or a quotation's attribution ("…, said") heads no findings.
        self.stopped = bool(_STOP_HEADING.search(self.section)) or bool(
            re.search(r"\s\d{1,3}$|\bsaid:?$", self.section)
        )
        self.narrative_list, self.quoted_list = False, bool(lead_in)


def _read_findings(page: _Page, event: Event) -> list[Event]:
    """Findings into `event` under their headings, next steps kept apart; returns the planned visits."""
    planned: list[Event] = []
    state = _Sections()
    previous: Finding | None = None
    for block in page.bl:
        if block.kind == "heading" or block.text == page.title:
            if not (block.text == page.title or _WRAPPED.search(block.text)):
                state.heading(block.text)  # else the title, or a sentence wrapped mid-way that looks like a heading
            continue
        is_item = block.kind in ("bullet", "numbered")
        if state.stopped or (state.narrative_list and is_item):
            continue
        if not is_item:
            state.narrative_list = state.quoted_list = False
        previous = _read_block(page, block, state, event, planned, previous)
    return planned


def _read_block(
    page: _Page, block: Block, state: _Sections, event: Event, planned: list[Event], previous: Finding | None
) -> Finding | None:
    """The findings and next steps of one block (a bullet, or a paragraph's sentences); returns the last finding."""
    is_item = block.kind in ("bullet", "numbered")
    block_principle, block_section = None, state.section
    skipped_last = False
    text = page.text
    pieces = (
        [(block.text, block.start, block.end)] if is_item else sentences(text[block.start : block.end], block.start)
    )
    quoting = False  # "X, Chief Executive of the Care Inspectorate, said: “…”": commentary, to the block's end
    for sentence, a, b in pieces:
        squashed = " ".join(sentence.split())
        quoting = quoting or bool(re.search(r"\b(?:said|says|commented)\s*:", squashed))
        if quoting:
            continue
        lead_in = _INLINE_HEADING.search(squashed)
        if lead_in and len(squashed) < 240 and re.search(r"[:.]$", squashed):
            # "Key strengths were:", "Inspectors agreed … the following points for improvement." head what follows.
            state.section = block_section = _lead_in_label(lead_in.group("label") or lead_in.group("label2"))
            state.quoted_list = True
            continue
        if squashed.endswith(":") and _NARRATIVE.search(squashed):
            state.narrative_list = True
            continue
        if squashed.endswith(":") and _ATTRIBUTED.search(squashed):
            state.quoted_list = True
            continue
        if _NEXT_HEADING.search(state.section) or _NEXT_STEP.search(squashed):
            event.next_steps.append(squashed)
            planned.extend(_planned(squashed, Span(a, b), event.end or event.start, page.today, page.profile))
            continue
        about_earlier = (
            any(a <= r.span.start < b for r in page.references)
            or (skipped_last and _GLOSS.match(squashed))
            or (page.visit is not None and page.visit.span is not None and page.visit.span.start == a)
        )
        skipped_last = about_earlier
        if about_earlier or _not_a_finding(page, event, block, state, squashed, a):
            continue
        m = _PRINCIPLE_PREFIX.match(squashed)
        if m:  # "Prevention: We found …" heads the rest of its paragraph
            block_principle = next(v for k, v in _PRINCIPLES.items() if m["label"].lower().startswith(k))
            block_section = m["label"]
            squashed = squashed[m.end() :]
            a += len(sentence) - len(sentence.lstrip()) + m.end()
        previous = normalise.finding(
            squashed,
            block_section or "Findings",
            Span(a, b),
            previous=previous,
            principle=block_principle,
            force_action=bool(_ACTION_HEADING.search(block_section)),
            para_no=block.number,
        )
        event.findings.append(previous)
    return previous


def _not_a_finding(page: _Page, event: Event, block: Block, state: _Sections, squashed: str, a: int) -> bool:
    """A sentence that is not a finding: too short, the narrative, a quotation, a grade, a verdict, the
    unfinished sentence of a cut-off page, outside the findings, or a secondary source's own words."""
    section = state.section
    if (
        len(squashed.split()) < 5
        or _NARRATIVE.search(squashed)
        or _SAID.search(squashed)
        or any(j.span and j.span.start == a for j in event.judgements)
        or _NOT_FINDING_HEADING.search(section)
        or _is_noise(squashed)
        or _VERDICT.search(squashed)
    ):
        return True
    if (page.cut_at is not None and a >= page.cut_at) or not _in_findings(block, section, squashed, page.visit):
        return True
    is_item = block.kind in ("bullet", "numbered")
    attributed = _ATTRIBUTED.search(squashed) or (is_item and state.quoted_list) or _NAMED_SECTION.search(section)
    return page.basis != "primary_source" and not attributed  # a council's or minister's own words


def _documents(
    page: _Page,
    source: Source,
    named: list[tuple[str, authorities.Authority]],
    event: Event,
    planned: list[Event],
    warnings: list[str],
    label: str,
    kind_words: str,
) -> list[ParsedDocument]:
    """One document per authority named; two side by side each get their own SHA-256 and a note."""
    docs = []
    for written, authority in named:
        src = source
        if len(named) > 1:
            digest = hashlib.sha256(f"{source.sha256}:{authority.code}".encode()).hexdigest()
            src = replace(source, sha256=digest, title=f"{label[:200]}: {authority.name}")
            warnings_here = warnings + [
                f"the page reports on {len(named)} areas; this is the reading for {authority.name}"
            ]
        else:
            warnings_here = warnings
        docs.append(
            ParsedDocument(
                source=src,
                authority=AuthorityRef(written, authority.code, authority.name, authority.nation),
                inspectorate=page.profile.inspectorate,
                events=[_copy_event(event, written), *planned],
                text=page.text,
                warnings=list(warnings_here),
                kind=page.profile.name,
                source_kind=kind_words,
            )
        )
    return docs


_DONE = re.compile(
    r"\b(?:has|have) (?:now |recently )?(?:completed|carried out|undertaken|conducted)\b|\bwedi cwblhau\b", re.I
)
_WRAPPED = re.compile(r"\b(?:from|and|the|of|to|in|took|using|with|for|a|an|by|on|at)$", re.I)
_EARLIER_VERDICT = re.compile(
    r"\b(?:previous|earlier|last|original|in which|identified serious|which identified)\b", re.I
)


def _lead_in_label(label: str | None) -> str:
    label = " ".join((label or "").split())
    return label[:1].upper() + label[1:]


def _copy_event(event: Event, written: str) -> Event:
    return replace(event, inspected_body=written)


def _reference_text(r: VisitReference) -> str:
    when = r.start.iso() if r.start else "undated"
    if r.end and r.end != r.start:
        when += f" to {r.end.iso()}"
    return f"{r.kind} ({when})"


def _in_findings(block: Block, section: str, sentence: str, visit: Visit | None) -> bool:
    """Bullets, and sentences under a heading or after the sentence that states the visit."""
    if block.kind in ("bullet", "numbered") or section:
        return True
    return visit is None or (visit.span is not None and block.start >= visit.span.start)


def _planned(
    sentence: str, span: Span, base: PartialDate | None, today: PartialDate | None, profile: Profile
) -> list[Event]:
    out = []
    for m in _PLANNED.finditer(sentence):
        what = m.group("what").strip()
        if m["year"]:
            start = end = PartialDate(int(m["year"]))
        else:
            a = int(m["a"] or m["a2"])
            b = int(m["b"] or m["b2"]) if (m["b"] or m["b2"]) else None
            frm = today if (m["from_pub"] or m["a2"]) and today else base or today
            if frm is None:
                continue
            start, end = _add_months(frm, a), _add_months(frm, b) if b else _add_months(frm, a)
        if re.search(r"\bno (?:more|further)\b", sentence, re.I):
            continue
        out.append(
            Event(
                event_type=_event_type(what, profile),
                start=start,
                end=end,
                planned=True,
                title=f"Planned: {what}",
                headline=sentence,
                span=span,
            )
        )
    return out


def _grades(sents: list[tuple[str, int, int]], profile: Profile) -> list[Judgement]:
    """Grades the page states on the inspectorate's scale (Scotland's six points), as judgements."""
    if profile.scale != "ci6":
        return []
    out: list[Judgement] = []
    for sentence, a, b in sents:
        counted = scale.grade_counts(sentence)
        if counted:
            out.append(
                normalise.judgement(
                    Dimension.OVERALL,
                    "evaluations of the quality indicators",
                    counted[0],
                    sentence,
                    "ci6",
                    Span(a, b),
                    subject_type="partnership",
                )
            )
            break
        single = _SINGLE_GRADE.search(sentence)
        if single:
            jd = normalise.judgement(
                Dimension.OVERALL,
                "quality indicator 2.1 (impact on children and young people)",
                single["grade"],
                sentence,
                "ci6",
                Span(a, b),
                subject_type="partnership",
            )
            if jd.level is not None:
                out.append(jd)
                break
    return out


_GRADE_WORD = r"excellent|very good|good|adequate|satisfactory|weak|unsatisfactory"
_SINGLE_GRADE = re.compile(
    rf"\b(?:graded|grading|evaluated|assessed)\b[^.]{{0,80}}\bas\s+[‘'\"“]?(?P<grade>{_GRADE_WORD})[’'\"”]?", re.I
)

"""Welsh and Scottish pages' visit: the visit a page reports (kind and dates, by the words that say
when the inspectors were there), the earlier visits it refers back to, the authorities it is about, and
the profile that says what differs between the inspectorates' pages."""

from __future__ import annotations

import re
from dataclasses import dataclass

from loaders.page_dates import Dated, dates_in
from trajectories import authorities
from trajectories.domain import Inspectorate, Nation, PartialDate, Span

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


_CLAUSE_BREAKS = (". ", "; ", ", and ", " and followed", " which ", " where ")
_PLAINLY_EARLIER = re.compile(r"\b(?:previous|last|earlier|original)\b", re.I)
_CAPITALISED = re.compile(
    r"[A-Z][\w'’.&\-]*(?:[ ,]+(?:[A-Z][\w'’.&\-]*|and|of|upon|on|the|le|with|in|&|y|nan|an|"
    r"h-Eileanan))*"
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
    sentence: str, s_start: int, s_end: int, dated: Dated, today: PartialDate | None, title: str
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


def event_type_of(words: str, profile: Profile) -> str:
    for pattern, event_type in profile.event_types:
        if re.search(pattern, words, re.I):
            return event_type
    return profile.default_type


def first_kind(title: str, profile: Profile) -> str | None:
    """The kind of visit named first in a title (the generic last pattern only when nothing else is)."""
    hits = []
    for rank, (pattern, event_type) in enumerate(profile.event_types[:-1]):
        m = re.search(pattern, title, re.I)
        if m:
            hits.append((m.start(), rank, event_type))
    return min(hits)[2] if hits else None


def kind_names(words: str, profile: Profile) -> list[str]:
    """Every name of a kind of visit in `words`, in order, once each (a visit may have several)."""
    names: list[str] = []
    for pattern, _ in profile.event_types[:-1]:
        for m in re.finditer(pattern, words, re.I):
            name = re.sub(r"\s+", " ", m.group(0)).strip().lower()
            if name and all(name not in n and n not in name for n in names):
                names.append(name)
    return names


def add_months(date: PartialDate, months: int) -> PartialDate:
    total = date.year * 12 + (date.month or 1) - 1 + months
    return PartialDate(total // 12, total % 12 + 1)

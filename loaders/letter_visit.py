"""Ofsted letters' visit: the title and kind of visit, the authority named, the letter's date, the
visit's dates and what the visit focused on."""

from __future__ import annotations

import re

from loaders.letter_layout import SENTENCE_END, Line, Unit
from trajectories import authorities, dates
from trajectories.domain import DocumentError, PartialDate, Span

_APOS = "['’]"
VISIT_KINDS = (
    r"focused (?:assurance )?visit|assurance visit|monitoring visit|action[- ]planning visit|"
    r"joint targeted area inspection|joint inspection"
)
TITLE = re.compile(
    rf"^(?P<kind>(?:Children{_APOS}s services )?(?:Focused assurance visit|Focused visit|Assurance visit"
    r"|Monitoring visit|"
    rf"Action[- ]planning visit|Joint targeted area inspection|Joint inspection))\b(?P<rest>.*)$",
    re.IGNORECASE,
)
EVENT_TYPES: tuple[tuple[re.Pattern, str], ...] = (
    (re.compile(r"joint targeted area inspection|\bJTAI\b|joint inspection of", re.I), "ofsted_jtai"),
    (re.compile(r"action[- ]planning visit", re.I), "ofsted_action_planning_visit"),
    (re.compile(r"monitoring visit", re.I), "ofsted_monitoring_visit"),
    (re.compile(r"focused (?:assurance )?visit|assurance visit", re.I), "ofsted_focused_visit"),
)

_ORDINALS = {
    w: i
    for i, w in enumerate(
        "first second third fourth fifth sixth seventh eighth ninth tenth eleventh twelfth thirteenth "
        "fourteenth fifteenth sixteenth seventeenth eighteenth nineteenth twentieth".split(),
        start=1,
    )
}
_VISIT_NUMBER = re.compile(
    r"\b(?P<ord>" + "|".join(sorted(_ORDINALS, key=len, reverse=True)) + r"|\d{1,2}(?:st|nd|rd|th))\s+"
    r"(?:(?:quarterly|ILACS|SIF)\s+)?monitoring visit",
    re.I,
)
_SUMMARISES = re.compile(rf"findings of (?:the|a|an|its) (?:[\w-]+ )?(?:{VISIT_KINDS})", re.I)
_VISIT_WORDS = re.compile(r"visit|inspection|carried out|took place|summarises|conducted|undertaken", re.I)
FOCUS = re.compile(
    r"\b(?:(?:inspectors|the (?:monitoring )?visit|this (?:monitoring )?visit)\s+(?:also\s+|carefully\s+"
    r"|specifically\s+)?"
    r"(?:looked at|focused (?:specifically )?on|considered|reviewed|evaluated|examined|had a (?:particular )?focus on)"
    r"|the focus of (?:the|this) (?:monitoring |focused )?visit (?:was|were)(?: on)?"
    r"|(?:this|the) (?:monitoring |focused )?visit (?:had|has) a (?:particular |specific )?focus on)\s+(?P<what>.+)",
    re.I | re.S,
)
_FOCUS_EVIDENCE = re.compile(r"^(?:a range of evidence|evidence|children['’]s (?:case )?records|case records)", re.I)
_FOCUS_LIST = re.compile(r"\bthe following (?:areas?|aspects?|themes?)\b|^the progress made\b", re.I)
_FOCUS_PREFIX = re.compile(
    r"^(?:the )?(?:local authority['’]s |council['’]s )?(?:arrangements|response|practice|services|support)"
    r"(?: and (?:support|practice|services|arrangements))?\s+(?:for|to|in|with)\s+",
    re.I,
)
_FOCUS_CUT = re.compile(
    r",?\s+in accordance with\b|,\s+(?:and\s+)?(?:including|together with|namely|which|where|in particular|as well as"
    r"|such as)\b|"
    r",?\s+with an? (?:particular |specific |primary )?focus\b|,?\s+and,\s+in particular\b|;|:|\.\s*$",
    re.I,
)
_APPOSITIVE = re.compile(r"^((?:\S+\s+){0,4}\S+?),\s+the\s")  # "the 'front door', the service that ..."
# A joint targeted area inspection names its theme: "... (JTAI) of the multi-agency response to <theme> in <area>".
_JTAI_FOCUS = re.compile(
    r"(?:\binspection|\(JTAI\)) of (?P<what>the multi-agency response to .+?)\s+in\s+(?:the\s+)?[A-Z][^.]*\."
)
# The 2020-21 Covid visits state their focus only in the Chief Inspector's preamble.
COVID_FOCUS = re.compile(
    r"how England['’]s social care system has delivered (?P<what>child-cent(?:red"
    r"|ered) practice and care) within the context of "
    r"the restrictions placed on society during the COVID-19",
    re.I,
)

_DEAR = re.compile(r"Dear\b")
_TITLE_WRAPS = re.compile(rf"(?:children{_APOS}s|local|authority|of|the|and|to|,)$", re.I)
_JUDGED_IN = re.compile(r"judged\b[^.]{0,40}$", re.I)

_DANGLING = re.compile(r"(?:,|\s+and|\s+or)+$")

# The authority's name: after the title's "to"/"of", in the opening sentence, or a JTAI's area.
_TITLE_NAME = re.compile(r"\s*(?:to|of|for)\s+(?P<name>.+)", re.I)
_OPENING_NAME = re.compile(
    rf"(?:{VISIT_KINDS})(?:\s*\(JTAI\))?\s+(?:to|of)\s+(?:the\s+)?(?P<name>[A-Z][^.]{{2,120}}?)\s+"
    rf"(?:(?:local authority\s+)?children{_APOS}s\s+services|local authority|since|on|in|from|between)\b",
    re.I,
)
_AREA_NAME = re.compile(
    r"multi-agency response to [^.]{0,160}?\bin (?P<name>[A-Z][\w ,&'’-]{2,60}?)(?:\.|,| from| between| on\b)"
)
_NAME_TAIL = re.compile(rf"\s+(?:local authority\s+)?children{_APOS}s(?:\s+services?)?.*$", re.I)
_POSSESSIVE = re.compile(rf"{_APOS}s?$")
_LOCAL_AUTHORITY = re.compile(r"\s+local authority$|\s+local$", re.I)
_LEADING_THE = re.compile(r"^the\s+", re.I)


def _event_type(*texts: str) -> str | None:
    for text in texts:
        for pattern, event_type in EVENT_TYPES:
            if text and pattern.search(text):
                return event_type
    return None


def _strip_name(name: str) -> str:
    name = _NAME_TAIL.sub("", name.strip())
    name = _POSSESSIVE.sub("", name.strip(" ,.:"))
    name = _LOCAL_AUTHORITY.sub("", name)
    return _LEADING_THE.sub("", name.strip(" ,."))


def letter_authority(title_rest: str, opening: str, header: list[Line], on) -> tuple[str, authorities.Authority]:
    """The authority as written and matched: the title first, then the opening, then the addressee."""
    candidates: list[str] = []
    m = _TITLE_NAME.match(title_rest)
    if m:
        candidates.append(_strip_name(m.group("name")))
    candidates.extend(_strip_name(m.group("name")) for m in _OPENING_NAME.finditer(opening))
    candidates.extend(_strip_name(m.group("name")) for m in _AREA_NAME.finditer(f"{title_rest}. {opening}"))
    for name in candidates:
        found = authorities.match(name, on=on)
        if found:
            return name, found
    for ln in header:
        found = authorities.match(ln.text.strip(" ,"), on=on)
        if found:
            return ln.text.strip(" ,"), found
    found = authorities.find_in_text("\n".join(ln.text for ln in header) + "\n" + opening[:600])
    if found:
        return found
    named = next((c for c in candidates if c), "")
    if named:
        raise DocumentError(f"the authority named in the letter ('{named}') does not match the reference list")
    raise DocumentError("no local authority named in the letter matches the reference list")


def focus(opening: list[Unit]) -> str | None:
    """The clause after 'Inspectors looked at' / 'This visit focused on', tidied and kept short.

    When that clause only introduces a list ("the progress made in the following areas ...:"),
    the listed areas are the focus.
    """
    for index, unit in enumerate(opening):
        for sentence, _span in unit.sentences():
            m = FOCUS.search(sentence)
            if not m:
                continue
            what = m.group("what").strip()
            if _FOCUS_EVIDENCE.match(what):
                continue
            tidied = "" if _FOCUS_LIST.search(what) else _tidy_focus(what)
            if len(tidied.split()) >= 2 or len(tidied) > 6:
                return tidied
            listed = []
            for item in opening[index + 1 :] if what.endswith(":") else ():
                if item.kind != "bullet":
                    break
                listed.append(item.text().rstrip(" .;"))
            if listed:
                return "; ".join(listed)
    for unit in opening:
        m = _JTAI_FOCUS.search(unit.text())
        if m:
            return m.group("what")
        m = COVID_FOCUS.search(unit.text())
        if m:
            return f"{m.group('what')} during the COVID-19 pandemic"
    return None


def _tidy_focus(what: str) -> str:
    what = _FOCUS_PREFIX.sub("", what)
    cut = _FOCUS_CUT.search(what)
    if cut and cut.start() > 0:
        what = what[: cut.start()]
    appositive = _APPOSITIVE.match(what)
    if appositive:
        what = appositive.group(1)
    if len(what) > 150:  # a long list of areas: keep the first
        comma = what.find(", ", 40, 150)
        what = what[:comma] if comma > 0 else what
    return _DANGLING.sub("", what.strip(" ,.;:"))


def visit_kind(title: str, opening_text: str) -> str:
    """The kind of visit, from the title, the sentence that says what the letter summarises, or the opening."""
    summarised = _SUMMARISES.search(opening_text)
    return _event_type(title, summarised.group(0) if summarised else "", opening_text[:600]) or "ofsted_focused_visit"


def find_title(lines: list[Line]) -> tuple[int | None, int | None, list[Line], int]:
    """The title ("Focused visit to ...") and the salutation before it: (salutation line, title line,
    the title's lines, where the body starts)."""
    dear = next((i for i, ln in enumerate(lines[:150]) if _DEAR.match(ln.text)), None)
    title_at = None
    window = range((dear + 1) if dear is not None else 0, min(len(lines), (dear or 0) + 60))
    if dear is not None:  # the title sits below the salutation, occasionally just above it
        window = [*window, *range(max(0, dear - 4), dear)]
    for i in window:
        if TITLE.match(lines[i].text) and not lines[i].furniture:
            title_at = i
            break
    if title_at is None and dear is None:
        raise DocumentError(
            "not an Ofsted visit letter: no salutation and no 'Focused visit to' / 'Monitoring visit to' title"
        )
    if title_at is None:
        return dear, None, [], dear + 1
    title_lines = [lines[title_at]]
    j = title_at + 1
    while (
        j < len(lines)
        and not lines[j].gap
        and len(title_lines) < 3
        and (lines[j].text[0].islower() or _TITLE_WRAPS.search(title_lines[-1].text))
        and not lines[j].text.startswith("This ")
        and len(lines[j].text.split()) <= 8
        and not SENTENCE_END.search(lines[j].text)
    ):
        title_lines.append(lines[j])
        j += 1
    return dear, title_at, title_lines, max(title_at + len(title_lines), (dear or 0) + 1)


def letter_date(header: list[Line], warnings: list[str]) -> PartialDate | None:
    """Published: the letter's own date, at the top."""
    for ln in header:
        found = [r for r in dates.find_ranges(ln.text) if r.start.precision == "day"]
        if found and len(ln.text) <= 30:
            return found[0].start
    warnings.append("no letter date found above the salutation")
    return None


def visit_dates(opening: list[tuple[str, Span]], published: PartialDate | None, warnings: list[str]):
    """Visit dates: the first sentence of the opening that dates the visit to the day. Returns (the dates,
    their span, the letter date, corrected when it was typed a year too early)."""
    visit = None
    for sentence, span in opening:
        if not _VISIT_WORDS.search(sentence):
            continue
        ranges = [r for r in dates.find_ranges(sentence) if r.start.precision == "day" and r.end.precision == "day"]
        ranges = [r for r in ranges if not _JUDGED_IN.search(sentence[: r.span.start])]
        if ranges:
            visit = (ranges[0], sentence, span)
            break
    if visit is None and published is not None:
        visit = _dates_without_year(opening, published)
        if visit is not None:
            warnings.append(f"the visit dates give no year; {visit[0].end.year} taken from the letter date")
    if visit is None:
        raise DocumentError("no visit dates found in the letter (is it truncated?)")
    when, _sentence, visit_span = visit
    if published is not None and when.end.first_day() > published.last_day():
        # A letter dated a year too early ("21 January 2019" after a December 2019 visit) is a typing slip.
        try:
            later = PartialDate(published.year + 1, published.month, published.day)
        except ValueError:  # 29 February
            later = published
        if 0 <= (later.first_day() - when.end.last_day()).days <= 180:
            warnings.append(f"the letter is dated {published}, before the visit ({when.end}); read as {later}")
            published = later
        else:
            warnings.append(f"the visit dates ({when.start}..{when.end}) are not before the letter date ({published})")
    if when.start > when.end:
        warnings.append(f"the visit dates run backwards ({when.start}..{when.end})")
    return when, visit_span, published


def title_shown(title: str, event_type: str, written: str, opening_text: str) -> str:
    """The title as printed, or one made from the kind of visit; a monitoring visit's number after it."""
    visit_number = None
    if event_type == "ofsted_monitoring_visit":
        m = _VISIT_NUMBER.search(opening_text)
        if m:
            word = m.group("ord").lower()
            visit_number = _ORDINALS.get(word) or int(word[:-2])
    shown_title = title or f"{event_type.replace('ofsted_', '').replace('_', ' ').capitalize()} to {written}"
    if visit_number:
        shown_title = f"{shown_title} (monitoring visit {visit_number})"
    return shown_title


def _dates_without_year(opening: list[tuple[str, Span]], published: PartialDate):
    """'on 30 and 31 January' (no year): the latest such dates on or before the letter date."""
    for sentence, span in opening:
        if not _VISIT_WORDS.search(sentence):
            continue
        for year in (published.year, published.year - 1):
            found = dates.range_without_year(sentence, year)
            if found and found.start.precision == "day" and found.end.first_day() <= published.last_day():
                return found, sentence, span
    return None

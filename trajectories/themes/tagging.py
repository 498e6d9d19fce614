"""Finding text -> themes and cohorts, each with the words that fired.

Contract: `tag_themes(text)` returns one `ThemeTag(theme, "cue:<words>")` per theme whose cue appears
and no exclusion covers, in taxonomy order; acronyms match case-sensitively. `themes_in_context(text,
section, own, before)` adds what the context says: to a finding that opens by pointing back ("This means
...", "They ..."), the themes of the finding before it; to one that names no group of children, the group
its section heading names (cue "context:the finding before" or "context:its section heading").
`tag_cohorts(text)` does the same as `tag_themes` for the cohort facet. Pure functions.
"""

from __future__ import annotations

import functools
import re

from trajectories.domain import ThemeTag
from trajectories.themes.alternation import _alternation, _branches, _compile, _first_letter
from trajectories.themes.cues import _ACRONYMS, _COHORTS, _CUES, _EXCLUSIONS
from trajectories.themes.vocabulary import THEMES

_CUE_RE = _compile(_CUES)
_ACRONYM_RE = {k: re.compile("|".join(v)) for k, v in _ACRONYMS.items()}
# Every acronym is a whole word, so one scan for any of them finds each theme's first one.
_ANY_ACRONYM = re.compile("|".join(c for cues in _ACRONYMS.values() for c in cues))
# The two characters every acronym begins with (each pattern opens with two literal ones): a text
# holding none of them needs no scan, which is most findings (tests/test_tagger.py checks the two).
_ACRONYM_STARTS = frozenset(c.removeprefix(r"\b")[:2] for cues in _ACRONYMS.values() for c in cues)
_EXCLUDE_RE = _compile(_EXCLUSIONS)
# One scan finds every word start where any theme's cue begins; each theme is then tried only
# there (anchored), instead of scanning the text once per theme.
_ANY_CUE = _alternation([c for cues in _CUES.values() for c in cues])
_ANCHORED = {k: _alternation(v) for k, v in _CUES.items()}

# For each first letter, the themes that have a cue which may start with it (in taxonomy order).
_BY_LETTER: dict[str, list[tuple[str, re.Pattern]]] = {}
for _letter in "abcdefghijklmnopqrstuvwxyz0123456789'-":
    _BY_LETTER[_letter] = [
        (k, _ANCHORED[k])
        for k, v in _CUES.items()
        if any(_first_letter(b) in (None, _letter) for c in v for b in _branches(c))
    ]
_META = frozenset("\\.^$*+?{}[]|()")


_LOOKBEHIND = re.compile(r"\(\?<!(?:[^()\\]|\\.)*\)")
_OPTIONAL_WORDS = re.compile(r"\(\?:([a-z' |]+)\)\?")


def _prefixes(branch: str) -> set[str]:
    """Up to three characters each match of `branch` (one alternative, see `_branches`) may begin
    with, read off its literal start: a set of them when it opens with negative lookbehinds (which
    only narrow it) or an optional group of plain words; {""} when its pattern opens otherwise."""
    while True:
        if branch.startswith(r"\b"):
            branch = branch[2:]
        elif m := _LOOKBEHIND.match(branch):
            branch = branch[m.end() :]
        else:
            break
    if m := _OPTIONAL_WORDS.match(branch):
        rest = branch[m.end() :]
        return {p for w in m.group(1).split("|") for p in _prefixes(w + rest)} | _prefixes(rest)
    out = ""
    for i, ch in enumerate(branch[:3]):
        if ch in _META or branch[i + 1 : i + 2] in ("?", "*", "{"):
            break
        out += ch
    return {out}


_PREFIXES = {k: {p for c in v for b in _branches(c) for p in _prefixes(b)} for k, v in _CUES.items()}


@functools.lru_cache(maxsize=8192)  # keyed by three characters of text
def _candidates(key: str) -> tuple[tuple[str, re.Pattern], ...]:
    """The themes (as `_BY_LETTER`) that have a cue which may start with `key`, the text's next
    three characters: most word starts leave one or two of the dozen a first letter leaves."""
    return tuple(
        (k, p)
        for k, p in _BY_LETTER.get(key[0], _ANCHORED.items())
        if any(pre[: len(key)] == key[: len(pre)] for pre in _PREFIXES[k])
    )


_COHORT_RE = {k: re.compile("|".join(v), re.IGNORECASE if k != "uasc" else 0) for k, v in _COHORTS.items()}
# Every cohort cue contains one of these word stems (lower case); most findings contain none.
_COHORT_STEMS = (
    "disab",
    "carer",
    "unaccompanied",
    "asylum",
    "homeless",
    "privat",
    "missing",
    "educat",
    "exploit",
    "familial",
    "unregistered",
    "unregulated",
    "parents",
)


_WORD_START = re.compile(r"(?<=\s)\S")


# A framework cross-reference after a bullet ("(enabler 2, leaders drive conditions for effective
# practice)") names no theme of the finding.
_FRAMEWORK_REF = re.compile(r"\((?:enabler|outcome)s?\b[^)]*\)", re.IGNORECASE)


def tag_themes(text: str) -> list[ThemeTag]:
    """Every theme whose cue appears in `text`, in taxonomy order, with the words that fired."""
    text = text.replace("’", "'")
    if "(" in text:
        text = _FRAMEWORK_REF.sub(lambda m: " " * len(m.group(0)), text)
    lower = text.lower()
    found: dict[str, str] = {}
    excluded: dict[str, list[tuple[int, int]]] = {}

    def try_at(at: int) -> None:
        for theme, pattern in _candidates(lower[at : at + 3]):
            if theme in found:
                continue
            m = pattern.match(lower, at)
            if not m:
                continue
            if theme in _EXCLUDE_RE:
                if theme not in excluded:
                    excluded[theme] = [(x.start(), x.end()) for x in _EXCLUDE_RE[theme].finditer(lower)]
                if any(a <= at < b for a, b in excluded[theme]):
                    continue
            found[theme] = m.group(0)

    for hit in _ANY_CUE.finditer(lower):
        try_at(hit.start())
        # Another theme's cue may begin at a later word inside this match.
        for inner in _WORD_START.finditer(lower, hit.start() + 1, hit.end()):
            try_at(inner.start())
    acronyms = [m.group(0) for m in _ANY_ACRONYM.finditer(text)] if any(p in text for p in _ACRONYM_STARTS) else []
    for theme, pattern in _ACRONYM_RE.items() if acronyms else ():
        if theme not in found and (word := next((a for a in acronyms if pattern.fullmatch(a)), None)):
            found[theme] = word
    return [ThemeTag(theme, f"cue:{found[theme]}") for theme in THEMES if theme in found]


# A sentence that opens by pointing back is about what the finding before it was about.
_POINTS_BACK = re.compile(
    r"^(?:(?:However|Also|In addition|As a result|Consequently),? )?(?:This|These|It|Such|They|Their|Those)\b"
)
FROM_BEFORE = "context:the finding before"
FROM_SECTION = "context:its section heading"
# The themes that name a group of children; a judgement heading naming one of them ("The experiences and
# progress of children in care: good") says which group the findings under it are about.
_GROUPS = frozenset(("children_in_care_permanence", "care_leavers", "early_help_prevention"))
_SECTION_GROUP = (
    ("care_leavers", re.compile(r"care leavers?|leaving care|care[- ]experienced", re.IGNORECASE)),
    ("children_in_care_permanence", re.compile(r"children in care|looked[- ]after|adoption|permanence", re.IGNORECASE)),
)


@functools.lru_cache(maxsize=4096)
def section_group(section: str) -> str | None:
    """The one group of children a section heading names, or None (none, or more than one)."""
    named = [theme for theme, rx in _SECTION_GROUP if rx.search(section)]
    return named[0] if len(named) == 1 else None


def themes_in_context(text: str, section: str, own: list[ThemeTag], before: list[ThemeTag]) -> list[ThemeTag]:
    """`own`, plus what the finding's context says it is about. A finding that opens by pointing back takes
    every theme of the finding `before` it when it names none itself, else that finding's theme when it had
    exactly one. A finding that then names no group of children takes the group its section heading names."""
    back = before and (not own or len(before) == 1) and _POINTS_BACK.match(text)
    group = section_group(section) if section else None
    if not back and (group is None or any(t.theme in _GROUPS for t in own)):
        return own  # most findings: nothing to add, nothing built
    tags = {t.theme: t.cue for t in own}
    if back:
        for t in before:
            tags.setdefault(t.theme, FROM_BEFORE)
    if group and not any(g in tags for g in _GROUPS):
        tags[group] = FROM_SECTION
    if len(tags) == len(own):
        return own
    return [ThemeTag(theme, tags[theme]) for theme in THEMES if theme in tags]


def tag_cohorts(text: str) -> list[ThemeTag]:
    lower = text.lower()
    if "UASC" not in text and not any(stem in lower for stem in _COHORT_STEMS):
        return []
    return [ThemeTag(c, f"cue:{m.group(0).lower()}") for c, rx in _COHORT_RE.items() if (m := rx.search(text))]

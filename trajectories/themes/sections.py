"""Section headings -> the polarity they give every finding under them (docs/domain-rules.md §5.1 rule 1).

Contract: `section_polarity(section)` is strength, concern or action required when the heading names
exactly one of them (`STRENGTH_SECTIONS`, `CONCERN_SECTIONS`, `ACTION_SECTIONS`), else None.
"""

from __future__ import annotations

import functools
import re

from trajectories.domain import Polarity

# Section headings that decide a finding's polarity before its words do (docs/domain-rules.md §5.1 rule 1), in
# the forms Ofsted, CIW and the Care Inspectorate print them. "Areas of improvement identified" lists
# what got better; "Areas requiring improvement" lists what must: opposites, and both are here.
ACTION_SECTIONS = re.compile(
    r"what needs to (?:improve|happen|change)|what (?:does )?(?:the local authority|the council|the lscb|"
    r"the partnership|it) "
    r"(?:needs?|should)(?: to)? (?:improve|do)|priorit(?:y|ies) (?:areas? )?for (?:improvement|action|development)|"
    r"priority and immediate action|(?:key |priority |main )?areas? for (?:further )?(?:improvement|development|"
    r"priority action|action)|"
    r"areas? (?:requiring|that requires?|which requires?|needing|that needs?|in need of) (?:further |urgent |"
    r"significant )?"
    r"(?:improvement|development|attention|action|strengthening)|points? for (?:improvement|action|development)|"
    r"\brecommendations?\b|\bpriority actions?\b|improvements? (?:needed|required)|(?:must|should) improve",
    re.IGNORECASE,
)
STRENGTH_SECTIONS = re.compile(
    r"\bstrengths?\b(?!-)|areas? of (?:strength|good practice|improvement|progress)(?! (?:needed|required))|"
    r"what(?:'s|’s| is| was| has been) (?:working|going) well|positive (?:feedback|aspects?|findings|features|"
    r"practice)|"
    r"\bgood practice\b|improvements? (?:made|achieved|seen|noted|identified)|\b(?:is|are) (?:good|"
    r"outstanding) because\b",
    re.IGNORECASE,
)
CONCERN_SECTIONS = re.compile(
    r"\bweakness(?:es)?\b|areas? of (?:serious |significant |particular )?concern|"
    r"^\W*(?:key |main |serious |significant |other )?concerns?\b|where (?:we|inspectors) (?:have|had|found|"
    r"identified) "
    r"(?:serious |significant )?concerns|what(?:'s|’s| is| was)(?: not|n't|n’t) working|\bshortcomings\b|"
    r"\brequires? improvement(?: to be good)? because\b|\b(?:is|are) inadequate because\b|"
    r"\bnot (?:yet )?good because\b",
    re.IGNORECASE,
)


@functools.lru_cache(maxsize=4096)
def section_polarity(section: str) -> Polarity | None:
    """The polarity a section heading gives every finding under it, or None when the heading decides
    nothing (a judgement area, "Main findings") or names both sides ("Strengths and areas for
    improvement"). A document has few headings; each is read once."""
    if not section:
        return None
    strength = bool(STRENGTH_SECTIONS.search(section))
    action = bool(ACTION_SECTIONS.search(section))
    concern = bool(CONCERN_SECTIONS.search(section))
    if strength + action + concern != 1:
        return None
    return Polarity.STRENGTH if strength else Polarity.ACTION_REQUIRED if action else Polarity.CONCERN

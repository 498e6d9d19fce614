"""The Care Inspectorate's (Scotland) pages about services for children in a council area.

Reads the inspectorate's news and report pages and council papers that quote them: joint
inspections of services for children and young people (2012-17), of services to protect children
and of children in need of care and protection (2018-20), of children and young people at risk of
harm (from 2021), progress reviews and thematic inspections. A text is the Care Inspectorate's when
it names it (or its predecessors, SCSWIS and HMIE) or names a Scottish council area with the words
of these inspections; Ofsted never inspects a Scottish council. Grades are read on the six-point
scale as the inspectorate gives them: one quality indicator ("graded … as 'Good'") or counts of
evaluations ("one evaluation of very good, three evaluations of good and two evaluations of
satisfactory"; older "satisfactory" is today's "adequate"), always for the partnership and mapped
as approximate (docs/domain-rules.md §2.2). The parts of the page are read by `loaders.page_text`.
"""

from __future__ import annotations

import re

from loaders import page_text
from trajectories.domain import Inspectorate, Nation, ParsedDocument, Source
from trajectories.text import may_contain

NAME = "ci_scotland"

_NAMED = re.compile(
    r"Care Inspectorate(?! Wales)|\bSCSWIS\b|Social Care and Social Work Improvement Scotland|"
    r"\bHMIE\b|HM Inspectorate of Education",
    re.I,
)
_CI_WORDS = re.compile(
    r"joint inspection of services (?:for|to protect) children|services to protect children|"
    r"protection of children and young people|"
    r"progress review|children and young people at risk of harm|children at risk of harm|"
    r"community planning partnership|"
    r"compulsory supervision orders|in need of care and protection|quality indicators?",
    re.I,
)

# Words one of which every match of _NAMED or _CI_WORDS contains (any case): most texts hold none.
_NAMED_WORDS = ("inspectorate", "scswis", "hmie", "improvement scotland")
_CI_WORDS_WORDS = (
    "services for children",
    "services to protect children",
    "of children and young people",
    "progress review",
    "at risk of harm",
    "community planning",
    "supervision order",
    "care and protection",
    "quality indicator",
)

EVENT_TYPES: tuple[tuple[str, str], ...] = (
    (r"progress review|progress report", "ci_progress_review"),
    (r"compulsory supervision orders|thematic", "ci_thematic"),
    (r"joint inspection|inspection of services|inspection report|inspection", "ci_joint_inspection_children"),
)
FRAMEWORKS: tuple[tuple[str, str], ...] = (
    (r"at risk of harm", "ci_scot_at_risk_2021"),
    (r"in need of care and protection|care and protection", "ci_scot_care_protection_2018"),
    (r"services for children and young people", "ci_scot_jicyp_2012"),
)
PROFILE = page_text.Profile(
    NAME, Inspectorate.CI_SCOT, Nation.SCOTLAND, EVENT_TYPES, "ci_joint_inspection_children", "ci6", FRAMEWORKS
)


def sniff(text: str) -> float:
    head = text[:6000]
    if not may_contain(head, _NAMED_WORDS + _CI_WORDS_WORDS):
        return 0.0
    named, words = bool(_NAMED.search(head)), bool(_CI_WORDS.search(head))
    if not (named or words):
        return 0.0
    if not page_text.authorities_named(head, "", Nation.SCOTLAND):
        return 0.0
    score = 0.4 + (0.3 if named else 0.0) + (0.3 if words else 0.0)
    if re.search(r"\bOfsted\b", head) and not named:
        score -= 0.5
    return max(0.0, min(0.95, score))


def parse(text: str, source: Source) -> list[ParsedDocument]:
    return page_text.read_page(text, source, PROFILE)

"""Phrases -> normalised level, direction of travel and regulatory status (docs/domain-rules.md §2).

Contract:
- `level_for(phrase, scale)` maps one judgement phrase, as written, to a `Level` on the 1-4
  axis (higher is better) with its interval, mapping quality and rule id; None when the phrase
  is not a grade on that scale. The longest matching phrase wins ("requires improvement to be
  good" beats "good"). On the six-point scale, counts of evaluations ("one evaluation of very
  good and five evaluations of good", `grade_counts`) give one approximate level: the median
  evaluation, its interval from the lowest to the highest (`level_from_counts`).
- `directions_in(sentence)` finds direction-of-travel signals (-2..+2) in one sentence; the
  most specific (longest, negative-first) pattern wins and hedges ("too early", "fragile",
  "not yet", "but serious concerns remain", "in certain areas") damp a positive value to at most
  +1; a governing negation turns a positive phrase to -1 and a negative one to 0 ("no aspects of
  practice have deteriorated", "has not declined"); "not yet improved" is 0; "a mixed picture" is
  the verdict (0) whatever progress and concerns it lists; a positive phrase saying what is still
  required ("significant improvement … was required") is no signal.
- `statuses_in(sentence)` finds regulatory status signals (priority action, notices,
  commissioner, CIW concerns, monitoring).
All three are pure and are re-run by `rebuild` on the stored raw phrases.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from trajectories.domain import Level, MappingQuality, Status
from trajectories.text import normalise_phrase

EXACT, APPROX, NARRATIVE = MappingQuality.EXACT, MappingQuality.APPROXIMATE, MappingQuality.NARRATIVE_INFERRED

# scale -> [(regex on the normalised phrase, point, low, high, quality, native value)], longest first.
_LEVELS: dict[str, list[tuple[str, float, float, float, MappingQuality, str]]] = {
    "ofsted": [
        (r"requires? improvement(?: to be good)?", 2, 2, 2, EXACT, "ofsted4:RI"),
        (r"not yet good", 2, 2, 2, EXACT, "ofsted4:RI"),
        (r"serious weaknesses", 1, 1, 1, EXACT, "ofsted4:inadequate"),
        (r"outstanding", 4, 4, 4, EXACT, "ofsted4:outstanding"),
        (r"inadequate", 1, 1, 1, EXACT, "ofsted4:inadequate"),
        (r"adequate", 2, 2, 2, APPROX, "ofsted_pre_sif:adequate"),
        (r"good", 3, 3, 3, EXACT, "ofsted4:good"),
    ],
    "ciw": [
        (r"services? requiring significant improvement", 1.5, 1, 2, NARRATIVE, "ciw:srsi"),
        (r"inadequate with early indicators of improvement", 1, 1, 1, NARRATIVE, "ciw:inadequate"),
        (r"inadequate", 1, 1, 1, NARRATIVE, "ciw:inadequate"),
    ],
    "ci6": [
        (r"unsatisfactory", 1, 1, 1, APPROX, "ci6:1"),
        (r"very good", 3.5, 3, 4, APPROX, "ci6:5"),
        (r"excellent", 4, 4, 4, APPROX, "ci6:6"),
        (r"adequate", 2, 2, 2, APPROX, "ci6:3"),
        (r"satisfactory", 2, 2, 2, APPROX, "ci6:3"),  # the older name of the third point
        (r"weak", 1.5, 1, 2, APPROX, "ci6:2"),
        (r"good", 3, 3, 3, APPROX, "ci6:4"),
    ],
}
_CI6_NUMBERS = {6: "excellent", 5: "very good", 4: "good", 3: "adequate", 2: "weak", 1: "unsatisfactory"}
_COMPILED = {
    scale: [(re.compile(rf"\b{p}\b"), *rest) for p, *rest in sorted(rows, key=lambda r: -len(r[0]))]
    for scale, rows in _LEVELS.items()
}


def level_for(phrase: str, scale: str = "ofsted") -> Level | None:
    """One judgement phrase on a named scale ("ofsted", "ciw", "ci6") -> Level, or None."""
    text = normalise_phrase(phrase)
    if scale == "ci6" and grade_counts(phrase):  # "one evaluation of very good and five evaluations of good"
        return level_from_counts(grade_counts(phrase)[1])
    if scale == "ci6" and text.isdigit() and int(text) in _CI6_NUMBERS:
        text = _CI6_NUMBERS[int(text)]
    if re.search(r"\b(no longer|not)\s+(be\s+)?(inadequate|outstanding)\b", text):
        return None  # "no longer inadequate" is a direction, not a grade
    for pattern, point, low, high, quality, native in _COMPILED[scale]:
        if pattern.search(text):
            return Level(float(point), float(low), float(high), quality, native, f"{scale}:{pattern.pattern}")
    return None


_GRADE_WORD = r"excellent|very good|good|adequate|satisfactory|weak|unsatisfactory"
_NUMBER = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10}
_COUNT = re.compile(
    rf"\b(?P<n>\d{{1,2}}|one|two|three|four|five|six|seven|eight|nine|ten)\s+(?:evaluations?\s+(?:of|as)\s+|(?:were|"
    rf"was)?\s*"
    rf"(?:found|judged|evaluated|graded)\s+(?:to\s+be\s+|as\s+)?|"
    rf"(?:to\s+be\s+)?)[‘'\"“]?(?P<g>{_GRADE_WORD})\b[’'\"”,.]?",
    re.I,
)


def grade_counts(sentence: str) -> tuple[str, dict[str, int]] | None:
    """'given one evaluation of very good, three evaluations of good and two evaluations of satisfactory',
    'six were found to be ‘good’ and three ‘adequate’' -> (phrase as written, {grade word: count})."""
    text = sentence.translate(str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"'}))
    matches = list(_COUNT.finditer(text))
    if len(matches) < 2 and not re.search(
        r"\bevaluations?\b|\bquality indicators?\b|\bindicators? of performance\b|"
        r"\bwere found to be\b|\bfound (?:one|two|three|\d) to be\b",
        text,
        re.I,
    ):
        return None
    counts: dict[str, int] = {}
    for m in matches:
        n = int(m["n"]) if m["n"].isdigit() else _NUMBER[m["n"].lower()]
        grade = m["g"].lower()
        counts[grade] = counts.get(grade, 0) + n
    if not counts or sum(counts.values()) < 2:
        return None
    return sentence[matches[0].start() : matches[-1].end()].strip(" ,.'’"), counts


def level_from_counts(counts: dict[str, int]) -> Level | None:
    """Counts of evaluations on the six-point scale ({"very good": 1, "good": 3, "satisfactory": 2})
    -> one approximate level for the partnership: the interval spans the lowest to the highest
    evaluation, the point is the median evaluation (never a grade the inspectorate did not give)."""
    points = []
    natives = []
    for word, n in counts.items():
        lv = level_for(word, "ci6")
        if lv is None or n <= 0:
            continue
        points.extend([lv] * n)
        natives.append(f"{lv.scale_value.split(':')[-1]}x{n}")
    if not points:
        return None
    points.sort(key=lambda lv: lv.point)
    median = points[(len(points) - 1) // 2]
    return Level(
        median.point, points[0].low, points[-1].high, APPROX, "ci6:" + " ".join(natives), "ci6:median of evaluations"
    )


@dataclass(frozen=True)
class Match:
    raw_phrase: str
    value: int | Status
    rule: str
    start: int
    end: int


# (rule id, direction, regex). Order matters only for ties; the longest match wins overall.
_DIRECTION_RULES: list[tuple[str, int, str]] = [
    ("dir.escalated_concerns", -2, r"concerns? (?:have|has) escalated from serious to significant"),
    ("dir.deteriorated", -2, r"(?:has|have|had) (?:rapidly |significantly |further )?deteriorated"),
    ("dir.declined", -2, r"(?:has|have|had) (?:subsequently |further |significantly )?declined(?: since)?"),
    ("dir.deterioration", -2, r"(?:has|have) been an? (?:marked |significant |further |serious )?deterioration"),
    ("dir.serious_concern_pace", -2, r"serious concern about the slow pace of (?:change|improvement)"),
    ("dir.serious_weaknesses_remain", -2, r"serious weaknesses (?:remain|persist)"),
    (
        "dir.raised_concern",
        -1,
        r"raised (?:their|its|our|the) (?:level of )?concerns?[^.;]{0,60}? from serious to significant",
    ),
    (
        "dir.not_deteriorated",
        0,
        r"(?:has|have|had) not (?:significantly |further )?(?:deteriorated|declined)|"
        r"(?:has|have) been no (?:\w+ )?(?:deterioration|decline)",
    ),
    (
        "dir.not_improved",
        -1,
        r"(?:has|have|had) not (?:improved|made (?:any )?progress)(?! (?:children|the lives|their|his|her))|"
        r"(?:has|have) not (?:led to|resulted in|delivered) (?:sufficient |enough |any )?improvements?|"
        r"(?:is|are) not (?:yet )?(?:consistently )?(?:driving|delivering|leading to) improvements?|"
        r"not enough has been done to improve|(?:is|are) not (?:yet )?improving the (?:quality|timeliness)|"
        r"improvements?[^.;]{0,80}? (?:has|have|had) not progressed(?: sufficiently| enough| quickly enough)?",
    ),
    ("dir.not_yet_improved", -1, r"(?:has|have|had) not yet (?:improved|made (?:sufficient |enough )?progress)"),
    ("dir.prospects_uncertain", 0, r"prospects for improvement (?:remain|are|were) uncertain"),
    ("dir.remains_the_same", 0, r"(?:overall )?judgement[^.;]{0,60}? remains? the same"),
    ("dir.insufficient_progress", -1, r"insufficient progress(?: (?:has|had) been made)?"),
    (
        "dir.pace_insufficient",
        -1,
        r"pace of (?:change|improvement|these improvements)[^.;]{0,30}(?:insufficient|(?:too|very) slow|slow)",
    ),
    ("dir.slow_pace", -1, r"(?:slow|limited) pace of (?:change|improvement)"),
    ("dir.too_slow", -1, r"(?:inconsistent and )?too slow(?: in delivering improvements)?"),
    (
        "dir.improvement_slow",
        -1,
        r"(?:improvement|progress)[^.;]{0,80}? (?:has|have) been (?:very |too |extremely )?slow|(?:has|"
        r"have) been slow to improve|progress (?:remains|is|was) (?:too |very )?slow",
    ),
    (
        "dir.pace_hindered",
        -1,
        r"(?:slowed|hindered|hampered|impeded|impacted on) the (?:overall )?pace of (?:change|improvement|progress)|"
        r"pace of (?:change|improvement|progress) has been (?:hampered|hindered|impeded)",
    ),
    (
        "dir.pace_concern",
        -1,
        r"pace of (?:change|improvement) (?:has been|is|remains) a (?:recurrent |continuing |"
        r"significant )?cause (?:for|of) concern",
    ),
    (
        "dir.not_sufficient",
        -1,
        r"pace of (?:change|improvement)[^.;]{0,60}? (?:has|have) not been sufficient|(?:has|"
        r"have) not improved (?:as quickly as|quickly enough|sufficiently|enough)|(?:is|are) not improving (?:quickly|"
        r"fast) enough|sufficient (?:improvement|progress) has not been (?:made|realised|achieved)",
    ),
    (
        "dir.little_progress",
        -1,
        r"(?:little|limited|not made enough|not made sufficient) progress(?: (?:has|had) been made)?",
    ),
    ("dir.not_sustained", -1, r"(?:has|have) not been (?:sustained|maintained)"),
    (
        "dir.mixed_picture",
        0,
        r"(?:a )?mixed picture(?: of progress)?(?=[^.;]*?\b(?:improv|progress))|"
        r"progress (?:is|was|remains) a mixed picture|mixed picture of progress",
    ),
    (
        "dir.fragile",
        0,
        r"(?:improvements?|progress)(?: \w+){0,4}? (?:is|are|remains?|was|were) (?:still )?(?:modest but )?fragile|"
        r"(?:modest but )?fragile (?:improvements?|progress)|(?:modest but )?fragile"
        r"(?=[^.;]{0,60}\b(?:improv|progress))",
    ),
    ("dir.too_early", 0, r"too early to (?:evidence|see|assess|judge|say)"),
    ("dir.some_progress_discrete", 0, r"some progress[^.;]{0,40}in some discrete areas"),
    ("dir.much_more_recent", 0, r"improvements are (?:much )?more recent"),
    ("dir.very_encouraging_progress", 2, r"very encouraging progress(?: (?:has|had) been made)?"),
    (
        "dir.significant_progress",
        2,
        r"(?:significant|strong|considerable|substantial|rapid|impressive|very encouraging) progress"
        r"(?: (?:has|had) been (?:made|achieved))?",
    ),
    ("dir.improved_significantly", 2, r"(?:improved|strengthened) (?:significantly|considerably|substantially)"),
    ("dir.significant_improvement", 2, r"significant improvements? (?:in|across|to|achieved|made)"),
    (
        "dir.significant_improvements_made",
        2,
        r"(?:significant|marked|substantial|considerable)(?: and \w+)? improvements? (?:have been (?:made|achieved|"
        r"secured)|since)|(?:resulted in|secured|achieved|made) (?:significant|marked|substantial|"
        r"considerable) improvements?|(?:has|have) (?:substantially|significantly|considerably|markedly) improved",
    ),
    ("dir.no_longer_inadequate", 1, r"(?:are|is) no longer inadequate"),
    ("dir.continuing_to_make_improvements", 1, r"continu(?:ing|es) to make (?:the )?improvements?(?: required)?"),
    ("dir.early_indicators", 1, r"early indicators of improvement"),
    ("dir.making_progress", 1, r"(?:is|are|has been|have been) making (?:steady |good |some )?progress"),
    ("dir.made_progress", 1, r"(?:has|have) made (?:steady |good |some |purposeful )?progress"),
    ("dir.purposeful_progress", 1, r"purposeful and (?:well-)?targeted progress"),
    (
        "dir.progress_made",
        1,
        r"(?:steady|good|positive|encouraging|tangible|continued|clear|demonstrable) progress (?:is being|has been|is|"
        r"was) (?:made|evident|seen|achieved)|^progress (?:is|has been) (?:evident|made)|there has been (?:an? |"
        r"continued |further |steady |clear )?(?:improvement|progress)|has driven progress",
    ),
    ("dir.made_improvements", 1, r"(?:has|have|had) made (?:some |good |clear |key )?improvements?"),
    (
        "dir.reported_improvements",
        1,
        r"(?:reported|found|noted|identified|recognised) (?:some |further |clear |notable )?improvements? (?:in|to|"
        r"since)",
    ),
    (
        "dir.positive_progress",
        1,
        r"(?:showed|shows|show|demonstrated|made|making) (?:positive|good|steady|clear) progress|"
        r"progress (?:has|had) been made|huge strides",
    ),
    ("dir.lives_improving", 1, r"(?:lives|life chances|outcomes)[^.;]{0,80}? (?:are|were) (?:steadily )?improving"),
    (
        "dir.has_improved",
        1,
        r"(?:has|have) (?:continued to |started to |begun to )?(?:improved?|strengthened)(?: and (?:improved|"
        r"strengthened))?\b|(?:has|have) been (?:strengthened|improved)(?: and (?:improved|strengthened))?",
    ),
    ("dir.steadily_improving", 1, r"(?:is|are) (?:steadily|continuing to|consistently|continually) improv(?:ing|e)\b"),
    ("dir.progress_evident", 1, r"progress has been evident"),
    ("dir.journey_of_improvement", 1, r"(?:positive |firmly on a )?journey of improvement"),
    ("dir.improvements_found", 1, r"have found improvements"),
]
_ONE_TO_ONE = str.maketrans(
    {
        "’": "'",
        "‘": "'",
        "“": '"',
        "”": '"',
        "–": "-",
        "—": "-",
        "\n": " ",
        "\t": " ",
        "\r": " ",
        "\f": " ",
        "\u00a0": " ",
    }
)


def _rx(pattern: str) -> re.Pattern:
    """A lexicon pattern matched case-insensitively, any run of white space standing for a space."""
    return re.compile(pattern.replace(" ", r"\s+"), re.IGNORECASE)


def _matchable(sentence: str) -> str:
    """Same length as `sentence` (so spans map back to the words as written), quotes unified."""
    return sentence.translate(_ONE_TO_ONE)


_DIRECTION_COMPILED = [(rule, value, _rx(rx)) for rule, value, rx in _DIRECTION_RULES]
# Hedges that damp a positive signal to 0 when they govern the same sentence.
_HEDGE = re.compile(
    r"\b(?:too early to|not yet (?:evident|embedded|sustained)|fragile|much more recent|concerns remain|"
    r"serious concerns|in certain areas|in some areas|finely balanced|in the way|still required|"
    r"impeding the pace|(?:slow|slower) pace)\b"
)
# A positive phrase stating what is still required ("significant improvement in services was required") is no signal.
_EXPECTED = re.compile(r"^[^.;]{0,30}?\b(?:was|were|is|are|be) (?:required|needed|expected)\b")
_HEDGE_RULES = {"dir.fragile", "dir.too_early", "dir.some_progress_discrete", "dir.much_more_recent"}
_NEG_HEDGE = re.compile(r"\b(?:too early to|not yet (?:clear|known|evident)|whether|may have|might have)\b")
# Progress made by children or families ("young people are making good progress") is theirs, not the
# service's direction of travel; these rules read it only when the service is the subject.
_PROGRESS_RULES = {
    "dir.not_improved",
    "dir.making_progress",
    "dir.made_progress",
    "dir.progress_made",
    "dir.positive_progress",
    "dir.significant_progress",
    "dir.insufficient_progress",
    "dir.little_progress",
}
_CHILD_SUBJECT = re.compile(
    r"\b(?:children|child|young people|families|pupils|care leavers|parents|carers|babies|they)\b"
)
_SERVICE_SUBJECT = re.compile(
    r"\b(?:local authority|council|leaders?|managers?|services?|partnership|board|authority|lscb|"
    r"practice|areas?|there (?:has|have) been)\b"
)
_NEGATED = re.compile(r"\b(?:not|no|nor|never)\b[^.;,]{0,25}$")
# "Monitoring visits do not result in inspection judgements" and generic descriptions are not signals.
_NOT_A_SIGNAL = re.compile(r"do not result in inspection judgements|what the inspection judgements mean")


def _match_all(sentence: str, rules) -> list[Match]:
    """Every rule's matches in `sentence`; raw_phrase is the words exactly as written there."""
    text = _matchable(sentence)
    matches = []
    for rule, value, pattern in rules:
        for m in pattern.finditer(text):
            matches.append(Match(sentence[m.start() : m.end()], value, rule, m.start(), m.end()))
    # Keep the longest of overlapping matches (most specific phrase wins).
    matches.sort(key=lambda m: (-(m.end - m.start), m.start))
    kept: list[Match] = []
    for m in matches:
        if all(m.end <= k.start or m.start >= k.end for k in kept):
            kept.append(m)
    kept.sort(key=lambda m: m.start)
    return kept


# Every direction rule contains one of these stems; a sentence with none is skipped at once.
_DIRECTION_STEMS = (
    "progress",
    "improv",
    "deteriorat",
    "declin",
    "pace",
    "slow",
    "inadequate",
    "concern",
    "journey",
    "sustain",
    "fragile",
    "early",
    "mixed",
    "recent",
    "weakness",
    "strength",
    "escalat",
    "deteriorat",
)
_STATUS_STEMS = (
    "priority",
    "notice",
    "commissioner",
    "concern",
    "board",
    "monitoring",
    "direction",
    "significant improvement",
)


def limits(sentence: str) -> bool:
    """Whether a sentence limits what is said beside it ("serious concerns remain", "too early to")."""
    return bool(_HEDGE.search(_matchable(sentence).lower()))


def directions_in(sentence: str) -> list[Match]:
    """Direction signals in one sentence, damped by hedges and flipped by a governing negation."""
    text = _matchable(sentence).lower()
    if not any(stem in text for stem in _DIRECTION_STEMS) or _NOT_A_SIGNAL.search(text):
        return []
    out = []
    for m in _match_all(sentence, _DIRECTION_COMPILED):
        value = int(m.value)
        rule = m.rule
        before = text[max(0, m.start - 40) : m.start]
        if value > 0 and _EXPECTED.search(text[m.end :]):
            continue
        clause = re.split(r"[;:]", text[max(0, m.start - 80) : m.start])[-1]
        if m.rule in _PROGRESS_RULES and _CHILD_SUBJECT.search(clause) and not _SERVICE_SUBJECT.search(clause):
            continue
        if _NEGATED.search(before) and value > 0:
            value, rule = -1, rule + "+negated"
        elif _NEGATED.search(before) and value < 0:  # "no aspects of practice have deteriorated"
            value, rule = 0, rule + "+negated"
        out.append(Match(m.raw_phrase, value, rule, m.start, m.end))
    # "no aspects of practice have deteriorated" beside progress only confirms it: not a second signal.
    if any(m.rule.endswith("+negated") and m.value == 0 for m in out) and any(m.value != 0 for m in out):
        out = [m for m in out if not (m.rule.endswith("+negated") and m.value == 0)]
    # "A mixed picture" is the verdict: the progress and the concerns beside it are its parts.
    mixed = [m for m in out if m.rule.startswith("dir.mixed_picture")]
    if mixed:
        return mixed[:1]
    # A hedge in the same sentence ("too early to", "fragile", "much more recent") damps a positive
    # signal: strong progress becomes progress, and the hedge itself is not a second signal.
    positives = [m for m in out if m.value > 0 and m.rule != "dir.no_longer_inadequate"]
    hedges = [m for m in out if m.value == 0 and not m.rule.endswith("+negated") and m.rule in _HEDGE_RULES]
    if positives and (hedges or _HEDGE.search(text)):
        damped = [Match(m.raw_phrase, min(int(m.value), 1), m.rule + "+hedged", m.start, m.end) for m in positives]
        out = [m for m in out if m not in positives and m not in hedges] + damped
        out.sort(key=lambda m: m.start)
    # The same hedges damp a negative phrase: "too early to say whether practice has deteriorated".
    negatives = [m for m in out if m.value < -1]
    if negatives and _NEG_HEDGE.search(text):
        out = [m for m in out if m not in negatives and m.rule not in _HEDGE_RULES] + [
            Match(m.raw_phrase, -1, m.rule + "+hedged", m.start, m.end) for m in negatives
        ]
        out.sort(key=lambda m: m.start)
    # Within one sentence, an "overall" verdict after a concession wins ("While some progress …,
    # overall the pace … has been very slow").
    if len(out) > 1 and re.search(r"\b(?:however|but|although|while|whilst|overall)\b", text):
        main = out[-1]
        if any(other.value != main.value for other in out[:-1]) and "overall" in text[: main.start]:
            return [main]
    return out


_STATUS_RULES: list[tuple[str, Status, str]] = [
    (
        "status.priority_action",
        Status.AREAS_FOR_PRIORITY_ACTION,
        r"areas?(?:\(s\))? (?:for|of) priority action|priority and immediate action",
    ),
    ("status.improvement_notice", Status.DFE_IMPROVEMENT_NOTICE, r"improvement notice"),
    ("status.statutory_direction", Status.DFE_DIRECTION, r"statutory direction"),
    (
        "status.commissioner",
        Status.COMMISSIONER,
        r"(?:appointed|appointment of) (?:a |the )?(?:children's services )?commissioner|commissioner (?:for|"
        r"of) children's services",
    ),
    (
        "status.ciw_significant",
        Status.CIW_SIGNIFICANT_CONCERNS,
        r"(?:escalated from serious to significant|"
        r"from serious to significant|significant concerns)",
    ),
    (
        "status.ciw_serious",
        Status.CIW_SERIOUS_CONCERNS,
        r"serious concerns (?:were|have been) identified|(?:continue to )?have "
        r"serious concerns|serious concerns (?:remain|continue)|areas of serious concern",
    ),
    ("status.ciw_srsi", Status.CIW_SRSI, r"services? requiring significant improvement"),
    ("status.warning_notice", Status.WELSH_GOV_WARNING_NOTICE, r"warning notice"),
    ("status.improvement_board", Status.IMPROVEMENT_BOARD, r"(?:accelerated )?improvement (?:and assurance )?board"),
    (
        "status.monitoring",
        Status.UNDER_OFSTED_MONITORING,
        r"(?:monitoring visits? since|subject to monitoring|\w+ monitoring visit (?:to|since))",
    ),
]
_STATUS_COMPILED = [(rule, status, _rx(rx)) for rule, status, rx in _STATUS_RULES]
_NO_STATUS = re.compile(
    r"\bno areas? (?:for|of) priority action|did not identify any areas? for priority action|"
    r"not identified any areas for priority action"
)


def statuses_in(sentence: str) -> list[Match]:
    """Regulatory status signals in one sentence (negated mentions are dropped)."""
    text = _matchable(sentence).lower()
    if not any(stem in text for stem in _STATUS_STEMS) or _NO_STATUS.search(text):
        return []
    return _match_all(sentence, _STATUS_COMPILED)

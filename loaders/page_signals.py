"""Welsh and Scottish pages' signals: direction of travel in the page's own verdict (in English and in
Welsh, a positive one damped by a limit that follows) and the Care Inspectorate's single-word grades."""

from __future__ import annotations

import re

from loaders.page_visits import Profile
from trajectories import normalise, scale
from trajectories.domain import Dimension, DirectionSignal, Judgement, MappingQuality, Span

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


def grades(sents: list[tuple[str, int, int]], profile: Profile) -> list[Judgement]:
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

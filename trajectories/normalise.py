"""Build normalised records from raw words: the one place loaders turn text into signals.

Contract: every function takes raw text as written (plus its span in the document) and returns
the domain record with the normalised value and the rule that produced it, using `scale` and
`themes`. Loaders call these and never classify text themselves, so `rebuild` re-derives the
same values from the stored raw words. `settle_directions` explains one document's contradictory
signals for one visit: the verdict stays overall, the others are about part of the service.
"""

from __future__ import annotations

import re
from dataclasses import replace

from trajectories import scale, themes
from trajectories.domain import (
    Dimension,
    DirectionSignal,
    Finding,
    Judgement,
    MappingQuality,
    Polarity,
    Span,
    StatusSignal,
)
from trajectories.text import squash


def finding(
    text: str,
    section: str,
    span: Span | None = None,
    *,
    previous: Finding | None = None,
    principle: str | None = None,
    para_no: str | None = None,
    force_action: bool = False,
) -> Finding:
    """One finding: polarity (section, modal, contrast, cues), themes and cohorts with cues."""
    text = squash(text)
    prev = (previous.polarity, previous.modality) if previous is not None else None
    pol, modality, rule = themes.polarity(text, section, prev)
    if force_action and pol != Polarity.ACTION_REQUIRED:
        pol, rule = Polarity.ACTION_REQUIRED, "section"
    return Finding(
        text=text,
        section=section,
        polarity=pol,
        polarity_rule=rule,
        # "This ..." at the head of a new section points into that section, not back across the heading.
        themes=themes.themes_in_context(
            text, section, themes.tag_themes(text), previous.themes if previous and previous.section == section else []
        ),
        cohorts=themes.tag_cohorts(text),
        modality=modality if pol == Polarity.ACTION_REQUIRED else None,
        principle=principle,
        para_no=para_no,
        span=span,
    )


def judgement(
    dimension: Dimension,
    raw_label: str,
    raw_phrase: str,
    context: str,
    scale_name: str,
    span: Span | None = None,
    subject_type: str | None = None,
) -> Judgement:
    subject = subject_type or ("lscb" if dimension == Dimension.LSCB else "local_authority")
    return Judgement(
        dimension=dimension,
        raw_label=squash(raw_label),
        raw_phrase=squash(raw_phrase),
        raw_context=squash(context),
        level=scale.level_for(raw_phrase, scale_name),
        subject_type=subject,
        span=span,
    )


def directions(
    sentence: str, span: Span | None = None, basis: str = "monitoring_letter", scope: str = "overall"
) -> list[DirectionSignal]:
    quality = MappingQuality.NARRATIVE_INFERRED if basis in ("press", "council_minute") else MappingQuality.EXACT
    return [
        DirectionSignal(
            m.raw_phrase,
            int(m.value),
            m.rule,
            scope=scope,
            basis=basis,
            quality=quality,
            raw_context=squash(sentence),
            span=span,
        )
        for m in scale.directions_in(sentence)
    ]


def statuses(sentence: str, span: Span | None = None) -> list[StatusSignal]:
    return [
        StatusSignal(m.value, m.raw_phrase, m.rule, raw_context=squash(sentence), span=span)
        for m in scale.statuses_in(sentence)
    ]


_VERDICT_CUE = re.compile(r"\b(?:overall|however|but|although|though|while|whilst|despite|nevertheless)\b", re.I)


PART_OF_SERVICE = "part of the service"


def settle_directions(signals: list[DirectionSignal]) -> tuple[list[DirectionSignal], list[str]]:
    """One document's direction signals for one visit, with contradictions explained: when overall
    signals point opposite ways, the document's verdict stays overall (the signal whose sentence weighs
    one thing against another, "however"/"overall"/"but"; else the first) and each signal pointing the
    other way is kept, with its words, as about part of the service (`scope`), with a note saying so.
    Signals that agree, and a mixed verdict (0), are left as they are."""
    notes: list[str] = []
    overall = [s for s in signals if s.scope == "overall"]
    if not (any(s.direction > 0 for s in overall) and any(s.direction < 0 for s in overall)):
        return list(signals), notes
    weighed = [s for s in overall if s.direction != 0 and _VERDICT_CUE.search(s.raw_context)]
    verdict = weighed[-1] if weighed else next(s for s in overall if s.direction != 0)
    out = []
    for s in signals:
        if s.scope == "overall" and s.direction != 0 and (s.direction > 0) != (verdict.direction > 0):
            s = replace(s, scope=PART_OF_SERVICE)
            notes.append(
                f"“{s.raw_phrase}” ({s.direction:+d}) points the other way from the verdict "
                f"“{verdict.raw_phrase}” ({verdict.direction:+d}): read as about part of the service"
            )
        out.append(s)
    return out, notes

"""Build normalised records from raw words: the one place loaders turn text into signals.

Contract: every function takes raw text as written (plus its span in the document) and returns
the domain record with the normalised value and the rule that produced it, using `scale` and
`themes`. Loaders call these and never classify text themselves, so `rebuild` re-derives the
same values from the stored raw words.
"""

from __future__ import annotations

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


def finding(text: str, section: str, span: Span | None = None, *, previous: Finding | None = None,
            principle: str | None = None, para_no: str | None = None, force_action: bool = False) -> Finding:
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
        themes=themes.tag_themes(text),
        cohorts=themes.tag_cohorts(text),
        modality=modality if pol == Polarity.ACTION_REQUIRED else None,
        principle=principle,
        para_no=para_no,
        span=span,
    )


def judgement(dimension: Dimension, raw_label: str, raw_phrase: str, context: str, scale_name: str,
              span: Span | None = None, subject_type: str | None = None) -> Judgement:
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


def directions(sentence: str, span: Span | None = None, basis: str = "monitoring_letter",
               scope: str = "overall") -> list[DirectionSignal]:
    quality = MappingQuality.NARRATIVE_INFERRED if basis in ("press", "council_minute") else MappingQuality.EXACT
    return [
        DirectionSignal(m.raw_phrase, int(m.value), m.rule, scope=scope, basis=basis, quality=quality,
                        raw_context=squash(sentence), span=span)
        for m in scale.directions_in(sentence)
    ]


def statuses(sentence: str, span: Span | None = None) -> list[StatusSignal]:
    return [StatusSignal(m.value, m.raw_phrase, m.rule, raw_context=squash(sentence), span=span)
            for m in scale.statuses_in(sentence)]

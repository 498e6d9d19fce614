"""Small pure helpers over extracted document text.

Contract: nothing here changes the document text; functions return new strings or
(start, end) offsets into the text they were given, so spans stay valid for provenance.
`may_contain(text, words)` is False only when no case-insensitive regex match in `text` can
contain any of `words`: a cheap test before an expensive pattern, never changing its answer.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

_QUOTES = str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"', "\u00a0": " ", "–": "-", "—": "-"})
_FOOTNOTE = re.compile(r"(?<=[a-z])\.?\d{1,2}(?=\s|$)")
BULLET_GLYPHS = "•◼▪■●◦‣∙·\uf0b7\uf0a7-*"

# Abbreviations after which a full stop does not end a sentence.
_ABBREVIATIONS = ("e.g", "i.e", "etc", "mr", "mrs", "ms", "dr", "st", "no", "cf", "vs", "approx", "para")
_SENTENCE_END = re.compile(r"[.!?][\"'’”)]*(?=\s+[\"'‘“(]?[A-Z0-9])")


# The characters that Python's case-insensitive matching equates with an ASCII letter other than
# through `str.lower` (dotted and dotless i, long s, the Kelvin sign).
_FOLDS_TO_ASCII = ("\u0130", "\u0131", "\u017f", "\u212a")


def may_contain(text: str, words: tuple[str, ...]) -> bool:
    """Whether a match of a case-insensitive pattern in `text` may contain one of `words` (lower-case
    ASCII): False only when it certainly cannot, so a pattern every match of which holds one of
    them need not run. Exact: `str.lower` agrees with the pattern's case folding on every other
    character."""
    if any(c in text for c in _FOLDS_TO_ASCII):
        return True
    lower = text.lower()
    return any(w in lower for w in words)


def squash(text: str) -> str:
    """Collapse all runs of white space (line breaks included) to one space and trim."""
    return " ".join(text.split())  # str.split and re's \s agree on what white space is


def tidy(text: str) -> str:
    """Text as a reader should see it: PDF line-break hyphens joined, white space collapsed."""
    return squash(_join_hyphens(text))


def _join_hyphens(text: str) -> str:
    # "decision-\nmaking" -> "decision-making": keep the hyphen, drop the break.
    return re.sub(r"(?<=[A-Za-z])-[ \t]*\n[ \t]*(?=[a-z])", "-", text)


def normalise_phrase(text: str) -> str:
    """The matching form of a phrase: quotes and dashes unified, footnote digits dropped,
    white space collapsed, lower case (docs/domain-rules.md §2.2)."""
    text = _join_hyphens(text).translate(_QUOTES)
    text = _FOOTNOTE.sub("", text)
    return squash(text).lower()


def strip_bullet(text: str) -> str:
    """Remove a leading bullet glyph or paragraph number ("12. ") from one item."""
    return re.sub(r"^\s*(?:[" + re.escape(BULLET_GLYPHS) + r"]+|\d{1,3}\.(?=\s))\s*", "", text)


def sentences(text: str, offset: int = 0) -> Iterator[tuple[str, int, int]]:
    """Split prose into sentences; yield (sentence as written, start, end) with absolute offsets.

    Full stops after common abbreviations ("e.g.", "St.") and inside numbers do not split.
    """
    start = 0
    for match in _SENTENCE_END.finditer(text):
        end = match.end()
        before = text[start : match.start()].rsplit(None, 1)
        last_word = before[-1].lower().rstrip(".") if before else ""
        if last_word in _ABBREVIATIONS or (len(last_word) == 1 and last_word.isalpha()):
            continue
        piece = text[start:end]
        if piece.strip():
            lead = len(piece) - len(piece.lstrip())
            yield piece.strip(), offset + start + lead, offset + start + lead + len(piece.strip())
        start = end
    piece = text[start:]
    if piece.strip():
        lead = len(piece) - len(piece.lstrip())
        yield piece.strip(), offset + start + lead, offset + start + lead + len(piece.strip())
